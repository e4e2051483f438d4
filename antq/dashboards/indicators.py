"""The standard indicators of the movement (domain 09 §8): one registry read by dashboards, the map,
the indicator API and the periodic reports.

An indicator answers, for any units (nation, provinces, communes, mixed) and any period, one value per
unit covering its whole subtree. It reads the other apps only through their `queries` modules, which
answer all the units of a level with one grouped query; the sources an indicator shares with others
(e.g. the assessment tallies behind a dozen figures) are read once per `values()` call, so the cost
of a dashboard is a constant number of queries whatever the number of units or rows.

Sources and their period:
* assessments: the yearly cycle of the period's year (`CommuneTally`);
* forces: today's force (`ForceTally`), no past value (`current_only`); rankings: decided rankings
  of the period's year;
* practices: stock at the period's end, activities inside it (`ModelTally`, `ActivityTally`);
* festival: events dated inside the period; awards: decisions signed inside it;
* movement: documents issued and tasks due inside it;
* tips: counts only (received, resolved, overdue) from antq/tips/queries.py (see `TIPS` below).
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from antq.practices.rules import Period
from antq.units.models import Unit

Value = Decimal | int | None
Values = dict[int, Value]


@dataclass(frozen=True)
class Indicator:
    """One standard figure of the movement, computable for any units and period."""

    code: str  # e.g. "assessments.recognised_rate"
    label: str | Promise  # Vietnamese, lazy
    section: str  # a key of SECTIONS
    kind: str  # "count" | "percent" | "money"
    compute: Callable[[Sequence[Unit], Period], Values]
    # The source holds the present only (no value for a past period): no trend is drawn.
    current_only: bool = False


SECTIONS: dict[str, str | Promise] = {
    "assessments": _("Đánh giá, công nhận “An toàn về ANTT”"),
    "forces": _("Lực lượng bảo vệ ANTT ở cơ sở"),
    "practices": _("Mô hình, điển hình, hoạt động"),
    "festival": _("Ngày hội toàn dân bảo vệ ANTQ"),
    "awards": _("Khen thưởng"),
    "movement": _("Chỉ đạo, nhiệm vụ"),
    "tips": _("Tin báo, phản ánh"),
}
KINDS = ("count", "percent", "money")

REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> None:
    """Add `indicator` to the registry (a code registered twice is a programming error)."""
    if indicator.section not in SECTIONS:
        raise ValueError(f"unknown section {indicator.section!r}")
    if indicator.kind not in KINDS:
        raise ValueError(f"unknown kind {indicator.kind!r}")
    existing = REGISTRY.get(indicator.code)
    if existing is not None and existing != indicator:
        raise ValueError(f"indicator {indicator.code!r} registered twice")
    REGISTRY[indicator.code] = indicator


def by_section() -> list[tuple[str, str | Promise, list[Indicator]]]:
    """The registered indicators grouped by section, in the order of SECTIONS then registration."""
    out = []
    for code, label in SECTIONS.items():
        members = [i for i in REGISTRY.values() if i.section == code]
        if members:
            out.append((code, label, members))
    return out


# --- One read of each source per values() call ----------------------------------------------------

_CACHE: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "indicator_cache", default=None
)


@contextmanager
def shared_sources() -> Iterator[None]:
    """Within this block every source is read once per (units, period), however many indicators ask."""
    if _CACHE.get() is not None:
        yield
        return
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def _source(name: str, units: Sequence[Unit], period: Period, read: Callable[[], Any]) -> Any:
    cache = _CACHE.get()
    if cache is None:
        return read()
    key = (name, tuple(sorted(u.pk for u in units)), period.key)
    if key not in cache:
        cache[key] = read()
    return cache[key]


def live_values(codes: Iterable[str], units: Sequence[Unit], period: Period) -> dict[str, Values]:
    """{code: {unit id: value}} computed from the source tables now (unknown codes raise KeyError)."""
    wanted = [REGISTRY[code] for code in codes]
    with shared_sources():
        return {indicator.code: indicator.compute(units, period) for indicator in wanted}


@dataclass
class Found:
    """Values of one (units, period) request and when they were computed (None: live, just now)."""

    values: dict[str, Values]
    refreshed_at: dt.datetime | None


Request = tuple[Sequence[str], Sequence[Unit], Period]  # (codes, units, period)


def values_many(requests: Sequence[Request]) -> list[Found]:
    """The named indicators for each (codes, units, period): from the snapshot when it holds every unit
    of a year (one query for all the requests), otherwise computed live (sources shared across them)."""
    from antq.dashboards import snapshots

    stored = snapshots.read([(units, period) for _codes, units, period in requests])
    out: list[Found] = []
    with shared_sources():
        for codes, units, period in requests:
            wanted = [REGISTRY[code] for code in codes]
            rows = [stored.get((u.pk, period.key)) for u in units]
            complete = [r for r in rows if r is not None and all(i.code in r.values for i in wanted)]
            if not units or len(complete) < len(units):
                out.append(Found(live_values(codes, units, period), None))
                continue
            decoded = {
                i.code: {
                    u.pk: snapshots.decode(i, r.values[i.code]) for u, r in zip(units, complete, strict=True)
                }
                for i in wanted
            }
            out.append(Found(decoded, min(r.refreshed_at for r in complete)))
    return out


def values(codes: Iterable[str], units: Sequence[Unit], period: Period) -> dict[str, Values]:
    """{code: {unit id: value}} of the named indicators (snapshot for a refreshed year, else live)."""
    return values_many([(list(codes), units, period)])[0].values


# --- Arithmetic -----------------------------------------------------------------------------------

ONE_DECIMAL = Decimal("0.1")


def percent(part: int | None, whole: int | None) -> Decimal | None:
    """`part` of `whole` in percent with one decimal (half up); None when `whole` is zero."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _field(source: Callable[[Sequence[Unit], Period], dict[int, dict[str, Any]]], name: str) -> Callable:
    def compute(units: Sequence[Unit], period: Period) -> Values:
        rows = source(units, period)
        return {u.pk: int(rows.get(u.pk, {}).get(name) or 0) for u in units}

    return compute


def _ratio(
    source: Callable[[Sequence[Unit], Period], dict[int, dict[str, Any]]], part: str, whole: str
) -> Callable:
    def compute(units: Sequence[Unit], period: Period) -> Values:
        rows = source(units, period)
        return {u.pk: percent(rows.get(u.pk, {}).get(part), rows.get(u.pk, {}).get(whole)) for u in units}

    return compute


# --- Sources (each through the owning app's queries module) ---------------------------------------


def assessment_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, int]]:
    from antq.assessments import queries

    return _source("assessments", units, period, lambda: queries.subtree_counts(units, period.year))


def force_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, int]]:
    from antq.forces import queries

    return _source("forces", units, period, lambda: queries.subtree_counts(units))


def ranking_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, int]]:
    from antq.forces import queries

    return _source("rankings", units, period, lambda: queries.subtree_rankings(units, period.year))


def practice_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, int]]:
    from antq.practices import queries

    return _source("practices", units, period, lambda: queries.subtree_counts(units, period))


def festival_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, int]]:
    from antq.festival import queries

    return _source("festival", units, period, lambda: queries.subtree_counts(units, period.start, period.end))


def award_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, Any]]:
    from antq.awards import queries

    return _source("awards", units, period, lambda: queries.subtree_decided(units, period.start, period.end))


def movement_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, Any]]:
    from antq.movement import queries

    def read() -> dict[int, dict[str, Any]]:
        # by_child answers units of one level (same path length): one call per level.
        today = timezone.localdate()
        levels: dict[str, list[Unit]] = {}
        for unit in units:
            levels.setdefault(unit.level, []).append(unit)
        found: dict[int, dict[str, Any]] = {}
        for members in levels.values():
            for pk, row in queries.by_child(members, period.start, period.end, period.year, today).items():
                found[pk] = {
                    "documents": row.documents,
                    "tasks": row.tasks,
                    "done": row.done,
                    "overdue": row.overdue,
                    "percent": row.percent,
                }
        return found

    return _source("movement", units, period, read)


def _movement_percent(units: Sequence[Unit], period: Period) -> Values:
    rows = movement_counts(units, period)
    return {u.pk: rows[u.pk]["percent"] if rows.get(u.pk, {}).get("tasks") else None for u in units}


# --- Tips (issue 7) -------------------------------------------------------------------------------
# TIPS: counts only (never content or identity), read through antq/tips/queries.py: tips received in
# the period by each unit's subtree, how many of them are resolved, how many are open past their
# deadline today.


def tip_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, int]]:
    from antq.tips import queries

    def read() -> dict[int, dict[str, int]]:
        found = queries.subtree_counts(units, period.start, period.end)
        return {
            pk: {"received": c.received, "resolved": c.resolved, "overdue": c.overdue}
            for pk, c in found.items()
        }

    return _source("tips", units, period, read)


# --- The standard indicators ----------------------------------------------------------------------


def _register_standard() -> None:
    a, f, r, p = assessment_counts, force_counts, ranking_counts, practice_counts
    standard = [
        # Assessments (TT 124 registration and recognition; QĐ 510 classification)
        Indicator(
            "assessments.subjects",
            _("Đối tượng tham gia đánh giá"),
            "assessments",
            "count",
            _field(a, "subjects"),
        ),
        Indicator("assessments.registered", _("Đã đăng ký"), "assessments", "count", _field(a, "registered")),
        Indicator(
            "assessments.registered_rate",
            _("Tỷ lệ đăng ký"),
            "assessments",
            "percent",
            _ratio(a, "registered", "subjects"),
        ),
        Indicator(
            "assessments.recognised", _("Được công nhận"), "assessments", "count", _field(a, "recognised")
        ),
        Indicator(
            "assessments.recognised_rate",
            _("Tỷ lệ công nhận (trên số đăng ký)"),
            "assessments",
            "percent",
            _ratio(a, "recognised", "registered"),
        ),
        Indicator(
            "assessments.area_recognised_rate",
            _("Tỷ lệ khu dân cư được công nhận"),
            "assessments",
            "percent",
            _ratio(a, "ra_recognised", "ra_registered"),
        ),
        Indicator(
            "assessments.excellent", _("Xếp loại xuất sắc"), "assessments", "count", _field(a, "excellent")
        ),
        Indicator("assessments.good", _("Xếp loại tốt"), "assessments", "count", _field(a, "good")),
        Indicator(
            "assessments.average", _("Xếp loại trung bình"), "assessments", "count", _field(a, "average")
        ),
        Indicator("assessments.weak", _("Xếp loại yếu"), "assessments", "count", _field(a, "weak")),
        # Grassroots security force (today) and its yearly ranking
        Indicator(
            "forces.teams", _("Tổ bảo vệ ANTT"), "forces", "count", _field(f, "teams"), current_only=True
        ),
        Indicator(
            "forces.members",
            _("Thành viên tổ bảo vệ ANTT"),
            "forces",
            "count",
            _field(f, "members"),
            current_only=True,
        ),
        Indicator(
            "forces.area_coverage",
            _("Tỷ lệ khu dân cư có tổ bảo vệ ANTT"),
            "forces",
            "percent",
            _ratio(f, "areas_covered", "areas"),
            current_only=True,
        ),
        Indicator(
            "forces.teams_ranked", _("Tổ đã xếp loại trong năm"), "forces", "count", _field(r, "ranked")
        ),
        Indicator(
            "forces.teams_excellent_rate",
            _("Tỷ lệ tổ hoàn thành xuất sắc nhiệm vụ"),
            "forces",
            "percent",
            _ratio(r, "excellent", "ranked"),
        ),
        # Models, examples and activities (HD 22: model + points + groups)
        Indicator("practices.models", _("Mô hình đang hoạt động"), "practices", "count", _field(p, "models")),
        Indicator("practices.points", _("Điểm mô hình"), "practices", "count", _field(p, "points")),
        Indicator(
            "practices.groups", _("Tổ, nhóm thực hiện mô hình"), "practices", "count", _field(p, "groups")
        ),
        Indicator(
            "practices.members", _("Thành viên mô hình"), "practices", "count", _field(p, "model_members")
        ),
        Indicator(
            "practices.models_new", _("Mô hình mới trong kỳ"), "practices", "count", _field(p, "models_new")
        ),
        Indicator(
            "practices.examples", _("Điển hình tiên tiến"), "practices", "count", _field(p, "examples")
        ),
        Indicator(
            "practices.activities", _("Hoạt động trong kỳ"), "practices", "count", _field(p, "activities")
        ),
        Indicator(
            "practices.participants",
            _("Lượt người tham dự hoạt động"),
            "practices",
            "count",
            _field(p, "participants"),
        ),
        # Festival day
        Indicator(
            "festival.events",
            _("Điểm tổ chức Ngày hội"),
            "festival",
            "count",
            _field(festival_counts, "events"),
        ),
        Indicator(
            "festival.area_coverage",
            _("Tỷ lệ khu dân cư tổ chức Ngày hội"),
            "festival",
            "percent",
            _ratio(festival_counts, "areas_held", "areas"),
        ),
        Indicator(
            "festival.reported_rate",
            _("Tỷ lệ điểm đã báo cáo kết quả"),
            "festival",
            "percent",
            _ratio(festival_counts, "reported", "events"),
        ),
        Indicator(
            "festival.participants",
            _("Người tham dự Ngày hội"),
            "festival",
            "count",
            _field(festival_counts, "participants"),
        ),
        Indicator(
            "festival.weapons",
            _("Vũ khí, công cụ hỗ trợ giao nộp"),
            "festival",
            "count",
            _field(festival_counts, "weapons"),
        ),
        Indicator(
            "festival.budget",
            _("Kinh phí tổ chức (đồng)"),
            "festival",
            "money",
            _field(festival_counts, "budget"),
        ),
        # Commendations
        Indicator(
            "awards.collectives",
            _("Tập thể được khen thưởng"),
            "awards",
            "count",
            _field(award_counts, "collectives"),
        ),
        Indicator(
            "awards.individuals",
            _("Cá nhân được khen thưởng"),
            "awards",
            "count",
            _field(award_counts, "individuals"),
        ),
        # Movement: documents and tasks
        Indicator(
            "movement.documents",
            _("Văn bản chỉ đạo ban hành"),
            "movement",
            "count",
            _field(movement_counts, "documents"),
        ),
        Indicator(
            "movement.tasks",
            _("Nhiệm vụ đến hạn trong kỳ"),
            "movement",
            "count",
            _field(movement_counts, "tasks"),
        ),
        Indicator(
            "movement.tasks_overdue",
            _("Nhiệm vụ quá hạn chưa xong"),
            "movement",
            "count",
            _field(movement_counts, "overdue"),
        ),
        Indicator(
            "movement.tasks_progress",
            _("Tiến độ nhiệm vụ (bình quân gia quyền)"),
            "movement",
            "percent",
            _movement_percent,
        ),
        # Tips (issue 7): counts only.
        Indicator(
            "tips.received", _("Tin báo, phản ánh tiếp nhận"), "tips", "count", _field(tip_counts, "received")
        ),
        Indicator(
            "tips.resolved",
            _("Tin báo, phản ánh đã giải quyết"),
            "tips",
            "count",
            _field(tip_counts, "resolved"),
        ),
        Indicator(
            "tips.overdue",
            _("Tin báo, phản ánh quá hạn chưa giải quyết"),
            "tips",
            "count",
            _field(tip_counts, "overdue"),
        ),
    ]
    for indicator in standard:
        register(indicator)


_register_standard()
