"""State changes of the practices registers: model types, models (and clusters, replicas), yearly
evaluations, advanced examples and activities.

Every verb is atomic, keyword-only, checks its input with a Vietnamese `DomainError` before writing
anything, and writes one audit entry. Scope is checked here too (a unit outside the actor's editing
scope is refused), so the page, the API and the seed cannot diverge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.core import doc_numbers
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import fold, has_nul
from antq.practices.models import (
    Activity,
    ActivityKind,
    AdvancedExample,
    ClusterHandover,
    ModelEvaluation,
    ModelType,
    PracticeModel,
    unit_province_id,
)
from antq.practices.permissions import can_add_model_type, can_record
from antq.practices.tallies import refresh_activity_tally, refresh_model_tallies
from antq.units.models import Unit

MAX_COUNT = 10_000_000
MAX_CLUSTER_UNITS = 200


def _d(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _text(value: str | None, label: str, *, required: bool = False, max_length: int = 255) -> str:
    value = (value or "").strip()
    if has_nul(value):
        raise DomainError(_("“%(label)s” có ký tự không hợp lệ.") % {"label": label})
    if required and not value:
        raise DomainError(_("Chưa nhập “%(label)s”.") % {"label": label})
    if len(value) > max_length:
        raise DomainError(_("“%(label)s” dài quá %(max)s ký tự.") % {"label": label, "max": max_length})
    return value


def _count(value: int | None, label: str, *, minimum: int = 0) -> int:
    if value is None:
        value = 0
    if value < minimum:
        if minimum == 0:
            raise DomainError(_("“%(label)s” không được là số âm.") % {"label": label})
        raise DomainError(_("“%(label)s” phải từ %(min)s trở lên.") % {"label": label, "min": minimum})
    if value > MAX_COUNT:
        raise DomainError(_("“%(label)s” quá lớn.") % {"label": label})
    return value


def _not_future(day: dt.date, label: str) -> None:
    if day > timezone.localdate():
        raise DomainError(
            _("%(label)s (%(day)s) không được sau ngày hôm nay.") % {"label": label, "day": _d(day)}
        )


def _recording_unit(unit: Unit, by: User) -> Unit:
    if not can_record(by, unit):
        raise DomainError(
            _(
                "Bạn không được ghi nhận số liệu cho “%(unit)s” "
                "(ngoài phạm vi quản lý hoặc đơn vị đã giải thể)."
            )
            % {"unit": unit.name}
        )
    return unit


# --- Catalogue -----------------------------------------------------------------------------------


@transaction.atomic
def add_model_type(*, by: User, name: str, province: Unit | None = None, source: str = "") -> ModelType:
    """Add a type to the national catalogue (province None) or to a province's own list."""
    if not can_add_model_type(by, province):
        raise DomainError(_("Bạn không được bổ sung danh mục loại mô hình của đơn vị này."))
    name = _text(name, _("Tên loại mô hình"), required=True, max_length=200)
    source = _text(source, _("Nguồn"), max_length=200)
    existing = ModelType.objects.filter(name_folded=fold(name))
    existing = existing.filter(province__isnull=True) | existing.filter(province=province)
    if existing.exists():
        raise DomainError(_("Danh mục đã có loại mô hình “%(name)s”.") % {"name": name})
    code = slugify(fold(name))[:50] or "mo-hinh"
    base, n = code, 1
    while ModelType.objects.filter(code=code, province=province).exists():
        n += 1
        code = f"{base}-{n}"
    model_type = ModelType.objects.create(name=name, code=code, province=province, source=source)
    log_action(
        model_type,
        "practices.model_type.added",
        actor=by,
        data={"province": province.key if province else None, "code": code},
    )
    return model_type


# --- Models ----------------------------------------------------------------------------------------


def _check_type(model_type: ModelType, unit: Unit) -> None:
    if not model_type.is_active or not ModelType.objects.for_unit(unit).filter(pk=model_type.pk).exists():
        raise DomainError(
            _("Loại mô hình “%(type)s” không có trong danh mục dùng cho %(unit)s.")
            % {"type": model_type.name, "unit": unit.name}
        )


def _cluster_units(units: Sequence[Unit], owner: Unit, by: User) -> list[Unit]:
    chosen = {u.pk: u for u in units}
    chosen.pop(owner.pk, None)
    if not chosen:
        raise DomainError(_("Cụm liên kết cần ít nhất một đơn vị khác ngoài đơn vị đăng ký."))
    if len(chosen) > MAX_CLUSTER_UNITS:
        raise DomainError(_("Cụm liên kết có quá nhiều đơn vị (tối đa %(n)s).") % {"n": MAX_CLUSTER_UNITS})
    outside = [u.name for u in chosen.values() if not can_record(by, u) or u.level != Unit.Level.COMMUNE]
    if outside:
        raise DomainError(
            _("Các đơn vị sau không phải xã, phường, đặc khu trong phạm vi quản lý của bạn: %(units)s.")
            % {"units": ", ".join(sorted(outside))}
        )
    return list(chosen.values())


@transaction.atomic
def register_model(
    unit: Unit,
    *,
    by: User,
    model_type: ModelType,
    name: str,
    started_on: dt.date,
    points_count: int = 1,
    groups_count: int = 0,
    members_count: int = 0,
    leaders: str = "",
    description: str = "",
    recognised_on: dt.date | None = None,
    recognition_ref: str = "",
    cluster_units: Sequence[Unit] = (),
    origin: PracticeModel | None = None,
) -> PracticeModel:
    """Register a model of `unit` (commune or above); with `cluster_units` it is a cross-unit cluster."""
    _recording_unit(unit, by)
    _check_type(model_type, unit)
    name = _text(name, _("Tên mô hình"), required=True)
    leaders = _text(leaders, _("Người phụ trách"))
    description = _text(description, _("Mô tả ngắn"), max_length=1000)
    recognition_ref = _text(recognition_ref, _("Số quyết định công nhận"), max_length=50)
    points_count = _count(points_count, _("Số điểm áp dụng"), minimum=1)
    groups_count = _count(groups_count, _("Số tổ, nhóm thực hiện"))
    members_count = _count(members_count, _("Số thành viên"))
    _not_future(started_on, _("Ngày bắt đầu"))
    if recognised_on is not None:
        _not_future(recognised_on, _("Ngày công nhận"))
        if recognised_on < started_on:
            raise DomainError(_("Ngày công nhận không được trước ngày bắt đầu mô hình."))
        if not recognition_ref:
            raise DomainError(_("Có ngày công nhận thì cần ghi số quyết định công nhận."))
    members = _cluster_units(cluster_units, unit, by) if cluster_units else []
    if (
        origin is None
        and PracticeModel.objects.filter(
            unit=unit, name_folded=fold(name), status=PracticeModel.Status.ACTIVE, origin__isnull=True
        ).exists()
    ):
        raise DomainError(
            _("%(unit)s đã có mô hình “%(name)s” đang hoạt động.") % {"unit": unit.name, "name": name}
        )
    model = PracticeModel.objects.create(
        unit=unit,
        province_id=unit_province_id(unit),
        model_type=model_type,
        name=name,
        origin=origin,
        is_cluster=bool(members),
        started_on=started_on,
        points_count=points_count,
        groups_count=groups_count,
        members_count=members_count,
        leaders=leaders,
        description=description,
        recognised_on=recognised_on,
        recognition_ref=recognition_ref,
    )
    if members:
        model.member_units.set(members)
    refresh_model_tallies(model)
    log_action(
        model,
        "practices.model.replicated" if origin else "practices.model.registered",
        actor=by,
        data={
            "unit": unit.key,
            "type": model_type.code,
            "points": points_count,
            "groups": groups_count,
            "members": members_count,
            "cluster_units": sorted(u.key for u in members),
            "origin": origin.pk if origin else None,
        },
    )
    return model


@transaction.atomic
def replicate_model(
    origin: PracticeModel,
    *,
    by: User,
    unit: Unit,
    started_on: dt.date,
    points_count: int = 1,
    groups_count: int = 0,
    members_count: int = 0,
    leaders: str = "",
) -> PracticeModel:
    """Adopt `origin` at another unit: a new point of the same model, linked to its origin."""
    _recording_unit(unit, by)
    origin = PracticeModel.objects.select_for_update().get(pk=origin.pk)
    if origin.status != PracticeModel.Status.ACTIVE:
        raise DomainError(_("Mô hình “%(name)s” đã giải thể, không nhân rộng được.") % {"name": origin.name})
    root: PracticeModel = origin.origin or origin  # replicas link to the first model
    if (
        unit.pk == root.unit_id
        or PracticeModel.objects.filter(origin=root, unit=unit, status=PracticeModel.Status.ACTIVE).exists()
    ):
        raise DomainError(
            _("%(unit)s đã áp dụng mô hình “%(name)s”.") % {"unit": unit.name, "name": root.name}
        )
    if started_on < root.started_on:
        raise DomainError(
            _("Ngày áp dụng không được trước ngày bắt đầu của mô hình gốc (%(day)s).")
            % {"day": _d(root.started_on)}
        )
    return register_model(
        unit,
        by=by,
        model_type=root.model_type,
        name=root.name,
        started_on=started_on,
        points_count=points_count,
        groups_count=groups_count,
        members_count=members_count,
        leaders=leaders,
        description=root.description,
        origin=root,
    )


@transaction.atomic
def evaluate_model(
    model: PracticeModel, *, by: User, year: int, rating: str, evaluated_on: dt.date, note: str = ""
) -> ModelEvaluation:
    """Record the yearly evaluation; "dissolved" also ends the model."""
    model = PracticeModel.objects.select_for_update().select_related("unit").get(pk=model.pk)
    _recording_unit(model.unit, by)
    if rating not in PracticeModel.Rating.values:
        raise DomainError(_("Kết quả đánh giá không hợp lệ."))
    if model.status != PracticeModel.Status.ACTIVE:
        raise DomainError(_("Mô hình “%(name)s” đã giải thể.") % {"name": model.name})
    note = _text(note, _("Nhận xét"), max_length=500)
    _not_future(evaluated_on, _("Ngày đánh giá"))
    if year < model.started_on.year or year > timezone.localdate().year:
        raise DomainError(
            _("Năm đánh giá phải từ %(start)s (năm bắt đầu mô hình) đến năm nay.")
            % {"start": model.started_on.year}
        )
    if evaluated_on.year < year:
        raise DomainError(_("Ngày đánh giá phải trong hoặc sau năm được đánh giá."))
    if ModelEvaluation.objects.filter(model=model, year=year).exists():
        raise DomainError(_("Mô hình đã được đánh giá năm %(year)s.") % {"year": year})
    evaluation = ModelEvaluation.objects.create(
        model=model, year=year, rating=rating, evaluated_on=evaluated_on, note=note
    )
    latest = ModelEvaluation.objects.filter(model=model).order_by("-year").first()
    assert latest is not None
    model.rating, model.rated_year = latest.rating, latest.year
    if rating == PracticeModel.Rating.DISSOLVED:
        model.status = PracticeModel.Status.DISSOLVED
    model.save(update_fields=["rating", "rated_year", "status"])
    refresh_model_tallies(model)
    log_action(
        model, "practices.model.evaluated", actor=by, data={"year": year, "rating": rating, "note": note}
    )
    return evaluation


EDITABLE_FIELDS = (
    "model_type",
    "name",
    "started_on",
    "points_count",
    "groups_count",
    "members_count",
    "leaders",
    "description",
    "status",
)


@transaction.atomic
def update_model(
    model: PracticeModel,
    *,
    by: User,
    model_type: ModelType,
    name: str,
    started_on: dt.date,
    points_count: int,
    groups_count: int,
    members_count: int,
    leaders: str = "",
    description: str = "",
    status: str = PracticeModel.Status.ACTIVE,
    cluster_units: Sequence[Unit] | None = None,
) -> PracticeModel:
    """Correct a model's name, type, counts, start date, people or status (history keeps the old values).

    A replica keeps its origin's name and type; renaming an origin renames its replicas. A cluster's
    member units may be changed, but never so that its current standing unit leaves it.
    """
    model = (
        PracticeModel.objects.select_for_update(of=("self",))
        .select_related("unit", "origin")
        .get(pk=model.pk)
    )
    _recording_unit(model.unit, by)
    before = {f: getattr(model, f) for f in EDITABLE_FIELDS}
    before_members = sorted(model.member_units.values_list("pk", flat=True)) if model.is_cluster else []
    if status not in PracticeModel.Status.values:
        raise DomainError(_("Trạng thái mô hình không hợp lệ."))
    name = _text(name, _("Tên mô hình"), required=True)
    if model.origin_id is not None and (
        fold(name) != fold(model.name) or model_type.pk != model.model_type_id
    ):
        raise DomainError(_("Điểm nhân rộng mang tên và loại của mô hình gốc; hãy sửa ở mô hình gốc."))
    if model_type.pk != model.model_type_id:
        _check_type(model_type, model.unit)
    leaders = _text(leaders, _("Người phụ trách"))
    description = _text(description, _("Mô tả ngắn"), max_length=1000)
    points_count = _count(points_count, _("Số điểm áp dụng"), minimum=1)
    groups_count = _count(groups_count, _("Số tổ, nhóm thực hiện"))
    members_count = _count(members_count, _("Số thành viên"))
    _not_future(started_on, _("Ngày bắt đầu"))
    if model.recognised_on is not None and model.recognised_on < started_on:
        raise DomainError(_("Ngày công nhận không được trước ngày bắt đầu mô hình."))
    if model.origin is not None and started_on < model.origin.started_on:
        raise DomainError(
            _("Ngày áp dụng không được trước ngày bắt đầu của mô hình gốc (%(day)s).")
            % {"day": _d(model.origin.started_on)}
        )
    first_rated = model.evaluations.order_by("year").values_list("year", flat=True).first()
    if first_rated is not None and started_on.year > first_rated:
        raise DomainError(
            _("Mô hình đã được đánh giá năm %(year)s; ngày bắt đầu không được sau năm đó.")
            % {"year": first_rated}
        )
    if (
        model.origin_id is None
        and status == PracticeModel.Status.ACTIVE
        and PracticeModel.objects.filter(
            unit=model.unit, name_folded=fold(name), status=PracticeModel.Status.ACTIVE, origin__isnull=True
        )
        .exclude(pk=model.pk)
        .exists()
    ):
        raise DomainError(
            _("%(unit)s đã có mô hình “%(name)s” đang hoạt động.") % {"unit": model.unit.name, "name": name}
        )
    members: list[Unit] | None = None
    if cluster_units is not None and model.is_cluster:
        members = _cluster_units(cluster_units, model.unit, by)
        standing = current_standing_unit(model)
        if (
            standing is not None
            and standing.pk != model.unit_id
            and standing.pk not in {u.pk for u in members}
        ):
            raise DomainError(
                _(
                    "%(unit)s đang là đơn vị thường trực cụm; "
                    "hãy bàn giao thường trực trước khi bỏ đơn vị này."
                )
                % {"unit": standing.name}
            )
    elif cluster_units:
        raise DomainError(_("Mô hình này không phải cụm liên kết."))
    old_cells = PracticeModel(
        province_id=model.province_id, model_type_id=model.model_type_id, started_on=model.started_on
    )
    model.model_type, model.name, model.started_on = model_type, name, started_on
    model.points_count, model.groups_count, model.members_count = points_count, groups_count, members_count
    model.leaders, model.description, model.status = leaders, description, status
    changed = {
        f: [str(before[f]), str(getattr(model, f))] for f in EDITABLE_FIELDS if before[f] != getattr(model, f)
    }
    if members is not None and sorted(u.pk for u in members) != before_members:
        model.member_units.set(members)
        changed["cluster_units"] = [
            str(len(before_members)),
            ", ".join(sorted(u.key for u in members)),
        ]
    if not changed:
        return model
    model.save()
    if "name" in changed and model.origin_id is None:
        model.replicas.update(name=name, name_folded=fold(name))
    refresh_model_tallies(old_cells)
    refresh_model_tallies(model)
    log_action(model, "practices.model.updated", actor=by, data={"changed": changed})
    return model


# --- Clusters: the standing unit rotates yearly among the members --------------------------------


def cluster_units(cluster: PracticeModel) -> list[Unit]:
    """The registering unit and the member units of a cluster."""
    return [cluster.unit, *cluster.member_units.order_by("name")]


def current_standing_unit(cluster: PracticeModel, year: int | None = None) -> Unit | None:
    """The unit holding the standing role in `year` (this year by default): the last handover up to it,
    else the registering unit."""
    if not cluster.is_cluster:
        return None
    year = year or timezone.localdate().year
    last = (
        ClusterHandover.objects.filter(cluster=cluster, year__lte=year)
        .select_related("to_unit")
        .order_by("-year")
        .first()
    )
    return last.to_unit if last else cluster.unit


@transaction.atomic
def hand_over_cluster(
    cluster: PracticeModel,
    *,
    by: User,
    year: int,
    to_unit: Unit,
    decision_number: str,
    decided_on: dt.date,
) -> ClusterHandover:
    """Record that the standing role of a cluster passes to another member unit for `year`."""
    cluster = PracticeModel.objects.select_for_update().select_related("unit").get(pk=cluster.pk)
    _recording_unit(cluster.unit, by)
    if not cluster.is_cluster:
        raise DomainError(_("Mô hình “%(name)s” không phải cụm liên kết.") % {"name": cluster.name})
    if cluster.status != PracticeModel.Status.ACTIVE:
        raise DomainError(_("Cụm liên kết “%(name)s” đã giải thể.") % {"name": cluster.name})
    members = {u.pk: u for u in cluster_units(cluster)}
    if to_unit.pk not in members:
        raise DomainError(
            _("%(unit)s không phải thành viên cụm liên kết “%(name)s”; chỉ bàn giao cho đơn vị thành viên.")
            % {"unit": to_unit.name, "name": cluster.name}
        )
    today = timezone.localdate()
    if year < cluster.started_on.year or year > today.year + 1:
        raise DomainError(
            _("Năm bàn giao phải từ %(start)s (năm thành lập cụm) đến %(next)s.")
            % {"start": cluster.started_on.year, "next": today.year + 1}
        )
    last = ClusterHandover.objects.filter(cluster=cluster).order_by("-year").first()
    if last is not None and year <= last.year:
        raise DomainError(
            _("Cụm đã ghi bàn giao thường trực năm %(year)s; chỉ ghi được năm sau đó.") % {"year": last.year}
        )
    from_unit = current_standing_unit(cluster, year)
    if from_unit is not None and from_unit.pk == to_unit.pk:
        raise DomainError(
            _("%(unit)s đang là đơn vị thường trực; hãy chọn đơn vị thành viên khác.")
            % {"unit": to_unit.name}
        )
    try:
        number = doc_numbers.normalise(decision_number)
    except doc_numbers.DocNumberError as error:
        raise DomainError(str(error)) from error
    _not_future(decided_on, _("Ngày văn bản"))
    handover = ClusterHandover.objects.create(
        cluster=cluster,
        year=year,
        from_unit=from_unit,
        to_unit=to_unit,
        decision_number=number,
        decided_on=decided_on,
        recorded_by=by,
    )
    log_action(
        cluster,
        "practices.cluster.handed_over",
        actor=by,
        data={
            "year": year,
            "from": from_unit.key if from_unit else None,
            "to": to_unit.key,
            "decision": number,
            "decided_on": decided_on.isoformat(),
        },
    )
    return handover


# --- Advanced examples -----------------------------------------------------------------------------


@transaction.atomic
def record_example(
    unit: Unit,
    *,
    by: User,
    kind: str,
    name: str,
    achievement: str,
    recognition_ref: str,
    recognised_on: dt.date,
    level: str,
    position: str = "",
    model: PracticeModel | None = None,
) -> AdvancedExample:
    """Record a collective or individual recognised as an advanced example."""
    _recording_unit(unit, by)
    if kind not in AdvancedExample.Kind.values:
        raise DomainError(_("Loại điển hình không hợp lệ (tập thể hoặc cá nhân)."))
    if level not in AdvancedExample.Level.values:
        raise DomainError(_("Cấp công nhận không hợp lệ."))
    name = _text(name, _("Tên tập thể, cá nhân"), required=True, max_length=200)
    position = _text(position, _("Chức vụ, nơi công tác"), max_length=200)
    achievement = _text(achievement, _("Thành tích"), required=True, max_length=2000)
    recognition_ref = _text(recognition_ref, _("Số quyết định"), required=True, max_length=50)
    _not_future(recognised_on, _("Ngày quyết định"))
    if (
        model is not None
        and not unit.path.startswith(model.unit.path)
        and not model.unit.path.startswith(unit.path)
    ):
        raise DomainError(_("Mô hình được chọn không thuộc đơn vị này."))
    example = AdvancedExample.objects.create(
        unit=unit,
        province_id=unit_province_id(unit),
        kind=kind,
        name=name,
        position=position,
        model=model,
        achievement=achievement,
        recognition_ref=recognition_ref,
        recognised_on=recognised_on,
        level=level,
    )
    # The name of an individual stays out of the audit log (it lives in the row only).
    log_action(
        example,
        "practices.example.recorded",
        actor=by,
        data={"unit": unit.key, "kind": kind, "level": level, "recognition_ref": recognition_ref},
    )
    return example


# --- Activities --------------------------------------------------------------------------------------


@transaction.atomic
def record_activity(
    unit: Unit,
    *,
    by: User,
    kind: ActivityKind,
    held_on: dt.date,
    title: str,
    participants: int,
    result_count: int = 0,
    result_text: str = "",
) -> Activity:
    """Record a propaganda session, mobilisation meeting, mediation, persuasion or drug-free work."""
    _recording_unit(unit, by)
    if not kind.is_active:
        raise DomainError(_("Loại hoạt động “%(kind)s” không còn dùng.") % {"kind": kind.name})
    title = _text(title, _("Nội dung"), required=True)
    result_text = _text(result_text, _("Kết quả"), max_length=2000)
    participants = _count(participants, _("Số người tham dự"))
    result_count = _count(result_count, _("Kết quả (số lượng)"))
    _not_future(held_on, _("Ngày tổ chức"))
    activity = Activity.objects.create(
        unit=unit,
        province_id=unit_province_id(unit),
        kind=kind,
        held_on=held_on,
        title=title,
        participants=participants,
        result_count=result_count,
        result_text=result_text,
    )
    refresh_activity_tally(activity.province_id, kind.pk, held_on)
    log_action(
        activity,
        "practices.activity.recorded",
        actor=by,
        data={
            "unit": unit.key,
            "kind": kind.code,
            "held_on": held_on.isoformat(),
            "participants": participants,
        },
    )
    return activity
