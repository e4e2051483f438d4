"""Movement API: steering committees, the document register, plans' tasks, progress reports, overview.

Reads need the unit (or the document, the task) in scope, else 404. Writes need the page's
permission (else 404, like the pages) and call the same actions; a domain refusal answers 400 with
its Vietnamese `detail` (malformed number, deadline before the plan's date, progress over 100,
a unit outside the assigner's scope). Dates are ISO 8601 (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.core.audit import log_action
from antq.movement import actions, queries
from antq.movement.models import (
    Attachment,
    CommitteeMember,
    CommitteeRole,
    Document,
    LinkKind,
    SteeringCommittee,
    Task,
)
from antq.movement.permissions import can_assign_from, can_manage_unit, can_report_on
from antq.movement.rules import task_flag
from antq.units.models import Unit

router = Router()
ERRORS = ERROR_RESPONSES
ISO = "Ngày theo ISO 8601 (YYYY-MM-DD)."
DB_INT_MAX = 2_147_483_647
ID = Path(..., ge=1, le=DB_INT_MAX)


def _unit(request: HttpRequest, code: str) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(api_user(request)).current(), key=code)
    if unit.level == Unit.Level.DISTRICT:
        raise Http404
    return unit


def _managed(request: HttpRequest, unit: Unit) -> None:
    if not can_manage_unit(api_user(request), unit):
        raise Http404


def _document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(api_user(request)).select_related("issuer_unit"), pk=pk
    )


def _task(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(Task.objects.visible_to(api_user(request)).select_related("unit", "plan"), pk=pk)


class MemberOut(Schema):
    id: int
    full_name: str
    position: str
    agency: str
    role: str
    joined_on: dt.date | None = Field(None, description=ISO)
    left_on: dt.date | None = Field(None, description=ISO + " Trống = đang là thành viên.")


class CommitteeOut(Schema):
    id: int
    unit_code: str
    name: str
    decision_number: str
    decision_date: dt.date = Field(..., description=ISO)
    is_consolidation: bool
    standing_office: str
    members: list[MemberOut]


class CommitteeIn(Schema):
    name: str = Field(..., max_length=255)
    decision_number: str = Field(..., max_length=80, description="Số, ký hiệu quyết định, ví dụ 15/QĐ-UBND")
    decision_date: dt.date = Field(..., description=ISO)
    is_consolidation: bool = False
    standing_office: str = Field("", max_length=255)


class MemberIn(Schema):
    full_name: str = Field(..., max_length=150)
    position: str = Field(..., max_length=150)
    agency: str = Field(..., max_length=255)
    role: CommitteeRole
    joined_on: dt.date | None = Field(None, description=ISO)


class EndMembershipIn(Schema):
    left_on: dt.date = Field(..., description=ISO)


def _member_out(m: CommitteeMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "full_name": m.full_name,
        "position": m.position,
        "agency": m.agency,
        "role": m.role,
        "joined_on": m.joined_on,
        "left_on": m.left_on,
    }


def _committee_out(committee: SteeringCommittee) -> dict[str, Any]:
    return {
        "id": committee.pk,
        "unit_code": committee.unit.key,
        "name": committee.name,
        "decision_number": committee.decision_number,
        "decision_date": committee.decision_date,
        "is_consolidation": committee.is_consolidation,
        "standing_office": committee.standing_office,
        "members": [_member_out(m) for m in committee.members.all()],
    }


@router.get(
    "/units/{code}/committee", response={200: CommitteeOut, **ERRORS}, summary="Ban Chỉ đạo của đơn vị"
)
def get_committee(request: HttpRequest, code: str) -> dict[str, Any]:
    unit = _unit(request, code)
    committee = get_object_or_404(SteeringCommittee.objects.visible_to(api_user(request)), unit=unit)
    return _committee_out(committee)


@router.put(
    "/units/{code}/committee",
    response={200: CommitteeOut, **ERRORS},
    summary="Ghi quyết định thành lập, kiện toàn Ban Chỉ đạo",
)
def put_committee(request: HttpRequest, code: str, payload: CommitteeIn) -> dict[str, Any]:
    unit = _unit(request, code)
    _managed(request, unit)
    return _committee_out(actions.save_committee(unit, by=api_user(request), **payload.dict()))


@router.post(
    "/units/{code}/committee/members",
    response={201: MemberOut, **ERRORS},
    summary="Thêm thành viên Ban Chỉ đạo",
)
def add_member(request: HttpRequest, code: str, payload: MemberIn) -> Status[dict[str, Any]]:
    unit = _unit(request, code)
    _managed(request, unit)
    committee = get_object_or_404(SteeringCommittee, unit=unit)
    data = payload.dict()
    member = actions.add_member(committee, by=api_user(request), **{**data, "role": str(data["role"])})
    return Status(201, _member_out(member))


def _managed_member(request: HttpRequest, member_id: int) -> CommitteeMember:
    member = get_object_or_404(
        CommitteeMember.objects.visible_to(api_user(request)).select_related("committee__unit"), pk=member_id
    )
    _managed(request, member.committee.unit)
    return member


@router.put(
    "/committee-members/{member_id}",
    response={200: MemberOut, **ERRORS},
    summary="Sửa chức vụ, cơ quan, chức danh, ngày tham gia của thành viên Ban Chỉ đạo",
)
def update_member(request: HttpRequest, payload: MemberIn, member_id: int = ID) -> dict[str, Any]:
    member = _managed_member(request, member_id)
    data = payload.dict()
    return _member_out(
        actions.update_member(member, by=api_user(request), **{**data, "role": str(data["role"])})
    )


@router.delete(
    "/committee-members/{member_id}",
    response={204: None, **ERRORS},
    summary="Xóa thành viên nhập nhầm (người thôi tham gia: dùng /end)",
)
def remove_member(request: HttpRequest, member_id: int = ID) -> Status[None]:
    actions.remove_member(_managed_member(request, member_id), by=api_user(request))
    return Status(204, None)


@router.post(
    "/committee-members/{member_id}/end",
    response={200: MemberOut, **ERRORS},
    summary="Ghi thành viên thôi tham gia Ban Chỉ đạo",
)
def end_membership(request: HttpRequest, payload: EndMembershipIn, member_id: int = ID) -> dict[str, Any]:
    member = _managed_member(request, member_id)
    return _member_out(actions.end_membership(member, by=api_user(request), left_on=payload.left_on))


class DocumentOut(Schema):
    id: int
    number_text: str
    doc_type: str
    issuer_code: str
    issuing_body: str
    issued_on: dt.date = Field(..., description=ISO)
    subject: str


class DocumentIn(Schema):
    number_text: str = Field(..., max_length=80, description="Số, ký hiệu theo NĐ 30/2020, ví dụ 87/KH-BCĐ")
    issued_on: dt.date = Field(..., description=ISO)
    issuing_body: str = Field(..., max_length=255)
    subject: str = Field(..., max_length=500)


def _document_out(d: Document) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number_text": d.number_text,
        "doc_type": d.doc_type,
        "issuer_code": d.issuer_unit.key,
        "issuing_body": d.issuing_body,
        "issued_on": d.issued_on,
        "subject": d.subject,
    }


class _Rows:
    """A lazily mapped queryset: the paginator slices it, the mapping runs on the page only."""

    def __init__(self, qs: Any, fn: Any) -> None:
        self.qs, self.fn = qs, fn

    def __len__(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, item: slice) -> list[Any]:
        return [self.fn(row) for row in self.qs[item]]


@router.get(
    "/units/{code}/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="Sổ văn bản: văn bản của đơn vị, cấp dưới và cấp trên (tìm theo trích yếu, không dấu)",
)
@paginate(LimitOffsetPagination)
def list_documents(request: HttpRequest, code: str, q: str = Query("", max_length=100)) -> Any:
    unit = _unit(request, code)
    qs = Document.objects.visible_to(api_user(request)).filter(queries.unit_documents_q(unit)).search(q)
    return _Rows(qs.select_related("issuer_unit"), _document_out)


@router.post("/units/{code}/documents", response={201: DocumentOut, **ERRORS}, summary="Vào sổ văn bản")
def create_document(request: HttpRequest, code: str, payload: DocumentIn) -> Status[dict[str, Any]]:
    unit = _unit(request, code)
    _managed(request, unit)
    return Status(201, _document_out(actions.register_document(unit, by=api_user(request), **payload.dict())))


@router.get("/documents/{document_id}", response={200: DocumentOut, **ERRORS}, summary="Một văn bản")
def get_document(request: HttpRequest, document_id: int = ID) -> dict[str, Any]:
    return _document_out(_document(request, document_id))


class LinkIn(Schema):
    target_id: int = Field(..., ge=1, le=DB_INT_MAX)
    kind: LinkKind


@router.post(
    "/documents/{document_id}/links",
    response={201: None, **ERRORS},
    summary="Liên kết văn bản (thực hiện, thay thế, căn cứ)",
)
def link_document(request: HttpRequest, payload: LinkIn, document_id: int = ID) -> Status[None]:
    doc = _document(request, document_id)
    _managed(request, doc.issuer_unit)
    actions.link_documents(
        doc, _document(request, payload.target_id), by=api_user(request), kind=str(payload.kind)
    )
    return Status(201, None)


@router.post(
    "/documents/{document_id}/attachments",
    response={201: None, **ERRORS},
    summary="Đính kèm tệp (PDF, JPEG, PNG, DOCX, XLSX theo nội dung)",
)
def attach(request: HttpRequest, file: File[UploadedFile], document_id: int = ID) -> Status[None]:
    doc = _document(request, document_id)
    _managed(request, doc.issuer_unit)
    actions.attach_to_document(doc, file, by=api_user(request))
    return Status(201, None)


@router.get(
    "/attachments/{attachment_id}",
    response={200: None, **ERRORS},
    summary="Tải về tệp đính kèm của văn bản hoặc báo cáo tiến độ",
)
def download_attachment(request: HttpRequest, attachment_id: int = ID) -> FileResponse:
    user = api_user(request)
    attachment = get_object_or_404(
        Attachment.objects.select_related("document", "report__task"), pk=attachment_id
    )
    if attachment.document_id is not None:
        visible = Document.objects.visible_to(user).filter(pk=attachment.document_id).exists()
    else:
        visible = Task.objects.visible_to(user).filter(pk=attachment.report.task_id).exists()  # type: ignore[union-attr]
    if not visible:
        raise Http404
    log_action(
        attachment.document or attachment.report.task,  # type: ignore[union-attr]
        "movement.attachment.downloaded",
        actor=user,
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


class AssignIn(Schema):
    title: str = Field(..., max_length=500)
    expected_result: str = Field("", max_length=500)
    deadline: dt.date = Field(..., description=ISO)
    weight: int = Field(1, ge=1, le=100)
    unit_codes: list[str] = Field(default_factory=list, max_length=5000, description="Mã các đơn vị nhận")
    all_communes_of: str = Field("", max_length=20, description="Mã tỉnh: giao cho tất cả các xã của tỉnh")


class AssignedOut(Schema):
    assigned: int


@router.post(
    "/documents/{document_id}/tasks",
    response={201: AssignedOut, **ERRORS},
    summary="Giao nhiệm vụ cho các đơn vị cấp dưới (một lần cho tất cả các xã của một tỉnh)",
)
def assign(request: HttpRequest, payload: AssignIn, document_id: int = ID) -> Status[dict[str, Any]]:
    doc = _document(request, document_id)
    user = api_user(request)
    if not can_assign_from(user, doc.issuer_unit):
        raise Http404
    assignment = actions.Assignment(payload.title, payload.deadline, payload.expected_result, payload.weight)
    if payload.all_communes_of:
        province = get_object_or_404(Unit, key=payload.all_communes_of)
        tasks = actions.assign_to_all_communes(doc, province, by=user, assignment=assignment)
    else:
        units = list(Unit.objects.filter(key__in=payload.unit_codes))
        if len(units) != len(set(payload.unit_codes)):
            raise Http404
        tasks = actions.assign_tasks(doc, units, by=user, assignment=assignment)
    return Status(201, {"assigned": len(tasks)})


class RollupRowOut(Schema):
    unit_code: str
    name: str
    tasks: int
    done: int
    overdue: int
    percent: Decimal


class RollupOut(Schema):
    tasks: int
    done: int
    overdue: int
    percent: Decimal
    grouped_by: str
    rows: list[RollupRowOut]


@router.get(
    "/documents/{document_id}/rollup",
    response={200: RollupOut, **ERRORS},
    summary="Tiến độ của kế hoạch (bình quân có trọng số) và theo từng nhánh",
)
def rollup(request: HttpRequest, document_id: int = ID) -> dict[str, Any]:
    doc = _document(request, document_id)
    r = queries.plan_rollup(doc, Task.objects.visible_to(api_user(request)), timezone.localdate())
    return {
        "tasks": r.tasks,
        "done": r.done,
        "overdue": r.overdue,
        "percent": r.percent,
        "grouped_by": r.by_level,
        "rows": [
            {
                "unit_code": x.key,
                "name": x.name,
                "tasks": x.tasks,
                "done": x.done,
                "overdue": x.overdue,
                "percent": x.percent,
            }
            for x in r.rows
        ],
    }


class TaskOut(Schema):
    id: int
    plan_id: int
    plan_number: str
    unit_code: str
    title: str
    expected_result: str
    deadline: dt.date = Field(..., description=ISO)
    weight: int
    progress: int
    flag: str = Field(..., description="done | overdue | due_soon | pending")


def _task_out(t: Task) -> dict[str, Any]:
    return {
        "id": t.pk,
        "plan_id": t.plan_id,
        "plan_number": t.plan.number_text,
        "unit_code": t.unit.key,
        "title": t.title,
        "expected_result": t.expected_result,
        "deadline": t.deadline,
        "weight": t.weight,
        "progress": t.progress,
        "flag": task_flag(t.progress, t.deadline, timezone.localdate()),
    }


@router.get(
    "/units/{code}/tasks",
    response={200: list[TaskOut], **ERRORS},
    summary="Cấp trên giao cho đơn vị: nhiệm vụ chưa xong trước, quá hạn lên đầu",
)
@paginate(LimitOffsetPagination)
def asked_of_us(request: HttpRequest, code: str) -> Any:
    unit = _unit(request, code)
    qs = queries.asked_of_us(unit, timezone.localdate()).select_related("unit")
    return _Rows(qs, _task_out)


@router.get("/tasks/{task_id}", response={200: TaskOut, **ERRORS}, summary="Một nhiệm vụ")
def get_task(request: HttpRequest, task_id: int = ID) -> dict[str, Any]:
    return _task_out(_task(request, task_id))


class ProgressOut(Schema):
    id: int
    task_id: int
    percent: int
    note: str


@router.post(
    "/tasks/{task_id}/progress",
    response={201: ProgressOut, **ERRORS},
    summary="Báo cáo tiến độ (0–100 %, kèm tệp nếu có)",
)
def report(
    request: HttpRequest,
    percent: Form[int],
    note: Form[str] = "",
    file: File[UploadedFile] | None = None,
    task_id: int = ID,
) -> Status[dict[str, Any]]:
    task = _task(request, task_id)
    if not can_report_on(api_user(request), task.unit):
        raise Http404
    r = actions.report_progress(task, by=api_user(request), percent=percent, note=note, upload=file)
    return Status(201, {"id": r.pk, "task_id": task.pk, "percent": r.percent, "note": r.note})


class CountOut(Schema):
    level: str
    total: int
    consolidated: int


class OverviewOut(Schema):
    unit_code: str
    year: int
    committees: list[CountOut]
    not_consolidated: int
    documents: dict[str, int]
    documents_previous: dict[str, int]
    tasks: dict[str, int]
    tasks_previous: dict[str, int]


@router.get(
    "/units/{code}/overview",
    response={200: OverviewOut, **ERRORS},
    summary="Tổng hợp chỉ đạo, kế hoạch của đơn vị",
)
def overview(
    request: HttpRequest, code: str, year: int | None = Query(None, ge=2000, le=2100)
) -> dict[str, Any]:
    unit = _unit(request, code)
    year = year or timezone.localdate().year
    v = queries.overview(unit, year, timezone.localdate())
    return {
        "unit_code": unit.key,
        "year": year,
        "committees": [
            {"level": c.level, "total": c.total, "consolidated": c.consolidated} for c in v.committees
        ],
        "not_consolidated": v.not_consolidated.count(),
        "documents": v.documents,
        "documents_previous": v.documents_previous,
        "tasks": v.tasks,
        "tasks_previous": v.tasks_previous,
    }
