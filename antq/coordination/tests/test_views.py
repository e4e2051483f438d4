"""Pages of the coordination app: overview arithmetic, scope, forms through the actions, query counts."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.coordination import queries
from antq.coordination.models import FollowUp, Inspection, InspectionRequest, Programme
from antq.coordination.tests.helpers import deploy, national_programme, with_findings
from antq.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("deployed", "total", "percent"),
    [(0, 34, 0.0), (1, 34, 2.9), (17, 34, 50.0), (34, 34, 100.0), (1, 3, 33.3), (2, 3, 66.7), (0, 0, None)],
)
def test_deployment_percent(deployed, total, percent):
    assert queries.deployment_percent(deployed, total) == percent


def test_overview_counts_the_provinces_that_deployed(national_admin, province_a_officer):
    national = national_programme(national_admin)
    deploy(national, "01", province_a_officer)
    [row] = queries.deployment_overview(national_admin)
    assert row.total == 34 and len(row.deployed) == 1 and row.percent == 2.9
    assert [u.key for u in row.deployed] == ["01"]
    assert "79" in [u.key for u in row.missing] and len(row.missing) == 33
    # A province officer sees their province only: deployed, 100 %.
    [mine] = queries.deployment_overview(province_a_officer)
    assert (len(mine.deployed), mine.total, mine.percent) == (1, 1, 100.0)


def test_overview_query_count_is_constant(national_admin, province_a_officer, django_assert_num_queries):
    national = national_programme(national_admin)
    deploy(national, "01", province_a_officer)
    with django_assert_num_queries(3):
        queries.deployment_overview(national_admin)
    for n in range(2, 6):
        other = national_programme(national_admin, number=f"{n:02d}/CTr-BCA-MTTW")
        deploy(other, "79", national_admin, number=f"{n}/KH-UBND")
    with django_assert_num_queries(3):
        rows = queries.deployment_overview(national_admin)
    assert len(rows) == 5


def test_home_page_shows_percent_and_missing(client_for, national_admin, province_a_officer):
    national = national_programme(national_admin)
    deploy(national, "01", province_a_officer)
    body = client_for(national_admin).get(reverse("coordination:home")).content.decode()
    assert "1/34 tỉnh (2,9 %)" in body
    assert "Thành phố Hồ Chí Minh" in body


def test_list_pages_have_constant_queries(
    client_for, national_admin, province_a_officer, django_assert_max_num_queries
):
    national = national_programme(national_admin)
    deploy(national, "01", province_a_officer)
    with_findings(province_a_officer)
    client = client_for(national_admin)
    counts = {}
    for name in ("coordination:home", "coordination:programmes", "coordination:inspections"):
        with django_assert_max_num_queries(14) as captured:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = len(captured)
    for n in range(2, 7):
        other = national_programme(national_admin, number=f"{n:02d}/CTr-BCA-MTTW")
        deploy(other, "79", national_admin, number=f"{n}/KH-UBND")
    for name, before in counts.items():
        with django_assert_max_num_queries(before):
            client.get(reverse(name))


def test_inspected_commune_sees_only_its_findings(client_for, province_a_officer, commune_a1_officer):
    made, _row = with_findings(province_a_officer)
    url = reverse("coordination:inspection", args=[made.pk])
    own = client_for(commune_a1_officer).get(url).content.decode()
    assert 'data-testid="inspected-00004"' in own and 'data-testid="inspected-00008"' not in own
    # The first request's deadline (15/10/2026) has passed and it is not done.
    assert "Bổ sung quyết định" in own and "Quá hạn" in own
    province = client_for(province_a_officer).get(url).content.decode()
    assert 'data-testid="inspected-00008"' in province


def test_programme_form_creates_and_refuses_malformed_number(client_for, province_a_officer):
    client = client_for(province_a_officer)
    url = reverse("coordination:programme_add", args=["01"])
    data = {
        "kind": "programme",
        "number": "12 CTr",
        "title": "Phối hợp",
        "signed_on": "2026-01-01",
        "period_from": "2026-01-01",
        "period_to": "2026-12-31",
        "parties": "Công an Thành phố\n00004 | Công an phường Ba Đình",
        "content_items": "Tuyên truyền\nKiểm tra",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "Thiếu dấu “/”" in response.content.decode()
    assert not Programme.objects.exists()
    response = client.post(url, {**data, "number": "12/CTr-CATP-MTTQ"})
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert programme.content_items == ["Tuyên truyền", "Kiểm tra"]
    assert sorted(programme.parties.values_list("unit__key", flat=True)) == ["00004", "01"]


def test_report_form_parses_figures(client_for, national_admin, province_a_officer):
    national = national_programme(national_admin)
    hanoi = deploy(national, "01", province_a_officer)
    client = client_for(province_a_officer)
    url = reverse("coordination:report_add", args=[hanoi.pk])
    data = {
        "party": str(hanoi.parties.first().pk),
        "period_from": "2026-03-02",
        "period_to": "2026-06-30",
        "text": "Kết quả",
        "figures": "Số hội nghị 12",
    }
    assert "không đúng dạng" in client.post(url, data).content.decode()
    assert client.post(url, {**data, "figures": "Số hội nghị: 12"}).status_code == 302
    assert hanoi.reports.get().figures == {"Số hội nghị": 12}
    # The province may not report on the national programme.
    assert client.get(reverse("coordination:report_add", args=[national.pk])).status_code == 404


def test_inspection_form_refuses_units_outside_scope(client_for, province_a_officer):
    client = client_for(province_a_officer)
    url = reverse("coordination:inspection_add", args=["01"])
    data = {
        "plan_number": "87/KH-BCĐ",
        "title": "Kiểm tra",
        "planned_from": "2026-09-01",
        "planned_to": "2026-09-30",
        "units": "00004, 26740",
    }
    # 26740 (Hồ Chí Minh City) is not visible to a Hà Nội officer: "not found", nothing saved.
    assert "Không tìm thấy đơn vị" in client.post(url, data).content.decode()
    bad_dates = {**data, "units": "00004", "planned_to": "2026-08-01"}
    assert "không được trước" in client.post(url, bad_dates).content.decode()
    assert not Inspection.objects.exists()
    assert client.post(url, {**data, "units": "00004\n00008"}).status_code == 302
    assert Inspection.objects.get().inspected.count() == 2


def test_findings_and_follow_up_forms(client_for, province_a_officer, commune_a1_officer, commune_b1_officer):
    made, row = with_findings(province_a_officer)
    findings = reverse("coordination:findings", args=[made.pk, row.unit_id])
    client = client_for(province_a_officer)
    bad = {"conclusion": "Kết luận mới", "findings_on": "2026-09-12", "requests": "Thiếu hạn"}
    assert "không đúng dạng" in client.post(findings, bad).content.decode()
    ok = {**bad, "requests": "Kiện toàn tổ | 30/11/2026"}
    assert client.post(findings, ok).status_code == 302
    assert row.requests.count() == 3
    request = InspectionRequest.objects.get(text="Kiện toàn tổ")
    url = reverse("coordination:follow_up", args=[request.pk])
    # Another commune: 404, nothing recorded.
    assert client_for(commune_b1_officer).post(url, {"text": "x"}).status_code == 404
    response = client_for(commune_a1_officer).post(
        url, {"text": "Đã kiện toàn", "status": "done", "reported_on": "2026-11-01"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "done" and FollowUp.objects.count() == 1
    # The commune may not record findings.
    assert client_for(commune_a1_officer).get(findings).status_code == 404


def test_excel_exports_are_audited(client_for, national_admin, province_a_officer):
    national = national_programme(national_admin)
    deploy(national, "01", province_a_officer)
    with_findings(province_a_officer)
    client = client_for(national_admin)
    for name, expected in (
        ("coordination:overview_xlsx", "01/CTr-BCA-MTTW"),
        ("coordination:programmes_xlsx", "125/KH-UBND"),
        ("coordination:inspections_xlsx", "87/KH-BCĐ"),
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.content)).active
        values = [c for row in sheet.iter_rows(values_only=True) for c in row]
        assert expected in values
    assert AuditEntry.objects.filter(action="coordination.exported").count() == 3
    overview = load_workbook(BytesIO(client.get(reverse("coordination:overview_xlsx")).content)).active
    row = next(r for r in overview.iter_rows(values_only=True) if r[1] == "01/CTr-BCA-MTTW")
    assert row[3:6] == (1, 34, 2.9)


def test_unit_page_is_linked_from_the_commune_page(client_for, commune_a1_officer, province_a_officer):
    with_findings(province_a_officer)
    client = client_for(commune_a1_officer)
    body = client.get(reverse("units:detail", args=["00004"])).content.decode()
    assert reverse("coordination:unit", args=["00004"]) in body
    page = client.get(reverse("coordination:unit", args=["00004"])).content.decode()
    assert "87/KH-BCĐ" in page


def test_national_admin_cannot_inspect_outside_the_inspector(client_for, national_admin):
    url = reverse("coordination:inspection_add", args=["01"])
    data = {
        "plan_number": "87/KH-BCĐ",
        "title": "Kiểm tra",
        "planned_from": "2026-09-01",
        "planned_to": "2026-09-30",
        "units": "00004 26740",
    }
    body = client_for(national_admin).post(url, data).content.decode()
    assert "không thuộc phạm vi của Thành phố Hà Nội" in body
    assert not Inspection.objects.exists()


def test_detail_pages_have_constant_queries(client_for, province_a_officer, django_assert_max_num_queries):
    from antq.coordination import actions
    from antq.coordination.models import InspectedUnit

    made, row = with_findings(province_a_officer)
    day = dt.date(2026, 9, 10)
    client = client_for(province_a_officer)
    urls = [
        reverse("coordination:inspection", args=[made.pk]),
        reverse("coordination:unit", args=["01"]),
        reverse("coordination:unit", args=["00004"]),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    other = InspectedUnit.objects.get(inspection=made, unit__key="00008")
    actions.record_findings(
        other,
        by=province_a_officer,
        conclusion="Tốt",
        findings_on=day,
        requests=[actions.RequestInput(f"Kiến nghị {n}", day) for n in range(5)],
    )
    request = row.requests.first()
    actions.report_follow_up(request, by=province_a_officer, text="x", status="in_progress", reported_on=day)
    for url, before in counts.items():
        with django_assert_max_num_queries(before):
            client.get(url)
