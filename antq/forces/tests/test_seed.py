"""The team-size rules and the demo roster load once and show on the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from antq.forces.models import Membership, Team, TeamSizeRule
from antq.units.models import Unit
from antq.units.seed import seed_units_demo

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_rules_resolve_by_province():
    seed_units_demo()
    call_command("seed_forces", "--demo", verbosity=0)
    teams, members = Team.objects.count(), Membership.objects.count()
    assert teams == 19 and members > 3 * teams
    call_command("seed_forces", "--demo", verbosity=0)
    assert (Team.objects.count(), Membership.objects.count()) == (teams, members)
    hcmc = TeamSizeRule.for_commune(Unit.objects.get(key="26740"), date(2026, 1, 1))
    national = TeamSizeRule.for_commune(Unit.objects.get(key="00004"), date(2026, 1, 1))
    assert hcmc is not None and hcmc.province is not None and hcmc.province.key == "79"
    assert national is not None and national.province is None and national.needs_verification
    assert (
        TeamSizeRule.for_commune(Unit.objects.get(key="00004"), date(2024, 6, 30)) is None
    )  # before the law
