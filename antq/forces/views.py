"""Pages of the grassroots security force: communes, a commune's roster, a team, and the forms.

Reading needs the commune in the user's scope; names and personal data need
`can_see_personal_data` (the police); writing needs `can_manage_forces`. Anything else answers 404.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.core.errors import DomainError
from antq.core.text import MAX_SEARCH_LENGTH, fold, has_nul
from antq.forces import actions, queries
from antq.forces.forms import DissolveForm, EndMembershipForm, MemberForm, PersonForm, TeamForm
from antq.forces.models import Membership, Person, Team, TeamSizeRule
from antq.forces.permissions import can_import_roster, can_manage_forces, can_see_personal_data
from antq.units.models import ResidentialArea, Unit

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _commune(request: HttpRequest, key: str) -> Unit:
    commune = get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), key=key)
    if commune.level != Unit.Level.COMMUNE or commune.is_legacy:
        raise Http404
    return commune


def _managed_commune(request: HttpRequest, key: str) -> Unit:
    commune = _commune(request, key)
    if not can_manage_forces(_user(request), commune):
        raise Http404
    return commune


def _team(request: HttpRequest, commune: Unit, pk: int) -> Team:
    team = get_object_or_404(
        Team.objects.visible_to(request.user).select_related("residential_area"), pk=pk, commune=commune
    )
    team.commune = commune  # already fetched with its parent: no second query
    return team


def _search_text(request: HttpRequest) -> str:
    text = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    return "" if has_nul(text) else text


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Communes in the user's scope that have teams, and a search for any commune in scope."""
    user = _user(request)
    rows = (
        Team.objects.active()
        .visible_to(user)
        .values("commune__key", "commune__name", "commune__parent__name")
        .annotate(
            teams=Count("id", distinct=True),
            members=Count("memberships", filter=Q(memberships__left_on__isnull=True)),
        )
        .order_by("commune__parent__name", "commune__name")
    )
    text = _search_text(request)
    found = (
        Unit.objects.visible_to(user)
        .current()
        .filter(level=Unit.Level.COMMUNE, name_folded__contains=fold(text))
        .select_related("parent")[:20]
        if text
        else []
    )
    own = [a.unit for a in user.active_roles if a.unit.level == Unit.Level.COMMUNE]
    # Province and national police import (and export) rosters that span many communes.
    wide = [
        a.unit
        for a in user.active_roles
        if a.unit.level != Unit.Level.COMMUNE and can_import_roster(user, a.unit)
    ]
    return render(
        request,
        "forces/home.html",
        {
            "rows": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "q": text,
            "found": found,
            "own": own,
            "wide": wide,
        },
    )


@login_required
def roster(request: HttpRequest, key: str) -> HttpResponse:
    """The teams of a commune with their counts, the residential areas without a team, member search."""
    commune = _commune(request, key)
    user = _user(request)
    personal = can_see_personal_data(user, commune)
    teams: list[Any] = list(
        queries.teams_with_counts(Team.objects.visible_to(user).filter(commune=commune)).order_by(
            "status", "name"
        )
    )
    rule = TeamSizeRule.for_commune(commune, timezone.localdate())
    rows = [(team, queries.size_problems(team, rule)) for team in teams]
    uncovered = Paginator(queries.areas_without_team(commune).order_by("name"), PAGE_SIZE).get_page(
        request.GET.get("kdc")
    )
    text = _search_text(request) if personal else ""
    results = (
        Paginator(queries.search_members(commune, text), PAGE_SIZE).get_page(request.GET.get("page"))
        if text
        else None
    )
    return render(
        request,
        "forces/roster.html",
        {
            "unit": commune,
            "rows": rows,
            "active_teams": sum(1 for t in teams if t.is_active),
            "active_members": sum(t.active_count for t in teams),
            "uncovered": uncovered,
            "rule": rule,
            "personal": personal,
            "can_manage": can_manage_forces(user, commune),
            "q": text,
            "results": results,
            "ranking_year": timezone.localdate().year,
        },
    )


@login_required
def team_detail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    commune = _commune(request, key)
    user = _user(request)
    team = _team(request, commune, pk)
    counted = queries.teams_with_counts(Team.objects.filter(pk=team.pk)).get()
    rule = TeamSizeRule.for_commune(commune, timezone.localdate())
    personal = can_see_personal_data(user, commune)
    today = timezone.localdate()
    return render(
        request,
        "forces/team.html",
        {
            "unit": commune,
            "team": counted,
            "size_problems": queries.size_problems(counted, rule),
            "rule": rule,
            "personal": personal,
            "members": queries.member_rows(team, on=today) if personal else [],
            "former": queries.member_rows(team, on=today, active=False) if personal else [],
            "can_manage": can_manage_forces(user, commune),
            "today": today,
        },
    )


@login_required
def team_add(request: HttpRequest, key: str) -> HttpResponse:
    commune = _managed_commune(request, key)
    areas = ResidentialArea.objects.filter(commune=commune, valid_to__isnull=True).order_by("name")
    initial = {}
    chosen = request.GET.get("kdc", "")
    if chosen.isdigit():
        area = areas.filter(pk=int(chosen)).first()
        if area is not None:
            initial = {"residential_area": area, "name": _("Tổ bảo vệ ANTT %(area)s") % {"area": area.name}}
    form = TeamForm(request.POST or None, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            team = actions.establish_team(commune, by=_user(request), **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thành lập “%(name)s”.") % {"name": team.name})
            return redirect("forces:team", key=commune.key, pk=team.pk)
    return render(
        request, "forces/form.html", {"unit": commune, "form": form, "title": _("Thành lập tổ bảo vệ ANTT")}
    )


@login_required
def team_dissolve(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    commune = _managed_commune(request, key)
    team = _team(request, commune, pk)
    if not team.is_active:
        raise Http404
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.dissolve_team(team, by=_user(request), **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã giải thể “%(name)s”.") % {"name": team.name})
            return redirect("forces:team", key=commune.key, pk=team.pk)
    return render(
        request,
        "forces/form.html",
        {"unit": commune, "team": team, "form": form, "title": _("Giải thể tổ"), "danger": True},
    )


@login_required
def member_add(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    commune = _managed_commune(request, key)
    team = _team(request, commune, pk)
    if not team.is_active:
        raise Http404
    form = MemberForm(request.POST or None, initial={"joined_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = actions.add_member(
                team,
                by=_user(request),
                person=form.person_data(),
                role=data["role"],
                joined_on=data["joined_on"],
                decision_ref=data["decision_ref"],
                age_exception_decision_ref=data["age_exception_decision_ref"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            name = added.membership.person.full_name
            if added.warnings:
                messages.warning(
                    request,
                    _("Đã công nhận “%(name)s”; cần bổ sung: %(warnings)s")
                    % {"name": name, "warnings": " ".join(w.message for w in added.warnings)},
                )
            else:
                messages.success(request, _("Đã công nhận “%(name)s”.") % {"name": name})
            return redirect("forces:team", key=commune.key, pk=team.pk)
    return render(
        request,
        "forces/form.html",
        {"unit": commune, "team": team, "form": form, "title": _("Thêm thành viên")},
    )


@login_required
def member_end(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    commune = _managed_commune(request, key)
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).active().select_related("person", "team"),
        pk=pk,
        team__commune=commune,
    )
    form = EndMembershipForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.end_membership(
                membership,
                by=_user(request),
                left_on=data["left_on"],
                ground=data["ground"],
                decision_ref=data["decision_ref"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("“%(name)s” đã thôi tham gia tổ.") % {"name": membership.person.full_name}
            )
            return redirect("forces:team", key=commune.key, pk=membership.team_id)
    return render(
        request,
        "forces/form.html",
        {
            "unit": commune,
            "team": membership.team,
            "membership": membership,
            "form": form,
            "title": _("Cho thôi tham gia tổ"),
            "danger": True,
        },
    )


@login_required
def person_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    commune = _managed_commune(request, key)
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk, commune=commune)
    initial = {name: getattr(person, name) for name in PersonForm.base_fields}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_person(person, by=_user(request), data=form.person_data())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu thông tin của “%(name)s”.") % {"name": person.full_name})
            membership = (
                Membership.objects.filter(person=person)
                .order_by(F("left_on").desc(nulls_first=True), "-pk")
                .first()
            )
            if membership is not None:
                return redirect("forces:team", key=commune.key, pk=membership.team_id)
            return redirect("forces:roster", key=commune.key)
    return render(
        request,
        "forces/form.html",
        {"unit": commune, "person": person, "form": form, "title": _("Sửa thông tin thành viên")},
    )
