import datetime as dt

import pytest

from antq.practices.rules import parse_period, trend

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "start", "end", "previous"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2025"),
        ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2025-Q4"),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026-Q2"),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-Q3"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-01"),
        ("2026-01", dt.date(2026, 1, 1), dt.date(2026, 1, 31), "2025-12"),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31), "2026-11"),
        ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "2025-H2"),
        ("2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "2026-H1"),
    ],
)
def test_periods(text, start, end, previous):
    period = parse_period(text, today=TODAY)
    assert period is not None
    assert (period.start, period.end, period.key) == (start, end, text)
    assert period.previous().key == previous


@pytest.mark.parametrize(
    "text",
    [
        "",
        "26",
        "2026-Q5",
        "2026-13",
        "2026-00",
        "1999",
        "2028",
        "2026-q1",
        "2026/01",
        "x",
        "2026-H3",
        "2026-H0",
    ],
)
def test_bad_periods(text):
    assert parse_period(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("now", "before", "expected"), [(10, 0, None), (15, 10, 50.0), (5, 10, -50.0), (3, 3, 0.0), (1, 3, -66.7)]
)
def test_trend(now, before, expected):
    assert trend(now, before) == expected
