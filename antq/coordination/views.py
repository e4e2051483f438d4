"""Pages of coordination programmes and inspections.

Reading starts from each model's `visible_to` (else 404); writing needs the `permissions` predicate
of the acting unit (else 404, so that a page someone may not use looks like one that is not there).
Refusals of the actions come back as the form's message; nothing is half-saved.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.coordination import actions, exports, queries
from antq.coordination.forms import (
    AttachmentForm,
    FindingsForm,
    FollowUpForm,
    InspectionForm,
    ProgrammeForm,
    ReportForm,
)
from antq.coordination.models import (
    InspectedUnit,
    Inspection,
    InspectionRequest,
    Programme,
    ProgrammeReport,
    ReportAttachment,
    ancestor_paths,
)
from antq.coordination.permissions import (
    can_act_for,
    can_change_report_files,
    can_follow_up,
    can_manage_inspection,
    can_manage_programme,
)
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.units.models import Unit

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _unit(request: HttpRequest, key: str) -> Unit:
    unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), key=key)
    if unit.is_legacy or unit.level == Unit.Level.DISTRICT:
        raise Http404
    return unit


def _acting_unit(request: HttpRequest, key: str) -> Unit:
    unit = _unit(request, key)
    if not can_act_for(_user(request), unit):
        raise Http404
    return unit


def _xlsx(request: HttpRequest, content: bytes, name: str, what: str) -> HttpResponse:
    log_action(None, "coordination.exported", actor=request.user, request=request, data={"list": what})
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- Overview and lists ---------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Which provinces in view have deployed each national programme (count, percent, who has not)."""
    rows = queries.deployment_overview(request.user)
    own = [a.unit for a in _user(request).active_roles]
    return render(request, "coordination/home.html", {"rows": rows, "own": own})


@login_required
def overview_xlsx(request: HttpRequest) -> HttpResponse:
    rows = queries.deployment_overview(request.user)
    return _xlsx(request, exports.overview_xlsx(rows), "trien-khai-chuong-trinh", "overview")


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.programmes_for_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coordination/programmes.html", {"page": page})


@login_required
def programmes_xlsx(request: HttpRequest) -> HttpResponse:
    content = exports.programmes_xlsx(queries.programmes_for_list(request.user).iterator(chunk_size=500))
    return _xlsx(request, content, "chuong-trinh-phoi-hop", "programmes")


@login_required
def inspections(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.inspections_for_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coordination/inspections.html", {"page": page})


@login_required
def inspections_xlsx(request: HttpRequest) -> HttpResponse:
    content = exports.inspections_xlsx(queries.inspections_for_list(request.user).iterator(chunk_size=500))
    return _xlsx(request, content, "dot-kiem-tra", "inspections")


@login_required
def unit(request: HttpRequest, key: str) -> HttpResponse:
    """A unit's coordination work: its programmes, inspections it made, inspections it received."""
    here = _unit(request, key)
    user = _user(request)
    own_programmes = queries.programmes_for_list(user).filter(owner=here)
    made = queries.inspections_for_list(user).filter(inspector=here)
    received = (
        InspectedUnit.objects.visible_to(user)
        .filter(unit=here)
        .select_related("inspection__inspector")
        .order_by("-inspection__planned_from")
    )
    return render(
        request,
        "coordination/unit.html",
        {
            "unit": here,
            "programmes": Paginator(own_programmes, PAGE_SIZE).get_page(request.GET.get("ct")),
            "made": Paginator(made, PAGE_SIZE).get_page(request.GET.get("kt")),
            "received": Paginator(received, PAGE_SIZE).get_page(request.GET.get("dkt")),
            "can_act": can_act_for(user, here),
        },
    )


# --- Programmes -----------------------------------------------------------------------------------


@login_required
def programme_add(request: HttpRequest, key: str) -> HttpResponse:
    owner = _acting_unit(request, key)
    user = _user(request)
    upper = (
        Programme.objects.visible_to(user)
        .filter(owner__path__in=ancestor_paths([owner.path]))
        .exclude(owner=owner)
    )
    form = ProgrammeForm(request.POST or None, upper=upper)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parties = _parties(request, owner, form.party_lines())
            programme = actions.create_programme(
                owner,
                by=user,
                kind=data["kind"],
                number=data["number"],
                title=data["title"],
                signed_on=data["signed_on"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                content_items=data["content_items"].splitlines(),
                parties=parties,
                deploys=data["deploys"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã ghi chương trình %(number)s.") % {"number": programme.number})
            return redirect("coordination:programme", pk=programme.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "unit": owner, "title": _("Ghi chương trình phối hợp")},
    )


def _parties(request: HttpRequest, owner: Unit, rows: list[tuple[str, str]]) -> list[actions.Party]:
    keys = {key for key, _name in rows if key}
    units = {u.key: u for u in Unit.objects.visible_to(request.user).filter(key__in=keys)}
    parties = []
    for key, name in rows:
        if key and key not in units:
            raise DomainError(_("Không tìm thấy đơn vị mã “%(key)s”.") % {"key": key[:20]})
        parties.append(actions.Party(units[key] if key else owner, name))
    return parties


def _programme(request: HttpRequest, pk: int) -> Programme:
    return get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("owner", "deploys__owner"), pk=pk
    )


@login_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    item = _programme(request, pk)
    user = _user(request)
    reports = (
        ProgrammeReport.objects.filter(programme=item)
        .select_related("party")
        .prefetch_related("attachments")
        .order_by("-period_to", "pk")
    )
    deployments = (
        Programme.objects.visible_to(user)
        .filter(deploys=item)
        .select_related("owner")
        .order_by("owner__code")
    )
    return render(
        request,
        "coordination/programme.html",
        {
            "programme": item,
            "parties": item.parties.select_related("unit"),
            "reports": Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page")),
            "deployments": deployments,
            "can_manage": can_manage_programme(user, item),
            "can_files": can_change_report_files(user, item),
            "file_form": AttachmentForm(),
        },
    )


@login_required
def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _programme(request, pk)
    user = _user(request)
    if not can_manage_programme(user, item):
        raise Http404
    form = ReportForm(request.POST or None, parties=item.parties.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.submit_report(
                item,
                by=user,
                party=data["party"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                text=data["text"],
                figures=data["figures"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã ghi báo cáo thực hiện."))
            return redirect("coordination:programme", pk=item.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "unit": item.owner, "title": _("Báo cáo thực hiện"), "programme": item},
    )


def _report(request: HttpRequest, pk: int) -> ProgrammeReport:
    return get_object_or_404(
        ProgrammeReport.objects.visible_to(request.user).select_related("programme__owner"), pk=pk
    )


@login_required
def report_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file to a report (who may report on the programme, while it runs)."""
    report = _report(request, pk)
    user = _user(request)
    if not can_change_report_files(user, report.programme):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chưa chọn tệp."))
    else:
        try:
            actions.attach_report_file(report, form.cleaned_data["file"], by=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã đính kèm tệp vào báo cáo."))
    return redirect("coordination:programme", pk=report.programme_id)


def _report_file(request: HttpRequest, pk: int) -> ReportAttachment:
    return get_object_or_404(
        ReportAttachment.objects.visible_to(request.user).select_related("report__programme__owner"), pk=pk
    )


@login_required
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    """Whoever reads the programme may read its reports' files: sent as a download, never rendered."""
    attachment = _report_file(request, pk)
    log_action(
        attachment.report,
        "coordination.report_file.downloaded",
        actor=request.user,
        request=request,
        data={"attachment": attachment.pk, "name": attachment.original_name},
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report_file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _report_file(request, pk)
    user = _user(request)
    if not can_change_report_files(user, attachment.report.programme):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    programme_id = attachment.report.programme_id
    try:
        actions.delete_report_file(attachment, by=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa tệp đính kèm."))
    return redirect("coordination:programme", pk=programme_id)


# --- Inspections ----------------------------------------------------------------------------------


@login_required
def inspection_add(request: HttpRequest, key: str) -> HttpResponse:
    inspector = _acting_unit(request, key)
    user = _user(request)
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        keys = form.unit_keys()
        # Any unit the user sees may be named; the action refuses those outside the inspector's subtree.
        found = {u.key: u for u in Unit.objects.visible_to(user).filter(key__in=keys)}
        try:
            missing = [k for k in keys if k not in found]
            if missing:
                raise DomainError(_("Không tìm thấy đơn vị mã “%(key)s”.") % {"key": missing[0][:20]})
            inspection = actions.plan_inspection(
                inspector,
                by=user,
                plan_number=data["plan_number"],
                title=data["title"],
                planned_from=data["planned_from"],
                planned_to=data["planned_to"],
                units=[found[k] for k in keys],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Đã lập kế hoạch kiểm tra %(number)s.") % {"number": inspection.plan_number}
            )
            return redirect("coordination:inspection", pk=inspection.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "unit": inspector, "title": _("Lập kế hoạch kiểm tra")},
    )


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(Inspection.objects.visible_to(request.user).select_related("inspector"), pk=pk)


@login_required
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection and the inspected units the user may see, with requests and their follow-up."""
    item = _inspection(request, pk)
    user = _user(request)
    inspected = (
        InspectedUnit.objects.visible_to(user)
        .filter(inspection=item)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "requests",
                queryset=InspectionRequest.objects.prefetch_related("follow_ups").order_by("deadline", "pk"),
            )
        )
    )
    rows = [(row, can_follow_up(user, row)) for row in inspected]
    return render(
        request,
        "coordination/inspection.html",
        {
            "inspection": item,
            "rows": rows,
            "can_manage": can_manage_inspection(user, item),
            "today": timezone.localdate(),
        },
    )


@login_required
def findings(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    item = _inspection(request, pk)
    user = _user(request)
    if not can_manage_inspection(user, item):
        raise Http404
    row = get_object_or_404(InspectedUnit.objects.select_related("unit"), inspection=item, unit_id=unit_pk)
    initial: dict[str, Any] = {
        "conclusion": row.conclusion,
        "findings_on": row.findings_on or timezone.localdate(),
    }
    form = FindingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_findings(
                row,
                by=user,
                conclusion=data["conclusion"],
                findings_on=data["findings_on"],
                requests=[actions.RequestInput(text, day) for text, day in data["requests"]],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Đã ghi kết luận kiểm tra đối với %(unit)s.") % {"unit": row.unit.name}
            )
            return redirect("coordination:inspection", pk=item.pk)
    return render(
        request,
        "coordination/form.html",
        {"form": form, "unit": row.unit, "title": _("Kết luận, kiến nghị"), "inspection": item},
    )


@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(
        InspectionRequest.objects.visible_to(request.user).select_related(
            "inspected__unit", "inspected__inspection"
        ),
        pk=pk,
    )
    user = _user(request)
    if not can_follow_up(user, target.inspected):
        raise Http404
    form = FollowUpForm(request.POST or None, initial={"reported_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.report_follow_up(
                target, by=user, text=data["text"], status=data["status"], reported_on=data["reported_on"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã ghi báo cáo khắc phục."))
            return redirect("coordination:inspection", pk=target.inspected.inspection_id)
    return render(
        request,
        "coordination/form.html",
        {
            "form": form,
            "unit": target.inspected.unit,
            "title": _("Báo cáo khắc phục"),
            "inspection": target.inspected.inspection,
            "target": target,
        },
    )
