from __future__ import annotations

from datetime import date

import pytest

from antq.forces import actions
from antq.forces.seed import seed_team_size_rules
from antq.forces.tests.helpers import TODAY, person_data
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_B1


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    # Dates in the future are refused; pin "today" so the tests do not depend on the wall clock.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def a1(db):
    return Unit.objects.get(key=COMMUNE_A1)


@pytest.fixture
def b1(db):
    return Unit.objects.get(key=COMMUNE_B1)


@pytest.fixture
def officer(personas):
    return personas["commune_a1_officer"]


@pytest.fixture
def team(a1, officer, sample_participants):
    seed_team_size_rules()
    return actions.establish_team(
        a1,
        by=officer,
        residential_area=sample_participants["a1_areas"][0],
        name="Tổ bảo vệ ANTT số 1",
        decision_number="15/QĐ-UBND",
        established_on=date(2024, 7, 1),
    )


@pytest.fixture
def full_team(team, officer):
    """The team with a leader, a deputy and a member (the second member lacks a health certificate)."""
    for n, role in ((1, "leader"), (2, "deputy"), (3, "member")):
        actions.add_member(
            team,
            by=officer,
            person=person_data(n, health_certificate_on=None if n == 3 else date(2026, 1, 10)),
            role=role,
            joined_on=date(2024, 8, 1),
            decision_ref="20/QĐ-UBND",
        )
    return team
