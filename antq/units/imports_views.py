"""Excel import pages of a commune: template download, upload with dry-run preview, confirmation."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from antq.accounts.permissions import can_edit_commune, require_visible
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.units import imports
from antq.units.models import Unit
from antq.units.views import visible_unit


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
        error_messages={
            "required": gettext_lazy("Hãy chọn tệp Excel cần nhập."),
            "empty": gettext_lazy("Tệp tải lên rỗng."),
        },
    )


def _importable_commune(request: HttpRequest, key: str) -> Unit:
    """The commune if the user may edit it; anything else answers 404 so existence does not leak."""
    commune = visible_unit(request, key)
    require_visible(commune.level == Unit.Level.COMMUNE)
    require_visible(can_edit_commune(request.user, commune))  # type: ignore[arg-type]
    return commune


def _user_id(request: HttpRequest) -> int:
    pk = request.user.pk
    assert isinstance(pk, int)  # login_required ran first
    return pk


def _limits() -> dict[str, str]:
    return {
        "max_rows": f"{int(settings.ANTQ_IMPORT_MAX_ROWS):,}".replace(",", "."),
        "max_size": filesizeformat(settings.ANTQ_IMPORT_MAX_BYTES),
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, key: str) -> HttpResponse:
    commune = _importable_commune(request, key)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, commune)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.parse_workbook(upload, commune)
        except imports.ImportRejected as exc:
            form.add_error("file", exc.message)
        else:
            filename = imports.clean_filename(upload.name or "")
            token = (
                imports.stage(result, user_id=_user_id(request), commune=commune, filename=filename)
                if result.ok
                else ""
            )
            return render(
                request,
                "units/import_preview.html",
                {
                    "unit": commune,
                    "result": result,
                    "token": token,
                    "filename": filename,
                    "area_columns": imports.AREA_COLUMNS,
                    "org_columns": imports.ORG_COLUMNS,
                    "upload_form": UploadForm(),
                },
            )
    return render(request, "units/import.html", {"unit": commune, "form": form, **_limits()})


def _confirm(request: HttpRequest, commune: Unit) -> HttpResponse:
    token = request.POST.get("token", "")
    staged = imports.load_staged(token, user_id=_user_id(request), commune=commune)
    if staged is None:
        raise Http404
    if staged.expired:
        imports.discard(token)
        messages.error(request, _("Bản xem trước đã hết hạn. Hãy tải tệp lên lại."))
        return redirect("units:import", key=commune.key)
    try:
        areas, orgs = imports.confirm_import(staged, commune, by=request.user)
    except DomainError as exc:
        imports.discard(token)
        messages.error(request, exc.message)
        return redirect("units:import", key=commune.key)
    imports.discard(token)
    messages.success(
        request,
        _("Đã nhập %(areas)s khu dân cư và %(orgs)s tổ chức từ tệp “%(file)s”.")
        % {"areas": areas, "orgs": orgs, "file": staged.filename},
    )
    return redirect("units:detail", key=commune.key)


@login_required
@require_GET
def import_template(request: HttpRequest, key: str) -> HttpResponse:
    commune = _importable_commune(request, key)
    content = imports.build_template(commune)
    # Exports are audited in this system, templates included: they name the commune and its limits.
    log_action(commune, "units.import_template.downloaded", actor=request.user, request=request)
    response = HttpResponse(content, content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{commune.code}.xlsx"'
    return response
