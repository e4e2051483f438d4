"""Eligibility (Luật 30/2023/QH15 Art. 13) and team size as tables of cases, at the boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from antq.forces.rules import Applicant, eligibility, full_years, team_size_problems

ON = date(2026, 11, 23)
CLEAN = {
    "residence_since": date(2020, 1, 1),
    "education_level": "lower_secondary",
    "health_certificate_on": date(2026, 1, 5),
    "background_check": "clear",
}


def codes(born: date, on: date = ON, difficult: bool = False, **changes: object) -> set[str]:
    applicant = Applicant(date_of_birth=born, **{**CLEAN, **changes})  # type: ignore[arg-type]
    return {p.code for p in eligibility(applicant, on=on, difficult_area=difficult)}


@pytest.mark.parametrize(
    ("born", "extra", "expected"),
    [
        (date(2008, 11, 24), {}, {"under_age"}),  # 18 tomorrow
        (date(2008, 11, 23), {}, set()),  # exactly 18 today
        (date(1956, 11, 23), {}, set()),  # exactly 70 today: 18 to 70 inclusive
        (date(1955, 11, 24), {}, set()),  # 70 years, 364 days: still 70
        (date(1955, 11, 23), {}, {"over_age"}),  # 71st birthday: over 70
        (date(1955, 11, 23), {"age_exception_decision_ref": "12/QĐ-UBND"}, set()),
        (date(1940, 1, 1), {"age_exception_decision_ref": "  "}, {"over_age"}),
    ],
)
def test_age_boundaries(born, extra, expected):
    assert codes(born, **extra) == expected


def test_birthday_on_29_february_counts_on_1_march():
    assert full_years(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert full_years(date(2008, 2, 29), date(2026, 3, 1)) == 18


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (date(2025, 11, 24), {"residence_short"}),  # one day short of a year
        (date(2025, 11, 23), set()),  # exactly one year
        (None, {"residence_unknown"}),
    ],
)
def test_residence_of_one_year(since, expected):
    assert codes(date(1990, 1, 1), residence_since=since) == expected


@pytest.mark.parametrize(
    ("level", "difficult", "expected"),
    [
        ("primary", False, {"education"}),
        ("lower_secondary", False, set()),
        ("higher", False, set()),
        ("primary", True, set()),  # difficult area: primary is enough
        ("none", True, {"education"}),
        ("", False, {"education_unknown"}),
    ],
)
def test_education_with_difficult_areas(level, difficult, expected):
    assert codes(date(1990, 1, 1), difficult=difficult, education_level=level) == expected


@pytest.mark.parametrize(
    ("changes", "expected", "blocking"),
    [
        ({"health_certificate_on": None}, {"health"}, False),
        ({"background_check": "pending"}, {"background_pending"}, False),
        ({"background_check": "not_clear"}, {"background"}, True),
    ],
)
def test_health_and_background(changes, expected, blocking):
    applicant = Applicant(date_of_birth=date(1990, 1, 1), **{**CLEAN, **changes})  # type: ignore[arg-type]
    problems = eligibility(applicant, on=ON, difficult_area=False)
    assert {p.code for p in problems} == expected
    assert [p.blocking for p in problems] == [blocking]


def test_only_age_and_failed_background_block():
    applicant = Applicant(date_of_birth=date(2010, 1, 1), background_check="not_clear")
    problems = eligibility(applicant, on=ON, difficult_area=False)
    assert {p.code for p in problems if p.blocking} == {"under_age", "background"}
    assert {p.code for p in problems if not p.blocking} == {
        "residence_unknown",
        "education_unknown",
        "health",
    }
    assert all(p.message for p in problems)


@pytest.mark.parametrize(
    ("counts", "min_members", "max_members", "expected"),
    [
        ({"leader": 1, "deputy": 1, "member": 1}, 3, None, 0),
        ({"leader": 1, "deputy": 1, "member": 0}, 3, None, 2),  # below minimum, no member
        ({"leader": 1, "deputy": 1, "member": 3}, 3, 5, 0),  # exactly the maximum
        ({"leader": 1, "deputy": 1, "member": 4}, 3, 5, 1),  # one above the maximum
        ({"leader": 2, "deputy": 1, "member": 1}, 3, None, 1),  # two leaders
        ({"leader": 0, "deputy": 0, "member": 3}, 3, None, 2),  # no leader, no deputy
    ],
)
def test_team_size(counts, min_members, max_members, expected):
    assert len(team_size_problems(counts, min_members=min_members, max_members=max_members)) == expected
