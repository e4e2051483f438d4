"""Table tests of the monthly allowance (pro rata by days) and of the age bands (rules.py, pure)."""

from __future__ import annotations

from datetime import date

import pytest

from antq.forces import rules
from antq.forces.rules import Rate, ServicePeriod

D = date
HCMC = [
    Rate("leader", 6_500_000, D(2026, 1, 1)),
    Rate("deputy", 6_300_000, D(2026, 1, 1)),
    Rate("member", 6_000_000, D(2026, 1, 1)),
]


def pay(periods, rates=HCMC, *, year=2026, month=11):
    return rules.monthly_allowance(periods, rates, year=year, month=month)


@pytest.mark.parametrize(
    ("periods", "year", "month", "days", "amount"),
    [
        # A whole month pays the full rate whatever its length (28, 29, 30, 31 days).
        ([ServicePeriod("member", D(2025, 1, 1))], 2026, 2, 28, 6_000_000),
        ([ServicePeriod("member", D(2025, 1, 1))], 2028, 2, 29, 6_000_000),
        ([ServicePeriod("member", D(2025, 1, 1))], 2026, 11, 30, 6_000_000),
        ([ServicePeriod("member", D(2025, 1, 1))], 2026, 12, 31, 6_000_000),
        # Joined on the 16th of a 30-day month: 15 days = half.
        ([ServicePeriod("member", D(2026, 11, 16))], 2026, 11, 15, 3_000_000),
        # Joined on the last day: 1 day of 31 → 6,000,000 / 31 = 193,548.39 → 193,548.
        ([ServicePeriod("member", D(2026, 12, 31))], 2026, 12, 1, 193_548),
        # Left on the 11th (the leaving day is not paid): 10 days of 30 → 2,000,000.
        ([ServicePeriod("member", D(2025, 1, 1), D(2026, 11, 11))], 2026, 11, 10, 2_000_000),
        # Left on the 1st: no day of the month.
        ([ServicePeriod("member", D(2025, 1, 1), D(2026, 11, 1))], 2026, 11, 0, 0),
        # Joined and left the same day: nothing.
        ([ServicePeriod("member", D(2026, 11, 5), D(2026, 11, 5))], 2026, 11, 0, 0),
        # Joined the 10th, left the 20th: 10 days of 30.
        ([ServicePeriod("deputy", D(2026, 11, 10), D(2026, 11, 20))], 2026, 11, 10, 2_100_000),
        # Left on 01/12: the whole of November.
        ([ServicePeriod("leader", D(2025, 1, 1), D(2026, 12, 1))], 2026, 11, 30, 6_500_000),
        # In February of a leap year, 1 day of 29: 6,000,000 / 29 = 206,896.55 → 206,897 (rounded up).
        ([ServicePeriod("member", D(2028, 2, 29))], 2028, 2, 1, 206_897),
        # The same day in a common year's 28-day February: 214,285.71 → 214,286.
        ([ServicePeriod("member", D(2026, 2, 28))], 2026, 2, 1, 214_286),
        # Membership after the month, or ended before it: nothing.
        ([ServicePeriod("member", D(2026, 12, 1))], 2026, 11, 0, 0),
        ([ServicePeriod("member", D(2025, 1, 1), D(2026, 10, 31))], 2026, 11, 0, 0),
    ],
)
def test_pro_rata_by_days(periods, year, month, days, amount):
    result = pay(periods, year=year, month=month)
    assert result.days == days
    assert result.amount == amount
    assert result.days_in_month == rules.month_days(year, month)


def test_role_change_mid_month_pays_each_role_for_its_days_and_the_shared_day_once():
    # Member until the decision of 11/11 makes them deputy from that day: 10 days member, 20 deputy.
    result = pay(
        [
            ServicePeriod("member", D(2025, 1, 1), D(2026, 11, 11)),
            ServicePeriod("deputy", D(2026, 11, 11)),
        ]
    )
    assert [(s.role, s.days) for s in result.segments] == [("member", 10), ("deputy", 20)]
    # 6,000,000 × 10/30 + 6,300,000 × 20/30 = 2,000,000 + 4,200,000
    assert result.amount == 6_200_000
    assert result.days == 30


def test_rate_change_mid_month():
    rates = [
        Rate("member", 6_000_000, D(2026, 1, 1), D(2026, 12, 15)),
        Rate("member", 6_200_000, D(2026, 12, 16)),
    ]
    result = pay([ServicePeriod("member", D(2025, 1, 1))], rates, month=12)
    assert [(s.rate, s.days) for s in result.segments] == [(6_000_000, 15), (6_200_000, 16)]
    # (6,000,000 × 15 + 6,200,000 × 16) / 31 = 189,200,000 / 31 = 6,103,225.8 → 6,103,226
    assert result.amount == 6_103_226


def test_rounding_is_done_once_on_the_total_not_per_segment():
    # 7 days at 1,000,001 and 8 days at 1,000,000 of a 31-day month: per segment 225,806.68 + 258,064.52
    # would round to 225,807 + 258,065 = 483,872; the exact total 483,871.19 rounds to 483,871.
    rates = [
        Rate("member", 1_000_001, D(2026, 1, 1), D(2026, 12, 7)),
        Rate("member", 1_000_000, D(2026, 12, 8)),
    ]
    result = pay([ServicePeriod("member", D(2025, 1, 1), D(2026, 12, 16))], rates, month=12)
    assert result.days == 15
    assert result.amount == 483_871


def test_rounding_half_up():
    # 3 days of a 30-day month at 5 VND: 0.5 → 1 (half up, not banker's rounding to 0).
    result = pay([ServicePeriod("member", D(2026, 11, 28))], [Rate("member", 5, D(2026, 1, 1))])
    assert result.amount == 1


def test_days_without_a_rate_are_unpaid_and_reported():
    # The province's rate starts on 16/11: the first 15 days have no rate.
    rates = [Rate("member", 6_000_000, D(2026, 11, 16))]
    result = pay([ServicePeriod("member", D(2025, 1, 1))], rates)
    assert result.days == 30
    assert result.unrated_days == 15
    assert result.amount == 3_000_000
    # A role the province has not priced.
    assert pay([ServicePeriod("leader", D(2025, 1, 1))], [rates[0]]).unrated_days == 30


def test_two_periods_in_the_month_with_a_gap():
    result = pay(
        [
            ServicePeriod("member", D(2026, 11, 1), D(2026, 11, 6)),
            ServicePeriod("member", D(2026, 11, 21)),
        ]
    )
    assert result.days == 5 + 10
    assert result.amount == 3_000_000


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (D(2008, 11, 23), D(2026, 11, 23), "age_18_30"),  # 18 today
        (D(1995, 11, 24), D(2026, 11, 23), "age_18_30"),  # 30, turns 31 tomorrow
        (D(1995, 11, 23), D(2026, 11, 23), "age_31_45"),  # 31 today
        (D(1980, 11, 24), D(2026, 11, 23), "age_31_45"),  # 45
        (D(1980, 11, 23), D(2026, 11, 23), "age_46_60"),  # 46 today
        (D(1965, 11, 23), D(2026, 11, 23), "age_61_70"),  # 61 today
        (D(1955, 11, 24), D(2026, 11, 23), "age_61_70"),  # 70 and almost a year
        (D(1955, 11, 23), D(2026, 11, 23), "age_over_70"),  # 71 today
        # Born on 29/02: a year older on 01/03 of a common year, on 29/02 of a leap year.
        (D(1996, 2, 29), D(2027, 2, 28), "age_18_30"),
        (D(1996, 2, 29), D(2027, 3, 1), "age_31_45"),
        (D(1996, 2, 29), D(2028, 2, 29), "age_31_45"),
    ],
)
def test_age_band_and_the_birth_date_range_agree(born, on, band):
    assert rules.age_band(born, on) == band
    # The SQL filter of the overview uses birth_date_range: the same person falls in the same band.
    matching = []
    for code, _label, low, high in rules.AGE_BANDS:
        after, up_to = rules.birth_date_range(on, low, high)
        if born <= up_to and (after is None or born > after):
            matching.append(code)
    assert matching == [band]
