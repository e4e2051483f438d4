"""Who may change festival campaigns, events and results. Pages, API and templates ask these.

Reading follows the querysets' `visible_to`. Writing needs an editor role (national admin, province
or commune officer; steering members read only) covering the acting unit: the province for its
campaign, the commune for its events and their results.
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


def can_manage_campaign(user: Any, campaign: Any) -> bool:
    return can_act_for(user, campaign.province)


def can_manage_event(user: Any, event: Any) -> bool:
    return can_act_for(user, event.commune)
