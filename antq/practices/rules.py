"""Periods of the roll-ups (month, quarter, half-year, year) and trend arithmetic: pure, no database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(\d{2})|H([12])))?\Z")


@dataclass(frozen=True)
class Period:
    """A closed date range named by its key: "2026", "2026-H1", "2026-Q3" or "2026-07"."""

    kind: str  # "year" | "half" | "quarter" | "month"
    year: int
    number: int  # half 1-2, quarter 1-4 or month 1-12; 0 for a year
    start: dt.date
    end: dt.date

    @property
    def key(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        if self.kind == "month":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "half":
            return f"{self.year}-H{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return _("Quý %(q)s/%(y)s") % {"q": self.number, "y": self.year}
        if self.kind == "month":
            return _("Tháng %(m)s/%(y)s") % {"m": f"{self.number:02d}", "y": self.year}
        if self.kind == "half":
            return _("6 tháng %(h)s/%(y)s") % {
                "h": _("đầu năm") if self.number == 1 else _("cuối năm"),
                "y": self.year,
            }
        return _("Năm %(y)s") % {"y": self.year}

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        if self.kind == "quarter":
            return quarter(self.year - 1, 4) if self.number == 1 else quarter(self.year, self.number - 1)
        if self.kind == "month":
            return month(self.year - 1, 12) if self.number == 1 else month(self.year, self.number - 1)
        if self.kind == "half":
            return half(self.year - 1, 2) if self.number == 1 else half(self.year, 1)
        return year(self.year - 1)


def year(y: int) -> Period:
    return Period("year", y, 0, dt.date(y, 1, 1), dt.date(y, 12, 31))


def half(y: int, h: int) -> Period:
    """The first (January-June) or second (July-December) half of `y`."""
    if h == 1:
        return Period("half", y, 1, dt.date(y, 1, 1), dt.date(y, 6, 30))
    return Period("half", y, 2, dt.date(y, 7, 1), dt.date(y, 12, 31))


def quarter(y: int, q: int) -> Period:
    start = dt.date(y, 3 * q - 2, 1)
    end = dt.date(y, 12, 31) if q == 4 else dt.date(y, 3 * q + 1, 1) - dt.timedelta(days=1)
    return Period("quarter", y, q, start, end)


def month(y: int, m: int) -> Period:
    start = dt.date(y, m, 1)
    end = dt.date(y, 12, 31) if m == 12 else dt.date(y, m + 1, 1) - dt.timedelta(days=1)
    return Period("month", y, m, start, end)


def parse_period(text: str, *, today: dt.date) -> Period | None:
    """The period named by `text`; None when malformed or outside 2000..next year."""
    match = PERIOD_RE.match((text or "").strip())
    if not match:
        return None
    y = int(match.group(1))
    if not 2000 <= y <= today.year + 1:
        return None
    if match.group(2):
        return quarter(y, int(match.group(2)))
    if match.group(3):
        m = int(match.group(3))
        return month(y, m) if 1 <= m <= 12 else None
    if match.group(4):
        return half(y, int(match.group(4)))
    return year(y)


def trend(current: int, previous: int) -> float | None:
    """Change in percent against the previous period; None when there is nothing to compare with."""
    if previous == 0:
        return None
    return round((current - previous) * 100.0 / previous, 1)
