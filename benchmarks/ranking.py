"""Timing of the yearly ranking check (issue 4 §5) for the commune with the most teams.

`benchmarks/run.py` can add `ranking_check()` to its one-shots once the generator creates forces data
(teams and members); on data without teams it answers None, so that the report says "no data".
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db.models import Count

from antq.forces.models import Team
from antq.forces.ranking_queries import ranking_violations
from antq.forces.ranking_seed import seed_ranking
from antq.units.models import Unit


@dataclass(frozen=True)
class RankingCheck:
    commune: str
    teams: int
    seconds: float
    queries: int
    violations: int


def ranking_check(year: int = 2026) -> RankingCheck | None:
    """`ranking_violations` of the commune with the most active teams: seconds and queries."""
    from benchmarks.run import QueryCounter

    largest = (
        Team.objects.active()
        .values("commune_id")
        .annotate(n=Count("id"))
        .order_by("-n", "commune_id")
        .first()
    )
    if largest is None:
        return None
    seed_ranking()
    commune = Unit.objects.get(pk=largest["commune_id"])
    with QueryCounter() as captured:
        started = time.perf_counter()
        found = ranking_violations(commune, year)
        seconds = time.perf_counter() - started
    return RankingCheck(commune.name, largest["n"], round(seconds, 3), captured.count, len(found))
