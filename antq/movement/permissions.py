"""Who may change the movement's committees, documents and tasks. Reads go through visible_to()."""

from __future__ import annotations

from typing import Any

from antq.accounts.models import EDITOR_ROLES
from antq.units.models import Unit


def can_manage_unit(user: Any, unit: Unit) -> bool:
    """Officers (not steering members) of the unit or of a unit above it, on a current unit."""
    if user is None or not getattr(user, "is_authenticated", False) or not unit.is_current:
        return False
    if user.is_superuser:
        return True
    return any(a.role in EDITOR_ROLES and unit.path.startswith(a.unit.path) for a in user.active_roles)


def can_assign_from(user: Any, issuer: Unit) -> bool:
    """Assign tasks of a plan: the officers who may manage the issuing unit."""
    return can_manage_unit(user, issuer)


def can_report_on(user: Any, task_unit: Unit) -> bool:
    """Report progress: the officers of the unit the task was given to (or above it)."""
    return can_manage_unit(user, task_unit)
