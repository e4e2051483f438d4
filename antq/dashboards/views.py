""" "Tổng hợp phong trào": one page of every part of the movement for a unit and period (read only)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.dashboards import exports, queries
from antq.practices.rules import Period, parse_period, year
from antq.units.models import Unit


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
