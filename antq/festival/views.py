"""Pages of the festival: campaigns, a commune's events, plan and report forms, roll-up export.

Reading starts from each model's `visible_to` (else 404); writing needs the `permissions` predicate
of the acting unit (else 404). Refusals of the actions come back as the form's message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.festival import actions, documents, exports, queries
from antq.festival import calendar as festival_calendar
from antq.festival.forms import (
    CampaignForm,
    CommendationForm,
    DecisionLinkForm,
    EventForm,
    PhotoForm,
    ResultForm,
    lines,
)
from antq.festival.models import (
    RESULT_COUNTS,
    CalendarToken,
    Campaign,
    Event,
    EventPhoto,
    EventResult,
    ProgrammeItem,
)
from antq.festival.permissions import can_act_for, can_manage_campaign, can_manage_event
from antq.units.models import Unit

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000  # every point not reported goes into the Excel table


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to(request.user).select_related("province"), pk=pk)


def _unit_in(request: HttpRequest, campaign: Campaign, key: str) -> Unit:
    """A current unit in view, inside the campaign's province (the province itself or a commune)."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), key=key)
    if unit.is_legacy or unit.level not in (Unit.Level.PROVINCE, Unit.Level.COMMUNE):
        raise Http404
    if not unit.path.startswith(campaign.province.path):
        raise Http404
    return unit


def _commune_in(request: HttpRequest, campaign: Campaign, key: str) -> Unit:
    unit = _unit_in(request, campaign, key)
    if unit.level != Unit.Level.COMMUNE:
        raise Http404
    return unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The campaigns in view, newest year first, and the provinces the user may plan for."""
    campaigns = Campaign.objects.visible_to(request.user).select_related("province")
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    user = _user(request)
    provinces = [
        a.unit for a in user.active_roles if a.unit.level == Unit.Level.PROVINCE and can_act_for(user, a.unit)
    ]
    tops = [a.unit for a in user.active_roles if not a.unit.is_legacy]
    return render(
        request,
        "festival/home.html",
        {"page": page, "provinces": provinces, "tops": tops, "year": timezone.localdate().year},
    )


@login_required
def campaign_add(request: HttpRequest, key: str) -> HttpResponse:
    province = get_object_or_404(Unit.objects.visible_to(request.user), key=key, level=Unit.Level.PROVINCE)
    if not can_act_for(_user(request), province):
        raise Http404
    form = CampaignForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_campaign(province, by=_user(request), **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lập kế hoạch Ngày hội."))
            return redirect("festival:campaign", made.pk)
    return render(
        request, "festival/form.html", {"form": form, "title": _("Lập kế hoạch Ngày hội"), "unit": province}
    )


@login_required
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign and, for users who see the whole province, its roll-up and communes."""
    found = _campaign(request, pk)
    user = _user(request)
    sees_province = Unit.objects.visible_to(user).filter(pk=found.province_id).exists()
    own_communes = list(
        Unit.objects.visible_to(user)
        .current()
        .filter(level=Unit.Level.COMMUNE, path__startswith=found.province.path)
        .order_by("path")[:PAGE_SIZE]
        if not sees_province
        else []
    )
    return render(
        request,
        "festival/campaign.html",
        {
            "campaign": found,
            "rollup": queries.rollup(found, found.province) if sees_province else None,
            "own_communes": own_communes,
            "can_manage": can_manage_campaign(user, found),
        },
    )


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _campaign(request, pk)
    if not can_manage_campaign(_user(request), found):
        raise Http404
    initial = {
        "year": found.year,
        "theme": found.theme,
        "plan_number": found.plan_number,
        "start_date": found.start_date,
        "end_date": found.end_date,
        "report_due": found.report_due,
    }
    form = CampaignForm(request.POST or None, initial=initial)
    form.fields["year"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_campaign(
                found,
                by=_user(request),
                theme=data["theme"],
                plan_number=data["plan_number"],
                start_date=data["start_date"] or found.start_date,
                end_date=data["end_date"] or found.end_date,
                report_due=data["report_due"] or found.report_due,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã sửa kế hoạch Ngày hội."))
            return redirect("festival:campaign", found.pk)
    return render(
        request,
        "festival/form.html",
        {"form": form, "title": _("Sửa kế hoạch Ngày hội"), "unit": found.province, "campaign": found},
    )


@login_required
def commune(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """A commune's festival points in a campaign with its roll-up; plan and report from here."""
    found = _campaign(request, pk)
    here = _commune_in(request, found, key)
    events = (
        queries.events_of(found, here)
        .select_related("area", "organisation", "commune", "result")
        .order_by("date", "pk")
    )
    return render(
        request,
        "festival/commune.html",
        {
            "campaign": found,
            "unit": here,
            "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
            "rollup": queries.rollup(found, here),
            "can_act": can_act_for(_user(request), here),
        },
    )


def _as_of(request: HttpRequest) -> dt.date:
    """The "tính đến ngày" of a roll-up: ?den_ngay=dd/mm/yyyy, today when absent (a bad date is a 404)."""
    text = request.GET.get("den_ngay", "").strip()
    if not text:
        return timezone.localdate()
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise Http404 from None


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def rollup_xlsx(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    found = _campaign(request, pk)
    unit = _unit_in(request, found, key)
    report = queries.rollup(found, unit, not_reported_limit=EXPORT_LIMIT, as_of=_as_of(request))
    content = exports.rollup_xlsx(report, year=found.year, campaign=found)
    log_action(found, "festival.exported", actor=request.user, request=request, data={"unit": unit.key})
    return _download(content, exports.XLSX, f"ngay-hoi-{found.year}-{unit.key}.xlsx")


@login_required
def rollup_pdf(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """The campaign's roll-up of a province or a commune as the NĐ 30 report (PDF)."""
    found = _campaign(request, pk)
    unit = _unit_in(request, found, key)
    report = queries.rollup(
        found, unit, not_reported_limit=documents.NOT_REPORTED_IN_PDF, as_of=_as_of(request)
    )
    content = documents.report_pdf(report, year=found.year, today=timezone.localdate(), campaign=found)
    log_action(
        found, "festival.report.exported", actor=request.user, request=request, data={"unit": unit.key}
    )
    return _download(content, "application/pdf", f"bao-cao-ngay-hoi-{found.year}-{unit.key}.pdf")


@login_required
def event_add(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    found = _campaign(request, pk)
    here = _commune_in(request, found, key)
    user = _user(request)
    if not can_act_for(user, here):
        raise Http404
    form = EventForm(request.POST or None, commune=here)
    if not can_manage_campaign(user, found):
        del form.fields["is_pilot_point"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event, warnings = actions.plan_event(
                found,
                here,
                by=user,
                data=actions.EventInput(
                    host_type=data["host_type"],
                    area=data["area"],
                    organisation=data["organisation"],
                    date=data["date"],
                    venue=data["venue"],
                    ceremony_items=data["ceremony_items"],
                    festivity_items=data["festivity_items"],
                    extra_items=lines(data["extra_items"]),
                    guests=lines(data["guests"]),
                    budget_vnd=data["budget_vnd"],
                    is_anniversary_ceremony=data["is_anniversary_ceremony"],
                    is_pilot_point=data.get("is_pilot_point", False),
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã đăng ký điểm tổ chức Ngày hội."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("festival:event", event.pk)
    return render(
        request,
        "festival/form.html",
        {"form": form, "title": _("Đăng ký điểm tổ chức Ngày hội"), "unit": here, "campaign": found},
    )


def _event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.visible_to(request.user).select_related(
            "campaign__province", "commune", "area", "organisation"
        ),
        pk=pk,
    )


@login_required
def event(request: HttpRequest, pk: int) -> HttpResponse:
    found = _event(request, pk)
    names = dict(ProgrammeItem.objects.values_list("code", "name"))
    result = EventResult.objects.filter(event=found).first()
    return render(
        request,
        "festival/event.html",
        {
            "event": found,
            "ceremony": [names.get(c, c) for c in found.ceremony_items],
            "festivity": [names.get(c, c) for c in found.festivity_items],
            "result": result,
            "result_rows": [(queries.result_label(name), getattr(result, name)) for name in RESULT_COUNTS]
            if result
            else [],
            "can_act": can_manage_event(_user(request), found),
            "commendations": queries.event_commendations(found, request.user),
            "photos": list(EventPhoto.objects.filter(event=found)),
            "can_pick_pilot": can_manage_campaign(_user(request), found.campaign),
        },
    )


@login_required
def event_pilot(request: HttpRequest, pk: int) -> HttpResponse:
    """The province marks (or unmarks) a point as a pilot point; POST only."""
    found = _event(request, pk)
    if not can_manage_campaign(_user(request), found.campaign):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.set_pilot_point(found, by=_user(request), pilot=request.POST.get("pilot") == "1")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã cập nhật điểm chỉ đạo, làm điểm."))
    return redirect("festival:event", found.pk)


@login_required
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a photo to a reported point."""
    found = _event(request, pk)
    if not can_manage_event(_user(request), found):
        raise Http404
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_photo(
                found, form.cleaned_data["file"], by=_user(request), caption=form.cleaned_data["caption"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã thêm ảnh."))
            return redirect("festival:event", found.pk)
    return render(
        request,
        "festival/form.html",
        {
            "form": form,
            "title": _("Thêm ảnh Ngày hội"),
            "unit": found.commune,
            "event": found,
            "upload": True,
        },
    )


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A photo of a point, for whoever sees the point."""
    found = get_object_or_404(
        EventPhoto.objects.filter(event__in=Event.objects.visible_to(request.user)), pk=pk
    )
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _commendation_page(request: HttpRequest, pk: int) -> Event:
    found = _event(request, pk)
    if not can_manage_event(_user(request), found):
        raise Http404
    return found


@login_required
def commendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a commendation given at the event: it becomes an awards proposal with the event as source."""
    found = _commendation_page(request, pk)
    form = CommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_commendation(
                found,
                by=_user(request),
                form=form.cleaned_data["form"],
                achievement=form.cleaned_data["achievement"],
                nominees=form.nominees(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã ghi khen thưởng và gửi đề nghị khen thưởng."))
            return redirect("festival:event", found.pk)
    return render(
        request,
        "festival/form.html",
        {"form": form, "title": _("Ghi khen thưởng tại Ngày hội"), "unit": found.commune, "event": found},
    )


@login_required
def commendation_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link an existing commendation decision presented at the event."""
    found = _commendation_page(request, pk)
    form = DecisionLinkForm(request.POST or None, commune=found.commune, year=found.campaign.year)
    if request.method == "POST" and form.is_valid():
        try:
            actions.link_decision(found, by=_user(request), decision=form.cleaned_data["decision"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã gắn quyết định khen thưởng với điểm Ngày hội."))
            return redirect("festival:event", found.pk)
    return render(
        request,
        "festival/form.html",
        {"form": form, "title": _("Gắn quyết định khen thưởng"), "unit": found.commune, "event": found},
    )


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    found = _event(request, pk)
    if not can_manage_event(_user(request), found):
        raise Http404
    existing = EventResult.objects.filter(event=found).first()
    initial: dict[str, object] = {"reported_on": timezone.localdate()}
    if existing:
        initial.update({name: getattr(existing, name) for name in RESULT_COUNTS})
        initial["note"] = existing.note
    form = ResultForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_result(
                found,
                by=_user(request),
                reported_on=form.cleaned_data["reported_on"],
                counts=form.counts(),
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã ghi kết quả tổ chức Ngày hội."))
            return redirect("festival:event", found.pk)
    return render(
        request,
        "festival/form.html",
        {"form": form, "title": _("Báo cáo kết quả Ngày hội"), "unit": found.commune, "event": found},
    )


def _calendar_events(request: HttpRequest, key: str, user: Any) -> tuple[Unit, int, QuerySet[Event]]:
    """The points under a unit in `?nam=` (default this year), as `user` may see them (else 404)."""
    unit = get_object_or_404(Unit.objects.visible_to(user), key=key)
    if unit.is_legacy or unit.level == Unit.Level.DISTRICT:
        raise Http404
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    events = (
        Event.objects.visible_to(user)
        .filter(commune__path__startswith=unit.path, campaign__year=year)
        .select_related("commune", "area", "organisation")
        .order_by("date", "commune__path", "pk")
    )
    return unit, year, events


@login_required
def calendar(request: HttpRequest, key: str) -> HttpResponse:
    """The festival points under a unit in a year, by date, and the user's secret feed link."""
    unit, year, events = _calendar_events(request, key, request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    token = CalendarToken.objects.filter(user=_user(request), revoked_at__isnull=True).first()
    return render(
        request, "festival/calendar.html", {"unit": unit, "year": year, "page": page, "token": token}
    )


def _ics_response(request: HttpRequest, unit: Unit, year: int, events: QuerySet[Event]) -> HttpResponse:
    content = festival_calendar.ics(
        events[: festival_calendar.MAX_EVENTS],
        name=_("Ngày hội %(year)s — %(name)s") % {"year": year, "name": unit.name},
        base_url=request.build_absolute_uri(reverse("festival:event", args=[0]))[: -len("0/")],
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ngay-hoi-{year}-{unit.key}.ics"'
    return response


@login_required
def calendar_ics(request: HttpRequest, key: str) -> HttpResponse:
    unit, year, events = _calendar_events(request, key, request.user)
    return _ics_response(request, unit, year, events)


@ratelimit(key="ip", rate="120/m", block=True)
def calendar_feed(request: HttpRequest, token: str, key: str) -> HttpResponse:
    """The iCal feed for calendar apps, without a session: the secret link's owner's view, else 404."""
    owner = queries.calendar_token_owner(token)
    if owner is None:
        raise Http404
    unit, year, events = _calendar_events(request, key, owner)
    response = _ics_response(request, unit, year, events)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def calendar_token(request: HttpRequest, key: str) -> HttpResponse:
    """Create (shown once) or revoke the user's secret feed link; audited by the actions."""
    unit, year, _events = _calendar_events(request, key, request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    user = _user(request)
    if request.POST.get("verb") == "revoke":
        try:
            actions.revoke_calendar_token(user=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã thu hồi liên kết lịch: lịch đã đăng ký sẽ không cập nhật nữa."))
        return redirect(reverse("festival:calendar", args=[unit.key]) + f"?nam={year}")
    if request.POST.get("verb") != "create":
        raise Http404
    token = actions.create_calendar_token(user=user)
    feed = request.build_absolute_uri(reverse("festival:calendar_feed", args=[token, unit.key]))
    response = render(request, "festival/calendar_token.html", {"unit": unit, "year": year, "feed": feed})
    response["Cache-Control"] = "private, no-store"
    return response


def _year_unit(request: HttpRequest, year: int, key: str) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), key=key)
    if unit.is_legacy or unit.level == Unit.Level.DISTRICT or not 2005 <= year <= 2100:
        raise Http404
    return unit


@login_required
def year(request: HttpRequest, year: int, key: str) -> HttpResponse:
    """Any level's roll-up over every campaign of a year (the nation by province, a province by commune)."""
    unit = _year_unit(request, year, key)
    as_of = _as_of(request)
    return render(
        request,
        "festival/year.html",
        {
            "unit": unit,
            "year": year,
            "rollup": queries.year_rollup(year, unit, as_of=as_of),
            "as_of_param": request.GET.get("den_ngay", ""),
        },
    )


@login_required
def year_xlsx(request: HttpRequest, year: int, key: str) -> HttpResponse:
    """The year's roll-up of any level as an Excel table (same content as the PDF report)."""
    unit = _year_unit(request, year, key)
    report = queries.year_rollup(year, unit, not_reported_limit=EXPORT_LIMIT, as_of=_as_of(request))
    content = exports.rollup_xlsx(report, year=year)
    log_action(unit, "festival.exported", actor=request.user, request=request, data={"year": year})
    return _download(content, exports.XLSX, f"ngay-hoi-{year}-{unit.key}.xlsx")


@login_required
def year_pdf(request: HttpRequest, year: int, key: str) -> HttpResponse:
    """The year's roll-up report of the nation, a province or a commune (NĐ 30/2020 Mẫu 1.4, PDF)."""
    unit = _year_unit(request, year, key)
    report = queries.year_rollup(
        year, unit, not_reported_limit=documents.NOT_REPORTED_IN_PDF, as_of=_as_of(request)
    )
    content = documents.report_pdf(report, year=year, today=timezone.localdate())
    log_action(unit, "festival.report.exported", actor=request.user, request=request, data={"year": year})
    return _download(content, "application/pdf", f"bao-cao-ngay-hoi-{year}-{unit.key}.pdf")
