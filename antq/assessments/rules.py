"""Pure calculations of the yearly cycle: score sheets, totals, deductions, classes, shares, dates.

No database and no regulation numbers live here: actions and queries build the small frozen
dataclasses below from rows (Criterion, ClassThreshold, ClassCap, DeductionRule, CycleRule) and pass
every number the regulations set (maxima, thresholds, shares, windows) in as arguments.
Points are `Decimal` with one decimal place, rounded ROUND_HALF_UP where rounding is needed.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.utils.translation import gettext as _

from antq.core.errors import DomainError

ONE_PLACE = Decimal("0.1")
ZERO = Decimal(0)

# The values of models.MovementClass, best first (rules.py may not import models; a test keeps the
# two in step). This is the order of the classes, not a number the regulations set.
CLASS_ORDER: tuple[str, ...] = ("excellent", "good", "average", "weak")

MonthDay = tuple[int, int]


class ClassificationUnavailable(DomainError):
    """The thresholds do not allow a class to be given yet (not filled in, or not covering the total)."""

    def __init__(self, message: str, *, code: str = "classification_unavailable") -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    """One criterion (or sub-item) of a sheet: its code, maximum points and parent's code."""

    code: str
    max_points: Decimal | None
    parent_code: str | None = None


@dataclass(frozen=True, slots=True)
class Threshold:
    """The minimum points of one movement class; `None` while the number is not yet confirmed."""

    movement_class: str
    min_points: Decimal | None


@dataclass(frozen=True, slots=True)
class Cap:
    """When `condition` holds the class cannot be above `max_class`."""

    condition: str
    max_class: str


@dataclass(frozen=True, slots=True)
class Deduction:
    """`points` deducted per occurrence of `condition`, at most `max_total` in all (None: no limit)."""

    condition: str
    points: Decimal
    max_total: Decimal | None = None


# --- numbers -------------------------------------------------------------------------------------


def round_points(value: Decimal) -> Decimal:
    """Round points to one decimal place, halves away from zero."""
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def format_points(value: Decimal) -> str:
    """Write points Vietnamese-style with one decimal place and a decimal comma (95,0)."""
    return f"{round_points(value):.1f}".replace(".", ",")


def has_one_decimal_at_most(value: Decimal) -> bool:
    """Tell whether a finite Decimal has no more than one significant decimal place (2.50 yes, 2.25 no)."""
    return value.is_finite() and value == value.quantize(ONE_PLACE)


def class_rank(movement_class: str) -> int:
    """Return the position of a class in CLASS_ORDER (0 is the best); unknown codes are refused."""
    try:
        return CLASS_ORDER.index(movement_class)
    except ValueError:
        raise DomainError(
            _("Mức phân loại “%(value)s” không hợp lệ.") % {"value": movement_class},
            code="unknown_class",
        ) from None


def class_label(movement_class: str) -> str:
    """Return the translated Vietnamese name of a class for messages (same msgids as MovementClass)."""
    labels = {
        "excellent": _("Xuất sắc"),
        "good": _("Khá"),
        "average": _("Trung bình"),
        "weak": _("Yếu"),
    }
    return labels.get(movement_class, movement_class)


# --- score sheet ---------------------------------------------------------------------------------


def _children(criteria: Sequence[CriterionSpec]) -> dict[str, list[CriterionSpec]]:
    """Group criteria by their parent's code."""
    children: dict[str, list[CriterionSpec]] = {}
    for criterion in criteria:
        if criterion.parent_code is not None:
            children.setdefault(criterion.parent_code, []).append(criterion)
    return children


def sheet_problems(criteria: Sequence[CriterionSpec], max_total: Decimal | None = Decimal(100)) -> list[str]:
    """List, in Vietnamese, everything that keeps a score sheet from being consistent (empty if none)."""
    problems: list[str] = []
    by_code: dict[str, CriterionSpec] = {}
    for criterion in criteria:
        if criterion.code in by_code:
            problems.append(_("Mã tiêu chí %(code)s bị trùng.") % {"code": criterion.code})
        by_code[criterion.code] = criterion

    for criterion in criteria:
        code, maximum = criterion.code, criterion.max_points
        if maximum is None:
            problems.append(_("Tiêu chí %(code)s chưa có điểm tối đa.") % {"code": code})
        elif not has_one_decimal_at_most(maximum) or maximum < 0:
            problems.append(
                _("Điểm tối đa của tiêu chí %(code)s phải không âm và có nhiều nhất một chữ số thập phân.")
                % {"code": code}
            )
        if criterion.parent_code is not None and criterion.parent_code not in by_code:
            problems.append(
                _("Tiêu chí %(code)s thuộc tiêu chí %(parent)s không có trong bảng chấm.")
                % {"code": code, "parent": criterion.parent_code}
            )

    # A parent chain that never reaches a top-level criterion is a loop.
    for criterion in criteria:
        seen = {criterion.code}
        parent = criterion.parent_code
        while parent is not None and parent in by_code:
            if parent in seen:
                problems.append(
                    _("Tiêu chí %(code)s nằm trong một vòng lặp tiêu chí cha – con.")
                    % {"code": criterion.code}
                )
                break
            seen.add(parent)
            parent = by_code[parent].parent_code

    def _sum(items: Iterable[CriterionSpec]) -> Decimal:
        return sum((c.max_points or ZERO for c in items), ZERO)

    for parent_code, items in _children(criteria).items():
        parent_spec = by_code.get(parent_code)
        if parent_spec is None or parent_spec.max_points is None:
            continue
        if _sum(items) != parent_spec.max_points:
            problems.append(
                _(
                    "Tổng điểm tối đa các nội dung của tiêu chí %(code)s là %(sum)s, "
                    "phải bằng điểm tối đa của tiêu chí (%(max)s)."
                )
                % {
                    "code": parent_code,
                    "sum": format_points(_sum(items)),
                    "max": format_points(parent_spec.max_points),
                }
            )

    if max_total is not None:
        top_total = _sum(c for c in criteria if c.parent_code is None)
        if top_total != max_total:
            problems.append(
                _("Tổng điểm tối đa của bảng chấm là %(sum)s, phải bằng %(max)s.")
                % {"sum": format_points(top_total), "max": format_points(max_total)}
            )
    return problems


def validate_sheet(criteria: Sequence[CriterionSpec], max_total: Decimal | None = Decimal(100)) -> None:
    """Refuse a score sheet whose maxima do not add up (top level to `max_total`, sub-items to parents)."""
    problems = sheet_problems(criteria, max_total)
    if problems:
        raise DomainError(" ".join(problems), code="invalid_sheet")


def validate_points(criterion: CriterionSpec, points: Decimal | None) -> None:
    """Refuse points outside 0 … max or with more than one decimal place; None (not scored yet) passes."""
    if points is None:
        return
    if criterion.max_points is None:
        raise DomainError(
            _("Tiêu chí %(code)s chưa có điểm tối đa nên chưa chấm điểm được.") % {"code": criterion.code},
            code="criterion_without_max",
        )
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise DomainError(
            _("Điểm của tiêu chí %(code)s phải từ 0 đến %(max)s.")
            % {"code": criterion.code, "max": format_points(criterion.max_points)},
            code="points_out_of_range",
        )
    if not has_one_decimal_at_most(points):
        raise DomainError(
            _("Điểm của tiêu chí %(code)s chỉ được có nhiều nhất một chữ số thập phân.")
            % {"code": criterion.code},
            code="points_precision",
        )


def leaves(criteria: Sequence[CriterionSpec]) -> list[CriterionSpec]:
    """Return the criteria that are scored directly: those without sub-items."""
    parents = {c.parent_code for c in criteria if c.parent_code is not None}
    return [c for c in criteria if c.code not in parents]


def _leaf_scores(
    criteria: Sequence[CriterionSpec], scores: Mapping[str, Decimal | None]
) -> dict[str, Decimal | None]:
    """Validate `scores` against the sheet and return each leaf's points (None when unscored)."""
    known = {c.code for c in criteria}
    unknown = sorted(code for code in scores if code not in known)
    if unknown:
        raise DomainError(
            _("Tiêu chí %(code)s không thuộc bảng chấm.") % {"code": ", ".join(unknown)},
            code="unknown_criterion",
        )
    result: dict[str, Decimal | None] = {}
    for criterion in leaves(criteria):
        points = scores.get(criterion.code)
        validate_points(criterion, points)
        result[criterion.code] = points
    return result


def subtotals(criteria: Sequence[CriterionSpec], scores: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """Return every criterion's points: a leaf's own score (unscored = 0), a parent's children's sum."""
    leaf_points = _leaf_scores(criteria, scores)
    children = _children(criteria)
    result: dict[str, Decimal] = {}

    def points_of(code: str, path: frozenset[str]) -> Decimal:
        if code in result:
            return result[code]
        if code in leaf_points:
            value = leaf_points[code] or ZERO
        else:
            # Guards against a parent loop that validate_sheet() would have refused.
            inner = path | {code}
            value = sum((points_of(c.code, inner) for c in children[code] if c.code not in inner), ZERO)
        result[code] = round_points(value)
        return result[code]

    for criterion in criteria:
        points_of(criterion.code, frozenset())
    return result


def total_points(criteria: Sequence[CriterionSpec], scores: Mapping[str, Decimal | None]) -> Decimal:
    """Sum the scores of the leaf criteria (unscored counts 0); scores given for parents are ignored."""
    return round_points(sum((p or ZERO for p in _leaf_scores(criteria, scores).values()), ZERO))


def is_complete(criteria: Sequence[CriterionSpec], scores: Mapping[str, Decimal | None]) -> bool:
    """Tell whether every leaf criterion of the sheet has been given points."""
    return all(p is not None for p in _leaf_scores(criteria, scores).values())


# --- deductions ----------------------------------------------------------------------------------


def deducted_points(deductions: Iterable[Deduction], conditions: Mapping[str, int]) -> Decimal:
    """Return the points all rules deduct: per rule points × occurrences, capped by its max_total."""
    total = ZERO
    for rule in deductions:
        occurrences = conditions.get(rule.condition, 0)
        if occurrences < 0 or rule.points < 0 or (rule.max_total is not None and rule.max_total < 0):
            raise DomainError(
                _("Điểm trừ và số lần xảy ra của điều kiện %(condition)s không được âm.")
                % {"condition": rule.condition},
                code="negative_deduction",
            )
        amount = rule.points * occurrences
        if rule.max_total is not None:
            amount = min(amount, rule.max_total)
        total += amount
    return round_points(total)


def apply_deductions(
    total: Decimal, deductions: Iterable[Deduction], conditions: Mapping[str, int]
) -> Decimal:
    """Subtract the deductions from `total`; the result never goes below 0."""
    return max(round_points(total - deducted_points(deductions, conditions)), ZERO)


# --- classification ------------------------------------------------------------------------------


def validate_thresholds(thresholds: Iterable[Threshold]) -> list[Threshold]:
    """Check the thresholds are filled in and strictly decreasing by class; return them best first."""
    items = list(thresholds)
    if not items or any(t.min_points is None for t in items):
        raise ClassificationUnavailable(
            _("Chưa thể phân loại: ngưỡng điểm của các mức chưa được cấu hình (cần xác minh).")
        )
    seen: set[str] = set()
    for t in items:
        class_rank(t.movement_class)
        if t.movement_class in seen:
            raise DomainError(
                _("Mức %(class)s có nhiều hơn một ngưỡng điểm.") % {"class": class_label(t.movement_class)},
                code="duplicate_threshold",
            )
        seen.add(t.movement_class)
        assert t.min_points is not None  # checked above; narrows the type
        if t.min_points < 0 or not has_one_decimal_at_most(t.min_points):
            raise DomainError(
                _("Ngưỡng điểm của mức %(class)s phải không âm và có nhiều nhất một chữ số thập phân.")
                % {"class": class_label(t.movement_class)},
                code="invalid_threshold",
            )
    ordered = sorted(items, key=lambda t: class_rank(t.movement_class))
    for better, worse in pairwise(ordered):
        assert better.min_points is not None and worse.min_points is not None
        if worse.min_points >= better.min_points:
            raise DomainError(
                _(
                    "Ngưỡng điểm của mức %(worse)s (%(worse_min)s) phải thấp hơn ngưỡng của mức "
                    "%(better)s (%(better_min)s)."
                )
                % {
                    "worse": class_label(worse.movement_class),
                    "worse_min": format_points(worse.min_points),
                    "better": class_label(better.movement_class),
                    "better_min": format_points(better.min_points),
                },
                code="threshold_order",
            )
    return ordered


def classify(
    total: Decimal, thresholds: Iterable[Threshold], caps: Iterable[Cap], conditions: AbstractSet[str]
) -> str:
    """Return the best class whose minimum `total` reaches, lowered to the lowest cap that applies."""
    ordered = validate_thresholds(thresholds)
    reached = next((t for t in ordered if t.min_points is not None and total >= t.min_points), None)
    if reached is None:
        lowest = ordered[-1]
        assert lowest.min_points is not None
        # Giving the lowest configured class to a total below its minimum would invent a result.
        raise ClassificationUnavailable(
            _(
                "Chưa thể phân loại: tổng điểm %(total)s thấp hơn ngưỡng thấp nhất đã cấu hình "
                "(mức %(class)s từ %(min)s điểm); cần cấu hình ngưỡng cho mức thấp nhất."
            )
            % {
                "total": format_points(total),
                "class": class_label(lowest.movement_class),
                "min": format_points(lowest.min_points),
            },
            code="below_lowest_threshold",
        )
    result = reached.movement_class
    for cap in caps:
        if cap.condition in conditions and class_rank(cap.max_class) > class_rank(result):
            result = cap.max_class
    return result


# --- TT 124 recognition --------------------------------------------------------------------------


def standard_met(results: Mapping[str, bool | None]) -> bool | None:
    """All criteria met → True; any not met → False; otherwise (some not assessed, or none at all) None."""
    values = list(results.values())
    if any(v is False for v in values):
        return False
    if not values or any(v is None for v in values):
        return None
    return True


def _share_reached(part: int, whole: int, share: Decimal) -> bool:
    """Tell whether part / whole ≥ share, exactly (no division, no floats)."""
    return Decimal(part) >= share * Decimal(whole)


def _check_share(share: Decimal) -> None:
    """Refuse a required share outside 0 … 1."""
    if not share.is_finite() or share < 0 or share > 1:
        raise DomainError(
            _("Tỷ lệ yêu cầu %(share)s phải nằm trong khoảng từ 0 đến 1.") % {"share": str(share)},
            code="invalid_share",
        )


def commune_share_check(
    total: int,
    registered: int,
    recognised: int,
    *,
    min_registered_share: Decimal,
    min_recognised_share: Decimal,
) -> bool:
    """XA-4: enough of the units under the commune registered and were recognised (shares from params)."""
    _check_share(min_registered_share)
    _check_share(min_recognised_share)
    if not 0 <= recognised <= registered <= total:
        raise DomainError(
            _(
                "Số liệu không hợp lệ: cần 0 ≤ số được công nhận (%(recognised)s) ≤ số đã đăng ký "
                "(%(registered)s) ≤ tổng số (%(total)s)."
            )
            % {"recognised": recognised, "registered": registered, "total": total},
            code="invalid_counts",
        )
    # total == 0 passes both shares: with no unit under it, nothing of the commune's failed the
    # criterion, and refusing it would block the commune for a fact outside its control.
    return _share_reached(registered, total, min_registered_share) and _share_reached(
        recognised, total, min_recognised_share
    )


def households_share_met(
    total: int | None, signed: int | None, *, min_share: Decimal = Decimal(1)
) -> bool | None:
    """KDC-1: did (all, by default) resident households sign up; None while either count is unknown."""
    if total is None or signed is None:
        return None
    _check_share(min_share)
    if not 0 <= signed <= total:
        raise DomainError(
            _("Số hộ ký cam kết (%(signed)s) phải từ 0 đến số hộ đang cư trú (%(total)s).")
            % {"signed": signed, "total": total},
            code="invalid_counts",
        )
    # No resident household means none is missing (same reading as XA-4 with no unit).
    return _share_reached(signed, total, min_share)


# --- dates ---------------------------------------------------------------------------------------


def _plain_date(value: date) -> date:
    """Refuse a datetime where a day is expected (callers convert with timezone.localdate first)."""
    if isinstance(value, datetime):
        raise TypeError("expected a date, got a datetime: convert it with timezone.localdate()")
    return value


def is_late(done_on: date, deadline: date) -> bool:
    """Tell whether something done on `done_on` missed `deadline` (on the day itself is in time)."""
    return _plain_date(done_on) > _plain_date(deadline)


def days_late(done_on: date, deadline: date) -> int:
    """Return how many days after `deadline` something was done (0 when in time)."""
    return max((_plain_date(done_on) - _plain_date(deadline)).days, 0)


def in_window(day: date, window_start: date, window_end: date) -> bool:
    """Tell whether `day` falls in the window, both ends included."""
    if _plain_date(window_start) > _plain_date(window_end):
        raise DomainError(
            _("Kỳ đánh giá không hợp lệ: ngày bắt đầu sau ngày kết thúc."), code="invalid_window"
        )
    return window_start <= _plain_date(day) <= window_end


def events_in_window[T](events: Iterable[T], start: date, end: date, *, on: Callable[[T], date]) -> list[T]:
    """Keep the events whose date (`on(event)`) falls in the window, in their original order."""
    return [event for event in events if in_window(on(event), start, end)]


def dates_in_window(days: Iterable[date], start: date, end: date) -> list[date]:
    """Keep the dates that fall in the window, in their original order."""
    return [day for day in days if in_window(day, start, end)]


def _check_month_day(month_day: MonthDay) -> None:
    """Refuse a month/day pair that no year has (29/02 is accepted)."""
    month, day = month_day
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise DomainError(
            _("Ngày/tháng %(day)s/%(month)s không hợp lệ.") % {"day": day, "month": month},
            code="invalid_month_day",
        )


def day_in_year(year: int, month_day: MonthDay, *, roll_forward: bool = False) -> date:
    """Return `month_day` in `year`; 29/02 of a common year gives 28/02, or 01/03 when rolling forward."""
    _check_month_day(month_day)
    month, day = month_day
    last = calendar.monthrange(year, month)[1]
    if day <= last:
        return date(year, month, day)
    return date(year, month + 1, 1) if roll_forward else date(year, month, last)


def default_window(
    subject_type: str, year: int, windows: Mapping[str, tuple[MonthDay, MonthDay]]
) -> tuple[date, date]:
    """Return the window of `year` from month/day data; a start not before the end is in year − 1."""
    if subject_type not in windows:
        raise DomainError(
            _("Chưa cấu hình kỳ đánh giá cho loại đối tượng %(type)s.") % {"type": subject_type},
            code="window_not_configured",
        )
    start_md, end_md = windows[subject_type]
    _check_month_day(start_md)
    _check_month_day(end_md)
    start_year = year - 1 if start_md >= end_md else year
    # A 29/02 start rolls forward and a 29/02 end clamps back, so consecutive windows stay contiguous.
    return day_in_year(start_year, start_md, roll_forward=True), day_in_year(year, end_md)


# --- readiness of a commune (TT 124 Art. 10: a unit is decided after its children) ----------------

# The values of models.SubjectType.COMMUNE and Unit.Level.COMMUNE (rules.py may not import models).
COMMUNE = "commune"


def is_commune_child(subject_type: str, decider_level: str | None) -> bool:
    """Whether a subject of a commune is one of the commune's children for readiness.

    A child is a subject that belongs to the commune, is not the commune itself, and is decided at
    commune level by the authority rule in force (residential areas and commune-managed
    organisations today). A subject decided elsewhere (a province-managed school) is not waited for.
    """
    return subject_type != COMMUNE and decider_level == COMMUNE


@dataclass(frozen=True, slots=True)
class Readiness:
    """How many registered children a commune has in a cycle and how many of them are decided."""

    children: int
    decided: int

    @property
    def pending(self) -> int:
        return self.children - self.decided

    @property
    def ready(self) -> bool:
        return self.pending == 0


def readiness(children: int, decided: int) -> Readiness:
    """A commune is ready when every registered child is decided (none registered: ready at once)."""
    if children < 0 or decided < 0 or decided > children:
        raise DomainError(
            _("Số đơn vị trực thuộc đã có quyết định (%(decided)s) không hợp lệ so với tổng số (%(total)s).")
            % {"decided": decided, "total": children},
            code="invalid_readiness",
        )
    return Readiness(children, decided)
