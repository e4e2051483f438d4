"""The cycle overview pages: national (or the user's top units) -> province -> commune, and its Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from antq.assessments.models import Cycle
from antq.assessments.overview import NATIONAL_KEY, overview, unit_for_key
from antq.assessments.overview_export import overview_xlsx
from antq.core.audit import log_action
from antq.units.models import Unit


def _page(request: HttpRequest, cycle: Cycle, unit: Unit | None) -> HttpResponse:
    view = overview(cycle, unit, request.user)
    return render(
        request,
        "assessments/overview.html",
        {
            "view": view,
            "cycle": cycle,
            "unit": view.unit,
            "export_key": view.unit.key if view.unit is not None else NATIONAL_KEY,
            "chart": view.chart_data(),
        },
    )


@login_required
def overview_page(request: HttpRequest, year: int) -> HttpResponse:
    """The nation for those who see it all; otherwise the highest units in the user's scope."""
    return _page(request, get_object_or_404(Cycle, year=year), None)


@login_required
def overview_unit(request: HttpRequest, year: int, key: str) -> HttpResponse:
    cycle = get_object_or_404(Cycle, year=year)
    unit = unit_for_key(request.user, key)
    if unit is None:
        return redirect("assessments:overview", year=year)
    return _page(request, cycle, unit)


@login_required
def overview_export(request: HttpRequest, year: int, key: str) -> HttpResponse:
    """The overview table as an Excel workbook; every export is audited."""
    cycle = get_object_or_404(Cycle, year=year)
    view = overview(cycle, unit_for_key(request.user, key), request.user)
    content = overview_xlsx(view)
    log_action(
        view.unit or cycle,
        "assessments.overview.exported",
        actor=request.user,
        request=request,
        data={"year": year, "unit": key, "rows": len(view.rows)},
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="tong-hop-{year}-{key}.xlsx"'
    return response
