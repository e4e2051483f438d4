"""The cycle overview (issue 3 §7): registration, submission, approval and decisions rolled up per unit.

One page shows the children of one unit: provinces under the nation, communes under a province, subject
types under a commune. The nation and province pages sum the commune tallies (`tallies.py`, one grouped
query over a few rows per commune); a commune page counts its own rows live (three grouped queries), as it
also lists the subjects that lag. Either way a page costs the same number of queries whatever the number
of communes or subjects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from antq.assessments import tallies
from antq.assessments.models import (
    Assessment,
    CommuneTally,
    Cycle,
    Registration,
    Subject,
    SubjectType,
)
from antq.core.text import has_nul
from antq.units.models import Unit

if TYPE_CHECKING:
    from antq.units.models import Viewer

SUBMITTED = tallies.SUBMITTED


def _percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@dataclass
class Counts:
    """The measures of one row (or of the totals)."""

    subjects: int = 0
    registered: int = 0
    registered_late: int = 0
    submitted: int = 0
    submitted_late: int = 0
    approved: int = 0
    decided: int = 0
    recognised: int = 0
    excellent: int = 0
    good: int = 0
    average: int = 0
    weak: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(Counts):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    # Registration is measured against every subject; submission and recognition against registrations.
    @property
    def registered_percent(self) -> float | None:
        return _percent(self.registered, self.subjects)

    @property
    def submitted_percent(self) -> float | None:
        return _percent(self.submitted, self.registered)

    @property
    def recognised_percent(self) -> float | None:
        return _percent(self.recognised, self.registered)


@dataclass
class OverviewRow(Counts):
    """One child of the unit: a province, a commune or a subject type (`unit` is None for a type)."""

    key: str = ""
    label: str = ""
    unit: Unit | None = None


@dataclass
class Overview:
    cycle: Cycle
    # None for the top page (the nation, or the highest units the user sees).
    unit: Unit | None
    child_level: str  # "province", "commune" or "subject_type"
    rows: list[OverviewRow]
    totals: Counts
    crumbs: list[tuple[Unit, bool]] = field(default_factory=list)
    not_registered: list[Subject] = field(default_factory=list)
    not_submitted: list[Subject] = field(default_factory=list)

    def chart_data(self) -> dict[str, Any]:
        """What the bar chart draws (rendered with json_script, read by overview.js)."""
        return {
            "labels": [r.label for r in self.rows],
            "series": [
                {"label": str(_("Đối tượng")), "data": [r.subjects for r in self.rows]},
                {"label": str(_("Đăng ký")), "data": [r.registered for r in self.rows]},
                {"label": str(_("Đã gửi hồ sơ")), "data": [r.submitted for r in self.rows]},
                {"label": str(_("Được công nhận")), "data": [r.recognised for r in self.rows]},
            ],
        }


def _grouped(queryset: QuerySet[Any], group: str, measures: dict[str, Any]) -> dict[Any, dict[str, int]]:
    """{group value: {measure: count}} from one GROUP BY query."""
    return {row.pop(group): row for row in queryset.values(group).annotate(**measures).order_by()}


def _fill(
    keys: Sequence[tuple[Any, str, str, Unit | None]], *sources: dict[Any, dict[str, int]]
) -> list[OverviewRow]:
    rows = []
    for value, key, label, unit in keys:
        row = OverviewRow(key=key, label=label, unit=unit)
        for source in sources:
            for name, n in source.get(value, {}).items():
                setattr(row, name, n or 0)
        rows.append(row)
    return rows


def _tally_rows(
    cycle: Cycle,
    user: Viewer,
    keys: Sequence[tuple[Any, str, str, Unit | None]],
    scope: dict[str, Any],
    group: str,
) -> list[OverviewRow]:
    """Rows for `keys` summed from the commune tallies limited by `scope` (one grouped query)."""
    sums = {name: Sum(name) for name in tallies.MEASURES}
    tally = CommuneTally.objects.visible_to(user).filter(cycle=cycle, **scope)
    return _fill(keys, _grouped(tally, group, sums))


def _live_rows(
    cycle: Cycle,
    user: Viewer,
    keys: Sequence[tuple[Any, str, str, Unit | None]],
    scope: dict[str, Any],
    group: str,
) -> list[OverviewRow]:
    """Rows for `keys` counted from the source rows (three grouped queries limited by `scope`).

    Only for one commune's page (a few hundred rows); `scope` and `group` are written relative to
    Subject; registrations and assessments reach them through `subject__`.
    """
    through = {f"subject__{k}": v for k, v in scope.items()}
    subjects = _grouped(Subject.objects.visible_to(user).filter(**scope), group, tallies.subject_measures())
    registrations = _grouped(
        Registration.objects.visible_to(user).filter(cycle=cycle, **through),
        f"subject__{group}",
        tallies.registration_measures(),
    )
    assessments = _grouped(
        Assessment.objects.visible_to(user).filter(cycle=cycle, **through),
        f"subject__{group}",
        tallies.assessment_measures(),
    )
    return _fill(keys, subjects, registrations, assessments)


def _totals(rows: list[OverviewRow]) -> Counts:
    totals = Counts()
    for row in rows:
        totals.add(row)
    return totals


def _unit_keys(units: list[Unit]) -> list[tuple[Any, str, str, Unit | None]]:
    return [(u.pk, u.key, u.name, u) for u in units]


NATIONAL_KEY = "VN"


def unit_for_key(user: Viewer, key: str) -> Unit | None:
    """The unit of an overview URL: None for the nation ("VN"); a visible current province or commune.

    Anything else, or a unit outside the user's scope, raises Http404.
    """
    if key == NATIONAL_KEY:
        return None
    if len(key) > 20 or has_nul(key):
        raise Http404
    unit = get_object_or_404(Unit.objects.visible_to(user), key=key)
    if unit.is_legacy or unit.level not in (Unit.Level.PROVINCE, Unit.Level.COMMUNE):
        raise Http404
    return unit


def top_units(user: Viewer) -> list[Unit]:
    """The highest current units the user sees: the provinces, else their own communes."""
    visible = Unit.objects.visible_to(user).current().filter(is_legacy=False)
    provinces = list(visible.filter(level=Unit.Level.PROVINCE).order_by("name_folded"))
    if provinces:
        return provinces
    return list(visible.filter(level=Unit.Level.COMMUNE).order_by("name_folded"))


def overview(cycle: Cycle, unit: Unit | None, user: Viewer) -> Overview:
    """The roll-up of `cycle` for the children of `unit` (None or the nation: the top page).

    The caller has checked that `unit` is visible to `user`; every query below is scoped again, so a
    province officer's national page holds only their province.
    """
    if unit is None or unit.level == Unit.Level.NATIONAL:
        children = top_units(user)
        unit = None
    elif unit.level == Unit.Level.PROVINCE:
        children = list(
            Unit.objects.visible_to(user)
            .current()
            .filter(parent=unit, level=Unit.Level.COMMUNE, is_legacy=False)
            .order_by("name_folded")
        )
    else:
        return _commune_overview(cycle, unit, user)
    ids = [c.pk for c in children]
    if children and children[0].level == Unit.Level.PROVINCE:
        child_level, group, scope = "province", "commune__parent_id", {"commune__parent_id__in": ids}
    else:
        child_level, group, scope = "commune", "commune_id", {"commune_id__in": ids}
    rows = _tally_rows(cycle, user, _unit_keys(children), scope, group) if children else []
    return Overview(
        cycle=cycle,
        unit=unit,
        child_level=child_level,
        rows=rows,
        totals=_totals(rows),
        crumbs=_crumbs(unit, user) if unit is not None else [],
    )


def _commune_overview(cycle: Cycle, commune: Unit, user: Viewer) -> Overview:
    """Subject types of one commune, and by name the subjects that have not registered or submitted."""
    keys = [(value, value, str(label), None) for value, label in SubjectType.choices]
    rows = [
        row
        for row in _live_rows(cycle, user, keys, {"commune_id": commune.pk}, "subject_type")
        if row.subjects
    ]
    lagging = list(
        Subject.objects.visible_to(user)
        .filter(commune=commune)
        .annotate(
            is_registered=Exists(Registration.objects.filter(cycle=cycle, subject=OuterRef("pk"))),
            is_submitted=Exists(
                Assessment.objects.filter(cycle=cycle, subject=OuterRef("pk"), status__in=SUBMITTED)
            ),
        )
        .filter(Q(is_registered=False) | Q(is_submitted=False))
        .order_by("subject_type", "name")
    )
    return Overview(
        cycle=cycle,
        unit=commune,
        child_level="subject_type",
        rows=rows,
        totals=_totals(rows),
        crumbs=_crumbs(commune, user),
        not_registered=[s for s in lagging if not s.is_registered],
        not_submitted=[s for s in lagging if not s.is_submitted],
    )


def _crumbs(unit: Unit, user: Viewer) -> list[tuple[Unit, bool]]:
    """Ancestors below the nation, each flagged with whether the user may open its overview (2 queries)."""
    ancestors = list(
        Unit.objects.filter(path__in=unit.ancestor_paths())
        .exclude(level=Unit.Level.NATIONAL)
        .order_by("path")
    )
    if not ancestors:
        return []
    visible = set(
        Unit.objects.visible_to(user).filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True)
    )
    return [(a, a.pk in visible) for a in ancestors]
