""" "Tổng hợp phong trào": one page of every part of the movement for a unit and period (read only)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.dashboards import board, exports, indicators, queries, tilemap
from antq.dashboards.indicators import Indicator
from antq.practices.rules import Period, parse_period, year
from antq.units.models import Unit
from antq.units.queries import breadcrumbs

DEFAULT_INDICATOR = "assessments.recognised_rate"


def _period(request: HttpRequest) -> Period:
    today = timezone.localdate()
    return parse_period(request.GET.get("ky", ""), today=today) or year(today.year)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The summary of the user's own (highest) unit."""
    role = cast(User, request.user).primary_role
    return redirect("dashboards:summary", key=role.unit.key if role else queries.NATIONAL_KEY)


@login_required
def summary(request: HttpRequest, key: str) -> HttpResponse:
    unit = queries.unit_for_key(request.user, key)
    period = _period(request)
    view = queries.summary(request.user, unit, period, timezone.localdate())
    crumbs: list[Unit] = []
    parent = unit.parent
    while parent is not None:
        crumbs.insert(0, parent)
        parent = parent.parent if parent.parent_id else None
    visible = set(
        Unit.objects.visible_to(request.user)
        .filter(pk__in=[c.pk for c in crumbs])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "dashboards/summary.html",
        {
            "unit": unit,
            "period": period,
            "view": view,
            "chart": view.chart(),
            "crumbs": [c for c in crumbs if c.pk in visible],
        },
    )


@login_required
def export(request: HttpRequest, key: str) -> HttpResponse:
    unit = queries.unit_for_key(request.user, key)
    period = _period(request)
    view = queries.summary(request.user, unit, period, timezone.localdate())
    content = exports.summary_xlsx(view)
    log_action(unit, "dashboards.exported", actor=request.user, request=request, data={"period": period.key})
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="tong-hop-{unit.key}-{period.key}.xlsx"'
    return response


# --- Indicator dashboard ("Bảng chỉ số") and the tile-grid map --------------------------------------


def _indicator(request: HttpRequest) -> Indicator:
    code = request.GET.get("chi-so", "")
    return indicators.REGISTRY.get(code) or indicators.REGISTRY[DEFAULT_INDICATOR]


@login_required
def board_home(request: HttpRequest) -> HttpResponse:
    """The dashboard of the user's own (highest) unit."""
    role = cast(User, request.user).primary_role
    return redirect("dashboards:board", key=role.unit.key if role else queries.NATIONAL_KEY)


@login_required
def board_page(request: HttpRequest, key: str) -> HttpResponse:
    unit = board.unit_for_key(request.user, key)
    period = _period(request)
    view = board.build(unit, period)
    chosen = _indicator(request)
    heat_rows: list[tilemap.HeatRow] = []
    heat_legend: list[tilemap.Legend] = []
    if view.children:
        heat_rows, heat_legend = tilemap.heat_table(view.children, view.line(chosen.code).children)
    crumbs = [(u, ok) for u, ok in breadcrumbs(unit, cast(User, request.user))]
    return render(
        request,
        "dashboards/board.html",
        {
            "unit": unit,
            "period": period,
            "board": view,
            "chart": view.chart(),
            "chosen": chosen,
            "choices": indicators.by_section(),
            "heat_rows": heat_rows,
            "heat_legend": heat_legend,
            "crumbs": crumbs,
            "has_map": unit.level == Unit.Level.NATIONAL,
        },
    )


@login_required
def board_export(request: HttpRequest, key: str) -> HttpResponse:
    unit = board.unit_for_key(request.user, key)
    period = _period(request)
    content = exports.board_xlsx(board.build(unit, period))
    log_action(
        unit, "dashboards.board.exported", actor=request.user, request=request, data={"period": period.key}
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="chi-so-{unit.key}-{period.key}.xlsx"'
    return response


@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    """The 34 provinces coloured by one indicator; squares outside the user's scope stay grey."""
    period = _period(request)
    chosen = _indicator(request)
    found = tilemap.province_map(request.user, chosen, period)
    return render(
        request,
        "dashboards/map.html",
        {"period": period, "chosen": chosen, "map": found, "choices": indicators.by_section()},
    )
