"""`seed_assessments --demo` fills the 2026 cycle of the demo communes through the actions, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from antq.assessments.models import (
    Assessment,
    ClassThreshold,
    CommuneTally,
    Decision,
    Registration,
    SubjectType,
)
from antq.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_assessments", "--demo", stdout=out)
    return out.getvalue()


def _tally(key: str) -> dict[str, int]:
    rows = CommuneTally.objects.filter(cycle__year=2026, commune__key=key)
    measures = (
        "registered",
        "submitted",
        "approved",
        "decided",
        "recognised",
        "excellent",
        "good",
        "average",
    )
    return rows.aggregate(**{m: Sum(m) for m in measures})


def _counts() -> tuple[int, ...]:
    return (
        Registration.objects.count(),
        Assessment.objects.count(),
        Decision.objects.count(),
        AuditEntry.objects.count(),
        *(n for n in _tally("00004").values()),
    )


def test_demo_seed_fills_the_cycle_through_the_actions_once():
    call_command("seed_demo", stdout=StringIO())
    output = _seed()
    assert "Bỏ qua" not in output, output

    ba_dinh = _tally("00004")
    assert ba_dinh["registered"] == 22  # 16 of 18 areas, 5 of 6 organisations, the commune itself
    assert ba_dinh["decided"] == 15 and ba_dinh["recognised"] == 13  # two areas fail a TT 124 criterion
    assert ba_dinh["excellent"] and ba_dinh["good"] and ba_dinh["average"]
    assert ba_dinh["submitted"] > ba_dinh["approved"]  # files left in the review queue
    ngoc_ha = _tally("00008")
    assert ngoc_ha["registered"] == 12 and ngoc_ha["recognised"] == 7

    areas = CommuneTally.objects.get(
        cycle__year=2026, commune__key="00004", subject_type=SubjectType.RESIDENTIAL_AREA
    )
    assert (areas.subjects, areas.registered) == (18, 16)  # realistic: not everyone registered
    assert Assessment.objects.filter(status=Assessment.Status.DRAFT, subject__commune__key="00004").exists()
    assert Registration.objects.filter(is_late=True, subject__commune__key="00004").exists()

    # Through the actions: every registration and decision has its audit entry, by the demo officers.
    actors = set(
        AuditEntry.objects.filter(action="assessments.registration.created").values_list(
            "actor_username", flat=True
        )
    )
    assert actors == {"xa.badinh", "tinh.hanoi"}
    assert (
        AuditEntry.objects.filter(action="assessments.registration.created").count()
        == Registration.objects.count()
    )
    assert (
        AuditEntry.objects.filter(action="assessments.decision.issued").count()
        == Decision.objects.count()
        == 3
    )
    decided = Assessment.objects.filter(status=Assessment.Status.DECIDED)
    assert AuditEntry.objects.filter(action="assessments.assessment.decided").count() == decided.count()
    assert set(Decision.objects.values_list("issued_on__month", "issued_on__year")) == {(11, 2026)}
    # Demo thresholds were entered as data and stay marked for verification.
    assert ClassThreshold.objects.filter(min_points__isnull=False, needs_verification=True).exists()

    before = _counts()
    again = _seed()
    assert "Bỏ qua" not in again, again
    assert _counts() == before
