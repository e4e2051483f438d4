"""The force overview pages: national (or the user's top units) -> province -> commune, and their Excel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from antq.core.audit import log_action
from antq.forces import rules
from antq.forces.overview import force_overview
from antq.forces.overview_export import overview_xlsx
from antq.units.models import Unit

if TYPE_CHECKING:
    from antq.units.models import Viewer

NATIONAL_KEY = "VN"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def overview_unit_for(user: Viewer, key: str) -> Unit | None:
    """The unit of `key` if the user may see it (None for the nation: the top page); otherwise 404."""
    if key == NATIONAL_KEY:
        return None
    unit = get_object_or_404(Unit.objects.visible_to(user), key=key)
    if unit.is_legacy or unit.level not in (Unit.Level.PROVINCE, Unit.Level.COMMUNE):
        raise Http404
    return unit


def _page(request: HttpRequest, unit: Unit | None) -> HttpResponse:
    view = force_overview(unit, request.user)
    return render(
        request,
        "forces/overview.html",
        {
            "view": view,
            "unit": view.unit,
            "export_key": view.unit.key if view.unit is not None else NATIONAL_KEY,
            "chart": view.chart_data(),
            "age_labels": [label for _code, label, *_rest in rules.AGE_BANDS],
        },
    )


@login_required
def overview_page(request: HttpRequest) -> HttpResponse:
    """The nation for those who see it all; otherwise the highest units in the user's scope."""
    return _page(request, None)


@login_required
def overview_unit(request: HttpRequest, key: str) -> HttpResponse:
    unit = overview_unit_for(request.user, key)
    if unit is None:
        return redirect("forces:overview")
    return _page(request, unit)


@login_required
def overview_export(request: HttpRequest, key: str) -> HttpResponse:
    """The overview table as an Excel workbook (counts only, no personal data); every export is audited."""
    view = force_overview(overview_unit_for(request.user, key), request.user)
    content = overview_xlsx(view)
    log_action(
        view.unit,
        "forces.overview.exported",
        actor=request.user,
        request=request,
        data={"unit": key, "rows": len(view.rows)},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="luc-luong-tong-hop-{key}.xlsx"'
    return response
