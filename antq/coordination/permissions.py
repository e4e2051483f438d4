"""Who may change programmes and inspections. Pages, API and templates ask the same predicates.

Reading follows the querysets' `visible_to`. Writing needs an editor role (national admin, province
or commune officer; steering members read only) covering the unit that acts: the programme's owner
for programmes and their reports, the inspector for plans and findings, the inspected unit (or a
unit above it) for follow-up.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from antq.accounts.models import EDITOR_ROLES
from antq.units.models import Unit


def can_act_for(user: Any, unit: Unit) -> bool:
    """An editor whose role covers `unit` (a current unit) may act in its name."""
    if user is None or not getattr(user, "is_authenticated", False) or not unit.is_current:
        return False
    if user.is_superuser:
        return True
    return any(a.role in EDITOR_ROLES and unit.path.startswith(a.unit.path) for a in user.active_roles)


def can_manage_programme(user: Any, programme: Any) -> bool:
    return can_act_for(user, programme.owner)


def can_change_report_files(user: Any, programme: Any) -> bool:
    """Add or remove a report's files: who may report, while the programme's period has not ended."""
    ended = programme.period_to is not None and programme.period_to < timezone.localdate()
    return not ended and can_manage_programme(user, programme)


def can_manage_inspection(user: Any, inspection: Any) -> bool:
    return can_act_for(user, inspection.inspector)


def can_follow_up(user: Any, inspected: Any) -> bool:
    return can_act_for(user, inspected.unit)
