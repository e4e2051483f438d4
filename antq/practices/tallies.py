"""Tallies read by the national overview: activities per province, kind and month; models per
province, start month, status and rating; active models per province, type and start year.

Recomputed, never incremented: `refresh_activity_tally(province_id, kind_id, month)` counts the
source rows of that cell again (one grouped query on the indexed `province_id, held_on`) and
replaces the cell. `actions.record_activity` calls it in its own transaction; a bulk load that
bypasses the actions (the bench generator, a data repair) ends with `rebuild_activity_tallies()`.

Models likewise: `refresh_model_tallies(model)` counts the cells a model falls in again (its
province's month and its province × type × year) and `actions.register_model` / `evaluate_model`
call it in their transaction; `rebuild_model_tallies()` after bulk loads, and `manage.py
rebuild_practices_tallies` for both.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from antq.practices.models import (
    Activity,
    ActivityKind,
    ActivityTally,
    ModelTally,
    ModelType,
    ModelTypeTally,
    PracticeModel,
)
from antq.units.models import Unit


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


@transaction.atomic
def refresh_activity_tally(province_id: int | None, kind_id: int, day: dt.date) -> None:
    """Count the (province, kind, month of `day`) cell again from the activities."""
    month = day.replace(day=1)
    # Concurrent refreshes of one cell serialise on its province (or kind, at national level) row.
    if province_id is not None:
        list(Unit.objects.select_for_update().filter(pk=province_id).values_list("pk"))
    else:
        list(ActivityKind.objects.select_for_update().filter(pk=kind_id).values_list("pk"))
    source = Activity.objects.filter(
        province_id=province_id, kind_id=kind_id, held_on__gte=month, held_on__lte=_month_end(month)
    ).aggregate(n=Count("id"), people=Sum("participants"), results=Sum("result_count"))
    cell = ActivityTally.objects.filter(province_id=province_id, kind_id=kind_id, month=month)
    if not source["n"]:
        cell.delete()
        return
    values = {"count": source["n"], "participants": source["people"] or 0, "results": source["results"] or 0}
    if not cell.update(**values):
        ActivityTally.objects.create(province_id=province_id, kind_id=kind_id, month=month, **values)


@transaction.atomic
def rebuild_activity_tallies() -> int:
    """Every cell again from the activities (one grouped query); returns the number of cells."""
    ActivityTally.objects.all().delete()
    rows = (
        Activity.objects.annotate(month=TruncMonth("held_on"))
        .values("province_id", "kind_id", "month")
        .annotate(n=Count("id"), people=Sum("participants"), results=Sum("result_count"))
        .order_by()
    )
    cells = [
        ActivityTally(
            province_id=r["province_id"],
            kind_id=r["kind_id"],
            month=r["month"],
            count=r["n"],
            participants=r["people"] or 0,
            results=r["results"] or 0,
        )
        for r in rows
    ]
    ActivityTally.objects.bulk_create(cells, batch_size=5000)
    return len(cells)


_ACTIVE = Q(status=PracticeModel.Status.ACTIVE)


def _month_cells(rows: QuerySet[PracticeModel]) -> list[ModelTally]:
    """ModelTally cells of `rows` grouped by province, start month, status and rating."""
    grouped = (
        rows.annotate(month=TruncMonth("started_on"))
        .values("province_id", "month", "status", "rating")
        .annotate(
            n=Count("id"),
            originals=Count("id", filter=Q(origin__isnull=True)),
            points=Sum("points_count"),
            groups=Sum("groups_count"),
            members=Sum("members_count"),
        )
        .order_by()
    )
    return [
        ModelTally(
            province_id=r["province_id"],
            month=r["month"],
            status=r["status"],
            rating=r["rating"],
            count=r["n"],
            originals=r["originals"],
            points=r["points"] or 0,
            groups=r["groups"] or 0,
            members=r["members"] or 0,
        )
        for r in grouped
    ]


def _type_cells(rows: QuerySet[PracticeModel]) -> list[ModelTypeTally]:
    """ModelTypeTally cells of the active `rows` grouped by province, type and start year."""
    grouped = (
        rows.filter(_ACTIVE)
        .annotate(year=ExtractYear("started_on"))
        .values("province_id", "model_type_id", "year")
        .annotate(
            originals=Count("id", filter=Q(origin__isnull=True)),
            points=Sum("points_count"),
            groups=Sum("groups_count"),
        )
        .order_by()
    )
    return [
        ModelTypeTally(
            province_id=r["province_id"],
            model_type_id=r["model_type_id"],
            year=r["year"],
            originals=r["originals"],
            points=r["points"] or 0,
            groups=r["groups"] or 0,
        )
        for r in grouped
    ]


@transaction.atomic
def refresh_model_tallies(model: PracticeModel) -> None:
    """Count again the cells `model` falls in: its province's start month (every status and rating)
    and its province × type × start year. Call it after any write to the model, in the same transaction.
    """
    province_id = model.province_id
    month = model.started_on.replace(day=1)
    # Concurrent refreshes of one province serialise on its row (on the type's row at national level).
    if province_id is not None:
        list(Unit.objects.select_for_update().filter(pk=province_id).values_list("pk"))
    else:
        list(ModelType.objects.select_for_update().filter(pk=model.model_type_id).values_list("pk"))
    in_month = PracticeModel.objects.filter(
        province_id=province_id, started_on__gte=month, started_on__lte=_month_end(month)
    )
    ModelTally.objects.filter(province_id=province_id, month=month).delete()
    ModelTally.objects.bulk_create(_month_cells(in_month))
    year = model.started_on.year
    in_year = PracticeModel.objects.filter(
        province_id=province_id,
        model_type_id=model.model_type_id,
        started_on__gte=dt.date(year, 1, 1),
        started_on__lte=dt.date(year, 12, 31),
    )
    ModelTypeTally.objects.filter(
        province_id=province_id, model_type_id=model.model_type_id, year=year
    ).delete()
    ModelTypeTally.objects.bulk_create(_type_cells(in_year))


@transaction.atomic
def rebuild_model_tallies() -> int:
    """Every model cell again from the models (two grouped queries); returns the number of cells."""
    ModelTally.objects.all().delete()
    ModelTypeTally.objects.all().delete()
    months = _month_cells(PracticeModel.objects.all())
    types = _type_cells(PracticeModel.objects.all())
    ModelTally.objects.bulk_create(months, batch_size=5000)
    ModelTypeTally.objects.bulk_create(types, batch_size=5000)
    return len(months) + len(types)
