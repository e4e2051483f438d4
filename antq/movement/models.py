"""Steering committees, the register of directing documents, and the tasks plans assign down the map.

Scope: a committee, a document's attachments and a task belong to a unit (`unit.path`). Documents
are read in the issuer's subtree and by every unit below the issuer (a commune reads the national
and provincial plans that concern it).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.text import fold
from antq.units.models import Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer


def ancestor_paths(path: str) -> list[str]:
    """'/VN/01/00004/' -> ['/VN/', '/VN/01/', '/VN/01/00004/']."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class UnitScoped(models.QuerySet):
    """Rows scoped by the unit they belong to."""

    scope_field = "unit__path"

    def visible_to(self, user: Viewer) -> models.QuerySet:
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, self.scope_field))


class CommitteeRole(models.TextChoices):
    HEAD = "head", _("Trưởng ban")
    DEPUTY = "deputy", _("Phó Trưởng ban")
    STANDING = "standing", _("Thường trực")
    MEMBER = "member", _("Thành viên")


class SteeringCommittee(models.Model):
    """A unit's steering committee (Ban Chỉ đạo) and the decision that last established or consolidated it."""

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="steering_committee")
    name = models.CharField(_("tên Ban Chỉ đạo"), max_length=255)
    decision_number = models.CharField(_("số, ký hiệu quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"), db_index=True)
    is_consolidation = models.BooleanField(_("quyết định kiện toàn"), default=False)
    standing_office = models.CharField(_("cơ quan thường trực"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ban Chỉ đạo")
        verbose_name_plural = _("Ban Chỉ đạo")

    def __str__(self) -> str:
        return self.name


class CommitteeMemberQuerySet(UnitScoped):
    scope_field = "committee__unit__path"

    def current(self) -> CommitteeMemberQuerySet:
        return self.filter(left_on__isnull=True)


class CommitteeMember(models.Model):
    """A person on a steering committee, with their position, agency and role in the committee."""

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150)
    agency = models.CharField(_("cơ quan"), max_length=255)
    role = models.CharField(_("chức danh trong Ban"), max_length=10, choices=CommitteeRole.choices)
    joined_on = models.DateField(_("ngày tham gia"), null=True, blank=True)
    # Ending a membership keeps the row (who sat on the committee when); current members have none.
    left_on = models.DateField(_("ngày thôi tham gia"), null=True, blank=True)

    objects = CommitteeMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên Ban Chỉ đạo")
        verbose_name_plural = _("thành viên Ban Chỉ đạo")
        ordering = ["committee_id", "pk"]

    def __str__(self) -> str:
        return self.full_name


class DocType(models.TextChoices):
    DIRECTIVE = "directive", _("Chỉ thị")
    PROGRAMME = "programme", _("Chương trình")
    PLAN = "plan", _("Kế hoạch")
    GUIDANCE = "guidance", _("Hướng dẫn")
    DECISION = "decision", _("Quyết định")
    RESOLUTION = "resolution", _("Nghị quyết")
    REPORT = "report", _("Báo cáo")
    NOTICE = "notice", _("Thông báo")
    OFFICIAL_LETTER = "official_letter", _("Công văn")
    OTHER = "other", _("Văn bản khác")


# Documents that may assign tasks to the units below.
ASSIGNING_TYPES = frozenset({DocType.DIRECTIVE, DocType.PROGRAMME, DocType.PLAN})


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user: Viewer) -> DocumentQuerySet:
        """Issued in the user's subtrees, or by a unit above them (the levels that direct them)."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        above = {a for path in paths for a in ancestor_paths(path)}
        return self.filter(scope_q(paths, "issuer_unit__path") | Q(issuer_unit__path__in=above))

    def search(self, text: str) -> DocumentQuerySet:
        needle = fold(text)
        return self.filter(subject_folded__contains=needle) if needle else self


class Document(models.Model):
    """A directing document in the register: number and symbol in NĐ 30/2020 form, issuer, date, subject."""

    issuer_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_documents")
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices, db_index=True)
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=60)
    # NĐ 30: each issuer (an advisory body such as a BCĐ included) numbers its documents per year.
    series = models.CharField(max_length=60, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    number_text = models.CharField(_("số, ký hiệu"), max_length=80)
    issued_on = models.DateField(_("ngày ban hành"), db_index=True)
    subject = models.CharField(_("trích yếu"), max_length=500)
    subject_folded = models.CharField(max_length=500, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_unit", "series", "year", "number"], name="movement_document_number_unique"
            )
        ]
        indexes = [models.Index(fields=["issuer_unit", "issued_on"])]

    def __str__(self) -> str:
        return self.number_text

    def save(self, *args: object, **kwargs: object) -> None:
        self.subject_folded = fold(self.subject)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def can_assign_tasks(self) -> bool:
        return self.doc_type in ASSIGNING_TYPES


class LinkKind(models.TextChoices):
    IMPLEMENTS = "implements", _("Thực hiện")
    REPLACES = "replaces", _("Thay thế")
    CITES = "cites", _("Căn cứ, dẫn chiếu")


class DocumentLink(models.Model):
    """`source` implements, replaces or cites `target`."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField(_("quan hệ"), max_length=12, choices=LinkKind.choices)

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="movement_link_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="movement_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class TaskQuerySet(UnitScoped):
    def overdue(self, today: object) -> TaskQuerySet:
        return self.filter(progress__lt=100, deadline__lt=today)


class Task(models.Model):
    """A task a directing document assigns to one unit below its issuer, with deadline and expected result."""

    plan = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="tasks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_tasks")
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    expected_result = models.CharField(_("kết quả cần đạt"), max_length=500, blank=True)
    deadline = models.DateField(_("thời hạn"), db_index=True)
    weight = models.PositiveSmallIntegerField(_("trọng số"), default=1)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    last_reported_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ được giao")
        verbose_name_plural = _("nhiệm vụ được giao")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["plan", "unit"]), models.Index(fields=["unit", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="movement_task_progress_max_100"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="movement_task_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressReportQuerySet(UnitScoped):
    scope_field = "task__unit__path"


class ProgressReport(models.Model):
    """What a unit reported on its task: percent done and a text, with attachments."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    note = models.TextField(_("nội dung báo cáo"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="movement_report_max_100")]

    def __str__(self) -> str:
        return f"{self.percent} %"


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random, extension-less name: the original name is kept in the row, never in the path."""
    return f"movement/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


class Attachment(models.Model):
    """A file attached to a document or to a progress report (type checked from its content)."""

    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, report__isnull=True)
                | Q(document__isnull=True, report__isnull=False),
                name="movement_attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
