"""Pages of commendation: a unit's proposals and review queue, a proposal with its review and decision.

Reading starts from `visible_to` (else 404); writing asks the `permissions` predicates (else 404).
Refusals of the actions come back as messages; nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.awards import actions, documents, queries, sources
from antq.awards.forms import (
    BarForm,
    FromSourceForm,
    LeaderForm,
    LeaderPositionForm,
    LegacyServiceForm,
    LiftForm,
    ProposalForm,
)
from antq.awards.models import AwardForm, Decision, Leader, LeaderPosition, LegacyService, MedalBar, Proposal
from antq.awards.permissions import can_act_for, can_decide, can_review
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.forces.models import Person
from antq.units.models import Unit

LIST_SIZE = 100


def _unit(request: HttpRequest, key: str) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), key=key)
    if unit.is_legacy or unit.level == Unit.Level.DISTRICT:
        raise Http404
    return unit


@login_required
def unit(request: HttpRequest, key: str) -> HttpResponse:
    """The unit's own proposals and the proposals waiting for it to review and decide."""
    current = _unit(request, key)
    visible = Proposal.objects.visible_to(request.user).select_related("form", "proposer", "decision")
    own = list(visible.filter(proposer=current)[:LIST_SIZE])
    queue = list(
        visible.filter(reviewer=current, status__in=["proposed", "raised", "reviewed"]).order_by(
            "form__rank", "pk"
        )[:LIST_SIZE]
    )
    may_act = can_act_for(request.user, current)
    decidable = [p for p in queue if p.status == Proposal.Status.REVIEWED] if may_act else []
    history = queries.history(visible, unit=current)
    return render(
        request,
        "awards/unit.html",
        {
            "unit": current,
            "own": own,
            "queue": queue,
            "history": history,
            "may_act": may_act,
            "decidable": decidable,
        },
    )


@login_required
def propose(request: HttpRequest, key: str) -> HttpResponse:
    """A unit proposes a form of commendation for collectives and individuals."""
    current = _unit(request, key)
    if not can_act_for(request.user, current):
        raise Http404
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.propose(
                current,
                by=request.user,
                form=data["form"],
                year=data["year"],
                achievement=data["achievement"],
                source_type=data["source_type"],
                source_id=data["source_id"],
                nominees=form.nominees(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã gửi đề nghị khen thưởng."))
            return redirect("awards:proposal", pk=created.pk)
    return render(
        request,
        "awards/propose.html",
        {"unit": current, "form": form, "sources": sources.choices(request.user, current)},
    )


@login_required
def propose_from(request: HttpRequest, key: str, kind: str, source_id: int) -> HttpResponse:
    """Propose from a record of another app: its nominees and achievement pre-filled, the source linked."""
    current = _unit(request, key)
    if not can_act_for(request.user, current):
        raise Http404
    found = sources.prefill(request.user, current, kind, source_id)
    if found is None:
        raise Http404
    initial = {
        "form": AwardForm.objects.filter(code=found.form_code).first(),
        "year": found.year,
        "achievement": found.achievement,
    }
    form = FromSourceForm(request.POST or None, initial=initial)
    chosen = [int(v) for v in request.POST.getlist("nominees") if v.isdigit()]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = actions.propose(
                current,
                by=request.user,
                form=data["form"],
                year=data["year"],
                achievement=data["achievement"],
                source_type=found.kind,
                source_id=found.source_id,
                nominees=[n for i, n in enumerate(found.nominees) if i in chosen],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã gửi đề nghị khen thưởng."))
            return redirect("awards:proposal", pk=created.pk)
    selected = set(chosen) if request.method == "POST" else set(range(len(found.nominees)))
    return render(
        request,
        "awards/propose_from.html",
        {
            "unit": current,
            "form": form,
            "source": found,
            "nominees": [(i, n, i in selected) for i, n in enumerate(found.nominees)],
        },
    )


def _medal_unit(request: HttpRequest, key: str) -> Unit:
    # Personal data of the force: the police (editors) of the unit or above only.
    current = _unit(request, key)
    if not can_act_for(request.user, current):
        raise Http404
    return current


@login_required
def medal(request: HttpRequest, key: str) -> HttpResponse:
    """Team members of the unit who may be proposed for the medal today, and why the others may not."""
    current = _medal_unit(request, key)
    today = timezone.localdate()
    rows = queries.medal_rows(current, on=today)
    leaders = queries.leader_rows(current, on=today)
    eligible = sum(1 for row in rows if row.check.eligible)
    return render(
        request,
        "awards/medal.html",
        {
            "unit": current,
            "rows": rows,
            "eligible": eligible,
            "leaders": leaders,
            "leaders_eligible": sum(1 for row in leaders if row.check.eligible),
            "today": today,
        },
    )


@login_required
def medal_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    """The nominee list (danh sách trích ngang) of the eligible members, as Excel."""
    current = _medal_unit(request, key)
    today = timezone.localdate()
    content = queries.nominee_list_xlsx(
        current,
        queries.medal_rows(current, on=today),
        on=today,
        leaders=queries.leader_rows(current, on=today),
    )
    log_action(current, "awards.nominee_list.exported", actor=request.user, request=request)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="trich-ngang-{current.key}.xlsx"'
    return response


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's commendations over the years; the police also record earlier service and medal bars."""
    member = get_object_or_404(Person.objects.visible_to(request.user).select_related("commune"), pk=pk)
    may_edit = can_act_for(request.user, member.commune)
    service_form, bar_form = LegacyServiceForm(prefix="s"), BarForm(prefix="b")
    if request.method == "POST":
        if not may_edit:
            raise Http404
        verb = request.POST.get("verb", "")
        try:
            if verb == "service":
                service_form = LegacyServiceForm(request.POST, prefix="s")
                if not service_form.is_valid():
                    raise DomainError(_("Thông tin thời gian tham gia chưa hợp lệ."))
                actions.record_legacy_service(member, by=request.user, **service_form.cleaned_data)
            elif verb == "remove_service":
                item = get_object_or_404(LegacyService, pk=request.POST.get("item") or 0, person=member)
                actions.remove_legacy_service(item, by=request.user)
            elif verb in ("bar", "lift"):
                _bar_verb(request, verb, person=member)
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("awards:person", pk=member.pk)
    visible = Proposal.objects.visible_to(request.user)
    return render(
        request,
        "awards/person.html",
        {
            "person": member,
            "history": queries.history(visible, person=member),
            "may_edit": may_edit,
            "services": list(LegacyService.objects.filter(person=member)) if may_edit else [],
            "bars": list(MedalBar.objects.filter(person=member)) if may_edit else [],
            "service_form": service_form,
            "bar_form": bar_form,
            "lift_form": LiftForm(prefix="l"),
        },
    )


def _bar_verb(request: HttpRequest, verb: str, *, person: Any = None, leader: Leader | None = None) -> None:
    if verb == "bar":
        form = BarForm(request.POST, prefix="b")
        if not form.is_valid():
            raise DomainError(_("Thông tin trường hợp không xét, tạm hoãn xét chưa hợp lệ."))
        actions.record_bar(by=request.user, person=person, leader=leader, **form.cleaned_data)
        return
    lift = LiftForm(request.POST, prefix="l")
    if not lift.is_valid():
        raise DomainError(_("Ngày có kết luận chưa hợp lệ."))
    bars = (
        MedalBar.objects.filter(person=person)
        if person is not None
        else MedalBar.objects.filter(leader=leader)
    )
    bar = get_object_or_404(bars, pk=request.POST.get("item") or 0)
    actions.lift_bar(bar, by=request.user, lifted_on=lift.cleaned_data["lifted_on"])


@login_required
def leaders(request: HttpRequest, key: str) -> HttpResponse:
    """Leaders whose medal files the unit keeps; the police open a new file here."""
    current = _medal_unit(request, key)
    form = LeaderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.record_leader(current, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã lập hồ sơ."))
            return redirect("awards:leader", pk=created.pk)
    rows = list(
        Leader.objects.visible_to(request.user)
        .filter(unit__path__startswith=current.path)
        .select_related("unit")[:LIST_SIZE]
    )
    return render(request, "awards/leaders.html", {"unit": current, "rows": rows, "form": form})


@login_required
def leader(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader's file: qualifying positions, exclusions and deferrals, the medal check today."""
    item = get_object_or_404(Leader.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if not can_act_for(request.user, item.unit):
        raise Http404  # personal file: the police of the unit or above
    position_form, bar_form = LeaderPositionForm(prefix="p"), BarForm(prefix="b")
    if request.method == "POST":
        verb = request.POST.get("verb", "")
        try:
            if verb == "position":
                position_form = LeaderPositionForm(request.POST, prefix="p")
                if not position_form.is_valid():
                    raise DomainError(_("Thông tin thời gian giữ chức vụ chưa hợp lệ."))
                actions.add_leader_position(item, by=request.user, **position_form.cleaned_data)
            elif verb == "remove_position":
                held = get_object_or_404(LeaderPosition, pk=request.POST.get("item") or 0, leader=item)
                actions.remove_leader_position(held, by=request.user)
            elif verb in ("bar", "lift"):
                _bar_verb(request, verb, leader=item)
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("awards:leader", pk=item.pk)
    today = timezone.localdate()
    row = queries.leader_rows(item.unit, on=today, leader_id=item.pk)[0]
    return render(
        request,
        "awards/leader.html",
        {
            "leader": item,
            "row": row,
            "today": today,
            "bars": list(MedalBar.objects.filter(leader=item)),
            "position_form": position_form,
            "bar_form": bar_form,
            "lift_form": LiftForm(prefix="l"),
        },
    )


def _day(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise DomainError(_("Ngày phải có dạng dd/mm/yyyy.")) from None


def _decide_from_post(request: HttpRequest, proposals: list[Proposal], issuer: Unit) -> Decision:
    return actions.decide(
        proposals,
        by=request.user,
        issuer=issuer,
        number_text=request.POST.get("number", ""),
        issued_on=_day(request.POST.get("issued_on", "")),
        signer_name=request.POST.get("signer_name", ""),
        signer_title=request.POST.get("signer_title", ""),
        place=request.POST.get("place", ""),
    )


@login_required
def decide_many(request: HttpRequest, key: str) -> HttpResponse:
    """The awarding unit decides several reviewed proposals in one decision (all or nothing)."""
    current = _unit(request, key)
    if not can_act_for(request.user, current):
        raise Http404
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    ids = [int(v) for v in request.POST.getlist("proposals") if v.isdigit()]
    chosen = list(
        Proposal.objects.visible_to(request.user).filter(pk__in=ids, reviewer=current).select_related("form")
    )
    try:
        if len(chosen) != len(set(ids)):
            raise DomainError(_("Có đề nghị không thuộc thẩm quyền quyết định của đơn vị này."))
        decision = _decide_from_post(request, chosen, current)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("awards:unit", key=current.key)
    messages.success(
        request,
        _("Đã ban hành Quyết định số %(number)s cho %(count)s đề nghị.")
        % {"number": decision.number, "count": len(chosen)},
    )
    return redirect("awards:unit", key=current.key)


@login_required
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """A proposal with its nominees; the awarding level reviews, refuses, raises or decides it here."""
    item = get_object_or_404(
        Proposal.objects.visible_to(request.user).select_related("form", "proposer", "reviewer", "decision"),
        pk=pk,
    )
    if request.method == "POST":
        verb = request.POST.get("verb", "")
        allowed = can_decide(request.user, item) if verb == "decide" else can_review(request.user, item)
        if not allowed:
            raise Http404
        note = request.POST.get("note", "")
        try:
            if verb == "review":
                actions.review(item, by=request.user, note=note)
            elif verb == "reject":
                actions.refuse(item, by=request.user, note=note)
            elif verb == "raise":
                form = AwardForm.objects.filter(pk=request.POST.get("form") or 0).first()
                if form is None:
                    raise DomainError(_("Chưa chọn hình thức khen thưởng cao hơn."))
                actions.raise_form(item, by=request.user, form=form, note=note)
            elif verb == "decide":
                _decide_from_post(request, [item], item.reviewer)
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã lưu."))
        return redirect("awards:proposal", pk=item.pk)
    higher = AwardForm.objects.filter(rank__gt=item.form.rank) if can_review(request.user, item) else []
    certificates = item.decision is not None and bool(item.form.certificate_title)
    return render(
        request,
        "awards/proposal.html",
        {
            "proposal": item,
            "nominees": list(item.nominees.select_related("unit")),
            "higher": higher,
            "may_review": can_review(request.user, item),
            "may_decide": can_decide(request.user, item),
            "certificates": certificates,
            "source": sources.describe(item.source_type, item.source_id),
        },
    )


def _decision(request: HttpRequest, pk: int) -> Decision:
    """A decision of which the user sees at least one proposal (else 404)."""
    visible = Proposal.objects.visible_to(request.user).filter(decision=pk)
    decision = get_object_or_404(Decision.objects.select_related("issuer__parent", "form"), pk=pk)
    if not visible.exists():
        raise Http404
    return decision


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The commendation decision as a PDF (NĐ 30 layout) with its list of recipients."""
    decision = _decision(request, pk)
    response = HttpResponse(documents.decision_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quyet-dinh-khen-thuong-{decision.pk}.pdf"'
    return response


@login_required
def certificates_pdf(request: HttpRequest, pk: int, nominee: int | None = None) -> HttpResponse:
    """The certificates (Giấy khen, Bằng khen) of a decision: every recipient's, or one recipient's."""
    decision = _decision(request, pk)
    if not decision.form.certificate_title:
        raise Http404  # the form carries no certificate printed by the system (a flag, the medal)
    nominees = documents.certificate_nominees(decision)
    if nominee is not None:
        nominees = [n for n in nominees if n.pk == nominee]
        if not nominees:
            raise Http404
    content = documents.certificate_pdf(decision, nominees)
    log_action(
        decision,
        "awards.certificate.exported",
        actor=request.user,
        request=request,
        data={"nominees": [n.pk for n in nominees]},
    )
    response = HttpResponse(content, content_type="application/pdf")
    suffix = f"-{nominee}" if nominee is not None else ""
    response["Content-Disposition"] = f'inline; filename="giay-khen-{decision.pk}{suffix}.pdf"'
    return response
