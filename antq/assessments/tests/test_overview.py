"""The cycle overview: counts per child unit, constant queries, scope, the Excel export."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from antq.assessments.models import Assessment, Cycle, Registration, Subject
from antq.assessments.overview import overview
from antq.assessments.seed import seed_assessments
from antq.assessments.subjects import sync_subjects
from antq.assessments.tallies import rebuild_tallies
from antq.core.models import AuditEntry
from antq.testing.factories import ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A, PROVINCE_B

pytestmark = pytest.mark.django_db


def _register(subject: Subject, cycle: Cycle, *, late: bool = False) -> Registration:
    return Registration.objects.create(
        cycle=cycle, subject=subject, registered_on=date(2026, 3, 1), is_late=late
    )


def _assess(subject: Subject, cycle: Cycle, status: str, **extra: object) -> Assessment:
    return Assessment.objects.create(cycle=cycle, subject=subject, status=status, **extra)


@pytest.fixture
def cycle(db) -> Cycle:
    seed_assessments()
    return Cycle.objects.get(year=2026)


@pytest.fixture
def data(cycle, sample_participants):
    """A1: commune, 2 areas, 1 school; A2: commune, 1 area; B1: commune, 1 area (8 subjects)."""
    sync_subjects(list(Unit.objects.filter(key__in=[COMMUNE_A1, COMMUNE_A2, COMMUNE_B1])))
    area1, area2 = (Subject.objects.get(residential_area=a) for a in sample_participants["a1_areas"])
    school = Subject.objects.get(organisation=sample_participants["a1_school"])
    a1_commune = Subject.objects.get(unit__key=COMMUNE_A1)
    a2_area = Subject.objects.get(residential_area=sample_participants["a2_area"])
    b1_area = Subject.objects.get(residential_area=sample_participants["b1_area"])
    _register(area1, cycle, late=True)
    _register(school, cycle)
    _register(a1_commune, cycle)
    _register(a2_area, cycle)
    _register(b1_area, cycle)
    _assess(area1, cycle, "submitted", is_late=True)
    _assess(school, cycle, "decided", recognised=True, decided_class="good")
    _assess(a1_commune, cycle, "returned")
    _assess(a2_area, cycle, "approved")
    _assess(b1_area, cycle, "decided", recognised=True, decided_class="excellent")
    rebuild_tallies(cycle)  # rows written directly, as a bulk load would: the tallies are rebuilt
    return {"area1": area1, "area2": area2, "school": school, "a1_commune": a1_commune}


def _row(view, key):
    return next(r for r in view.rows if r.key == key)


def test_national_counts_per_province(data, cycle, national_admin):
    view = overview(cycle, None, national_admin)
    assert view.child_level == "province"
    assert len(view.rows) == 34
    hanoi = _row(view, PROVINCE_A)
    assert (hanoi.subjects, hanoi.registered, hanoi.registered_late) == (6, 4, 1)
    assert (hanoi.submitted, hanoi.submitted_late, hanoi.approved, hanoi.decided) == (3, 1, 2, 1)
    assert (hanoi.recognised, hanoi.excellent, hanoi.good, hanoi.average, hanoi.weak) == (1, 0, 1, 0, 0)
    assert hanoi.registered_percent == pytest.approx(66.7)
    assert hanoi.submitted_percent == 75.0
    hcm = _row(view, PROVINCE_B)
    assert (hcm.subjects, hcm.registered, hcm.submitted, hcm.recognised, hcm.excellent) == (2, 1, 1, 1, 1)
    assert (view.totals.subjects, view.totals.registered, view.totals.submitted) == (8, 5, 4)
    assert (view.totals.recognised, view.totals.excellent, view.totals.good) == (2, 1, 1)
    empty = next(r for r in view.rows if r.subjects == 0)
    assert empty.registered_percent is None


def test_province_counts_per_commune(data, cycle, national_admin):
    view = overview(cycle, Unit.objects.get(key=PROVINCE_A), national_admin)
    assert view.child_level == "commune"
    a1, a2 = _row(view, COMMUNE_A1), _row(view, COMMUNE_A2)
    assert (a1.subjects, a1.registered, a1.submitted, a1.approved, a1.decided) == (4, 3, 2, 1, 1)
    assert (a2.subjects, a2.registered, a2.submitted, a2.approved, a2.decided) == (2, 1, 1, 1, 0)
    assert view.totals.subjects == 6
    assert view.crumbs == []  # the nation is linked by the template, the province is the page itself


def test_commune_counts_per_type_and_lagging_subjects(data, cycle, commune_a1_officer):
    view = overview(cycle, Unit.objects.get(key=COMMUNE_A1), commune_a1_officer)
    assert view.child_level == "subject_type"
    assert [(u.key, visible) for u, visible in view.crumbs] == [(PROVINCE_A, False)]
    assert {r.key: (r.subjects, r.registered, r.submitted) for r in view.rows} == {
        "residential_area": (2, 1, 1),
        "commune": (1, 1, 0),
        "school": (1, 1, 1),
    }
    assert [s.pk for s in view.not_registered] == [data["area2"].pk]
    # The returned commune file is back with the commune: not submitted.
    assert {s.pk for s in view.not_submitted} == {data["area2"].pk, data["a1_commune"].pk}


def test_commune_page_names_who_has_not_registered_or_submitted(data, commune_a1_officer, client_for):
    body = client_for(commune_a1_officer).get(reverse("assessments:overview_unit", args=[2026, COMMUNE_A1]))
    html = body.content.decode()
    assert body.status_code == 200
    not_registered = html.split('data-testid="not-registered"')[1].split("</ul>")[0]
    assert data["area2"].name in not_registered and data["area1"].name not in not_registered
    not_submitted = html.split('data-testid="not-submitted"')[1].split("</ul>")[0]
    assert data["a1_commune"].name in not_submitted and data["school"].name not in not_submitted


def test_page_renders_table_chart_data_and_links(data, national_admin, client_for):
    response = client_for(national_admin).get(reverse("assessments:overview", args=[2026]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("assessments:overview_unit", args=[2026, PROVINCE_A]) in html
    assert reverse("assessments:overview_xlsx", args=[2026, "VN"]) in html
    assert 'id="overview-data" type="application/json"' in html
    assert "assessments/overview.js" in html and "chart.umd.min.js" in html
    assert response.context["chart"]["labels"][0] == response.context["view"].rows[0].label
    assert "<script>" not in html  # CSP: no inline script


def test_cycle_page_links_to_the_overview(cycle, commune_a1_officer, client_for):
    html = (
        client_for(commune_a1_officer).get(reverse("assessments:cycle_detail", args=[2026])).content.decode()
    )
    assert reverse("assessments:overview", args=[2026]) in html


# --- constant queries -------------------------------------------------------------------------------------


def _more_data(cycle: Cycle) -> None:
    """Three more communes (two in Hà Nội, one in Hồ Chí Minh City) with registered, submitted areas."""
    communes = list(
        Unit.objects.filter(parent__key=PROVINCE_A, level="commune").exclude(
            key__in=[COMMUNE_A1, COMMUNE_A2]
        )[:2]
    ) + list(Unit.objects.filter(parent__key=PROVINCE_B, level="commune").exclude(key=COMMUNE_B1)[:1])
    for commune in communes:
        ResidentialAreaFactory.create_batch(3, commune=commune)
    sync_subjects(communes)
    for subject in Subject.objects.filter(commune__in=communes):
        _register(subject, cycle)
        _assess(subject, cycle, "decided", recognised=True, decided_class="average")
    rebuild_tallies(cycle)


# Measured: 4 for session, user, OTP device and roles, then cycle, units, one grouped sum of the commune
# tallies (a commune page: 3 live grouped counts, the lagging subjects and 2 breadcrumb queries).
@pytest.mark.parametrize(("key", "most"), [(None, 7), (PROVINCE_A, 9), (COMMUNE_A1, 12)])
def test_constant_number_of_queries(data, cycle, national_admin, client_for, key, most):
    client = client_for(national_admin)
    url = (
        reverse("assessments:overview_unit", args=[2026, key])
        if key
        else reverse("assessments:overview", args=[2026])
    )
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _more_data(cycle)
    ResidentialAreaFactory.create_batch(4, commune=Unit.objects.get(key=COMMUNE_A1))
    sync_subjects([Unit.objects.get(key=COMMUNE_A1)])
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after) == len(before) <= most, [q["sql"] for q in after.captured_queries]
    if key is None:
        assert _row(response.context["view"], PROVINCE_A).subjects == 6 + 2 * 4 + 4


# --- scope ------------------------------------------------------------------------------------------------


def test_province_officer_sees_only_their_province(data, cycle, province_a_officer, client_for):
    response = client_for(province_a_officer).get(reverse("assessments:overview", args=[2026]))
    view = response.context["view"]
    assert [r.key for r in view.rows] == [PROVINCE_A]
    assert view.totals.subjects == 6
    client = client_for(province_a_officer)
    assert client.get(reverse("assessments:overview_unit", args=[2026, PROVINCE_B])).status_code == 404
    assert client.get(reverse("assessments:overview_xlsx", args=[2026, PROVINCE_B])).status_code == 404


def test_commune_officer_top_page_is_their_commune(data, commune_b1_officer, client_for):
    client = client_for(commune_b1_officer)
    view = client.get(reverse("assessments:overview", args=[2026])).context["view"]
    assert view.child_level == "commune" and [r.key for r in view.rows] == [COMMUNE_B1]
    assert client.get(reverse("assessments:overview_unit", args=[2026, COMMUNE_A1])).status_code == 404


def test_steering_member_reads_their_commune(data, steering_a1_member, client_for):
    response = client_for(steering_a1_member).get(
        reverse("assessments:overview_unit", args=[2026, COMMUNE_A1])
    )
    assert response.status_code == 200
    assert response.context["view"].totals.subjects == 4


# --- Excel ------------------------------------------------------------------------------------------------


def test_excel_matches_the_table_and_is_audited(data, national_admin, client_for):
    response = client_for(national_admin).get(reverse("assessments:overview_xlsx", args=[2026, PROVINCE_A]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == timezone.localdate().strftime("%d/%m/%Y")
    header = rows[3]
    assert header[:4] == ("STT", "Đơn vị", "Số đối tượng", "Đăng ký")
    assert sheet.cell(row=4, column=1).font.bold
    totals = rows[-1]
    assert totals[1] == "Tổng cộng"
    assert totals[2] == 6 and totals[3] == 4
    body = rows[4:-1]
    assert sum(r[2] for r in body) == totals[2]
    assert sum(r[3] for r in body) == totals[3]
    assert AuditEntry.objects.filter(action="assessments.overview.exported", actor=national_admin).exists()


# --- API --------------------------------------------------------------------------------------------------


def _api_get(client, user, url):
    from antq.accounts.models import ApiToken

    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user, 't')[1]}")


def test_api_national_rows_and_totals_match_the_page(data, cycle, national_admin, client):
    body = _api_get(client, national_admin, "/api/v1/assessments/cycles/2026/overview/VN").json()
    assert (body["key"], body["name"], body["child_level"]) == ("VN", "Toàn quốc", "province")
    hanoi = next(r for r in body["rows"] if r["key"] == PROVINCE_A)
    assert (hanoi["subjects"], hanoi["registered"], hanoi["registered_late"], hanoi["submitted"]) == (
        6,
        4,
        1,
        3,
    )
    assert (hanoi["recognised"], hanoi["good"], hanoi["registered_percent"]) == (1, 1, pytest.approx(66.7))
    assert (body["totals"]["subjects"], body["totals"]["recognised"], body["totals"]["excellent"]) == (
        8,
        2,
        1,
    )
    assert body["not_registered"] == body["not_submitted"] == []


def test_api_commune_names_the_lagging_subjects_and_is_scoped(data, cycle, commune_a1_officer, client):
    url = f"/api/v1/assessments/cycles/2026/overview/{COMMUNE_A1}"
    body = _api_get(client, commune_a1_officer, url).json()
    assert body["child_level"] == "subject_type"
    assert [s["id"] for s in body["not_registered"]] == [data["area2"].pk]
    assert {s["id"] for s in body["not_submitted"]} == {data["area2"].pk, data["a1_commune"].pk}
    other = _api_get(client, commune_a1_officer, f"/api/v1/assessments/cycles/2026/overview/{COMMUNE_B1}")
    assert other.status_code == 404
    top = _api_get(client, commune_a1_officer, "/api/v1/assessments/cycles/2026/overview/VN").json()
    assert [r["key"] for r in top["rows"]] == [COMMUNE_A1]


@pytest.mark.parametrize("key", ["VN", PROVINCE_A])
def test_api_queries_do_not_grow(data, cycle, national_admin, client, key):
    url = f"/api/v1/assessments/cycles/2026/overview/{key}"
    _api_get(client, national_admin, url)
    with CaptureQueriesContext(connection) as before:
        assert _api_get(client, national_admin, url).status_code == 200
    _more_data(cycle)
    with CaptureQueriesContext(connection) as after:
        assert _api_get(client, national_admin, url).status_code == 200
    assert len(after) == len(before)
