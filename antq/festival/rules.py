"""Pure rules of the yearly festival (domain/04-festival.md): window, anniversaries, counts, coverage.

No database. The numbers come from `FestivalRules`, read from the `RuleSet` row that the national
administrator edits (the 01/7–19/8 window is the 2025 pattern, not a law; "năm tròn" is unconfirmed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FestivalRules:
    """The editable numbers: default window (month, day), report due days, round-year step."""

    window_start: tuple[int, int] = (7, 1)
    window_end: tuple[int, int] = (8, 19)
    report_due_days: int = 10
    round_every: int = 5
    first_year: int = 2005  # QĐ 521/QĐ-TTg: the first festival was 19/8/2005


def default_window(year: int, rules: FestivalRules) -> tuple[dt.date, dt.date]:
    """The proposed window of `year` (editable per campaign)."""
    return dt.date(year, *rules.window_start), dt.date(year, *rules.window_end)


def default_report_due(end: dt.date, rules: FestivalRules) -> dt.date:
    """The proposed report due date: some days after the window closes."""
    return end + dt.timedelta(days=rules.report_due_days)


def in_window(day: dt.date, start: dt.date, end: dt.date) -> bool:
    return start <= day <= end


def anniversary(year: int, rules: FestivalRules) -> int:
    """The festival's anniversary number in `year` (2025 -> 20)."""
    return year - rules.first_year


def is_round_year(year: int, rules: FestivalRules) -> bool:
    """A "năm tròn" of the festival (NĐ 111/2018 allows a commemorative ceremony only then)."""
    n = anniversary(year, rules)
    return n > 0 and rules.round_every > 0 and n % rules.round_every == 0


def negative_fields(counts: Mapping[str, int | None]) -> list[str]:
    """Names of the counts below zero (a result has none)."""
    return [name for name, value in counts.items() if value is not None and value < 0]


def coverage_percent(held: int, total: int) -> float | None:
    """Share of residential areas that held the festival, one decimal; None when there are none."""
    if total <= 0:
        return None
    return round(100 * min(held, total) / total, 1)


def calendar_token_hash(token: str) -> str:
    """SHA-256 of an iCal feed token: the database never holds the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()
