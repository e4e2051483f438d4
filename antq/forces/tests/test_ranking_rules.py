"""The ranking rules of HD 01 as tables of cases, at their boundaries (exactly 20 %, 9 months)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from antq.forces import rules

TWENTY = Decimal("20.00")


@pytest.mark.parametrize(
    ("good", "excellent", "base", "rounding", "cap"),
    [
        (10, 2, "good_only", "floor", 2),  # exactly 20 % of 10
        (10, 3, "good_only", "floor", 2),
        (9, 1, "good_only", "floor", 1),  # 1.8 floors to 1
        (4, 0, "good_only", "floor", 0),  # 0.8: no excellent at all
        (0, 0, "good_only", "floor", 0),
        (4, 0, "good_only", "ceil", 1),
        (7, 0, "good_only", "half_up", 1),  # 1.4 -> 1
        (8, 0, "good_only", "half_up", 2),  # 1.6 -> 2
        (5, 0, "good_only", "half_up", 1),  # 1.0 exactly
        (12, 3, "good_and_excellent", "floor", 3),  # 20 % of 15
        (12, 2, "good_and_excellent", "floor", 2),  # 2.8 floors to 2
    ],
)
def test_excellent_cap(good, excellent, base, rounding, cap):
    assert (
        rules.excellent_cap(good=good, excellent=excellent, percent=TWENTY, base=base, rounding=rounding)
        == cap
    )


@pytest.mark.parametrize(
    ("good", "excellent", "violates"),
    [(10, 2, False), (10, 3, True), (5, 1, False), (5, 2, True), (4, 1, True), (0, 0, False)],
)
def test_cap_violation_at_exactly_twenty_percent(good, excellent, violates):
    found = rules.cap_violation(
        subject="team", good=good, excellent=excellent, percent=TWENTY, base="good_only", rounding="floor"
    )
    assert (found is not None) is violates
    if found:
        assert found.code == "team_excellent_cap"
        assert "20%" in found.message


def test_cap_is_exact_for_percentages_that_binary_floats_miss():
    # 0.07 * 100 is 7.000000000000001 in floats; Fractions keep 7.
    assert (
        rules.excellent_cap(good=100, excellent=0, percent=Decimal("7"), base="good_only", rounding="ceil")
        == 7
    )


@pytest.mark.parametrize(
    ("start", "end", "served"),
    [
        (date(2026, 2, 15), date(2026, 11, 14), True),  # exactly 9 months
        (date(2026, 2, 16), date(2026, 11, 14), False),  # one day short
        (date(2026, 2, 14), date(2026, 11, 14), True),
        (date(2025, 11, 15), date(2026, 11, 14), True),  # the whole period
        (date(2026, 11, 14), date(2026, 11, 14), False),
        # 31/05 + 9 months is 28/02 (the month has no 31st): the 9 months end on 27/02.
        (date(2025, 5, 31), date(2026, 2, 26), False),
        (date(2025, 5, 31), date(2026, 2, 27), True),
    ],
)
def test_nine_months(start, end, served):
    assert rules.served_months(start, end, 9) is served


def test_add_months_clamps_to_the_month_end():
    assert rules.add_months(date(2024, 5, 31), 9) == date(2025, 2, 28)
    assert rules.add_months(date(2023, 5, 31), 9) == date(2024, 2, 29)
    assert rules.add_months(date(2025, 11, 15), 2) == date(2026, 1, 15)


@pytest.mark.parametrize(
    ("start", "complaint", "kind", "expected"),
    [
        (date(2026, 2, 15), False, "team", ""),
        (date(2026, 2, 16), False, "team", "Tổ thành lập, hoạt động chưa đủ 9 tháng (từ 16/02/2026)."),
        (date(2026, 2, 16), False, "member", "Tham gia chưa đủ 9 tháng (từ 16/02/2026)."),
        (date(2020, 1, 1), True, "member", "Đang trong thời gian khiếu nại, tố cáo."),
        (date(2026, 6, 1), True, "team", "Đang trong thời gian khiếu nại, tố cáo."),
    ],
)
def test_not_evaluated_reason(start, complaint, kind, expected):
    reason = rules.not_evaluated_reason(
        start=start, period_end=date(2026, 11, 14), min_months=9, under_complaint=complaint, kind=kind
    )
    assert reason == expected


@pytest.mark.parametrize(
    ("member", "team", "exception", "above"),
    [
        ("excellent", "good", "", True),
        ("good", "good", "", False),
        ("completed", "good", "", False),
        ("good", "completed", "", True),
        ("excellent", "good", "Mới điều động về tổ từ 01/10", False),
        ("excellent", "", "", False),  # the team has no level yet: reported as missing instead
        ("", "good", "", False),
    ],
)
def test_leader_not_above_team(member, team, exception, above):
    assert rules.leader_above_team(member_level=member, team_level=team, exception=exception) is above


@pytest.mark.parametrize(
    ("assigned", "done", "met"),
    [(100, 95, False), (100, 96, True), (20, 19, False), (40, 39, True), (0, 0, False), (1, 1, True)],
)
def test_tasks_share_strictly_above_95_percent(assigned, done, met):
    assert rules.tasks_share_met(assigned=assigned, done=done, threshold=Decimal("0.950")) is met
