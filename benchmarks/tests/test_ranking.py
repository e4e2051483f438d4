"""The ranking check the bench times: None without teams, a constant number of queries with them."""

from __future__ import annotations

from datetime import date

import pytest

from antq.forces import actions
from antq.forces.tests.helpers import person_data
from antq.units.models import Unit
from benchmarks.ranking import ranking_check
from conftest import COMMUNE_A1


@pytest.mark.django_db
def test_ranking_check_of_the_largest_commune(personas, sample_participants):
    assert ranking_check() is None
    commune = Unit.objects.get(key=COMMUNE_A1)
    officer = personas["commune_a1_officer"]
    counts = []
    for n in range(1, 4):
        team = actions.establish_team(
            commune,
            by=officer,
            residential_area=sample_participants["a1_areas"][0],
            name=f"Tổ {n}",
            decision_number=f"{n}/QĐ",
            established_on=date(2024, 7, 1),
        )
        actions.add_member(
            team,
            by=officer,
            person=person_data(n),
            role="leader",
            joined_on=date(2024, 8, 1),
            decision_ref="1",
        )
        result = ranking_check(2026)
        assert result is not None and result.teams == n
        assert result.violations == 2 * n  # neither the team nor its leader has a level yet
        counts.append(result.queries)
    assert len(set(counts)) == 1, counts
