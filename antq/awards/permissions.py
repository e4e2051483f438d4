"""Who may propose, review and decide commendations. Pages, API and templates ask the same predicates.

Reading follows `Proposal.objects.visible_to`. Writing needs an editor role (national admin,
province or commune officer) covering the acting unit: the proposer to propose, the reviewing unit
(the awarding level) to review and decide.
"""

from __future__ import annotations

from typing import Any

from antq.accounts.models import EDITOR_ROLES
from antq.units.models import Unit


def can_act_for(user: Any, unit: Unit) -> bool:
    """An editor whose role covers `unit` (a current unit) may act in its name."""
    if user is None or not getattr(user, "is_authenticated", False) or not unit.is_current:
        return False
    if user.is_superuser:
        return True
    return any(a.role in EDITOR_ROLES and unit.path.startswith(a.unit.path) for a in user.active_roles)


def can_review(user: Any, proposal: Any) -> bool:
    return proposal.status in ("proposed", "raised", "reviewed") and can_act_for(user, proposal.reviewer)


def can_decide(user: Any, proposal: Any) -> bool:
    return proposal.status == "reviewed" and can_act_for(user, proposal.reviewer)
