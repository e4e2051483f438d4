"""Pages of the practices area: overview of a unit for a period, the lists of models, examples and
activities with their forms and Excel exports, the model catalogue, and the public showcase.

Reading needs the unit in the user's scope (else 404); writing needs `can_record` (else 404).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import MAX_SEARCH_LENGTH, has_nul
from antq.practices import actions, exports, queries
from antq.practices.forms import (
    ActivityForm,
    EvaluationForm,
    ExampleForm,
    HandoverForm,
    ModelEditForm,
    ModelForm,
    ModelTypeForm,
    ReplicateForm,
)
from antq.practices.models import ActivityKind, ModelType, PracticeModel
from antq.practices.permissions import can_add_model_type, can_record
from antq.practices.rules import Period, parse_period, year
from antq.units.models import Unit

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _text(request: HttpRequest) -> str:
    text = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    return "" if has_nul(text) else text


def _int(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _period(request: HttpRequest) -> Period:
    today = timezone.localdate()
    return parse_period(request.GET.get("ky", ""), today=today) or year(today.year)


def _unit(request: HttpRequest, key: str) -> Unit | None:
    return queries.unit_for_key(request.user, key)


def _recording_unit(request: HttpRequest, key: str) -> Unit:
    unit = _unit(request, key)
    if unit is None or not can_record(_user(request), unit):
        raise Http404
    return unit


def _crumbs(unit: Unit | None) -> list[Unit]:
    if unit is None or unit.parent is None or unit.level != Unit.Level.COMMUNE:
        return []
    return [unit.parent]


def _context(request: HttpRequest, unit: Unit | None, **extra: Any) -> dict[str, Any]:
    return {
        "unit": unit,
        "key": unit.key if unit else queries.NATIONAL_KEY,
        "crumbs": _crumbs(unit),
        "can_record": unit is not None and can_record(_user(request), unit),
        **extra,
    }


def _overview_page(request: HttpRequest, unit: Unit | None) -> HttpResponse:
    period = _period(request)
    view = queries.overview(request.user, unit, period)
    return render(
        request,
        "practices/overview.html",
        _context(request, unit, view=view, period=period, chart=view.chart()),
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The nation as the user's scope holds it, by province."""
    return _overview_page(request, None)


@login_required
def overview_unit(request: HttpRequest, key: str) -> HttpResponse:
    if key == queries.NATIONAL_KEY:
        return redirect("practices:overview")
    return _overview_page(request, _unit(request, key))


@login_required
def model_list(request: HttpRequest, key: str) -> HttpResponse:
    unit = _unit(request, key)
    text = _text(request)
    rows = queries.models_of(
        request.user, unit, text=text, type_id=_int(request, "loai"), status=request.GET.get("tt", "")
    )
    return render(
        request,
        "practices/models.html",
        _context(
            request,
            unit,
            page=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            q=text,
            types=queries.types_for(unit),
            statuses=PracticeModel.Status.choices,
        ),
    )


def _model(request: HttpRequest, pk: int) -> PracticeModel:
    return get_object_or_404(
        PracticeModel.objects.visible_to(request.user).select_related(
            "model_type", "unit", "unit__parent", "origin"
        ),
        pk=pk,
    )


@login_required
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = _model(request, pk)
    user = _user(request)
    replicas = Paginator(
        PracticeModel.objects.visible_to(user)
        .filter(origin=model)
        .select_related("unit")
        .order_by("unit__name", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    totals = PracticeModel.objects.filter(origin=model, status=PracticeModel.Status.ACTIVE).aggregate(
        points=Sum("points_count"), groups=Sum("groups_count")
    )
    return render(
        request,
        "practices/model.html",
        {
            "model": model,
            "unit": model.unit,
            "key": model.unit.key,
            "crumbs": _crumbs(model.unit),
            "members": model.member_units.order_by("name") if model.is_cluster else [],
            "standing": actions.current_standing_unit(model),
            "handovers": model.handovers.select_related("from_unit", "to_unit")[:50]
            if model.is_cluster
            else [],
            "can_edit": can_record(user, model.unit),
            "can_hand_over": model.is_cluster
            and model.status == PracticeModel.Status.ACTIVE
            and can_record(user, model.unit),
            "evaluations": model.evaluations.all()[:20],
            "replicas": replicas,
            "replica_points": totals["points"] or 0,
            "replica_groups": totals["groups"] or 0,
            "can_evaluate": can_record(user, model.unit) and model.status == PracticeModel.Status.ACTIVE,
            "can_replicate": model.status == PracticeModel.Status.ACTIVE
            and user.has_role("national_admin", "province_officer", "commune_officer"),
        },
    )


def _form_page(request: HttpRequest, unit: Unit | None, form: Any, title: str, back: str) -> HttpResponse:
    return render(request, "practices/form.html", _context(request, unit, form=form, title=title, back=back))


@login_required
def model_add(request: HttpRequest, key: str) -> HttpResponse:
    unit = _recording_unit(request, key)
    form = ModelForm(request.POST or None, types=queries.types_for(unit))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        keys = form.cluster_keys()
        data.pop("cluster_codes")
        found = list(Unit.objects.visible_to(request.user).filter(key__in=keys[:300]))
        missing = sorted(set(keys) - {u.key for u in found})
        if missing:
            form.add_error(
                "cluster_codes",
                _("Không tìm thấy đơn vị có mã: %(codes)s.") % {"codes": ", ".join(missing[:20])},
            )
        else:
            try:
                model = actions.register_model(unit, by=_user(request), cluster_units=found, **data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã đăng ký mô hình “%(name)s”.") % {"name": model.name})
                return redirect("practices:model", pk=model.pk)
    return _form_page(request, unit, form, _("Đăng ký mô hình"), f"/mo-hinh/{unit.key}/mo-hinh/")


@login_required
def model_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    model = _model(request, pk)
    if not can_record(_user(request), model.unit):
        raise Http404
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.evaluate_model(model, by=_user(request), **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi kết quả đánh giá mô hình."))
            return redirect("practices:model", pk=model.pk)
    title = _("Đánh giá mô hình “%(name)s”") % {"name": model.name}
    return _form_page(request, model.unit, form, title, f"/mo-hinh/chi-tiet/{model.pk}/")


@login_required
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a model: name, type, counts, start date, people, status (and a cluster's member units)."""
    model = _model(request, pk)
    user = _user(request)
    if not can_record(user, model.unit):
        raise Http404
    initial: dict[str, Any] = {f: getattr(model, f) for f in actions.EDITABLE_FIELDS}
    if model.is_cluster:
        initial["cluster_codes"] = ", ".join(model.member_units.order_by("key").values_list("key", flat=True))
    form = ModelEditForm(
        request.POST or None, initial=initial, types=queries.types_for(model.unit), cluster=model.is_cluster
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members: list[Unit] | None = None
        if model.is_cluster:
            keys = form.cluster_keys()
            data.pop("cluster_codes")
            members = list(Unit.objects.visible_to(user).filter(key__in=keys[:300]))
            missing = sorted(set(keys) - {u.key for u in members})
            if missing:
                form.add_error(
                    "cluster_codes",
                    _("Không tìm thấy đơn vị có mã: %(codes)s.") % {"codes": ", ".join(missing[:20])},
                )
        if not form.errors:
            try:
                actions.update_model(model, by=user, cluster_units=members, **data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lưu thông tin mô hình."))
                return redirect("practices:model", pk=model.pk)
    title = _("Sửa mô hình “%(name)s”") % {"name": model.name}
    return _form_page(request, model.unit, form, title, f"/mo-hinh/chi-tiet/{model.pk}/")


def _next_handover_year(model: PracticeModel) -> int:
    last = model.handovers.order_by("-year").values_list("year", flat=True).first()
    return max(timezone.localdate().year, (last or 0) + 1)


@login_required
def cluster_handover(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the yearly handover of a cluster's standing unit to another member unit."""
    model = _model(request, pk)
    user = _user(request)
    if not model.is_cluster or not can_record(user, model.unit):
        raise Http404
    units = actions.cluster_units(model)
    form = HandoverForm(
        request.POST or None,
        units=units,
        initial={"year": _next_handover_year(model), "decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("to_unit")
        to_unit = next(u for u in units if u.key == key)
        try:
            actions.hand_over_cluster(model, by=user, to_unit=to_unit, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã ghi bàn giao thường trực cụm cho %(unit)s.") % {"unit": to_unit.name}
            )
            return redirect("practices:model", pk=model.pk)
    title = _("Bàn giao thường trực cụm “%(name)s”") % {"name": model.name}
    return _form_page(request, model.unit, form, title, f"/mo-hinh/chi-tiet/{model.pk}/")


@login_required
def model_replicate(request: HttpRequest, pk: int) -> HttpResponse:
    model = _model(request, pk)
    user = _user(request)
    if not user.has_role("national_admin", "province_officer", "commune_officer") and not user.is_superuser:
        raise Http404
    form = ReplicateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = Unit.objects.visible_to(user).filter(key=data.pop("unit_code")).first()
        if target is None:
            form.add_error("unit_code", _("Không tìm thấy đơn vị có mã này trong phạm vi của bạn."))
        else:
            try:
                replica = actions.replicate_model(model, by=user, unit=target, **data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Đã ghi nhận điểm nhân rộng tại %(unit)s.") % {"unit": target.name}
                )
                return redirect("practices:model", pk=replica.pk)
    title = _("Nhân rộng mô hình “%(name)s”") % {"name": model.name}
    return _form_page(request, model.unit, form, title, f"/mo-hinh/chi-tiet/{model.pk}/")


@login_required
def example_list(request: HttpRequest, key: str) -> HttpResponse:
    unit = _unit(request, key)
    text = _text(request)
    rows = queries.examples_of(request.user, unit, text=text, kind=request.GET.get("loai", ""))
    return render(
        request,
        "practices/examples.html",
        _context(request, unit, page=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")), q=text),
    )


@login_required
def example_add(request: HttpRequest, key: str) -> HttpResponse:
    unit = _recording_unit(request, key)
    form = ExampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_example(unit, by=_user(request), **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận điển hình tiên tiến."))
            return redirect("practices:examples", key=unit.key)
    return _form_page(
        request, unit, form, _("Ghi nhận điển hình tiên tiến"), f"/mo-hinh/{unit.key}/dien-hinh/"
    )


@login_required
def activity_list(request: HttpRequest, key: str) -> HttpResponse:
    unit = _unit(request, key)
    period = _period(request)
    rows = queries.activities_of(request.user, unit, period, kind_id=_int(request, "loai"))
    return render(
        request,
        "practices/activities.html",
        _context(
            request,
            unit,
            page=Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            period=period,
            kinds=ActivityKind.objects.all(),
        ),
    )


@login_required
def activity_add(request: HttpRequest, key: str) -> HttpResponse:
    unit = _recording_unit(request, key)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_activity(unit, by=_user(request), **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận hoạt động."))
            return redirect("practices:activities", key=unit.key)
    return _form_page(
        request, unit, form, _("Ghi nhận hoạt động phong trào"), f"/mo-hinh/{unit.key}/hoat-dong/"
    )


@login_required
def export(request: HttpRequest, key: str, kind: str) -> HttpResponse:
    """One of the three lists as an Excel file (the filters of the page apply); audited."""
    unit = _unit(request, key)
    period = _period(request)
    if kind == "mo-hinh":
        content, count = exports.models_xlsx(queries.models_of(request.user, unit, text=_text(request)))
    elif kind == "dien-hinh":
        content, count = exports.examples_xlsx(queries.examples_of(request.user, unit, text=_text(request)))
    elif kind == "hoat-dong":
        content, count = exports.activities_xlsx(queries.activities_of(request.user, unit, period))
    else:
        raise Http404
    log_action(
        unit,
        "practices.list.exported",
        actor=request.user,
        request=request,
        data={"list": kind, "unit": key, "period": period.key, "rows": count},
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-{key}-{period.key}.xlsx"'
    return response


@login_required
def model_types(request: HttpRequest) -> HttpResponse:
    """The catalogue: national types and the provinces' own; the form adds to the user's level."""
    user = _user(request)
    province = next((a.unit for a in user.active_roles if a.unit.level == Unit.Level.PROVINCE), None)
    may_add = can_add_model_type(user, None) or (province is not None and can_add_model_type(user, province))
    target = None if can_add_model_type(user, None) else province
    form = ModelTypeForm(request.POST or None)
    if request.method == "POST":
        if not may_add:
            raise Http404
        if form.is_valid():
            try:
                added = actions.add_model_type(by=user, province=target, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã thêm loại mô hình “%(name)s”.") % {"name": added.name})
                return redirect("practices:types")
    visible_provinces = Unit.objects.visible_to(user).filter(level=Unit.Level.PROVINCE).values("pk")
    types = (
        ModelType.objects.filter(province__isnull=True)
        | ModelType.objects.filter(province__in=visible_provinces)
    ).select_related("province")
    text = _text(request)
    if text:
        from antq.core.text import fold

        types = types.filter(name_folded__contains=fold(text))
    return render(
        request,
        "practices/types.html",
        {
            "page": Paginator(types.order_by("province__name", "name"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "form": form if may_add else None,
            "target": target,
            "q": text,
        },
    )


def showcase(request: HttpRequest) -> HttpResponse:
    """Public page (no login): recognised or effective models, no personal data."""
    text = _text(request)
    rows = queries.showcase(text, _int(request, "loai"))
    return render(
        request,
        "practices/showcase.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "q": text,
            "types": ModelType.objects.filter(province__isnull=True, is_active=True),
        },
    )
