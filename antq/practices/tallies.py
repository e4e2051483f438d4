"""Monthly activity tallies per province and kind, read by the national overview.

Recomputed, never incremented: `refresh_activity_tally(province_id, kind_id, month)` counts the
source rows of that cell again (one grouped query on the indexed `province_id, held_on`) and
replaces the cell. `actions.record_activity` calls it in its own transaction; a bulk load that
bypasses the actions (the bench generator, a data repair) ends with `rebuild_activity_tallies()`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from antq.practices.models import Activity, ActivityKind, ActivityTally
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
