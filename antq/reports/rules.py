"""Calendar and completeness rules of periodic reports: pure functions, no database.

A report regime (chế độ báo cáo) states its frequency, its data cut-off and its deadline. The numbers
are data on `ReportDefinition` (domain/09 §8: UNCONFIRMED); these functions only do the arithmetic.

* Period keys: "2026-07" (month), "2026-Q3" (quarter), "2026-H1" (6 months), "2026" (year).
* Data cut-off (`cutoff_day`): 0 means the calendar period; a day D means the figures run from day
  D+1 of the month before the period to day D of its last month (the convention of NĐ 09/2019/NĐ-CP
  art. 12: a monthly report from the 15th of the previous month to the 14th).
* Due date: day `due_day` of the month `due_months_after` months after the period's last month
  (clamped to the month's last day).
* Timeliness: submitted on or before the due date is on time, after it late; not submitted is
  missing once the due date has passed, pending before.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from antq.practices.rules import Period

MONTH, QUARTER, HALF, YEAR = "month", "quarter", "half", "year"
KINDS = (MONTH, QUARTER, HALF, YEAR)
MONTHS_IN = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}
PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|H([12])|(\d{2})))?\Z")

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"

# Draft -> submitted -> accepted, or returned -> (edited) -> submitted again.
DRAFT, SUBMITTED, ACCEPTED, RETURNED = "draft", "submitted", "accepted", "returned"
TRANSITIONS: dict[str, dict[str, str]] = {
    DRAFT: {"edit": DRAFT, "refresh": DRAFT, "aggregate": DRAFT, "submit": SUBMITTED},
    RETURNED: {"edit": RETURNED, "refresh": RETURNED, "aggregate": RETURNED, "submit": SUBMITTED},
    SUBMITTED: {"accept": ACCEPTED, "return": RETURNED},
    ACCEPTED: {},
}


def allowed(status: str, verb: str) -> bool:
    """Whether `verb` may be applied to a report in `status`."""
    return verb in TRANSITIONS.get(status, {})


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period: its kind, year and number (month 1-12, quarter 1-4, half 1-2; 0 for a year)."""

    kind: str
    year: int
    number: int

    @property
    def key(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == HALF:
            return f"{self.year}-H{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("tháng %(m)s năm %(y)s") % {"m": f"{self.number:02d}", "y": self.year}
        if self.kind == QUARTER:
            return _("quý %(q)s năm %(y)s") % {"q": self.number, "y": self.year}
        if self.kind == HALF:
            if self.number == 1:
                return _("6 tháng đầu năm %(y)s") % {"y": self.year}
            return _("6 tháng cuối năm %(y)s") % {"y": self.year}
        return _("năm %(y)s") % {"y": self.year}

    @property
    def last_month(self) -> int:
        """The calendar month the period ends in."""
        return 12 if self.kind == YEAR else self.number * MONTHS_IN[self.kind]

    @property
    def first_month(self) -> int:
        return self.last_month - MONTHS_IN[self.kind] + 1

    def previous(self) -> ReportPeriod:
        if self.kind == YEAR:
            return ReportPeriod(YEAR, self.year - 1, 0)
        per_year = 12 // MONTHS_IN[self.kind]
        if self.number == 1:
            return ReportPeriod(self.kind, self.year - 1, per_year)
        return ReportPeriod(self.kind, self.year, self.number - 1)


def parse_period(kind: str, text: str) -> ReportPeriod | None:
    """The period of `kind` named by `text` ("2026-07", "2026-Q3", "2026-H1", "2026"); None otherwise."""
    found = PERIOD_RE.match((text or "").strip())
    if not found or kind not in KINDS:
        return None
    year = int(found.group(1))
    if not 2000 <= year <= 2100:
        return None
    quarter, half, month = found.group(2), found.group(3), found.group(4)
    if kind == YEAR and not (quarter or half or month):
        return ReportPeriod(YEAR, year, 0)
    if kind == QUARTER and quarter:
        return ReportPeriod(QUARTER, year, int(quarter))
    if kind == HALF and half:
        return ReportPeriod(HALF, year, int(half))
    if kind == MONTH and month and 1 <= int(month) <= 12:
        return ReportPeriod(MONTH, year, int(month))
    return None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _day(year: int, month: int, day: int) -> dt.date:
    """Day `day` of the month, or its last day when the month is shorter."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def data_window(period: ReportPeriod, cutoff_day: int) -> tuple[dt.date, dt.date]:
    """First and last day of the figures of `period` under the data cut-off rule."""
    if not cutoff_day:
        end_y, end_m = period.year, period.last_month
        return dt.date(period.year, period.first_month, 1), _day(end_y, end_m, 31)
    before_y, before_m = _add_months(period.year, period.first_month, -1)
    start = _day(before_y, before_m, cutoff_day) + dt.timedelta(days=1)
    return start, _day(period.year, period.last_month, cutoff_day)


def due_date(period: ReportPeriod, due_day: int, due_months_after: int) -> dt.date:
    """The deadline: day `due_day` of the month `due_months_after` months after the period's last month."""
    year, month = _add_months(period.year, period.last_month, due_months_after)
    return _day(year, month, due_day)


def as_indicator_period(period: ReportPeriod, start: dt.date, end: dt.date) -> Period:
    """The dashboards' `Period` spanning the data window (what the indicators are computed over)."""
    kind = {MONTH: "month", QUARTER: "quarter", HALF: "half", YEAR: "year"}[period.kind]
    return Period(kind, period.year, period.number, start, end)


def current_period(kind: str, today: dt.date) -> ReportPeriod:
    """The period of `kind` that contains `today` (calendar months)."""
    if kind == YEAR:
        return ReportPeriod(YEAR, today.year, 0)
    size = MONTHS_IN[kind]
    return ReportPeriod(kind, today.year, (today.month - 1) // size + 1)


def timeliness(due_on: dt.date, submitted_on: dt.date | None, today: dt.date) -> str:
    """on_time / late for a submitted report; missing once the deadline has passed, pending before."""
    if submitted_on is not None:
        return ON_TIME if submitted_on <= due_on else LATE
    return MISSING if today > due_on else PENDING


@dataclass(frozen=True)
class Completeness:
    """How many of the expected reports arrived, and when (Vietnamese regimes count both)."""

    expected: int
    on_time: int
    late: int
    missing: int
    pending: int

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def completeness_percent(self) -> float | None:
        """Share of the expected reports that were submitted."""
        return round(self.submitted * 100.0 / self.expected, 1) if self.expected else None

    @property
    def timeliness_percent(self) -> float | None:
        """Share of the expected reports that were submitted on time."""
        return round(self.on_time * 100.0 / self.expected, 1) if self.expected else None


def completeness(states: Iterable[str]) -> Completeness:
    """Counts of `timeliness()` results, one per expected reporter."""
    counted = {ON_TIME: 0, LATE: 0, MISSING: 0, PENDING: 0}
    total = 0
    for state in states:
        if state not in counted:
            raise ValueError(state)
        counted[state] += 1
        total += 1
    return Completeness(total, counted[ON_TIME], counted[LATE], counted[MISSING], counted[PENDING])


def add_values(values: Iterable[int | float | None], kind: str) -> int | float | None:
    """The aggregate of units' figures: counts and money add up; a percent is the mean of the known ones."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    if kind == "percent":
        return round(sum(float(v) for v in known) / len(known), 1)
    return sum(known)
