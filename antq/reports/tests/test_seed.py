"""The regimes load once (an edited regime is kept) and the demo reports give the province a picture."""

from __future__ import annotations

import pytest

from antq.reports.models import Report, ReportDefinition
from antq.reports.seed import DEFINITIONS, seed_definitions, seed_demo_reports
from antq.reports.tests.helpers import TODAY
from antq.testing.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_regimes_load_once_and_keep_edits():
    assert seed_definitions() == len(DEFINITIONS)
    ReportDefinition.objects.filter(code="cax-thang").update(due_day=10)
    assert seed_definitions() == 0
    assert ReportDefinition.objects.get(code="cax-thang").due_day == 10
    assert ReportDefinition.objects.get(code="cat-nam").source.code == "cax-nam"
    assert all(d.needs_verification for d in ReportDefinition.objects.all())


def test_demo_reports(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    user_with_role("xa.badinh", "commune_officer", "00004")
    user_with_role("tinh.hanoi", "province_officer", "01")
    assert seed_demo_reports(TODAY) == 4
    assert seed_demo_reports(TODAY) == 0
    states = dict(Report.objects.filter(period_key="2026-10").values_list("unit__key", "on_time"))
    assert states == {"00004": True, "00008": False, "00025": True}


def test_every_indicator_a_seeded_report_asks_for_exists_and_the_monthly_report_counts_tips():
    """A code missing from the registry would print an empty row in every report of that type."""
    from antq.dashboards.indicators import REGISTRY
    from antq.reports.seed import DEFINITIONS

    asked = {
        code for definition in DEFINITIONS for section in definition["sections"] for code in section["codes"]
    }
    assert asked and asked <= set(REGISTRY), sorted(asked - set(REGISTRY))
    monthly = next(d for d in DEFINITIONS if d["code"] == "cax-thang")
    assert {"tips.received", "tips.resolved", "tips.overdue"} <= set(monthly["sections"][0]["codes"])
