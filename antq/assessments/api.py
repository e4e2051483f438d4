"""Assessments API: the cycle and its criteria, Q1 registrations, self-assessments and their review.

Every write calls the action the pages call, behind the pages' predicates: registrations and the
self-assessment need `can_edit_commune` on the subject's commune, the review needs `can_see_review`
(then the action itself refuses what the reviewer may not do, with a Vietnamese message → 400).
Anything outside the user's scope, or a write the pages would not even show, answers 404.

Dates are ISO 8601 (YYYY-MM-DD) both ways, points are decimal strings with one decimal ("9.5").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Body, Field, File, Form, Path, Query, Router, Schema, Status, UploadedFile
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.accounts.permissions import can_edit_commune
from antq.assessments import actions, assessment_queries, cycle_queries, overview, readiness_queries, tallies
from antq.assessments.assessment_views import evidence_response
from antq.assessments.models import (
    Assessment,
    ClassThreshold,
    CriteriaSet,
    Criterion,
    Cycle,
    Decision,
    Evidence,
    MovementClass,
    Registration,
    Score,
    StandardResult,
    Subject,
    SubjectType,
)
from antq.assessments.permissions import can_see_review, may_use_review_queue
from antq.assessments.subjects import sync_subjects
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.units.models import Unit

router = Router()

ERRORS = ERROR_RESPONSES
ISO = "Ngày theo ISO 8601 (YYYY-MM-DD)."
POINTS = "Điểm dạng chuỗi thập phân, một chữ số sau dấu chấm (ví dụ “9.5”); null khi chưa có."
NOTE_MAX = 2000  # the actions refuse longer notes; the schema refuses them first (422)
MAX_ROWS = 500  # a score sheet has a few dozen criteria: a longer list is a client error
DB_INT_MAX = 2_147_483_647

YEAR = Path(..., ge=1, le=32767, description="Năm của kỳ đánh giá, ví dụ 2026.")
ID = Path(..., ge=1, le=DB_INT_MAX)
ROWS = Body(..., max_length=MAX_ROWS)


def _no_nul(value: Any) -> Any:
    # PostgreSQL refuses NUL bytes in text: answer 422 before the value reaches a query.
    if isinstance(value, str) and has_nul(value):
        raise ValueError(_("Không được chứa ký tự NUL."))
    return value


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


# --- Schemas -------------------------------------------------------------------------------------


class EvidenceOut(Schema):
    """A file attached as evidence to a TT 124 criterion; its content is read from `file`."""

    id: int
    criterion_id: int
    criterion_code: str
    name: str
    size: int
    content_type: str
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by: str | None


class PhaseOut(Schema):
    key: str
    label: str
    date: dt.date = Field(..., description=ISO)


class CycleRuleOut(Schema):
    """Per subject type: evaluation window, deadlines and the criteria sets in force."""

    subject_type: str
    subject_type_label: str
    window_start: dt.date = Field(..., description=ISO)
    window_end: dt.date = Field(..., description=ISO)
    registration_deadline: dt.date = Field(..., description=ISO)
    decision_deadline: dt.date = Field(..., description=ISO)
    standard_set_id: int | None
    score_sheet_id: int | None


class CycleOut(Schema):
    """A yearly cycle. Every date is ISO 8601 (YYYY-MM-DD), not the dd/mm/yyyy of the pages."""

    year: int
    status: str
    status_label: str
    phases: list[PhaseOut]
    rules: list[CycleRuleOut]


class CriterionOut(Schema):
    """One node of the criteria tree; `parent_id` links it, `depth` is 0 at the top."""

    id: int
    parent_id: int | None
    depth: int
    code: str
    order: int
    text: str
    max_points: str | None = Field(None, description=POINTS)
    check_type: str
    needs_verification: bool
    source_ref: str


class ThresholdOut(Schema):
    movement_class: str
    label: str
    min_points: str | None = Field(None, description=POINTS)
    needs_verification: bool


class CriteriaSetOut(Schema):
    """A criteria set; `criteria` is the tree in reading order (each node before its sub-items)."""

    id: int
    kind: str
    subject_type: str
    code: str
    version: int
    name: str
    legal_basis: str
    province_code: str | None
    max_total: str | None = Field(None, description=POINTS)
    needs_verification: bool
    criteria: list[CriterionOut]
    thresholds: list[ThresholdOut]


class SubjectOut(Schema):
    id: int
    name: str
    subject_type: str
    managing_level: str
    commune_code: str


class RegistrationOut(Schema):
    id: int
    subject_id: int
    registered_on: dt.date = Field(..., description=ISO)
    party_resolution_on: dt.date | None = Field(None, description=ISO)
    plan_ref: str
    households_total: int | None
    households_signed: int | None
    is_late: bool
    note: str


class RegistrationRowOut(Schema):
    """A subject of the commune and its registration in the cycle (null when not registered)."""

    subject: SubjectOut
    registration: RegistrationOut | None


class AssessmentSummaryOut(Schema):
    id: int
    subject_id: int
    status: str
    status_label: str
    standard_met: bool | None
    total_points: str | None = Field(None, description=POINTS)
    proposed_class: str
    decided_class: str
    recognised: bool | None
    is_late: bool
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None


class AssessmentRowOut(Schema):
    """A subject of the commune, whether it registered, and its assessment (null when not started)."""

    subject: SubjectOut
    registered: bool
    assessment: AssessmentSummaryOut | None


class StandardResultOut(Schema):
    criterion_id: int
    code: str
    text: str
    check_type: str
    met: bool | None
    note: str


class ScoreOut(Schema):
    criterion_id: int
    code: str
    text: str
    max_points: str | None = Field(None, description=POINTS)
    points: str | None = Field(None, description=POINTS)
    note: str


class AssessmentOut(AssessmentSummaryOut):
    year: int
    subject: SubjectOut
    return_reason: str
    ready: bool = Field(
        ...,
        description=(
            "Hồ sơ của xã chỉ gửi, thẩm định được khi mọi đơn vị trực thuộc đã đăng ký (do xã công nhận) "
            "đều có quyết định; luôn true với các loại đối tượng khác."
        ),
    )
    children_total: int = Field(0, description="Số đơn vị trực thuộc đã đăng ký (chỉ với hồ sơ của xã).")
    children_not_decided: int = Field(0, description="Số đơn vị trực thuộc chưa có quyết định.")
    standard_results: list[StandardResultOut]
    scores: list[ScoreOut]


Note = Annotated[str, Field(max_length=NOTE_MAX)]


class RegistrationIn(Schema):
    registered_on: dt.date = Field(..., description=ISO)
    party_resolution_on: dt.date | None = Field(None, description=ISO)
    plan_ref: Annotated[str, Field(max_length=100)] = ""
    households_total: Annotated[int | None, Field(ge=-DB_INT_MAX, le=DB_INT_MAX)] = None
    households_signed: Annotated[int | None, Field(ge=-DB_INT_MAX, le=DB_INT_MAX)] = None
    note: Annotated[str, Field(max_length=255)] = ""

    _nul = field_validator("plan_ref", "note", mode="before")(_no_nul)


class WithdrawIn(Schema):
    reason: Annotated[str, Field(max_length=255)] = ""

    _nul = field_validator("reason", mode="before")(_no_nul)


def _parse_points(value: Any) -> Any:
    """Points as a JSON number or a decimal string ("9.5" or "9,5"); range and precision are the action's."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError(_("Điểm phải là số."))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # 9.95 stays 9.95, so the one-decimal rule still sees it
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if has_nul(text) or len(text) > 12:
            raise ValueError(_("Điểm không hợp lệ."))
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("Điểm không hợp lệ.")) from None
    raise ValueError(_("Điểm phải là số."))


class ScoreIn(Schema):
    criterion_id: Annotated[int, Field(ge=1, le=DB_INT_MAX)]
    points: Decimal | None = Field(
        None, description="Số hoặc chuỗi thập phân, tối đa một chữ số thập phân; null là chưa chấm."
    )
    note: Note = ""

    _nul = field_validator("note", mode="before")(_no_nul)
    _points = field_validator("points", mode="before")(_parse_points)


class StandardIn(Schema):
    criterion_id: Annotated[int, Field(ge=1, le=DB_INT_MAX)]
    met: bool | None = None
    note: Note = ""

    _nul = field_validator("note", mode="before")(_no_nul)


class ReasonIn(Schema):
    reason: Note

    _nul = field_validator("reason", mode="before")(_no_nul)


class ApproveIn(Schema):
    note: Note = ""

    _nul = field_validator("note", mode="before")(_no_nul)


def _unique(rows: list[Any]) -> list[Any]:
    ids = [r.criterion_id for r in rows]
    if len(ids) != len(set(ids)):
        raise ValueError(_("Mỗi tiêu chí chỉ được gửi một lần."))
    return rows


# --- Lookups: scope first (404), then the pages' write predicate (404) ------------------------------


def _cycle(year: int) -> Cycle:
    return get_object_or_404(Cycle, year=year)


def _commune(request: HttpRequest, code: str) -> Unit:
    if len(code) > 20 or has_nul(code):
        raise Http404
    commune = get_object_or_404(Unit.objects.visible_to(api_user(request)).select_related("parent"), key=code)
    if commune.level != Unit.Level.COMMUNE or commune.is_legacy:
        raise Http404
    return commune


def _editable_subject(request: HttpRequest, subject_id: int) -> Subject:
    user = api_user(request)
    subject = get_object_or_404(Subject.objects.visible_to(user).select_related("commune"), pk=subject_id)
    if not can_edit_commune(user, subject.commune):
        raise Http404
    return subject


def _assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(api_user(request)).select_related(
            "cycle", "subject__commune__parent", "approved_by"
        ),
        pk=assessment_id,
    )


def _editable_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    assessment = _assessment(request, assessment_id)
    if not can_edit_commune(api_user(request), assessment.subject.commune):
        raise Http404
    return assessment


def _reviewable_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    assessment = _assessment(request, assessment_id)
    if not can_see_review(api_user(request), assessment):
        raise Http404
    return assessment


# --- Output builders -----------------------------------------------------------------------------


def _subject_out(subject: Subject, commune: Unit) -> dict[str, Any]:
    return {
        "id": subject.pk,
        "name": subject.name,
        "subject_type": subject.subject_type,
        "managing_level": subject.managing_level,
        "commune_code": commune.key,
    }


def _cycle_out(cycle: Cycle) -> dict[str, Any]:
    order = {value: i for i, value in enumerate(SubjectType.values)}
    rules = sorted(cycle.rules.all(), key=lambda r: order[r.subject_type])
    return {
        "year": cycle.year,
        "status": cycle.status,
        "status_label": cycle.get_status_display(),
        "phases": [
            {"key": field, "label": str(label), "date": getattr(cycle, field)}
            for field, label in cycle_queries.PHASES
        ],
        "rules": [
            {
                "subject_type": r.subject_type,
                "subject_type_label": r.get_subject_type_display(),
                "window_start": r.window_start,
                "window_end": r.window_end,
                "registration_deadline": r.registration_deadline,
                "decision_deadline": r.decision_deadline,
                "standard_set_id": r.standard_set_id,
                "score_sheet_id": r.score_sheet_id,
            }
            for r in rules
        ],
    }


def _summary(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "subject_id": assessment.subject_id,
        "status": assessment.status,
        "status_label": assessment.get_status_display(),
        "standard_met": assessment.standard_met,
        "total_points": _plain(assessment.total_points),
        "proposed_class": assessment.proposed_class,
        "decided_class": assessment.decided_class,
        "recognised": assessment.recognised,
        "is_late": assessment.is_late,
        "submitted_at": assessment.submitted_at,
        "approved_at": assessment.approved_at,
    }


def _assessment_out(assessment: Assessment) -> dict[str, Any]:
    assessment = Assessment.objects.select_related("cycle", "subject__commune").get(pk=assessment.pk)
    standard = StandardResult.objects.filter(assessment=assessment).select_related("criterion")
    scores = Score.objects.filter(assessment=assessment).select_related("criterion")
    order = ("criterion__order", "criterion__code")
    readiness = readiness_queries.readiness_of(assessment)
    return {
        **_summary(assessment),
        "year": assessment.cycle.year,
        "subject": _subject_out(assessment.subject, assessment.subject.commune),
        "return_reason": assessment.return_reason,
        "ready": readiness is None or readiness.ready,
        "children_total": readiness.children if readiness else 0,
        "children_not_decided": readiness.pending if readiness else 0,
        "standard_results": [
            {
                "criterion_id": r.criterion_id,
                "code": r.criterion.code,
                "text": r.criterion.text,
                "check_type": r.criterion.check_type,
                "met": r.met,
                "note": r.note,
            }
            for r in standard.order_by(*order)
        ],
        "scores": [
            {
                "criterion_id": s.criterion_id,
                "code": s.criterion.code,
                "text": s.criterion.text,
                "max_points": _plain(s.criterion.max_points),
                "points": _plain(s.points),
                "note": s.note,
            }
            for s in scores.order_by(*order)
        ],
    }


# --- The cycle and the criteria catalogue: national data, read by every signed-in user -------------


@router.get("/cycles/", response={200: list[CycleOut], **ERRORS}, summary="Các kỳ đánh giá")
def list_cycles(request: HttpRequest) -> list[dict[str, Any]]:
    return [_cycle_out(c) for c in Cycle.objects.prefetch_related("rules").order_by("-year")]


@router.get("/cycles/{year}", response={200: CycleOut, **ERRORS}, summary="Một kỳ đánh giá")
def get_cycle(request: HttpRequest, year: int = YEAR) -> dict[str, Any]:
    return _cycle_out(get_object_or_404(Cycle.objects.prefetch_related("rules"), year=year))


@router.get(
    "/criteria-sets/{id}",
    response={200: CriteriaSetOut, **ERRORS},
    summary="Bộ tiêu chí: cây tiêu chí, điểm tối đa, ngưỡng phân loại",
)
def get_criteria_set(request: HttpRequest, id: int = ID) -> dict[str, Any]:
    criteria_set = get_object_or_404(CriteriaSet.objects.select_related("province"), pk=id)
    view = cycle_queries.criteria_set_view(criteria_set)
    thresholds: dict[str, ClassThreshold] = {t.movement_class: t for t in criteria_set.thresholds.all()}
    rows: list[cycle_queries.Row] = view["rows"]
    return {
        "id": criteria_set.pk,
        "kind": criteria_set.kind,
        "subject_type": criteria_set.subject_type,
        "code": criteria_set.code,
        "version": criteria_set.version,
        "name": criteria_set.name,
        "legal_basis": criteria_set.legal_basis,
        "province_code": criteria_set.province.key if criteria_set.province else None,
        "max_total": _plain(criteria_set.max_total),
        "needs_verification": criteria_set.needs_verification,
        "criteria": [_criterion_out(row.criterion, row.depth) for row in rows],
        "thresholds": [
            {
                "movement_class": value,
                "label": str(label),
                "min_points": _plain(thresholds[value].min_points),
                "needs_verification": thresholds[value].needs_verification,
            }
            for value, label in MovementClass.choices
            if value in thresholds
        ],
    }


def _criterion_out(criterion: Criterion, depth: int) -> dict[str, Any]:
    return {
        "id": criterion.pk,
        "parent_id": criterion.parent_id,
        "depth": depth,
        "code": criterion.code,
        "order": criterion.order,
        "text": criterion.text,
        "max_points": _plain(criterion.max_points),
        "check_type": criterion.check_type,
        "needs_verification": criterion.needs_verification,
        "source_ref": criterion.source_ref,
    }


# --- Q1 registrations ----------------------------------------------------------------------------


@router.get(
    "/cycles/{year}/communes/{code}/registrations",
    response={200: list[RegistrationRowOut], **ERRORS},
    summary="Đăng ký phấn đấu của các đối tượng trong xã",
)
@paginate(LimitOffsetPagination)
def list_registrations(request: HttpRequest, code: str, year: int = YEAR) -> list[dict[str, Any]]:
    commune = _commune(request, code)
    cycle = _cycle(year)
    sync_subjects([commune])  # as the page does: new residential areas and organisations appear at once
    subjects = (
        Subject.objects.visible_to(api_user(request))
        .filter(commune=commune)
        .order_by("subject_type", "name", "pk")
        .prefetch_related(
            Prefetch("registrations", queryset=Registration.objects.filter(cycle=cycle), to_attr="in_cycle")
        )
    )

    def build(s: Subject) -> dict[str, Any]:
        registration = _first(s.in_cycle)  # type: ignore[attr-defined]
        return {"subject": _subject_out(s, commune), "registration": registration}

    return _LazyRows(subjects, build)  # type: ignore[return-value]


class _LazyRows:
    """A sliceable view of a queryset that maps each row only for the page asked for (constant queries)."""

    def __init__(self, queryset: QuerySet[Any], build: Any) -> None:
        self.queryset, self.build = queryset, build

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, item: slice) -> list[Any]:
        return [self.build(row) for row in self.queryset[item]]


def _first(rows: list[Any]) -> Any:
    return rows[0] if rows else None


@router.post(
    "/cycles/{year}/subjects/{subject_id}/registration",
    response={201: RegistrationOut, **ERRORS},
    summary="Đăng ký phấn đấu cho một đối tượng",
)
def register(
    request: HttpRequest, payload: RegistrationIn, year: int = YEAR, subject_id: int = ID
) -> Status[Registration]:
    subject = _editable_subject(request, subject_id)
    cycle = _cycle(year)
    registration = actions.register_subject(subject, cycle, by=api_user(request), **payload.dict())
    return Status(201, registration)


@router.delete(
    "/cycles/{year}/subjects/{subject_id}/registration",
    response={204: None, **ERRORS},
    summary="Rút đăng ký phấn đấu (đăng ký nhầm)",
)
def withdraw(
    request: HttpRequest, filters: Query[WithdrawIn], year: int = YEAR, subject_id: int = ID
) -> Status[None]:
    subject = _editable_subject(request, subject_id)
    registration = get_object_or_404(Registration, cycle=_cycle(year), subject=subject)
    actions.withdraw_registration(registration, by=api_user(request), reason=filters.reason)
    return Status(204, None)


# --- The year-end self-assessment ----------------------------------------------------------------


@router.get(
    "/cycles/{year}/communes/{code}/assessments",
    response={200: list[AssessmentRowOut], **ERRORS},
    summary="Hồ sơ tự đánh giá của các đối tượng trong xã",
)
@paginate(LimitOffsetPagination)
def list_assessments(request: HttpRequest, code: str, year: int = YEAR) -> list[dict[str, Any]]:
    commune = _commune(request, code)
    cycle = _cycle(year)
    sync_subjects([commune])
    subjects = (
        Subject.objects.visible_to(api_user(request))
        .filter(commune=commune)
        .order_by("subject_type", "name", "pk")
        .prefetch_related(
            Prefetch("registrations", queryset=Registration.objects.filter(cycle=cycle), to_attr="in_cycle"),
            Prefetch("assessments", queryset=Assessment.objects.filter(cycle=cycle), to_attr="assessed"),
        )
    )

    def build(s: Subject) -> dict[str, Any]:
        assessment = _first(s.assessed)  # type: ignore[attr-defined]
        return {
            "subject": _subject_out(s, commune),
            "registered": bool(s.in_cycle),  # type: ignore[attr-defined]
            "assessment": _summary(assessment) if assessment is not None else None,
        }

    return _LazyRows(subjects, build)  # type: ignore[return-value]


@router.post(
    "/cycles/{year}/subjects/{subject_id}/assessment",
    response={200: AssessmentOut, **ERRORS},
    summary="Mở hồ sơ tự đánh giá của một đối tượng đã đăng ký",
)
def start(request: HttpRequest, year: int = YEAR, subject_id: int = ID) -> dict[str, Any]:
    subject = _editable_subject(request, subject_id)
    assessment = actions.start_assessment(subject, _cycle(year), by=api_user(request))
    return _assessment_out(assessment)


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, **ERRORS},
    summary="Một hồ sơ tự đánh giá: tiêu chuẩn, điểm, trạng thái",
)
def get_assessment(request: HttpRequest, assessment_id: int = ID) -> dict[str, Any]:
    return _assessment_out(_assessment(request, assessment_id))


@router.put(
    "/assessments/{assessment_id}/scores",
    response={200: AssessmentOut, **ERRORS},
    summary="Chấm điểm theo bảng chấm QĐ 510",
)
def put_scores(
    request: HttpRequest,
    payload: list[ScoreIn] = ROWS,
    assessment_id: int = ID,
) -> dict[str, Any]:
    assessment = _editable_assessment(request, assessment_id)
    _unique_or_422(payload)
    scores = {row.criterion_id: (row.points, row.note) for row in payload}
    actions.save_scores(assessment, scores, by=api_user(request))
    return _assessment_out(assessment)


@router.put(
    "/assessments/{assessment_id}/standard",
    response={200: AssessmentOut, **ERRORS},
    summary="Đánh giá đạt / không đạt từng tiêu chuẩn TT 124",
)
def put_standard(
    request: HttpRequest,
    payload: list[StandardIn] = ROWS,
    assessment_id: int = ID,
) -> dict[str, Any]:
    assessment = _editable_assessment(request, assessment_id)
    _unique_or_422(payload)
    results = {row.criterion_id: (row.met, row.note) for row in payload}
    actions.save_standard_results(assessment, results, by=api_user(request))
    return _assessment_out(assessment)


def _unique_or_422(rows: list[Any]) -> None:
    try:
        _unique(rows)
    except ValueError as exc:
        raise ValidationError(
            [{"loc": ["body", "payload"], "msg": str(exc), "type": "value_error"}]
        ) from None


@router.post(
    "/assessments/{assessment_id}/submit",
    response={200: AssessmentOut, **ERRORS},
    summary="Gửi hồ sơ tự đánh giá lên cấp thẩm định",
)
def submit(request: HttpRequest, assessment_id: int = ID) -> dict[str, Any]:
    assessment = _editable_assessment(request, assessment_id)
    return _assessment_out(actions.submit_assessment(assessment, by=api_user(request)))


# --- Review up the hierarchy ---------------------------------------------------------------------


@router.post(
    "/assessments/{assessment_id}/return",
    response={200: AssessmentOut, **ERRORS},
    summary="Trả lại hồ sơ cho xã, kèm lý do",
)
def return_(request: HttpRequest, payload: ReasonIn, assessment_id: int = ID) -> dict[str, Any]:
    assessment = _reviewable_assessment(request, assessment_id)
    return _assessment_out(actions.return_assessment(assessment, by=api_user(request), reason=payload.reason))


@router.post(
    "/assessments/{assessment_id}/approve",
    response={200: AssessmentOut, **ERRORS},
    summary="Thẩm định (phê duyệt) hồ sơ đã gửi",
)
def approve(
    request: HttpRequest, payload: ApproveIn | None = None, assessment_id: int = ID
) -> dict[str, Any]:
    assessment = _reviewable_assessment(request, assessment_id)
    note = payload.note if payload is not None else ""
    return _assessment_out(actions.approve_assessment(assessment, by=api_user(request), note=note))


@router.post(
    "/assessments/{assessment_id}/reopen",
    response={200: AssessmentOut, **ERRORS},
    summary="Mở lại hồ sơ đã thẩm định (cấp trên của đơn vị thẩm định), kèm lý do",
)
def reopen(request: HttpRequest, payload: ReasonIn, assessment_id: int = ID) -> dict[str, Any]:
    assessment = _reviewable_assessment(request, assessment_id)
    return _assessment_out(actions.reopen_assessment(assessment, by=api_user(request), reason=payload.reason))


# --- Evidence attached to TT 124 criteria --------------------------------------------------------


def _evidence_out(evidence: Evidence, codes: dict[int, str]) -> dict[str, Any]:
    return {
        "id": evidence.pk,
        "criterion_id": evidence.criterion_id,
        "criterion_code": codes.get(evidence.criterion_id, ""),
        "name": evidence.original_name,
        "size": evidence.size,
        "content_type": evidence.content_type,
        "sha256": evidence.sha256,
        "uploaded_at": evidence.uploaded_at,
        "uploaded_by": evidence.uploaded_by.username if evidence.uploaded_by else None,
    }


def _criterion_codes(assessment: Assessment) -> dict[int, str]:
    return dict(
        StandardResult.objects.filter(assessment=assessment).values_list("criterion_id", "criterion__code")
    )


@router.get(
    "/assessments/{assessment_id}/evidence",
    response={200: list[EvidenceOut], **ERRORS},
    summary="Tệp minh chứng của hồ sơ tự đánh giá",
)
def list_evidence(request: HttpRequest, assessment_id: int = ID) -> list[dict[str, Any]]:
    assessment = _assessment(request, assessment_id)
    codes = _criterion_codes(assessment)
    grouped = assessment_queries.evidence_by_criterion(assessment, with_uploader=True)
    return [_evidence_out(e, codes) for files in grouped.values() for e in files]


@router.post(
    "/assessments/{assessment_id}/evidence",
    response={201: EvidenceOut, **ERRORS},
    summary="Tải lên tệp minh chứng cho một tiêu chí TT 124 (multipart: criterion_id, file)",
)
def upload_evidence(
    request: HttpRequest,
    criterion_id: Form[int],
    file: File[UploadedFile],
    assessment_id: int = ID,
) -> Status[dict[str, Any]]:
    assessment = _editable_assessment(request, assessment_id)
    evidence = actions.add_evidence(assessment, criterion_id, file, by=api_user(request))
    return Status(201, _evidence_out(evidence, _criterion_codes(assessment)))


def _evidence(request: HttpRequest, assessment_id: int, evidence_id: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.visible_to(api_user(request)).select_related(
            "assessment__cycle", "assessment__subject__commune"
        ),
        pk=evidence_id,
        assessment_id=assessment_id,
    )


@router.get(
    "/assessments/{assessment_id}/evidence/{evidence_id}/file",
    response={200: None, **ERRORS},
    summary="Tải về nội dung một tệp minh chứng",
)
def download_evidence(request: HttpRequest, assessment_id: int = ID, evidence_id: int = ID) -> FileResponse:
    evidence = _evidence(request, assessment_id, evidence_id)
    log_action(
        evidence.assessment,
        "assessments.evidence.downloaded",
        actor=api_user(request),
        request=request,
        data={"evidence": evidence.pk, "name": evidence.original_name},
    )
    return evidence_response(evidence)


@router.delete(
    "/assessments/{assessment_id}/evidence/{evidence_id}",
    response={204: None, **ERRORS},
    summary="Xóa một tệp minh chứng (khi hồ sơ còn sửa được)",
)
def delete_evidence(request: HttpRequest, assessment_id: int = ID, evidence_id: int = ID) -> Status[None]:
    evidence = _evidence(request, assessment_id, evidence_id)
    if not can_edit_commune(api_user(request), evidence.assessment.subject.commune):
        raise Http404
    actions.delete_evidence(evidence, by=api_user(request))
    return Status(204, None)


# --- Recognition decisions -----------------------------------------------------------------------
# The list and one decision are read in scope (Decision.visible_to); issuing needs the review queue
# (national admin, province and commune officers) as the page does; the action then refuses, with its
# message (400), a file the user may not decide. Revoking is read-in-scope first (404), then the
# action's own check (only the issuing unit or above; 400 otherwise).


class DecisionUnitOut(Schema):
    """One unit decided by the decision; for a revoked decision, the list as it stood when revoked."""

    assessment_id: int
    name: str
    subject_type: str
    commune: str
    recognised: bool | None
    decided_class: str
    total_points: str | None = Field(None, description=POINTS)


class DecisionSummaryOut(Schema):
    id: int
    year: int = Field(..., description="Năm của kỳ đánh giá.")
    number: int
    symbol: str
    display_number: str = Field(..., description="Số, ký hiệu theo NĐ 30/2020, ví dụ “01/QĐ-UBND”.")
    issuer_code: str
    issuer_name: str
    issued_on: dt.date = Field(..., description=ISO)
    status: str = Field(..., description="issued (đã ban hành) hoặc revoked (đã thu hồi).")
    status_label: str
    replaces_id: int | None = Field(None, description="Quyết định (đã thu hồi) mà quyết định này thay thế.")


class DecisionOut(DecisionSummaryOut):
    place: str
    subject_line: str
    legal_basis: str
    signer_name: str
    signer_title: str
    revoked_at: dt.datetime | None
    revoke_reason: str
    units: list[DecisionUnitOut]


class DecideIn(Schema):
    assessment_ids: list[Annotated[int, Field(ge=1, le=DB_INT_MAX)]] = Field(
        ..., min_length=1, max_length=actions.DECISION_MAX, description="Các hồ sơ đã thẩm định."
    )
    issued_on: dt.date | None = Field(None, description=ISO + " Mặc định: hôm nay.")
    signer_name: Annotated[str, Field(max_length=150)] = ""
    signer_title: Annotated[str, Field(max_length=150)] = ""
    replaces_id: Annotated[int | None, Field(ge=1, le=DB_INT_MAX)] = Field(
        None, description="Quyết định đã thu hồi mà quyết định mới thay thế (đính chính)."
    )

    _nul = field_validator("signer_name", "signer_title", mode="before")(_no_nul)


def _decision_summary(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "year": decision.cycle.year,
        "number": decision.number,
        "symbol": decision.symbol,
        "display_number": decision.display_number,
        "issuer_code": decision.issuer.key,
        "issuer_name": decision.issuer_name,
        "issued_on": decision.issued_on,
        "status": decision.status,
        "status_label": decision.get_status_display(),
        "replaces_id": decision.replaces_id,
    }


def _decision_out(decision: Decision) -> dict[str, Any]:
    decision = Decision.objects.select_related("cycle", "issuer").get(pk=decision.pk)
    if decision.is_revoked:
        units = [
            {
                "assessment_id": e["assessment"],
                "name": e["subject"],
                "subject_type": e["subject_type"],
                "commune": e["commune"],
                "recognised": e["recognised"],
                "decided_class": e["decided_class"],
                "total_points": e["total_points"],
            }
            for e in decision.revoked_entries
        ]
    else:
        units = [
            {
                "assessment_id": a.pk,
                "name": a.subject.name,
                "subject_type": a.subject.subject_type,
                "commune": a.subject.commune.name,
                "recognised": a.recognised,
                "decided_class": a.decided_class,
                "total_points": _plain(a.total_points),
            }
            for a in decision.assessments.select_related("subject__commune").order_by(
                "subject__commune__name", "subject__subject_type", "subject__name", "pk"
            )
        ]
    return {
        **_decision_summary(decision),
        "place": decision.place,
        "subject_line": decision.subject_line,
        "legal_basis": decision.legal_basis,
        "signer_name": decision.signer_name,
        "signer_title": decision.signer_title,
        "revoked_at": decision.revoked_at,
        "revoke_reason": decision.revoke_reason,
        "units": units,
    }


def _visible_decision(request: HttpRequest, decision_id: int) -> Decision:
    return get_object_or_404(Decision.objects.visible_to(api_user(request)), pk=decision_id)


@router.get(
    "/cycles/{year}/decisions",
    response={200: list[DecisionSummaryOut], **ERRORS},
    summary="Các quyết định công nhận của kỳ trong phạm vi người dùng",
)
@paginate(LimitOffsetPagination)
def list_decisions(request: HttpRequest, year: int = YEAR) -> list[dict[str, Any]]:
    cycle = _cycle(year)
    decisions = (
        Decision.objects.visible_to(api_user(request))
        .filter(cycle=cycle)
        .select_related("cycle", "issuer")
        .order_by("-issued_on", "-number", "pk")
    )
    return _LazyRows(decisions, _decision_summary)  # type: ignore[return-value]


@router.get(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **ERRORS},
    summary="Một quyết định công nhận: số, ký hiệu, các đơn vị và mức xếp loại",
)
def get_decision(request: HttpRequest, decision_id: int = ID) -> dict[str, Any]:
    return _decision_out(_visible_decision(request, decision_id))


@router.post(
    "/cycles/{year}/decisions",
    response={201: DecisionOut, **ERRORS},
    summary="Ban hành quyết định công nhận cho các hồ sơ đã thẩm định",
)
def create_decision(request: HttpRequest, payload: DecideIn, year: int = YEAR) -> Status[dict[str, Any]]:
    user = api_user(request)
    if not may_use_review_queue(user):
        raise Http404
    cycle = _cycle(year)
    ids = set(payload.assessment_ids)
    selection = list(Assessment.objects.visible_to(user).filter(cycle=cycle, pk__in=ids))
    if len(selection) != len(ids):
        raise DomainError(_("Có hồ sơ không tìm thấy hoặc không thuộc phạm vi của bạn."))
    replaces = None
    if payload.replaces_id is not None:
        replaces = get_object_or_404(Decision.objects.visible_to(user), pk=payload.replaces_id, cycle=cycle)
    decision = actions.decide(
        selection,
        by=user,
        issued_on=payload.issued_on or timezone.localdate(),
        signer_name=payload.signer_name,
        signer_title=payload.signer_title,
        replaces=replaces,
    )
    return Status(201, _decision_out(decision))


@router.post(
    "/decisions/{decision_id}/revoke",
    response={200: DecisionOut, **ERRORS},
    summary="Thu hồi quyết định công nhận (đơn vị ban hành hoặc cấp trên), kèm lý do",
)
def revoke_decision(request: HttpRequest, payload: ReasonIn, decision_id: int = ID) -> dict[str, Any]:
    decision = _visible_decision(request, decision_id)
    return _decision_out(actions.revoke_decision(decision, by=api_user(request), reason=payload.reason))


# --- The overview (issue 3 §7): the same roll-up as the overview pages ---------------------------

PERCENT = "Phần trăm, một chữ số thập phân; null khi mẫu số bằng 0."


class OverviewCountsOut(Schema):
    """The measures of one row or of the totals (registered against subjects; the rest against registered)."""

    subjects: int
    registered: int
    registered_late: int
    registered_percent: float | None = Field(None, description=PERCENT)
    submitted: int = Field(
        ..., description="Đã gửi và không bị trả lại (chờ xét, đã thẩm định, đã quyết định)."
    )
    submitted_late: int
    submitted_percent: float | None = Field(None, description=PERCENT)
    approved: int = Field(..., description="Đã thẩm định (kể cả đã có quyết định).")
    decided: int
    recognised: int
    recognised_percent: float | None = Field(None, description=PERCENT)
    excellent: int
    good: int
    average: int
    weak: int


class OverviewRowOut(OverviewCountsOut):
    """A child of the unit: a province, a commune (key = its unit key) or a subject type (key = the type)."""

    key: str
    label: str


class LaggingSubjectOut(Schema):
    id: int
    name: str
    subject_type: str


class OverviewOut(Schema):
    """The overview of a cycle at one level; `not_registered` / `not_submitted` only on a commune."""

    year: int
    key: str = Field(
        ..., description="“VN” (toàn quốc hoặc các đơn vị cao nhất trong phạm vi) hoặc mã đơn vị."
    )
    name: str
    child_level: str = Field(..., description="province, commune hoặc subject_type.")
    rows: list[OverviewRowOut]
    totals: OverviewCountsOut
    not_registered: list[LaggingSubjectOut]
    not_submitted: list[LaggingSubjectOut]


def _counts_out(counts: overview.Counts) -> dict[str, Any]:
    return {
        **{name: getattr(counts, name) for name in tallies.MEASURES},
        "registered_percent": counts.registered_percent,
        "submitted_percent": counts.submitted_percent,
        "recognised_percent": counts.recognised_percent,
    }


def _lagging_out(subjects: list[Subject]) -> list[dict[str, Any]]:
    return [{"id": s.pk, "name": s.name, "subject_type": s.subject_type} for s in subjects]


@router.get(
    "/cycles/{year}/overview/{key}",
    response={200: OverviewOut, **ERRORS},
    summary="Tổng hợp kỳ đánh giá: toàn quốc (VN), một tỉnh hoặc một xã",
    description=(
        "Với `VN`: các tỉnh (hoặc các xã trong phạm vi của người dùng cấp xã); với mã tỉnh: các xã của "
        "tỉnh; với mã xã: các loại đối tượng và danh sách đối tượng chưa đăng ký, chưa gửi hồ sơ. "
        "Chỉ tính các đối tượng trong phạm vi của người dùng; đơn vị ngoài phạm vi, đơn vị cũ (trước "
        "2025) hoặc năm không có kỳ đánh giá: 404."
    ),
)
def get_overview(request: HttpRequest, key: str, year: int = YEAR) -> dict[str, Any]:
    user = api_user(request)
    cycle = _cycle(year)
    view = overview.overview(cycle, overview.unit_for_key(user, key), user)
    return {
        "year": cycle.year,
        "key": view.unit.key if view.unit is not None else overview.NATIONAL_KEY,
        "name": view.unit.name if view.unit is not None else _("Toàn quốc"),
        "child_level": view.child_level,
        "rows": [{"key": r.key, "label": r.label, **_counts_out(r)} for r in view.rows],
        "totals": _counts_out(view.totals),
        "not_registered": _lagging_out(view.not_registered),
        "not_submitted": _lagging_out(view.not_submitted),
    }
