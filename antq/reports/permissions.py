"""Who may do what with periodic reports. Pages, API and templates ask these same predicates.

Reading follows `Report.objects.visible_to`. Writing needs an editor role (national admin, province or
commune officer; steering members read only):

* generate, edit, refresh, submit, aggregate: an editor whose role covers the reporting unit;
* accept or return: an editor whose role sits on a unit at the definition's receiving level that
  holds the reporting unit (the province for its communes, the nation for provinces).
"""

from __future__ import annotations

from typing import Any

from antq.accounts.models import EDITOR_ROLES
from antq.reports import rules
from antq.units.models import Unit


def _editor_units(user: Any) -> list[Unit]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [a.unit for a in user.active_roles if a.role in EDITOR_ROLES]


def can_act_for(user: Any, unit: Unit) -> bool:
    """An editor whose role covers `unit` (a current unit) may report in its name."""
    if user is None or not getattr(user, "is_authenticated", False) or not unit.is_current:
        return False
    if user.is_superuser:
        return True
    return any(unit.path.startswith(u.path) for u in _editor_units(user))


def can_report(user: Any, definition: Any, unit: Unit) -> bool:
    """Generate a report of `definition` for `unit`: a unit at the reporting level, in the user's hands."""
    return definition.is_active and unit.level == definition.reporting_level and can_act_for(user, unit)


def can_edit(user: Any, report: Any) -> bool:
    return rules.allowed(report.status, "edit") and can_act_for(user, report.unit)


def can_submit(user: Any, report: Any) -> bool:
    return rules.allowed(report.status, "submit") and can_act_for(user, report.unit)


def is_receiver(user: Any, report: Any) -> bool:
    """The user holds an editor role at the receiving level over the report's unit."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    level = report.definition.receiving_level
    return any(u.level == level and report.unit.path.startswith(u.path) for u in _editor_units(user))


def can_review(user: Any, report: Any) -> bool:
    """Accept or return a submitted report."""
    return rules.allowed(report.status, "accept") and is_receiver(user, report)


def can_follow(user: Any, unit: Unit) -> bool:
    """See the completeness of the units below `unit` (a province or the nation in the user's scope)."""
    return unit.level in (Unit.Level.PROVINCE, Unit.Level.NATIONAL) and unit.is_current
