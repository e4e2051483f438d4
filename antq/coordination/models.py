"""Coordination programmes between parties, and inspections of units with their follow-up.

A `Programme` (Chương trình phối hợp / Nghị quyết liên tịch) is signed by parties (a party = a unit
and the name of an organisation of it: "Ủy ban MTTQ Việt Nam tỉnh …", "Tỉnh đoàn …"); a province
programme may deploy a national one. Parties report periodically (`ProgrammeReport`).

An `Inspection` is planned by a unit over units below it (`InspectedUnit`); the inspector records a
conclusion per inspected unit with requests (`InspectionRequest`, each with a deadline) and the
inspected unit reports follow-up (`FollowUp`).

Scope: a programme is read by users whose subtree holds its owner unit, and by the units below the
owner (a commune reads the national and provincial programmes it is to carry out). An inspection is
read by the inspector's subtree and by each inspected unit, which sees only what concerns it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.units.models import Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer


def ancestor_paths(paths: list[str]) -> list[str]:
    """Every path above or equal to each of `paths`: '/VN/01/00004/' -> '/VN/', '/VN/01/', itself."""
    found: set[str] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        for i in range(1, len(parts) + 1):
            found.add("/" + "/".join(parts[:i]) + "/")
    return sorted(found)


class Level(models.TextChoices):
    NATIONAL = "national", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh, thành phố")
    COMMUNE = "commune", _("Xã, phường, đặc khu")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def visible_to(self, user: Viewer) -> ProgrammeQuerySet:
        """Programmes of units in the user's subtrees, and of the units above them."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        return self.filter(scope_q(paths, "owner__path") | Q(owner__path__in=ancestor_paths(paths)))


class Programme(models.Model):
    """A coordination programme or joint resolution signed by several parties for a period."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Chương trình phối hợp")
        JOINT_RESOLUTION = "joint_resolution", _("Nghị quyết liên tịch")
        PLAN = "plan", _("Kế hoạch triển khai")

    owner = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="coordination_programmes",
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, db_index=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.PROGRAMME)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    title = models.CharField(_("trích yếu"), max_length=500)
    signed_on = models.DateField(_("ngày ký"))
    period_from = models.DateField(_("thực hiện từ ngày"))
    period_to = models.DateField(_("đến ngày"), null=True, blank=True)
    content_items = models.JSONField(_("nội dung phối hợp"), default=list, blank=True)
    deploys = models.ForeignKey(
        "self",
        verbose_name=_("triển khai chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deployments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("chương trình phối hợp")
        verbose_name_plural = _("chương trình phối hợp")
        constraints = [
            models.UniqueConstraint(fields=["owner", "number"], name="unique_programme_number_per_owner"),
            models.UniqueConstraint(
                fields=["owner", "deploys"],
                condition=Q(deploys__isnull=False),
                name="one_deployment_per_owner",
            ),
            models.CheckConstraint(
                condition=Q(period_to__isnull=True) | Q(period_to__gte=models.F("period_from")),
                name="programme_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"[:255]


class ProgrammeParty(models.Model):
    """A signatory of a programme: an organisation of a unit (the police, the Fatherland Front, a union)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="parties")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên cơ quan, tổ chức"), max_length=255)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bên tham gia")
        verbose_name_plural = _("bên tham gia")
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="unique_party_name")]

    def __str__(self) -> str:
        return self.name


class ProgrammeReportQuerySet(models.QuerySet["ProgrammeReport"]):
    def visible_to(self, user: Viewer) -> ProgrammeReportQuerySet:
        return self.filter(programme__in=Programme.objects.visible_to(user))


class ProgrammeReport(models.Model):
    """One party's periodic report on carrying out a programme: period, narrative and figures."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    party = models.ForeignKey(ProgrammeParty, verbose_name=_("bên báo cáo"), on_delete=models.PROTECT)
    period_from = models.DateField(_("kỳ báo cáo từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    text = models.TextField(_("kết quả thực hiện"))
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_to", "pk"]
        verbose_name = _("báo cáo thực hiện")
        verbose_name_plural = _("báo cáo thực hiện")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")), name="report_period_order"
            ),
            models.UniqueConstraint(
                fields=["programme", "party", "period_from", "period_to"], name="one_report_per_party_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.period_from:%d/%m/%Y}–{self.period_to:%d/%m/%Y}"


def report_file_path(instance: ReportAttachment, filename: str) -> str:
    """A random, extension-less name: the original name is kept in the row, never in the path."""
    return f"coordination/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


class ReportAttachmentQuerySet(models.QuerySet["ReportAttachment"]):
    def visible_to(self, user: Viewer) -> ReportAttachmentQuerySet:
        return self.filter(report__programme__in=Programme.objects.visible_to(user))


class ReportAttachment(models.Model):
    """A file sent with a party's implementation report (type checked from its content)."""

    report = models.ForeignKey(ProgrammeReport, on_delete=models.CASCADE, related_name="attachments")
    # Stored under MEDIA_ROOT, never served from /media/: downloads go through a scoped view.
    file = models.FileField(_("tệp"), upload_to=report_file_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    objects = ReportAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")

    def __str__(self) -> str:
        return self.original_name


class InspectionQuerySet(models.QuerySet["Inspection"]):
    def visible_to(self, user: Viewer) -> InspectionQuerySet:
        """Inspections by a unit of the user's subtrees, or of a unit in them."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        concerned = InspectedUnit.objects.filter(scope_q(paths, "unit__path"), inspection=OuterRef("pk"))
        return self.filter(scope_q(paths, "inspector__path") | Q(Exists(concerned)))


class Inspection(models.Model):
    """An inspection planned by a unit (its steering committee) over units below it."""

    inspector = models.ForeignKey(
        Unit, verbose_name=_("đơn vị kiểm tra"), on_delete=models.PROTECT, related_name="inspections_made"
    )
    plan_number = models.CharField(_("số, ký hiệu kế hoạch"), max_length=60)
    title = models.CharField(_("nội dung kiểm tra"), max_length=500)
    planned_from = models.DateField(_("kiểm tra từ ngày"))
    planned_to = models.DateField(_("đến ngày"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_from", "pk"]
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        constraints = [
            models.UniqueConstraint(fields=["inspector", "plan_number"], name="unique_inspection_plan"),
            models.CheckConstraint(
                condition=Q(planned_to__gte=models.F("planned_from")), name="inspection_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_number} — {self.title}"[:255]


class InspectedUnitQuerySet(models.QuerySet["InspectedUnit"]):
    def visible_to(self, user: Viewer) -> InspectedUnitQuerySet:
        """The inspector's subtree sees every inspected unit; an inspected unit sees only its own row."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "inspection__inspector__path") | scope_q(paths, "unit__path"))


class InspectedUnit(models.Model):
    """A unit included in an inspection, with the inspector's conclusion (kết luận) about it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="inspected")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections_received")
    conclusion = models.TextField(_("kết luận"), blank=True)
    findings_on = models.DateField(_("ngày kết luận"), null=True, blank=True)

    objects = InspectedUnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        constraints = [models.UniqueConstraint(fields=["inspection", "unit"], name="unique_inspected_unit")]

    def __str__(self) -> str:
        return f"{self.inspection.plan_number}: {self.unit.name}"


class RequestQuerySet(models.QuerySet["InspectionRequest"]):
    def visible_to(self, user: Viewer) -> RequestQuerySet:
        return self.filter(inspected__in=InspectedUnit.objects.visible_to(user))

    def overdue(self, today: dt.date | None = None) -> RequestQuerySet:
        return self.exclude(status=InspectionRequest.Status.DONE).filter(
            deadline__lt=today or timezone.localdate()
        )


class InspectionRequest(models.Model):
    """A request (kiến nghị) to an inspected unit, with the deadline for carrying it out."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    inspected = models.ForeignKey(InspectedUnit, on_delete=models.CASCADE, related_name="requests")
    text = models.CharField(_("kiến nghị"), max_length=1000)
    deadline = models.DateField(_("hạn thực hiện"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    objects = RequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="done") & Q(completed_on__isnull=False))
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="request_completed_on_matches_status",
            )
        ]

    def __str__(self) -> str:
        return self.text[:120]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.status != self.Status.DONE and self.deadline < (today or timezone.localdate())


class FollowUp(models.Model):
    """The inspected unit's report on a request: what was done, and whether it is finished."""

    request = models.ForeignKey(InspectionRequest, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(_("kết quả khắc phục"))
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=[
            (s.value, s.label) for s in (InspectionRequest.Status.IN_PROGRESS, InspectionRequest.Status.DONE)
        ],
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "pk"]
        verbose_name = _("báo cáo khắc phục")
        verbose_name_plural = _("báo cáo khắc phục")

    def __str__(self) -> str:
        return self.text[:120]
