"""Core models: the audit log of named events. Core knows no domain."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk))


class AuditEntry(models.Model):
    """One named event: who did what to which object, when, acting from which unit."""

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    actor_unit = models.CharField(_("đơn vị"), max_length=255, blank=True)
    action = models.CharField(_("hành động"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhật ký hệ thống")
        verbose_name_plural = _("nhật ký hệ thống")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_username} {self.action}"

    @property
    def action_label(self) -> str:
        from antq.core.audit import action_label

        return str(action_label(self.action))


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A short in-app message for one user: plain text and a link, written by any app through notify()."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.CharField(_("nội dung"), max_length=255)
    link = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    # The kind the caller gave (notifications.KINDS); users may switch a kind off (preferences).
    kind = models.CharField(_("loại"), max_length=40, default="general", db_index=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message


class NotificationPreference(models.Model):
    """One user's choice of notification kinds to receive and whether to receive them by email too."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    muted_kinds = models.JSONField(_("loại thông báo không nhận"), default=list, blank=True)
    email = models.BooleanField(_("nhận cả qua thư điện tử"), default=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")

    def __str__(self) -> str:
        return str(self.user_id)
