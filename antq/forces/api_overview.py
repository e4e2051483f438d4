"""Forces API, second part: the overview, a commune's monthly allowance list and a province's rates.

Same rules as the pages: the unit must be in the caller's scope (else 404); names and citizen IDs of
the allowance list only for `can_see_personal_data` (others get `lines: null` and the teams' totals);
a new rate through `actions.set_allowance_rate` for `can_edit_allowance_rates` (a refusal → 400).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.forces import actions
from antq.forces.allowances import Month, payment_list
from antq.forces.models import AllowanceRate
from antq.forces.overview import ForceCounts, force_overview
from antq.forces.overview_views import NATIONAL_KEY
from antq.forces.permissions import can_edit_allowance_rates, can_see_personal_data
from antq.units.models import Unit

router = Router()
ERRORS = ERROR_RESPONSES
ISO = "Ngày theo ISO 8601 (YYYY-MM-DD)."


class CountsOut(Schema):
    areas: int
    areas_covered: int
    areas_uncovered: int
    coverage_percent: float | None
    teams: int
    members: int
    leaders: int
    deputies: int
    plain_members: int
    age_18_30: int
    age_31_45: int
    age_46_60: int
    age_61_70: int
    age_over_70: int


class OverviewRowOut(CountsOut):
    key: str = Field(..., description="Mã đơn vị (tỉnh, xã) hoặc mã tổ.")
    label: str


class OverviewOut(Schema):
    unit_code: str
    child_level: str = Field(..., description="province | commune | team")
    rows: list[OverviewRowOut]
    totals: CountsOut
    uncovered_areas: list[str]
    ranking: dict[str, Any] | None = Field(None, description="Phân bố xếp loại (chưa có: null).")


class PaymentLineOut(Schema):
    person_id: int
    full_name: str
    citizen_id: str
    team_id: int
    team_name: str
    roles: list[str]
    days: int
    unrated_days: int
    rates: list[int]
    amount: int


class TeamTotalOut(Schema):
    team_id: int
    team_name: str
    people: int
    days: int
    amount: int


class PaymentListOut(Schema):
    commune_code: str
    month: str = Field(..., description="YYYY-MM")
    days_in_month: int
    total: int
    teams: list[TeamTotalOut]
    lines: list[PaymentLineOut] | None = Field(None, description="null khi không được xem dữ liệu cá nhân.")


class RateOut(Schema):
    id: int
    role: str
    amount: int
    valid_from: dt.date = Field(..., description=ISO)
    valid_to: dt.date | None = Field(None, description=ISO)
    legal_basis: str


class RateIn(Schema):
    role: str = Field(..., description="leader | deputy | member")
    amount: int = Field(..., ge=0, le=actions.AMOUNT_MAX, description="đồng/tháng")
    valid_from: dt.date = Field(..., description=ISO)
    legal_basis: Annotated[str, Field(max_length=255)] = ""

    @field_validator("legal_basis", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and has_nul(value):
            raise ValueError(_("Không được chứa ký tự NUL."))
        return value


def _unit(request: HttpRequest, code: str, *levels: str) -> Unit:
    if len(code) > 20 or has_nul(code):
        raise Http404
    unit = get_object_or_404(Unit.objects.visible_to(api_user(request)), key=code)
    if unit.is_legacy or unit.level not in levels:
        raise Http404
    return unit


def _counts(c: ForceCounts) -> dict[str, Any]:
    names = CountsOut.model_fields
    return {name: getattr(c, name) for name in names}


@router.get(
    "/overview/{code}", response={200: OverviewOut, **ERRORS}, summary="Tổng hợp lực lượng bảo vệ ANTT"
)
def overview(request: HttpRequest, code: str) -> dict[str, Any]:
    """`VN` (national administrator), a province or a commune: its children's counts and the totals."""
    levels = (Unit.Level.NATIONAL, Unit.Level.PROVINCE, Unit.Level.COMMUNE)
    unit = _unit(request, code, *levels)
    view = force_overview(None if code == NATIONAL_KEY else unit, api_user(request))
    return {
        "unit_code": unit.key,
        "child_level": view.child_level,
        "rows": [{"key": r.key, "label": r.label, **_counts(r)} for r in view.rows],
        "totals": _counts(view.totals),
        "uncovered_areas": [a.name for a in view.uncovered_areas],
        "ranking": view.ranking,
    }


@router.get(
    "/communes/{code}/allowances",
    response={200: PaymentListOut, **ERRORS},
    summary="Danh sách chi hỗ trợ hằng tháng của một xã",
)
def allowances(
    request: HttpRequest,
    code: str,
    month: Annotated[str, Query(description="YYYY-MM; mặc định tháng này")] = "",
) -> dict[str, Any]:
    commune = _unit(request, code, Unit.Level.COMMUNE)
    chosen = Month.parse(month) if month else Month.current()
    if chosen is None:
        raise DomainError(_("Tháng không hợp lệ (YYYY-MM, từ 2024-07 đến tháng hiện tại)."))
    plist = payment_list(commune, chosen)
    personal = can_see_personal_data(api_user(request), commune)
    return {
        "commune_code": commune.key,
        "month": chosen.param,
        "days_in_month": plist.days_in_month,
        "total": plist.total,
        "teams": [
            {
                "team_id": t.team.pk,
                "team_name": t.team.name,
                "people": t.people,
                "days": t.days,
                "amount": t.amount,
            }
            for t in plist.teams
        ],
        "lines": [
            {
                "person_id": line.person.pk,
                "full_name": line.person.full_name,
                "citizen_id": line.person.citizen_id,
                "team_id": line.team.pk,
                "team_name": line.team.name,
                "roles": line.roles,
                "days": line.allowance.days,
                "unrated_days": line.allowance.unrated_days,
                "rates": line.rates,
                "amount": line.allowance.amount,
            }
            for line in plist.lines
        ]
        if personal
        else None,
    }


def _rate(rate: AllowanceRate) -> dict[str, Any]:
    return {f: getattr(rate, f) for f in ("role", "amount", "valid_from", "valid_to", "legal_basis")} | {
        "id": rate.pk
    }


@router.get(
    "/provinces/{code}/allowance-rates",
    response={200: list[RateOut], **ERRORS},
    summary="Mức hỗ trợ hằng tháng của một tỉnh (cả lịch sử)",
)
def list_rates(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    province = _unit(request, code, Unit.Level.PROVINCE)
    return [_rate(r) for r in AllowanceRate.objects.filter(province=province).order_by("role", "-valid_from")]


@router.post(
    "/provinces/{code}/allowance-rates",
    response={201: RateOut, **ERRORS},
    summary="Nhập mức hỗ trợ hằng tháng mới cho một chức danh",
)
def create_rate(request: HttpRequest, payload: RateIn, code: str) -> Status[dict[str, Any]]:
    province = _unit(request, code, Unit.Level.PROVINCE)
    user = api_user(request)
    if not can_edit_allowance_rates(user, province):
        raise Http404
    rate = actions.set_allowance_rate(
        province,
        by=user,
        role=payload.role,
        amount=payload.amount,
        valid_from=payload.valid_from,
        legal_basis=payload.legal_basis,
    )
    return Status(201, _rate(rate))
