"""Read models of the festival pages: a unit's roll-up for a campaign, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from antq.festival import rules
from antq.festival.models import RESULT_COUNTS, Campaign, Event, EventResult
from antq.units.models import ResidentialArea, Unit
from antq.units.queries import subtree_totals


@dataclass
class Rollup:
    """What a province or a commune achieved in a campaign."""

    unit: Unit
    points_by_host: dict[str, int] = field(default_factory=dict)
    reported: int = 0
    areas_total: int = 0
    areas_held: int = 0
    sums: dict[str, int] = field(default_factory=dict)
    not_reported: list[Event] = field(default_factory=list)
    by_commune: list[dict[str, Any]] = field(default_factory=list)

    @property
    def points(self) -> int:
        return sum(self.points_by_host.values())

    @property
    def coverage(self) -> float | None:
        return rules.coverage_percent(self.areas_held, self.areas_total)

    def host_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.points_by_host.get(value, 0)) for value, label in Event.HostType.choices]

    def sum_rows(self) -> list[tuple[str, int]]:
        return [(result_label(name), self.sums[name]) for name in RESULT_COUNTS]


def result_label(name: str) -> str:
    """The Vietnamese label of a result count."""
    return str(getattr(EventResult._meta.get_field(name), "verbose_name", name))


def events_of(campaign: Campaign, unit: Unit) -> QuerySet[Event]:
    return Event.objects.filter(campaign=campaign, commune__path__startswith=unit.path)


def rollup(campaign: Campaign, unit: Unit, *, not_reported_limit: int = 500) -> Rollup:
    """A province's or a commune's roll-up in one campaign."""
    return _rollup(events_of(campaign, unit), unit, not_reported_limit=not_reported_limit)


def year_rollup(year: int, unit: Unit, *, not_reported_limit: int = 500) -> Rollup:
    """Any level's roll-up over every campaign of `year`; the nation is broken down by province."""
    events = Event.objects.filter(campaign__year=year, commune__path__startswith=unit.path)
    return _rollup(events, unit, not_reported_limit=not_reported_limit)


def _rollup(events: QuerySet[Event], unit: Unit, *, not_reported_limit: int) -> Rollup:
    """One grouped query per source: events by host type, areas, result sums, unreported, by child unit."""
    found = Rollup(unit=unit)
    for row in events.values("host_type").annotate(n=Count("pk"), done=Count("result")).order_by():
        found.points_by_host[row["host_type"]] = row["n"]
        found.reported += row["done"]
    found.areas_held = found.points_by_host.get(Event.HostType.AREA, 0)
    found.areas_total = ResidentialArea.objects.filter(
        commune__path__startswith=unit.path, valid_to__isnull=True
    ).count()
    totals = EventResult.objects.filter(event__in=events).aggregate(
        **{name: Sum(name) for name in RESULT_COUNTS}
    )
    found.sums = {name: totals[name] or 0 for name in RESULT_COUNTS}
    found.not_reported = list(
        events.filter(result__isnull=True)
        .select_related("commune", "area", "organisation")
        .order_by("commune__path", "date", "pk")[:not_reported_limit]
    )
    if unit.level == Unit.Level.NATIONAL:
        child = {
            "key": "campaign__province__key",
            "name": "campaign__province__name",
            "path": "campaign__province__path",
        }
    elif unit.level == Unit.Level.PROVINCE:
        child = {"key": "commune__key", "name": "commune__name", "path": "commune__path"}
    else:
        return found
    found.by_commune = [
        {
            "commune__key": row[child["key"]],
            "commune__name": row[child["name"]],
            **{k: row[k] for k in ("n", "done", "participants")},
        }
        for row in events.values(child["key"], child["name"], child["path"])
        .annotate(n=Count("pk"), done=Count("result"), participants=Sum("result__participants"))
        .order_by(child["path"])
    ]
    return found


# --- Indicators (dashboards, reports) ------------------------------------------------------------


def subtree_counts(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """Festival events held between `start` and `end` in each unit's subtree, with their results.

    `areas_held` counts residential areas that held at least one event (the coverage numerator);
    `areas` the current residential areas (its denominator). Two grouped queries per level.
    """
    rows = subtree_totals(
        Event.objects.filter(date__gte=start, date__lte=end),
        units,
        {
            "events": Count("id"),
            "reported": Count("result"),
            "areas_held": Count("area_id", distinct=True, filter=Q(host_type=Event.HostType.AREA)),
            "participants": Sum("result__participants"),
            "propaganda_sessions": Sum("result__propaganda_sessions"),
            "weapons": Sum("result__weapons_handed_in"),
            "budget": Sum("budget_vnd"),
        },
        province="commune__parent_id",
        commune="commune_id",
    )
    areas = subtree_totals(
        ResidentialArea.objects.filter(valid_to__isnull=True),
        units,
        {"areas": Count("id")},
        province="commune__parent_id",
        commune="commune_id",
    )
    found: dict[int, dict[str, int]] = {}
    for unit in units:
        row = {k: v or 0 for k, v in rows.get(unit.pk, {}).items()}
        row["areas"] = areas.get(unit.pk, {}).get("areas") or 0
        found[unit.pk] = row
    return found
