"""Yearly ranking of teams and members (Hướng dẫn 01/HD-BCA-V05; domain file 03 §8).

The rules that the guidance sets (period, the 20 % cap and its base and rounding, the 9-month rule)
are one `RankingRule` row per year, the criteria of each level are `RankingCriterion` rows: data the
national administrator edits, never constants in code. A commune's ranking of a year is one
`Ranking`; the officer's proposals are `TeamEvaluation` / `MemberEvaluation` rows; once the
chairperson's decision is recorded the ranking is locked until reopened with a reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.forces.models import Membership, Team
from antq.units.models import CommuneScopedQuerySet, Unit


class Level(models.TextChoices):
    """The four levels of HD 01, best first (rules.LEVEL_ORDER reads the same codes)."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class RankingRule(models.Model):
    """The ranking rules of a year (a row without a year is the default for years without their own)."""

    class CapBase(models.TextChoices):
        GOOD_ONLY = "good_only", _("Số được xếp loại “Hoàn thành tốt nhiệm vụ”")
        GOOD_AND_EXCELLENT = "good_and_excellent", _("Số được xếp loại “Hoàn thành tốt” và “xuất sắc”")

    class Rounding(models.TextChoices):
        FLOOR = "floor", _("Làm tròn xuống")
        HALF_UP = "half_up", _("Làm tròn (từ 0,5 lên)")
        CEIL = "ceil", _("Làm tròn lên")

    year = models.PositiveSmallIntegerField(_("năm đánh giá"), null=True, blank=True, unique=True)
    # Day and month of the period: from (year - 1)-start to year-end, both days included.
    start_month = models.PositiveSmallIntegerField(
        _("tháng bắt đầu (năm trước)"), default=11, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start_day = models.PositiveSmallIntegerField(
        _("ngày bắt đầu"), default=15, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("tháng kết thúc"), default=11, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    end_day = models.PositiveSmallIntegerField(
        _("ngày kết thúc"), default=14, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    excellent_cap_percent = models.DecimalField(
        _("tỷ lệ tối đa xếp loại xuất sắc (%)"), max_digits=5, decimal_places=2, default=Decimal(20)
    )
    cap_base = models.CharField(
        _("cơ sở tính tỷ lệ"), max_length=20, choices=CapBase.choices, default=CapBase.GOOD_ONLY
    )
    rounding = models.CharField(_("cách làm tròn"), max_length=10, choices=Rounding.choices, default="floor")
    min_months = models.PositiveSmallIntegerField(_("số tháng tối thiểu để được đánh giá"), default=9)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    needs_verification = models.BooleanField(_("cần đối chiếu văn bản"), default=False)
    notes = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("year").desc(nulls_last=True)]
        verbose_name = _("quy định xếp loại tổ bảo vệ ANTT")
        verbose_name_plural = _("quy định xếp loại tổ bảo vệ ANTT")
        constraints = [
            models.CheckConstraint(
                condition=Q(excellent_cap_percent__gte=0) & Q(excellent_cap_percent__lte=100),
                name="ranking_rule_cap_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year) if self.year else str(_("Mặc định"))

    @classmethod
    def for_year(cls, year: int) -> RankingRule | None:
        """The year's own row, else the default row (one query)."""
        return (
            cls.objects.filter(Q(year=year) | Q(year__isnull=True))
            .order_by(models.F("year").asc(nulls_last=True))
            .first()
        )

    def period(self, year: int) -> tuple[dt.date, dt.date]:
        """First and last day of the evaluation period of `year` (both included)."""
        return (
            dt.date(year - 1, self.start_month, self.start_day),
            dt.date(year, self.end_month, self.end_day),
        )


class RankingCriterion(models.Model):
    """One line of the checklist of a level, for teams or for members (HD 01 section IV)."""

    class Subject(models.TextChoices):
        TEAM = "team", _("Tổ")
        MEMBER = "member", _("Thành viên")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Cán bộ xác nhận")
        NO_BAD_MEMBERS = "no_bad_members", _("Tính từ hồ sơ thành viên")
        TASKS_DONE = "tasks_done", _("Tính từ số nhiệm vụ được giao và hoàn thành")

    subject = models.CharField(_("đối tượng"), max_length=6, choices=Subject.choices)
    level = models.CharField(_("mức xếp loại"), max_length=14, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=10)
    text = models.TextField(_("nội dung tiêu chí"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    method = models.CharField(
        _("cách kiểm tra"), max_length=16, choices=Method.choices, default=Method.MANUAL
    )
    # The share of tasks done a TASKS_DONE criterion needs (strictly more than this).
    threshold = models.DecimalField(
        _("ngưỡng (tỷ lệ)"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    needs_verification = models.BooleanField(
        _("cần đối chiếu văn bản"),
        default=False,
        help_text=_(
            "Tiêu chí chưa được xác nhận: hiển thị để tham khảo, không chặn việc ghi nhận quyết định."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["subject", "level", "order", "code"]
        verbose_name = _("tiêu chí xếp loại")
        verbose_name_plural = _("tiêu chí xếp loại")
        constraints = [
            # One code per subject: the officer's ticks are stored as codes.
            models.UniqueConstraint(fields=["subject", "code"], name="unique_ranking_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"


class TaskGroup(models.IntegerChoices):
    """The six task groups of Chapter II of Luật 30/2023/QH15 (T5 counts them)."""

    INFORMATION = 1, _("Nắm tình hình, thông tin về an ninh, trật tự")
    MOVEMENT = 2, _("Xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc")
    DISPUTES = 3, _("Phòng ngừa, phát hiện, hòa giải mâu thuẫn, tranh chấp")
    RESIDENCE = 4, _("Hỗ trợ quản lý cư trú, giấy tờ tùy thân")
    PATROL = 5, _("Tuần tra, bảo đảm an ninh, trật tự, an toàn giao thông")
    SUPPORT = 6, _("Tham gia hỗ trợ các nhiệm vụ khác theo yêu cầu")


class TeamTaskCountQuerySet(models.QuerySet["TeamTaskCount"]):
    def visible_to(self, user: object) -> TeamTaskCountQuerySet:
        from antq.units.models import scope_q, user_paths

        paths = user_paths(user)  # type: ignore[arg-type]
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "team__commune__path"))


class TeamTaskCount(models.Model):
    """Tasks the commune police assigned to a team in a year and how many it completed, per task group."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="task_counts")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    group = models.PositiveSmallIntegerField(_("nhóm nhiệm vụ"), choices=TaskGroup.choices)
    assigned = models.PositiveIntegerField(_("số nhiệm vụ được giao"))
    done = models.PositiveIntegerField(_("số nhiệm vụ hoàn thành"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamTaskCountQuerySet.as_manager()
    # Written in bulk (no per-row signals): the audit entry of each action records the values.

    class Meta:
        ordering = ["team_id", "year", "group"]
        verbose_name = _("số nhiệm vụ của tổ")
        verbose_name_plural = _("số nhiệm vụ của tổ")
        constraints = [
            models.UniqueConstraint(fields=["team", "year", "group"], name="unique_team_task_count"),
            models.CheckConstraint(condition=Q(done__lte=models.F("assigned")), name="task_done_not_above"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.year} #{self.group}: {self.done}/{self.assigned}"


class RankingQuerySet(CommuneScopedQuerySet):
    pass


class Ranking(models.Model):
    """A commune's ranking of its teams and members for one year, and the chairperson's decision on it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang đề xuất")
        DECIDED = "decided", _("Đã có quyết định")

    commune = models.ForeignKey(
        Unit,
        verbose_name=_("xã, phường, đặc khu"),
        on_delete=models.PROTECT,
        related_name="force_rankings",
        limit_choices_to={"level": Unit.Level.COMMUNE},
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    decision_number = models.PositiveIntegerField(_("số quyết định"), null=True, blank=True)
    decision_symbol = models.CharField(_("ký hiệu"), max_length=30, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("quyền hạn, chức vụ người ký"), max_length=150, blank=True)
    # Kept as decided: the commune's name may change with a re-organisation, the document does not.
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RankingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["commune_id", "-year"]
        verbose_name = _("xếp loại tổ bảo vệ ANTT")
        verbose_name_plural = _("xếp loại tổ bảo vệ ANTT")
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="unique_ranking_per_commune_year"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(decision_number__isnull=False) & Q(decided_on__isnull=False)),
                name="ranking_decided_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.year}"

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED

    @property
    def display_number(self) -> str:
        """Number/symbol as NĐ 30/2020 writes it ("07/QĐ-UBND")."""
        if self.decision_number is None:
            return ""
        return f"{self.decision_number:02d}/{self.decision_symbol}"


class TeamEvaluation(models.Model):
    """The level proposed for a team, the manual criteria the officer ticked, and a complaint flag."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="team_evaluations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="evaluations")
    level = models.CharField(_("mức xếp loại"), max_length=14, choices=Level.choices, blank=True)
    criteria_met = models.JSONField(_("tiêu chí đã đạt"), default=list, blank=True)
    under_complaint = models.BooleanField(_("đang trong thời gian khiếu nại, tố cáo"), default=False)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    # Written in bulk (no per-row signals): the audit entry of each action records the values.

    class Meta:
        ordering = ["ranking_id", "team_id"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "team"], name="unique_team_evaluation"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.level or '—'}"


class MemberEvaluation(models.Model):
    """The level proposed for a member (one membership), with the complaint flag and the leader exception."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="member_evaluations")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="evaluations")
    level = models.CharField(_("mức xếp loại"), max_length=14, choices=Level.choices, blank=True)
    criteria_met = models.JSONField(_("tiêu chí đã đạt"), default=list, blank=True)
    under_complaint = models.BooleanField(_("đang trong thời gian khiếu nại, tố cáo"), default=False)
    # HD 01: a leader newly transferred and judged unrelated to the team's result may rank above it.
    leader_exception = models.CharField(_("lý do tổ trưởng được xếp trên tổ"), max_length=500, blank=True)

    # Written in bulk (no per-row signals): the audit entry of each action records the values.

    class Meta:
        ordering = ["ranking_id", "membership_id"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "membership"], name="unique_member_evaluation"),
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.level or '—'}"
