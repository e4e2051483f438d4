"""The ranking's seed: the default rule flagged for verification, T1–T7 confirmed, placeholders not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from antq.forces.ranking_models import RankingCriterion, RankingRule
from antq.forces.ranking_seed import seed_ranking


@pytest.mark.django_db
def test_seed_is_idempotent_and_flags_what_is_unconfirmed():
    first = seed_ranking()
    assert first == 1 + 7 + 7
    assert seed_ranking() == 0
    rule = RankingRule.for_year(2030)
    assert rule is not None and rule.year is None and rule.needs_verification
    assert (rule.excellent_cap_percent, rule.cap_base, rule.rounding, rule.min_months) == (
        Decimal("20.00"),
        "good_only",
        "floor",
        9,
    )
    confirmed = RankingCriterion.objects.filter(needs_verification=False)
    assert sorted(confirmed.values_list("code", flat=True)) == [f"T{n}" for n in range(1, 8)]
    assert set(confirmed.values_list("level", flat=True)) == {"excellent"}
    methods = dict(confirmed.exclude(method="manual").values_list("code", "method"))
    assert methods == {"T3": "no_bad_members", "T5": "tasks_done"}


@pytest.mark.django_db
def test_a_year_of_its_own_wins_over_the_default():
    seed_ranking()
    RankingRule.objects.create(year=2027, excellent_cap_percent=Decimal(15), cap_base="good_and_excellent")
    assert RankingRule.for_year(2027).excellent_cap_percent == Decimal(15)
    assert RankingRule.for_year(2026).year is None
    start, end = RankingRule.for_year(2027).period(2027)
    assert (start.isoformat(), end.isoformat()) == ("2026-11-15", "2027-11-14")
