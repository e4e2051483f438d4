"""Periodic reports API: definitions, reports (list, read, generate, submit) and completeness.

Reads start from `Report.objects.visible_to` (else 404); writes need the page's permission (else
404) and call the same actions: a domain refusal (period malformed, already submitted, narrative
missing, …) answers 400 with the Vietnamese message; bad parameters 422; no token 401.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.core.text import has_nul
from antq.reports import actions, permissions, queries
from antq.reports.models import Report, ReportDefinition
from antq.units.models import Unit

router = Router()

ERRORS = ERROR_RESPONSES
DB_INT_MAX = 2_147_483_647
ID = Path(..., ge=1, le=DB_INT_MAX)
LIST_MAX = 200


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and has_nul(value):
        raise ValueError(_("Không được chứa ký tự NUL."))
    if isinstance(value, dict):
        for item in value.values():
            _no_nul(item)
    return value


class SectionOut(Schema):
    id: int
    title: str
    indicator_codes: list[str]
    has_narrative: bool
    appendix: str


class DefinitionOut(Schema):
    code: str
    name: str
    content: str
    reporting_level: str
    receiving_level: str
    receiver_name: str
    period_kind: str
    cutoff_day: int
    due_day: int
    due_months_after: int
    source_code: str | None
    needs_verification: bool
    sections: list[SectionOut]


class ReportOut(Schema):
    id: int
    definition_code: str
    unit_code: str
    unit_name: str
    period: str
    data_from: dt.date
    data_to: dt.date
    due_on: dt.date
    status: str
    number: str
    issued_on: dt.date | None
    on_time: bool | None
    figures: dict[str, Any]
    narratives: dict[str, str]


class ReportIn(Schema):
    definition_code: Annotated[str, Field(min_length=1, max_length=40)]
    unit_code: Annotated[str, Field(min_length=1, max_length=20)]
    period: Annotated[str, Field(min_length=4, max_length=10)] = Field(
        ..., description="2026-07 (tháng), 2026-Q3 (quý), 2026-H1 (6 tháng), 2026 (năm)"
    )
    narratives: dict[str, Annotated[str, Field(max_length=20000)]] = Field(
        default_factory=dict, description="Nội dung theo mã mục (id của section)"
    )

    _nul = field_validator("definition_code", "unit_code", "period", "narratives", mode="before")(_no_nul)


class SubmitIn(Schema):
    signer_name: Annotated[str, Field(max_length=150)] = ""
    signer_title: Annotated[str, Field(max_length=150)] = ""
    narratives: dict[str, Annotated[str, Field(max_length=20000)]] = Field(default_factory=dict)

    _nul = field_validator("signer_name", "signer_title", "narratives", mode="before")(_no_nul)


class RowOut(Schema):
    unit_code: str
    unit_name: str
    report_id: int | None
    status: str | None
    issued_on: dt.date | None
    state: str


class CompletenessOut(Schema):
    unit_code: str
    definition_code: str
    period: str
    due_on: dt.date
    expected: int
    on_time: int
    late: int
    missing: int
    pending: int
    completeness_percent: float | None
    timeliness_percent: float | None
    rows: list[RowOut]


def _definition_out(d: ReportDefinition) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "content": d.content,
        "reporting_level": d.reporting_level,
        "receiving_level": d.receiving_level,
        "receiver_name": d.receiver_name,
        "period_kind": d.period_kind,
        "cutoff_day": d.cutoff_day,
        "due_day": d.due_day,
        "due_months_after": d.due_months_after,
        "source_code": d.source.code if d.source else None,
        "needs_verification": d.needs_verification,
        "sections": [
            {
                "id": s.pk,
                "title": s.title,
                "indicator_codes": s.indicator_codes,
                "has_narrative": s.has_narrative,
                "appendix": s.appendix,
            }
            for s in d.sections.all()
        ],
    }


def _report_out(r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "definition_code": r.definition.code,
        "unit_code": r.unit.key,
        "unit_name": r.unit.name,
        "period": r.period_key,
        "data_from": r.data_from,
        "data_to": r.data_to,
        "due_on": r.due_on,
        "status": r.status,
        "number": r.display_number,
        "issued_on": r.issued_on,
        "on_time": r.on_time,
        "figures": r.figures,
        "narratives": r.narratives,
    }


def _report(request: HttpRequest, report_id: int) -> Report:
    return get_object_or_404(
        Report.objects.visible_to(api_user(request)).select_related("definition", "unit"), pk=report_id
    )


def _unit(request: HttpRequest, code: str) -> Unit:
    if len(code) > 20 or has_nul(code):
        raise Http404
    unit = get_object_or_404(Unit.objects.visible_to(api_user(request)), key=code)
    if unit.is_legacy:
        raise Http404
    return unit


@router.get("/definitions", response={200: list[DefinitionOut], **ERRORS}, summary="Các loại báo cáo định kỳ")
def definitions(request: HttpRequest) -> list[dict[str, Any]]:
    found = (
        ReportDefinition.objects.filter(is_active=True).select_related("source").prefetch_related("sections")
    )
    return [_definition_out(d) for d in found]


@router.get("/reports", response={200: list[ReportOut], **ERRORS}, summary="Báo cáo định kỳ trong phạm vi")
def reports(
    request: HttpRequest,
    definition: Annotated[str, Field(max_length=40)] = "",
    period: Annotated[str, Field(max_length=10)] = "",
    status: Annotated[str, Field(max_length=10)] = "",
    offset: Annotated[int, Field(ge=0, le=DB_INT_MAX)] = 0,
) -> list[dict[str, Any]]:
    found = Report.objects.visible_to(api_user(request)).select_related("definition", "unit")
    if definition:
        found = found.filter(definition__code=definition)
    if period:
        found = found.filter(period_key=period)
    if status:
        found = found.filter(status=status)
    return [_report_out(r) for r in found.order_by("pk")[offset : offset + LIST_MAX]]


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS}, summary="Một báo cáo định kỳ")
def report(request: HttpRequest, report_id: int = ID) -> dict[str, Any]:
    return _report_out(_report(request, report_id))


@router.post(
    "/reports", response={201: ReportOut, **ERRORS}, summary="Lập báo cáo định kỳ (số liệu lấy từ hệ thống)"
)
def generate(request: HttpRequest, payload: ReportIn) -> Status[dict[str, Any]]:
    user = api_user(request)
    definition = get_object_or_404(ReportDefinition, code=payload.definition_code, is_active=True)
    unit = _unit(request, payload.unit_code)
    if not permissions.can_report(user, definition, unit):
        raise Http404
    # One transaction: a refused narrative leaves no report behind.
    with transaction.atomic():
        made = actions.generate_report(definition, unit, period_key=payload.period, by=user)
        if payload.narratives:
            made = actions.save_narrative(made, by=user, texts=payload.narratives)
    return Status(201, _report_out(made))


@router.post(
    "/reports/{report_id}/submit", response={200: ReportOut, **ERRORS}, summary="Gửi báo cáo định kỳ"
)
def submit(request: HttpRequest, payload: SubmitIn, report_id: int = ID) -> dict[str, Any]:
    user = api_user(request)
    found = _report(request, report_id)
    if not permissions.can_act_for(user, found.unit):
        raise Http404
    with transaction.atomic():
        if payload.narratives:
            found = actions.save_narrative(found, by=user, texts=payload.narratives)
        found = actions.submit_report(
            found, by=user, signer_name=payload.signer_name, signer_title=payload.signer_title
        )
    return _report_out(found)


@router.get(
    "/units/{code}/completeness/{definition}/{period}",
    response={200: CompletenessOut, **ERRORS},
    summary="Tính đầy đủ, đúng hạn của báo cáo đơn vị cấp dưới",
)
def completeness(request: HttpRequest, code: str, definition: str, period: str) -> dict[str, Any]:
    """`period`: 2026-07 (tháng), 2026-Q3 (quý), 2026-H1 (6 tháng), 2026 (năm)."""
    unit = _unit(request, code)
    found = get_object_or_404(ReportDefinition, code=definition[:40])
    definition_period = found.period(period)
    if definition_period is None or not permissions.can_follow(api_user(request), unit):
        raise Http404
    if found.reporting_level == unit.level:
        raise Http404
    data = queries.follow(unit, found, definition_period, timezone.localdate())
    s = data.summary
    return {
        "unit_code": unit.key,
        "definition_code": found.code,
        "period": definition_period.key,
        "due_on": data.due_on,
        "expected": s.expected,
        "on_time": s.on_time,
        "late": s.late,
        "missing": s.missing,
        "pending": s.pending,
        "completeness_percent": s.completeness_percent,
        "timeliness_percent": s.timeliness_percent,
        "rows": [
            {
                "unit_code": row.unit.key,
                "unit_name": row.unit.name,
                "report_id": row.report.pk if row.report else None,
                "status": row.report.status if row.report else None,
                "issued_on": row.report.issued_on if row.report else None,
                "state": row.state,
            }
            for row in data.rows
        ],
    }
