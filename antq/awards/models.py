"""Commendation: award forms and their amounts as data, proposals with their nominees, decisions.

A unit proposes a form for collectives (units, teams, organisations) and individuals with the
achievement; the unit of the form's level above or equal to the proposer reviews it (reviewed, not
qualified, raised to a higher form) and decides it by a numbered decision (NĐ 30 layout PDF).
Scope: a proposal is read by the proposer's subtree and by the units above it (its reviewers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from antq.core.text import fold
from antq.units.models import Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer


def ancestor_paths(paths: list[str]) -> list[str]:
    """Every path above or equal to each of `paths`."""
    found: set[str] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        for i in range(1, len(parts) + 1):
            found.add("/" + "/".join(parts[:i]) + "/")
    return sorted(found)


class AwardLevel(models.TextChoices):
    COMMUNE = "commune", _("Chủ tịch UBND cấp xã")
    PROVINCE = "province", _("Chủ tịch UBND cấp tỉnh")
    NATIONAL = "national", _("Bộ trưởng Bộ Công an")


class AwardForm(models.Model):
    """A form of commendation (Giấy khen, Bằng khen, Cờ thi đua, a medal) and the level that awards it."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("hình thức khen thưởng"), max_length=200)
    level = models.CharField(_("thẩm quyền quyết định"), max_length=10, choices=AwardLevel.choices)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), default=0)
    for_collectives = models.BooleanField(_("tặng tập thể"), default=True)
    for_individuals = models.BooleanField(_("tặng cá nhân"), default=True)
    once_per_person = models.BooleanField(_("chỉ tặng một lần cho mỗi người"), default=False)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    needs_verification = models.BooleanField(_("cần xác minh"), default=False)
    # The title printed on the recipient's certificate ("GIẤY KHEN", "BẰNG KHEN"); empty: no certificate
    # is printed by the system (a flag, a medal with its own artefact).
    certificate_title = models.CharField(_("tên trên giấy chứng nhận"), max_length=60, blank=True)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")

    def __str__(self) -> str:
        return self.name


class AwardAmount(models.Model):
    """Money attached to a form for a period (a multiple of the base salary or a sum in VND)."""

    form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="amounts")
    recipient = models.CharField(
        _("đối tượng"),
        max_length=12,
        choices=[("collective", _("Tập thể")), ("individual", _("Cá nhân"))],
    )
    base_salary_multiple = models.DecimalField(
        _("hệ số so với mức lương cơ sở"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)
    needs_verification = models.BooleanField(_("cần xác minh"), default=True)

    class Meta:
        ordering = ["form", "recipient", "-valid_from"]
        verbose_name = _("mức tiền thưởng")
        verbose_name_plural = _("mức tiền thưởng")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="award_amount_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} ({self.recipient})"


class SourceType(models.TextChoices):
    """Where a proposal comes from: "<app>.<record>" names the row `source_id` points at."""

    CYCLE = "assessments.decision", _("Kết quả đánh giá, phân loại phong trào (quyết định)")
    RANKING = "forces.ranking", _("Kết quả xếp loại tổ bảo vệ ANTT")
    EXAMPLE = "practices.example", _("Điển hình tiên tiến")
    FESTIVAL = "festival.event", _("Ngày hội toàn dân bảo vệ ANTQ")
    TIP = "tips.tip", _("Người tố giác tội phạm, cung cấp tin báo")
    AD_HOC = "ad_hoc", _("Thành tích đột xuất")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def visible_to(self, user: Viewer) -> ProposalQuerySet:
        """Proposals of units in the user's subtrees, and those sent up to the user's units."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        return self.filter(scope_q(paths, "proposer__path") | scope_q(paths, "reviewer__path"))


class Proposal(models.Model):
    """A unit's proposal of one form for its nominees, reviewed and decided by the awarding level."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đã đề nghị")
        REVIEWED = "reviewed", _("Đã thẩm định")
        NOT_QUALIFIED = "not_qualified", _("Không đủ điều kiện")
        RAISED = "raised", _("Đề nghị nâng mức khen")
        DECIDED = "decided", _("Đã quyết định khen thưởng")

    proposer = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="award_proposals"
    )
    reviewer = models.ForeignKey(
        Unit, verbose_name=_("cấp xét, quyết định"), on_delete=models.PROTECT, related_name="+"
    )
    form = models.ForeignKey(AwardForm, verbose_name=_("hình thức"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("năm"))
    achievement = models.TextField(_("thành tích"))
    source_type = models.CharField(_("nguồn đề nghị"), max_length=24, choices=SourceType.choices)
    source_id = models.PositiveIntegerField(_("mã bản ghi nguồn"), null=True, blank=True)
    # An informant is commended only with the informant's recorded consent (issue 6): the reference of
    # that record (e.g. "Biên bản ngày 02/3/2026 của Công an phường"); never the tip's content.
    consent_ref = models.CharField(_("văn bản đồng ý của người được đề nghị"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=14, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    review_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    decision = models.ForeignKey(
        "Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")

    def __str__(self) -> str:
        return f"{self.form} — {self.proposer} ({self.year})"


class Nominee(models.Model):
    """A collective or an individual on a proposal; an individual may be a member of the forces."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="nominees")
    kind = models.CharField(_("đối tượng"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("tên tập thể, họ và tên"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "forces.Person",
        verbose_name=_("thành viên lực lượng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader = models.ForeignKey(
        "Leader",
        verbose_name=_("cán bộ lãnh đạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["proposal", "kind", "pk"]
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("người, tập thể được đề nghị")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="individual") | Q(person__isnull=True), name="nominee_person_individual"
            ),
            models.CheckConstraint(
                condition=Q(kind="individual") | Q(leader__isnull=True), name="nominee_leader_individual"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Decision(models.Model):
    """A commendation decision of an awarding unit: number, date, signer; lists its proposals' nominees."""

    issuer = models.ForeignKey(
        Unit, verbose_name=_("cấp quyết định"), on_delete=models.PROTECT, related_name="+"
    )
    form = models.ForeignKey(AwardForm, verbose_name=_("hình thức"), on_delete=models.PROTECT)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    place = models.CharField(_("địa danh"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")

    def __str__(self) -> str:
        return self.number


class LegacyService(models.Model):
    """Earlier service counted for the medal: civil defence, residential guards, semi-professional police."""

    class Force(models.TextChoices):
        CIVIL_DEFENCE = "civil_defence", _("Dân phòng")
        RESIDENTIAL_GUARD = "residential_guard", _("Bảo vệ dân phố")
        SEMI_PRO_POLICE = "semi_pro_police", _("Công an xã bán chuyên trách")

    person = models.ForeignKey("forces.Person", on_delete=models.CASCADE, related_name="+")
    force = models.CharField(_("lực lượng"), max_length=20, choices=Force.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    doubled = models.BooleanField(_("ở địa bàn đặc biệt khó khăn, biên giới, hải đảo"), default=False)
    evidence = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        ordering = ["person", "start"]
        verbose_name = _("thời gian tham gia lực lượng trước đây")
        verbose_name_plural = _("thời gian tham gia lực lượng trước đây")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="legacy_service_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_force_display()}"


class MedalBar(models.Model):
    """A recorded fact that excludes a person from the medal or defers the proposal until it is lifted."""

    class Kind(models.TextChoices):
        EXCLUSION = "exclusion", _("Không xét tặng")
        DEFERRAL = "deferral", _("Tạm hoãn xét")

    # A team member (forces) or a leader: exactly one of the two.
    person = models.ForeignKey(
        "forces.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    leader = models.ForeignKey("Leader", null=True, blank=True, on_delete=models.CASCADE, related_name="bars")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("lý do"), max_length=255)
    recorded_on = models.DateField(_("ngày ghi nhận"))
    lifted_on = models.DateField(_("ngày có kết luận"), null=True, blank=True)

    class Meta:
        ordering = ["person", "recorded_on"]
        verbose_name = _("trường hợp không xét, tạm hoãn xét")
        verbose_name_plural = _("trường hợp không xét, tạm hoãn xét")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, leader__isnull=False)
                | Q(person__isnull=False, leader__isnull=True),
                name="medal_bar_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.leader} — {self.reason}"


class QualifyingPosition(models.Model):
    """A leading position whose years count towards the medal for leaders (TT 20/2025), kept as data."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("chức vụ"), max_length=255)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    needs_verification = models.BooleanField(_("cần xác minh"), default=False)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chức vụ được tính thời gian xét Kỷ niệm chương")
        verbose_name_plural = _("chức vụ được tính thời gian xét Kỷ niệm chương")

    def __str__(self) -> str:
        return self.name


class LeaderQuerySet(models.QuerySet["Leader"]):
    def visible_to(self, user: Viewer) -> LeaderQuerySet:
        """Leaders recorded by units in the user's subtrees."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        return self.filter(scope_q(paths, "unit__path"))


class Leader(models.Model):
    """A leader (Party, government, mass organisation, school, enterprise) considered for the medal."""

    class Sex(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị quản lý hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    position = models.CharField(_("chức vụ hiện nay"), max_length=255)
    # Commendations received outside this system (the system's own decided ones are found by itself).
    prior_commendation = models.CharField(
        _("khen thưởng về thành tích bảo vệ ANTQ đã nhận (số, ngày quyết định)"), max_length=255, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LeaderQuerySet.as_manager()

    class Meta:
        ordering = ["name_folded", "pk"]
        verbose_name = _("cán bộ lãnh đạo")
        verbose_name_plural = _("cán bộ lãnh đạo")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class LeaderPosition(models.Model):
    """A period a leader held a qualifying position (end empty while it lasts)."""

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="positions")
    position = models.ForeignKey(QualifyingPosition, verbose_name=_("chức vụ"), on_delete=models.PROTECT)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=255)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    evidence = models.CharField(_("căn cứ (quyết định bổ nhiệm)"), max_length=255, blank=True)

    class Meta:
        ordering = ["leader", "start"]
        verbose_name = _("thời gian giữ chức vụ")
        verbose_name_plural = _("thời gian giữ chức vụ")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")), name="leader_position_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader} — {self.position}"
