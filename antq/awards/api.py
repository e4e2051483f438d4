"""Commendation API: forms, a unit's proposals, review and decision, medal eligibility.

Reads start from `visible_to` (else 404). Writes need the acting unit's permission (else 404) and call
the pages' actions: a domain refusal (a level that may not award the form, a malformed decision
number, a second medal for a person, …) answers 400 with the Vietnamese message. Dates are ISO 8601.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.awards import actions, queries
from antq.awards.models import AwardForm, Proposal
from antq.awards.permissions import can_act_for, can_decide, can_review
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.units.models import Unit

router = Router()

ERRORS = ERROR_RESPONSES
DB_INT_MAX = 2_147_483_647
ID = Path(..., ge=1, le=DB_INT_MAX)
LIST_SIZE = 200


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and has_nul(value):
        raise ValueError(_("Không được chứa ký tự NUL."))
    return value


class FormOut(Schema):
    code: str
    name: str
    level: str
    for_collectives: bool
    for_individuals: bool
    once_per_person: bool
    needs_verification: bool


class NomineeIn(Schema):
    kind: str = Field(..., description="collective | individual")
    name: Annotated[str, Field(min_length=1, max_length=255)]
    position: Annotated[str, Field(max_length=255)] = ""

    _nul = field_validator("kind", "name", "position", mode="before")(_no_nul)


class NomineeOut(Schema):
    kind: str
    name: str
    position: str


class ProposalIn(Schema):
    form_code: Annotated[str, Field(max_length=40)]
    year: int = Field(..., ge=2000, le=2100)
    achievement: Annotated[str, Field(min_length=1, max_length=5000)]
    source_type: str = Field(
        ...,
        description=(
            "assessments.decision | forces.ranking | practices.example | festival.event | tips.tip | ad_hoc"
        ),
    )
    source_id: int | None = Field(None, ge=1, le=DB_INT_MAX)
    consent_ref: Annotated[str, Field(max_length=255)] = Field(
        "", description="văn bản đồng ý của người tố giác (bắt buộc với nguồn tips.tip)"
    )
    nominees: Annotated[list[NomineeIn], Field(max_length=500)]

    _nul = field_validator("form_code", "achievement", "source_type", "consent_ref", mode="before")(_no_nul)


class ProposalOut(Schema):
    id: int
    proposer_code: str
    reviewer_code: str
    form_code: str
    year: int
    status: str
    achievement: str
    source_type: str
    source_id: int | None
    review_note: str
    decision_number: str | None
    nominees: list[NomineeOut]


class ReviewIn(Schema):
    verb: str = Field(..., description="review | reject | raise")
    note: Annotated[str, Field(max_length=2000)] = ""
    form_code: Annotated[str, Field(max_length=40)] = Field("", description="hình thức cao hơn (khi raise)")

    _nul = field_validator("verb", "note", "form_code", mode="before")(_no_nul)


class DecisionIn(Schema):
    number: Annotated[str, Field(min_length=1, max_length=80)]
    issued_on: dt.date
    signer_name: Annotated[str, Field(min_length=1, max_length=150)]
    signer_title: Annotated[str, Field(min_length=1, max_length=150)]
    place: Annotated[str, Field(min_length=1, max_length=100)]

    _nul = field_validator("number", "signer_name", "signer_title", "place", mode="before")(_no_nul)


class ManyDecisionIn(DecisionIn):
    proposal_ids: Annotated[
        list[Annotated[int, Field(ge=1, le=DB_INT_MAX)]], Field(min_length=1, max_length=500)
    ]


class DecisionOut(Schema):
    id: int
    number: str
    issued_on: dt.date
    form_code: str
    proposal_ids: list[int]


class LeaderEligibilityOut(Schema):
    leader_id: int
    full_name: str
    position: str
    eligible: bool
    service_days: int
    required_days: int
    reasons: list[str]


class EligibilityOut(Schema):
    person_id: int
    full_name: str
    team: str
    eligible: bool
    service_days: int
    required_days: int
    reasons: list[str]


def _out(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "proposer_code": proposal.proposer.key,
        "reviewer_code": proposal.reviewer.key,
        "form_code": proposal.form.code,
        "year": proposal.year,
        "status": proposal.status,
        "achievement": proposal.achievement,
        "source_type": proposal.source_type,
        "source_id": proposal.source_id,
        "review_note": proposal.review_note,
        "decision_number": proposal.decision.number if proposal.decision else None,
        "nominees": [
            {"kind": n.kind, "name": n.name, "position": n.position} for n in proposal.nominees.all()
        ],
    }


def _unit(request: HttpRequest, code: str) -> Unit:
    if len(code) > 20 or has_nul(code):
        raise Http404
    unit = Unit.objects.visible_to(api_user(request)).filter(key=code, is_legacy=False).first()
    if unit is None or unit.level == Unit.Level.DISTRICT:
        raise Http404
    return unit


def _proposal(request: HttpRequest, proposal_id: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.visible_to(api_user(request)).select_related(
            "form", "proposer", "reviewer", "decision"
        ),
        pk=proposal_id,
    )


def _form(code: str) -> AwardForm:
    form = AwardForm.objects.filter(code=code).first()
    if form is None:
        raise DomainError(_("Không có hình thức khen thưởng này."))
    return form


@router.get("/forms", response={200: list[FormOut], **ERRORS}, summary="Hình thức khen thưởng")
def list_forms(request: HttpRequest) -> Any:
    return list(AwardForm.objects.all())


@router.get(
    "/units/{code}/proposals", response={200: list[ProposalOut], **ERRORS}, summary="Đề nghị của một đơn vị"
)
def list_proposals(request: HttpRequest, code: str) -> Any:
    unit = _unit(request, code)
    proposals = (
        Proposal.objects.visible_to(api_user(request))
        .filter(proposer=unit)
        .select_related("form", "proposer", "reviewer", "decision")
        .prefetch_related("nominees")[:LIST_SIZE]
    )
    return [_out(p) for p in proposals]


@router.post(
    "/units/{code}/proposals", response={201: ProposalOut, **ERRORS}, summary="Lập đề nghị khen thưởng"
)
def create_proposal(request: HttpRequest, payload: ProposalIn, code: str) -> Status[dict[str, Any]]:
    unit = _unit(request, code)
    user = api_user(request)
    if not can_act_for(user, unit):
        raise Http404
    nominees = [actions.NomineeInput(n.kind, n.name, n.position) for n in payload.nominees]
    if any(n.kind not in ("collective", "individual") for n in nominees):
        raise DomainError(_("Đối tượng phải là tập thể hoặc cá nhân."))
    proposal = actions.propose(
        unit,
        by=user,
        form=_form(payload.form_code),
        year=payload.year,
        achievement=payload.achievement,
        source_type=payload.source_type,
        source_id=payload.source_id,
        consent_ref=payload.consent_ref,
        nominees=nominees,
    )
    return Status(201, _out(_proposal(request, proposal.pk)))


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS}, summary="Một đề nghị")
def get_proposal(request: HttpRequest, proposal_id: int = ID) -> dict[str, Any]:
    return _out(_proposal(request, proposal_id))


@router.post(
    "/proposals/{proposal_id}/review",
    response={200: ProposalOut, **ERRORS},
    summary="Thẩm định: đủ điều kiện, không đủ điều kiện, nâng mức khen",
)
def review(request: HttpRequest, payload: ReviewIn, proposal_id: int = ID) -> dict[str, Any]:
    proposal = _proposal(request, proposal_id)
    user = api_user(request)
    if not can_act_for(user, proposal.reviewer):
        raise Http404
    if not can_review(user, proposal):
        raise DomainError(_("Đề nghị đang ở trạng thái này không thể thực hiện thao tác đã chọn."))
    if payload.verb == "review":
        actions.review(proposal, by=user, note=payload.note)
    elif payload.verb == "reject":
        actions.refuse(proposal, by=user, note=payload.note)
    elif payload.verb == "raise":
        actions.raise_form(proposal, by=user, form=_form(payload.form_code), note=payload.note)
    else:
        raise DomainError(_("Thao tác phải là review, reject hoặc raise."))
    return _out(_proposal(request, proposal_id))


@router.post(
    "/proposals/{proposal_id}/decision",
    response={201: ProposalOut, **ERRORS},
    summary="Ban hành quyết định khen thưởng",
)
def decide(request: HttpRequest, payload: DecisionIn, proposal_id: int = ID) -> Status[dict[str, Any]]:
    proposal = _proposal(request, proposal_id)
    user = api_user(request)
    if not can_act_for(user, proposal.reviewer):
        raise Http404
    if not can_decide(user, proposal):
        raise DomainError(_("Chỉ quyết định khen thưởng đề nghị đã thẩm định."))
    actions.decide(
        [proposal],
        by=user,
        issuer=proposal.reviewer,
        number_text=payload.number,
        issued_on=payload.issued_on,
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
        place=payload.place,
    )
    return Status(201, _out(_proposal(request, proposal_id)))


@router.get(
    "/units/{code}/medal-eligibility",
    response={200: list[EligibilityOut], **ERRORS},
    summary="Xét tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
)
def medal_eligibility(request: HttpRequest, code: str) -> Any:
    unit = _unit(request, code)
    if not can_act_for(api_user(request), unit):
        raise Http404  # personal data of the force: the police only
    return [
        {
            "person_id": row.record.person.pk,
            "full_name": row.record.person.full_name,
            "team": row.record.team_name,
            "eligible": row.check.eligible,
            "service_days": row.check.service_days,
            "required_days": row.check.required_days,
            "reasons": row.check.reasons,
        }
        for row in queries.medal_rows(unit, on=timezone.localdate())
    ]


@router.post(
    "/units/{code}/decisions",
    response={201: DecisionOut, **ERRORS},
    summary="Ban hành một quyết định khen thưởng cho nhiều đề nghị đã thẩm định",
)
def decide_many(request: HttpRequest, payload: ManyDecisionIn, code: str) -> Status[dict[str, Any]]:
    unit = _unit(request, code)
    user = api_user(request)
    if not can_act_for(user, unit):
        raise Http404
    ids = set(payload.proposal_ids)
    chosen = list(Proposal.objects.visible_to(user).filter(pk__in=ids, reviewer=unit))
    if len(chosen) != len(ids):
        raise DomainError(_("Có đề nghị không thuộc thẩm quyền quyết định của đơn vị này."))
    decision = actions.decide(
        chosen,
        by=user,
        issuer=unit,
        number_text=payload.number,
        issued_on=payload.issued_on,
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
        place=payload.place,
    )
    return Status(
        201,
        {
            "id": decision.pk,
            "number": decision.number,
            "issued_on": decision.issued_on,
            "form_code": decision.form.code,
            "proposal_ids": sorted(p.pk for p in chosen),
        },
    )


@router.get(
    "/units/{code}/leader-eligibility",
    response={200: list[LeaderEligibilityOut], **ERRORS},
    summary="Xét tặng Kỷ niệm chương cho cán bộ lãnh đạo (10 năm giữ chức vụ, đã được khen thưởng)",
)
def leader_eligibility(request: HttpRequest, code: str) -> Any:
    unit = _unit(request, code)
    if not can_act_for(api_user(request), unit):
        raise Http404  # personal files: the police only
    return [
        {
            "leader_id": row.leader.pk,
            "full_name": row.leader.full_name,
            "position": row.leader.position,
            "eligible": row.check.eligible,
            "service_days": row.check.service_days,
            "required_days": row.check.required_days,
            "reasons": row.check.reasons,
        }
        for row in queries.leader_rows(unit, on=timezone.localdate())
    ]
