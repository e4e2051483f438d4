"""Users, their roles on units, and API tokens. A role covers the unit's whole subtree."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.units.models import Unit


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Quản trị toàn quốc (Cục V05)")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ Công an tỉnh")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ Công an xã")
    STEERING_MEMBER = "steering_member", _("Thành viên Ban Chỉ đạo")
    # Named officers of a receiving police unit (commune or province) who handle tip-offs and alone
    # may reveal an informant's identity (issue 7; domain/06 §6).
    TIP_HANDLER = "tip_handler", _("Cán bộ thụ lý tin báo, tố giác")
    # Writes and publishes the unit's news on the public portal; no other editing right.
    NEWS_EDITOR = "news_editor", _("Biên tập viên cổng thông tin")


# Roles that change data; steering members only read.
EDITOR_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER})
# Roles whose holders must pass a TOTP check after the password.
OTP_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER, Role.TIP_HANDLER})
# The unit level a role is assigned on.
ROLE_LEVEL = {
    Role.NATIONAL_ADMIN: Unit.Level.NATIONAL,
    Role.PROVINCE_OFFICER: Unit.Level.PROVINCE,
    Role.COMMUNE_OFFICER: Unit.Level.COMMUNE,
}


def role_unit_error(role: str, unit: Unit) -> str | None:
    """Why `role` may not be held on `unit` (a Vietnamese message), or None when it may."""
    expected = ROLE_LEVEL.get(Role(role)) if role in Role.values else None
    if expected is not None and unit.level != expected:
        return _("Vai trò “%(role)s” chỉ giao được trên đơn vị %(level)s; “%(unit)s” không phải.") % {
            "role": Role(role).label,
            "level": str(Unit.Level(expected).label).lower(),
            "unit": unit.name,
        }
    if not unit.is_current:
        return _("Không giao quyền trên đơn vị đã hết hiệu lực (“%(unit)s”).") % {"unit": unit.name}
    return None


class User(AbstractUser):
    """A person who signs in: an officer, a steering-committee member or a back-office admin."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def active_roles(self) -> list[RoleAssignment]:
        return list(self.role_assignments.filter(is_active=True).select_related("unit"))

    def scope_paths(self) -> list[str] | None:
        """Subtree roots this user may read; None means everything (staff superuser)."""
        if self.is_superuser:
            return None
        return [assignment.unit.path for assignment in self.active_roles]

    def has_role(self, *roles: str) -> bool:
        return any(a.role in roles for a in self.active_roles)

    @property
    def needs_otp(self) -> bool:
        return self.is_superuser or self.has_role(*OTP_ROLES)

    @property
    def primary_role(self) -> RoleAssignment | None:
        roles = sorted(self.active_roles, key=lambda a: len(a.unit.path))
        return roles[0] if roles else None

    @property
    def audit_unit_label(self) -> str:
        role = self.primary_role
        return f"{role.unit.name} ({role.get_role_display()})" if role else ""


class RoleAssignment(models.Model):
    """A role held by a user on a unit; it covers that unit's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    created_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.unit}"

    def clean(self) -> None:
        super().clean()
        # The back office (admin inline) goes through here; actions.assign_role checks the same rule.
        if self.role and self.unit_id is not None and self.is_active:
            error = role_unit_error(self.role, self.unit)
            if error:
                raise ValidationError({"unit": error})


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("tên gợi nhớ"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, label: str) -> tuple[ApiToken, str]:
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, label=label, digest=cls.hash(raw), prefix=raw[:8])
        return token, raw
