"""Who may do what in the yearly cycle. Templates use the same predicates as the views."""

from __future__ import annotations

from typing import Any

from antq.accounts.models import Role


def can_manage_cycles(user: Any) -> bool:
    """Cycles, criteria, thresholds and authority rules are national data: only the national admin edits."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.has_role(Role.NATIONAL_ADMIN))
