"""Pure calculations of the movement's plans and tasks: no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

DONE = 100


def weighted_percent(weighted_sum: int | None, total_weight: int | None) -> Decimal:
    """Accountability-tree roll-up: Σ(weight × progress) / Σ weight, one decimal, half up; 0 if empty."""
    if not total_weight:
        return Decimal("0.0")
    return (Decimal(weighted_sum or 0) / Decimal(total_weight)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def roll_up(rows: Iterable[tuple[int, int]]) -> Decimal:
    """`rows` of (weight, progress) -> the weighted percent (the same arithmetic the grouped query does)."""
    pairs = list(rows)
    return weighted_percent(sum(w * p for w, p in pairs), sum(w for w, _ in pairs))


def task_flag(progress: int, deadline: dt.date, today: dt.date, *, due_soon_days: int = 7) -> str:
    """'done', 'overdue' (deadline passed, not done), 'due_soon' (within `due_soon_days`) or 'pending'."""
    if progress >= DONE:
        return "done"
    if deadline < today:
        return "overdue"
    if (deadline - today).days <= due_soon_days:
        return "due_soon"
    return "pending"


def trend(current: int, previous: int) -> int:
    """Change from the previous period (positive: more than before)."""
    return current - previous
