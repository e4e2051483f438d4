"""The figures of a report, taken from the dashboards' indicators (`antq.dashboards.indicators`).

`snapshot()` computes every indicator of a definition for the reporting unit and, when a section has
an appendix of the units below, for each of them, in the indicators' grouped queries (one call for
all units, so a national report over 34 provinces costs the same number of queries as a commune's).
`aggregate()` sums the units' submitted reports instead (the province's roll-up of its communes).
The result is plain JSON, stored on the report so the document never changes after submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from antq.reports import rules
from antq.reports.models import DefinitionSection, Report, ReportDefinition
from antq.units.models import Unit

Value = int | float | None


def plain(value: Any) -> Value:
    """A JSON number: whole Decimals become int, others float; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return float(value)


def units_below(unit: Unit) -> list[Unit]:
    """The current units one level down (provinces of the nation, communes of a province), by code."""
    if unit.level == Unit.Level.COMMUNE:
        return []
    level = Unit.Level.PROVINCE if unit.level == Unit.Level.NATIONAL else Unit.Level.COMMUNE
    return list(
        Unit.objects.current()
        .filter(level=level, is_legacy=False, path__startswith=unit.path)
        .order_by("path")
    )


def needs_units(definition: ReportDefinition) -> bool:
    return any(s.appendix == DefinitionSection.Appendix.UNITS_BELOW for s in definition.sections.all())


def indicator_meta(codes: Iterable[str]) -> dict[str, dict[str, str]]:
    """Label, kind and section of each code, as the registry names them now (kept with the figures)."""
    from antq.dashboards.indicators import REGISTRY

    meta = {}
    for code in codes:
        found = REGISTRY.get(code)
        if found is None:
            meta[code] = {"label": code, "kind": "count", "section": "", "missing": "1"}
        else:
            meta[code] = {"label": str(found.label), "kind": found.kind, "section": str(found.section)}
    return meta


def snapshot(
    definition: ReportDefinition,
    unit: Unit,
    period: rules.ReportPeriod,
    *,
    below: Sequence[Unit] | None = None,
) -> dict[str, Any]:
    """Every indicator of `definition` for `unit` (and the units below when an appendix asks for them)."""
    from antq.dashboards.indicators import REGISTRY, values

    codes = definition.indicator_codes()
    known = [c for c in codes if c in REGISTRY]
    rows = list(below) if below is not None else (units_below(unit) if needs_units(definition) else [])
    start, end = definition.window(period)
    computed = values(known, [unit, *rows], rules.as_indicator_period(period, start, end)) if known else {}
    return {
        "mode": "indicators",
        "indicators": indicator_meta(codes),
        "totals": {code: plain(computed.get(code, {}).get(unit.pk)) for code in codes},
        "units": [
            {
                "key": row.key,
                "name": row.name,
                "values": {code: plain(computed.get(code, {}).get(row.pk)) for code in codes},
            }
            for row in rows
        ],
    }


def aggregate(
    definition: ReportDefinition, unit: Unit, sources: Sequence[Report], period: rules.ReportPeriod
) -> dict[str, Any]:
    """The figures of `unit` as the sum of its units' reports (`sources`, one per unit that reported).

    Counts and money add up. A percentage does not: the mean of the communes' rates weighs a commune of
    3 residential areas like one of 40, so a rate is computed for `unit` itself from the indicators.
    """
    from antq.dashboards.indicators import REGISTRY, values

    codes = definition.indicator_codes()
    meta = indicator_meta(codes)
    rates = [c for c in codes if c in REGISTRY and meta[c]["kind"] == "percent"]
    start, end = definition.window(period)
    own = values(rates, [unit], rules.as_indicator_period(period, start, end)) if rates else {}
    by_unit = {r.unit_id: r for r in sources}
    rows: list[dict[str, Any]] = []
    for row in units_below(unit):
        report = by_unit.get(row.pk)
        totals = report.figures.get("totals", {}) if report else {}
        rows.append(
            {
                "key": row.key,
                "name": row.name,
                "values": {code: totals.get(code) for code in codes},
                "report": report.display_number if report else None,
            }
        )
    return {
        "mode": "aggregate",
        "indicators": meta,
        "totals": {
            code: plain(own.get(code, {}).get(unit.pk))
            if code in rates
            else rules.add_values((r["values"][code] for r in rows), meta[code]["kind"])
            for code in codes
        },
        "units": rows,
        "sources": sorted(r.pk for r in sources),
    }


def sections(report: Report) -> list[dict[str, Any]]:
    """The report's sections as the page, the PDF and the workbook show them (figures with labels)."""
    figures = report.figures or {}
    meta = figures.get("indicators", {})
    totals = figures.get("totals", {})
    out = []
    for section in report.definition.sections.all():
        out.append(
            {
                "section": section,
                "key": str(section.pk),
                "rows": [
                    {
                        "code": code,
                        "label": meta.get(code, {}).get("label", code),
                        "kind": meta.get(code, {}).get("kind", "count"),
                        "value": totals.get(code),
                    }
                    for code in section.indicator_codes
                ],
                "narrative": (report.narratives or {}).get(str(section.pk), ""),
                "units": figures.get("units", []) if section.appendix else [],
                "unit_rows": [
                    {
                        "name": row["name"],
                        "cells": [row["values"].get(code) for code in section.indicator_codes],
                    }
                    for row in (figures.get("units", []) if section.appendix else [])
                ],
            }
        )
    return out
