"""Who may do what with tips. Pages, API and templates ask these predicates.

Reading: `Tip.objects.visible_to(user)` (police roles whose unit covers the receiving unit; steering
members and every non-police user see nothing, 404). Handling (status, messages, transfer, deadlines,
outcome): a police role covering the receiving unit. Revealing the informant's identity: only a tip
handler (Role.TIP_HANDLER) assigned on the receiving unit itself, never anyone above it.
"""

from __future__ import annotations

from typing import Any

from antq.accounts.models import Role
from antq.tips.models import POLICE_ROLES, Tip

HANDLER_ROLES = POLICE_ROLES


def is_police(user: Any) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or any(a.role in POLICE_ROLES for a in user.active_roles)


def can_handle(user: Any, tip: Tip) -> bool:
    """A police officer whose role covers the receiving unit may work on the tip."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    path = tip.receiving_unit.path
    return any(a.role in HANDLER_ROLES and path.startswith(a.unit.path) for a in user.active_roles)


def can_transfer(user: Any, tip: Tip) -> bool:
    return can_handle(user, tip) and not tip.is_closed


def can_reveal(user: Any, tip: Tip) -> bool:
    """Only a tip handler of the receiving unit, and only while an identity is stored."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if tip.anonymous:
        return False
    return any(a.role == Role.TIP_HANDLER and a.unit_id == tip.receiving_unit_id for a in user.active_roles)
