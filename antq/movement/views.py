"""Pages of the movement: overview, steering committee, document register, plan roll-up, tasks.

Reads start from visible_to(); anything outside the user's scope answers 404. Writes call actions.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.core.text import MAX_SEARCH_LENGTH, has_nul
from antq.movement import actions, exports, queries
from antq.movement.forms import (
    AssignForm,
    AttachmentForm,
    CommitteeForm,
    DocumentForm,
    EndMembershipForm,
    MemberForm,
    ProgressForm,
)
from antq.movement.models import Attachment, CommitteeMember, Document, SteeringCommittee, Task
from antq.movement.permissions import can_assign_from, can_manage_unit, can_report_on
from antq.units.models import Unit

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _unit(request: HttpRequest, key: str) -> Unit:
    unit = get_object_or_404(
        Unit.objects.visible_to(request.user).current().select_related("parent"), key=key
    )
    if unit.level == Unit.Level.DISTRICT:
        raise Http404
    return unit


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    today = timezone.localdate()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year + 1 else today.year


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The overview of the user's own (highest) unit."""
    role = _user(request).primary_role
    key = role.unit.key if role else "VN"
    return redirect("movement:overview", key=key)


@login_required
def overview(request: HttpRequest, key: str) -> HttpResponse:
    unit = _unit(request, key)
    year = _year(request)
    view = queries.overview(unit, year, timezone.localdate())
    chart = {
        "labels": [row[1] for row in view.document_rows],
        "series": [
            {"label": _("Năm %(y)s") % {"y": year}, "data": [row[2] for row in view.document_rows]},
            {"label": _("Năm %(y)s") % {"y": year - 1}, "data": [row[3] for row in view.document_rows]},
        ],
    }
    missing = Paginator(view.not_consolidated, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "movement/overview.html",
        {
            "unit": unit,
            "year": year,
            "view": view,
            "missing": missing,
            "chart": chart,
            "can_manage": can_manage_unit(_user(request), unit),
        },
    )


@login_required
def export(request: HttpRequest, key: str, kind: str) -> HttpResponse:
    unit = _unit(request, key)
    year = _year(request)
    builder = exports.BUILDERS.get(kind)
    if builder is None:
        raise Http404
    content, name = builder(unit, year, _user(request))
    log_action(
        unit, "movement.exported", actor=request.user, request=request, data={"list": kind, "year": year}
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def committee(request: HttpRequest, key: str) -> HttpResponse:
    unit = _unit(request, key)
    user = _user(request)
    current = SteeringCommittee.objects.visible_to(user).filter(unit=unit).first()
    editable = can_manage_unit(user, unit)
    form = CommitteeForm(
        initial={
            "name": current.name
            if current
            else _("Ban Chỉ đạo phong trào toàn dân bảo vệ ANTQ %(u)s") % {"u": unit.name},
            "decision_number": current.decision_number if current else "",
            "standing_office": current.standing_office if current else _("Công an %(u)s") % {"u": unit.name},
        }
    )
    member_form = MemberForm()
    if request.method == "POST":
        if not editable:
            raise Http404
        what = request.POST.get("what")
        try:
            if what == "committee":
                form = CommitteeForm(request.POST)
                if form.is_valid():
                    actions.save_committee(unit, by=user, **form.cleaned_data)
                    messages.success(request, _("Đã ghi quyết định về Ban Chỉ đạo."))
                    return redirect("movement:committee", key=key)
            elif what == "member" and current is not None:
                member_form = MemberForm(request.POST)
                if member_form.is_valid():
                    actions.add_member(current, by=user, **member_form.cleaned_data)
                    messages.success(request, _("Đã thêm thành viên."))
                    return redirect("movement:committee", key=key)
            elif what == "remove" and current is not None:
                pk = request.POST.get("member", "")
                member = get_object_or_404(
                    CommitteeMember, pk=int(pk) if pk.isdigit() else 0, committee=current
                )
                actions.remove_member(member, by=user)
                messages.success(request, _("Đã bỏ thành viên khỏi Ban Chỉ đạo."))
                return redirect("movement:committee", key=key)
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, error.message)
    members = list(current.members.current()) if current else []
    former = (
        list(current.members.filter(left_on__isnull=False).order_by("-left_on", "pk")[:50]) if current else []
    )
    history = list(current.history.all()[:10]) if current else []
    return render(
        request,
        "movement/committee.html",
        {
            "unit": unit,
            "committee": current,
            "members": members,
            "former": former,
            "history": history,
            "form": form,
            "member_form": member_form,
            "editable": editable,
        },
    )


@login_required
def member(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a current member (position, agency, role, joining date) or end their membership."""
    user = _user(request)
    item = get_object_or_404(
        CommitteeMember.objects.visible_to(user).select_related("committee__unit"), pk=pk
    )
    unit = item.committee.unit
    if not can_manage_unit(user, unit) or item.left_on is not None:
        raise Http404
    fields = ("full_name", "position", "agency", "role", "joined_on")
    form = MemberForm(initial={f: getattr(item, f) for f in fields})
    end_form = EndMembershipForm(initial={"left_on": timezone.localdate()})
    if request.method == "POST":
        what = request.POST.get("what")
        try:
            if what == "edit":
                form = MemberForm(request.POST)
                if form.is_valid():
                    actions.update_member(item, by=user, **form.cleaned_data)
                    messages.success(request, _("Đã sửa thông tin thành viên."))
                    return redirect("movement:committee", key=unit.key)
            elif what == "end":
                end_form = EndMembershipForm(request.POST)
                if end_form.is_valid():
                    actions.end_membership(item, by=user, left_on=end_form.cleaned_data["left_on"])
                    messages.success(request, _("Đã ghi thành viên thôi tham gia Ban Chỉ đạo."))
                    return redirect("movement:committee", key=unit.key)
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, error.message)
    return render(
        request,
        "movement/member.html",
        {
            "unit": unit,
            "member": item,
            "form": form,
            "end_form": end_form,
            "history": list(item.history.all()[:20]),
        },
    )


def _search_text(request: HttpRequest) -> str:
    text = request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    return "" if has_nul(text) else text


@login_required
def documents(request: HttpRequest, key: str) -> HttpResponse:
    """The register of documents issued in the unit's subtree and above it, with a form to enter one."""
    unit = _unit(request, key)
    user = _user(request)
    editable = can_manage_unit(user, unit)
    form = DocumentForm(initial={"issuing_body": _("Ban Chỉ đạo %(u)s") % {"u": unit.name}})
    if request.method == "POST":
        if not editable:
            raise Http404
        form = DocumentForm(request.POST)
        if form.is_valid():
            try:
                document = actions.register_document(unit, by=user, **form.cleaned_data)
            except DomainError as error:
                form.add_error("number_text", error.message)
            else:
                messages.success(request, _("Đã vào sổ văn bản %(n)s.") % {"n": document.number_text})
                return redirect("movement:document", pk=document.pk)
    text = _search_text(request)
    rows = (
        Document.objects.visible_to(user)
        .filter(queries.unit_documents_q(unit))
        .search(text)
        .select_related("issuer_unit")
    )
    return render(
        request,
        "movement/documents.html",
        {
            "unit": unit,
            "rows": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "q": text,
            "form": form,
            "editable": editable,
        },
    )


def _document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(Document.objects.visible_to(request.user).select_related("issuer_unit"), pk=pk)


def _assign_choices(issuer: Unit) -> list[tuple[str, str]]:
    if issuer.level == Unit.Level.NATIONAL:
        provinces = Unit.objects.current().filter(level=Unit.Level.PROVINCE).order_by("name_folded")
        return [("all-communes", _("Tất cả các xã, phường, đặc khu trên toàn quốc"))] + [
            (f"communes:{p.key}", _("Tất cả các xã, phường của %(p)s") % {"p": p.name}) for p in provinces
        ]
    communes = Unit.objects.current().filter(parent=issuer, level=Unit.Level.COMMUNE).order_by("name_folded")
    return [(f"communes:{issuer.key}", _("Tất cả các xã, phường của %(p)s") % {"p": issuer.name})] + [
        (f"unit:{c.key}", c.name) for c in communes
    ]


def _targets(issuer: Unit, choice: str) -> list[Unit]:
    kind, _sep, key = choice.partition(":")
    if kind == "all-communes":
        return list(Unit.objects.current().filter(level=Unit.Level.COMMUNE, path__startswith=issuer.path))
    if kind == "communes":
        province = Unit.objects.filter(key=key, level=Unit.Level.PROVINCE).first()
        return actions.communes_of(province) if province else []
    return list(Unit.objects.filter(key=key))


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A document with its attachments and links; a plan also shows its roll-up and the assignment form."""
    doc = _document(request, pk)
    user = _user(request)
    today = timezone.localdate()
    assigner = doc.can_assign_tasks and can_assign_from(user, doc.issuer_unit)
    editable = can_manage_unit(user, doc.issuer_unit)
    assign_form = AssignForm(initial={"deadline": today})
    cast(forms.ChoiceField, assign_form.fields["target"]).choices = (
        _assign_choices(doc.issuer_unit) if assigner else []
    )
    if request.method == "POST":
        what = request.POST.get("what")
        try:
            if what == "assign" and assigner:
                assign_form = AssignForm(request.POST)
                cast(forms.ChoiceField, assign_form.fields["target"]).choices = _assign_choices(
                    doc.issuer_unit
                )
                if assign_form.is_valid():
                    data = assign_form.cleaned_data
                    tasks = actions.assign_tasks(
                        doc,
                        _targets(doc.issuer_unit, data["target"]),
                        by=user,
                        assignment=actions.Assignment(
                            data["title"], data["deadline"], data["expected_result"], data["weight"]
                        ),
                    )
                    messages.success(request, _("Đã giao nhiệm vụ cho %(n)s đơn vị.") % {"n": len(tasks)})
                    return redirect("movement:document", pk=pk)
            elif what == "attach" and editable:
                attach_form = AttachmentForm(request.POST, request.FILES)
                if attach_form.is_valid():
                    actions.attach_to_document(doc, attach_form.cleaned_data["file"], by=user)
                    messages.success(request, _("Đã đính kèm tệp."))
                    return redirect("movement:document", pk=pk)
                messages.error(request, _("Chưa chọn tệp."))
            elif what == "link" and editable:
                target_pk = request.POST.get("target", "")
                target = _document(request, int(target_pk) if target_pk.isdigit() else 0)
                actions.link_documents(doc, target, by=user, kind=request.POST.get("kind", ""))
                messages.success(request, _("Đã liên kết văn bản."))
                return redirect("movement:document", pk=pk)
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, error.message)
    visible_tasks = Task.objects.visible_to(user)
    rollup = queries.plan_rollup(doc, visible_tasks, today) if doc.can_assign_tasks else None
    return render(
        request,
        "movement/document.html",
        {
            "doc": doc,
            "unit": doc.issuer_unit,
            "attachments": list(doc.attachments.all()),
            "links_out": list(doc.links_out.select_related("target")),
            "links_in": list(doc.links_in.select_related("source")),
            "link_targets": list(
                Document.objects.visible_to(user).exclude(pk=doc.pk).order_by("-issued_on")[:50]
            )
            if editable
            else [],
            "rollup": rollup,
            "assigner": assigner,
            "assign_form": assign_form,
            "editable": editable,
        },
    )


@login_required
def rollup_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's roll-up as Excel: whoever sees the plan, over the tasks they see."""
    doc = _document(request, pk)
    if not doc.can_assign_tasks:
        raise Http404
    rollup = queries.plan_rollup(doc, Task.objects.visible_to(_user(request)), timezone.localdate())
    content, name = exports.plan_rollup(doc, rollup)
    log_action(doc, "movement.exported", actor=request.user, request=request, data={"list": "tien-do"})
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Whoever sees the document, or the task the report belongs to, may read the file."""
    user = _user(request)
    attachment = get_object_or_404(Attachment.objects.select_related("document", "report__task"), pk=pk)
    if attachment.document_id is not None:
        visible = Document.objects.visible_to(user).filter(pk=attachment.document_id).exists()
    else:
        visible = Task.objects.visible_to(user).filter(pk=attachment.report.task_id).exists()  # type: ignore[union-attr]
    if not visible:
        raise Http404
    log_action(
        attachment.document or attachment.report.task,  # type: ignore[union-attr]
        "movement.attachment.downloaded",
        actor=user,
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
def inbox(request: HttpRequest, key: str) -> HttpResponse:
    """ "Cấp trên giao cho đơn vị": what the levels above asked of this unit, pending first."""
    unit = _unit(request, key)
    today = timezone.localdate()
    page = Paginator(queries.asked_of_us(unit, today), PAGE_SIZE).get_page(request.GET.get("page"))
    from antq.movement.rules import task_flag

    rows = [(task, task_flag(task.progress, task.deadline, today)) for task in page]
    return render(request, "movement/inbox.html", {"unit": unit, "page": page, "rows": rows})


@login_required
def task(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    item = get_object_or_404(
        Task.objects.visible_to(user).select_related("unit", "plan", "plan__issuer_unit"), pk=pk
    )
    reporter = can_report_on(user, item.unit)
    form = ProgressForm(initial={"percent": item.progress})
    if request.method == "POST":
        if not reporter:
            raise Http404
        form = ProgressForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                actions.report_progress(
                    item,
                    by=user,
                    percent=form.cleaned_data["percent"],
                    note=form.cleaned_data["note"],
                    upload=form.cleaned_data["file"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã báo cáo tiến độ."))
                return redirect("movement:task", pk=pk)
    from antq.movement.rules import task_flag

    return render(
        request,
        "movement/task.html",
        {
            "task": item,
            "unit": item.unit,
            "flag": task_flag(item.progress, item.deadline, timezone.localdate()),
            "reports": list(item.reports.select_related("reported_by").prefetch_related("attachments")[:50]),
            "events": list(AuditEntry.objects.for_object(item).order_by("created_at", "id")[:50]),
            "form": form,
            "reporter": reporter,
        },
    )
