"""The indicator dashboard of one unit ("Bảng chỉ số"): every standard indicator for a period, its trend
over the years, the level above as one aggregate number, and the units below for the drill-down.

Who sees what (docs/dashboards.md): a unit's dashboard opens for users whose scope holds the unit
(the national one for national scope only). The level above is shown as its single aggregate value,
never as its other children; the units below are the unit's own subtree. Cost: `TREND_YEARS + 1`
calls of `indicators.values`, each a constant number of grouped queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404

from antq.dashboards import indicators
from antq.dashboards.indicators import Indicator
from antq.practices.rules import Period, year
from antq.units.models import Unit

TREND_YEARS = 5


def unit_for_key(user: Any, key: str) -> Unit:
    """A current nation, province or commune in the user's scope, else 404."""
    unit = Unit.objects.visible_to(user).current().select_related("parent").filter(key=key[:20]).first()
    if unit is None or unit.level not in (Unit.Level.NATIONAL, Unit.Level.PROVINCE, Unit.Level.COMMUNE):
        raise Http404
    return unit


def children_of(unit: Unit) -> list[Unit]:
    below: dict[str, str] = {"national": "province", "province": "commune"}
    level = below.get(str(unit.level))
    if level is None:
        return []
    return list(Unit.objects.current().filter(parent=unit, level=level).order_by("name_folded"))


@dataclass
class Line:
    """One indicator of the dashboard."""

    indicator: Indicator
    value: indicators.Value
    above: indicators.Value = None
    trend: list[indicators.Value] = field(default_factory=list)  # TREND_YEARS values, oldest first
    children: list[indicators.Value] = field(default_factory=list)  # in the order of Board.children

    @property
    def previous(self) -> indicators.Value:
        return self.trend[-2] if len(self.trend) > 1 else None

    @property
    def delta(self) -> Decimal | int | None:
        if self.indicator.current_only or self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class Board:
    unit: Unit
    period: Period
    above: Unit | None
    children: list[Unit]
    years: list[int]
    sections: list[tuple[str, str, list[Line]]]
    # When the period's figures were computed (oldest snapshot row); None: live. Closed trend years are
    # refreshed less often and are not what this time stamps.
    refreshed_at: dt.datetime | None = None
    # Commendations by form in the period (awards.queries.subtree_decided): (form, here, level above).
    # Forms are data, not registered indicators, so this is read live: one grouped query.
    by_form: list[tuple[str, int, int | None]] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for _code, _label, lines in self.sections for line in lines]

    def line(self, code: str) -> Line:
        return next(line for line in self.lines if line.indicator.code == code)

    def chart(self) -> dict[str, Any]:
        """What dashboards/board.js draws: per indicator its trend and its value in each unit below."""
        return {
            "years": [str(y) for y in self.years],
            "children": [c.name for c in self.children],
            "keys": [c.key for c in self.children],
            "indicators": [
                {
                    "code": line.indicator.code,
                    "label": str(line.indicator.label),
                    "kind": line.indicator.kind,
                    "trend": [_number(v) for v in line.trend] if not line.indicator.current_only else [],
                    "children": [_number(v) for v in line.children],
                }
                for line in self.lines
            ],
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"key": self.unit.key, "name": self.unit.name, "level": self.unit.level},
            "period": self.period.key,
            "above": {"key": self.above.key, "name": self.above.name} if self.above else None,
            "years": self.years,
            "refreshed_at": self.refreshed_at.isoformat() if self.refreshed_at else None,
            "awards_by_form": [{"form": f, "value": v, "above": a} for f, v, a in self.by_form],
            "indicators": [
                {
                    "code": line.indicator.code,
                    "label": str(line.indicator.label),
                    "section": line.indicator.section,
                    "kind": line.indicator.kind,
                    "value": _number(line.value),
                    "above": _number(line.above),
                    "trend": [_number(v) for v in line.trend],
                }
                for line in self.lines
            ],
            "children": [
                {
                    "key": child.key,
                    "name": child.name,
                    "values": {line.indicator.code: _number(line.children[i]) for line in self.lines},
                }
                for i, child in enumerate(self.children)
            ],
        }


def _number(value: indicators.Value) -> float | int | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal) else value


def build(unit: Unit, period: Period, codes: list[str] | None = None) -> Board:
    """The dashboard of `unit` (already checked in scope) for `period`."""
    codes = codes or list(indicators.REGISTRY)
    above = unit.parent if unit.parent_id and unit.level != Unit.Level.NATIONAL else None
    children = children_of(unit)
    years = list(range(period.year - TREND_YEARS + 1, period.year + 1))
    # One snapshot read for the period and the trend years; what it lacks is computed live.
    trend_codes = [c for c in codes if not indicators.REGISTRY[c].current_only]
    found_all = indicators.values_many(
        [
            (codes, [unit, *([above] if above else []), *children], period),
            *((trend_codes, [unit], year(y)) for y in years),
        ]
    )
    now = found_all[0].values
    by_year = {y: f.values for y, f in zip(years, found_all[1:], strict=True)}
    sections = []
    for section, label, members in indicators.by_section():
        lines = []
        for indicator in members:
            if indicator.code not in now:
                continue
            found = now[indicator.code]
            trend = [] if indicator.current_only else [by_year[y][indicator.code][unit.pk] for y in years]
            lines.append(
                Line(
                    indicator,
                    found[unit.pk],
                    found[above.pk] if above else None,
                    trend,
                    [found[c.pk] for c in children],
                )
            )
        if lines:
            sections.append((section, str(label), lines))
    return Board(
        unit,
        period,
        above,
        children,
        years,
        sections,
        found_all[0].refreshed_at,
        awards_by_form(unit, above, period),
    )


def awards_by_form(unit: Unit, above: Unit | None, period: Period) -> list[tuple[str, int, int | None]]:
    """Collectives and individuals commended in the period per form, most first, with the level above."""
    found = indicators.award_counts([unit, *([above] if above else [])], period)
    here: dict[str, int] = found.get(unit.pk, {}).get("by_form", {})
    there: dict[str, int] = found.get(above.pk, {}).get("by_form", {}) if above else {}
    forms = sorted(set(here) | set(there), key=lambda f: (-here.get(f, 0), -there.get(f, 0), f))
    return [(f, here.get(f, 0), there.get(f, 0) if above else None) for f in forms]
