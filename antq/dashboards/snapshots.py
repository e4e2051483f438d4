"""The indicator snapshot: every indicator of every current unit (nation, provinces, communes) per year,
computed by the live registry and stored, so a dashboard, the map or the API reads a few rows instead of
running ~8 grouped queries over the source tables for each of its six years.

Which period reads what (docs/dashboards.md): a **year** (closed or current) is read from the snapshot
when every unit asked for has a row for it, otherwise computed live (a new unit, a year never
refreshed, the tests of arithmetic); half-years, quarters and months are always live. The snapshot is
replaced, never patched: `refresh()` recomputes whole years with `indicators.live_values` and swaps
their rows in one transaction, so it cannot drift from the live figures of the moment it ran.
Run by `manage.py refresh_indicators` and the `dashboards.tasks.refresh_indicators` background job
(schedule: the current year every 30 minutes, the whole trend window nightly).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from antq.dashboards import indicators
from antq.dashboards.models import IndicatorSnapshot
from antq.practices.rules import Period, year
from antq.units.models import Unit

LEVELS = (Unit.Level.NATIONAL, Unit.Level.PROVINCE, Unit.Level.COMMUNE)
TREND_YEARS = 5  # the window the dashboards draw (board.TREND_YEARS)
BATCH = 1000


def snapshotted(period: Period) -> bool:
    """Whether values of `period` may come from the snapshot (years only)."""
    return period.kind == "year"


def default_years(today: dt.date | None = None) -> list[int]:
    """The years the dashboards read: this year and the TREND_YEARS - 1 before it."""
    this = (today or timezone.localdate()).year
    return list(range(this - TREND_YEARS + 1, this + 1))


def snapshot_units() -> list[Unit]:
    return list(Unit.objects.current().filter(level__in=LEVELS).order_by("path"))


def encode(value: indicators.Value) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def decode(indicator: indicators.Indicator, raw: Any) -> indicators.Value:
    if raw is None:
        return None
    return Decimal(str(raw)) if indicator.kind == "percent" else int(raw)


@transaction.atomic
def refresh_year(y: int, *, units: Sequence[Unit] | None = None) -> int:
    """Recompute every indicator of `units` (default: all current units) for year `y` and replace the
    stored rows of that year; returns the number of rows written."""
    units = list(units) if units is not None else snapshot_units()
    period = year(y)
    found = indicators.live_values(list(indicators.REGISTRY), units, period)
    now = timezone.now()
    rows = [
        IndicatorSnapshot(
            unit=unit,
            period=period.key,
            values={code: encode(per_unit[unit.pk]) for code, per_unit in found.items()},
            refreshed_at=now,
        )
        for unit in units
    ]
    IndicatorSnapshot.objects.filter(period=period.key, unit__in=units).delete()
    IndicatorSnapshot.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def refresh(years: Iterable[int] | None = None) -> dict[int, int]:
    """Refresh the snapshot of each year (one transaction per year); {year: rows written}."""
    units = snapshot_units()
    return {y: refresh_year(y, units=units) for y in (years if years is not None else default_years())}


def read(pairs: Sequence[tuple[Sequence[Unit], Period]]) -> dict[tuple[int, str], IndicatorSnapshot]:
    """The stored rows for the (units, period) pairs whose period is a year, in one query."""
    wanted = [(units, p) for units, p in pairs if snapshotted(p) and units]
    if not wanted:
        return {}
    unit_ids = {u.pk for units, _p in wanted for u in units}
    periods = {p.key for _u, p in wanted}
    rows = IndicatorSnapshot.objects.filter(unit_id__in=unit_ids, period__in=periods).only(
        "unit_id", "period", "values", "refreshed_at"
    )
    return {(r.unit_id, r.period): r for r in rows}
