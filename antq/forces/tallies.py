"""Per-commune counts of the force (`ForceTally`), the source of the national and provincial overviews.

Recomputed, never incremented: an action that changes a commune's teams or members calls
`recompute_force_tallies([commune_id])` inside its own transaction, so a tally is always the result
of two grouped queries over that commune's rows and cannot drift. The bench generator, an import
and the nightly command recompute many communes at once, in chunks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from antq.forces import rules
from antq.forces.models import ForceTally, Membership, Team
from antq.units.models import Unit

CHUNK = 500  # communes per pair of grouped queries (well under SQLite's parameter limit)


def age_filters(on: dt.date, prefix: str = "") -> dict[str, Q]:
    """{band code: Q on a membership's person's date of birth} for the ages on `on`.

    `prefix` reaches the membership from another model ("memberships__" from a team).
    """
    field = f"{prefix}person__date_of_birth"
    filters = {}
    for code, _label, low, high in rules.AGE_BANDS:
        after, up_to = rules.birth_date_range(on, low, high)
        q = Q(**{f"{field}__lte": up_to})
        if after is not None:
            q &= Q(**{f"{field}__gt": after})
        filters[code] = q
    return filters


def _tallies(commune_ids: list[int], on: dt.date) -> list[ForceTally]:
    provinces = dict(Unit.objects.filter(pk__in=commune_ids).values_list("pk", "parent_id"))
    teams: dict[int, dict[str, Any]] = {
        row.pop("commune_id"): row
        for row in Team.objects.active()
        .filter(commune_id__in=commune_ids)
        .values("commune_id")
        .annotate(
            teams=Count("id"),
            areas_covered=Count(
                "residential_area", distinct=True, filter=Q(residential_area__valid_to__isnull=True)
            ),
        )
        .order_by()
    }
    role = Membership.Role
    members: dict[int, dict[str, Any]] = {
        row["team__commune_id"]: {k: v for k, v in row.items() if k != "team__commune_id"}
        for row in Membership.objects.active()
        .filter(team__commune_id__in=commune_ids)
        .values("team__commune_id")
        .annotate(
            members=Count("id"),
            leaders=Count("id", filter=Q(role=role.LEADER)),
            deputies=Count("id", filter=Q(role=role.DEPUTY)),
            plain_members=Count("id", filter=Q(role=role.MEMBER)),
            **{code: Count("id", filter=q) for code, q in age_filters(on).items()},
        )
        .order_by()
    }
    return [
        ForceTally(
            commune_id=pk,
            province_id=provinces[pk],
            computed_on=on,
            **teams.get(pk, {}),
            **members.get(pk, {}),
        )
        for pk in commune_ids
        if pk in provinces and provinces[pk] is not None and (pk in teams or pk in members)
    ]


@transaction.atomic
def recompute_force_tallies(commune_ids: Iterable[int], *, on: dt.date | None = None) -> int:
    """Replace the tallies of `commune_ids` by fresh counts (a commune without teams keeps no row)."""
    on = on or timezone.localdate()
    ids = sorted(set(commune_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        ForceTally.objects.filter(commune_id__in=chunk).delete()
        rows = _tallies(chunk, on)
        ForceTally.objects.bulk_create(rows)
        written += len(rows)
    return written


def recompute_all_force_tallies(*, on: dt.date | None = None) -> int:
    """Every commune that has or had teams (the nightly refresh of the age bands)."""
    ids = set(Team.objects.values_list("commune_id", flat=True).distinct())
    ids |= set(ForceTally.objects.values_list("commune_id", flat=True))
    return recompute_force_tallies(ids, on=on)
