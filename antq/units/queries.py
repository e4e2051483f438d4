"""Read models for the unit browser: a constant number of grouped queries per page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from antq.accounts.models import User
from antq.units.models import Organisation, ResidentialArea, Unit


@dataclass
class UnitRow:
    unit: Unit
    communes: int = 0
    residential_areas: int = 0
    organisations: int = 0


def _counts_by(queryset: QuerySet[Any], field: str) -> dict[int, int]:
    return dict(queryset.values_list(field).annotate(n=Count("id")).values_list(field, "n"))


def child_rows(parent: Unit, user: User) -> list[UnitRow]:
    """Current children of `parent` in the user's scope, each with its counts (3 grouped queries)."""
    children = list(Unit.objects.visible_to(user).current().filter(parent=parent).order_by("name_folded"))
    return _with_counts(children, user)


def top_rows(user: User) -> list[UnitRow]:
    """The highest current units the user sees: provinces, or their own communes."""
    visible = Unit.objects.visible_to(user).current()
    provinces = list(visible.filter(level=Unit.Level.PROVINCE).order_by("name_folded"))
    communes = [] if provinces else list(visible.filter(level=Unit.Level.COMMUNE).order_by("name_folded"))
    return _with_counts(provinces or communes, user)


def _with_counts(units: list[Unit], user: User) -> list[UnitRow]:
    if not units:
        return []
    ids = [u.pk for u in units]
    areas = ResidentialArea.objects.visible_to(user).current()
    orgs = Organisation.objects.visible_to(user).current()
    if units[0].level == Unit.Level.PROVINCE:
        communes = _counts_by(Unit.objects.current().filter(parent_id__in=ids), "parent_id")
        area_counts = _counts_by(areas.filter(commune__parent_id__in=ids), "commune__parent_id")
        org_counts = _counts_by(orgs.filter(commune__parent_id__in=ids), "commune__parent_id")
    else:
        communes = {}
        area_counts = _counts_by(areas.filter(commune_id__in=ids), "commune_id")
        org_counts = _counts_by(orgs.filter(commune_id__in=ids), "commune_id")
    return [
        UnitRow(u, communes.get(u.pk, 0), area_counts.get(u.pk, 0), org_counts.get(u.pk, 0)) for u in units
    ]


def totals(rows: list[UnitRow]) -> UnitRow:
    total = UnitRow(unit=Unit(name=""))
    for row in rows:
        total.communes += row.communes
        total.residential_areas += row.residential_areas
        total.organisations += row.organisations
    return total


def breadcrumbs(unit: Unit, user: User) -> list[tuple[Unit, bool]]:
    """Ancestors of `unit` (one query), each flagged with whether the user may open it."""
    ancestors = list(Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("path"))
    visible = set(
        Unit.objects.visible_to(user).filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True)
    )
    return [(a, a.pk in visible) for a in ancestors]


def lineage(unit: Unit) -> dict[str, list[Any]]:
    """Where the unit came from and where it went (the 2025 conversion and later merges)."""
    return {
        "predecessors": list(
            unit.predecessor_links.select_related("predecessor__parent").order_by("predecessor__name")
        ),
        "successors": list(
            unit.successor_links.select_related("successor__parent").order_by("successor__name")
        ),
    }


def subtree_totals(
    queryset: QuerySet[Any],
    units: Sequence[Unit],
    measures: dict[str, Any],
    *,
    province: str,
    commune: str,
) -> dict[int, dict[str, Any]]:
    """`measures` (aggregates) of each unit's whole subtree: one grouped query per level in `units`.

    `province` and `commune` name the fields of `queryset` that hold a row's province id and commune
    id (e.g. "commune__parent_id" and "commune_id", or denormalised "province_id"/"unit_id"). The
    nation adds up every row. A unit with no rows is missing from the answer.
    """
    by_level: dict[str, list[Unit]] = {}
    for unit in units:
        by_level.setdefault(unit.level, []).append(unit)
    # Aliases differ from field names, so a measure may sum a field of the same name.
    aliased = {f"m_{name}": aggregate for name, aggregate in measures.items()}
    found: dict[int, dict[str, Any]] = {}
    for level, members in by_level.items():
        ids = [u.pk for u in members]
        if level == Unit.Level.NATIONAL:
            total = {k[2:]: v for k, v in queryset.aggregate(**aliased).items()}
            for pk in ids:
                found[pk] = dict(total)
            continue
        field = province if level == Unit.Level.PROVINCE else commune if level == Unit.Level.COMMUNE else ""
        if not field:
            continue
        for row in queryset.filter(**{f"{field}__in": ids}).values(field).annotate(**aliased).order_by():
            pk = row.pop(field)
            found[pk] = {k[2:]: v for k, v in row.items()}
    return found
