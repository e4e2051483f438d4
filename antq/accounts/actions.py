"""Account state changes: roles, TOTP devices, API tokens. Each one is audited."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts.models import ApiToken, Role, RoleAssignment, User, role_unit_error
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.units.models import Unit


@transaction.atomic
def assign_role(user: User, *, role: str, unit: Unit, by: User | None) -> RoleAssignment:
    """Give `user` the `role` on `unit` (and so on its subtree)."""
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ."))
    error = role_unit_error(role, unit)
    if error:
        raise DomainError(error)
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=user, role=role, unit=unit, defaults={"is_active": True}
    )
    log_action(user, "accounts.role.assigned", actor=by, data={"role": role, "unit": unit.key})
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, by: User | None) -> None:
    """Withdraw a role; the row is kept inactive for history."""
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])
    log_action(
        assignment.user,
        "accounts.role.revoked",
        actor=by,
        data={"role": assignment.role, "unit": assignment.unit.key},
    )


@transaction.atomic
def change_password(user: User, *, new_password: str, request: HttpRequest | None = None) -> None:
    """Set an already validated password and record the change (never the password itself)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    log_action(user, "accounts.password.changed", actor=user, request=request)


def start_totp_enrolment(user: User) -> TOTPDevice:
    """Create (or reuse) the user's unconfirmed TOTP device for enrolment."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="ANTQ", confirmed=False)


@transaction.atomic
def confirm_totp(device: TOTPDevice, token: str, *, by: User) -> bool:
    """Confirm an enrolment with the first valid code; older devices of the user are removed."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_action(by, "accounts.totp.enrolled", actor=by)
    return True


def verify_totp(device: TOTPDevice, token: str, *, by: User, request: HttpRequest | None = None) -> bool:
    """Check a code from a confirmed device; a wrong code is audited, since the password was right."""
    if device.verify_token(token):
        return True
    log_action(by, "accounts.totp.failed", actor=by, request=request)
    return False


@transaction.atomic
def issue_api_token(user: User, *, label: str, request: HttpRequest | None = None) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is shown once and never stored."""
    token, raw = ApiToken.issue(user, label)
    log_action(
        user,
        "accounts.api_token.issued",
        actor=user,
        data={"label": label, "prefix": token.prefix},
        request=request,
    )
    return token, raw


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: User, request: HttpRequest | None = None) -> None:
    """Revoke a token at once; requests carrying it answer 401 from now on."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(
        token.user,
        "accounts.api_token.revoked",
        actor=by,
        data={"label": token.label, "prefix": token.prefix},
        request=request,
    )
