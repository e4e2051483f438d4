"""Cycle and criteria catalogue pages: all logged-in users read, the national admin edits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.assessments import actions, cycle_queries
from antq.assessments.forms import CriterionForm, CycleOpenForm, CycleRuleForm, ThresholdsForm
from antq.assessments.models import CriteriaSet, Criterion, Cycle, CycleRule, MovementClass
from antq.assessments.permissions import can_close_cycle, can_manage_cycles, may_use_review_queue
from antq.core.errors import DomainError


def _require_manager(request: HttpRequest) -> None:
    # Edit pages do not exist for anybody else (404, as for objects outside one's scope).
    if not can_manage_cycles(request.user):
        raise Http404


def _cycle_page(request: HttpRequest, cycle: Cycle | None) -> HttpResponse:
    context: dict[str, Any] = cycle_queries.cycle_overview(cycle)
    today = timezone.localdate()
    context.update(
        cycle=cycle,
        my_communes=cycle_queries.my_communes(request.user),
        is_reviewer=may_use_review_queue(request.user),
        can_manage=can_manage_cycles(request.user),
        can_close=cycle is not None and can_close_cycle(request.user, cycle),
        is_current=cycle is not None and cycle.year == today.year,
        open_form=CycleOpenForm(initial={"year": cycle_queries.next_year_to_open()}),
    )
    return render(request, "assessments/cycle.html", context)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The current year's cycle (or the latest one) with its phases, windows, deadlines and criteria sets."""
    return _cycle_page(request, cycle_queries.current_cycle())


@login_required
def cycle_detail(request: HttpRequest, year: int) -> HttpResponse:
    return _cycle_page(request, get_object_or_404(Cycle, year=year))


@login_required
def cycle_open(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = CycleOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("assessments:home")
    try:
        cycle = actions.open_cycle(form.cleaned_data["year"], by=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assessments:home")
    messages.success(request, _("Đã mở kỳ đánh giá năm %(year)s.") % {"year": cycle.year})
    return redirect("assessments:cycle_detail", year=cycle.year)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    rule = get_object_or_404(CycleRule.objects.select_related("cycle"), pk=pk)
    form = CycleRuleForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_cycle_rule(rule, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu quy định của kỳ đánh giá."))
            return redirect("assessments:cycle_detail", year=rule.cycle.year)
    return render(request, "assessments/rule_form.html", {"form": form, "rule": rule})


@login_required
def criteria_set(request: HttpRequest, pk: int) -> HttpResponse:
    """The criteria tree with maximum points, the total, the class thresholds and every "cần xác minh"."""
    cs = get_object_or_404(CriteriaSet.objects.select_related("province"), pk=pk)
    context = cycle_queries.criteria_set_view(cs)
    context["can_manage"] = can_manage_cycles(request.user)
    context["frozen_reason"] = actions.criteria_set_in_use(cs) if context["can_manage"] else ""
    return render(request, "assessments/criteria_set.html", context)


@login_required
def cycle_close(request: HttpRequest, year: int) -> HttpResponse:
    """POST: end the cycle (national admin); a refusal is shown on the cycle's page."""
    _require_manager(request)
    cycle = get_object_or_404(Cycle, year=year)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.close_cycle(cycle, by=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã kết thúc kỳ đánh giá năm %(year)s.") % {"year": cycle.year})
    return redirect("assessments:cycle_detail", year=year)


@login_required
def criteria_set_version(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: copy the set as a new version for the open cycles (national admin)."""
    _require_manager(request)
    cs = get_object_or_404(CriteriaSet, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        copy = actions.new_criteria_version(cs, by=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("assessments:criteria_set", pk=cs.pk)
    messages.success(
        request,
        _("Đã tạo phiên bản %(version)s của bộ tiêu chí; các kỳ đang diễn ra dùng phiên bản mới.")
        % {"version": copy.version},
    )
    return redirect("assessments:criteria_set", pk=copy.pk)


@login_required
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    criterion = get_object_or_404(Criterion.objects.select_related("criteria_set"), pk=pk)
    with_points = criterion.criteria_set.kind == CriteriaSet.Kind.SCORE_SHEET
    form = CriterionForm(
        request.POST or None,
        with_points=with_points,
        initial={"text": criterion.text, "max_points": criterion.max_points},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                actions.update_criterion(
                    criterion,
                    by=request.user,  # type: ignore[arg-type]
                    text=form.cleaned_data["text"],
                    max_points=form.cleaned_data.get("max_points"),
                )
                if form.cleaned_data["confirm"]:
                    actions.confirm_item(criterion, by=request.user)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": criterion.code})
            return redirect("assessments:criteria_set", pk=criterion.criteria_set_id)
    return render(request, "assessments/criterion_form.html", {"form": form, "criterion": criterion})


@login_required
def thresholds_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    cs = get_object_or_404(CriteriaSet, pk=pk, kind=CriteriaSet.Kind.SCORE_SHEET)
    current = {t.movement_class: t for t in cs.thresholds.all()}
    form = ThresholdsForm(
        request.POST or None,
        initial={c: current[c].min_points for c in MovementClass.values if c in current},
    )
    if request.method == "POST" and form.is_valid():
        values: dict[str, Decimal | None] = {c: form.cleaned_data.get(c) for c in MovementClass.values}
        try:
            with transaction.atomic():
                actions.set_thresholds(cs, values, by=request.user)  # type: ignore[arg-type]
                if form.cleaned_data["confirm"]:
                    for threshold in cs.thresholds.filter(min_points__isnull=False):
                        actions.confirm_item(threshold, by=request.user)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu ngưỡng điểm phân loại."))
            return redirect("assessments:criteria_set", pk=cs.pk)
    return render(request, "assessments/thresholds_form.html", {"form": form, "criteria_set": cs})
