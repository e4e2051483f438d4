"""Pages of commendation: a unit's proposals and review queue, a proposal with its review and decision.

Reading starts from `visible_to` (else 404); writing asks the `permissions` predicates (else 404).
Refusals of the actions come back as messages; nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.awards import actions, documents, queries
from antq.awards.forms import ProposalForm
from antq.awards.models import AwardForm, Decision, Proposal
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
        visible.filter(reviewer=current, status__in=["proposed", "raised", "reviewed"]).order_by("pk")[
            :LIST_SIZE
        ]
    )
    history = queries.history(visible, unit=current)
    return render(
        request,
        "awards/unit.html",
        {
            "unit": current,
            "own": own,
            "queue": queue,
            "history": history,
            "may_act": can_act_for(request.user, current),
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
    return render(request, "awards/propose.html", {"unit": current, "form": form})


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
    eligible = sum(1 for row in rows if row.check.eligible)
    return render(
        request, "awards/medal.html", {"unit": current, "rows": rows, "eligible": eligible, "today": today}
    )


@login_required
def medal_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    """The nominee list (danh sách trích ngang) of the eligible members, as Excel."""
    current = _medal_unit(request, key)
    today = timezone.localdate()
    content = queries.nominee_list_xlsx(current, queries.medal_rows(current, on=today), on=today)
    log_action(current, "awards.nominee_list.exported", actor=request.user, request=request)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="trich-ngang-{current.key}.xlsx"'
    return response


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """The commendations of a member of the force over the years."""
    member = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    visible = Proposal.objects.visible_to(request.user)
    return render(
        request, "awards/person.html", {"person": member, "history": queries.history(visible, person=member)}
    )


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
                try:
                    issued_on = dt.datetime.strptime(request.POST.get("issued_on", ""), "%d/%m/%Y").date()
                except ValueError:
                    raise DomainError(_("Ngày ký phải có dạng dd/mm/yyyy.")) from None
                actions.decide(
                    [item],
                    by=request.user,
                    issuer=item.reviewer,
                    number_text=request.POST.get("number", ""),
                    issued_on=issued_on,
                    signer_name=request.POST.get("signer_name", ""),
                    signer_title=request.POST.get("signer_title", ""),
                    place=request.POST.get("place", ""),
                )
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Đã lưu."))
        return redirect("awards:proposal", pk=item.pk)
    higher = AwardForm.objects.filter(rank__gt=item.form.rank) if can_review(request.user, item) else []
    return render(
        request,
        "awards/proposal.html",
        {
            "proposal": item,
            "nominees": list(item.nominees.select_related("unit")),
            "higher": higher,
            "may_review": can_review(request.user, item),
            "may_decide": can_decide(request.user, item),
            "source_link": queries.source_link(item, request.user),
        },
    )


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The commendation decision as a PDF (NĐ 30 layout) with its list of recipients."""
    visible = Proposal.objects.visible_to(request.user).filter(decision=pk)
    decision = get_object_or_404(Decision.objects.select_related("issuer__parent", "form"), pk=pk)
    if not visible.exists():
        raise Http404
    response = HttpResponse(documents.decision_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quyet-dinh-khen-thuong-{decision.pk}.pdf"'
    return response
