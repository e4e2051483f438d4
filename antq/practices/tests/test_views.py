import datetime as dt

import pytest
from openpyxl import load_workbook

from antq.core.models import AuditEntry
from antq.practices import actions
from antq.practices.models import Activity, PracticeModel
from antq.practices.seed import seed_practices_demo
from antq.practices.tests.helpers import kind, model_type, register, unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.usefixtures("catalogue")


def _activities(user, key, n, day=dt.date(2026, 3, 10), code="propaganda", participants=10):
    for i in range(n):
        actions.record_activity(
            unit(key), by=user, kind=kind(code), held_on=day, title=f"Buổi {i}", participants=participants
        )


def test_overview_counts_roll_up_by_period_with_trend(client_for, province_a_officer, national_admin):
    _activities(province_a_officer, COMMUNE_A1, 3)
    _activities(province_a_officer, COMMUNE_A2, 2, code="mediation")
    _activities(province_a_officer, COMMUNE_A1, 1, day=dt.date(2025, 5, 1))  # previous year
    register(province_a_officer, COMMUNE_A1)
    client = client_for(national_admin)
    page = client.get("/mo-hinh/", {"ky": "2026"})
    assert page.status_code == 200
    rows = {r.key: r for r in page.context["view"].rows}
    assert rows[PROVINCE_A].activities == 5
    assert rows[PROVINCE_A].participants == 50
    assert rows[PROVINCE_A].models == 1 and rows[PROVINCE_A].points == 3
    kinds = {k.kind.code: k for k in page.context["view"].kind_rows}
    assert (kinds["propaganda"].count, kinds["propaganda"].previous, kinds["propaganda"].trend) == (
        3,
        1,
        200.0,
    )
    province = client.get(f"/mo-hinh/{PROVINCE_A}/", {"ky": "2026-Q1"})
    communes = {r.key: r for r in province.context["view"].rows}
    assert communes[COMMUNE_A1].activities == 3 and communes[COMMUNE_A2].activities == 2
    assert province.context["view"].totals.activities == 5
    # A quarter without activities shows zeros, not the year's count.
    assert client.get(f"/mo-hinh/{PROVINCE_A}/", {"ky": "2026-Q2"}).context["view"].totals.activities == 0
    # Malformed period falls back to this year.
    assert client.get("/mo-hinh/", {"ky": "2026-Q9"}).status_code == 200


def test_overview_query_count_is_constant(client_for, national_admin, province_a_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(national_admin)
    urls = ["/mo-hinh/", f"/mo-hinh/{PROVINCE_A}/", f"/mo-hinh/{COMMUNE_A1}/"]

    def counts() -> list[int]:
        result = []
        for url in urls:
            client.get(url)  # session and caches warm
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    # One row of each kind first (an empty page skips some queries), then the data grows.
    register(province_a_officer, COMMUNE_A1, name="Mô hình đầu tiên")
    _activities(province_a_officer, COMMUNE_A2, 1)
    empty = counts()
    assert max(empty) <= 14
    _activities(province_a_officer, COMMUNE_A1, 5)
    _activities(province_a_officer, COMMUNE_A2, 5, code="mediation")
    for i in range(4):
        register(province_a_officer, COMMUNE_A1, name=f"Mô hình {i}")
    assert counts() == empty


def test_commune_officer_sees_only_own_rows_on_the_national_page(
    client_for, commune_b1_officer, province_a_officer
):
    _activities(province_a_officer, COMMUNE_A1, 4)
    page = client_for(commune_b1_officer).get("/mo-hinh/")
    assert page.context["view"].totals.activities == 0
    assert [r.key for r in page.context["view"].rows] == ["79"]
    assert client_for(commune_b1_officer).get(f"/mo-hinh/{COMMUNE_A1}/").status_code == 404


def test_model_list_search_and_query_count(client_for, commune_a1_officer, django_assert_max_num_queries):
    for i in range(3):
        register(commune_a1_officer, COMMUNE_A1, name=f"Camera an ninh khu phố {i}")
    client = client_for(commune_a1_officer)
    with django_assert_max_num_queries(10) as few:
        page = client.get(f"/mo-hinh/{COMMUNE_A1}/mo-hinh/", {"q": "camera an ninh"})
    assert page.context["page"].paginator.count == 3
    for i in range(3, 10):
        register(commune_a1_officer, COMMUNE_A1, name=f"Camera an ninh khu phố {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/mo-hinh/{COMMUNE_A1}/mo-hinh/", {"q": "CAMERA"})
    assert page.context["page"].paginator.count == 10


def test_model_add_form_registers_a_cluster(client_for, province_a_officer):
    client = client_for(province_a_officer)
    response = client.post(
        f"/mo-hinh/{COMMUNE_A1}/mo-hinh/them/",
        {
            "model_type": model_type("security_cluster").pk,
            "name": "Cụm an ninh liên hoàn Ba Đình – Ngọc Hà",
            "started_on": "01/02/2025",
            "points_count": "2",
            "groups_count": "4",
            "members_count": "30",
            "cluster_codes": COMMUNE_A2,
        },
    )
    model = PracticeModel.objects.get()
    assert response.status_code == 302 and response.url == f"/mo-hinh/chi-tiet/{model.pk}/"
    assert model.is_cluster and [u.key for u in model.member_units.all()] == [COMMUNE_A2]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"participants": "-4"}, "Không được nhập số âm."),
        ({"held_on": "01/01/2099"}, "Ngày tổ chức (01/01/2099) không được sau ngày hôm nay."),
        ({"held_on": "31/02/2026"}, "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2026."),
    ],
)
def test_activity_form_bad_input(client_for, commune_a1_officer, changes, message):
    data = {
        "kind": kind().pk,
        "held_on": "05/03/2026",
        "title": "Tuyên truyền",
        "participants": "30",
        "result_count": "0",
    }
    data.update(changes)
    response = client_for(commune_a1_officer).post(f"/mo-hinh/{COMMUNE_A1}/hoat-dong/them/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_cluster_form_with_unit_outside_scope(client_for, commune_a1_officer):
    response = client_for(commune_a1_officer).post(
        f"/mo-hinh/{COMMUNE_A1}/mo-hinh/them/",
        {
            "model_type": model_type().pk,
            "name": "Cụm",
            "started_on": "01/02/2025",
            "points_count": "1",
            "groups_count": "0",
            "members_count": "0",
            "cluster_codes": f"{COMMUNE_A2}, {COMMUNE_B1}",
        },
    )
    # Units outside the officer's scope are simply not found: their existence does not leak.
    assert "Không tìm thấy đơn vị có mã: 00008, 26740." in response.content.decode()
    assert not PracticeModel.objects.exists()


def test_export_is_audited_and_scoped(client_for, province_a_officer, commune_b1_officer):
    _activities(province_a_officer, COMMUNE_A1, 3)
    response = client_for(province_a_officer).get(f"/mo-hinh/{PROVINCE_A}/excel/hoat-dong/", {"ky": "2026"})
    assert response.status_code == 200
    book = load_workbook(__import__("io").BytesIO(response.content))
    sheet = book.active
    assert sheet.max_row == 4
    assert sheet["A2"].value == "10/03/2026"
    entry = AuditEntry.objects.get(action="practices.list.exported")
    assert entry.data["rows"] == 3
    assert client_for(commune_b1_officer).get(f"/mo-hinh/{PROVINCE_A}/excel/hoat-dong/").status_code == 404


def test_showcase_is_public_paginated_and_has_no_personal_data(client, django_assert_max_num_queries):
    seed_practices_demo(today=dt.date(2026, 11, 24))
    PracticeModel.objects.update(leaders="Nguyễn Văn Bí Mật")
    with django_assert_max_num_queries(6):
        page = client.get("/mo-hinh/cong-khai/", {"q": "camera an ninh"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Camera an ninh Phường Ba Đình" in text and "Camera an ninh Phường Sài Gòn" in text
    assert "Bí Mật" not in text and "Nguyễn Văn An" not in text
    assert (
        "Nhóm Zalo an ninh khu phố" not in client.get("/mo-hinh/cong-khai/").content.decode()
    )  # not recognised


def test_demo_seed_is_idempotent():
    first = seed_practices_demo(today=dt.date(2026, 11, 24))
    assert first[0] == 7 and first[1] == 4 and first[2] > 100  # 3 models in each demo commune + a cluster
    assert seed_practices_demo(today=dt.date(2026, 11, 24)) == (0, 0, 0)
    from antq.practices.actions import current_standing_unit
    from antq.practices.models import PracticeModel

    cluster = PracticeModel.objects.get(is_cluster=True)
    assert current_standing_unit(cluster, 2026).key == "00025" and cluster.handovers.count() == 2
    assert not Activity.objects.filter(held_on__gt=dt.date(2026, 11, 24)).exists()
