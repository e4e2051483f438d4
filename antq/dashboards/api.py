"""Dashboards API: the same movement summary as the "Tổng hợp phong trào" page (read only).

A unit outside scope answers 404; a malformed period answers 400 with the Vietnamese message.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.dashboards import queries
from antq.practices.rules import Period, parse_period, year

router = Router()

PERIOD = "Kỳ: năm (2026), quý (2026-Q3) hoặc tháng (2026-07); mặc định năm nay."


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
            _("Kỳ “%(text)s” không hợp lệ: dùng 2026, 2026-Q3 hoặc 2026-07.") % {"text": text[:20]}
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
