"""Periodic reports (issue 8 §4, domain/09 §8): report regimes as data and the reports made under them.

A `ReportDefinition` is one regime: its content, who reports (level), who receives it (level), the
frequency (period kind), the data cut-off and the deadline. Its `DefinitionSection`s list the
indicators pulled from the database (codes of `antq.dashboards.indicators.REGISTRY`), whether the
section has a narrative text and whether it carries an appendix table of the units below.

A `Report` is one unit's report for one period: figures snapshot taken at generation (JSON, so the
document stays what was submitted), the narratives, the number "…/BC-CAX" given at submission, and
the status draft -> submitted -> accepted / returned. `RenderJob` is a PDF or Excel file rendered by
the background worker for long reports.

Scope: a report is read by users whose subtree holds its unit (a province sees its communes').
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.reports import rules
from antq.units.models import Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer


class PeriodKind(models.TextChoices):
    MONTH = rules.MONTH, _("Hằng tháng")
    QUARTER = rules.QUARTER, _("Hằng quý")
    HALF = rules.HALF, _("6 tháng")
    YEAR = rules.YEAR, _("Hằng năm")


REPORTING_LEVELS = [
    (Unit.Level.NATIONAL.value, Unit.Level.NATIONAL.label),
    (Unit.Level.PROVINCE.value, Unit.Level.PROVINCE.label),
    (Unit.Level.COMMUNE.value, Unit.Level.COMMUNE.label),
]


class ReportDefinition(models.Model):
    """One report regime: content, reporters, receiver, deadline, frequency and data cut-off."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên báo cáo"), max_length=255)
    subject = models.CharField(
        _("trích yếu"), max_length=255, help_text=_("Ví dụ: “Kết quả công tác xây dựng phong trào …”.")
    )
    content = models.TextField(_("nội dung yêu cầu báo cáo"), blank=True)
    reporting_level = models.CharField(_("cấp báo cáo"), max_length=10, choices=REPORTING_LEVELS)
    receiving_level = models.CharField(_("cấp nhận báo cáo"), max_length=10, choices=REPORTING_LEVELS)
    receiver_name = models.CharField(
        _("nơi nhận"), max_length=255, blank=True, help_text=_("Ví dụ: “Công an tỉnh (qua Phòng PV05)”.")
    )
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    cutoff_day = models.PositiveSmallIntegerField(
        _("ngày chốt số liệu"),
        default=14,
        help_text=_("0: theo tháng dương lịch; 14: từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ."),
    )
    due_day = models.PositiveSmallIntegerField(_("hạn gửi: ngày"), default=20)
    due_months_after = models.PositiveSmallIntegerField(_("hạn gửi: số tháng sau tháng cuối kỳ"), default=1)
    source = models.ForeignKey(
        "self",
        verbose_name=_("tổng hợp từ báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aggregated_by",
        help_text=_("Báo cáo của đơn vị cấp dưới mà báo cáo này tổng hợp."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    needs_verification = models.BooleanField(
        _("cần xác minh"), default=True, help_text=_("Lịch và hạn báo cáo chưa được văn bản xác nhận.")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("loại báo cáo định kỳ")
        verbose_name_plural = _("loại báo cáo định kỳ")
        constraints = [
            models.CheckConstraint(condition=Q(cutoff_day__lte=28), name="report_cutoff_day_range"),
            models.CheckConstraint(condition=Q(due_day__gte=1, due_day__lte=31), name="report_due_day_range"),
            models.CheckConstraint(condition=Q(due_months_after__lte=12), name="report_due_months_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def period(self, key: str) -> rules.ReportPeriod | None:
        return rules.parse_period(self.period_kind, key)

    def due_on(self, period: rules.ReportPeriod) -> Any:
        return rules.due_date(period, self.due_day, self.due_months_after)

    def window(self, period: rules.ReportPeriod) -> Any:
        return rules.data_window(period, self.cutoff_day)

    def indicator_codes(self) -> list[str]:
        """Every indicator of the sections, in order, without repeats."""
        codes: list[str] = []
        for section in self.sections.all():
            codes.extend(c for c in section.indicator_codes if c not in codes)
        return codes


class DefinitionSection(models.Model):
    """A section of a report regime: a title, indicators from the database, a narrative, an appendix."""

    class Appendix(models.TextChoices):
        NONE = "", _("Không")
        UNITS_BELOW = "units_below", _("Số liệu của từng đơn vị cấp dưới")

    definition = models.ForeignKey(
        ReportDefinition, verbose_name=_("loại báo cáo"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("tiêu đề mục"), max_length=255)
    indicator_codes = models.JSONField(_("mã chỉ tiêu"), default=list, blank=True)
    has_narrative = models.BooleanField(_("có phần nội dung"), default=True)
    narrative_hint = models.CharField(_("gợi ý nội dung"), max_length=500, blank=True)
    appendix = models.CharField(_("phụ lục"), max_length=20, choices=Appendix.choices, blank=True, default="")

    class Meta:
        ordering = ["definition", "position", "pk"]
        verbose_name = _("mục báo cáo")
        verbose_name_plural = _("mục báo cáo")

    def __str__(self) -> str:
        return self.title


class ReportQuerySet(models.QuerySet["Report"]):
    def visible_to(self, user: Viewer) -> ReportQuerySet:
        """Reports of units in the user's subtrees."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "unit__path"))


class Report(models.Model):
    """One unit's report for one period under one regime: figures snapshot, narratives, number, status."""

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, _("Đang soạn")
        SUBMITTED = rules.SUBMITTED, _("Đã gửi")
        ACCEPTED = rules.ACCEPTED, _("Đã tiếp nhận")
        RETURNED = rules.RETURNED, _("Bị trả lại")

    definition = models.ForeignKey(
        ReportDefinition, verbose_name=_("loại báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    period_key = models.CharField(_("kỳ"), max_length=10)
    data_from = models.DateField(_("số liệu từ ngày"))
    data_to = models.DateField(_("số liệu đến ngày"))
    due_on = models.DateField(_("hạn gửi"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # {"indicators": {code: {"label", "kind", "section"}}, "totals": {code: value},
    #  "units": [{"key", "name", "values": {code: value}}], "sources": [report ids]}
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    narratives = models.JSONField(_("nội dung"), default=dict, blank=True)  # {str(section.pk): text}
    figures_at = models.DateTimeField(_("số liệu lấy lúc"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=30, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_time = models.BooleanField(_("đúng hạn"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("ý kiến"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-data_to", "unit__path", "definition__position"]
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "unit", "period_key"], name="one_report_per_unit_period"
            ),
            models.UniqueConstraint(
                fields=["unit", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="report_number_unique_per_unit_year",
            ),
        ]
        indexes = [models.Index(fields=["definition", "period_key", "status"])]

    def __str__(self) -> str:
        return f"{self.definition.name} — {self.unit.name} — {self.period_key}"

    @property
    def period(self) -> rules.ReportPeriod:
        found = rules.parse_period(self.definition.period_kind, self.period_key)
        assert found is not None
        return found

    @property
    def display_number(self) -> str:
        """ "05/BC-CAP" once submitted, empty before."""
        return f"{self.number:02d}/{self.symbol}" if self.number else ""

    @property
    def is_editable(self) -> bool:
        return rules.allowed(self.status, "edit")


class RenderJob(models.Model):
    """A PDF or Excel file of a report rendered by the background worker, with its progress."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Thất bại")

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="jobs"
    )
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=100, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lần xuất tệp báo cáo")
        verbose_name_plural = _("lần xuất tệp báo cáo")

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.processed * 100 // self.total) if self.total else 0
