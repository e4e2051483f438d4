"""The tile-grid map of the 34 provinces and the heat table of a province's communes (no tiles, no
boundary files: each province is one square placed by data/province_grid.json)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from antq.dashboards import indicators, rules
from antq.dashboards.indicators import Indicator
from antq.practices.rules import Period
from antq.units.models import Unit, user_paths

GRID_FILE = Path(__file__).parent / "data" / "province_grid.json"
TILE = 64  # px, one square of the SVG


@cache
def grid() -> dict[str, tuple[int, int]]:
    """Province code → (row, column) of its square."""
    tiles = json.loads(GRID_FILE.read_text(encoding="utf-8"))["tiles"]
    return {code: (int(rc[0]), int(rc[1])) for code, rc in tiles.items()}


@dataclass
class Tile:
    unit: Unit
    row: int
    col: int
    value: indicators.Value
    heat: int | None
    visible: bool  # in the user's scope: value shown and linked

    @property
    def x(self) -> int:
        return self.col * TILE

    @property
    def y(self) -> int:
        return self.row * TILE

    @property
    def short(self) -> str:
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.unit.name.startswith(prefix):
                return self.unit.name[len(prefix) :]
        return self.unit.name


@dataclass
class Legend:
    heat: int
    low: Decimal | None
    high: Decimal


@dataclass
class TileMap:
    indicator: Indicator
    period: Period
    tiles: list[Tile]
    legend: list[Legend]
    width: int
    height: int
    refreshed_at: dt.datetime | None = None  # None: computed live


def legend_of(breaks: list[Decimal]) -> list[Legend]:
    out = []
    low: Decimal | None = None
    for i, high in enumerate(breaks):
        out.append(Legend(i if len(breaks) > 1 else rules.HEAT_CLASSES - 1, low, high))
        low = high
    return out


def in_scope(user: Any, unit: Unit) -> bool:
    paths = user_paths(user)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def province_map(user: Any, indicator: Indicator, period: Period) -> TileMap:
    """Every province as a square coloured by `indicator`; provinces outside scope stay grey, no value."""
    places = grid()
    provinces = [
        p
        for p in Unit.objects.current().filter(level=Unit.Level.PROVINCE).order_by("code")
        if p.code in places
    ]
    visible = [p for p in provinces if in_scope(user, p)]
    found: indicators.Values = {}
    refreshed_at = None
    if visible:
        result = indicators.values_many([([indicator.code], visible, period)])[0]
        found, refreshed_at = result.values[indicator.code], result.refreshed_at
    breaks = rules.heat_breaks(list(found.values()))
    tiles = []
    for p in provinces:
        row, col = places[p.code]
        value = found.get(p.pk)
        shown = p.pk in found
        tiles.append(Tile(p, row, col, value, rules.heat_class(value, breaks) if shown else None, shown))
    rows = max((t.row for t in tiles), default=0) + 1
    cols = max((t.col for t in tiles), default=0) + 1
    return TileMap(indicator, period, tiles, legend_of(breaks), cols * TILE, rows * TILE, refreshed_at)


@dataclass
class HeatRow:
    unit: Unit
    value: indicators.Value
    heat: int | None


def heat_table(
    children: list[Unit], line_values: list[indicators.Value]
) -> tuple[list[HeatRow], list[Legend]]:
    """The units below sorted by value (highest first, unknown last) with their heat class."""
    breaks = rules.heat_breaks(line_values)
    rows = [HeatRow(c, v, rules.heat_class(v, breaks)) for c, v in zip(children, line_values, strict=True)]
    rows.sort(key=lambda r: (r.value is None, -(r.value or 0), r.unit.name_folded))
    return rows, legend_of(breaks)
