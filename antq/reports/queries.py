"""Read models of the report pages: what is due for the user's units, and a level's completeness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from antq.accounts.models import EDITOR_ROLES
from antq.reports import rules
from antq.reports.models import Report, ReportDefinition
from antq.units.models import Unit


@dataclass
class DueItem:
    """A report a unit owes for a period, and the report if it exists."""

    definition: ReportDefinition
    unit: Unit
    period: rules.ReportPeriod
    due_on: dt.date
    report: Report | None
    state: str


def due_items(user: Any, today: dt.date) -> list[DueItem]:
    """Per unit the user reports for and per active regime of its level: the current and previous period.

    Two queries (definitions, reports) whatever the number of units and regimes.
    """
    units = [
        a.unit
        for a in user.active_roles
        if a.role in EDITOR_ROLES and a.unit.is_current and not a.unit.is_legacy
    ]
    if not units:
        return []
    definitions = list(
        ReportDefinition.objects.filter(is_active=True, reporting_level__in={u.level for u in units})
    )
    wanted: list[tuple[ReportDefinition, Unit, rules.ReportPeriod]] = []
    for unit in units:
        for definition in definitions:
            if definition.reporting_level != unit.level:
                continue
            current = rules.current_period(definition.period_kind, today)
            for period in (current.previous(), current):
                wanted.append((definition, unit, period))
    found = {
        (r.definition_id, r.unit_id, r.period_key): r
        for r in Report.objects.filter(
            unit__in=units,
            definition__in=definitions,
            period_key__in={p.key for _, _, p in wanted},
        )
    }
    items = []
    for definition, unit, period in wanted:
        report = found.get((definition.pk, unit.pk, period.key))
        due_on = definition.due_on(period)
        submitted = report.issued_on if report and report.status in _SENT else None
        items.append(
            DueItem(definition, unit, period, due_on, report, rules.timeliness(due_on, submitted, today))
        )
    items.sort(key=lambda i: (i.report is not None and i.report.status in _SENT, i.due_on))
    return items


_SENT = (Report.Status.SUBMITTED, Report.Status.ACCEPTED)


@dataclass
class UnitRow:
    unit: Unit
    report: Report | None
    state: str


@dataclass
class Follow:
    """Completeness and timeliness of the reports of the units below `unit` for one regime and period."""

    unit: Unit
    definition: ReportDefinition
    period: rules.ReportPeriod
    due_on: dt.date
    summary: rules.Completeness
    rows: list[UnitRow] = field(default_factory=list)
    own: Report | None = None  # the unit's own (aggregating) report, if any
    aggregate_definition: ReportDefinition | None = None

    @property
    def missing(self) -> list[UnitRow]:
        return [r for r in self.rows if r.state == rules.MISSING]

    @property
    def late(self) -> list[UnitRow]:
        return [r for r in self.rows if r.state == rules.LATE]


def follow(unit: Unit, definition: ReportDefinition, period: rules.ReportPeriod, today: dt.date) -> Follow:
    """Every unit below `unit` at the definition's reporting level, with its report and its timeliness.

    Three queries whatever the number of communes: units, reports, the aggregating definition's report.
    """
    units = list(
        Unit.objects.current()
        .filter(level=definition.reporting_level, is_legacy=False, path__startswith=unit.path)
        .exclude(pk=unit.pk)
        .order_by("name")
    )
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(definition=definition, period_key=period.key, unit__in=units)
    }
    due_on = definition.due_on(period)
    rows = []
    for row in units:
        report = reports.get(row.pk)
        submitted = report.issued_on if report and report.status in _SENT else None
        rows.append(UnitRow(row, report, rules.timeliness(due_on, submitted, today)))
    aggregator = ReportDefinition.objects.filter(
        source=definition, reporting_level=unit.level, is_active=True
    ).first()
    own = (
        Report.objects.filter(definition=aggregator, unit=unit, period_key=period.key).first()
        if aggregator is not None
        else None
    )
    return Follow(
        unit=unit,
        definition=definition,
        period=period,
        due_on=due_on,
        summary=rules.completeness(r.state for r in rows),
        rows=rows,
        own=own,
        aggregate_definition=aggregator,
    )
