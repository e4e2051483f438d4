"""Editing a model (history, audit, exact tallies) and the yearly rotation of a cluster's standing unit."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.practices import actions
from antq.practices.models import ClusterHandover, PracticeModel
from antq.practices.tests.helpers import model_type, register, unit
from antq.practices.tests.test_tallies import _live_models, _tallied_models
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.usefixtures("catalogue")


def _values(model: PracticeModel, **change):
    values = {f: getattr(model, f) for f in actions.EDITABLE_FIELDS}
    values.update(change)
    return values


def test_update_keeps_history_audits_and_recounts_both_tally_cells(commune_a1_officer):
    model = register(commune_a1_officer, COMMUNE_A1)
    actions.update_model(
        model,
        by=commune_a1_officer,
        **_values(
            model,
            name="Tổ tự quản an ninh số 1",
            model_type=model_type("security_camera"),
            started_on=dt.date(2024, 6, 1),
            points_count=4,
            groups_count=6,
            members_count=55,
        ),
    )
    model.refresh_from_db()
    assert (model.name, model.points_count, model.started_on) == (
        "Tổ tự quản an ninh số 1",
        4,
        dt.date(2024, 6, 1),
    )
    assert model.name_folded == "to tu quan an ninh so 1"
    assert [h.points_count for h in model.history.order_by("history_date")] == [3, 4]
    entry = AuditEntry.objects.get(action="practices.model.updated")
    assert entry.data["changed"]["points_count"] == ["3", "4"]
    # The old cell (March 2025, inter-household type) and the new one (June 2024) are both exact.
    assert _tallied_models() == _live_models()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"points_count": 0}, "phải từ 1 trở lên"),
        ({"groups_count": -1}, "không được là số âm"),
        ({"name": " "}, "Chưa nhập"),
        ({"started_on": dt.date(2099, 1, 1)}, "không được sau ngày hôm nay"),
        ({"status": "sleeping"}, "Trạng thái"),
        ({"leaders": "x" * 300}, "dài quá"),
    ],
)
def test_update_refuses_bad_input_and_changes_nothing(commune_a1_officer, change, message):
    model = register(commune_a1_officer, COMMUNE_A1)
    with pytest.raises(DomainError, match=message):
        actions.update_model(model, by=commune_a1_officer, **_values(model, **change))
    model.refresh_from_db()
    assert model.points_count == 3 and model.history.count() == 1


def test_update_scope_replicas_and_duplicates(commune_a1_officer, commune_b1_officer, province_a_officer):
    model = register(commune_a1_officer, COMMUNE_A1)
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        actions.update_model(model, by=commune_b1_officer, **_values(model, points_count=9))
    register(commune_a1_officer, COMMUNE_A1, name="Camera an ninh")
    with pytest.raises(DomainError, match="đã có mô hình"):
        actions.update_model(model, by=commune_a1_officer, **_values(model, name="camera an ninh"))
    replica = actions.replicate_model(
        model, by=province_a_officer, unit=unit(COMMUNE_A2), started_on=dt.date(2025, 6, 1)
    )
    with pytest.raises(DomainError, match="mô hình gốc"):
        actions.update_model(replica, by=province_a_officer, **_values(replica, name="Tên khác"))
    actions.update_model(model, by=commune_a1_officer, **_values(model, name="Tổ liên gia kiểu mới"))
    replica.refresh_from_db()
    assert replica.name == "Tổ liên gia kiểu mới"


def _third_commune() -> Unit:
    return (
        Unit.objects.current()
        .filter(parent__key=PROVINCE_A, level=Unit.Level.COMMUNE)
        .exclude(key__in=[COMMUNE_A1, COMMUNE_A2])
        .order_by("key")
        .first()
    )


@pytest.fixture
def cluster(province_a_officer):
    return register(
        province_a_officer,
        COMMUNE_A1,
        name="Cụm liên kết an toàn về ANTT giáp ranh",
        model_type=model_type("security_cluster"),
        started_on=dt.date(2024, 1, 10),
        cluster_units=[unit(COMMUNE_A2), _third_commune()],
    )


def _hand(cluster, by, year, to, number="12/QĐ-UBND", day=dt.date(2026, 1, 5)):
    return actions.hand_over_cluster(
        cluster, by=by, year=year, to_unit=to, decision_number=number, decided_on=day
    )


def test_standing_unit_rotates_yearly_among_members(cluster, province_a_officer):
    assert actions.current_standing_unit(cluster) == unit(COMMUNE_A1)  # the registering unit until a handover
    _hand(cluster, province_a_officer, 2025, unit(COMMUNE_A2), "3/qđ-ubnd", dt.date(2025, 1, 3))
    third = _third_commune()
    made = _hand(cluster, province_a_officer, 2026, third, "12/QĐ-UBND")
    assert (made.from_unit, made.to_unit, made.decision_number) == (unit(COMMUNE_A2), third, "12/QĐ-UBND")
    assert actions.current_standing_unit(cluster) == third
    assert actions.current_standing_unit(cluster, 2025) == unit(COMMUNE_A2)
    assert [h.year for h in cluster.handovers.all()] == [2026, 2025]
    assert AuditEntry.objects.filter(action="practices.cluster.handed_over").count() == 2


@pytest.mark.parametrize(
    ("year", "to", "number", "message"),
    [
        (2026, COMMUNE_B1, "12/QĐ-UBND", "không phải thành viên"),
        (2026, COMMUNE_A1, "12/QĐ-UBND", "đang là đơn vị thường trực"),
        (2023, COMMUNE_A2, "12/QĐ-UBND", "Năm bàn giao phải từ 2024"),
        (2028, COMMUNE_A2, "12/QĐ-UBND", "đến 2027"),
        (2026, COMMUNE_A2, "12 QĐ", "Thiếu dấu"),
    ],
)
def test_bad_handovers_are_refused(cluster, national_admin, year, to, number, message):
    with pytest.raises(DomainError, match=message):
        _hand(cluster, national_admin, year, unit(to), number)
    assert not ClusterHandover.objects.exists()


def test_handovers_go_forward_and_a_standing_member_cannot_be_dropped(cluster, province_a_officer):
    _hand(cluster, province_a_officer, 2026, unit(COMMUNE_A2))
    with pytest.raises(DomainError, match="chỉ ghi được năm sau"):
        _hand(cluster, province_a_officer, 2026, _third_commune())
    with pytest.raises(DomainError, match="đang là đơn vị thường trực cụm"):
        actions.update_model(
            cluster, by=province_a_officer, **_values(cluster), cluster_units=[_third_commune()]
        )
    actions.update_model(cluster, by=province_a_officer, **_values(cluster), cluster_units=[unit(COMMUNE_A2)])
    assert list(cluster.member_units.all()) == [unit(COMMUNE_A2)]


def test_not_a_cluster_has_no_handover(commune_a1_officer):
    model = register(commune_a1_officer, COMMUNE_A1)
    with pytest.raises(DomainError, match="không phải cụm"):
        _hand(model, commune_a1_officer, 2026, unit(COMMUNE_A2))


def test_pages_edit_and_hand_over(
    cluster, client_for, province_a_officer, commune_a1_officer, steering_a1_member
):
    page = client_for(commune_a1_officer).get(f"/mo-hinh/chi-tiet/{cluster.pk}/").content.decode()
    assert (
        f"/mo-hinh/chi-tiet/{cluster.pk}/sua/" in page and f"/mo-hinh/chi-tiet/{cluster.pk}/ban-giao/" in page
    )
    assert "Phường Ba Đình" in page.split('data-testid="cluster-standing"')[1][:200]
    reader = client_for(steering_a1_member)
    assert "/ban-giao/" not in reader.get(f"/mo-hinh/chi-tiet/{cluster.pk}/").content.decode()
    assert reader.get(f"/mo-hinh/chi-tiet/{cluster.pk}/ban-giao/").status_code == 404
    assert reader.get(f"/mo-hinh/chi-tiet/{cluster.pk}/sua/").status_code == 404
    client = client_for(province_a_officer)
    response = client.post(
        f"/mo-hinh/chi-tiet/{cluster.pk}/ban-giao/",
        {"year": "2026", "to_unit": COMMUNE_A1, "decision_number": "5/QĐ-UBND", "decided_on": "2026-01-05"},
    )
    assert "đang là đơn vị thường trực" in response.content.decode()
    response = client.post(
        f"/mo-hinh/chi-tiet/{cluster.pk}/ban-giao/",
        {"year": "2026", "to_unit": COMMUNE_A2, "decision_number": "5/QĐ-UBND", "decided_on": "2026-01-05"},
    )
    assert response.status_code == 302
    page = client.get(f"/mo-hinh/chi-tiet/{cluster.pk}/").content.decode()
    assert "5/QĐ-UBND" in page.split('data-testid="cluster-handovers"')[1]
    form = client.get(f"/mo-hinh/chi-tiet/{cluster.pk}/sua/").content.decode()
    assert COMMUNE_A2 in form
    values = {
        "model_type": str(cluster.model_type_id),
        "name": cluster.name,
        "started_on": "2024-01-10",
        "points_count": "7",
        "groups_count": "2",
        "members_count": "30",
        "status": "active",
        "cluster_codes": f"{COMMUNE_A2}, {_third_commune().key}",
    }
    assert client.post(f"/mo-hinh/chi-tiet/{cluster.pk}/sua/", values).status_code == 302
    cluster.refresh_from_db()
    assert cluster.points_count == 7


def test_api_update_and_handover(cluster, client, api_for, province_a_officer, commune_b1_officer):
    h = api_for(province_a_officer)
    body = {
        "type_id": cluster.model_type_id,
        "name": cluster.name,
        "started_on": "2024-01-10",
        "points_count": 5,
        "groups_count": 2,
        "members_count": 10,
        "status": "active",
    }
    response = client.put(
        f"/api/v1/practices/models/{cluster.pk}", body, content_type="application/json", **h
    )
    assert response.status_code == 200 and response.json()["points_count"] == 5
    handover = {
        "year": 2026,
        "to_unit_code": COMMUNE_B1,
        "decision_number": "5/QĐ-UBND",
        "decided_on": "2026-01-05",
    }
    response = client.post(
        f"/api/v1/practices/models/{cluster.pk}/handovers", handover, content_type="application/json", **h
    )
    assert response.status_code == 400 and "không phải thành viên" in response.json()["detail"]
    response = client.post(
        f"/api/v1/practices/models/{cluster.pk}/handovers",
        {**handover, "to_unit_code": COMMUNE_A2},
        content_type="application/json",
        **h,
    )
    assert response.status_code == 201 and response.json()["from_unit_code"] == COMMUNE_A1
    detail = client.get(f"/api/v1/practices/models/{cluster.pk}", **h).json()
    assert detail["standing_unit_code"] == COMMUNE_A2 and len(detail["handovers"]) == 1
    other = api_for(commune_b1_officer)
    assert (
        client.put(
            f"/api/v1/practices/models/{cluster.pk}", body, content_type="application/json", **other
        ).status_code
        == 404
    )
