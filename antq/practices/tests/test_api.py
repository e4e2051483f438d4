import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.models import AuditEntry
from antq.practices import actions
from antq.practices.models import Activity, PracticeModel
from antq.practices.tests.helpers import kind, model_type, register, unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.usefixtures("catalogue")
API = "/api/v1/practices"


def _post(client, url, body, headers):
    return client.post(url, data=body, content_type="application/json", **headers)


def test_activity_through_the_api_rolls_up(client, api_for, commune_a1_officer, national_admin):
    headers = api_for(commune_a1_officer)
    body = {
        "kind": "mediation",
        "held_on": "2026-07-02",
        "title": "Hòa giải tranh chấp đất",
        "participants": 12,
        "result_count": 1,
    }
    created = _post(client, f"{API}/units/{COMMUNE_A1}/activities", body, headers)
    assert created.status_code == 201
    assert created.json()["kind"] == "mediation"
    overview = client.get(f"{API}/overview/VN", {"period": "2026-Q3"}, **api_for(national_admin)).json()
    hanoi = next(r for r in overview["rows"] if r["key"] == PROVINCE_A)
    assert hanoi["activities"] == 1 and hanoi["activities_by_kind"] == {"mediation": 1}
    assert overview["previous_period"] == "2026-Q2"
    mediation = next(k for k in overview["activities_by_kind"] if k["code"] == "mediation")
    assert (mediation["count"], mediation["results"], mediation["participants"]) == (1, 1, 12)


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"participants": -5}, 400, "“Số người tham dự” không được là số âm."),
        ({"held_on": "2027-01-01"}, 400, "Ngày tổ chức (01/01/2027) không được sau ngày hôm nay."),
        ({"kind": "khong-co"}, 400, "Không có loại hoạt động “khong-co”."),
    ],
)
def test_activity_bad_input(client, api_for, commune_a1_officer, changes, status, message):
    body = {"kind": "propaganda", "held_on": "2026-07-02", "title": "Tuyên truyền", "participants": 12}
    body.update(changes)
    response = _post(client, f"{API}/units/{COMMUNE_A1}/activities", body, api_for(commune_a1_officer))
    assert response.status_code == status
    assert response.json()["detail"] == message
    assert not Activity.objects.exists()


def test_bad_period_is_a_clear_400(client, api_for, national_admin):
    response = client.get(f"{API}/overview/VN", {"period": "2026-Q7"}, **api_for(national_admin))
    assert response.status_code == 400
    assert "không hợp lệ" in response.json()["detail"]


def test_cluster_outside_scope_saves_nothing(client, api_for, province_a_officer):
    body = {
        "type_id": model_type("security_cluster").pk,
        "name": "Cụm giáp ranh",
        "started_on": "2026-01-01",
        "cluster_unit_codes": [COMMUNE_A2, COMMUNE_B1],
    }
    response = _post(client, f"{API}/units/{COMMUNE_A1}/models", body, api_for(province_a_officer))
    assert response.status_code == 400
    assert response.json()["detail"] == "Không tìm thấy đơn vị có mã: 26740."
    assert not PracticeModel.objects.exists()
    body["cluster_unit_codes"] = [COMMUNE_A2]
    created = _post(client, f"{API}/units/{COMMUNE_A1}/models", body, api_for(province_a_officer)).json()
    assert created["is_cluster"] and created["cluster_unit_codes"] == [COMMUNE_A2]


def test_replicate_and_evaluate(client, api_for, province_a_officer):
    origin = register(province_a_officer, COMMUNE_A1)
    headers = api_for(province_a_officer)
    replica = _post(
        client,
        f"{API}/models/{origin.pk}/replicas",
        {"unit_code": COMMUNE_A2, "started_on": "2026-02-01", "points_count": 4},
        headers,
    )
    assert replica.status_code == 201 and replica.json()["origin_id"] == origin.pk
    evaluation = _post(
        client,
        f"{API}/models/{origin.pk}/evaluations",
        {"year": 2026, "rating": "dissolved", "evaluated_on": "2026-11-20"},
        headers,
    )
    assert evaluation.status_code == 201 and evaluation.json()["status"] == "dissolved"
    assert AuditEntry.objects.filter(action="practices.model.evaluated").count() == 1


def test_overview_api_query_count_is_constant(client, api_for, national_admin, province_a_officer):
    headers = api_for(national_admin)

    def count(url):
        client.get(url, **headers)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **headers).status_code == 200
        return len(ctx.captured_queries)

    urls = [f"{API}/overview/VN", f"{API}/overview/{PROVINCE_A}", f"{API}/units/{COMMUNE_A1}/activities"]
    register(province_a_officer, COMMUNE_A1, name="Mô hình đầu tiên")
    before = [count(u) for u in urls]
    for day in range(1, 20):
        actions.record_activity(
            unit(COMMUNE_A1),
            by=province_a_officer,
            kind=kind(),
            held_on=dt.date(2026, 5, day),
            title="x",
            participants=3,
        )
    register(province_a_officer, COMMUNE_A2)
    assert [count(u) for u in urls] == before
