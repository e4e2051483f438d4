"""The yearly cycle: TT 124/2021 recognition ("An toàn về ANTT") and QĐ 510 classification.

Everything the regulations set (windows, deadlines, criteria, points, thresholds, caps, who decides)
is data attached to a cycle or a criteria set, editable by the national administrator; nothing of it
is a constant in code. Rows marked `needs_verification` are placeholders for UNCONFIRMED items of
../shared/domain and are shown as "cần xác minh".
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.units.models import Organisation, ResidentialArea, Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer


class SubjectType(models.TextChoices):
    RESIDENTIAL_AREA = "residential_area", _("Khu dân cư")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    AGENCY = "agency", _("Cơ quan")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    SCHOOL = "school", _("Cơ sở giáo dục")


class ManagingLevel(models.TextChoices):
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Trung ương")


class MovementClass(models.TextChoices):
    EXCELLENT = "excellent", _("Xuất sắc")
    GOOD = "good", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Yếu")


class CommuneScoped(models.QuerySet):
    """Rows whose scope is the commune they belong to (`commune` or `subject__commune`)."""

    scope_field = "commune__path"

    def visible_to(self, user: Viewer) -> models.QuerySet:
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, self.scope_field))


class SubjectQuerySet(CommuneScoped):
    pass


class Subject(models.Model):
    """A participant assessed each year: a residential area, a commune or an organisation."""

    subject_type = models.CharField(
        _("loại đối tượng"), max_length=20, choices=SubjectType.choices, db_index=True
    )
    # The commune the subject belongs to (a commune subject belongs to itself): the scope of every read.
    commune = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessment_subjects")
    unit = models.OneToOneField(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="subject")
    residential_area = models.OneToOneField(
        ResidentialArea, null=True, blank=True, on_delete=models.PROTECT, related_name="subject"
    )
    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="subject"
    )
    managing_level = models.CharField(_("cấp quản lý"), max_length=10, choices=ManagingLevel.choices)
    name = models.CharField(_("tên"), max_length=255)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("đối tượng đánh giá")
        verbose_name_plural = _("đối tượng đánh giá")
        constraints = [
            models.CheckConstraint(
                name="subject_has_exactly_one_target",
                condition=(
                    Q(unit__isnull=False, residential_area__isnull=True, organisation__isnull=True)
                    | Q(unit__isnull=True, residential_area__isnull=False, organisation__isnull=True)
                    | Q(unit__isnull=True, residential_area__isnull=True, organisation__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CriteriaSet(models.Model):
    """A versioned set of criteria for one subject type: the TT 124 standard or a QĐ 510 score sheet."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Tiêu chuẩn “An toàn về ANTT” (TT 124)")
        SCORE_SHEET = "score_sheet", _("Bảng chấm điểm phân loại phong trào (QĐ 510)")

    kind = models.CharField(_("loại bộ tiêu chí"), max_length=12, choices=Kind.choices)
    subject_type = models.CharField(_("loại đối tượng"), max_length=20, choices=SubjectType.choices)
    code = models.CharField(_("mã"), max_length=40)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên"), max_length=255)
    legal_basis = models.CharField(_("căn cứ"), max_length=255)
    # A province may add criteria (TT 124 Art. 8 k1); null means national.
    province = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    max_total = models.DecimalField(
        _("tổng điểm tối đa"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    needs_verification = models.BooleanField(_("cần xác minh"), default=False)
    source_note = models.TextField(_("ghi chú nguồn"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_criteria_set_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Criterion(models.Model):
    """One criterion (or sub-item) of a set, with its maximum points on a score sheet."""

    class Check(models.TextChoices):
        MANUAL = "manual", _("Cán bộ đánh giá")
        AUTO = "auto", _("Hệ thống tính")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("mã"), max_length=20)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung"))
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=1, null=True, blank=True)
    check_type = models.CharField(
        _("cách đánh giá"), max_length=6, choices=Check.choices, default=Check.MANUAL
    )
    # For automatic checks: which rule computes it and its parameters (e.g. XA-4's 100 % / 70 %).
    auto_rule = models.CharField(_("quy tắc tự động"), max_length=50, blank=True)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    needs_verification = models.BooleanField(_("cần xác minh"), default=False)
    source_ref = models.CharField(_("nguồn"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criteria_set_id", "order", "code"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="unique_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:60]}"


class ClassThreshold(models.Model):
    """The minimum points for a class on a score sheet (empty until an officer confirms the numbers)."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="thresholds")
    movement_class = models.CharField(_("mức phân loại"), max_length=10, choices=MovementClass.choices)
    min_points = models.DecimalField(
        _("điểm tối thiểu"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    needs_verification = models.BooleanField(_("cần xác minh"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ngưỡng phân loại")
        verbose_name_plural = _("ngưỡng phân loại")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "movement_class"], name="unique_class_threshold")
        ]

    def __str__(self) -> str:
        return f"{self.get_movement_class_display()} ≥ {self.min_points}"


class ClassCap(models.Model):
    """A condition that keeps a unit below `max_class` (e.g. not recognised under TT 124)."""

    class Condition(models.TextChoices):
        NOT_RECOGNISED = "not_recognised", _("Không đạt tiêu chuẩn “An toàn về ANTT”")
        DISQUALIFYING_EVENT = "disqualifying_event", _("Xảy ra vụ việc thuộc diện loại trừ")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="caps")
    condition = models.CharField(_("điều kiện"), max_length=30, choices=Condition.choices)
    max_class = models.CharField(_("mức cao nhất"), max_length=10, choices=MovementClass.choices)
    needs_verification = models.BooleanField(_("cần xác minh"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giới hạn phân loại")
        verbose_name_plural = _("giới hạn phân loại")

    def __str__(self) -> str:
        return f"{self.get_condition_display()} → ≤ {self.get_max_class_display()}"


class DeductionRule(models.Model):
    """Points deducted when a condition holds, up to `max_total` (score floors at 0)."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="deductions")
    condition = models.CharField(_("điều kiện"), max_length=30, choices=ClassCap.Condition.choices)
    points = models.DecimalField(_("điểm trừ mỗi lần"), max_digits=5, decimal_places=1)
    max_total = models.DecimalField(_("trừ tối đa"), max_digits=5, decimal_places=1, null=True, blank=True)
    needs_verification = models.BooleanField(_("cần xác minh"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy định điểm trừ")
        verbose_name_plural = _("quy định điểm trừ")

    def __str__(self) -> str:
        return f"{self.get_condition_display()}: −{self.points}"


class AuthorityRule(models.Model):
    """Which level reviews and which body decides, per subject type and managing level (2025 reform aware)."""

    subject_type = models.CharField(_("loại đối tượng"), max_length=20, choices=SubjectType.choices)
    managing_level = models.CharField(_("cấp quản lý"), max_length=10, choices=ManagingLevel.choices)
    reviewer_level = models.CharField(_("cấp thẩm định"), max_length=10, choices=Unit.Level.choices)
    decider_level = models.CharField(_("cấp quyết định"), max_length=10, choices=Unit.Level.choices)
    decider_body = models.CharField(_("cơ quan quyết định"), max_length=150)
    doc_symbol = models.CharField(_("ký hiệu văn bản"), max_length=30, default="QĐ-UBND")
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    needs_verification = models.BooleanField(_("cần xác minh"), default=False)
    source_note = models.CharField(_("căn cứ"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thẩm quyền xét duyệt")
        verbose_name_plural = _("thẩm quyền xét duyệt")

    def __str__(self) -> str:
        return (
            f"{self.get_subject_type_display()} ({self.get_managing_level_display()}) → {self.decider_body}"
        )


class Cycle(models.Model):
    """One year of the movement: its phases, and per subject type its window, deadlines and criteria sets."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        OPEN = "open", _("Đang diễn ra")
        CLOSED = "closed", _("Đã kết thúc")

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    registration_start = models.DateField(_("đăng ký từ"))
    registration_end = models.DateField(_("đăng ký đến"))
    self_assessment_start = models.DateField(_("tự đánh giá từ"))
    review_end = models.DateField(_("xét duyệt đến"))
    decision_end = models.DateField(_("quyết định đến"))
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("kỳ đánh giá")
        verbose_name_plural = _("kỳ đánh giá")

    def __str__(self) -> str:
        return _("Kỳ đánh giá năm %(year)s") % {"year": self.year}


class CycleRule(models.Model):
    """For one cycle and subject type: evaluation window, deadlines and the criteria sets in force."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="rules")
    subject_type = models.CharField(_("loại đối tượng"), max_length=20, choices=SubjectType.choices)
    window_start = models.DateField(_("kỳ đánh giá từ"))
    window_end = models.DateField(_("kỳ đánh giá đến"))
    registration_deadline = models.DateField(_("hạn đăng ký"))
    decision_deadline = models.DateField(_("hạn hoàn thành xét, công nhận"))
    standard_set = models.ForeignKey(
        CriteriaSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bộ tiêu chuẩn TT 124"),
    )
    score_sheet = models.ForeignKey(
        CriteriaSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bảng chấm điểm QĐ 510"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy định của kỳ")
        verbose_name_plural = _("quy định của kỳ")
        constraints = [models.UniqueConstraint(fields=["cycle", "subject_type"], name="unique_cycle_rule")]

    def __str__(self) -> str:
        return f"{self.cycle.year} · {self.get_subject_type_display()}"


class SubjectScoped(CommuneScoped):
    scope_field = "subject__commune__path"


class Registration(models.Model):
    """A subject's Q1 registration to strive for the standard (with households for a residential area)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="registrations")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="registrations")
    registered_on = models.DateField(_("ngày đăng ký"))
    party_resolution_on = models.DateField(_("ngày nghị quyết của chi bộ/đảng ủy"), null=True, blank=True)
    plan_ref = models.CharField(_("số kế hoạch"), max_length=100, blank=True)
    households_total = models.PositiveIntegerField(_("số hộ đang cư trú"), null=True, blank=True)
    households_signed = models.PositiveIntegerField(_("số hộ ký cam kết"), null=True, blank=True)
    # Kept as a fact at entry time: the deadline may be edited later, lateness must not change.
    is_late = models.BooleanField(_("đăng ký muộn"), default=False)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SubjectScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đăng ký phấn đấu")
        verbose_name_plural = _("đăng ký phấn đấu")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "subject"], name="unique_registration"),
            models.CheckConstraint(
                name="households_signed_not_above_total",
                condition=Q(households_signed__isnull=True)
                | Q(households_total__isnull=True)
                | Q(households_signed__lte=models.F("households_total")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.cycle.year}"


class DisqualifyingEvent(models.Model):
    """An incident during the year that makes the subject fail the standard (TT 124 Art. 4 k3, Art. 5 …)."""

    class Category(models.TextChoices):
        ANTI_STATE = "anti_state", _("Hoạt động chống Đảng, chính quyền, phá hoại khối đại đoàn kết")
        SABOTAGE = (
            "sabotage",
            _("Phá hoại mục tiêu, công trình kinh tế, văn hóa, xã hội, an ninh, quốc phòng"),
        )
        ILLEGAL_RELIGION = "illegal_religion", _("Tuyên truyền, phát triển tà đạo, đạo lạ trái pháp luật")
        EXPLOIT_RELIGION = (
            "exploit_religion",
            _("Lợi dụng tín ngưỡng, tôn giáo, dân tộc, khiếu kiện gây phức tạp ANTT"),
        )
        SEPARATISM = "separatism", _("Hoạt động ly khai, đòi tự trị")
        PROLONGED_DISPUTE = "prolonged_dispute", _("Mâu thuẫn, tranh chấp phức tạp, kéo dài trong Nhân dân")
        INCITEMENT = "incitement", _("Kích động, lôi kéo, mua chuộc người khác gây rối")
        POLICE_DISCIPLINE = "police_discipline", _("Cán bộ Công an xã vi phạm bị kỷ luật")
        OTHER = "other", _("Vụ việc khác theo quy định của tỉnh")

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="events")
    occurred_on = models.DateField(_("ngày xảy ra"))
    category = models.CharField(_("loại vụ việc"), max_length=20, choices=Category.choices)
    description = models.TextField(_("mô tả"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = SubjectScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on"]
        verbose_name = _("vụ việc loại trừ")
        verbose_name_plural = _("vụ việc loại trừ")

    def __str__(self) -> str:
        return f"{self.occurred_on:%d/%m/%Y} {self.get_category_display()}"


class DecisionQuerySet(models.QuerySet["Decision"]):
    def visible_to(self, user: Viewer) -> DecisionQuerySet:
        """Decisions issued inside the user's subtree, or deciding on an assessment the user sees."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        inside = self.filter(scope_q(paths, "issuer__path")).values("pk")
        concerning = Assessment.objects.filter(scope_q(paths, "subject__commune__path")).values("decision_id")
        return self.filter(Q(pk__in=inside) | Q(pk__in=concerning))


class Decision(models.Model):
    """A recognition decision (Quyết định công nhận, NĐ 30/2020 layout) issued by a commune or province."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Đã ban hành")
        REVOKED = "revoked", _("Đã thu hồi")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="decisions")
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="recognition_decisions")
    # Kept as issued: unit names change with re-organisations, the document does not.
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm ban hành"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=30)
    issued_on = models.DateField(_("ngày ban hành"))
    place = models.CharField(_("địa danh"), max_length=100)
    subject_line = models.CharField(_("trích yếu"), max_length=500)
    legal_basis = models.CharField(_("căn cứ"), max_length=500)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("quyền hạn, chức vụ người ký"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.ISSUED, db_index=True
    )
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)
    # What the decision listed when it was revoked: its assessments go back to "approved" and lose the
    # link, but the page of a revoked decision still shows what it had decided.
    revoked_entries = models.JSONField(_("danh sách khi thu hồi"), default=list, blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("thay thế quyết định"),
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        constraints = [
            # NĐ 30/2020: numbers run from 01/01 to 31/12 and are unique per issuer and year.
            models.UniqueConstraint(fields=["issuer", "year", "number"], name="unique_decision_number"),
        ]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s") % {"number": self.display_number}

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED

    @property
    def display_number(self) -> str:
        """Number/symbol as NĐ 30/2020 writes it: "125/QĐ-UBND", numbers below 10 with a leading 0."""
        return f"{self.number:02d}/{self.symbol}"


class Assessment(models.Model):
    """A subject's year-end self-assessment (standard + score sheet) and its path to a decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã gửi, chờ xét")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã thẩm định")
        DECIDED = "decided", _("Đã có quyết định")

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="assessments")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    standard_met = models.BooleanField(_("đạt tiêu chuẩn"), null=True, blank=True)
    total_points = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=1, null=True, blank=True)
    proposed_class = models.CharField(
        _("mức đề xuất"), max_length=10, choices=MovementClass.choices, blank=True
    )
    decided_class = models.CharField(
        _("mức quyết định"), max_length=10, choices=MovementClass.choices, blank=True
    )
    recognised = models.BooleanField(_("được công nhận"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    is_late = models.BooleanField(_("gửi muộn"), default=False)
    approved_at = models.DateTimeField(_("ngày thẩm định"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubjectScoped.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hồ sơ tự đánh giá")
        verbose_name_plural = _("hồ sơ tự đánh giá")
        constraints = [models.UniqueConstraint(fields=["cycle", "subject"], name="unique_assessment")]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.subject} — {self.cycle.year}"


class StandardResult(models.Model):
    """Met / not met for one TT 124 criterion, with evidence."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="standard_results")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("đạt"), null=True)
    note = models.TextField(_("minh chứng, ghi chú"), blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_standard_result")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.met}"


class Score(models.Model):
    """Points awarded for one QĐ 510 criterion (0 … max, one decimal)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=4, decimal_places=1, null=True)
    note = models.TextField(_("ghi chú"), blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_score"),
            models.CheckConstraint(
                name="score_not_negative", condition=Q(points__isnull=True) | Q(points__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class EvidenceQuerySet(CommuneScoped):
    scope_field = "assessment__subject__commune__path"


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random, extension-less name: the original name is kept in the row, never in the path."""
    return f"evidence/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}"


class Evidence(models.Model):
    """A file attached as evidence to one TT 124 criterion of a self-assessment (type checked on upload)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    # Stored under MEDIA_ROOT, never served from /media/: downloads go through a scoped view.
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["criterion_id", "uploaded_at", "pk"]
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        indexes = [models.Index(fields=["assessment", "criterion"])]

    def __str__(self) -> str:
        return self.original_name


class CommuneTally(models.Model):
    """The overview's counts of one cycle, commune and subject type, recomputed from the rows it counts.

    Written only by `tallies.refresh_tallies()` (called by every action that changes a count, in the
    same transaction) and rebuilt by `manage.py refresh_tallies`: never incremented, so it cannot drift.
    The national and province overviews read these ~17,000 rows instead of ~190,000 of each kind.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    commune = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    subject_type = models.CharField(max_length=20, choices=SubjectType.choices)
    subjects = models.PositiveIntegerField(default=0)
    registered = models.PositiveIntegerField(default=0)
    registered_late = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    submitted_late = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    recognised = models.PositiveIntegerField(default=0)
    excellent = models.PositiveIntegerField(default=0)
    good = models.PositiveIntegerField(default=0)
    average = models.PositiveIntegerField(default=0)
    weak = models.PositiveIntegerField(default=0)

    objects = CommuneScoped.as_manager()

    class Meta:
        verbose_name = _("số liệu tổng hợp của xã")
        verbose_name_plural = _("số liệu tổng hợp của xã")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "commune", "subject_type"], name="unique_commune_tally")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} · {self.commune_id} · {self.subject_type}"
