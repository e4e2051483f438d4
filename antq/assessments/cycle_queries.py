"""Read models of the cycle and catalogue pages (a handful of queries per page, independent of data size)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from antq.assessments.models import (
    AuthorityRule,
    CriteriaSet,
    Criterion,
    Cycle,
    CycleRule,
    ManagingLevel,
    MovementClass,
    SubjectType,
)
from antq.units.models import Unit

PHASES = (
    ("registration_start", _("Bắt đầu đăng ký phấn đấu")),
    ("registration_end", _("Hết hạn đăng ký phấn đấu")),
    ("self_assessment_start", _("Bắt đầu tự đánh giá")),
    ("review_end", _("Hết hạn xét duyệt")),
    ("decision_end", _("Hết hạn quyết định công nhận, phân loại")),
)


def current_cycle() -> Cycle | None:
    """This year's cycle, else the latest one."""
    today = timezone.localdate()
    return Cycle.objects.filter(year=today.year).first() or Cycle.objects.order_by("-year").first()


def next_year_to_open() -> int:
    latest = Cycle.objects.order_by("-year").values_list("year", flat=True).first()
    return (latest or timezone.localdate().year - 1) + 1


def cycle_overview(cycle: Cycle | None) -> dict[str, Any]:
    rules: list[CycleRule] = []
    phases: list[tuple[Any, Any]] = []
    order = {value: i for i, value in enumerate(SubjectType.values)}
    levels = {value: i for i, value in enumerate(ManagingLevel.values)}
    if cycle is not None:
        rules = sorted(
            cycle.rules.select_related("standard_set", "score_sheet"), key=lambda r: order[r.subject_type]
        )
        phases = [(label, getattr(cycle, field)) for field, label in PHASES]
    return {
        "rules": rules,
        "phases": phases,
        "cycles": list(Cycle.objects.order_by("-year")),
        "authority_rules": sorted(
            AuthorityRule.objects.order_by("valid_from"),
            key=lambda a: (order[a.subject_type], levels[a.managing_level]),
        ),
    }


@dataclass
class Row:
    """One criterion with its depth in the tree (0 for a top-level criterion)."""

    criterion: Criterion
    depth: int


def criteria_set_view(criteria_set: CriteriaSet) -> dict[str, Any]:
    criteria = list(criteria_set.criteria.order_by("order", "code"))
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    rows: list[Row] = []

    def walk(parent: int | None, depth: int) -> None:
        for c in children.get(parent, []):
            rows.append(Row(c, depth))
            walk(c.pk, depth + 1)

    walk(None, 0)
    is_sheet = criteria_set.kind == CriteriaSet.Kind.SCORE_SHEET
    total = sum((c.max_points or Decimal(0) for c in children.get(None, [])), Decimal(0))
    thresholds = {t.movement_class: t for t in criteria_set.thresholds.all()}
    return {
        "criteria_set": criteria_set,
        "rows": rows,
        "is_sheet": is_sheet,
        "total": total,
        "total_ok": criteria_set.max_total is None or total == criteria_set.max_total,
        "thresholds": [(label, thresholds.get(value)) for value, label in MovementClass.choices],
        "unverified": sum(c.needs_verification for c in criteria)
        + sum(t.needs_verification for t in thresholds.values()),
        "used_by": list(
            CycleRule.objects.filter(standard_set=criteria_set).select_related("cycle")
            | CycleRule.objects.filter(score_sheet=criteria_set).select_related("cycle")
        ),
    }


def my_communes(user: Any, limit: int = 20) -> list[Unit]:
    """The communes a user works on directly (commune roles), for quick links on the cycle page."""
    if not getattr(user, "is_authenticated", False):
        return []
    units = [a.unit for a in user.active_roles if a.unit.level == Unit.Level.COMMUNE and a.unit.is_current]
    return sorted(units, key=lambda u: u.name_folded)[:limit]
