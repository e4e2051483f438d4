"""Practices API: the overview of a unit for a period, models (clusters, replicas, evaluations),
advanced examples, activities and the model catalogue, through the pages' actions.

Reads start from `visible_to(user)`; a unit or row outside scope answers 404. Writes need
`can_record` on the unit (else 404) and call the same actions (a domain refusal → 400 with the
Vietnamese message). Periods are "2026", "2026-Q3" or "2026-07"; dates are ISO 8601.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import field_validator

from antq.accounts.api import ERROR_RESPONSES, api_user
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.practices import actions, queries
from antq.practices.models import ActivityKind, AdvancedExample, ModelType, PracticeModel
from antq.practices.permissions import can_record
from antq.practices.rules import Period, parse_period, year
from antq.units.models import Unit

router = Router()

ERRORS = ERROR_RESPONSES
ISO = "Ngày theo ISO 8601 (YYYY-MM-DD)."
PERIOD = "Kỳ: năm (2026), quý (2026-Q3) hoặc tháng (2026-07); mặc định năm nay."
DB_INT_MAX = 2_147_483_647
ID = Path(..., ge=1, le=DB_INT_MAX)


def _no_nul(value: Any) -> Any:
    if isinstance(value, str) and has_nul(value):
        raise ValueError(_("Không được chứa ký tự NUL."))
    return value


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


def _unit(request: HttpRequest, code: str) -> Unit | None:
    if len(code) > 20 or has_nul(code):
        raise Http404
    return queries.unit_for_key(api_user(request), code)


def _recording(request: HttpRequest, code: str) -> Unit:
    unit = _unit(request, code)
    if unit is None or not can_record(api_user(request), unit):
        raise Http404
    return unit


# --- Schemas -------------------------------------------------------------------------------------


class KindOut(Schema):
    code: str
    name: str
    count: int
    previous: int
    trend_percent: float | None
    participants: int
    results: int


class RowOut(Schema):
    key: str
    name: str
    models: int
    points: int
    groups: int
    members: int
    examples: int
    activities: int
    participants: int
    activities_by_kind: dict[str, int]


class OverviewOut(Schema):
    unit: str
    period: str
    previous_period: str
    totals: RowOut
    rows: list[RowOut]
    activities_by_kind: list[KindOut]
    models_by_status: list[dict[str, Any]]
    new_models: int
    new_models_previous: int
    examples_in_period: int
    examples_previous: int


class HandoverOut(Schema):
    year: int
    from_unit_code: str | None
    to_unit_code: str
    decision_number: str
    decided_on: dt.date = Field(..., description=ISO)


class HandoverIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    to_unit_code: Annotated[str, Field(min_length=1, max_length=20)]
    decision_number: Annotated[str, Field(min_length=1, max_length=80)] = Field(
        ..., description="số, ký hiệu văn bản (NĐ 30/2020)"
    )
    decided_on: dt.date = Field(..., description=ISO)

    _nul = field_validator("to_unit_code", "decision_number", mode="before")(_no_nul)


class ModelUpdateIn(Schema):
    type_id: int = Field(..., ge=1, le=DB_INT_MAX)
    name: Annotated[str, Field(min_length=1, max_length=255)]
    started_on: dt.date = Field(..., description=ISO)
    points_count: int = Field(1, description="≥ 1")
    groups_count: int = Field(0, description="≥ 0")
    members_count: int = Field(0, description="≥ 0")
    leaders: Annotated[str, Field(max_length=255)] = ""
    description: Annotated[str, Field(max_length=1000)] = ""
    status: str = Field("active", description="active | dissolved")
    cluster_unit_codes: list[Annotated[str, Field(max_length=20)]] | None = Field(
        None, max_length=200, description="Cụm liên kết: mã các xã, phường thành viên; bỏ trống = giữ nguyên."
    )

    _nul = field_validator("name", "leaders", "description", "status", mode="before")(_no_nul)


class ModelOut(Schema):
    id: int
    name: str
    type_code: str
    type_name: str
    unit_code: str
    origin_id: int | None
    is_cluster: bool
    cluster_unit_codes: list[str] | None = Field(None, description="Chỉ có ở trang chi tiết.")
    started_on: dt.date = Field(..., description=ISO)
    points_count: int
    groups_count: int
    members_count: int
    status: str
    rating: str
    rated_year: int | None
    recognised_on: dt.date | None = Field(None, description=ISO)
    recognition_ref: str
    description: str
    standing_unit_code: str | None = Field(None, description="Cụm liên kết: đơn vị thường trực năm nay.")
    handovers: list[HandoverOut] | None = Field(
        None, description="Cụm liên kết: các lần bàn giao thường trực."
    )


class ModelIn(Schema):
    type_id: int = Field(..., ge=1, le=DB_INT_MAX)
    name: Annotated[str, Field(min_length=1, max_length=255)]
    started_on: dt.date = Field(..., description=ISO)
    points_count: int = Field(1, description="≥ 1")
    groups_count: int = Field(0, description="≥ 0")
    members_count: int = Field(0, description="≥ 0")
    leaders: Annotated[str, Field(max_length=255)] = ""
    description: Annotated[str, Field(max_length=1000)] = ""
    recognised_on: dt.date | None = Field(None, description=ISO)
    recognition_ref: Annotated[str, Field(max_length=50)] = ""
    cluster_unit_codes: list[Annotated[str, Field(max_length=20)]] = Field(
        default_factory=list, max_length=200, description="Mã các xã, phường của cụm liên kết."
    )

    _nul = field_validator("name", "leaders", "description", "recognition_ref", mode="before")(_no_nul)


class ReplicaIn(Schema):
    unit_code: Annotated[str, Field(min_length=1, max_length=20)]
    started_on: dt.date = Field(..., description=ISO)
    points_count: int = 1
    groups_count: int = 0
    members_count: int = 0
    leaders: Annotated[str, Field(max_length=255)] = ""

    _nul = field_validator("unit_code", "leaders", mode="before")(_no_nul)


class EvaluationIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    rating: str = Field(..., description="effective | to_consolidate | dissolved")
    evaluated_on: dt.date = Field(..., description=ISO)
    note: Annotated[str, Field(max_length=500)] = ""

    _nul = field_validator("note", mode="before")(_no_nul)


class EvaluationOut(Schema):
    model_id: int
    year: int
    rating: str
    evaluated_on: dt.date
    status: str


class ExampleOut(Schema):
    id: int
    unit_code: str
    kind: str
    name: str
    position: str
    model_id: int | None
    achievement: str
    recognition_ref: str
    recognised_on: dt.date = Field(..., description=ISO)
    level: str


class ExampleIn(Schema):
    kind: str = Field(..., description="collective | individual")
    name: Annotated[str, Field(min_length=1, max_length=200)]
    position: Annotated[str, Field(max_length=200)] = ""
    model_id: int | None = Field(None, ge=1, le=DB_INT_MAX)
    achievement: Annotated[str, Field(min_length=1, max_length=2000)]
    recognition_ref: Annotated[str, Field(min_length=1, max_length=50)]
    recognised_on: dt.date = Field(..., description=ISO)
    level: str = Field(..., description="commune | province | ministry | government | state")

    _nul = field_validator("name", "position", "achievement", "recognition_ref", mode="before")(_no_nul)


class ActivityOut(Schema):
    id: int
    unit_code: str
    kind: str
    held_on: dt.date = Field(..., description=ISO)
    title: str
    participants: int
    result_count: int
    result_text: str


class ActivityIn(Schema):
    kind: Annotated[str, Field(min_length=1, max_length=40)]
    held_on: dt.date = Field(..., description=ISO)
    title: Annotated[str, Field(min_length=1, max_length=255)]
    participants: int = Field(..., description="≥ 0")
    result_count: int = Field(0, description="≥ 0")
    result_text: Annotated[str, Field(max_length=2000)] = ""

    _nul = field_validator("kind", "title", "result_text", mode="before")(_no_nul)


class ModelTypeOut(Schema):
    id: int
    code: str
    name: str
    province_code: str | None
    programme: str


class ModelTypeIn(Schema):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    province_code: Annotated[str, Field(max_length=20)] | None = Field(
        None, description="Để trống: danh mục toàn quốc (quản trị toàn quốc)."
    )
    source: Annotated[str, Field(max_length=200)] = ""

    _nul = field_validator("name", "source", "province_code", mode="before")(_no_nul)


# --- Mapping ---------------------------------------------------------------------------------------


def _row_out(row: queries.Row, kinds: dict[int, str]) -> dict[str, Any]:
    return {
        "key": row.key,
        "name": row.label,
        "models": row.models,
        "points": row.points,
        "groups": row.groups,
        "members": row.members,
        "examples": row.examples,
        "activities": row.activities,
        "participants": row.participants,
        "activities_by_kind": {kinds[k]: n for k, n in row.by_kind.items() if k in kinds},
    }


def _model_out(model: PracticeModel, *, members: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": model.pk,
        "name": model.name,
        "type_code": model.model_type.code,
        "type_name": model.model_type.name,
        "unit_code": model.unit.key,
        "origin_id": model.origin_id,
        "is_cluster": model.is_cluster,
        "cluster_unit_codes": members,
        "started_on": model.started_on,
        "points_count": model.points_count,
        "groups_count": model.groups_count,
        "members_count": model.members_count,
        "status": model.status,
        "rating": model.rating,
        "rated_year": model.rated_year,
        "recognised_on": model.recognised_on,
        "recognition_ref": model.recognition_ref,
        "description": model.description,
    }


def _example_out(e: AdvancedExample) -> dict[str, Any]:
    return {
        "id": e.pk,
        "unit_code": e.unit.key,
        "kind": e.kind,
        "name": e.name,
        "position": e.position,
        "model_id": e.model_id,
        "achievement": e.achievement,
        "recognition_ref": e.recognition_ref,
        "recognised_on": e.recognised_on,
        "level": e.level,
    }


def _activity_out(a: Any) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit_code": a.unit.key,
        "kind": a.kind.code,
        "held_on": a.held_on,
        "title": a.title,
        "participants": a.participants,
        "result_count": a.result_count,
        "result_text": a.result_text,
    }


def _detail(model: PracticeModel) -> dict[str, Any]:
    model = PracticeModel.objects.select_related("model_type", "unit").get(pk=model.pk)
    members = sorted(model.member_units.values_list("key", flat=True)) if model.is_cluster else []
    out = _model_out(model, members=members)
    if model.is_cluster:
        standing = actions.current_standing_unit(model)
        out["standing_unit_code"] = standing.key if standing else None
        out["handovers"] = [
            {
                "year": h.year,
                "from_unit_code": h.from_unit.key if h.from_unit else None,
                "to_unit_code": h.to_unit.key,
                "decision_number": h.decision_number,
                "decided_on": h.decided_on,
            }
            for h in model.handovers.select_related("from_unit", "to_unit")
        ]
    return out


# --- Routes ----------------------------------------------------------------------------------------


@router.get(
    "/overview/{key}", response={200: OverviewOut, **ERRORS}, summary="Tổng hợp mô hình, điển hình, hoạt động"
)
def get_overview(
    request: HttpRequest, key: str, period: str | None = Query(None, description=PERIOD)
) -> dict[str, Any]:
    unit = _unit(request, key)
    view = queries.overview(api_user(request), unit, _period(period))
    kinds = {k.pk: k.code for k in view.kinds}
    return {
        "unit": unit.key if unit else queries.NATIONAL_KEY,
        "period": view.period.key,
        "previous_period": view.previous.key,
        "totals": _row_out(view.totals, kinds),
        "rows": [_row_out(r, kinds) for r in view.rows],
        "activities_by_kind": [
            {
                "code": k.kind.code,
                "name": k.kind.name,
                "count": k.count,
                "previous": k.previous,
                "trend_percent": k.trend,
                "participants": k.participants,
                "results": k.results,
            }
            for k in view.kind_rows
        ],
        "models_by_status": [
            {"status": s["status"], "rating": s["rating"], "count": s["n"], "points": s["points"] or 0}
            for s in view.by_status
        ],
        "new_models": view.new_models,
        "new_models_previous": view.new_models_previous,
        "examples_in_period": view.examples_in_period,
        "examples_previous": view.examples_previous,
    }


@router.get("/model-types", response={200: list[ModelTypeOut], **ERRORS}, summary="Danh mục loại mô hình")
@paginate(LimitOffsetPagination)
def list_model_types(request: HttpRequest) -> Any:
    visible = Unit.objects.visible_to(api_user(request)).filter(level=Unit.Level.PROVINCE).values("pk")
    types = ModelType.objects.filter(province__isnull=True) | ModelType.objects.filter(province__in=visible)
    return _Rows(types.select_related("province").order_by("province_id", "name", "pk"), _type_out)


def _type_out(t: ModelType) -> dict[str, Any]:
    province = t.province.key if t.province else None
    return {"id": t.pk, "code": t.code, "name": t.name, "province_code": province, "programme": t.programme}


@router.post("/model-types", response={201: ModelTypeOut, **ERRORS}, summary="Bổ sung loại mô hình")
def create_model_type(request: HttpRequest, payload: ModelTypeIn) -> Status[dict[str, Any]]:
    province = None
    if payload.province_code:
        province = Unit.objects.visible_to(api_user(request)).filter(key=payload.province_code).first()
        if province is None:
            raise Http404
    added = actions.add_model_type(
        by=api_user(request), name=payload.name, province=province, source=payload.source
    )
    added.province = province
    return Status(201, _type_out(added))


@router.get(
    "/units/{code}/models", response={200: list[ModelOut], **ERRORS}, summary="Mô hình của một đơn vị"
)
@paginate(LimitOffsetPagination)
def list_models(request: HttpRequest, code: str, q: str = Query("", max_length=100)) -> Any:
    unit = _unit(request, code)
    return _Rows(queries.models_of(api_user(request), unit, text="" if has_nul(q) else q), _model_out)


@router.post(
    "/units/{code}/models", response={201: ModelOut, **ERRORS}, summary="Đăng ký mô hình (hoặc cụm liên kết)"
)
def create_model(request: HttpRequest, payload: ModelIn, code: str) -> Status[dict[str, Any]]:
    unit = _recording(request, code)
    user = api_user(request)
    model_type = ModelType.objects.filter(pk=payload.type_id).first()
    if model_type is None:
        raise DomainError(_("Không có loại mô hình này trong danh mục."))
    keys = sorted(set(payload.cluster_unit_codes))
    members = list(Unit.objects.visible_to(user).filter(key__in=keys))
    missing = sorted(set(keys) - {u.key for u in members})
    if missing:
        raise DomainError(_("Không tìm thấy đơn vị có mã: %(codes)s.") % {"codes": ", ".join(missing[:20])})
    data = payload.dict(exclude={"type_id", "cluster_unit_codes"})
    model = actions.register_model(unit, by=user, model_type=model_type, cluster_units=members, **data)
    return Status(201, _detail(model))


def _model(request: HttpRequest, model_id: int) -> PracticeModel:
    return get_object_or_404(
        PracticeModel.objects.visible_to(api_user(request)).select_related("model_type", "unit"), pk=model_id
    )


@router.get("/models/{model_id}", response={200: ModelOut, **ERRORS}, summary="Một mô hình")
def get_model(request: HttpRequest, model_id: int = ID) -> dict[str, Any]:
    return _detail(_model(request, model_id))


@router.post(
    "/models/{model_id}/replicas",
    response={201: ModelOut, **ERRORS},
    summary="Nhân rộng mô hình tại điểm khác",
)
def replicate(request: HttpRequest, payload: ReplicaIn, model_id: int = ID) -> Status[dict[str, Any]]:
    model = _model(request, model_id)
    user = api_user(request)
    target = Unit.objects.visible_to(user).filter(key=payload.unit_code).first()
    if target is None or not can_record(user, target):
        raise Http404
    replica = actions.replicate_model(model, by=user, unit=target, **payload.dict(exclude={"unit_code"}))
    return Status(201, _detail(replica))


@router.put("/models/{model_id}", response={200: ModelOut, **ERRORS}, summary="Sửa thông tin mô hình")
def update_model(request: HttpRequest, payload: ModelUpdateIn, model_id: int = ID) -> dict[str, Any]:
    model = _model(request, model_id)
    user = api_user(request)
    if not can_record(user, model.unit):
        raise Http404
    model_type = ModelType.objects.filter(pk=payload.type_id).first()
    if model_type is None:
        raise DomainError(_("Không có loại mô hình này trong danh mục."))
    members: list[Unit] | None = None
    if payload.cluster_unit_codes is not None:
        keys = sorted(set(payload.cluster_unit_codes))
        members = list(Unit.objects.visible_to(user).filter(key__in=keys))
        missing = sorted(set(keys) - {u.key for u in members})
        if missing:
            raise DomainError(
                _("Không tìm thấy đơn vị có mã: %(codes)s.") % {"codes": ", ".join(missing[:20])}
            )
    data = payload.dict(exclude={"type_id", "cluster_unit_codes"})
    actions.update_model(model, by=user, model_type=model_type, cluster_units=members, **data)
    return _detail(model)


@router.post(
    "/models/{model_id}/handovers",
    response={201: HandoverOut, **ERRORS},
    summary="Bàn giao đơn vị thường trực cụm liên kết (năm, đơn vị nhận, văn bản)",
)
def hand_over(request: HttpRequest, payload: HandoverIn, model_id: int = ID) -> Status[dict[str, Any]]:
    model = _model(request, model_id)
    user = api_user(request)
    if not can_record(user, model.unit):
        raise Http404
    # Only a member may take over: look the code up among the cluster's units, not the whole map.
    to_unit = next((u for u in actions.cluster_units(model) if u.key == payload.to_unit_code), None)
    if to_unit is None:
        raise DomainError(
            _("Đơn vị mã %(code)s không phải thành viên cụm liên kết; chỉ bàn giao cho đơn vị thành viên.")
            % {"code": payload.to_unit_code}
        )
    handover = actions.hand_over_cluster(
        model,
        by=user,
        year=payload.year,
        to_unit=to_unit,
        decision_number=payload.decision_number,
        decided_on=payload.decided_on,
    )
    return Status(
        201,
        {
            "year": handover.year,
            "from_unit_code": handover.from_unit.key if handover.from_unit else None,
            "to_unit_code": to_unit.key,
            "decision_number": handover.decision_number,
            "decided_on": handover.decided_on,
        },
    )


@router.post(
    "/models/{model_id}/evaluations",
    response={201: EvaluationOut, **ERRORS},
    summary="Đánh giá mô hình hằng năm",
)
def evaluate(request: HttpRequest, payload: EvaluationIn, model_id: int = ID) -> Status[dict[str, Any]]:
    model = _model(request, model_id)
    if not can_record(api_user(request), model.unit):
        raise Http404
    evaluation = actions.evaluate_model(model, by=api_user(request), **payload.dict())
    model.refresh_from_db(fields=["status"])
    return Status(
        201,
        {
            "model_id": model.pk,
            "year": evaluation.year,
            "rating": evaluation.rating,
            "evaluated_on": evaluation.evaluated_on,
            "status": model.status,
        },
    )


@router.get(
    "/units/{code}/examples", response={200: list[ExampleOut], **ERRORS}, summary="Điển hình tiên tiến"
)
@paginate(LimitOffsetPagination)
def list_examples(request: HttpRequest, code: str) -> Any:
    return _Rows(queries.examples_of(api_user(request), _unit(request, code)), _example_out)


@router.post(
    "/units/{code}/examples", response={201: ExampleOut, **ERRORS}, summary="Ghi nhận điển hình tiên tiến"
)
def create_example(request: HttpRequest, payload: ExampleIn, code: str) -> Status[dict[str, Any]]:
    unit = _recording(request, code)
    model = None
    if payload.model_id:
        model = get_object_or_404(PracticeModel.objects.visible_to(api_user(request)), pk=payload.model_id)
    example = actions.record_example(
        unit, by=api_user(request), model=model, **payload.dict(exclude={"model_id"})
    )
    example.unit = unit
    return Status(201, _example_out(example))


@router.get(
    "/units/{code}/activities",
    response={200: list[ActivityOut], **ERRORS},
    summary="Hoạt động phong trào trong kỳ",
)
@paginate(LimitOffsetPagination)
def list_activities(
    request: HttpRequest, code: str, period: str | None = Query(None, description=PERIOD)
) -> Any:
    rows = queries.activities_of(api_user(request), _unit(request, code), _period(period))
    return _Rows(rows, _activity_out)


class _Rows:
    """A sliceable view of a queryset that maps each row only for the page asked for."""

    def __init__(self, queryset: Any, build: Any) -> None:
        self.queryset, self.build = queryset, build

    def __len__(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, item: slice) -> list[Any]:
        return [self.build(row) for row in self.queryset[item]]


@router.post(
    "/units/{code}/activities", response={201: ActivityOut, **ERRORS}, summary="Ghi nhận hoạt động phong trào"
)
def create_activity(request: HttpRequest, payload: ActivityIn, code: str) -> Status[dict[str, Any]]:
    unit = _recording(request, code)
    kind = ActivityKind.objects.filter(code=payload.kind).first()
    if kind is None:
        raise DomainError(_("Không có loại hoạt động “%(kind)s”.") % {"kind": payload.kind[:40]})
    activity = actions.record_activity(
        unit, by=api_user(request), kind=kind, **payload.dict(exclude={"kind"})
    )
    return Status(201, _activity_out(activity))
