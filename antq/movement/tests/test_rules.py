import datetime as dt
from decimal import Decimal

import pytest

from antq.movement.rules import roll_up, task_flag, trend, weighted_percent


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "0.0"),
        ([(1, 0)], "0.0"),
        ([(1, 100)], "100.0"),
        ([(1, 100), (1, 0)], "50.0"),
        # The heavier task counts three times: (3×100 + 1×0) / 4.
        ([(3, 100), (1, 0)], "75.0"),
        ([(1, 40), (2, 70)], "60.0"),
        # 1/3 → 33.3; 2/3 → 66.7 (half up).
        ([(1, 100), (1, 0), (1, 0)], "33.3"),
        ([(1, 100), (1, 100), (1, 0)], "66.7"),
        ([(2, 33), (1, 34)], "33.3"),
        ([(1, 5)] * 3321, "5.0"),
    ],
)
def test_weighted_roll_up(rows, expected):
    assert roll_up(rows) == Decimal(expected)


def test_weighted_percent_matches_the_sums_a_grouped_query_returns():
    assert weighted_percent(None, None) == Decimal("0.0")
    assert weighted_percent(0, 0) == Decimal("0.0")
    assert weighted_percent(250, 4) == Decimal("62.5")


TODAY = dt.date(2026, 5, 10)


@pytest.mark.parametrize(
    ("progress", "deadline", "flag"),
    [
        (100, dt.date(2026, 1, 1), "done"),  # done late is still done
        (99, dt.date(2026, 5, 9), "overdue"),
        (0, dt.date(2026, 5, 10), "due_soon"),  # the deadline day itself is not overdue
        (50, dt.date(2026, 5, 17), "due_soon"),
        (50, dt.date(2026, 5, 18), "pending"),
        (100, dt.date(2026, 12, 31), "done"),
    ],
)
def test_task_flags(progress, deadline, flag):
    assert task_flag(progress, deadline, TODAY) == flag


def test_trend():
    assert trend(5, 3) == 2
    assert trend(0, 4) == -4
