"""Dashboards API: the same movement summary as the "Tổng hợp phong trào" page (read only).

A unit outside scope answers 404; a malformed period answers 400 with the Vietnamese message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.dashboards import board, indicators, queries
from antq.practices.rules import Period, parse_period, year
from antq.units.models import Unit

router = Router()

PERIOD = "Kỳ: năm (2026), 6 tháng (2026-H1), quý (2026-Q3) hoặc tháng (2026-07); mặc định năm nay."


class UnitOut(Schema):
    key: str
    name: str
    level: str


class LineOut(Schema):
    code: str
    label: str
    current: float
    previous: float | None
    change: float | None
    change_percent: float | None


class SectionOut(Schema):
    code: str
    title: str
    lines: list[LineOut]


class ChildOut(Schema):
    key: str
    name: str
    committee_consolidated: bool
    documents: int
    tasks: int
    tasks_done: int
    tasks_overdue: int
    tasks_percent: float
    national_programmes_deployed: int
    models: int
    points: int
    examples: int
    activities: int


class SummaryOut(Schema):
    unit: UnitOut
    period: str
    previous: str
    sections: list[SectionOut]
    children: list[ChildOut]


def _period(text: str | None) -> Period:
    today = timezone.localdate()
    if not text:
        return year(today.year)
    period = parse_period(text, today=today)
    if period is None:
        raise DomainError(
            _("Kỳ “%(text)s” không hợp lệ: dùng 2026, 2026-H1, 2026-Q3 hoặc 2026-07.") % {"text": text[:20]}
        )
    return period


@router.get("/summary/{key}", response={200: SummaryOut, **ERROR_RESPONSES}, summary="Tổng hợp phong trào")
def get_summary(
    request: HttpRequest, key: str, period: str | None = Query(None, description=PERIOD)
) -> dict[str, Any]:
    if len(key) > 20 or has_nul(key):
        raise Http404
    user = api_user(request)
    unit = queries.unit_for_key(user, key)
    return queries.summary(user, unit, _period(period), timezone.localdate()).as_dict()


# --- Indicators (issue 8 §5): any unit, any period, any list of indicators ------------------------


class IndicatorInfoOut(Schema):
    code: str
    label: str
    section: str
    kind: str
    current_only: bool


class IndicatorValueOut(Schema):
    code: str
    label: str
    section: str
    kind: str
    value: float | None
    above: float | None


class IndicatorsOut(Schema):
    unit: UnitOut
    period: str
    refreshed_at: datetime | None = Field(
        None, description="Thời điểm tổng hợp số liệu; null: tính trực tiếp từ dữ liệu gốc."
    )
    above: UnitOut | None
    indicators: list[IndicatorValueOut]
    children: list[dict[str, Any]]


@router.get(
    "/indicators/", response={200: list[IndicatorInfoOut], **ERROR_RESPONSES}, summary="Danh mục chỉ số"
)
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    api_user(request)
    return [
        {
            "code": i.code,
            "label": str(i.label),
            "section": i.section,
            "kind": i.kind,
            "current_only": i.current_only,
        }
        for i in indicators.REGISTRY.values()
    ]


@router.get(
    "/indicators/{key}", response={200: IndicatorsOut, **ERROR_RESPONSES}, summary="Giá trị chỉ số của đơn vị"
)
def get_indicators(
    request: HttpRequest,
    key: str,
    period: str | None = Query(None, description=PERIOD),
    codes: str | None = Query(None, description="Mã chỉ số, cách nhau bởi dấu phẩy; mặc định tất cả."),
    children: bool = Query(False, description="Kèm giá trị của các đơn vị trực thuộc."),
) -> dict[str, Any]:
    if len(key) > 20 or has_nul(key):
        raise Http404
    user = api_user(request)
    unit = board.unit_for_key(user, key)
    chosen = [c.strip() for c in (codes or "").split(",") if c.strip()] or list(indicators.REGISTRY)
    unknown = [c for c in chosen if c not in indicators.REGISTRY]
    if unknown:
        raise DomainError(_("Không có chỉ số “%(code)s”.") % {"code": unknown[0][:60]})
    the_period = _period(period)
    above = unit.parent if unit.parent_id and unit.level != Unit.Level.NATIONAL else None
    below = board.children_of(unit) if children else []
    result = indicators.values_many([(chosen, [unit, *([above] if above else []), *below], the_period)])[0]
    found = result.values

    def number(value: Any) -> float | None:
        return None if value is None else float(value)

    return {
        "unit": {"key": unit.key, "name": unit.name, "level": unit.level},
        "period": the_period.key,
        "refreshed_at": result.refreshed_at,
        "above": {"key": above.key, "name": above.name, "level": above.level} if above else None,
        "indicators": [
            {
                "code": code,
                "label": str(indicators.REGISTRY[code].label),
                "section": indicators.REGISTRY[code].section,
                "kind": indicators.REGISTRY[code].kind,
                "value": number(found[code][unit.pk]),
                "above": number(found[code][above.pk]) if above else None,
            }
            for code in chosen
        ],
        "children": [
            {"key": c.key, "name": c.name, "values": {code: number(found[code][c.pk]) for code in chosen}}
            for c in below
        ],
    }
