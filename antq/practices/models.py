"""Self-management models, advanced examples and movement activities (HD 22/HD-BCA-V05, NĐ 06/2014).

A `ModelType` is a catalogue entry (national, or added by a province). A `PracticeModel` is a model
registered by a unit (commune or above) and counted the way the guidance counts: its name, the
number of points (điểm) where it is applied and the number of groups (tổ) implementing it. A model
adopted at another point is a `PracticeModel` whose `origin` is the model it replicates; a
cross-unit cluster (cụm liên kết an toàn về ANTT) is a model with `member_units`, visible in the
scope of each member. `AdvancedExample` and `Activity` are registers of the unit that records them.

`province` is denormalised on every row (the province of the unit, None at national level) so that
roll-ups are one grouped query on an indexed column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.text import fold
from antq.units.models import Unit, scope_q, user_paths

if TYPE_CHECKING:
    from antq.units.models import Viewer


class ModelTypeQuerySet(models.QuerySet["ModelType"]):
    def for_unit(self, unit: Unit) -> ModelTypeQuerySet:
        """The national catalogue plus the types of the unit's province."""
        province_id = unit_province_id(unit)
        return self.filter(Q(province__isnull=True) | Q(province_id=province_id), is_active=True)


class ModelType(models.Model):
    """A kind of self-management model in the catalogue: national (province empty) or a province's own."""

    class Programme(models.TextChoices):
        MOVEMENT = "movement", _("Phong trào toàn dân bảo vệ ANTQ")
        DAN_VAN_KHEO = "dan_van_kheo", _("Dân vận khéo")

    code = models.SlugField(_("mã"), max_length=60)
    name = models.CharField(_("tên loại mô hình"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    province = models.ForeignKey(
        Unit,
        verbose_name=_("tỉnh, thành phố bổ sung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme = models.CharField(
        _("chương trình"), max_length=20, choices=Programme.choices, default=Programme.MOVEMENT
    )
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    objects = ModelTypeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("loại mô hình")
        verbose_name_plural = _("danh mục loại mô hình")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(province__isnull=True), name="model_type_code_national"
            ),
            models.UniqueConstraint(fields=["province", "code"], name="model_type_code_province"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def unit_province_id(unit: Unit) -> int | None:
    """The province a unit belongs to (itself for a province, None for the nation)."""
    if unit.level == Unit.Level.PROVINCE:
        return unit.pk
    if unit.level == Unit.Level.NATIONAL:
        return None
    return unit.parent_id


class UnitScopedQuerySet(models.QuerySet):
    """Rows recorded by a unit: visible when the unit is in the user's subtrees."""

    def visible_to(self, user: Viewer) -> Self:
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "unit__path"))

    def search(self, text: str) -> Self:
        """Accent-insensitive, every word anywhere in the name: "camera ba dinh" finds
        "Camera an ninh Phường Ba Đình"."""
        queryset = self
        for word in fold(text).split()[:8]:
            queryset = queryset.filter(name_folded__contains=word)
        return queryset


class PracticeModelQuerySet(UnitScopedQuerySet):
    def visible_to(self, user: Viewer) -> Self:
        """Models of units in scope, and clusters that have a member unit in scope."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        members = PracticeModel.member_units.through.objects.filter(scope_q(paths, "unit__path"))
        return self.filter(scope_q(paths, "unit__path") | Q(pk__in=members.values("practicemodel_id")))

    def showcase(self) -> PracticeModelQuerySet:
        """Active models recognised by a decision or rated effective at their last evaluation."""
        return self.filter(status=PracticeModel.Status.ACTIVE).filter(
            Q(rating=PracticeModel.Rating.EFFECTIVE) | Q(recognised_on__isnull=False)
        )


class PracticeModel(models.Model):
    """A self-management model registered by a unit, counted as name + points + groups (HD 22)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        DISSOLVED = "dissolved", _("Đã giải thể")

    class Rating(models.TextChoices):
        EFFECTIVE = "effective", _("Hoạt động hiệu quả")
        TO_CONSOLIDATE = "to_consolidate", _("Cần củng cố")
        DISSOLVED = "dissolved", _("Giải thể")

    model_type = models.ForeignKey(
        ModelType, verbose_name=_("loại mô hình"), on_delete=models.PROTECT, related_name="practice_models"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên mô hình"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("mô hình gốc (nhân rộng từ)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replicas",
    )
    is_cluster = models.BooleanField(_("cụm liên kết nhiều đơn vị"), default=False)
    member_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị tham gia cụm"), blank=True, related_name="+"
    )
    started_on = models.DateField(_("ngày bắt đầu"))
    points_count = models.PositiveIntegerField(_("số điểm áp dụng"), default=1)
    groups_count = models.PositiveIntegerField(_("số tổ, nhóm thực hiện"), default=0)
    members_count = models.PositiveIntegerField(_("số thành viên"), default=0)
    leaders = models.CharField(_("người phụ trách"), max_length=255, blank=True)
    description = models.TextField(_("mô tả ngắn"), max_length=1000, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    rating = models.CharField(
        _("kết quả đánh giá gần nhất"), max_length=15, choices=Rating.choices, blank=True
    )
    rated_year = models.PositiveSmallIntegerField(_("năm đánh giá"), null=True, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    recognition_ref = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PracticeModelQuerySet.as_manager()
    # Edits keep the earlier values (bulk loads write no history rows; the audit log says who changed what).
    history = HistoricalRecords(excluded_fields=["name_folded"])

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("mô hình")
        verbose_name_plural = _("mô hình")
        indexes = [
            models.Index(fields=["province", "status"]),
            models.Index(fields=["unit", "status"]),
            # The national "by type" table counts the live rows started since 1 January.
            models.Index(fields=["started_on", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(points_count__gte=1), name="practice_model_points_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ModelEvaluation(models.Model):
    """The yearly evaluation of a model: effective, to consolidate, or dissolved."""

    model = models.ForeignKey(PracticeModel, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("kết quả"), max_length=15, choices=PracticeModel.Rating.choices)
    evaluated_on = models.DateField(_("ngày đánh giá"))
    note = models.CharField(_("nhận xét"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("đánh giá mô hình")
        verbose_name_plural = _("đánh giá mô hình")
        constraints = [models.UniqueConstraint(fields=["model", "year"], name="model_evaluation_once_a_year")]

    def __str__(self) -> str:
        return f"{self.model} {self.year}: {self.get_rating_display()}"


class ClusterHandover(models.Model):
    """The yearly handover of a cluster's standing unit (đơn vị thường trực) from one member to another."""

    cluster = models.ForeignKey(PracticeModel, on_delete=models.CASCADE, related_name="handovers")
    year = models.PositiveSmallIntegerField(_("năm"))
    from_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị bàn giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị nhận thường trực"), on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("số, ký hiệu văn bản"), max_length=60)
    decided_on = models.DateField(_("ngày văn bản"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("bàn giao thường trực cụm")
        verbose_name_plural = _("bàn giao thường trực cụm")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="cluster_handover_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} {self.year}"


class AdvancedExample(models.Model):
    """An advanced example (điển hình tiên tiến): a collective or an individual, with its recognition.

    Individuals carry their name and position only: no birth date, ID or address.
    """

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    class Level(models.TextChoices):
        COMMUNE = "commune", _("Cấp xã")
        PROVINCE = "province", _("Cấp tỉnh")
        MINISTRY = "ministry", _("Bộ Công an")
        GOVERNMENT = "government", _("Thủ tướng Chính phủ")
        STATE = "state", _("Chủ tịch nước")

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("tên tập thể, cá nhân"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    position = models.CharField(_("chức vụ, nơi công tác"), max_length=200, blank=True)
    model = models.ForeignKey(
        PracticeModel,
        verbose_name=_("gắn với mô hình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examples",
    )
    achievement = models.TextField(_("thành tích"), max_length=2000)
    recognition_ref = models.CharField(_("số quyết định"), max_length=50)
    recognised_on = models.DateField(_("ngày quyết định"))
    level = models.CharField(_("cấp công nhận, khen thưởng"), max_length=12, choices=Level.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-recognised_on", "pk"]
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        indexes = [models.Index(fields=["province", "recognised_on"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ActivityKind(models.Model):
    """A kind of movement activity (data): propaganda, mobilisation, mediation, persuasion, drug-free work."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại hoạt động"), max_length=150)
    result_label = models.CharField(_("tên chỉ số kết quả"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("loại hoạt động")
        verbose_name_plural = _("loại hoạt động")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """One movement activity held by a unit: its kind, date, participants and results."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(ActivityKind, verbose_name=_("loại hoạt động"), on_delete=models.PROTECT)
    held_on = models.DateField(_("ngày tổ chức"))
    title = models.CharField(_("nội dung"), max_length=255)
    participants = models.PositiveIntegerField(_("số người tham dự"), default=0)
    result_count = models.PositiveIntegerField(_("kết quả (số lượng)"), default=0)
    result_text = models.TextField(_("kết quả"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("hoạt động phong trào")
        verbose_name_plural = _("hoạt động phong trào")
        indexes = [
            models.Index(fields=["province", "held_on"]),
            models.Index(fields=["unit", "held_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityTally(models.Model):
    """Activities of one province, kind and month: the national overview reads these, not 200,000 rows.

    Recomputed from `Activity` by `tallies.refresh_activity_tally` (never incremented), so it
    cannot drift; `rebuild_activity_tallies()` redoes everything after a bulk load.
    """

    province = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.ForeignKey(ActivityKind, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    count = models.PositiveIntegerField(default=0)
    participants = models.PositiveBigIntegerField(default=0)
    results = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "kind", "month"], name="activity_tally_one_row"),
        ]
        indexes = [models.Index(fields=["month", "province"])]

    def __str__(self) -> str:
        return f"{self.province_id} {self.kind_id} {self.month:%m/%Y}: {self.count}"


class ModelTally(models.Model):
    """Models of one province started in one month, per status and rating: the national overview's
    per-province stock, new models and status table read these, not 125,000 rows.

    Recomputed from `PracticeModel` by `tallies.refresh_model_tallies` inside every action that
    writes a model (never incremented); `rebuild_model_tallies()` redoes everything after a bulk load.
    """

    province = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month the models started in
    status = models.CharField(max_length=10, choices=PracticeModel.Status.choices)
    rating = models.CharField(max_length=15, choices=PracticeModel.Rating.choices, blank=True)
    count = models.PositiveIntegerField(default=0)  # every row: originals and replicas (points)
    originals = models.PositiveIntegerField(default=0)  # rows without an origin: "models"
    points = models.PositiveBigIntegerField(default=0)
    groups = models.PositiveBigIntegerField(default=0)
    members = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "month", "status", "rating"], name="model_tally_one_row"
            ),
        ]
        indexes = [models.Index(fields=["month", "province"])]

    def __str__(self) -> str:
        return f"{self.province_id} {self.month:%m/%Y} {self.status}/{self.rating}: {self.count}"


class ModelTypeTally(models.Model):
    """Active models of one province and type started in one year: the national "by type" table.

    A year, not a month, keeps it to a few rows per type; a period that ends before 31 December adds
    the live rows started earlier that year (`queries.overview`). Recomputed like `ModelTally`.
    """

    province = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    model_type = models.ForeignKey(ModelType, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()  # the year the models started in
    originals = models.PositiveIntegerField(default=0)
    points = models.PositiveBigIntegerField(default=0)
    groups = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "model_type", "year"], name="model_type_tally_one_row"
            ),
        ]
        indexes = [models.Index(fields=["year", "model_type"])]

    def __str__(self) -> str:
        return f"{self.province_id} {self.model_type_id} {self.year}: {self.points}"
