"""Read models of the practices pages: the overview of a unit for a period, and the three lists.

The overview is a constant number of grouped queries whatever the data size (tests assert it):
rows are grouped by the denormalised `province_id` (national page) or `unit_id` (a province's
page), never looped over in Python. A cluster counts under the unit that registered it only, so
that the totals add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, Count, Q, QuerySet, Sum
from django.http import Http404

from antq.core.text import fold
from antq.practices.models import (
    Activity,
    ActivityKind,
    ActivityTally,
    AdvancedExample,
    ModelTally,
    ModelType,
    ModelTypeTally,
    PracticeModel,
)
from antq.practices.rules import Period, trend
from antq.units.models import Unit, user_paths
from antq.units.queries import subtree_totals

NATIONAL_KEY = "VN"
TOP_TYPES = 15


def unit_for_key(user: Any, key: str) -> Unit | None:
    """The unit of an overview URL (None for the nation); outside scope or not a current unit → 404."""
    if key == NATIONAL_KEY:
        return None
    unit = Unit.objects.visible_to(user).select_related("parent").filter(key=key[:20]).first()
    if unit is None or not unit.is_current or unit.level not in (Unit.Level.PROVINCE, Unit.Level.COMMUNE):
        raise Http404
    return unit


def restrict(queryset: QuerySet[Any], user: Any, unit: Unit | None) -> QuerySet[Any]:
    """Rows recorded in `unit`'s subtree (the nation when None) that `user` may see.

    Rows carry their unit and province ids, so scope is an indexed id filter, never a path join:
    below a unit already checked to be in scope its id is enough; on the national page a user
    with a partial scope gets the provinces and communes of their roles.
    """
    if unit is not None:
        if unit.level == Unit.Level.PROVINCE:
            return queryset.filter(province_id=unit.pk)
        return queryset.filter(unit_id=unit.pk)
    if has_full_scope(user):
        return queryset
    roles = user.active_roles if getattr(user, "is_authenticated", False) else []
    query = Q(pk__in=[])
    for assignment in roles:
        if assignment.unit.level == Unit.Level.PROVINCE:
            query |= Q(province_id=assignment.unit_id)
        elif assignment.unit.level == Unit.Level.COMMUNE:
            query |= Q(unit_id=assignment.unit_id)
    return queryset.filter(query)


def has_full_scope(user: Any) -> bool:
    paths = user_paths(user)
    return paths is None or "/VN/" in paths


@dataclass
class KindRow:
    kind: ActivityKind
    count: int = 0
    previous: int = 0
    participants: int = 0
    results: int = 0

    @property
    def trend(self) -> float | None:
        return trend(self.count, self.previous)


@dataclass
class Row:
    key: str
    label: str
    unit: Unit | None = None
    link: bool = True  # the user may open this unit's own page
    models: int = 0
    points: int = 0
    groups: int = 0
    members: int = 0
    examples: int = 0
    activities: int = 0
    participants: int = 0
    by_kind: dict[int, int] = field(default_factory=dict)

    def add(self, other: Row) -> None:
        for name in ("models", "points", "groups", "members", "examples", "activities", "participants"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, n in other.by_kind.items():
            self.by_kind[kind] = self.by_kind.get(kind, 0) + n


@dataclass
class Overview:
    unit: Unit | None
    period: Period
    previous: Period
    child_level: str  # "province" | "commune" | ""
    kinds: list[ActivityKind]
    rows: list[Row]
    totals: Row
    kind_rows: list[KindRow]
    by_status: list[dict[str, Any]]
    by_type: list[dict[str, Any]]
    new_models: int
    new_models_previous: int
    examples_in_period: int
    examples_previous: int

    @property
    def activities_trend(self) -> float | None:
        return trend(sum(k.count for k in self.kind_rows), sum(k.previous for k in self.kind_rows))

    @property
    def activities_previous(self) -> int:
        return sum(k.previous for k in self.kind_rows)

    @property
    def models_trend(self) -> float | None:
        return trend(self.new_models, self.new_models_previous)

    @property
    def examples_trend(self) -> float | None:
        return trend(self.examples_in_period, self.examples_previous)

    def kind_cells(self, row: Row) -> list[int]:
        return [row.by_kind.get(k.pk, 0) for k in self.kinds]

    @property
    def table(self) -> list[tuple[Row, list[int]]]:
        return [(row, self.kind_cells(row)) for row in self.rows]

    @property
    def total_cells(self) -> list[int]:
        return self.kind_cells(self.totals)

    def chart(self) -> dict[str, Any]:
        return {
            "labels": [k.kind.name for k in self.kind_rows],
            "series": [
                {"label": self.previous.label, "data": [k.previous for k in self.kind_rows]},
                {"label": self.period.label, "data": [k.count for k in self.kind_rows]},
            ],
        }


def _children(user: Any, unit: Unit | None) -> tuple[str, str, list[Unit]]:
    """(group field, child level, child units in scope) of the overview table.

    On the national page a user whose scope is a commune gets the row of its province (counting
    only what the scope holds) without a link to the province's own page.
    """
    if unit is None:
        paths = user_paths(user)
        units = Unit.objects.current().filter(level=Unit.Level.PROVINCE)
        if paths is not None and "/VN/" not in paths:
            prefixes = {"/".join(p.split("/")[:3]) + "/" for p in paths}
            units = units.filter(path__in=prefixes)
        return "province_id", "province", list(units.order_by("name"))
    if unit.level == Unit.Level.PROVINCE:
        units = Unit.objects.current().filter(parent=unit, level=Unit.Level.COMMUNE)
        return "unit_id", "commune", list(units.order_by("name"))
    return "", "", []


def overview(user: Any, unit: Unit | None, period: Period) -> Overview:
    """Counts of models, examples and activities of `unit` (nation when None) for `period`."""
    previous = period.previous()
    group, child_level, children = _children(user, unit)
    kinds = list(ActivityKind.objects.all())
    rows: dict[Any, Row] = {}
    own = set(user_paths(user) or []) if unit is None else set()
    for child in children:
        link = not own or "/VN/" in own or any(child.path.startswith(p) for p in own)
        rows[child.pk] = Row(key=child.key, label=child.name, unit=child, link=link)
    totals = Row(key="total", label="")
    if unit is not None and unit.level == Unit.Level.PROVINCE:
        rows[unit.pk] = Row(key=unit.key, label=str(_province_level_label()), unit=None)
    elif unit is None:
        rows[None] = Row(key="central", label=str(_national_level_label()), unit=None)

    def row_for(value: Any) -> Row:
        if not group:
            return totals
        if value not in rows:
            rows[value] = Row(key=str(value), label="?")
        return rows[value]

    kind_rows = {k.pk: KindRow(kind=k) for k in kinds}
    n: Aggregate
    prev: Aggregate
    if unit is None and has_full_scope(user):
        # The national page reads the monthly tallies (tallies.py), not every activity.
        in_period = Q(month__gte=period.start, month__lte=period.end)
        in_previous = Q(month__gte=previous.start, month__lte=previous.end)
        source = ActivityTally.objects.filter(month__gte=previous.start, month__lte=period.end)
        n, people, results = (
            Sum("count", filter=in_period),
            Sum("participants", filter=in_period),
            Sum("results", filter=in_period),
        )
        prev = Sum("count", filter=in_previous)
    else:
        in_period = Q(held_on__gte=period.start, held_on__lte=period.end)
        in_previous = Q(held_on__gte=previous.start, held_on__lte=previous.end)
        source = restrict(Activity.objects.all(), user, unit).filter(
            held_on__gte=previous.start, held_on__lte=period.end
        )
        n, people, results = (
            Count("id", filter=in_period),
            Sum("participants", filter=in_period),
            Sum("result_count", filter=in_period),
        )
        prev = Count("id", filter=in_previous)
    for entry in (
        source.values(*([group] if group else []), "kind_id")
        .annotate(n=n, prev=prev, people=people, results=results)
        .order_by()
    ):
        row = row_for(entry.get(group)) if group else totals
        count = entry["n"] or 0
        row.activities += count
        row.participants += entry["people"] or 0
        row.by_kind[entry["kind_id"]] = row.by_kind.get(entry["kind_id"], 0) + count
        kind_row = kind_rows[entry["kind_id"]]
        kind_row.count += count
        kind_row.previous += entry["prev"] or 0
        kind_row.participants += entry["people"] or 0
        kind_row.results += entry["results"] or 0

    models = restrict(PracticeModel.objects.all(), user, unit)
    if unit is None and has_full_scope(user):
        # The national page reads the model tallies (tallies.py), not every model.
        new_models, new_previous = _national_models(row_for, group, period, previous)
    else:
        new_models, new_previous = _live_models(models, row_for, group, period, previous)

    examples = restrict(AdvancedExample.objects.all(), user, unit).filter(recognised_on__lte=period.end)
    ex_now = Q(recognised_on__gte=period.start)
    ex_before = Q(recognised_on__gte=previous.start, recognised_on__lte=previous.end)
    examples_now = examples_before = 0
    for entry in (
        examples.values(*([group] if group else []))
        .annotate(total=Count("id"), now=Count("id", filter=ex_now), before=Count("id", filter=ex_before))
        .order_by()
    ):
        row = row_for(entry.get(group)) if group else totals
        row.examples += entry["total"]
        examples_now += entry["now"]
        examples_before += entry["before"]

    if unit is None and has_full_scope(user):
        by_status, by_type = _national_status_and_types(period)
    else:
        by_status = list(
            models.filter(started_on__lte=period.end)
            .values("status", "rating")
            .annotate(n=Count("id"), points=Sum("points_count"))
            .order_by("status", "rating")
        )
        by_type = list(
            models.filter(Q(status=PracticeModel.Status.ACTIVE, started_on__lte=period.end))
            .values("model_type_id")
            .annotate(
                n=Count("id", filter=Q(origin__isnull=True)),
                points=Sum("points_count"),
                groups=Sum("groups_count"),
            )
            .order_by("-points", "model_type_id")[:TOP_TYPES]
        )
    labels_status = dict(PracticeModel.Status.choices)
    labels_rating = dict(PracticeModel.Rating.choices)
    for entry in by_status:
        entry["status_label"] = labels_status.get(entry["status"], entry["status"])
        entry["rating_label"] = labels_rating.get(entry["rating"], "")
    names = dict(
        ModelType.objects.filter(pk__in=[t["model_type_id"] for t in by_type]).values_list("pk", "name")
    )
    for entry in by_type:
        entry["model_type__name"] = names.get(entry["model_type_id"], "")
    table = [r for r in rows.values() if r.unit is not None or r.activities or r.models or r.examples]
    if group:
        for r in table:
            totals.add(r)
    return Overview(
        unit=unit,
        period=period,
        previous=previous,
        child_level=child_level,
        kinds=kinds,
        rows=table,
        totals=totals,
        kind_rows=list(kind_rows.values()),
        by_status=by_status,
        by_type=by_type,
        new_models=new_models,
        new_models_previous=new_previous,
        examples_in_period=examples_now,
        examples_previous=examples_before,
    )


def _live_models(
    models: QuerySet[PracticeModel], row_for: Any, group: str, period: Period, previous: Period
) -> tuple[int, int]:
    """Adds the models of `models` to their rows (one grouped query); returns (new now, new before)."""
    active = Q(status=PracticeModel.Status.ACTIVE, started_on__lte=period.end)
    new_now = Q(started_on__gte=period.start, started_on__lte=period.end)
    new_before = Q(started_on__gte=previous.start, started_on__lte=previous.end)
    new_models = new_previous = 0
    for entry in (
        models.values(*([group] if group else []))
        .annotate(
            models=Count("id", filter=active & Q(origin__isnull=True)),
            points=Sum("points_count", filter=active),
            groups=Sum("groups_count", filter=active),
            members=Sum("members_count", filter=active),
            new_now=Count("id", filter=new_now),
            new_before=Count("id", filter=new_before),
        )
        .order_by()
    ):
        row = row_for(entry.get(group))
        row.models += entry["models"]
        row.points += entry["points"] or 0
        row.groups += entry["groups"] or 0
        row.members += entry["members"] or 0
        new_models += entry["new_now"]
        new_previous += entry["new_before"]
    return new_models, new_previous


def _national_models(row_for: Any, group: str, period: Period, previous: Period) -> tuple[int, int]:
    """`_live_models` of the whole nation from `ModelTally` (start months, so periods are exact)."""
    active = Q(status=PracticeModel.Status.ACTIVE, month__lte=period.end)
    new_now = Q(month__gte=period.start, month__lte=period.end)
    new_before = Q(month__gte=previous.start, month__lte=previous.end)
    new_models = new_previous = 0
    for entry in (
        ModelTally.objects.values(group)
        .annotate(
            models=Sum("originals", filter=active),
            points=Sum("points", filter=active),
            groups=Sum("groups", filter=active),
            members=Sum("members", filter=active),
            new_now=Sum("count", filter=new_now),
            new_before=Sum("count", filter=new_before),
        )
        .order_by()
    ):
        row = row_for(entry[group])
        row.models += entry["models"] or 0
        row.points += entry["points"] or 0
        row.groups += entry["groups"] or 0
        row.members += entry["members"] or 0
        new_models += entry["new_now"] or 0
        new_previous += entry["new_before"] or 0
    return new_models, new_previous


def _national_status_and_types(period: Period) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The status table and the top types of the whole nation from the model tallies.

    The type tally counts by start year: a period ending before 31 December takes the years before
    from it and adds the live active rows started since 1 January (index on `started_on, status`).
    """
    by_status = [
        dict(entry)
        for entry in ModelTally.objects.filter(month__lte=period.end)
        .values("status", "rating")
        .annotate(n=Sum("count"), points=Sum("points"))
        .order_by("status", "rating")
    ]
    year_start = dt.date(period.end.year, 1, 1)
    whole_year = period.end == dt.date(period.end.year, 12, 31)
    types: dict[int, dict[str, Any]] = {}
    tallied = ModelTypeTally.objects.filter(year__lte=period.end.year if whole_year else period.end.year - 1)
    sources: list[Any] = [
        tallied.values("model_type_id").annotate(
            n=Sum("originals"), points=Sum("points"), groups=Sum("groups")
        )
    ]
    if not whole_year:
        sources.append(
            PracticeModel.objects.filter(
                started_on__gte=year_start, started_on__lte=period.end, status=PracticeModel.Status.ACTIVE
            )
            .values("model_type_id")
            .annotate(
                n=Count("id", filter=Q(origin__isnull=True)),
                points=Sum("points_count"),
                groups=Sum("groups_count"),
            )
        )
    for source in sources:
        for entry in source.order_by():
            total = types.setdefault(
                entry["model_type_id"],
                {"model_type_id": entry["model_type_id"], "n": 0, "points": 0, "groups": 0},
            )
            for name in ("n", "points", "groups"):
                total[name] += entry[name] or 0
    by_type = sorted(types.values(), key=lambda t: (-t["points"], t["model_type_id"]))[:TOP_TYPES]
    return by_status, by_type


def _province_level_label() -> Any:
    from django.utils.translation import gettext as _

    return _("Đơn vị cấp tỉnh")


def _national_level_label() -> Any:
    from django.utils.translation import gettext as _

    return _("Cấp trung ương")


# --- Lists -------------------------------------------------------------------------------------


def models_of(
    user: Any, unit: Unit | None, *, text: str = "", type_id: int | None = None, status: str = ""
) -> QuerySet[PracticeModel]:
    """Models of `unit`'s subtree in scope, plus clusters the unit takes part in."""
    queryset = PracticeModel.objects.visible_to(user)
    if unit is not None:
        members = PracticeModel.member_units.through.objects.filter(unit__path__startswith=unit.path)
        queryset = queryset.filter(
            Q(unit__path__startswith=unit.path) | Q(pk__in=members.values("practicemodel_id"))
        )
    if text:
        queryset = queryset.search(text)
    if type_id:
        queryset = queryset.filter(model_type_id=type_id)
    if status in PracticeModel.Status.values:
        queryset = queryset.filter(status=status)
    return queryset.select_related("model_type", "unit", "origin").order_by("name", "pk")


def examples_of(user: Any, unit: Unit | None, *, text: str = "", kind: str = "") -> QuerySet[AdvancedExample]:
    queryset = restrict(AdvancedExample.objects.visible_to(user), user, unit)
    if text:
        for word in fold(text).split()[:8]:
            queryset = queryset.filter(name_folded__contains=word)
    if kind in AdvancedExample.Kind.values:
        queryset = queryset.filter(kind=kind)
    return queryset.select_related("unit", "model").order_by("-recognised_on", "-pk")


def activities_of(
    user: Any, unit: Unit | None, period: Period, *, kind_id: int | None = None
) -> QuerySet[Activity]:
    queryset = restrict(Activity.objects.visible_to(user), user, unit).filter(
        held_on__gte=period.start, held_on__lte=period.end
    )
    if kind_id:
        queryset = queryset.filter(kind_id=kind_id)
    return queryset.select_related("unit", "kind").order_by("-held_on", "-pk")


def showcase(text: str = "", type_id: int | None = None) -> QuerySet[PracticeModel]:
    """Public list of recognised or effective models: no personal data is read."""
    queryset = PracticeModel.objects.showcase()
    if text:
        queryset = queryset.search(text)
    if type_id:
        queryset = queryset.filter(model_type_id=type_id)
    return (
        queryset.select_related("model_type", "unit", "unit__parent")
        .only(
            "name",
            "points_count",
            "groups_count",
            "description",
            "recognised_on",
            "rating",
            "model_type__name",
            "unit__name",
            "unit__key",
            "unit__parent__name",
        )
        .order_by("name", "pk")
    )


def types_for(unit: Unit | None) -> QuerySet[ModelType]:
    if unit is None:
        return ModelType.objects.filter(province__isnull=True, is_active=True)
    return ModelType.objects.for_unit(unit)


# --- Indicators (dashboards, reports) ------------------------------------------------------------


def subtree_counts(units: Sequence[Unit], period: Period) -> dict[int, dict[str, int]]:
    """Models, points, groups, members, examples (stock at the period's end) and activities in it.

    The nation and provinces read the monthly tallies; communes count their own rows (`unit_id`).
    At most one grouped query per source and level among `units`, whatever the data size.
    """
    upper = [u for u in units if u.level in (Unit.Level.NATIONAL, Unit.Level.PROVINCE)]
    communes = [u for u in units if u.level == Unit.Level.COMMUNE]
    active_tally = Q(status=PracticeModel.Status.ACTIVE)
    active = Q(status=PracticeModel.Status.ACTIVE)
    in_period = {"start": period.start, "end": period.end}
    sources: list[dict[int, dict[str, Any]]] = [
        subtree_totals(
            ModelTally.objects.filter(month__lte=period.end),
            upper,
            {
                "models": Sum("originals", filter=active_tally),
                "points": Sum("points", filter=active_tally),
                "groups": Sum("groups", filter=active_tally),
                "model_members": Sum("members", filter=active_tally),
                "models_new": Sum("count", filter=Q(month__gte=period.start)),
            },
            province="province_id",
            commune="",
        ),
        subtree_totals(
            ActivityTally.objects.filter(month__gte=period.start, month__lte=period.end),
            upper,
            {"activities": Sum("count"), "participants": Sum("participants")},
            province="province_id",
            commune="",
        ),
        subtree_totals(
            PracticeModel.objects.filter(started_on__lte=period.end),
            communes,
            {
                "models": Count("id", filter=active & Q(origin__isnull=True)),
                "points": Sum("points_count", filter=active),
                "groups": Sum("groups_count", filter=active),
                "model_members": Sum("members_count", filter=active),
                "models_new": Count("id", filter=Q(started_on__gte=period.start)),
            },
            province="",
            commune="unit_id",
        ),
        subtree_totals(
            Activity.objects.filter(held_on__gte=period.start, held_on__lte=period.end),
            communes,
            {"activities": Count("id"), "participants": Sum("participants")},
            province="",
            commune="unit_id",
        ),
        subtree_totals(
            AdvancedExample.objects.filter(recognised_on__lte=period.end),
            units,
            {
                "examples": Count("id"),
                "examples_new": Count("id", filter=Q(recognised_on__gte=in_period["start"])),
            },
            province="province_id",
            commune="unit_id",
        ),
    ]
    names = ("models", "points", "groups", "model_members", "models_new", "activities", "participants")
    found: dict[int, dict[str, int]] = {}
    for unit in units:
        row = dict.fromkeys((*names, "examples", "examples_new"), 0)
        for source in sources:
            for key, value in source.get(unit.pk, {}).items():
                row[key] += value or 0
        found[unit.pk] = row
    return found
