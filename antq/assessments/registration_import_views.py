"""Excel import of a commune's Q1 registrations: template download, upload with preview, confirmation.

Writing needs `can_edit_commune`; anything else answers 404 so that existence does not leak.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from antq.accounts.models import User
from antq.assessments import registration_imports as reg_imports
from antq.assessments.models import Cycle, CycleRule, SubjectType
from antq.assessments.registration_views import _editable_commune
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.units import imports
from antq.units.imports_views import UploadForm, _limits
from antq.units.models import Unit


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _context(commune: Unit, cycle: Cycle) -> dict[str, object]:
    rule = CycleRule.objects.filter(cycle=cycle, subject_type=SubjectType.RESIDENTIAL_AREA).first()
    return {
        "unit": commune,
        "cycle": cycle,
        "deadline": rule.registration_deadline if rule else None,
        "is_open": cycle.status == Cycle.Status.OPEN,
    }


@login_required
@require_http_methods(["GET", "POST"])
def registration_import(request: HttpRequest, key: str, year: int) -> HttpResponse:
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, commune, cycle)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = reg_imports.parse_workbook(upload, commune, cycle)
        except imports.ImportRejected as exc:
            form.add_error("file", exc.message)
        else:
            filename = imports.clean_filename(upload.name or "")
            user_id = _user(request).pk
            token = (
                reg_imports.stage(result, user_id=user_id, commune=commune, cycle=cycle, filename=filename)
                if result.ok
                else ""
            )
            return render(
                request,
                "assessments/registration_import_preview.html",
                {
                    **_context(commune, cycle),
                    "result": result,
                    "token": token,
                    "filename": filename,
                    "columns": reg_imports.COLUMNS,
                    "upload_form": UploadForm(),
                },
            )
    return render(
        request,
        "assessments/registration_import.html",
        {**_context(commune, cycle), "form": form, **_limits()},
    )


def _confirm(request: HttpRequest, commune: Unit, cycle: Cycle) -> HttpResponse:
    token = request.POST.get("token", "")
    staged = reg_imports.load_staged(token, user_id=_user(request).pk, commune=commune, cycle=cycle)
    if staged is None:
        raise Http404
    back = redirect("assessments:registration_import", key=commune.key, year=cycle.year)
    if staged.expired:
        imports.discard(token)
        messages.error(request, _("Bản xem trước đã hết hạn. Hãy tải tệp lên lại."))
        return back
    try:
        created = reg_imports.confirm_import(staged, commune, cycle, by=_user(request))
    except DomainError as exc:
        imports.discard(token)
        messages.error(request, _("Không dòng nào được ghi. %(reason)s") % {"reason": exc.message})
        return back
    imports.discard(token)
    late = sum(1 for r in created if r.is_late)
    text = _("Đã nhập %(count)s đăng ký từ tệp “%(file)s”.") % {
        "count": len(created),
        "file": staged.filename,
    }
    if late:
        messages.warning(
            request, text + " " + _("%(late)s đăng ký sau hạn được đánh dấu “đăng ký muộn”.") % {"late": late}
        )
    else:
        messages.success(request, text)
    return redirect("assessments:registrations", key=commune.key, year=cycle.year)


@login_required
@require_GET
def registration_import_template(request: HttpRequest, key: str, year: int) -> HttpResponse:
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    content = reg_imports.build_template(commune, cycle)
    log_action(
        commune,
        "assessments.registration_import_template.downloaded",
        actor=request.user,
        request=request,
        data={"cycle": cycle.year},
    )
    response = HttpResponse(content, content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-dang-ky-{commune.code}-{cycle.year}.xlsx"'
    return response
