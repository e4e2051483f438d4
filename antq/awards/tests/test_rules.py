"""The proposal state machine and the medal's service-time rule, as tables of cases."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.awards import rules
from antq.awards.rules import Period

D = dt.date


@pytest.mark.parametrize(
    ("state", "verb", "expected"),
    [
        ("proposed", "review", "reviewed"),
        ("proposed", "reject", "not_qualified"),
        ("proposed", "raise", "raised"),
        ("proposed", "decide", None),
        ("raised", "review", "reviewed"),
        ("raised", "decide", None),
        ("reviewed", "decide", "decided"),
        ("reviewed", "reject", "not_qualified"),
        ("reviewed", "raise", "raised"),
        ("reviewed", "review", None),
        ("not_qualified", "review", None),
        ("not_qualified", "decide", None),
        ("decided", "reject", None),
        ("decided", "raise", None),
    ],
)
def test_transitions(state, verb, expected):
    if expected is None:
        with pytest.raises(rules.TransitionError):
            rules.next_state(state, verb)
    else:
        assert rules.next_state(state, verb) == expected


def test_final_states_allow_nothing():
    assert rules.allowed_verbs("decided") == []
    assert rules.allowed_verbs("not_qualified") == []


@pytest.mark.parametrize(
    ("form_level", "issuer_level", "ok"),
    [
        ("commune", "commune", True),
        ("province", "province", True),
        ("province", "commune", False),
        ("national", "province", False),
        ("commune", "province", False),
    ],
)
def test_may_award(form_level, issuer_level, ok):
    assert rules.may_award(form_level, issuer_level) is ok


UNTIL = D(2026, 4, 28)


@pytest.mark.parametrize(
    ("sex", "periods", "eligible"),
    [
        # Exactly 15 calendar years, with 4 or with only 3 leap days; one day short.
        ("male", [Period(D(2011, 4, 28), None)], True),
        ("male", [Period(D(2001, 1, 1), D(2016, 1, 1))], True),
        ("male", [Period(D(2001, 1, 2), D(2016, 1, 1))], False),
        ("female", [Period(D(2016, 4, 28), None)], True),
        ("female", [Period(D(2016, 4, 29), None)], False),
        # 7.5 years in a border area count as 15.
        ("male", [Period(D(2018, 10, 28), None, doubled=True)], True),
        ("male", [Period(D(2018, 10, 30), None, doubled=True)], False),
        # A legacy force period and a team period add up.
        ("female", [Period(D(2010, 1, 1), D(2015, 1, 1)), Period(D(2021, 4, 28), None)], True),
        # Time after the proposal date is not counted.
        ("female", [Period(D(2020, 1, 1), D(2030, 1, 1))], False),
    ],
)
def test_medal_service_time(sex, periods, eligible):
    assert rules.medal_check(sex=sex, periods=periods, until=UNTIL).eligible is eligible


def test_doubled_period_counts_twice():
    assert rules.service_days([Period(D(2026, 1, 1), D(2026, 1, 11), doubled=True)], until=UNTIL) == 20


def test_medal_refused_once_awarded_excluded_or_deferred():
    long = [Period(D(2000, 1, 1), None)]
    assert not rules.medal_check(sex="male", periods=long, until=UNTIL, already_awarded=True).eligible
    excluded = rules.medal_check(sex="male", periods=long, until=UNTIL, exclusions=["bị khởi tố"])
    assert not excluded.eligible and "bị khởi tố" in excluded.reasons[0]
    deferred = rules.medal_check(sex="male", periods=long, until=UNTIL, deferrals=["đang xem xét kỷ luật"])
    assert not deferred.eligible and "Tạm hoãn" in deferred.reasons[0]
    short = rules.medal_check(sex="female", periods=[Period(D(2026, 4, 18), None)], until=UNTIL)
    assert "còn thiếu 3642 ngày" in short.reasons[0]
