import datetime as dt

import pytest

from antq.festival import rules

R = rules.FestivalRules()


def test_default_window_and_due_date_come_from_the_rules():
    assert rules.default_window(2026, R) == (dt.date(2026, 7, 1), dt.date(2026, 8, 19))
    other = rules.FestivalRules(window_start=(8, 1), window_end=(8, 20), report_due_days=5)
    assert rules.default_window(2022, other) == (dt.date(2022, 8, 1), dt.date(2022, 8, 20))
    assert rules.default_report_due(dt.date(2026, 8, 19), R) == dt.date(2026, 8, 29)
    assert rules.default_report_due(dt.date(2022, 8, 20), other) == dt.date(2022, 8, 25)


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (dt.date(2026, 6, 30), False),
        (dt.date(2026, 7, 1), True),
        (dt.date(2026, 8, 19), True),
        (dt.date(2026, 8, 20), False),
    ],
)
def test_in_window_includes_both_ends(day, inside):
    assert rules.in_window(day, dt.date(2026, 7, 1), dt.date(2026, 8, 19)) is inside


@pytest.mark.parametrize(
    ("year", "every", "number", "round_"),
    [
        (2005, 5, 0, False),
        (2010, 5, 5, True),
        (2025, 5, 20, True),
        (2026, 5, 21, False),
        (2030, 5, 25, True),
        (2025, 10, 20, True),
        (2030, 10, 25, False),
        (2026, 0, 21, False),
    ],
)
def test_round_year_follows_the_configured_step(year, every, number, round_):
    the_rules = rules.FestivalRules(round_every=every)
    assert rules.anniversary(year, the_rules) == number
    assert rules.is_round_year(year, the_rules) is round_


@pytest.mark.parametrize(
    ("counts", "negative"),
    [
        ({"participants": 0, "gifts_count": 5}, []),
        ({"participants": -1, "gifts_count": 5}, ["participants"]),
        ({"participants": None, "gifts_value_vnd": -10}, ["gifts_value_vnd"]),
    ],
)
def test_negative_fields(counts, negative):
    assert rules.negative_fields(counts) == negative


@pytest.mark.parametrize(
    ("held", "total", "percent"),
    [(0, 0, None), (0, 3, 0.0), (1, 3, 33.3), (2, 3, 66.7), (3, 3, 100.0), (4, 3, 100.0)],
)
def test_coverage_percent(held, total, percent):
    assert rules.coverage_percent(held, total) == percent
