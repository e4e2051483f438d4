"""Crime tip-offs and citizen feedback: the tip, its messages, files and moves, and the personal data
held about the sender (an encrypted identity in its own table, consent records, data-subject requests).

A tip is read only by police roles whose unit covers the receiving unit (`TipQuerySet.visible_to`);
the informant's identity only by a tip handler of the receiving unit, through `actions.reveal_identity`.
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.text import random_string
from antq.units.models import Unit, scope_q

if TYPE_CHECKING:
    from antq.units.models import Viewer

# Roles that see tips of their subtree (never steering members, news editors or other users).
POLICE_ROLES = frozenset({"national_admin", "province_officer", "commune_officer", "tip_handler"})


class TipFilesStorage(FileSystemStorage):
    """The files of tips: outside MEDIA_ROOT, so never served by /media/ (downloads go through a view).

    The folder is read from settings.ANTQ_TIPS_FILES_DIR at each use, so tests can point it elsewhere.
    """

    @property
    def base_location(self) -> str:
        return str(settings.ANTQ_TIPS_FILES_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


tip_files = TipFilesStorage()


def tip_files_storage() -> TipFilesStorage:
    return tip_files


class TipCategory(models.Model):
    """A category a citizen picks for a tip or a feedback (data, editable in the back office)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    for_feedback = models.BooleanField(_("dùng cho phản ánh, kiến nghị"), default=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("loại tin báo")
        verbose_name_plural = _("loại tin báo")

    def __str__(self) -> str:
        return self.name


class TipQuerySet(models.QuerySet["Tip"]):
    def visible_to(self, user: Viewer) -> TipQuerySet:
        """Tips received by a unit inside a police role's subtree; nobody else sees any."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        paths = [a.unit.path for a in user.active_roles if a.role in POLICE_ROLES]
        if not paths:
            return self.none()
        return self.filter(scope_q(paths, "receiving_unit__path"))

    def open(self) -> TipQuerySet:
        return self.exclude(status__in=Tip.CLOSED_STATUSES)

    def overdue(self, today: object) -> TipQuerySet:
        return self.open().filter(due_on__lt=today)

    def due_soon(self, today: object, until: object) -> TipQuerySet:
        return self.open().filter(due_on__gte=today, due_on__lte=until)


def tracking_code() -> str:
    # 12 characters of an unambiguous alphabet (no 0/O, 1/I/L): ~60 bits, shown in groups of four.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return random_string(alphabet, 12)


class Tip(models.Model):
    """A crime denunciation, crime report or citizen feedback received through the system."""

    class Kind(models.TextChoices):
        CRIME_DENUNCIATION = "crime_denunciation", _("Tố giác về tội phạm")
        CRIME_REPORT = "crime_report", _("Tin báo về tội phạm")
        FEEDBACK = "feedback", _("Phản ánh về an ninh, trật tự")
        RECOMMENDATION = "recommendation", _("Kiến nghị")

    class Channel(models.TextChoices):
        WEB = "web", _("Cổng thông tin")
        IN_PERSON = "in_person", _("Trực tiếp")
        PHONE = "phone", _("Điện thoại")
        POST = "post", _("Bưu điện")
        VNEID = "vneid", _("VNeID")
        OTHER = "other", _("Khác")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        VERIFYING = "verifying", _("Đang kiểm tra, xác minh")
        TRANSFERRED = "transferred", _("Đã chuyển đơn vị có thẩm quyền")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã kết thúc")
        PROSECUTE = "prosecute", _("Quyết định khởi tố vụ án hình sự")
        NOT_PROSECUTE = "not_prosecute", _("Quyết định không khởi tố vụ án hình sự")
        SUSPENDED = "suspended", _("Tạm đình chỉ việc giải quyết nguồn tin")

    CRIME_KINDS = frozenset({Kind.CRIME_DENUNCIATION, Kind.CRIME_REPORT})
    CLOSED_STATUSES = frozenset(
        {Status.ANSWERED, Status.CLOSED, Status.PROSECUTE, Status.NOT_PROSECUTE, Status.SUSPENDED}
    )
    OUTCOMES = (Status.PROSECUTE, Status.NOT_PROSECUTE, Status.SUSPENDED)

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    # Foreign keys without an index of their own where a composite index below starts with them or
    # nothing looks rows up by them: each index is paid on every public submission (benchmarks/tips.py).
    category = models.ForeignKey(
        TipCategory, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="tips", db_index=False
    )
    channel = models.CharField(
        _("hình thức tiếp nhận"), max_length=10, choices=Channel.choices, default="web"
    )
    summary = models.TextField(_("nội dung"))
    occurred_on = models.DateField(_("ngày xảy ra"), null=True, blank=True)
    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    commune = models.ForeignKey(
        Unit,
        verbose_name=_("xã, phường, đặc khu"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    address = models.CharField(_("địa chỉ, nơi xảy ra"), max_length=255, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    receiving_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_tips",
        db_index=False,
    )
    status = models.CharField(_("trạng thái"), max_length=15, choices=Status.choices, default="received")
    register_no = models.CharField(_("số sổ tiếp nhận"), max_length=50, blank=True)
    received_on = models.DateField(_("ngày tiếp nhận"))
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    deadline_on = models.DateField(_("hạn giải quyết"))
    extended_to = models.DateField(_("gia hạn đến"), null=True, blank=True)
    # The deadline in force (extended_to or deadline_on), kept for the inbox's indexed filters.
    due_on = models.DateField(_("hạn hiện hành"), db_index=True)
    outcome = models.TextField(_("kết quả giải quyết"), blank=True)
    outcome_on = models.DateField(_("ngày có kết quả"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    anonymous = models.BooleanField(_("ẩn danh"), default=True)
    confidentiality_requested = models.BooleanField(_("đề nghị giữ bí mật"), default=True)
    protection_requested = models.BooleanField(_("đề nghị bảo vệ"), default=False)
    notify_result = models.BooleanField(_("muốn được thông báo kết quả"), default=True)
    # Unique by a constraint (Meta): `unique=True` would add a second, LIKE-pattern index on PostgreSQL.
    tracking_code = models.CharField(_("mã theo dõi"), max_length=12, default=tracking_code)
    # Only a hash of the secret is kept: the code alone (seen by officers) does not open the tip.
    secret_hash = models.CharField(max_length=128, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    search_folded = models.TextField(editable=False, blank=True)
    files_erased_on = models.DateField(_("ngày xóa tệp theo thời hạn lưu"), null=True, blank=True)
    # When the intake relay wrote the receipt's audit entry and told the unit (actions.finish_intake):
    # the public endpoint only inserts the row, so that a burst of citizens is not slowed by that work.
    intake_done_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("tin báo, tố giác, phản ánh")
        verbose_name_plural = _("tin báo, tố giác, phản ánh")
        indexes = [
            models.Index(fields=["receiving_unit", "status", "due_on"]),
            models.Index(fields=["commune", "received_on"]),
            models.Index(fields=["received_on"]),
            # What the intake relay polls every second: only the few tips it has not finished yet.
            models.Index(
                fields=["id"], condition=Q(intake_done_at__isnull=True), name="tips_tip_intake_pending"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="tips_tip_tracking_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code_display}"

    @property
    def code_display(self) -> str:
        code = self.tracking_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    @property
    def is_crime(self) -> bool:
        return self.kind in self.CRIME_KINDS

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class InformantIdentity(models.Model):
    """Who sent a tip, encrypted at rest (Fernet), in its own table so that no tip query ever reads it."""

    tip = models.OneToOneField(Tip, on_delete=models.CASCADE, related_name="identity")
    ciphertext = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("danh tính người tố giác (mã hóa)")
        verbose_name_plural = _("danh tính người tố giác (mã hóa)")

    def __str__(self) -> str:
        return f"#{self.pk}"


class TipMessage(models.Model):
    """One message between the citizen (known only by the tracking code) and the handling officers."""

    class Author(models.TextChoices):
        CITIZEN = "citizen", _("Người gửi")
        OFFICER = "officer", _("Cơ quan Công an")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("trao đổi")
        verbose_name_plural = _("trao đổi")

    def __str__(self) -> str:
        return f"{self.tip_id}: {self.get_author_display()}"


def attachment_path(instance: TipAttachment, filename: str) -> str:
    """A random, extension-less name: nothing of the original name reaches the disk."""
    return f"{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


class TipAttachment(models.Model):
    """A photo, video or document sent with a tip; images are re-encoded so no EXIF/metadata is kept."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path, storage=tip_files_storage, max_length=200)
    # A neutral name ("tep-1.jpg"): a phone's file name can identify the sender.
    name = models.CharField(_("tên tệp"), max_length=40)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.name


class TipMove(models.Model):
    """A transfer of a tip from one receiving unit to another, with its reason."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="moves")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("lý do"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_at", "pk"]
        verbose_name = _("chuyển tin báo")
        verbose_name_plural = _("chuyển tin báo")

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit}"


class ConsentNotice(models.Model):
    """A version of the personal-data notice shown before an identified sender gives consent."""

    version = models.CharField(_("phiên bản"), max_length=20, unique=True)
    purpose = models.TextField(_("mục đích xử lý"))
    data_types = models.TextField(_("loại dữ liệu cá nhân"))
    controller = models.TextField(_("bên kiểm soát dữ liệu"))
    rights = models.TextField(_("quyền và nghĩa vụ của chủ thể dữ liệu"))
    published_on = models.DateField(_("ngày áp dụng"))
    is_current = models.BooleanField(_("đang áp dụng"), default=False)

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("thông báo xử lý dữ liệu cá nhân")
        verbose_name_plural = _("thông báo xử lý dữ liệu cá nhân")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_notice"
            )
        ]

    def __str__(self) -> str:
        return self.version


class ConsentRecord(models.Model):
    """The consent an identified sender gave to one notice version for one tip (and its withdrawal)."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="consents")
    notice = models.ForeignKey(ConsentNotice, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đồng ý xử lý dữ liệu cá nhân")
        verbose_name_plural = _("đồng ý xử lý dữ liệu cá nhân")

    def __str__(self) -> str:
        return f"{self.tip_id}: {self.notice_id}"


class DataSubjectRequest(models.Model):
    """A request of the data subject about the personal data of a tip (Luật 91/2025 Art. 4)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Xem dữ liệu cá nhân")
        CORRECTION = "correction", _("Chỉnh sửa dữ liệu cá nhân")
        ERASURE = "erasure", _("Xóa dữ liệu cá nhân")
        WITHDRAW = "withdraw", _("Rút lại sự đồng ý")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang xử lý")
        DONE = "done", _("Đã xử lý")
        REFUSED = "refused", _("Từ chối")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="data_requests")
    kind = models.CharField(_("loại yêu cầu"), max_length=12, choices=Kind.choices)
    details = models.TextField(_("nội dung yêu cầu"), blank=True)
    received_on = models.DateField(_("ngày nhận"))
    due_on = models.DateField(_("hạn xử lý"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default="open")
    closed_on = models.DateField(_("ngày xử lý xong"), null=True, blank=True)
    result = models.TextField(_("kết quả"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.tip_id})"
