"""Grassroots security teams (Tổ bảo vệ ANTT ở cơ sở, Luật 30/2023/QH15), their people and members.

A `Team` serves a residential area of a commune. A `Person` is a citizen on the commune police's
roster (one record per citizen ID nationally); a `Membership` is one period of a person in a team,
from the recognition decision to the decision that ends it. Team size is provincial data
(`TeamSizeRule`), never a constant in code.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.text import fold
from antq.units.models import CommuneScopedQuerySet, ResidentialArea, Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer

citizen_id_validator = RegexValidator(
    r"^\d{12}\Z", _("Số định danh cá nhân (căn cước) phải gồm đúng 12 chữ số.")
)


class TeamSizeRuleQuerySet(models.QuerySet["TeamSizeRule"]):
    def in_force(self, day: dt.date) -> TeamSizeRuleQuerySet:
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class TeamSizeRule(models.Model):
    """The number of members a team may have in a province (HĐND tỉnh resolution), with validity dates.

    A row without a province is the national fallback used where the province has not been entered.
    """

    province = models.ForeignKey(
        Unit,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_size_rules",
        limit_choices_to={"level": Unit.Level.PROVINCE},
    )
    min_members = models.PositiveSmallIntegerField(_("số thành viên tối thiểu"))
    max_members = models.PositiveSmallIntegerField(
        _("số thành viên tối đa"), null=True, blank=True, help_text=_("Để trống nếu không quy định.")
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    needs_verification = models.BooleanField(_("cần đối chiếu văn bản"), default=False)

    objects = TeamSizeRuleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["province_id", "-valid_from"]
        verbose_name = _("quy định số thành viên tổ")
        verbose_name_plural = _("quy định số thành viên tổ")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_members__isnull=True) | Q(max_members__gte=models.F("min_members")),
                name="team_size_rule_max_not_below_min",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="team_size_rule_valid_range",
            ),
        ]

    def __str__(self) -> str:
        where = self.province.name if self.province is not None else _("Mặc định toàn quốc")
        upper = self.max_members if self.max_members is not None else "…"
        return f"{where}: {self.min_members}–{upper}"

    @classmethod
    def for_commune(cls, commune: Unit, day: dt.date) -> TeamSizeRule | None:
        """The province's rule in force on `day`, else the national fallback (one query)."""
        rules = (
            cls.objects.in_force(day)
            .filter(Q(province_id=commune.parent_id) | Q(province__isnull=True))
            .order_by(models.F("province_id").asc(nulls_last=True), "-valid_from")
        )
        return rules.first()


class TeamQuerySet(CommuneScopedQuerySet):
    def active(self) -> TeamQuerySet:
        return self.filter(status=Team.Status.ACTIVE)


class Team(models.Model):
    """A security and order team (Tổ bảo vệ ANTT) established by the commune chairperson's decision."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        DISSOLVED = "dissolved", _("Đã giải thể")

    commune = models.ForeignKey(
        Unit,
        verbose_name=_("xã, phường, đặc khu"),
        on_delete=models.PROTECT,
        related_name="security_teams",
        limit_choices_to={"level": Unit.Level.COMMUNE},
    )
    residential_area = models.ForeignKey(
        ResidentialArea,
        verbose_name=_("địa bàn phụ trách (khu dân cư)"),
        on_delete=models.PROTECT,
        related_name="security_teams",
    )
    name = models.CharField(_("tên tổ"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=50)
    established_on = models.DateField(_("ngày quyết định thành lập"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    dissolution_reason = models.CharField(_("lý do giải thể"), max_length=500, blank=True)
    dissolution_decision_ref = models.CharField(_("số quyết định giải thể"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = _("tổ bảo vệ ANTT")
        verbose_name_plural = _("tổ bảo vệ ANTT")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name_folded"],
                condition=Q(status="active"),
                name="unique_active_team_name",
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(dissolved_on__isnull=True))
                | (Q(status="dissolved") & Q(dissolved_on__isnull=False)),
                name="team_dissolved_on_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=models.F("established_on")),
                name="team_dissolved_after_established",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class PersonQuerySet(CommuneScopedQuerySet):
    def search(self, text: str) -> PersonQuerySet:
        needle = fold(text)
        return self.filter(name_folded__contains=needle) if needle else self


class Person(models.Model):
    """A citizen on a commune police's roster of the force; personal data, shown to the police only.

    One record per citizen ID nationally: a person who moves joins the new commune's roster with the
    same record (`commune` is the commune whose police keep it now).
    """

    class Sex(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class ResidenceType(models.TextChoices):
        PERMANENT = "permanent", _("Thường trú")
        TEMPORARY = "temporary", _("Tạm trú")

    class Education(models.TextChoices):
        # Ordered from lowest to highest; rules.py compares positions in this order.
        NONE = "none", _("Chưa tốt nghiệp tiểu học")
        PRIMARY = "primary", _("Tốt nghiệp tiểu học")
        LOWER_SECONDARY = "lower_secondary", _("Tốt nghiệp trung học cơ sở")
        UPPER_SECONDARY = "upper_secondary", _("Tốt nghiệp trung học phổ thông")
        HIGHER = "higher", _("Trung cấp, cao đẳng, đại học trở lên")

    class BackgroundCheck(models.TextChoices):
        PENDING = "pending", _("Chưa xác minh")
        CLEAR = "clear", _("Đạt (lý lịch rõ ràng)")
        NOT_CLEAR = "not_clear", _("Không đạt")

    class PreviousService(models.TextChoices):
        NONE = "", _("Không")
        PEOPLES_POLICE = "peoples_police", _("Đã phục vụ trong Công an nhân dân")
        PEOPLES_ARMY = "peoples_army", _("Đã phục vụ trong Quân đội nhân dân")
        SEMI_PRO_POLICE = "semi_pro_police", _("Công an xã bán chuyên trách")
        RESIDENTIAL_GUARD = "residential_guard", _("Bảo vệ dân phố")
        CIVIL_DEFENCE = "civil_defence", _("Đội trưởng, đội phó dân phòng")

    commune = models.ForeignKey(
        Unit,
        verbose_name=_("xã quản lý hồ sơ"),
        on_delete=models.PROTECT,
        related_name="force_people",
        limit_choices_to={"level": Unit.Level.COMMUNE},
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    date_of_birth = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices)
    citizen_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, unique=True, validators=[citizen_id_validator]
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    residence_type = models.CharField(_("hình thức cư trú"), max_length=10, choices=ResidenceType.choices)
    residence_since = models.DateField(_("cư trú từ ngày"), null=True, blank=True)
    education_level = models.CharField(
        _("trình độ học vấn"), max_length=16, choices=Education.choices, blank=True
    )
    health_certificate_on = models.DateField(_("ngày cấp giấy chứng nhận sức khỏe"), null=True, blank=True)
    background_check = models.CharField(
        _("xác minh lý lịch"), max_length=10, choices=BackgroundCheck.choices, default=BackgroundCheck.PENDING
    )
    previous_service = models.CharField(
        _("quá trình công tác trước (ưu tiên tuyển chọn)"),
        max_length=20,
        choices=PreviousService.choices,
        blank=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_folded", "pk"]
        verbose_name = _("người tham gia lực lượng")
        verbose_name_plural = _("người tham gia lực lượng")
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id__regex=r"^[0-9]{12}$"), name="person_citizen_id_12_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class MembershipQuerySet(models.QuerySet["Membership"]):
    def visible_to(self, user: Viewer) -> MembershipQuerySet:
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "team__commune__path"))

    def active(self) -> MembershipQuerySet:
        return self.filter(left_on__isnull=True)


class Membership(models.Model):
    """One period of a person in a team: recognised by a decision, ended by a decision on a legal ground."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Tổ trưởng")
        DEPUTY = "deputy", _("Tổ phó")
        MEMBER = "member", _("Tổ viên")

    class LeaveGround(models.TextChoices):
        # Luật 30/2023/QH15 Art. 17 k3, points a–d; procedure TT 14/2024/TT-BCA Art. 5 k3.
        VOLUNTARY = "voluntary", _("Tự nguyện xin thôi (điểm a khoản 3 Điều 17)")
        HEALTH = "health", _("Không còn đủ sức khỏe (điểm b khoản 3 Điều 17)")
        NON_PERFORMANCE = (
            "non_performance",
            _("Không hoàn thành nhiệm vụ, đã nhắc nhở bằng văn bản từ 2 lần (điểm c khoản 3 Điều 17)"),
        )
        LEGAL_PROCEEDINGS = (
            "legal_proceedings",
            _("Bị khởi tố, áp dụng biện pháp ngăn chặn hoặc xử lý hành chính (điểm d khoản 3 Điều 17)"),
        )

    team = models.ForeignKey(Team, verbose_name=_("tổ"), on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(
        Person, verbose_name=_("người"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("chức danh"), max_length=8, choices=Role.choices)
    joined_on = models.DateField(_("ngày công nhận"))
    join_decision_ref = models.CharField(_("số quyết định công nhận"), max_length=50)
    age_exception_decision_ref = models.CharField(
        _("số quyết định cho phép trên 70 tuổi"), max_length=50, blank=True
    )
    left_on = models.DateField(_("ngày thôi tham gia"), null=True, blank=True)
    leave_ground = models.CharField(
        _("căn cứ thôi tham gia"), max_length=20, choices=LeaveGround.choices, blank=True
    )
    leave_decision_ref = models.CharField(_("số quyết định cho thôi"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["team_id", "role", "pk"]
        verbose_name = _("thành viên tổ")
        verbose_name_plural = _("thành viên tổ")
        indexes = [models.Index(fields=["team", "left_on"])]
        constraints = [
            # A person is an active member of one team at most (the action checks first, with a message).
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_on__isnull=True), name="one_active_membership_per_person"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
            models.CheckConstraint(
                condition=(Q(left_on__isnull=True) & Q(leave_ground=""))
                | (Q(left_on__isnull=False) & ~Q(leave_ground="")),
                name="membership_leave_ground_with_left_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.team})"

    @property
    def is_active(self) -> bool:
        return self.left_on is None

    # TT 14/2024 Art. 5 k3: the commune police report on Form 07, the chairperson decides on Form 08,
    # for each of the four grounds.
    LEAVE_FORMS = _("Báo cáo theo Mẫu số 07, quyết định theo Mẫu số 08 (Thông tư 14/2024/TT-BCA)")


class AllowanceRateQuerySet(models.QuerySet["AllowanceRate"]):
    def overlapping(self, first: dt.date, last: dt.date) -> AllowanceRateQuerySet:
        return self.filter(valid_from__lte=last).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))


class AllowanceRate(models.Model):
    """The monthly support for a role in a province (HĐND tỉnh resolution, Art. 23 k1), with validity dates.

    A new rate closes the previous one the day before it starts; rows are never deleted, so the
    amounts of any past month can be recomputed.
    """

    province = models.ForeignKey(
        Unit,
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="force_allowance_rates",
        limit_choices_to={"level": Unit.Level.PROVINCE},
    )
    role = models.CharField(_("chức danh"), max_length=8, choices=Membership.Role.choices)
    amount = models.PositiveIntegerField(_("mức hỗ trợ hằng tháng (đồng)"))
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AllowanceRateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["province_id", "role", "-valid_from"]
        verbose_name = _("mức hỗ trợ hằng tháng")
        verbose_name_plural = _("mức hỗ trợ hằng tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "role", "valid_from"], name="allowance_rate_one_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="allowance_rate_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.get_role_display()}: {self.amount}"


class ForceTally(models.Model):
    """Counts of one commune's force for the overview, recomputed by every action that changes them.

    The national and provincial overviews add up these rows (one per commune) instead of reading
    300,000 memberships. Ages are whole years on `computed_on`; `recompute_force_tallies` refreshes
    them (run nightly) so the age bands never lag more than a day.
    """

    commune = models.OneToOneField(
        Unit, primary_key=True, on_delete=models.CASCADE, related_name="force_tally", verbose_name=_("xã")
    )
    province = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("tỉnh"))
    teams = models.PositiveIntegerField(default=0)
    areas_covered = models.PositiveIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)
    leaders = models.PositiveIntegerField(default=0)
    deputies = models.PositiveIntegerField(default=0)
    plain_members = models.PositiveIntegerField(default=0)
    age_18_30 = models.PositiveIntegerField(default=0)
    age_31_45 = models.PositiveIntegerField(default=0)
    age_46_60 = models.PositiveIntegerField(default=0)
    age_61_70 = models.PositiveIntegerField(default=0)
    age_over_70 = models.PositiveIntegerField(default=0)
    computed_on = models.DateField()

    class Meta:
        verbose_name = _("số liệu tổng hợp lực lượng của xã")
        verbose_name_plural = _("số liệu tổng hợp lực lượng của xã")

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.teams}/{self.members}"


# The yearly ranking lives in its own module; importing it here registers its models with the app.
from antq.forces.ranking_models import (  # noqa: E402, F401
    MemberEvaluation,
    Ranking,
    RankingCriterion,
    RankingRule,
    TeamEvaluation,
    TeamTaskCount,
)


class RosterImportQuerySet(models.QuerySet["RosterImport"]):
    def visible_to(self, user: Viewer) -> RosterImportQuerySet:
        """Jobs of units in the user's scope that the user started (the file is their upload)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        paths = user_paths(user)
        jobs = self.filter(created_by_id=user.pk)
        return jobs if paths is None else jobs.filter(scope_q(paths, "unit__path"))


class RosterImport(models.Model):
    """One Excel import of the roster run by the background worker: a dry run, then the commit.

    Rows are never half-written: the commit writes inside one transaction; the job row (outside it)
    says where the work stands and why it stopped.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang xử lý")
        READY = "ready", _("Đã kiểm tra, chờ xác nhận")
        REJECTED = "rejected", _("Có lỗi, không ghi dữ liệu")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Thất bại")

    class Phase(models.TextChoices):
        CHECK = "check", _("Kiểm tra")
        COMMIT = "commit", _("Ghi dữ liệu")

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="roster_imports"
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("tên tệp"), max_length=100)
    token = models.CharField(max_length=32, unique=True, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    phase = models.CharField(_("bước"), max_length=10, choices=Phase.choices, default=Phase.CHECK)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    error_rows = models.PositiveIntegerField(_("số dòng lỗi"), default=0)
    warning_rows = models.PositiveIntegerField(_("số dòng có cảnh báo"), default=0)
    people_created = models.PositiveIntegerField(_("số người mới"), default=0)
    people_updated = models.PositiveIntegerField(_("số người đã có hồ sơ"), default=0)
    memberships_created = models.PositiveIntegerField(_("số thành viên được ghi"), default=0)
    errors_sample = models.JSONField(default=list, blank=True)
    warnings_summary = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RosterImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lần nhập danh sách lực lượng")
        verbose_name_plural = _("lần nhập danh sách lực lượng")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.READY, self.Status.REJECTED, self.Status.DONE, self.Status.FAILED}
