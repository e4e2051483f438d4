"""Pages of the periodic reports: what is due, a report (figures, narrative, submit, review), a level's
completeness and timeliness, downloads and background renders.

Reading starts from `Report.objects.visible_to` (else 404); each write asks the `permissions`
predicate (else 404) and calls one action; a refusal of the action is shown as a message.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from antq.accounts.models import User
from antq.core.audit import action_label
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.reports import actions, exports, figures, jobs, permissions, queries, rules
from antq.reports.models import RenderJob, Report, ReportDefinition
from antq.units.models import Unit

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _report(request: HttpRequest, pk: int) -> Report:
    return get_object_or_404(
        Report.objects.visible_to(request.user).select_related("definition", "unit__parent", "submitted_by"),
        pk=pk,
    )


class SubmitForm(forms.Form):
    signer_name = forms.CharField(
        label=gettext_lazy("Người ký"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signer_title = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Để trống: chức danh người đứng đầu đơn vị."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The reports the user's units owe (current and previous period, by deadline) and the reports in view."""
    user = _user(request)
    today = timezone.localdate()
    reports = Report.objects.visible_to(user).select_related("definition", "unit")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    follow_units = [
        a.unit
        for a in user.active_roles
        if a.unit.is_current and a.unit.level in (Unit.Level.PROVINCE, Unit.Level.NATIONAL)
    ]
    below: dict[str, str] = {
        Unit.Level.PROVINCE: Unit.Level.COMMUNE,
        Unit.Level.NATIONAL: Unit.Level.PROVINCE,
    }
    active = list(ReportDefinition.objects.filter(is_active=True))
    follows = [
        (unit, definition, period)
        for unit in follow_units
        for definition in active
        if definition.reporting_level == below[unit.level]
        for period in (
            rules.current_period(definition.period_kind, today),
            rules.current_period(definition.period_kind, today).previous(),
        )
    ]
    return render(
        request,
        "reports/home.html",
        {
            "items": queries.due_items(user, today),
            "page": page,
            "follows": follows,
            "today": today,
        },
    )


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    """Generate a unit's report for a period (from the "due" list), then open it."""
    user = _user(request)
    definition = get_object_or_404(
        ReportDefinition, code=request.POST.get("definition", "")[:40], is_active=True
    )
    unit = get_object_or_404(Unit.objects.visible_to(user), key=request.POST.get("unit", "")[:20])
    if not permissions.can_report(user, definition, unit):
        raise Http404
    try:
        report = actions.generate_report(
            definition, unit, period_key=request.POST.get("period", "")[:10], by=user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("reports:home")
    messages.success(request, _("Đã lập báo cáo, số liệu lấy từ hệ thống; hãy viết phần nội dung rồi gửi."))
    return redirect("reports:report", report.pk)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """A report: its figures by section, the narrative form while it can be edited, submit and review."""
    found = _report(request, pk)
    user = _user(request)
    can_edit = permissions.can_edit(user, found)
    return render(
        request,
        "reports/report.html",
        {
            "report": found,
            "sections": figures.sections(found),
            "can_edit": can_edit,
            "can_submit": permissions.can_submit(user, found),
            "can_review": permissions.can_review(user, found),
            "can_aggregate": can_edit and found.definition.source_id is not None,
            "submit_form": SubmitForm(),
            "large": exports.is_large(found),
            "jobs": found.jobs.filter(created_by=user)[:5],
            "history": [
                (entry, action_label(entry.action))
                for entry in AuditEntry.objects.for_object(found).order_by("-created_at", "-pk")[:20]
            ],
            "state": rules.timeliness(
                found.due_on,
                found.issued_on
                if found.status in (Report.Status.SUBMITTED, Report.Status.ACCEPTED)
                else None,
                timezone.localdate(),
            ),
        },
    )


def _act(request: HttpRequest, found: Report, call: object, done: str) -> HttpResponse:
    try:
        call()  # type: ignore[operator]
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("reports:report", found.pk)


@login_required
def narrative(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    user = _user(request)
    if not permissions.can_act_for(user, found.unit):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    texts = {
        str(s.pk): request.POST.get(f"section-{s.pk}", "")
        for s in found.definition.sections.all()
        if s.has_narrative and f"section-{s.pk}" in request.POST
    }
    return _act(
        request,
        found,
        lambda: actions.save_narrative(found, by=user, texts=texts),
        _("Đã lưu nội dung báo cáo."),
    )


@login_required
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    user = _user(request)
    if not permissions.can_act_for(user, found.unit):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _act(
        request, found, lambda: actions.refresh_figures(found, by=user), _("Đã cập nhật lại số liệu.")
    )


@login_required
def aggregate(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    user = _user(request)
    if not permissions.can_act_for(user, found.unit):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return _act(
        request,
        found,
        lambda: actions.aggregate_report(found, by=user),
        _("Đã tổng hợp số liệu từ báo cáo của các đơn vị cấp dưới."),
    )


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    user = _user(request)
    if not permissions.can_act_for(user, found.unit):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Họ tên, chức vụ người ký không được quá 150 ký tự."))
        return redirect("reports:report", found.pk)
    return _act(
        request,
        found,
        lambda: actions.submit_report(found, by=user, **form.cleaned_data),
        _("Đã gửi báo cáo."),
    )


@login_required
def review(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    found = _report(request, pk)
    user = _user(request)
    if verb not in ("accept", "return") or not permissions.is_receiver(user, found):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    note = request.POST.get("note", "")
    if verb == "accept":
        return _act(
            request,
            found,
            lambda: actions.accept_report(found, by=user, note=note),
            _("Đã tiếp nhận báo cáo."),
        )
    return _act(
        request, found, lambda: actions.return_report(found, by=user, note=note), _("Đã trả lại báo cáo.")
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report's PDF or workbook, rendered now (a long report is rendered by the worker instead)."""
    found = _report(request, pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    if exports.is_large(found):
        messages.info(
            request, _("Báo cáo có nhiều đơn vị: hãy dùng nút “Xuất tệp” để hệ thống tạo tệp trong nền.")
        )
        return redirect("reports:report", found.pk)
    if fmt == "pdf":
        data, content_type = exports.report_pdf(found), "application/pdf"
    else:
        data, content_type = exports.report_xlsx(found), XLSX
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(found, fmt)}"'
    return response


@login_required
def render_start(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Queue a background render of the report and show its progress."""
    found = _report(request, pk)
    if fmt not in RenderJob.Format.values:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    job = jobs.request_render(found, fmt=fmt, by=_user(request))
    return redirect("reports:job", job.pk)


def _job(request: HttpRequest, pk: int) -> RenderJob:
    return get_object_or_404(
        RenderJob.objects.filter(
            report__in=Report.objects.visible_to(request.user), created_by_id=request.user.pk
        ).select_related("report__definition", "report__unit"),
        pk=pk,
    )


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of a background render (the bar polls `job_progress` with HTMX), then the download."""
    found = _job(request, pk)
    template = "reports/_job.html" if request.headers.get("HX-Request") else "reports/job.html"
    return render(request, template, {"job": found, "report": found.report})


@login_required
@require_GET
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    found = _job(request, pk)
    if found.status != RenderJob.Status.DONE or not found.file_name:
        raise Http404
    path = jobs.path_of(found)
    if not path.is_file():
        raise Http404
    content_type = "application/pdf" if found.format == RenderJob.Format.PDF else XLSX
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=exports.file_name(found.report, found.format),
        content_type=content_type,
    )


@login_required
def follow(request: HttpRequest, key: str, code: str, period: str) -> HttpResponse:
    """Completeness and timeliness of the units below `key` for one regime and period; the aggregate."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), key=key)
    definition = get_object_or_404(ReportDefinition, code=code)
    found_period = definition.period(period)
    if found_period is None or not permissions.can_follow(_user(request), unit):
        raise Http404
    if definition.reporting_level == unit.level:
        raise Http404
    today = timezone.localdate()
    data = queries.follow(unit, definition, found_period, today)
    user = _user(request)
    return render(
        request,
        "reports/follow.html",
        {
            "follow": data,
            "today": today,
            "previous": found_period.previous(),
            "can_generate": data.aggregate_definition is not None
            and data.own is None
            and permissions.can_report(user, data.aggregate_definition, unit),
        },
    )
