"""Who may see and change the force's roster. Pages, API and templates all ask these predicates.

Personal data of members (names, date of birth, citizen ID, phone, residence, education, health,
background) is for the police only: the commune police of the team's commune and the police
above it (province officer, national administrator). Steering-committee members and everyone
else who sees the commune see counts only.
"""

from __future__ import annotations

from typing import Any

from antq.accounts.models import EDITOR_ROLES, Role
from antq.accounts.permissions import can_edit_commune
from antq.units.models import Unit

# The police roles (steering members are not police).
POLICE_ROLES = EDITOR_ROLES


def can_see_personal_data(user: Any, commune: Unit) -> bool:
    """The police of `commune` or of a unit above it (or a staff superuser)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return any(a.role in POLICE_ROLES and commune.path.startswith(a.unit.path) for a in user.active_roles)


def can_manage_forces(user: Any, commune: Unit) -> bool:
    """Establish and dissolve teams, record and end memberships: the commune's editors (police)."""
    return bool(
        user is not None and getattr(user, "is_authenticated", False) and can_edit_commune(user, commune)
    )


def can_edit_allowance_rates(user: Any, province: Unit) -> bool:
    """Enter a province's monthly allowance rates: the national administrator and that province's officers."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if province.level != Unit.Level.PROVINCE or not province.is_current:
        return False
    if user.is_superuser:
        return True
    return any(
        a.role in (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER) and province.path.startswith(a.unit.path)
        for a in user.active_roles
    )


def can_import_roster(user: Any, unit: Unit) -> bool:
    """Import a roster file for a commune, a province or the whole country: the police covering the unit.

    Each row is checked again against `can_manage_forces` of the commune it names.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not unit.is_current:
        return False
    if unit.level not in {Unit.Level.COMMUNE, Unit.Level.PROVINCE, Unit.Level.NATIONAL}:
        return False
    if user.is_superuser:
        return True
    return any(a.role in POLICE_ROLES and unit.path.startswith(a.unit.path) for a in user.active_roles)
