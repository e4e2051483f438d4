"""Pages of the roster's Excel import (background job with progress) and export.

Importing needs `can_import_roster` on the unit (a commune, a province or the country); a job is
seen only by the user who uploaded it, in scope. Exporting needs the unit in scope; personal
columns need `can_see_personal_data`. Anything else answers 404.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.forces import roster_imports
from antq.forces.models import RosterImport, Team
from antq.forces.permissions import can_import_roster, can_see_personal_data
from antq.units import imports
from antq.units.imports_views import UploadForm
from antq.units.models import Unit

RECENT_JOBS = 10


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _unit(request: HttpRequest, key: str) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), key=key)


def _import_unit(request: HttpRequest, key: str) -> Unit:
    unit = _unit(request, key)
    if not can_import_roster(_user(request), unit):
        raise Http404
    return unit


def _job(request: HttpRequest, unit: Unit, pk: int) -> RosterImport:
    return get_object_or_404(RosterImport.objects.visible_to(_user(request)), pk=pk, unit=unit)


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest, key: str) -> HttpResponse:
    """Upload a roster file: it is checked on arrival for safety, then queued for the dry run."""
    unit = _import_unit(request, key)
    user = _user(request)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = imports.read_xlsx_upload(
                upload,
                max_bytes=int(settings.ANTQ_ROSTER_IMPORT_MAX_BYTES),
                max_uncompressed=int(settings.ANTQ_ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES),
            )
        except imports.ImportRejected as exc:
            form.add_error("file", exc.message)
        else:
            with transaction.atomic():
                job = roster_imports.save_upload(
                    data, unit=unit, user=user, filename=imports.clean_filename(upload.name or "")
                )
                roster_imports.enqueue(job)
            return redirect("forces:roster_import_job", key=unit.key, pk=job.pk)
    jobs = RosterImport.objects.visible_to(user).filter(unit=unit)[:RECENT_JOBS]
    return render(
        request,
        "forces/roster_import.html",
        {"unit": unit, "form": form, "jobs": jobs, **roster_imports.limits()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_import_job(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """A job's progress while it runs, then its preview (errors, warnings) or its result."""
    unit = _import_unit(request, key)
    job = _job(request, unit, pk)
    if request.method == "POST":
        try:
            with transaction.atomic():
                roster_imports.confirm(job, by=_user(request))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("forces:roster_import_job", key=unit.key, pk=job.pk)
    return render(
        request,
        "forces/roster_import_job.html",
        {
            "unit": unit,
            "job": job,
            "progress": roster_imports.read_progress(job),
            "columns": roster_imports.COLUMNS,
            "has_report": roster_imports.errors_path(job).is_file(),
            "warnings": list(job.warnings_summary.items()),
        },
    )


@login_required
@require_GET
def roster_import_status(request: HttpRequest, key: str, pk: int) -> JsonResponse:
    """The small JSON the progress bar polls (static JS, CSP allows no inline script)."""
    unit = _import_unit(request, key)
    job = _job(request, unit, pk)
    progress = roster_imports.read_progress(job)
    if job.is_finished:
        progress = {"processed": job.total_rows, "total": job.total_rows}
    total = progress["total"]
    percent = 100 if job.is_finished else (min(99, progress["processed"] * 100 // total) if total else 0)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "phase": job.phase,
            "processed": progress["processed"],
            "total": total,
            "percent": percent,
            "finished": job.is_finished,
            "message": job.message,
        }
    )


@login_required
@require_GET
def roster_import_errors(request: HttpRequest, key: str, pk: int) -> FileResponse:
    """Every error of the job's last pass as .xlsx (row, column, reason)."""
    unit = _import_unit(request, key)
    job = _job(request, unit, pk)
    path = roster_imports.errors_path(job)
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"loi-nhap-danh-sach-{job.pk}.xlsx",
        content_type=imports.XLSX_CONTENT_TYPE,
    )


@login_required
@require_GET
def roster_import_template(request: HttpRequest, key: str) -> HttpResponse:
    unit = _import_unit(request, key)
    teams = (
        Team.objects.active()
        .filter(commune__path__startswith=unit.path)
        .select_related("commune", "residential_area")
        .order_by("commune__path", "name")
    )
    content = roster_imports.build_template(unit, teams)
    log_action(unit, "forces.roster_template.downloaded", actor=request.user, request=request)
    response = HttpResponse(content, content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-to-bao-ve-{unit.code}.xlsx"'
    return response


@login_required
@require_GET
def roster_export(request: HttpRequest, key: str) -> HttpResponse:
    """The active members of a commune or a province; names and personal data for the police only."""
    unit = _unit(request, key)
    if unit.level not in {Unit.Level.COMMUNE, Unit.Level.PROVINCE} or not unit.is_current:
        raise Http404
    personal = can_see_personal_data(_user(request), unit)
    content = roster_imports.export_roster(unit, personal=personal)
    log_action(
        unit, "forces.roster.exported", actor=request.user, request=request, data={"personal": personal}
    )
    response = HttpResponse(content, content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-to-bao-ve-{unit.code}.xlsx"'
    return response
