"""Who may do what. Templates use the same predicates, so a button shows exactly when allowed."""

from __future__ import annotations

from django.http import Http404

from antq.accounts.models import EDITOR_ROLES, Role, User
from antq.core.errors import DomainError
from antq.units.models import Unit


def _covers(user: User, path: str, roles: frozenset[str] | set[str]) -> bool:
    if user.is_superuser:
        return True
    return any(a.role in roles and path.startswith(a.unit.path) for a in user.active_roles)


def can_view_unit(user: User, unit: Unit) -> bool:
    return Unit.objects.visible_to(user).filter(pk=unit.pk).exists()


def can_edit_commune(user: User, commune: Unit) -> bool:
    """Editors (not steering members) may change residential areas and organisations of a commune."""
    return (
        user.is_authenticated
        and commune.level == Unit.Level.COMMUNE
        and commune.is_current
        and _covers(user, commune.path, EDITOR_ROLES)
    )


def can_view_audit_log(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.NATIONAL_ADMIN))


def can_merge_units(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.NATIONAL_ADMIN))


def require(allowed: bool, message: str = "") -> None:
    """Refuse with DomainError (shown to the user) when a visible object may not be changed."""
    if not allowed:
        raise DomainError(message or "Bạn không có quyền thực hiện thao tác này.")


def require_visible(allowed: bool) -> None:
    """Outside the user's scope answers 404 so that existence does not leak."""
    if not allowed:
        raise Http404
