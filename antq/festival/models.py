"""The yearly "Ngày hội toàn dân bảo vệ an ninh Tổ quốc" (domain/04-festival.md).

A province sets a `Campaign` each year (window, theme, plan number, report due date). Residential
areas, communes and organisations of its communes hold an `Event` inside the window; after it the
commune reports an `EventResult`. `RuleSet` (one row) and `ProgrammeItem` (the ceremony and
festivity programme) are data the national administrator edits.

Scope: a campaign is read by users whose subtree holds the province and by the units below it; an
event by users whose subtree holds its commune.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.festival.rules import FestivalRules
from antq.units.models import Organisation, ResidentialArea, Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer


def _ancestors(paths: list[str]) -> list[str]:
    found: set[str] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        found.update("/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
    return sorted(found)


class RuleSet(models.Model):
    """The festival's editable numbers (one row): default window, report delay, round-year step."""

    window_start_month = models.PositiveSmallIntegerField(_("tháng bắt đầu"), default=7)
    window_start_day = models.PositiveSmallIntegerField(_("ngày bắt đầu"), default=1)
    window_end_month = models.PositiveSmallIntegerField(_("tháng kết thúc"), default=8)
    window_end_day = models.PositiveSmallIntegerField(_("ngày kết thúc"), default=19)
    report_due_days = models.PositiveSmallIntegerField(_("số ngày báo cáo sau khi kết thúc"), default=10)
    round_every = models.PositiveSmallIntegerField(_("năm tròn là bội số của"), default=5)
    first_year = models.PositiveSmallIntegerField(_("năm tổ chức lần đầu"), default=2005)
    # Who signs the national roll-up report: not set by any source we read (UNCONFIRMED), so data.
    national_issuer = models.CharField(_("cơ quan báo cáo toàn quốc"), max_length=200, default="Bộ Công an")
    national_symbol = models.CharField(_("ký hiệu báo cáo toàn quốc"), max_length=30, default="BC-BCA")
    national_signer_title = models.CharField(
        _("chức vụ người ký báo cáo toàn quốc"),
        max_length=150,
        default="KT. Bộ trưởng/Thứ trưởng",
        help_text=_("Các dòng cách nhau bởi dấu “/”."),
    )

    class Meta:
        verbose_name = _("quy định Ngày hội")
        verbose_name_plural = _("quy định Ngày hội")

    def __str__(self) -> str:
        return str(_("Quy định Ngày hội"))

    def as_rules(self) -> FestivalRules:
        return FestivalRules(
            window_start=(self.window_start_month, self.window_start_day),
            window_end=(self.window_end_month, self.window_end_day),
            report_due_days=self.report_due_days,
            round_every=self.round_every,
            first_year=self.first_year,
        )


def current_rules() -> FestivalRules:
    """The rules row, or the researched defaults when the row is missing."""
    row = RuleSet.objects.order_by("pk").first()
    return row.as_rules() if row else FestivalRules()


class ProgrammeItem(models.Model):
    """One item of the model programme: a ceremony step (phần lễ) or a festivity (phần hội)."""

    class Part(models.TextChoices):
        CEREMONY = "ceremony", _("Phần lễ")
        FESTIVITY = "festivity", _("Phần hội")

    part = models.CharField(_("phần"), max_length=10, choices=Part.choices)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["part", "position", "pk"]
        verbose_name = _("nội dung chương trình Ngày hội")
        verbose_name_plural = _("nội dung chương trình Ngày hội")

    def __str__(self) -> str:
        return self.name


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, user: Viewer) -> CampaignQuerySet:
        """Campaigns of provinces in the user's subtrees, and of the province above a commune user."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        return self.filter(scope_q(paths, "province__path") | Q(province__path__in=_ancestors(paths)))


class Campaign(models.Model):
    """A province's festival plan for a year: window, theme, plan number and report due date."""

    province = models.ForeignKey(
        Unit, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="festival_campaigns"
    )
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    theme = models.CharField(_("chủ đề"), max_length=500)
    plan_number = models.CharField(_("số, ký hiệu kế hoạch"), max_length=60)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    report_due = models.DateField(_("hạn báo cáo"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "province__path"]
        verbose_name = _("kế hoạch Ngày hội")
        verbose_name_plural = _("kế hoạch Ngày hội")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"], name="one_festival_campaign_per_province_year"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="campaign_window_order"
            ),
            models.CheckConstraint(
                condition=Q(report_due__gte=models.F("end_date")), name="campaign_report_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.province}"


class EventQuerySet(models.QuerySet["Event"]):
    def visible_to(self, user: Viewer) -> EventQuerySet:
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "commune__path"))


class Event(models.Model):
    """A festival point: where, when and what a host (area, commune or organisation) holds."""

    class HostType(models.TextChoices):
        AREA = "area", _("Khu dân cư")
        COMMUNE = "commune", _("Cấp xã")
        ORGANISATION = "organisation", _("Cơ quan, doanh nghiệp, nhà trường")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    commune = models.ForeignKey(
        Unit, verbose_name=_("xã, phường, đặc khu"), on_delete=models.PROTECT, related_name="+"
    )
    host_type = models.CharField(_("cấp tổ chức"), max_length=12, choices=HostType.choices, db_index=True)
    area = models.ForeignKey(
        ResidentialArea,
        verbose_name=_("khu dân cư"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("cơ quan, doanh nghiệp, nhà trường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("ngày tổ chức"))
    venue = models.CharField(_("địa điểm"), max_length=255)
    ceremony_items = models.JSONField(_("phần lễ"), default=list, blank=True)
    festivity_items = models.JSONField(_("phần hội"), default=list, blank=True)
    extra_items = models.JSONField(_("nội dung khác"), default=list, blank=True)
    guests = models.JSONField(_("khách mời"), default=list, blank=True)
    budget_vnd = models.PositiveBigIntegerField(_("kinh phí (đồng)"), default=0)
    is_anniversary_ceremony = models.BooleanField(_("tổ chức lễ kỷ niệm năm tròn"), default=False)
    is_pilot_point = models.BooleanField(_("điểm chỉ đạo, làm điểm"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("điểm tổ chức Ngày hội")
        verbose_name_plural = _("điểm tổ chức Ngày hội")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(host_type="area", area__isnull=False, organisation__isnull=True)
                    | Q(host_type="organisation", area__isnull=True, organisation__isnull=False)
                    | Q(host_type="commune", area__isnull=True, organisation__isnull=True)
                ),
                name="festival_event_host_matches_type",
            ),
            models.UniqueConstraint(
                fields=["campaign", "area"],
                condition=Q(area__isnull=False),
                name="one_festival_event_per_area",
            ),
            models.UniqueConstraint(
                fields=["campaign", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_festival_event_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["campaign", "commune"],
                condition=Q(host_type="commune"),
                name="one_commune_festival_event",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "commune"])]

    def __str__(self) -> str:
        return f"{self.host_name} — {self.date:%d/%m/%Y}"

    @property
    def host_name(self) -> str:
        if self.host_type == self.HostType.AREA and self.area is not None:
            return self.area.name
        if self.host_type == self.HostType.ORGANISATION and self.organisation is not None:
            return self.organisation.name
        return self.commune.name


RESULT_COUNTS = (
    "participants",
    "propaganda_sessions",
    "propaganda_audience",
    "commitments_signed",
    "gifts_count",
    "gifts_value_vnd",
    "weapons_handed_in",
    "explosives_handed_in",
    "models_launched",
    "commendations_given",
)


class EventResult(models.Model):
    """What one festival point achieved, reported after it was held."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="result")
    reported_on = models.DateField(_("ngày báo cáo"))
    participants = models.PositiveIntegerField(_("số người tham dự"), default=0)
    propaganda_sessions = models.PositiveIntegerField(_("số buổi tuyên truyền"), default=0)
    propaganda_audience = models.PositiveIntegerField(_("số lượt người nghe tuyên truyền"), default=0)
    commitments_signed = models.PositiveIntegerField(_("số bản cam kết đã ký"), default=0)
    gifts_count = models.PositiveIntegerField(_("số suất quà"), default=0)
    gifts_value_vnd = models.PositiveBigIntegerField(_("giá trị quà tặng (đồng)"), default=0)
    weapons_handed_in = models.PositiveIntegerField(_("số vũ khí, công cụ hỗ trợ giao nộp"), default=0)
    explosives_handed_in = models.PositiveIntegerField(_("số vật liệu nổ giao nộp"), default=0)
    models_launched = models.PositiveIntegerField(_("số mô hình ra mắt"), default=0)
    commendations_given = models.PositiveIntegerField(_("số khen thưởng đã trao"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    reported_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả Ngày hội")
        verbose_name_plural = _("kết quả Ngày hội")

    def __str__(self) -> str:
        return str(self.event)


class Commendation(models.Model):
    """A commendation given at a festival point: an awards proposal it started, or a decision it presents."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="commendations")
    proposal = models.ForeignKey(
        "awards.Proposal", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "awards.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("khen thưởng tại Ngày hội")
        verbose_name_plural = _("khen thưởng tại Ngày hội")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, decision__isnull=True)
                | Q(proposal__isnull=True, decision__isnull=False),
                name="festival_commendation_one_link",
            ),
            models.UniqueConstraint(
                fields=["event", "decision"],
                condition=Q(decision__isnull=False),
                name="festival_decision_once",
            ),
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(proposal__isnull=False), name="festival_proposal_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} — {self.proposal or self.decision}"


class CalendarToken(models.Model):
    """A user's secret iCal feed link: only its SHA-256 is stored; revoked tokens stay for the record."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("liên kết lịch iCal")
        verbose_name_plural = _("liên kết lịch iCal")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_active_calendar_token"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%d/%m/%Y}"


def photo_path(instance: EventPhoto, filename: str) -> str:
    """A random, extension-less name: the original name is kept in the row, never in the path."""
    return f"festival/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


class EventPhoto(models.Model):
    """A photo of a festival point, added with its result (type checked from the content)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("ảnh"), upload_to=photo_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    class Meta:
        ordering = ["event", "uploaded_at", "pk"]
        verbose_name = _("ảnh Ngày hội")
        verbose_name_plural = _("ảnh Ngày hội")

    def __str__(self) -> str:
        return self.original_name
