"""Pages of the yearly ranking: the commune's board (proposals, checklists, violations, decision),
a team's task counts, and the ranking list as PDF and Excel once decided.

Reading needs the commune in scope; names of members need `can_see_personal_data`; proposing,
deciding and reopening need `can_manage_forces`. Anything else answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.core.errors import DomainError
from antq.forces import ranking_actions, ranking_documents, ranking_queries
from antq.forces.models import Team
from antq.forces.permissions import can_manage_forces, can_see_personal_data
from antq.forces.ranking_forms import DecisionForm, ReopenForm, TaskCountsForm
from antq.forces.ranking_models import Level, TaskGroup, TeamTaskCount
from antq.forces.views import _commune, _managed_commune, _user

TEAMS_PER_PAGE = 25


def _year(year: int) -> int:
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


def default_year() -> int:
    """The year being ranked: the period ends on 14/11, so from 15/11 on the next year's period runs,
    but the ranking of the year just ended is what the commune works on until the year's end."""
    return timezone.localdate().year


def _ids(data: QueryDict, name: str) -> list[int]:
    return [int(v) for v in data.getlist(name) if v.isdigit()]


def proposals_from_post(
    data: QueryDict,
) -> tuple[dict[int, ranking_actions.TeamProposal], dict[int, ranking_actions.MemberProposal]]:
    """The proposals of the rows that were on the posted page (unticked boxes are absent from a POST)."""
    teams = {
        pk: ranking_actions.TeamProposal(
            level=data.get(f"team-{pk}-level", ""),
            criteria_met=data.getlist(f"team-{pk}-criteria"),
            under_complaint=data.get(f"team-{pk}-complaint") == "1",
        )
        for pk in _ids(data, "teams")
    }
    members = {
        pk: ranking_actions.MemberProposal(
            level=data.get(f"member-{pk}-level", ""),
            criteria_met=data.getlist(f"member-{pk}-criteria"),
            under_complaint=data.get(f"member-{pk}-complaint") == "1",
            leader_exception=data.get(f"member-{pk}-exception", ""),
        )
        for pk in _ids(data, "members")
    }
    return teams, members


@login_required
def ranking(request: HttpRequest, key: str, year: int) -> HttpResponse:
    """The commune's ranking of a year: a level select per team and member, checklists, violations."""
    commune = _commune(request, key)
    year = _year(year)
    user = _user(request)
    can_manage = can_manage_forces(user, commune)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        teams, members = proposals_from_post(request.POST)
        try:
            ranking_actions.propose_ranking(commune, year, by=user, teams=teams, members=members)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lưu đề xuất xếp loại."))
        page = request.POST.get("page", "")
        url = request.path + (f"?page={page}" if page.isdigit() else "")
        return redirect(url)
    board = ranking_queries.board(commune, year)
    teams_page = Paginator(board.teams, TEAMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "forces/ranking.html",
        {
            "unit": commune,
            "year": year,
            "board": board,
            "page": teams_page,
            "levels": Level.choices,
            "personal": can_see_personal_data(user, commune),
            "can_manage": can_manage,
            "can_edit": can_manage and not board.locked,
            "decision_form": DecisionForm(initial={"decided_on": timezone.localdate()}),
            "reopen_form": ReopenForm(),
            "here": _("Xếp loại năm %(year)s") % {"year": year},
        },
    )


@login_required
def ranking_decide(request: HttpRequest, key: str, year: int) -> HttpResponse:
    commune = _managed_commune(request, key)  # outside scope or without the right: 404 before 405
    year = _year(year)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("forces:ranking", key=commune.key, year=year)
    try:
        ranking = ranking_actions.record_ranking_decision(
            commune, year, by=_user(request), **form.cleaned_data
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã ghi nhận Quyết định số %(number)s; kết quả xếp loại đã khóa.")
            % {"number": ranking.display_number},
        )
    return redirect("forces:ranking", key=commune.key, year=year)


@login_required
def ranking_reopen(request: HttpRequest, key: str, year: int) -> HttpResponse:
    commune = _managed_commune(request, key)  # outside scope or without the right: 404 before 405
    year = _year(year)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            ranking_actions.reopen_ranking(
                commune, year, by=_user(request), reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã mở lại kết quả xếp loại để sửa."))
    else:
        messages.error(request, _("Vui lòng nhập lý do mở lại."))
    return redirect("forces:ranking", key=commune.key, year=year)


@login_required
def ranking_tasks(request: HttpRequest, key: str, year: int, pk: int) -> HttpResponse:
    """A team's assigned and completed tasks of the year, per task group (T5 of the checklist)."""
    commune = _managed_commune(request, key)
    year = _year(year)
    team = get_object_or_404(Team.objects.visible_to(request.user), pk=pk, commune=commune)
    existing = {c.group: c for c in TeamTaskCount.objects.filter(team=team, year=year)}
    initial: dict[str, Any] = {}
    for group in TaskGroup.values:
        row = existing.get(group)
        initial[f"assigned_{group}"] = row.assigned if row else 0
        initial[f"done_{group}"] = row.done if row else 0
    form = TaskCountsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ranking_actions.record_task_counts(team, year, by=_user(request), counts=form.counts())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu số nhiệm vụ của “%(team)s”.") % {"team": team.name})
            return redirect("forces:ranking", key=commune.key, year=year)
    return render(
        request,
        "forces/form.html",
        {
            "unit": commune,
            "team": team,
            "form": form,
            "title": _("Số nhiệm vụ năm %(year)s của %(team)s") % {"year": year, "team": team.name},
        },
    )


def _decided_board(request: HttpRequest, key: str, year: int) -> ranking_queries.Board:
    commune = _commune(request, key)
    if not can_see_personal_data(_user(request), commune):
        raise Http404  # the list names the members
    board = ranking_queries.board(commune, _year(year))
    if not board.locked:
        raise Http404
    return board


@login_required
def ranking_pdf(request: HttpRequest, key: str, year: int) -> HttpResponse:
    board = _decided_board(request, key, year)
    response = HttpResponse(ranking_documents.ranking_pdf(board), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="xep-loai-to-bao-ve-antt-{board.commune.key}-{year}.pdf"'
    )
    return response


@login_required
def ranking_xlsx(request: HttpRequest, key: str, year: int) -> HttpResponse:
    board = _decided_board(request, key, year)
    response = HttpResponse(
        ranking_documents.ranking_xlsx(board),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="xep-loai-to-bao-ve-antt-{board.commune.key}-{year}.xlsx"'
    )
    return response
