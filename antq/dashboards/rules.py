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


HEAT_CLASSES = 5


def heat_breaks(values: list[Decimal | int | None], classes: int = HEAT_CLASSES) -> list[Decimal]:
    """Upper bounds of `classes` equal-width classes between the smallest and largest known value."""
    known = [Decimal(v) for v in values if v is not None]
    if not known:
        return []
    low, high = min(known), max(known)
    if low == high:
        return [high]
    step = (high - low) / classes
    return [low + step * (i + 1) for i in range(classes - 1)] + [high]


def heat_class(value: Decimal | int | None, breaks: list[Decimal]) -> int | None:
    """The class (0 = lowest) of `value` against `heat_breaks`; None when unknown."""
    if value is None or not breaks:
        return None
    for i, bound in enumerate(breaks):
        if Decimal(value) <= bound:
            return i if len(breaks) > 1 else HEAT_CLASSES - 1
    return len(breaks) - 1
