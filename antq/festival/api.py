"""Festival API: campaigns, a unit's roll-up, events and their results.

Reads start from each model's `visible_to` (else 404). Writes need the acting unit's permission
(else 404) and call the pages' actions: a domain refusal (date outside the window, negative count,
result before the event, …) answers 400 with the Vietnamese message; bad parameters 422; no token
401. Dates are ISO 8601 (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.awards.actions import NomineeInput
from antq.awards.models import AwardForm
from antq.awards.models import Decision as AwardDecision
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.festival import actions, queries
from antq.festival.models import RESULT_COUNTS, Campaign, Event, EventResult
from antq.festival.permissions import can_act_for, can_manage_event
from antq.units.models import Organisation, ResidentialArea, Unit

router = Router()

ERRORS = ERROR_RESPONSES
ISO = "Ngày theo ISO 8601 (YYYY-MM-DD)."
DB_INT_MAX = 2_147_483_647
ID = Path(..., ge=1, le=DB_INT_MAX)
COUNT = Annotated[int, Field(ge=-DB_INT_MAX, le=10**13)]


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and has_nul(value):
        raise ValueError(_("Không được chứa ký tự NUL."))
    if isinstance(value, list):
        for item in value:
            _no_nul(item)
    return value


class CampaignIn(Schema):
    year: int = Field(..., ge=2005, le=2100)
    theme: Annotated[str, Field(min_length=1, max_length=500)]
    plan_number: Annotated[str, Field(min_length=1, max_length=80)] = Field(
        ..., description="số, ký hiệu (NĐ 30/2020)"
    )
    start_date: dt.date | None = Field(None, description=ISO + " Trống: theo quy định chung.")
    end_date: dt.date | None = Field(None, description=ISO)
    report_due: dt.date | None = Field(None, description=ISO)

    _nul = field_validator("theme", "plan_number", mode="before")(_no_nul)


class CampaignOut(Schema):
    id: int
    province_code: str
    province_name: str
    year: int
    theme: str
    plan_number: str
    start_date: dt.date = Field(..., description=ISO)
    end_date: dt.date = Field(..., description=ISO)
    report_due: dt.date = Field(..., description=ISO)


class EventIn(Schema):
    host_type: str = Field(..., description="area | commune | organisation")
    area_id: int | None = Field(None, ge=1, le=DB_INT_MAX)
    organisation_id: int | None = Field(None, ge=1, le=DB_INT_MAX)
    date: dt.date = Field(..., description=ISO)
    venue: Annotated[str, Field(min_length=1, max_length=255)]
    ceremony_items: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=50)] = []
    festivity_items: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=50)] = []
    extra_items: Annotated[list[Annotated[str, Field(max_length=255)]], Field(max_length=50)] = []
    guests: Annotated[list[Annotated[str, Field(max_length=255)]], Field(max_length=50)] = []
    budget_vnd: int = Field(0, ge=-DB_INT_MAX, le=10**13)
    is_anniversary_ceremony: bool = False
    is_pilot_point: bool = False

    _nul = field_validator("host_type", "venue", "extra_items", "guests", mode="before")(_no_nul)


class ResultOut(Schema):
    reported_on: dt.date = Field(..., description=ISO)
    counts: dict[str, int]
    note: str


class CommendationOut(Schema):
    form: str
    names: list[str]
    state: str
    proposal_id: int | None
    decision_id: int | None
    decision: str


class EventOut(Schema):
    id: int
    campaign_id: int
    commune_code: str
    host_type: str
    host_name: str
    date: dt.date = Field(..., description=ISO)
    venue: str
    ceremony_items: list[str]
    festivity_items: list[str]
    extra_items: list[str]
    guests: list[str]
    budget_vnd: int
    is_anniversary_ceremony: bool
    is_pilot_point: bool
    result: ResultOut | None
    commendations: list[CommendationOut] = []
    warnings: list[str] = []


class NomineeIn(Schema):
    kind: str = Field(..., description="collective | individual")
    name: Annotated[str, Field(min_length=1, max_length=255)]
    position: Annotated[str, Field(max_length=255)] = ""

    _nul = field_validator("kind", "name", "position", mode="before")(_no_nul)


class CommendationIn(Schema):
    form_code: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        ..., description="mã hình thức khen thưởng, ví dụ certificate_of_merit"
    )
    achievement: Annotated[str, Field(min_length=1, max_length=5000)]
    nominees: Annotated[list[NomineeIn], Field(max_length=50)]

    _nul = field_validator("form_code", "achievement", mode="before")(_no_nul)


class DecisionLinkIn(Schema):
    decision_id: int = Field(..., ge=1, le=DB_INT_MAX)


class ResultIn(Schema):
    reported_on: dt.date = Field(..., description=ISO)
    counts: dict[str, COUNT] = Field(default_factory=dict, description=", ".join(RESULT_COUNTS))
    note: Annotated[str, Field(max_length=5000)] = ""

    _nul = field_validator("note", mode="before")(_no_nul)


class UnitRowOut(Schema):
    unit_code: str
    unit_name: str
    points: int
    reported: int
    participants: int
    areas_total: int
    areas_held: int
    coverage_percent: float | None


class RollupOut(Schema):
    unit_code: str
    points_by_host: dict[str, int]
    points: int
    reported: int
    areas_total: int
    areas_held: int
    coverage_percent: float | None
    sums: dict[str, int]
    not_reported_ids: list[int]
    as_of: dt.date | None = Field(None, description=ISO + " Khu dân cư đã tổ chức tính đến ngày này.")
    pilot_points: int = 0
    units: list[UnitRowOut] = []


def _campaign_out(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "province_code": c.province.key,
        "province_name": c.province.name,
        "year": c.year,
        "theme": c.theme,
        "plan_number": c.plan_number,
        "start_date": c.start_date,
        "end_date": c.end_date,
        "report_due": c.report_due,
    }


def _result_out(r: EventResult | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"reported_on": r.reported_on, "counts": {n: getattr(r, n) for n in RESULT_COUNTS}, "note": r.note}


def _rollup_out(unit: Unit, r: queries.Rollup) -> dict[str, Any]:
    return {
        "unit_code": unit.key,
        "points_by_host": r.points_by_host,
        "points": r.points,
        "reported": r.reported,
        "areas_total": r.areas_total,
        "areas_held": r.areas_held,
        "coverage_percent": r.coverage,
        "sums": r.sums,
        "not_reported_ids": [e.pk for e in r.not_reported],
        "as_of": r.as_of,
        "pilot_points": r.pilot_points,
        "units": [
            {
                "unit_code": row["commune__key"],
                "unit_name": row["commune__name"],
                "points": row["n"],
                "reported": row["done"],
                "participants": row["participants"] or 0,
                "areas_total": row["areas_total"],
                "areas_held": row["areas_held"],
                "coverage_percent": row["coverage"],
            }
            for row in r.by_commune
        ],
    }


def _event_out(e: Event, warnings: list[str] | None = None, user: Any = None) -> dict[str, Any]:
    return {
        "id": e.pk,
        "campaign_id": e.campaign_id,
        "commune_code": e.commune.key,
        "host_type": e.host_type,
        "host_name": e.host_name,
        "date": e.date,
        "venue": e.venue,
        "ceremony_items": e.ceremony_items,
        "festivity_items": e.festivity_items,
        "extra_items": e.extra_items,
        "guests": e.guests,
        "budget_vnd": e.budget_vnd,
        "is_anniversary_ceremony": e.is_anniversary_ceremony,
        "is_pilot_point": e.is_pilot_point,
        "result": _result_out(EventResult.objects.filter(event=e).first()),
        "commendations": [
            {
                "form": c.form,
                "names": c.names,
                "state": c.state,
                "proposal_id": c.proposal_id,
                "decision_id": c.decision_id,
                "decision": c.decision_label,
            }
            for c in (queries.event_commendations(e, user) if user is not None else [])
        ],
        "warnings": warnings or [],
    }


def _visible_unit(request: HttpRequest, code: str) -> Unit:
    if len(code) > 20 or has_nul(code):
        raise Http404
    unit = get_object_or_404(Unit.objects.visible_to(api_user(request)), key=code)
    if unit.is_legacy:
        raise Http404
    return unit


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.visible_to(api_user(request)).select_related("province"), pk=campaign_id
    )


@router.post(
    "/units/{code}/campaigns", response={201: CampaignOut, **ERRORS}, summary="Lập kế hoạch Ngày hội của tỉnh"
)
def create_campaign(request: HttpRequest, payload: CampaignIn, code: str) -> Status[dict[str, Any]]:
    user = api_user(request)
    province = _visible_unit(request, code)
    if province.level != Unit.Level.PROVINCE or not can_act_for(user, province):
        raise Http404
    made = actions.create_campaign(province, by=user, **payload.dict())
    return Status(201, _campaign_out(made))


@router.get("/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="Kế hoạch Ngày hội")
def campaign(request: HttpRequest, campaign_id: int = ID) -> dict[str, Any]:
    return _campaign_out(_campaign(request, campaign_id))


@router.get(
    "/campaigns/{campaign_id}/units/{code}/rollup",
    response={200: RollupOut, **ERRORS},
    summary="Tổng hợp kết quả Ngày hội của tỉnh hoặc xã",
)
def rollup(
    request: HttpRequest, code: str, campaign_id: int = ID, as_of: dt.date | None = None
) -> dict[str, Any]:
    found = _campaign(request, campaign_id)
    unit = _visible_unit(request, code)
    if unit.level not in (Unit.Level.PROVINCE, Unit.Level.COMMUNE) or not unit.path.startswith(
        found.province.path
    ):
        raise Http404
    return _rollup_out(unit, queries.rollup(found, unit, as_of=as_of))


@router.get(
    "/years/{year}/units/{code}/rollup",
    response={200: RollupOut, **ERRORS},
    summary="Tổng hợp kết quả Ngày hội của một năm: toàn quốc theo tỉnh, tỉnh theo xã, hoặc một xã",
)
def year_rollup(
    request: HttpRequest, code: str, year: int = Path(..., ge=2005, le=2100), as_of: dt.date | None = None
) -> dict[str, Any]:
    unit = _visible_unit(request, code)
    if unit.level == Unit.Level.DISTRICT:
        raise Http404
    return _rollup_out(unit, queries.year_rollup(year, unit, as_of=as_of))


@router.post(
    "/campaigns/{campaign_id}/units/{code}/events",
    response={201: EventOut, **ERRORS},
    summary="Đăng ký điểm tổ chức Ngày hội của xã",
)
def create_event(
    request: HttpRequest, payload: EventIn, code: str, campaign_id: int = ID
) -> Status[dict[str, Any]]:
    user = api_user(request)
    found = _campaign(request, campaign_id)
    commune = _visible_unit(request, code)
    if commune.level != Unit.Level.COMMUNE or not commune.path.startswith(found.province.path):
        raise Http404
    if not can_act_for(user, commune):
        raise Http404
    area = ResidentialArea.objects.filter(pk=payload.area_id).first() if payload.area_id else None
    organisation = (
        Organisation.objects.filter(pk=payload.organisation_id).first() if payload.organisation_id else None
    )
    event, warnings = actions.plan_event(
        found,
        commune,
        by=user,
        data=actions.EventInput(
            host_type=payload.host_type,
            area=area,
            organisation=organisation,
            date=payload.date,
            venue=payload.venue,
            ceremony_items=payload.ceremony_items,
            festivity_items=payload.festivity_items,
            extra_items=payload.extra_items,
            guests=payload.guests,
            budget_vnd=payload.budget_vnd,
            is_anniversary_ceremony=payload.is_anniversary_ceremony,
            is_pilot_point=payload.is_pilot_point,
        ),
    )
    return Status(201, _event_out(event, warnings))


def _event(request: HttpRequest, event_id: int) -> Event:
    return get_object_or_404(
        Event.objects.visible_to(api_user(request)).select_related("commune", "area", "organisation"),
        pk=event_id,
    )


@router.get("/events/{event_id}", response={200: EventOut, **ERRORS}, summary="Điểm tổ chức Ngày hội")
def event(request: HttpRequest, event_id: int = ID) -> dict[str, Any]:
    return _event_out(_event(request, event_id), user=api_user(request))


@router.put(
    "/events/{event_id}/result", response={200: EventOut, **ERRORS}, summary="Báo cáo kết quả điểm Ngày hội"
)
def report_result(request: HttpRequest, payload: ResultIn, event_id: int = ID) -> dict[str, Any]:
    user = api_user(request)
    found = _event(request, event_id)
    if not can_manage_event(user, found):
        raise Http404
    actions.report_result(
        found, by=user, reported_on=payload.reported_on, counts=payload.counts, note=payload.note
    )
    return _event_out(found, user=user)


def _managed_event(request: HttpRequest, event_id: int) -> Event:
    found = _event(request, event_id)
    if not can_manage_event(api_user(request), found):
        raise Http404
    return found


@router.post(
    "/events/{event_id}/commendations",
    response={201: EventOut, **ERRORS},
    summary="Ghi khen thưởng tại điểm Ngày hội (tạo đề nghị khen thưởng, nguồn: điểm Ngày hội)",
)
def record_commendation(
    request: HttpRequest, payload: CommendationIn, event_id: int = ID
) -> Status[dict[str, Any]]:
    user = api_user(request)
    found = _managed_event(request, event_id)
    form = AwardForm.objects.filter(code=payload.form_code).first()
    if form is None:
        raise DomainError(_("Hình thức khen thưởng không có trong danh mục."))
    actions.record_commendation(
        found,
        by=user,
        form=form,
        achievement=payload.achievement,
        nominees=[NomineeInput(n.kind, n.name, n.position) for n in payload.nominees],
    )
    return Status(201, _event_out(found, user=user))


@router.post(
    "/events/{event_id}/commendation-links",
    response={201: EventOut, **ERRORS},
    summary="Gắn quyết định khen thưởng đã có với điểm Ngày hội",
)
def link_decision(
    request: HttpRequest, payload: DecisionLinkIn, event_id: int = ID
) -> Status[dict[str, Any]]:
    user = api_user(request)
    found = _managed_event(request, event_id)
    # Only decisions of the host commune or a unit above it exist for this endpoint (else 404).
    paths = [*found.commune.ancestor_paths(), found.commune.path]
    decision = get_object_or_404(AwardDecision.objects.filter(issuer__path__in=paths), pk=payload.decision_id)
    actions.link_decision(found, by=user, decision=decision)
    return Status(201, _event_out(found, user=user))
