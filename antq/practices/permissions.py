"""Who may record models, examples and activities: the police (editors) of the unit or above.

Reading follows `visible_to(user)` (steering members read what their unit sees). Writing needs an
editor role covering the unit, which must be current and at commune level or above.
"""

from __future__ import annotations

from typing import Any

from antq.accounts.models import EDITOR_ROLES
from antq.units.models import Unit

RECORDING_LEVELS = frozenset({Unit.Level.NATIONAL, Unit.Level.PROVINCE, Unit.Level.COMMUNE})


def covers(user: Any, unit: Unit) -> bool:
    """An editor role of `user` covers `unit` (or the user is a staff superuser)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(a.role in EDITOR_ROLES and unit.path.startswith(a.unit.path) for a in user.active_roles)


def can_record(user: Any, unit: Unit) -> bool:
    """Register models, examples and activities of `unit`, evaluate and replicate its models."""
    return unit.level in RECORDING_LEVELS and unit.is_current and covers(user, unit)


def can_add_model_type(user: Any, province: Unit | None) -> bool:
    """National catalogue: the national administrator; a province's own types: its officers."""
    if province is None:
        national = Unit(level=Unit.Level.NATIONAL, path="/VN/")
        return covers(user, national)
    return province.level == Unit.Level.PROVINCE and province.is_current and covers(user, province)
