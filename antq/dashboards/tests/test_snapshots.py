"""The indicator snapshot: equal to the live figures when refreshed, read instead of them, replaced
(never patched) by the refresh, and skipped for whatever it does not hold."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antq.assessments.models import CommuneTally, SubjectType
from antq.assessments.tests.cycles import cycle_2026
from antq.dashboards import indicators, snapshots
from antq.dashboards.models import IndicatorSnapshot
from antq.forces.models import ForceTally
from antq.practices.rules import quarter, year
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A, PROVINCE_B, login

Y2026 = year(2026)


@pytest.fixture
def figures(db):
    """Assessment and force tallies with distinct numbers in three communes of two provinces."""
    cycle = cycle_2026()
    for key, subjects, registered, recognised in (
        (COMMUNE_A1, 12, 9, 7),
        (COMMUNE_A2, 5, 3, 1),
        (COMMUNE_B1, 8, 8, 2),
    ):
        commune = Unit.objects.get(key=key)
        CommuneTally.objects.create(
            cycle=cycle,
            commune=commune,
            subject_type=SubjectType.RESIDENTIAL_AREA,
            subjects=subjects,
            registered=registered,
            recognised=recognised,
            excellent=1,
        )
        ForceTally.objects.create(
            commune=commune,
            province=commune.parent,
            teams=subjects,
            areas_covered=registered,
            members=3 * subjects,
            computed_on=dt.date(2026, 11, 1),
        )
    return cycle


def _units() -> list[Unit]:
    keys = ["VN", PROVINCE_A, PROVINCE_B, COMMUNE_A1, COMMUNE_A2, COMMUNE_B1]
    found = {u.key: u for u in Unit.objects.filter(key__in=keys)}
    return [found[k] for k in keys]


def test_snapshot_equals_live_for_every_indicator_and_level(figures):
    units = _units()
    codes = list(indicators.REGISTRY)
    live = indicators.live_values(codes, units, Y2026)
    written = snapshots.refresh_year(2026)
    assert written == Unit.objects.current().filter(level__in=snapshots.LEVELS).count()
    found = indicators.values_many([(codes, units, Y2026)])[0]
    assert found.refreshed_at is not None
    assert found.values == live
    # Not trivially equal: the figures are there, with their types.
    assert live["assessments.subjects"][units[0].pk] == 25
    assert live["assessments.recognised_rate"][units[1].pk] == Decimal("66.7")  # 8 of 12 in province A
    assert isinstance(found.values["assessments.recognised_rate"][units[1].pk], Decimal)
    assert found.values["forces.members"][units[2].pk] == 24


def test_snapshot_is_read_not_recomputed_until_the_next_refresh(figures):
    a1 = Unit.objects.get(key=COMMUNE_A1)
    snapshots.refresh_year(2026)
    CommuneTally.objects.filter(commune=a1).update(subjects=100)
    assert indicators.values(["assessments.subjects"], [a1], Y2026)["assessments.subjects"][a1.pk] == 12
    assert indicators.live_values(["assessments.subjects"], [a1], Y2026)["assessments.subjects"][a1.pk] == 100
    out = io.StringIO()
    call_command("refresh_indicators", years="2026", stdout=out)
    assert out.getvalue().startswith("2026: ")
    assert indicators.values(["assessments.subjects"], [a1], Y2026)["assessments.subjects"][a1.pk] == 100


@pytest.mark.parametrize(
    ("case", "expect_snapshot"),
    [
        ("complete", True),
        ("a unit missing", False),
        ("an indicator missing", False),
        ("another year only", False),
    ],
)
def test_a_request_the_snapshot_cannot_answer_whole_is_computed_live(figures, case, expect_snapshot):
    units = _units()
    snapshots.refresh_year(2025 if case == "another year only" else 2026)
    if case == "a unit missing":
        IndicatorSnapshot.objects.filter(unit=units[-1]).delete()
    if case == "an indicator missing":
        row = IndicatorSnapshot.objects.get(unit=units[0], period="2026")
        del row.values["assessments.subjects"]
        row.save()
    found = indicators.values_many([(["assessments.subjects"], units, Y2026)])[0]
    assert (found.refreshed_at is not None) is expect_snapshot
    assert found.values == indicators.live_values(["assessments.subjects"], units, Y2026)


def test_quarters_are_always_live_and_cost_no_snapshot_query(figures):
    snapshots.refresh_year(2026)
    units = _units()
    with CaptureQueriesContext(connection) as captured:
        found = indicators.values_many([(["assessments.subjects"], units, quarter(2026, 3))])[0]
    assert found.refreshed_at is None
    assert not any("dashboards_indicatorsnapshot" in q["sql"] for q in captured.captured_queries)


def test_board_from_the_snapshot_shows_its_time_and_costs_a_constant_few_queries(
    client, national_admin, figures, django_assert_max_num_queries
):
    url = reverse("dashboards:board", args=[PROVINCE_A])
    client = login(client, national_admin)
    live_page = client.get(url, {"ky": "2026"})
    assert "Số liệu tính trực tiếp từ dữ liệu gốc" in live_page.content.decode()
    with CaptureQueriesContext(connection) as live:
        client.get(url, {"ky": "2026"})
    snapshots.refresh([2022, 2023, 2024, 2025, 2026])
    IndicatorSnapshot.objects.filter(period="2022").update(
        refreshed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    stamp = IndicatorSnapshot.objects.filter(period="2026").earliest("refreshed_at").refreshed_at
    with django_assert_max_num_queries(len(live) - 20) as captured:
        page = client.get(url, {"ky": "2026"})
    html = page.content.decode()
    from django.utils import timezone

    assert f"Số liệu cập nhật lúc {timezone.localtime(stamp):%H:%M %d/%m/%Y}" in html
    assert sum("dashboards_indicatorsnapshot" in q["sql"] for q in captured.captured_queries) == 1
    # The same figures as the live page (the value column of A's own subjects: 12 + 5).
    assert page.context["board"].line("assessments.subjects").value == 17
    assert live_page.context["board"].line("assessments.subjects").value == 17


def test_map_and_api_read_the_snapshot(client, national_admin, figures):
    snapshots.refresh_year(2026)
    client = login(client, national_admin)
    page = client.get(reverse("dashboards:map"), {"ky": "2026", "chi-so": "assessments.subjects"})
    assert page.context["map"].refreshed_at is not None
    assert "Số liệu cập nhật lúc" in page.content.decode()
    from antq.accounts.models import ApiToken

    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(national_admin, 't')[1]}"}
    answer = Client().get(
        "/api/v1/dashboards/indicators/01", {"period": "2026", "codes": "assessments.subjects"}, **headers
    )
    assert answer.status_code == 200
    assert answer.json()["refreshed_at"] is not None
    assert answer.json()["indicators"][0]["value"] == 17


def test_refresh_task_runs_through_the_database_queue(figures, monkeypatch):
    from antq.dashboards.tasks import refresh_indicators

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    result = refresh_indicators.enqueue([2026])
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"2026": IndicatorSnapshot.objects.filter(period="2026").count()}
    assert IndicatorSnapshot.objects.filter(period="2026").exists()
