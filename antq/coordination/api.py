"""Coordination API: programmes, their reports and the deployment overview; inspections, findings, follow-up.

Reads start from each model's `visible_to` (else 404). Writes need the acting unit's permission
(else 404) and call the pages' actions: a domain refusal (malformed document number, period end
before start, inspected unit outside the inspector's subtree, …) answers 400 with the Vietnamese
message; bad parameters 422; no token 401. Dates are ISO 8601 (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Path, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.coordination import actions, queries
from antq.coordination.models import (
    InspectedUnit,
    Inspection,
    InspectionRequest,
    Programme,
    ProgrammeParty,
    ProgrammeReport,
    ReportAttachment,
)
from antq.coordination.permissions import (
    can_act_for,
    can_follow_up,
    can_manage_inspection,
    can_manage_programme,
)
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.units.models import Unit

router = Router()

ERRORS = ERROR_RESPONSES
ISO = "Ngày theo ISO 8601 (YYYY-MM-DD)."
DB_INT_MAX = 2_147_483_647
ID = Path(..., ge=1, le=DB_INT_MAX)


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and has_nul(value):
        raise ValueError(_("Không được chứa ký tự NUL."))
    if isinstance(value, list):
        for item in value:
            _no_nul(item)
    return value


# --- Schemas --------------------------------------------------------------------------------------


class PartyIn(Schema):
    unit_code: Annotated[str, Field(max_length=20)] = Field(
        "", description="mã đơn vị; trống = đơn vị chủ trì"
    )
    name: Annotated[str, Field(min_length=1, max_length=255)]

    _nul = field_validator("unit_code", "name", mode="before")(_no_nul)


class ProgrammeIn(Schema):
    kind: str = Field("programme", description="programme | joint_resolution | plan")
    number: Annotated[str, Field(min_length=1, max_length=80)] = Field(
        ..., description="số, ký hiệu (NĐ 30/2020)"
    )
    title: Annotated[str, Field(min_length=1, max_length=500)]
    signed_on: dt.date = Field(..., description=ISO)
    period_from: dt.date = Field(..., description=ISO)
    period_to: dt.date | None = Field(None, description=ISO)
    content_items: Annotated[list[Annotated[str, Field(max_length=1000)]], Field(max_length=100)]
    parties: Annotated[list[PartyIn], Field(max_length=50)]
    deploys_id: int | None = Field(
        None, ge=1, le=DB_INT_MAX, description="chương trình cấp trên được triển khai"
    )

    _nul = field_validator("kind", "number", "title", "content_items", mode="before")(_no_nul)


class PartyOut(Schema):
    id: int
    unit_code: str
    name: str


class ProgrammeOut(Schema):
    id: int
    owner_code: str
    owner_name: str
    level: str
    kind: str
    number: str
    title: str
    signed_on: dt.date = Field(..., description=ISO)
    period_from: dt.date = Field(..., description=ISO)
    period_to: dt.date | None = Field(None, description=ISO)
    content_items: list[str]
    deploys_id: int | None


class ReportFileOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    sha256: str
    uploaded_at: dt.datetime


class ReportOut(Schema):
    id: int
    party_id: int
    party_name: str
    period_from: dt.date = Field(..., description=ISO)
    period_to: dt.date = Field(..., description=ISO)
    text: str
    figures: dict[str, int]
    files: list[ReportFileOut] = []


class ProgrammeDetailOut(ProgrammeOut):
    parties: list[PartyOut]
    reports: list[ReportOut]
    can_manage: bool


class ReportIn(Schema):
    party_id: int = Field(..., ge=1, le=DB_INT_MAX)
    period_from: dt.date = Field(..., description=ISO)
    period_to: dt.date = Field(..., description=ISO)
    text: Annotated[str, Field(min_length=1, max_length=10000)]
    figures: dict[Annotated[str, Field(max_length=100)], Annotated[int, Field(ge=0, le=DB_INT_MAX)]] = {}

    _nul = field_validator("text", mode="before")(_no_nul)


class UnitRef(Schema):
    code: str
    name: str


class DeploymentOut(Schema):
    programme: ProgrammeOut
    deployed_count: int
    province_count: int
    percent: float | None
    not_deployed: list[UnitRef]


class InspectionIn(Schema):
    plan_number: Annotated[str, Field(min_length=1, max_length=80)]
    title: Annotated[str, Field(min_length=1, max_length=500)]
    planned_from: dt.date = Field(..., description=ISO)
    planned_to: dt.date = Field(..., description=ISO)
    unit_codes: Annotated[list[Annotated[str, Field(max_length=20)]], Field(min_length=1, max_length=500)]

    _nul = field_validator("plan_number", "title", "unit_codes", mode="before")(_no_nul)


class FollowUpOut(Schema):
    id: int
    text: str
    status: str
    reported_on: dt.date = Field(..., description=ISO)


class RequestOut(Schema):
    id: int
    text: str
    deadline: dt.date = Field(..., description=ISO)
    status: str
    completed_on: dt.date | None = Field(None, description=ISO)
    overdue: bool
    follow_ups: list[FollowUpOut]


class InspectedOut(Schema):
    unit_code: str
    unit_name: str
    conclusion: str
    findings_on: dt.date | None = Field(None, description=ISO)
    requests: list[RequestOut]


class InspectionOut(Schema):
    id: int
    inspector_code: str
    inspector_name: str
    plan_number: str
    title: str
    planned_from: dt.date = Field(..., description=ISO)
    planned_to: dt.date = Field(..., description=ISO)


class InspectionDetailOut(InspectionOut):
    inspected: list[InspectedOut] = Field(..., description="chỉ các đơn vị người dùng được xem")


class RequestIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=1000)]
    deadline: dt.date = Field(..., description=ISO)

    _nul = field_validator("text", mode="before")(_no_nul)


class FindingsIn(Schema):
    conclusion: Annotated[str, Field(min_length=1, max_length=10000)]
    findings_on: dt.date = Field(..., description=ISO)
    requests: Annotated[list[RequestIn], Field(max_length=100)] = []

    _nul = field_validator("conclusion", mode="before")(_no_nul)


class FollowUpIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=5000)]
    status: str = Field(..., description="in_progress | done")
    reported_on: dt.date = Field(..., description=ISO)

    _nul = field_validator("text", "status", mode="before")(_no_nul)


# --- Helpers --------------------------------------------------------------------------------------


def _unit(request: HttpRequest, code: str) -> Unit:
    if len(code) > 20 or has_nul(code):
        raise Http404
    unit = get_object_or_404(Unit.objects.visible_to(api_user(request)), key=code)
    if unit.is_legacy or not can_act_for(api_user(request), unit):
        raise Http404
    return unit


def _programme_out(p: Programme) -> dict[str, Any]:
    return {
        "id": p.pk,
        "owner_code": p.owner.key,
        "owner_name": p.owner.name,
        "level": p.level,
        "kind": p.kind,
        "number": p.number,
        "title": p.title,
        "signed_on": p.signed_on,
        "period_from": p.period_from,
        "period_to": p.period_to,
        "content_items": p.content_items,
        "deploys_id": p.deploys_id,
    }


def _file_out(f: ReportAttachment) -> dict[str, Any]:
    return {
        "id": f.pk,
        "name": f.original_name,
        "size": f.size,
        "content_type": f.content_type,
        "sha256": f.sha256,
        "uploaded_at": f.uploaded_at,
    }


def _programme_detail(request: HttpRequest, p: Programme) -> dict[str, Any]:
    return {
        **_programme_out(p),
        "parties": [
            {"id": x.pk, "unit_code": x.unit.key, "name": x.name} for x in p.parties.select_related("unit")
        ],
        "reports": [
            {
                "id": r.pk,
                "party_id": r.party_id,
                "party_name": r.party.name,
                "period_from": r.period_from,
                "period_to": r.period_to,
                "text": r.text,
                "figures": r.figures,
                "files": [_file_out(f) for f in r.attachments.all()],
            }
            for r in p.reports.select_related("party")
            .prefetch_related("attachments")
            .order_by("-period_to", "pk")
        ],
        "can_manage": can_manage_programme(api_user(request), p),
    }


def _inspection_out(x: Inspection) -> dict[str, Any]:
    return {
        "id": x.pk,
        "inspector_code": x.inspector.key,
        "inspector_name": x.inspector.name,
        "plan_number": x.plan_number,
        "title": x.title,
        "planned_from": x.planned_from,
        "planned_to": x.planned_to,
    }


def _inspection_detail(request: HttpRequest, x: Inspection) -> dict[str, Any]:
    today = timezone.localdate()
    rows = (
        InspectedUnit.objects.visible_to(api_user(request))
        .filter(inspection=x)
        .select_related("unit")
        .prefetch_related("requests__follow_ups")
    )
    return {
        **_inspection_out(x),
        "inspected": [
            {
                "unit_code": row.unit.key,
                "unit_name": row.unit.name,
                "conclusion": row.conclusion,
                "findings_on": row.findings_on,
                "requests": [
                    {
                        "id": r.pk,
                        "text": r.text,
                        "deadline": r.deadline,
                        "status": r.status,
                        "completed_on": r.completed_on,
                        "overdue": r.is_overdue(today),
                        "follow_ups": [
                            {"id": f.pk, "text": f.text, "status": f.status, "reported_on": f.reported_on}
                            for f in r.follow_ups.all()
                        ],
                    }
                    for r in row.requests.all()
                ],
            }
            for row in rows
        ],
    }


# --- Programmes -----------------------------------------------------------------------------------


@router.get(
    "/overview",
    response={200: list[DeploymentOut], **ERRORS},
    summary="Tình hình triển khai chương trình toàn quốc",
)
def overview(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "programme": _programme_out(row.programme),
            "deployed_count": len(row.deployed),
            "province_count": row.total,
            "percent": row.percent,
            "not_deployed": [{"code": u.key, "name": u.name} for u in row.missing],
        }
        for row in queries.deployment_overview(api_user(request))
    ]


@router.get("/programmes", response={200: list[ProgrammeOut], **ERRORS}, summary="Các chương trình phối hợp")
@paginate(LimitOffsetPagination)
def list_programmes(request: HttpRequest) -> Any:
    return _Rows(queries.programmes_for_list(api_user(request)), _programme_out)


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, **ERRORS},
    summary="Một chương trình phối hợp",
)
def get_programme(request: HttpRequest, programme_id: int = ID) -> dict[str, Any]:
    p = get_object_or_404(
        Programme.objects.visible_to(api_user(request)).select_related("owner"), pk=programme_id
    )
    return _programme_detail(request, p)


@router.post(
    "/units/{code}/programmes",
    response={201: ProgrammeDetailOut, **ERRORS},
    summary="Ghi chương trình phối hợp",
)
def create_programme(request: HttpRequest, payload: ProgrammeIn, code: str) -> Status[dict[str, Any]]:
    owner = _unit(request, code)
    user = api_user(request)
    keys = {p.unit_code for p in payload.parties if p.unit_code}
    units = {u.key: u for u in Unit.objects.visible_to(user).filter(key__in=keys)}
    parties = []
    for p in payload.parties:
        if p.unit_code and p.unit_code not in units:
            raise DomainError(_("Không tìm thấy đơn vị mã “%(key)s”.") % {"key": p.unit_code})
        parties.append(actions.Party(units[p.unit_code] if p.unit_code else owner, p.name))
    deploys = None
    if payload.deploys_id is not None:
        deploys = get_object_or_404(Programme.objects.visible_to(user), pk=payload.deploys_id)
    programme = actions.create_programme(
        owner,
        by=user,
        kind=payload.kind,
        number=payload.number,
        title=payload.title,
        signed_on=payload.signed_on,
        period_from=payload.period_from,
        period_to=payload.period_to,
        content_items=payload.content_items,
        parties=parties,
        deploys=deploys,
    )
    return Status(201, _programme_detail(request, programme))


@router.post(
    "/programmes/{programme_id}/reports",
    response={201: ReportOut, **ERRORS},
    summary="Báo cáo thực hiện của một bên",
)
def create_report(request: HttpRequest, payload: ReportIn, programme_id: int = ID) -> Status[dict[str, Any]]:
    user = api_user(request)
    p = get_object_or_404(Programme.objects.visible_to(user).select_related("owner"), pk=programme_id)
    if not can_manage_programme(user, p):
        raise Http404
    party = get_object_or_404(ProgrammeParty, pk=payload.party_id, programme=p)
    r = actions.submit_report(
        p,
        by=user,
        party=party,
        period_from=payload.period_from,
        period_to=payload.period_to,
        text=payload.text,
        figures=payload.figures,
    )
    return Status(
        201,
        {
            "id": r.pk,
            "party_id": party.pk,
            "party_name": party.name,
            "period_from": r.period_from,
            "period_to": r.period_to,
            "text": r.text,
            "figures": r.figures,
        },
    )


@router.post(
    "/reports/{report_id}/files",
    response={201: ReportFileOut, **ERRORS},
    summary="Đính kèm tệp vào báo cáo thực hiện (multipart: file; PDF, JPEG, PNG, DOCX, XLSX theo nội dung)",
)
def upload_report_file(
    request: HttpRequest, file: File[UploadedFile], report_id: int = ID
) -> Status[dict[str, Any]]:
    user = api_user(request)
    report = get_object_or_404(
        ProgrammeReport.objects.visible_to(user).select_related("programme__owner"), pk=report_id
    )
    if not can_manage_programme(user, report.programme):
        raise Http404
    return Status(201, _file_out(actions.attach_report_file(report, file, by=user)))


def _report_file(request: HttpRequest, file_id: int) -> ReportAttachment:
    return get_object_or_404(
        ReportAttachment.objects.visible_to(api_user(request)).select_related("report__programme__owner"),
        pk=file_id,
    )


@router.get(
    "/report-files/{file_id}",
    response={200: None, **ERRORS},
    summary="Tải về một tệp đính kèm báo cáo thực hiện",
)
def download_report_file(request: HttpRequest, file_id: int = ID) -> FileResponse:
    attachment = _report_file(request, file_id)
    log_action(
        attachment.report,
        "coordination.report_file.downloaded",
        actor=api_user(request),
        request=request,
        data={"attachment": attachment.pk, "name": attachment.original_name},
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete(
    "/report-files/{file_id}",
    response={204: None, **ERRORS},
    summary="Xóa một tệp đính kèm báo cáo (khi chương trình còn trong thời gian thực hiện)",
)
def delete_report_file(request: HttpRequest, file_id: int = ID) -> Status[None]:
    attachment = _report_file(request, file_id)
    if not can_manage_programme(api_user(request), attachment.report.programme):
        raise Http404
    actions.delete_report_file(attachment, by=api_user(request))
    return Status(204, None)


# --- Inspections ----------------------------------------------------------------------------------


@router.get("/inspections", response={200: list[InspectionOut], **ERRORS}, summary="Các đợt kiểm tra")
@paginate(LimitOffsetPagination)
def list_inspections(request: HttpRequest) -> Any:
    return _Rows(queries.inspections_for_list(api_user(request)), _inspection_out)


@router.get(
    "/inspections/{inspection_id}", response={200: InspectionDetailOut, **ERRORS}, summary="Một đợt kiểm tra"
)
def get_inspection(request: HttpRequest, inspection_id: int = ID) -> dict[str, Any]:
    x = get_object_or_404(
        Inspection.objects.visible_to(api_user(request)).select_related("inspector"), pk=inspection_id
    )
    return _inspection_detail(request, x)


@router.post(
    "/units/{code}/inspections",
    response={201: InspectionDetailOut, **ERRORS},
    summary="Lập kế hoạch kiểm tra",
)
def create_inspection(request: HttpRequest, payload: InspectionIn, code: str) -> Status[dict[str, Any]]:
    inspector = _unit(request, code)
    user = api_user(request)
    found = {u.key: u for u in Unit.objects.visible_to(user).filter(key__in=payload.unit_codes)}
    missing = [k for k in payload.unit_codes if k not in found]
    if missing:
        raise DomainError(_("Không tìm thấy đơn vị mã “%(key)s”.") % {"key": missing[0]})
    x = actions.plan_inspection(
        inspector,
        by=user,
        plan_number=payload.plan_number,
        title=payload.title,
        planned_from=payload.planned_from,
        planned_to=payload.planned_to,
        units=[found[k] for k in payload.unit_codes],
    )
    return Status(201, _inspection_detail(request, x))


@router.post(
    "/inspections/{inspection_id}/units/{unit_code}/findings",
    response={200: InspectionDetailOut, **ERRORS},
    summary="Ghi kết luận, kiến nghị đối với một đơn vị được kiểm tra",
)
def record_findings(
    request: HttpRequest, payload: FindingsIn, unit_code: str, inspection_id: int = ID
) -> dict[str, Any]:
    user = api_user(request)
    x = get_object_or_404(Inspection.objects.visible_to(user).select_related("inspector"), pk=inspection_id)
    if not can_manage_inspection(user, x):
        raise Http404
    row = get_object_or_404(InspectedUnit, inspection=x, unit__key=unit_code[:20])
    actions.record_findings(
        row,
        by=user,
        conclusion=payload.conclusion,
        findings_on=payload.findings_on,
        requests=[actions.RequestInput(r.text, r.deadline) for r in payload.requests],
    )
    return _inspection_detail(request, x)


@router.post(
    "/requests/{request_id}/follow-ups",
    response={201: FollowUpOut, **ERRORS},
    summary="Báo cáo khắc phục kiến nghị",
)
def create_follow_up(
    request: HttpRequest, payload: FollowUpIn, request_id: int = ID
) -> Status[dict[str, Any]]:
    user = api_user(request)
    target = get_object_or_404(
        InspectionRequest.objects.visible_to(user).select_related("inspected__unit"), pk=request_id
    )
    if not can_follow_up(user, target.inspected):
        raise Http404
    f = actions.report_follow_up(
        target, by=user, text=payload.text, status=payload.status, reported_on=payload.reported_on
    )
    return Status(201, {"id": f.pk, "text": f.text, "status": f.status, "reported_on": f.reported_on})


class _Rows:
    """A sliceable view of a queryset that maps each row only for the page asked for."""

    def __init__(self, queryset: Any, build: Any) -> None:
        self.queryset, self.build = queryset, build

    def __len__(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, item: slice) -> list[Any]:
        return [self.build(row) for row in self.queryset[item]]
