"""Trend arithmetic of the summary: pure functions, no database."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Change:
    """A number of this period against the previous one."""

    current: int | Decimal
    previous: int | Decimal
    delta: int | Decimal
    percent: float | None  # None when the previous period had nothing to compare with
    arrow: str  # "▲", "▼" or "" (no change)


def change(current: int | Decimal, previous: int | Decimal) -> Change:
    """▲ / ▼ and the change in percent of the previous value (one decimal; None from zero)."""
    delta = current - previous
    arrow = "▲" if delta > 0 else "▼" if delta < 0 else ""
    percent = None if not previous else round(float(delta) * 100.0 / float(previous), 1)
    return Change(current, previous, delta, percent, arrow)
