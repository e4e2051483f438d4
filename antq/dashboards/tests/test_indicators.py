"""Indicator arithmetic against small hand-built tallies: subtree sums, rates, levels, query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.assessments.models import CommuneTally, SubjectType
from antq.assessments.tests.cycles import cycle_2026
from antq.dashboards import indicators
from antq.dashboards.indicators import REGISTRY, Indicator, percent, register, values
from antq.forces.models import ForceTally
from antq.practices.models import ActivityKind, ActivityTally, ModelTally, PracticeModel
from antq.practices.rules import parse_period, year
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A, PROVINCE_B

Y2026 = year(2026)


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
        (3, 0, None),
        (None, 4, Decimal("0.0")),
    ],
)
def test_percent(part, whole, expected):
    assert percent(part, whole) == expected


def test_registry_has_the_standard_sections():
    sections = {i.section for i in REGISTRY.values()}
    assert {"assessments", "forces", "practices", "festival", "awards", "movement"} <= sections
    assert len(REGISTRY) >= 6
    assert all(i.kind in indicators.KINDS for i in REGISTRY.values())


def test_register_refuses_a_second_indicator_under_the_same_code():
    existing = REGISTRY["assessments.registered"]
    register(existing)  # the same object again is harmless (module reloads)
    with pytest.raises(ValueError):
        register(Indicator(existing.code, "x", "assessments", "count", existing.compute))
    with pytest.raises(ValueError):
        register(Indicator("x.y", "x", "nowhere", "count", existing.compute))


def test_half_year_period_is_parsed():
    half = parse_period("2026-H2", today=dt.date(2026, 11, 1))
    assert half is not None and (half.start, half.end) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))


@pytest.fixture
def units(db):
    keys = ["VN", PROVINCE_A, PROVINCE_B, COMMUNE_A1, COMMUNE_A2, COMMUNE_B1]
    found = {u.key: u for u in Unit.objects.filter(key__in=keys)}
    return [found[k] for k in keys]


def _tally(commune: Unit, subject_type: str, **counts: int) -> None:
    CommuneTally.objects.create(cycle=cycle_2026(), commune=commune, subject_type=subject_type, **counts)


def test_assessment_rates_add_up_each_subtree(units):
    nation, a, b, a1, a2, b1 = units
    area = SubjectType.RESIDENTIAL_AREA
    _tally(a1, area, subjects=10, registered=8, recognised=6, excellent=2, good=4)
    _tally(a1, SubjectType.SCHOOL, subjects=2, registered=2, recognised=1, good=1)
    _tally(a2, area, subjects=5, registered=1, recognised=0, weak=1)
    _tally(b1, area, subjects=3, registered=3, recognised=3, excellent=3)
    got = values(
        [
            "assessments.subjects",
            "assessments.registered_rate",
            "assessments.recognised_rate",
            "assessments.area_recognised_rate",
            "assessments.excellent",
        ],
        units,
        Y2026,
    )
    assert got["assessments.subjects"] == {nation.pk: 20, a.pk: 17, b.pk: 3, a1.pk: 12, a2.pk: 5, b1.pk: 3}
    # registered / subjects: nation 14/20, A 11/17, B 3/3, A1 10/12, A2 1/5
    assert got["assessments.registered_rate"] == {
        nation.pk: Decimal("70.0"),
        a.pk: Decimal("64.7"),
        b.pk: Decimal("100.0"),
        a1.pk: Decimal("83.3"),
        a2.pk: Decimal("20.0"),
        b1.pk: Decimal("100.0"),
    }
    # recognised / registered: nation 10/14, A 7/11, A1 7/10, A2 0/1
    assert got["assessments.recognised_rate"][nation.pk] == Decimal("71.4")
    assert got["assessments.recognised_rate"][a.pk] == Decimal("63.6")
    assert got["assessments.recognised_rate"][a2.pk] == Decimal("0.0")
    # residential areas only: A1 6/8
    assert got["assessments.area_recognised_rate"][a1.pk] == Decimal("75.0")
    assert got["assessments.excellent"] == {nation.pk: 5, a.pk: 2, b.pk: 3, a1.pk: 2, a2.pk: 0, b1.pk: 3}


def test_another_year_reads_nothing(units):
    _tally(units[3], SubjectType.RESIDENTIAL_AREA, subjects=10, registered=8)
    got = values(["assessments.registered", "assessments.registered_rate"], units, year(2025))
    assert set(got["assessments.registered"].values()) == {0}
    assert set(got["assessments.registered_rate"].values()) == {None}


def test_force_counts_and_coverage(units):
    from antq.testing.factories import ResidentialAreaFactory

    nation, a, b, a1, a2, b1 = units
    for commune, n in ((a1, 4), (a2, 1), (b1, 2)):
        for _ in range(n):
            ResidentialAreaFactory(commune=commune)
    today = dt.date(2026, 11, 1)
    ForceTally.objects.create(commune=a1, province=a, teams=3, areas_covered=3, members=12, computed_on=today)
    ForceTally.objects.create(commune=b1, province=b, teams=1, areas_covered=1, members=5, computed_on=today)
    got = values(["forces.members", "forces.area_coverage"], units, Y2026)
    assert got["forces.members"] == {nation.pk: 17, a.pk: 12, b.pk: 5, a1.pk: 12, a2.pk: 0, b1.pk: 5}
    # nation 4 covered of 7 areas; A 3/5; A2 0/1; B1 1/2
    assert got["forces.area_coverage"] == {
        nation.pk: Decimal("57.1"),
        a.pk: Decimal("60.0"),
        b.pk: Decimal("50.0"),
        a1.pk: Decimal("75.0"),
        a2.pk: Decimal("0.0"),
        b1.pk: Decimal("50.0"),
    }
    assert REGISTRY["forces.members"].current_only


def test_practices_tallies_for_upper_levels_and_rows_for_communes(units):
    nation, a, b, a1, a2, b1 = units
    active = PracticeModel.Status.ACTIVE
    month = dt.date(2026, 3, 1)
    ModelTally.objects.create(province=a, month=month, status=active, count=3, originals=2, points=7)
    ModelTally.objects.create(
        province=b, month=dt.date(2025, 5, 1), status=active, count=1, originals=1, points=4
    )
    ModelTally.objects.create(
        province=b, month=dt.date(2027, 1, 1), status=active, count=9, originals=9, points=9
    )
    kind = ActivityKind.objects.first() or ActivityKind.objects.create(code="tt", name="Tuyên truyền")
    ActivityTally.objects.create(province=a, kind=kind, month=month, count=5, participants=100)
    ActivityTally.objects.create(province=a, kind=kind, month=dt.date(2025, 3, 1), count=50)
    got = values(
        ["practices.models", "practices.points", "practices.models_new", "practices.activities"], units, Y2026
    )
    assert got["practices.models"][nation.pk] == 3  # 2 in A (2026) + 1 in B (2025); 2027 not yet
    assert got["practices.points"][a.pk] == 7
    assert got["practices.models_new"] == {nation.pk: 3, a.pk: 3, b.pk: 0, a1.pk: 0, a2.pk: 0, b1.pk: 0}
    assert got["practices.activities"][nation.pk] == 5
    assert got["practices.activities"][a.pk] == 5


def test_query_count_does_not_grow_with_units_or_indicators(units, django_assert_max_num_queries):
    every = list(REGISTRY)
    with CaptureQueriesContext(connection) as few:
        values(every, units[:2], Y2026)
    communes = list(Unit.objects.current().filter(level=Unit.Level.COMMUNE)[:60])
    with CaptureQueriesContext(connection) as many:
        values(every, [*units, *communes], Y2026)
    assert len(many) <= len(few) + 13  # at most one more query per source for the new level (tips: +1)
    more = list(Unit.objects.current().filter(level=Unit.Level.COMMUNE)[:300])
    with django_assert_max_num_queries(len(many)):
        values(every, [*units, *more], Y2026)


def test_tip_indicators_count_each_subtree(units, commune_a1_officer):
    from antq.tips import actions as tip_actions
    from antq.tips.models import Tip
    from antq.tips.tests.helpers import submit

    nation, a, b, a1, a2, b1 = units
    today = dt.date.today()
    tips = [submit(COMMUNE_A1).tip, submit(COMMUNE_A1).tip, submit(COMMUNE_A2).tip, submit(COMMUNE_B1).tip]
    tip_actions.record_outcome(tips[0], by=commune_a1_officer, status="not_prosecute", outcome="Không")
    Tip.objects.filter(pk=tips[2].pk).update(due_on=today - dt.timedelta(days=1))
    got = values(["tips.received", "tips.resolved", "tips.overdue"], units, year(today.year))
    assert got["tips.received"] == {nation.pk: 4, a.pk: 3, b.pk: 1, a1.pk: 2, a2.pk: 1, b1.pk: 1}
    assert got["tips.resolved"] == {nation.pk: 1, a.pk: 1, b.pk: 0, a1.pk: 1, a2.pk: 0, b1.pk: 0}
    assert got["tips.overdue"] == {nation.pk: 1, a.pk: 1, b.pk: 0, a1.pk: 0, a2.pk: 1, b1.pk: 0}
    # Another year reads nothing.
    last = values(["tips.received"], units, year(today.year - 1))["tips.received"]
    assert set(last.values()) == {0}
