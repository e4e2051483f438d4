"""The map of Vietnam (national -> province -> commune) and the participants located in it.

Subtree queries use a materialised path: `/VN/01/00004/` is commune 00004 of province 01.
Pre-2025 units (63 provinces, their districts and wards) live under `/VN/cu/...`, retired on
30/06/2025 and linked to their successors by UnitSuccession.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antq.core.text import fold

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from antq.accounts.models import User

    # Views pass request.user as it comes: a signed-in User or the AnonymousUser.
    type Viewer = User | AnonymousUser | None


def scope_q(paths: Iterable[str], field: str = "path") -> Q:
    """OR of `field` LIKE 'path%' for each visible subtree root; an empty scope matches nothing."""
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def user_paths(user: Viewer) -> list[str] | None:
    """Subtree roots `user` may see; None means everything (staff superuser)."""
    if user is None or not user.is_authenticated:
        return []
    return user.scope_paths()


class UnitQuerySet(models.QuerySet["Unit"]):
    def current(self) -> UnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def legacy(self) -> UnitQuerySet:
        return self.filter(is_legacy=True)

    def search(self, text: str) -> UnitQuerySet:
        """Accent-insensitive name search: "thanh hoa" finds "Thanh Hóa"."""
        needle = fold(text)
        return self.filter(name_folded__contains=needle) if needle else self

    def visible_to(self, user: Viewer) -> UnitQuerySet:
        """Units in the user's subtrees, plus retired units whose successor is in them."""
        paths = user_paths(user)
        if paths is None:
            return self.all()
        if not paths:
            return self.none()
        in_scope = scope_q(paths)
        via_successor = Q(
            is_legacy=True,
            pk__in=UnitSuccession.objects.filter(scope_q(paths, "successor__path")).values("predecessor_id"),
        )
        return self.filter(in_scope | via_successor)


class Unit(models.Model):
    """An administrative unit: the nation, a province, a commune, or a retired pre-2025 unit."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Toàn quốc")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
        COMMUNE = "commune", _("Cấp xã")

    class Kind(models.TextChoices):
        NATION = "quoc_gia", _("Toàn quốc")
        TINH = "tinh", _("Tỉnh")
        THANH_PHO_TW = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
        XA = "xa", _("Xã")
        PHUONG = "phuong", _("Phường")
        DAC_KHU = "dac_khu", _("Đặc khu")
        HUYEN = "huyen", _("Huyện")
        QUAN = "quan", _("Quận")
        THI_XA = "thi_xa", _("Thị xã")
        THANH_PHO = "thanh_pho", _("Thành phố thuộc tỉnh")
        THI_TRAN = "thi_tran", _("Thị trấn")

    key = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, db_index=True)
    name = models.CharField(_("tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, db_index=True)
    kind = models.CharField(_("loại"), max_length=15, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=64, unique=True, editable=False)
    is_legacy = models.BooleanField(_("đơn vị trước sắp xếp 2025"), default=False, db_index=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True, db_index=True)
    # A commune in a particularly difficult area relaxes some eligibility rules (e.g. TT 14/2024).
    difficult_area = models.BooleanField(_("địa bàn đặc biệt khó khăn"), default=False)

    objects = UnitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        indexes = [models.Index(fields=["level", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        if not self.path:
            self.path = self.build_path(self.parent, self.code, legacy=self.is_legacy)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @staticmethod
    def build_path(parent: Unit | None, code: str, *, legacy: bool = False) -> str:
        if parent is None:
            return f"/{code}/"
        segment = f"cu{code}" if legacy and not parent.is_legacy else code
        return f"{parent.path}{segment}/"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def ancestor_paths(self) -> list[str]:
        parts = [p for p in self.path.split("/") if p]
        return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts) - 1)]


class UnitSuccession(models.Model):
    """A dated link from a retired unit to a unit that took over (all or part of) its territory."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị kế thừa"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    effective_date = models.DateField(_("ngày hiệu lực"))
    partial = models.BooleanField(_("chỉ một phần địa bàn"), default=False)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sắp xếp đơn vị")
        verbose_name_plural = _("sắp xếp đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_unit_succession"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class CommuneScopedQuerySet(models.QuerySet):
    """Rows that live inside a commune: visible when the commune is in the user's subtrees."""

    def visible_to(self, user: Viewer) -> CommuneScopedQuerySet:
        paths = user_paths(user)
        if paths is None:
            return self.all()
        return self.filter(scope_q(paths, "commune__path"))

    def current(self) -> CommuneScopedQuerySet:
        return self.filter(valid_to__isnull=True)

    def search(self, text: str) -> CommuneScopedQuerySet:
        needle = fold(text)
        return self.filter(name_folded__contains=needle) if needle else self


class ResidentialArea(models.Model):
    """A residential area (thôn, tổ dân phố, …) of a commune: the smallest unit of the movement."""

    class Kind(models.TextChoices):
        THON = "thon", _("Thôn")
        LANG = "lang", _("Làng")
        BAN = "ban", _("Bản")
        AP = "ap", _("Ấp")
        BUON = "buon", _("Buôn")
        BON = "bon", _("Bon")
        PHUM = "phum", _("Phum")
        SOC = "soc", _("Sóc")
        TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
        KHU_PHO = "khu_pho", _("Khu phố")
        KHOI_PHO = "khoi_pho", _("Khối phố")
        KHOM = "khom", _("Khóm")
        TIEU_KHU = "tieu_khu", _("Tiểu khu")

    commune = models.ForeignKey(
        Unit,
        verbose_name=_("xã, phường, đặc khu"),
        on_delete=models.PROTECT,
        related_name="residential_areas",
        limit_choices_to={"level": Unit.Level.COMMUNE},
    )
    name = models.CharField(_("tên khu dân cư"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    household_count = models.PositiveIntegerField(_("số hộ gia đình"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)

    objects = CommuneScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = _("khu dân cư")
        verbose_name_plural = _("khu dân cư")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name_folded"],
                condition=Q(valid_to__isnull=True),
                name="unique_current_residential_area_name",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Organisation(models.Model):
    """An agency, enterprise or school located in a commune that takes part in the movement."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Cơ quan")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        SCHOOL = "school", _("Cơ sở giáo dục")

    class ManagingLevel(models.TextChoices):
        COMMUNE = "commune", _("Cấp xã quản lý")
        PROVINCE = "province", _("Cấp tỉnh quản lý")
        CENTRAL = "central", _("Trung ương quản lý")

    commune = models.ForeignKey(
        Unit,
        verbose_name=_("đóng trên địa bàn"),
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"level": Unit.Level.COMMUNE},
    )
    name = models.CharField(_("tên tổ chức"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    managing_level = models.CharField(
        _("cấp quản lý"), max_length=10, choices=ManagingLevel.choices, default=ManagingLevel.COMMUNE
    )
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)

    objects = CommuneScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = _("cơ quan, doanh nghiệp, cơ sở giáo dục")
        verbose_name_plural = _("cơ quan, doanh nghiệp, cơ sở giáo dục")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "kind", "name_folded"],
                condition=Q(valid_to__isnull=True),
                name="unique_current_organisation_name",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
