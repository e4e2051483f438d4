"""The calendar, timeliness and completeness rules of periodic reports, as tables of cases."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.reports import rules
from antq.reports.rules import ReportPeriod

D = dt.date


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("month", "2026-07", ReportPeriod("month", 2026, 7)),
        ("month", "2026-12", ReportPeriod("month", 2026, 12)),
        ("month", "2026-13", None),
        ("month", "2026-00", None),
        ("month", "2026", None),
        ("quarter", "2026-Q3", ReportPeriod("quarter", 2026, 3)),
        ("quarter", "2026-Q5", None),
        ("quarter", "2026-07", None),
        ("half", "2026-H1", ReportPeriod("half", 2026, 1)),
        ("half", "2026-H2", ReportPeriod("half", 2026, 2)),
        ("half", "2026-H3", None),
        ("year", "2026", ReportPeriod("year", 2026, 0)),
        ("year", "2026-Q1", None),
        ("year", "1999", None),
        ("year", " 2026 ", ReportPeriod("year", 2026, 0)),
        ("week", "2026", None),
        ("month", "", None),
        ("month", "2026-7", None),
    ],
)
def test_parse_period(kind, text, expected):
    assert rules.parse_period(kind, text) == expected


@pytest.mark.parametrize(
    ("period", "key", "label"),
    [
        (ReportPeriod("month", 2026, 7), "2026-07", "tháng 07 năm 2026"),
        (ReportPeriod("quarter", 2026, 3), "2026-Q3", "quý 3 năm 2026"),
        (ReportPeriod("half", 2026, 1), "2026-H1", "6 tháng đầu năm 2026"),
        (ReportPeriod("half", 2026, 2), "2026-H2", "6 tháng cuối năm 2026"),
        (ReportPeriod("year", 2026, 0), "2026", "năm 2026"),
    ],
)
def test_key_and_label(period, key, label):
    assert period.key == key
    assert period.label == label
    assert rules.parse_period(period.kind, key) == period


@pytest.mark.parametrize(
    ("period", "cutoff", "start", "end"),
    [
        # Calendar periods.
        (ReportPeriod("month", 2026, 2), 0, D(2026, 2, 1), D(2026, 2, 28)),
        (ReportPeriod("month", 2028, 2), 0, D(2028, 2, 1), D(2028, 2, 29)),
        (ReportPeriod("quarter", 2026, 4), 0, D(2026, 10, 1), D(2026, 12, 31)),
        (ReportPeriod("half", 2026, 2), 0, D(2026, 7, 1), D(2026, 12, 31)),
        (ReportPeriod("year", 2026, 0), 0, D(2026, 1, 1), D(2026, 12, 31)),
        # NĐ 09/2019 convention: from the 15th of the month before to the 14th of the last month.
        (ReportPeriod("month", 2026, 7), 14, D(2026, 6, 15), D(2026, 7, 14)),
        (ReportPeriod("month", 2026, 1), 14, D(2025, 12, 15), D(2026, 1, 14)),
        (ReportPeriod("quarter", 2026, 1), 14, D(2025, 12, 15), D(2026, 3, 14)),
        (ReportPeriod("half", 2026, 1), 14, D(2025, 12, 15), D(2026, 6, 14)),
        (ReportPeriod("half", 2026, 2), 14, D(2026, 6, 15), D(2026, 12, 14)),
        (ReportPeriod("year", 2026, 0), 14, D(2025, 12, 15), D(2026, 12, 14)),
        # A cut-off beyond a short month is its last day.
        (ReportPeriod("month", 2026, 3), 28, D(2026, 3, 1), D(2026, 3, 28)),
    ],
)
def test_data_window(period, cutoff, start, end):
    assert rules.data_window(period, cutoff) == (start, end)


@pytest.mark.parametrize(
    ("period", "day", "months_after", "due"),
    [
        (ReportPeriod("month", 2026, 7), 20, 1, D(2026, 8, 20)),
        (ReportPeriod("month", 2026, 12), 20, 1, D(2027, 1, 20)),
        (ReportPeriod("month", 2026, 7), 20, 0, D(2026, 7, 20)),
        (ReportPeriod("month", 2026, 1), 31, 1, D(2026, 2, 28)),
        (ReportPeriod("quarter", 2026, 3), 20, 0, D(2026, 9, 20)),
        (ReportPeriod("quarter", 2026, 4), 5, 1, D(2027, 1, 5)),
        (ReportPeriod("half", 2026, 1), 20, 0, D(2026, 6, 20)),
        (ReportPeriod("year", 2026, 0), 25, 0, D(2026, 12, 25)),
        (ReportPeriod("year", 2026, 0), 15, 1, D(2027, 1, 15)),
    ],
)
def test_due_date(period, day, months_after, due):
    assert rules.due_date(period, day, months_after) == due


@pytest.mark.parametrize(
    ("due", "submitted", "today", "state"),
    [
        (D(2026, 8, 20), D(2026, 8, 19), D(2026, 9, 1), rules.ON_TIME),
        (D(2026, 8, 20), D(2026, 8, 20), D(2026, 9, 1), rules.ON_TIME),  # on the due day itself
        (D(2026, 8, 20), D(2026, 8, 21), D(2026, 9, 1), rules.LATE),
        (D(2026, 8, 20), None, D(2026, 8, 20), rules.PENDING),  # due today: not yet missing
        (D(2026, 8, 20), None, D(2026, 8, 21), rules.MISSING),
        (D(2026, 8, 20), None, D(2026, 7, 1), rules.PENDING),
    ],
)
def test_timeliness(due, submitted, today, state):
    assert rules.timeliness(due, submitted, today) == state


@pytest.mark.parametrize(
    ("states", "counts", "complete", "timely"),
    [
        ([], (0, 0, 0, 0, 0), None, None),
        (["on_time"] * 3 + ["late"], (4, 3, 1, 0, 0), 100.0, 75.0),
        (["on_time", "missing", "missing"], (3, 1, 0, 2, 0), 33.3, 33.3),
        (["pending", "pending", "on_time", "late"], (4, 1, 1, 0, 2), 50.0, 25.0),
        (["missing"], (1, 0, 0, 1, 0), 0.0, 0.0),
    ],
)
def test_completeness(states, counts, complete, timely):
    summary = rules.completeness(states)
    assert (summary.expected, summary.on_time, summary.late, summary.missing, summary.pending) == counts
    assert summary.submitted == counts[1] + counts[2]
    assert summary.completeness_percent == complete
    assert summary.timeliness_percent == timely


def test_completeness_refuses_an_unknown_state():
    with pytest.raises(ValueError):
        rules.completeness(["on_time", "soon"])


@pytest.mark.parametrize(
    ("status", "verb", "ok"),
    [
        ("draft", "edit", True),
        ("draft", "refresh", True),
        ("draft", "submit", True),
        ("draft", "accept", False),
        ("submitted", "edit", False),
        ("submitted", "refresh", False),
        ("submitted", "submit", False),
        ("submitted", "accept", True),
        ("submitted", "return", True),
        ("returned", "edit", True),
        ("returned", "submit", True),
        ("returned", "accept", False),
        ("accepted", "edit", False),
        ("accepted", "return", False),
    ],
)
def test_transitions(status, verb, ok):
    assert rules.allowed(status, verb) is ok


@pytest.mark.parametrize(
    ("values", "kind", "total"),
    [
        ([1, 2, 3], "count", 6),
        ([1, None, 3], "count", 4),
        ([None, None], "count", None),
        ([], "money", None),
        ([1_000_000, 2_500_000], "money", 3_500_000),
        ([50.0, 100.0, None], "percent", 75.0),
        ([33.3, 33.3, 33.4], "percent", 33.3),
    ],
)
def test_add_values(values, kind, total):
    assert rules.add_values(values, kind) == total


@pytest.mark.parametrize(
    ("kind", "today", "expected", "previous"),
    [
        ("month", D(2026, 1, 5), ReportPeriod("month", 2026, 1), ReportPeriod("month", 2025, 12)),
        ("quarter", D(2026, 11, 24), ReportPeriod("quarter", 2026, 4), ReportPeriod("quarter", 2026, 3)),
        ("half", D(2026, 3, 1), ReportPeriod("half", 2026, 1), ReportPeriod("half", 2025, 2)),
        ("year", D(2026, 6, 1), ReportPeriod("year", 2026, 0), ReportPeriod("year", 2025, 0)),
    ],
)
def test_current_and_previous_period(kind, today, expected, previous):
    assert rules.current_period(kind, today) == expected
    assert expected.previous() == previous
