"""Pages of the Q1 registration board and the disqualifying events of one commune and year.

Reading needs the commune in the user's scope; writing needs `can_edit_commune` (steering members
read only). Anything else answers 404 so that existence does not leak.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.accounts.permissions import can_edit_commune
from antq.assessments import actions, queries, rules
from antq.assessments.models import Cycle, CycleRule, DisqualifyingEvent, Registration, Subject, SubjectType
from antq.assessments.registration_forms import EventForm, RegistrationForm
from antq.assessments.subjects import sync_subjects
from antq.core.errors import DomainError
from antq.units.models import Unit

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _commune(request: HttpRequest, key: str) -> Unit:
    commune = get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), key=key)
    if commune.level != Unit.Level.COMMUNE or commune.is_legacy:
        raise Http404
    return commune


def _editable_commune(request: HttpRequest, key: str) -> Unit:
    commune = _commune(request, key)
    if not can_edit_commune(_user(request), commune):
        raise Http404
    return commune


def _date(value: dt.date) -> str:
    return formats.date_format(value, "d/m/Y")


def _can_write(request: HttpRequest, commune: Unit, cycle: Cycle) -> bool:
    """The same test the write views apply: buttons show exactly when the request would be accepted."""
    return cycle.status == Cycle.Status.OPEN and can_edit_commune(_user(request), commune)


@login_required
def registrations(request: HttpRequest, key: str, year: int) -> HttpResponse:
    commune = _commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    sync_subjects([commune])
    board = queries.commune_registration_board(commune, cycle, _user(request))
    subject_type = request.GET.get("loai", "")
    if subject_type not in SubjectType.values:
        subject_type = ""
    rows = board.of_type(subject_type) if subject_type else board.rows
    return render(
        request,
        "assessments/registrations.html",
        {
            "unit": commune,
            "cycle": cycle,
            "board": board,
            "rows": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "subject_type": subject_type,
            "can_edit": can_edit_commune(_user(request), commune),
            "can_write": _can_write(request, commune, cycle),
        },
    )


def _registration_context(
    request: HttpRequest, commune: Unit, cycle: Cycle, subject: Subject, form: RegistrationForm
) -> dict[str, object]:
    rule = CycleRule.objects.filter(cycle=cycle, subject_type=subject.subject_type).first()
    return {
        "unit": commune,
        "cycle": cycle,
        "subject": subject,
        "form": form,
        "rule": rule,
        "is_open": cycle.status == Cycle.Status.OPEN,
        "past_deadline": rule is not None and timezone.localdate() > rule.registration_deadline,
    }


def _saved_message(request: HttpRequest, registration: Registration, rule_deadline: dt.date) -> None:
    name = registration.subject.name
    if registration.is_late:
        messages.warning(
            request,
            _(
                "Đã ghi nhận đăng ký của “%(name)s”. Đăng ký sau hạn %(deadline)s nên được đánh dấu "
                "“đăng ký muộn”; đăng ký vẫn có giá trị."
            )
            % {"name": name, "deadline": _date(rule_deadline)},
        )
    else:
        messages.success(request, _("Đã ghi nhận đăng ký của “%(name)s”.") % {"name": name})


@login_required
def register(request: HttpRequest, key: str, year: int, subject: int) -> HttpResponse:
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    target = get_object_or_404(Subject.objects.visible_to(request.user), commune=commune, pk=subject)
    existing = Registration.objects.filter(cycle=cycle, subject=target).first()
    if existing is not None:
        messages.info(
            request, _("“%(name)s” đã đăng ký; bạn có thể sửa bản đăng ký.") % {"name": target.name}
        )
        return redirect("assessments:registration_edit", key=commune.key, year=cycle.year, pk=existing.pk)
    form = RegistrationForm(request.POST or None, subject=target)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.register_subject(target, cycle, by=_user(request), **form.action_kwargs())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            rule = CycleRule.objects.get(cycle=cycle, subject_type=target.subject_type)
            _saved_message(request, registration, rule.registration_deadline)
            return redirect("assessments:registrations", key=commune.key, year=cycle.year)
    return render(
        request,
        "assessments/registration_form.html",
        _registration_context(request, commune, cycle, target, form),
    )


def _registration(request: HttpRequest, commune: Unit, cycle: Cycle, pk: int) -> Registration:
    return get_object_or_404(
        Registration.objects.visible_to(request.user).select_related("subject", "cycle"),
        pk=pk,
        cycle=cycle,
        subject__commune=commune,
    )


@login_required
def registration_edit(request: HttpRequest, key: str, year: int, pk: int) -> HttpResponse:
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    registration = _registration(request, commune, cycle, pk)
    initial = {
        name: getattr(registration, name)
        for name in (
            "registered_on",
            "party_resolution_on",
            "plan_ref",
            "households_total",
            "households_signed",
            "note",
        )
    }
    form = RegistrationForm(request.POST or None, subject=registration.subject, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration = actions.update_registration(
                registration, by=_user(request), **form.action_kwargs()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            rule = CycleRule.objects.get(cycle=cycle, subject_type=registration.subject.subject_type)
            _saved_message(request, registration, rule.registration_deadline)
            return redirect("assessments:registrations", key=commune.key, year=cycle.year)
    context = _registration_context(request, commune, cycle, registration.subject, form)
    context["registration"] = registration
    return render(request, "assessments/registration_form.html", context)


@login_required
def registration_withdraw(request: HttpRequest, key: str, year: int, pk: int) -> HttpResponse:
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    registration = _registration(request, commune, cycle, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    name = registration.subject.name
    try:
        actions.withdraw_registration(registration, by=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã rút đăng ký của “%(name)s”.") % {"name": name})
    return redirect("assessments:registrations", key=commune.key, year=cycle.year)


@login_required
def events(request: HttpRequest, key: str, year: int) -> HttpResponse:
    commune = _commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    page = Paginator(queries.commune_events(commune, cycle, _user(request)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/events.html",
        {
            "unit": commune,
            "cycle": cycle,
            "events": page,
            "windows": queries.window_groups(cycle),
            "can_edit": can_edit_commune(_user(request), commune),
        },
    )


@login_required
def commune_current(request: HttpRequest, key: str) -> HttpResponse:
    """From a commune's page to its registrations in the current (or latest) cycle."""
    commune = get_object_or_404(
        Unit.objects.visible_to(request.user).current(), key=key, level=Unit.Level.COMMUNE
    )
    cycle = Cycle.objects.filter(status=Cycle.Status.OPEN).order_by("-year").first() or Cycle.objects.first()
    if cycle is None:
        raise Http404
    return redirect("assessments:registrations", key=commune.key, year=cycle.year)


@login_required
def event_add(request: HttpRequest, key: str, year: int) -> HttpResponse:
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    sync_subjects([commune])
    subjects = (
        Subject.objects.visible_to(request.user).filter(commune=commune).order_by("subject_type", "name")
    )
    initial = {}
    chosen = request.GET.get("doi-tuong", "")
    if chosen.isdigit():
        initial["subject"] = subjects.filter(pk=int(chosen)).first()
    form = EventForm(request.POST or None, subjects=subjects, initial=initial)
    if request.method == "POST" and form.is_valid():
        target: Subject = form.cleaned_data["subject"]
        occurred_on = form.cleaned_data["occurred_on"]
        # An incident is a fact about the subject, recorded whenever it happens; the evaluation
        # window only decides which year's assessment counts it (it may be next year's cycle).
        rule = CycleRule.objects.filter(cycle=cycle, subject_type=target.subject_type).first()
        try:
            actions.record_event(
                target,
                by=_user(request),
                occurred_on=occurred_on,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ghi nhận vụ việc của “%(name)s”.") % {"name": target.name})
            if rule is not None and not rules.in_window(occurred_on, rule.window_start, rule.window_end):
                messages.info(
                    request,
                    _(
                        "Vụ việc ngày %(day)s nằm ngoài kỳ đánh giá năm %(year)s (%(start)s – %(end)s), "
                        "nên được tính vào kỳ đánh giá có chứa ngày đó."
                    )
                    % {
                        "day": _date(occurred_on),
                        "year": cycle.year,
                        "start": _date(rule.window_start),
                        "end": _date(rule.window_end),
                    },
                )
            return redirect("assessments:events", key=commune.key, year=cycle.year)
    return render(request, "assessments/event_form.html", {"unit": commune, "cycle": cycle, "form": form})


@login_required
def event_delete(request: HttpRequest, key: str, year: int, pk: int) -> HttpResponse:
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    event = get_object_or_404(
        DisqualifyingEvent.objects.visible_to(request.user).select_related("subject"),
        pk=pk,
        subject__commune=commune,
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.delete_event(event, by=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa vụ việc của “%(name)s”.") % {"name": event.subject.name})
    return redirect("assessments:events", key=commune.key, year=cycle.year)
