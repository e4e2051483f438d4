"""Who may write, publish and moderate on the portal. Pages, API and templates ask these.

Decision (docs/permissions.md): the news editor role (`news_editor`) and the unit's officers (national
administrator, province or commune officer) whose role covers the article's unit may write, publish,
withdraw and moderate its comments. Steering-committee members and tip handlers may not. An editor
publishes in the name of the units they hold a role on (not of every commune below them).
"""

from __future__ import annotations

from typing import Any

from antq.accounts.models import EDITOR_ROLES, Role
from antq.units.models import Unit

PORTAL_ROLES = frozenset(EDITOR_ROLES | {Role.NEWS_EDITOR})


def can_write_for(user: Any, unit: Unit) -> bool:
    """A portal editor whose role covers `unit` (a current unit) may act in its name."""
    if user is None or not getattr(user, "is_authenticated", False) or not unit.is_current:
        return False
    if user.is_superuser:
        return True
    return any(a.role in PORTAL_ROLES and unit.path.startswith(a.unit.path) for a in user.active_roles)


def is_portal_editor(user: Any) -> bool:
    """Whether the user may write for at least one unit (shows the editor's menu)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or any(a.role in PORTAL_ROLES for a in user.active_roles))


def publishing_units(user: Any) -> list[Unit]:
    """The units an editor may choose as publisher: those of their portal roles (current ones)."""
    if not is_portal_editor(user):
        return []
    if user.is_superuser:
        return list(Unit.objects.filter(level=Unit.Level.NATIONAL))
    units = {a.unit.pk: a.unit for a in user.active_roles if a.role in PORTAL_ROLES and a.unit.is_current}
    return sorted(units.values(), key=lambda u: (len(u.path), u.name))


def can_edit_article(user: Any, article: Any) -> bool:
    return can_write_for(user, article.unit)


def can_moderate(user: Any, comment: Any) -> bool:
    return can_write_for(user, comment.article.unit)
