"""Forces API: teams of a commune, a team with its members, and the writes the pages make.

Reads need the commune in scope (else 404). Member lists and personal fields are returned only to
the police (`can_see_personal_data`); others get `members: null` and the counts. Writes need
`can_manage_forces` (else 404) and call the pages' actions (a domain refusal → 400).
Dates are ISO 8601 (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.core.text import has_nul
from antq.forces import actions, queries
from antq.forces.models import Membership, Team, TeamSizeRule
from antq.forces.permissions import can_manage_forces, can_see_personal_data
from antq.units.models import ResidentialArea, Unit

router = Router()

ERRORS = ERROR_RESPONSES
ISO = "Ngày theo ISO 8601 (YYYY-MM-DD)."
DB_INT_MAX = 2_147_483_647
ID = Path(..., ge=1, le=DB_INT_MAX)


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and has_nul(value):
        raise ValueError(_("Không được chứa ký tự NUL."))
    return value


class RoleCountsOut(Schema):
    leader: int
    deputy: int
    member: int
    total: int


class TeamOut(Schema):
    id: int
    name: str
    commune_code: str
    residential_area_id: int
    residential_area_name: str
    decision_number: str
    established_on: dt.date = Field(..., description=ISO)
    status: str
    dissolved_on: dt.date | None = Field(None, description=ISO)
    counts: RoleCountsOut
    size_warnings: list[str]


class ProblemOut(Schema):
    code: str
    message: str
    blocking: bool


class MemberOut(Schema):
    """A member with personal data: returned to the police only."""

    membership_id: int
    person_id: int
    role: str
    joined_on: dt.date = Field(..., description=ISO)
    join_decision_ref: str
    age_exception_decision_ref: str
    full_name: str
    date_of_birth: dt.date = Field(..., description=ISO)
    sex: str
    citizen_id: str
    phone: str
    residence_type: str
    residence_since: dt.date | None = Field(None, description=ISO)
    education_level: str
    health_certificate_on: dt.date | None = Field(None, description=ISO)
    background_check: str
    previous_service: str
    eligibility: list[ProblemOut]


class TeamDetailOut(TeamOut):
    members: list[MemberOut] | None = Field(
        None, description="null khi người dùng không được xem dữ liệu cá nhân."
    )


class TeamIn(Schema):
    residential_area_id: int = Field(..., ge=1, le=DB_INT_MAX)
    name: Annotated[str, Field(min_length=1, max_length=150)]
    decision_number: Annotated[str, Field(min_length=1, max_length=50)]
    established_on: dt.date = Field(..., description=ISO)

    _nul = field_validator("name", "decision_number", mode="before")(_no_nul)


class DissolveIn(Schema):
    dissolved_on: dt.date = Field(..., description=ISO)
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    decision_ref: Annotated[str, Field(min_length=1, max_length=50)]

    _nul = field_validator("reason", "decision_ref", mode="before")(_no_nul)


class MemberIn(Schema):
    full_name: Annotated[str, Field(min_length=1, max_length=150)]
    date_of_birth: dt.date = Field(..., description=ISO)
    sex: str = Field(..., description="male | female")
    citizen_id: Annotated[str, Field(min_length=1, max_length=20)]
    phone: Annotated[str, Field(max_length=20)] = ""
    residence_type: str = Field(..., description="permanent | temporary")
    residence_since: dt.date | None = Field(None, description=ISO)
    education_level: str = ""
    health_certificate_on: dt.date | None = Field(None, description=ISO)
    background_check: str = "pending"
    previous_service: str = ""
    role: str = Field(..., description="leader | deputy | member")
    joined_on: dt.date = Field(..., description=ISO)
    decision_ref: Annotated[str, Field(min_length=1, max_length=50)]
    age_exception_decision_ref: Annotated[str, Field(max_length=50)] = ""

    _nul = field_validator(
        "full_name", "citizen_id", "phone", "decision_ref", "age_exception_decision_ref", mode="before"
    )(_no_nul)


class MemberAddedOut(Schema):
    membership_id: int
    person_id: int
    warnings: list[ProblemOut]


class EndIn(Schema):
    left_on: dt.date = Field(..., description=ISO)
    ground: str = Field(..., description="voluntary | health | non_performance | legal_proceedings")
    decision_ref: Annotated[str, Field(min_length=1, max_length=50)]

    _nul = field_validator("decision_ref", mode="before")(_no_nul)


class MembershipOut(Schema):
    membership_id: int
    team_id: int
    role: str
    joined_on: dt.date = Field(..., description=ISO)
    left_on: dt.date | None = Field(None, description=ISO)
    leave_ground: str
    leave_decision_ref: str


# --- Lookups ------------------------------------------------------------------------------------


def _commune(request: HttpRequest, code: str) -> Unit:
    if len(code) > 20 or has_nul(code):
        raise Http404
    commune = get_object_or_404(Unit.objects.visible_to(api_user(request)), key=code)
    if commune.level != Unit.Level.COMMUNE or commune.is_legacy:
        raise Http404
    return commune


def _team(request: HttpRequest, team_id: int) -> Team:
    return get_object_or_404(Team.objects.visible_to(api_user(request)).select_related("commune"), pk=team_id)


def _managed(request: HttpRequest, commune: Unit) -> None:
    if not can_manage_forces(api_user(request), commune):
        raise Http404


def _team_out(team: Any, rule: TeamSizeRule | None) -> dict[str, Any]:
    counts = queries.role_counts(team)
    return {
        "id": team.pk,
        "name": team.name,
        "commune_code": team.commune.key,
        "residential_area_id": team.residential_area_id,
        "residential_area_name": team.residential_area.name,
        "decision_number": team.decision_number,
        "established_on": team.established_on,
        "status": team.status,
        "dissolved_on": team.dissolved_on,
        "counts": {
            "leader": counts[Membership.Role.LEADER],
            "deputy": counts[Membership.Role.DEPUTY],
            "member": counts[Membership.Role.MEMBER],
            "total": team.active_count,
        },
        "size_warnings": queries.size_problems(team, rule),
    }


def _problem(p: Any) -> dict[str, Any]:
    return {"code": p.code, "message": p.message, "blocking": p.blocking}


def _member_out(row: queries.MemberRow) -> dict[str, Any]:
    m, person = row.membership, row.membership.person
    personal = {name: getattr(person, name) for name in actions.PersonData.__dataclass_fields__}
    return {
        "membership_id": m.pk,
        "person_id": person.pk,
        "role": m.role,
        "joined_on": m.joined_on,
        "join_decision_ref": m.join_decision_ref,
        "age_exception_decision_ref": m.age_exception_decision_ref,
        **personal,
        "eligibility": [_problem(p) for p in row.problems],
    }


# --- Routes -------------------------------------------------------------------------------------


@router.get(
    "/communes/{code}/teams", response={200: list[TeamOut], **ERRORS}, summary="Các tổ bảo vệ ANTT của một xã"
)
@paginate(LimitOffsetPagination)
def list_teams(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    commune = _commune(request, code)
    rule = TeamSizeRule.for_commune(commune, timezone.localdate())
    teams = queries.teams_with_counts(
        Team.objects.visible_to(api_user(request)).filter(commune=commune)
    ).order_by("status", "name", "pk")
    return _Rows(teams, lambda t: _team_out(_with_commune(t, commune), rule))  # type: ignore[return-value]


def _with_commune(team: Team, commune: Unit) -> Team:
    team.commune = commune
    return team


class _Rows:
    """A sliceable view of a queryset that maps each row only for the page asked for."""

    def __init__(self, queryset: Any, build: Any) -> None:
        self.queryset, self.build = queryset, build

    def __len__(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, item: slice) -> list[Any]:
        return [self.build(row) for row in self.queryset[item]]


@router.post("/communes/{code}/teams", response={201: TeamOut, **ERRORS}, summary="Thành lập tổ bảo vệ ANTT")
def create_team(request: HttpRequest, payload: TeamIn, code: str) -> Status[dict[str, Any]]:
    commune = _commune(request, code)
    _managed(request, commune)
    area = get_object_or_404(ResidentialArea, pk=payload.residential_area_id, commune=commune)
    team = actions.establish_team(
        commune,
        by=api_user(request),
        residential_area=area,
        name=payload.name,
        decision_number=payload.decision_number,
        established_on=payload.established_on,
    )
    return Status(201, _detail(request, team)[0])


def _detail(request: HttpRequest, team: Team) -> tuple[dict[str, Any], bool]:
    commune = team.commune
    counted = queries.teams_with_counts(Team.objects.filter(pk=team.pk)).get()
    counted.commune = commune
    rule = TeamSizeRule.for_commune(commune, timezone.localdate())
    return _team_out(counted, rule), can_see_personal_data(api_user(request), commune)


@router.get("/teams/{team_id}", response={200: TeamDetailOut, **ERRORS}, summary="Một tổ và thành viên")
def get_team(request: HttpRequest, team_id: int = ID) -> dict[str, Any]:
    team = _team(request, team_id)
    out, personal = _detail(request, team)
    members = queries.member_rows(team, on=timezone.localdate()) if personal else None
    return {**out, "members": None if members is None else [_member_out(r) for r in members]}


@router.post(
    "/teams/{team_id}/dissolve", response={200: TeamOut, **ERRORS}, summary="Giải thể tổ bảo vệ ANTT"
)
def dissolve(request: HttpRequest, payload: DissolveIn, team_id: int = ID) -> dict[str, Any]:
    team = _team(request, team_id)
    _managed(request, team.commune)
    actions.dissolve_team(team, by=api_user(request), **payload.dict())
    team.refresh_from_db()
    return _detail(request, team)[0]


@router.post(
    "/teams/{team_id}/members",
    response={201: MemberAddedOut, **ERRORS},
    summary="Công nhận thành viên (kiểm tra điều kiện tham gia)",
)
def add_member(request: HttpRequest, payload: MemberIn, team_id: int = ID) -> Status[dict[str, Any]]:
    team = _team(request, team_id)
    _managed(request, team.commune)
    data = payload.dict()
    person = actions.PersonData(**{name: data[name] for name in actions.PersonData.__dataclass_fields__})
    added = actions.add_member(
        team,
        by=api_user(request),
        person=person,
        role=data["role"],
        joined_on=data["joined_on"],
        decision_ref=data["decision_ref"],
        age_exception_decision_ref=data["age_exception_decision_ref"],
    )
    return Status(
        201,
        {
            "membership_id": added.membership.pk,
            "person_id": added.membership.person_id,
            "warnings": [_problem(p) for p in added.warnings],
        },
    )


@router.post(
    "/memberships/{membership_id}/end",
    response={200: MembershipOut, **ERRORS},
    summary="Cho thôi tham gia tổ (một trong bốn căn cứ của khoản 3 Điều 17)",
)
def end(request: HttpRequest, payload: EndIn, membership_id: int = ID) -> dict[str, Any]:
    membership = get_object_or_404(
        Membership.objects.visible_to(api_user(request)).select_related("team__commune"), pk=membership_id
    )
    _managed(request, membership.team.commune)
    m = actions.end_membership(membership, by=api_user(request), **payload.dict())
    return {
        "membership_id": m.pk,
        "team_id": m.team_id,
        "role": m.role,
        "joined_on": m.joined_on,
        "left_on": m.left_on,
        "leave_ground": m.leave_ground,
        "leave_decision_ref": m.leave_decision_ref,
    }


# The overview, the allowance list and the rates live in api_overview.py (same prefix, same rules).
from antq.forces.api_overview import router as _overview_router  # noqa: E402

router.add_router("", _overview_router)
