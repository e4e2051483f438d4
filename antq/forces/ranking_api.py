"""Ranking API: read a commune's ranking of a year, propose levels, record the decision, reopen.

Reads need the commune in scope (else 404); member names only for the police. Writes need
`can_manage_forces` (else 404) and call the pages' actions (a domain refusal → 400).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from antq.accounts.api import api_user
from antq.forces import ranking_actions, ranking_queries
from antq.forces.api import ERRORS, ISO, _commune, _managed
from antq.forces.permissions import can_see_personal_data

router = Router()


class ViolationOut(Schema):
    code: str
    message: str
    team_id: int | None
    membership_id: int | None


class CheckOut(Schema):
    code: str
    text: str
    met: bool
    computed: bool
    detail: str
    needs_verification: bool


class MemberRankOut(Schema):
    membership_id: int
    full_name: str
    role: str
    level: str
    not_evaluated_reason: str
    acting_leader: bool


class TeamRankOut(Schema):
    team_id: int
    name: str
    level: str
    not_evaluated_reason: str
    tasks_assigned: int
    tasks_done: int
    checklist: list[CheckOut]
    members: list[MemberRankOut] | None = Field(None, description="null khi không được xem dữ liệu cá nhân.")


class RankingOut(Schema):
    commune_code: str
    year: int
    status: str
    period_start: dt.date | None = Field(None, description=ISO)
    period_end: dt.date | None = Field(None, description=ISO)
    decision_number: str
    decided_on: dt.date | None = Field(None, description=ISO)
    signer_name: str
    excellent_cap_teams: int
    excellent_cap_members: int
    team_counts: dict[str, int]
    member_counts: dict[str, int]
    violations: list[ViolationOut]
    teams: list[TeamRankOut]


class TeamProposalIn(Schema):
    team_id: int = Field(..., ge=1)
    level: str = Field("", description="excellent | good | completed | not_completed | ''")
    criteria_met: list[Annotated[str, Field(max_length=10)]] = []
    under_complaint: bool = False


class MemberProposalIn(Schema):
    membership_id: int = Field(..., ge=1)
    level: str = ""
    criteria_met: list[Annotated[str, Field(max_length=10)]] = []
    under_complaint: bool = False
    leader_exception: Annotated[str, Field(max_length=500)] = ""


class ProposalsIn(Schema):
    teams: list[TeamProposalIn] = []
    members: list[MemberProposalIn] = []


class DecisionIn(Schema):
    number: int = Field(..., ge=1, le=999_999)
    symbol: Annotated[str, Field(min_length=1, max_length=30)] = ranking_actions.DEFAULT_SYMBOL
    decided_on: dt.date = Field(..., description=ISO)
    signer_name: Annotated[str, Field(min_length=1, max_length=150)]
    signer_title: Annotated[str, Field(max_length=150)] = ""


class ReopenIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=500)]


def _year(year: int) -> int:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


def _out(request: HttpRequest, board: ranking_queries.Board) -> dict[str, Any]:
    personal = can_see_personal_data(api_user(request), board.commune)
    ranking = board.ranking
    return {
        "commune_code": board.commune.key,
        "year": board.year,
        "status": ranking.status if ranking else "draft",
        "period_start": board.period[0] if board.period else None,
        "period_end": board.period[1] if board.period else None,
        "decision_number": ranking.display_number if ranking else "",
        "decided_on": ranking.decided_on if ranking else None,
        "signer_name": ranking.signer_name if ranking else "",
        "excellent_cap_teams": board.team_cap,
        "excellent_cap_members": board.member_cap,
        "team_counts": board.team_counts,
        "member_counts": board.member_counts,
        "violations": [
            {"code": v.code, "message": v.message, "team_id": v.team_id, "membership_id": v.membership_id}
            for v in board.violations
            # Messages name members: the police only.
            if personal or v.membership_id is None
        ],
        "teams": [
            {
                "team_id": r.team.pk,
                "name": r.team.name,
                "level": r.level,
                "not_evaluated_reason": r.reason,
                "tasks_assigned": r.assigned,
                "tasks_done": r.done,
                "checklist": [
                    {
                        "code": c.criterion.code,
                        "text": c.criterion.text,
                        "met": c.met,
                        "computed": c.computed,
                        "detail": c.detail,
                        "needs_verification": c.criterion.needs_verification,
                    }
                    for c in r.checklist
                ],
                "members": [
                    {
                        "membership_id": m.membership.pk,
                        "full_name": m.membership.person.full_name,
                        "role": m.membership.role,
                        "level": m.level,
                        "not_evaluated_reason": m.reason,
                        "acting_leader": m.acting_leader,
                    }
                    for m in r.members
                ]
                if personal
                else None,
            }
            for r in board.teams
        ],
    }


@router.get(
    "/communes/{code}/ranking/{year}",
    response={200: RankingOut, **ERRORS},
    summary="Xếp loại tổ bảo vệ ANTT và thành viên của một xã trong một năm",
)
def get_ranking(request: HttpRequest, code: str, year: int) -> dict[str, Any]:
    commune = _commune(request, code)
    return _out(request, ranking_queries.board(commune, _year(year)))


@router.post(
    "/communes/{code}/ranking/{year}/proposals",
    response={200: RankingOut, **ERRORS},
    summary="Đề xuất mức xếp loại cho tổ, thành viên",
)
def propose(request: HttpRequest, payload: ProposalsIn, code: str, year: int) -> dict[str, Any]:
    commune = _commune(request, code)
    _managed(request, commune)
    year = _year(year)
    ranking_actions.propose_ranking(
        commune,
        year,
        by=api_user(request),
        teams={
            t.team_id: ranking_actions.TeamProposal(t.level, list(t.criteria_met), t.under_complaint)
            for t in payload.teams
        },
        members={
            m.membership_id: ranking_actions.MemberProposal(
                m.level, list(m.criteria_met), m.under_complaint, m.leader_exception
            )
            for m in payload.members
        },
    )
    return _out(request, ranking_queries.board(commune, year))


@router.post(
    "/communes/{code}/ranking/{year}/decision",
    response={200: RankingOut, **ERRORS},
    summary="Ghi nhận quyết định xếp loại của Chủ tịch UBND cấp xã (từ chối khi còn vi phạm)",
)
def decide(request: HttpRequest, payload: DecisionIn, code: str, year: int) -> dict[str, Any]:
    commune = _commune(request, code)
    _managed(request, commune)
    year = _year(year)
    ranking_actions.record_ranking_decision(commune, year, by=api_user(request), **payload.dict())
    return _out(request, ranking_queries.board(commune, year))


@router.post(
    "/communes/{code}/ranking/{year}/reopen",
    response={200: RankingOut, **ERRORS},
    summary="Mở lại kết quả xếp loại đã có quyết định (có lý do)",
)
def reopen(request: HttpRequest, payload: ReopenIn, code: str, year: int) -> dict[str, Any]:
    commune = _commune(request, code)
    _managed(request, commune)
    year = _year(year)
    ranking_actions.reopen_ranking(commune, year, by=api_user(request), reason=payload.reason)
    return _out(request, ranking_queries.board(commune, year))
