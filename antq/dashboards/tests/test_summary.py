"""The movement summary: trend arithmetic, figures from every app, scope, query counts, export, API."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.coordination.tests.helpers import deploy, national_programme
from antq.core.models import AuditEntry
from antq.dashboards.rules import change
from antq.movement import actions as movement
from antq.practices.seed import seed_catalogue
from antq.practices.tests import helpers as practice
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def catalogue(db):
    seed_catalogue()


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.mark.parametrize(
    ("current", "previous", "delta", "percent", "arrow"),
    [
        (12, 10, 2, 20.0, "▲"),
        (5, 10, -5, -50.0, "▼"),
        (7, 7, 0, 0.0, ""),
        (3, 0, 3, None, "▲"),  # nothing to compare with: no percent, still an arrow
        (0, 0, 0, None, ""),
        (0, 4, -4, -100.0, "▼"),
        (1, 3, -2, -66.7, "▼"),  # one decimal
        (Decimal("62.5"), Decimal("50.0"), Decimal("12.5"), 25.0, "▲"),  # roll-up percent
    ],
)
def test_change_arithmetic(current, previous, delta, percent, arrow):
    c = change(current, previous)
    assert (c.delta, c.percent, c.arrow) == (delta, percent, arrow)


def _line(body: dict, section: str, code: str) -> dict:
    lines = next(s for s in body["sections"] if s["code"] == section)["lines"]
    return next(line for line in lines if line["code"] == code)


@pytest.fixture
def data(catalogue, national_admin, province_a_officer, commune_a1_officer):
    """A year of movement in Hà Nội: a plan with tasks, a committee, a deployment, models, activities."""
    hanoi = Unit.objects.get(key=PROVINCE_A)
    a1 = Unit.objects.get(key=COMMUNE_A1)
    a2 = Unit.objects.get(key=COMMUNE_A2)
    for n, day in ((1, dt.date(2025, 5, 1)), (2, dt.date(2026, 2, 10)), (3, dt.date(2026, 6, 1))):
        plan = movement.register_document(
            hanoi,
            by=province_a_officer,
            number_text=f"{n}/KH-UBND",
            issued_on=day,
            subject="Kế hoạch thực hiện phong trào",
            issuing_body="Ủy ban nhân dân Thành phố Hà Nội",
        )
    tasks = movement.assign_tasks(
        plan,
        [a1, a2],
        by=province_a_officer,
        assignment=movement.Assignment("Kiện toàn Ban Chỉ đạo cấp xã", dt.date(2026, 9, 30), "Quyết định"),
    )
    movement.report_progress(tasks[0], by=commune_a1_officer, percent=100, note="Xong")
    movement.save_committee(
        a1,
        by=commune_a1_officer,
        name="Ban Chỉ đạo phong trào phường Ba Đình",
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(2026, 3, 1),
    )
    deploy(national_programme(national_admin), PROVINCE_A, province_a_officer)
    practice.register(commune_a1_officer, COMMUNE_A1)
    for day in (dt.date(2025, 4, 2), dt.date(2026, 4, 2), dt.date(2026, 5, 3)):
        practice_actions_record(commune_a1_officer, a1, day)
    return hanoi


def practice_actions_record(user, unit, day):
    from antq.practices import actions

    actions.record_activity(
        unit, by=user, kind=practice.kind(), held_on=day, title="Tuyên truyền pháp luật", participants=50
    )


def test_page_shows_each_part_with_the_previous_year(client_for, data, province_a_officer):
    client = client_for(province_a_officer)
    response = client.get(reverse("dashboards:summary", args=[PROVINCE_A]), {"ky": "2026"})
    assert response.status_code == 200
    body = response.content.decode()
    for code in ("committees", "documents", "tasks", "programmes", "models", "activities"):
        assert f'data-testid="section-{code}"' in body
    view = response.context["view"]
    lines = {line.code: line for s in view.sections for line in s.lines}
    assert (lines["documents"].value.current, lines["documents"].value.previous) == (2, 1)
    assert lines["documents"].value.percent == 100.0
    assert (lines["tasks_assigned"].value.current, lines["tasks_done"].value.current) == (2, 1)
    assert lines["tasks_overdue"].value.current == 1  # the other commune's, due 30/09
    assert lines["tasks_percent"].value.current == Decimal("50.0")
    assert lines["national_deployed"].value.current == 1
    assert (lines["activities"].value.current, lines["activities"].value.previous) == (2, 1)
    assert lines["models"].value.current == 1 and not lines["models"].trend
    row = next(c for c in view.children if c.unit.key == COMMUNE_A1)
    assert (row.consolidated, row.tasks, row.done, row.percent, row.activities, row.models) == (
        True,
        1,
        1,
        Decimal("100.0"),
        2,
        1,
    )
    other = next(c for c in view.children if c.unit.key == COMMUNE_A2)
    assert (other.consolidated, other.overdue) == (False, 1)
    # Links to the detailed page of each app, and the chart data for the static script.
    assert reverse("movement:overview", args=[PROVINCE_A]) in body
    assert reverse("coordination:home") in body
    assert reverse("practices:overview_unit", args=[PROVINCE_A]) in body
    assert 'id="summary-data"' in body and "<script>" not in body


def test_quarter_compares_with_the_quarter_before(client_for, data, province_a_officer):
    client = client_for(province_a_officer)
    view = client.get(reverse("dashboards:summary", args=[PROVINCE_A]), {"ky": "2026-Q2"}).context["view"]
    assert view.previous.key == "2026-Q1"
    lines = {line.code: line for s in view.sections for line in s.lines}
    assert (lines["activities"].value.current, lines["activities"].value.previous) == (2, 0)
    assert (lines["documents"].value.current, lines["documents"].value.previous) == (1, 1)


def test_outside_scope_is_404(client_for, data, commune_b1_officer, province_a_officer):
    client = client_for(commune_b1_officer)
    assert client.get(reverse("dashboards:summary", args=[PROVINCE_A])).status_code == 404
    assert client.get(reverse("dashboards:export", args=[COMMUNE_A1])).status_code == 404
    client = client_for(province_a_officer)
    assert client.get(reverse("dashboards:summary", args=["VN"])).status_code == 404
    assert client.get(reverse("dashboards:summary", args=[COMMUNE_B1])).status_code == 404
    assert client.get(reverse("dashboards:home")).url == reverse("dashboards:summary", args=[PROVINCE_A])


def _province_queries(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(reverse("dashboards:summary", args=[PROVINCE_A]), {"ky": "2026"}).status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_children_or_data(
    client_for,
    catalogue,
    province_a_officer,
    national_admin,
    commune_a1_officer,
    django_assert_max_num_queries,
):
    client = client_for(province_a_officer)
    hanoi = Unit.objects.get(key=PROVINCE_A)
    communes = list(Unit.objects.current().filter(parent=hanoi))
    assert len(communes) > 20
    a1 = Unit.objects.get(key=COMMUNE_A1)

    def plan(n: int):
        return movement.register_document(
            hanoi,
            by=province_a_officer,
            number_text=f"{n}/KH-UBND",
            issued_on=dt.date(2026, 2, 1 + n % 28),
            subject="Kế hoạch",
            issuing_body="UBND",
        )

    def tasks(units):
        assignment = movement.Assignment("Việc", dt.date(2026, 5, 1))
        movement.assign_tasks(plan(len(units)), units, by=province_a_officer, assignment=assignment)

    # A little of everything in one commune, then every commune with tasks and more rows of each kind.
    tasks([a1])
    practice.register(commune_a1_officer, COMMUNE_A1)
    practice_actions_record(commune_a1_officer, a1, dt.date(2026, 1, 5))
    small = _province_queries(client, django_assert_max_num_queries, 40)
    tasks(communes)
    practice.register(commune_a1_officer, COMMUNE_A1, name="Camera an ninh tổ dân phố 3")
    for day in (dt.date(2026, 2, 5), dt.date(2025, 3, 5)):
        practice_actions_record(commune_a1_officer, a1, day)
    deploy(national_programme(national_admin), PROVINCE_A, province_a_officer)
    full = _province_queries(client, django_assert_max_num_queries, 40)
    assert full == small
    # The nation (34 provinces) costs the same grouped queries, give or take its own committee rows.
    client = client_for(national_admin)
    with django_assert_max_num_queries(full + 3):
        assert client.get(reverse("dashboards:summary", args=["VN"])).status_code == 200


def test_export_opens_and_is_audited(client_for, data, province_a_officer):
    client = client_for(province_a_officer)
    response = client.get(reverse("dashboards:export", args=[PROVINCE_A]), {"ky": "2026"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary, children = book.worksheets
    rows = list(summary.iter_rows(values_only=True))
    assert any(r[0] == "Tổng số văn bản" and r[1:3] == (2, 1) for r in rows)
    names = [r[0] for r in children.iter_rows(min_row=2, values_only=True)]
    assert "Phường Ba Đình" in names
    entry = AuditEntry.objects.get(action="dashboards.exported")
    assert entry.data == {"period": "2026"}


def test_api_returns_the_same_summary(client, data, province_a_officer):
    from antq.accounts.models import ApiToken

    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(province_a_officer, 't')[1]}"}
    response = client.get(f"/api/v1/dashboards/summary/{PROVINCE_A}", {"period": "2026"}, **headers)
    assert response.status_code == 200
    body = response.json()
    assert _line(body, "documents", "documents") | {} == {
        "code": "documents",
        "label": "Tổng số văn bản",
        "current": 2.0,
        "previous": 1.0,
        "change": 1.0,
        "change_percent": 100.0,
    }
    assert _line(body, "models", "models")["previous"] is None
    assert any(c["key"] == COMMUNE_A1 and c["tasks_done"] == 1 for c in body["children"])
    bad = client.get(f"/api/v1/dashboards/summary/{PROVINCE_A}", {"period": "2026-13"}, **headers)
    assert bad.status_code == 400 and "không hợp lệ" in bad.json()["detail"]
