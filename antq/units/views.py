"""The unit browser: national -> province -> commune -> residential areas and organisations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from antq.accounts.permissions import can_edit_commune, require_visible
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.navigation import COMMUNE_LINKS
from antq.core.text import MAX_SEARCH_LENGTH
from antq.units import actions, queries
from antq.units.exports import commune_participants_xlsx
from antq.units.forms import OrganisationForm, ResidentialAreaForm
from antq.units.models import Organisation, ResidentialArea, Unit

PAGE_SIZE = 100


def visible_unit(request: HttpRequest, key: str) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), key=key)


@login_required
def national(request: HttpRequest) -> HttpResponse:
    rows = queries.top_rows(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "units/national.html",
        {
            "rows": rows,
            "totals": queries.totals(rows),
            "show_communes": bool(rows) and rows[0].unit.level == Unit.Level.PROVINCE,
        },
    )


@login_required
def detail(request: HttpRequest, key: str) -> HttpResponse:
    unit = visible_unit(request, key)
    if unit.level == Unit.Level.NATIONAL:
        return redirect("units:national")
    context = {
        "unit": unit,
        "crumbs": queries.breadcrumbs(unit, request.user),  # type: ignore[arg-type]
        "lineage": queries.lineage(unit),
    }
    if unit.level == Unit.Level.COMMUNE and not unit.is_legacy:
        context.update(
            areas=Paginator(
                ResidentialArea.objects.visible_to(request.user)
                .current()
                .filter(commune=unit)
                .order_by("name_folded"),
                PAGE_SIZE,
            ).get_page(request.GET.get("kdc")),
            orgs=Paginator(
                Organisation.objects.visible_to(request.user)
                .current()
                .filter(commune=unit)
                .order_by("kind", "name_folded"),
                PAGE_SIZE,
            ).get_page(request.GET.get("tc")),
            can_edit=can_edit_commune(request.user, unit),  # type: ignore[arg-type]
            commune_links=[(link, reverse(link.url_name, args=[unit.key])) for link in COMMUNE_LINKS],
        )
        return render(request, "units/commune.html", context)
    rows = queries.child_rows(unit, request.user) if not unit.is_legacy else []  # type: ignore[arg-type]
    legacy_children = (
        Unit.objects.visible_to(request.user).filter(parent=unit).order_by("name_folded")
        if unit.is_legacy
        else []
    )
    context.update(rows=rows, totals=queries.totals(rows), legacy_children=legacy_children)
    return render(request, "units/province.html", context)


@login_required
def export(request: HttpRequest, key: str) -> HttpResponse:
    """Excel list of a commune's residential areas and organisations; every export is audited."""
    commune = visible_unit(request, key)
    require_visible(commune.level == Unit.Level.COMMUNE and not commune.is_legacy)
    content = commune_participants_xlsx(commune)
    log_action(commune, "units.participants.exported", actor=request.user, request=request)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="danh-sach-{commune.key}.xlsx"'
    return response


@login_required
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").replace("\x00", "")[:MAX_SEARCH_LENGTH].strip()
    include_legacy = request.GET.get("cu") == "1"
    units = Unit.objects.none()
    areas = ResidentialArea.objects.none()
    orgs = Organisation.objects.none()
    if q:
        units = (
            Unit.objects.visible_to(request.user).search(q).select_related("parent").exclude(level="national")
        )
        if not include_legacy:
            units = units.filter(is_legacy=False)
        areas = (
            ResidentialArea.objects.visible_to(request.user)
            .current()
            .search(q)
            .select_related("commune__parent")
        )
        orgs = (
            Organisation.objects.visible_to(request.user)
            .current()
            .search(q)
            .select_related("commune__parent")
        )
    # htmx asks for the results fragment only (search as you type).
    return render(
        request,
        "units/search.html#results" if request.htmx else "units/search.html",  # type: ignore[attr-defined]
        {
            "q": q,
            "include_legacy": include_legacy,
            "units": Paginator(units.order_by("level", "name"), 50).get_page(request.GET.get("page")),
            "areas": list(areas.order_by("name")[:50]),
            "orgs": list(orgs.order_by("name")[:50]),
        },
    )


def _editable_commune(request: HttpRequest, key: str) -> Unit:
    commune = visible_unit(request, key)
    require_visible(commune.level == Unit.Level.COMMUNE)
    if not can_edit_commune(request.user, commune):  # type: ignore[arg-type]
        raise Http404
    return commune


@login_required
def area_form(request: HttpRequest, key: str, pk: int | None = None) -> HttpResponse:
    commune = _editable_commune(request, key)
    instance = get_object_or_404(ResidentialArea.objects.current(), commune=commune, pk=pk) if pk else None
    form = ResidentialAreaForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        area = form.save(commit=False)
        area.commune = commune
        try:
            actions.save_residential_area(area, by=request.user)
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Đã lưu khu dân cư “%(name)s”.") % {"name": area.name})
            return redirect("units:detail", key=commune.key)
    return render(
        request, "units/participant_form.html", {"form": form, "unit": commune, "what": _("khu dân cư")}
    )


@login_required
def organisation_form(request: HttpRequest, key: str, pk: int | None = None) -> HttpResponse:
    commune = _editable_commune(request, key)
    instance = get_object_or_404(Organisation.objects.current(), commune=commune, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        org = form.save(commit=False)
        org.commune = commune
        try:
            actions.save_organisation(org, by=request.user)
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(request, _("Đã lưu “%(name)s”.") % {"name": org.name})
            return redirect("units:detail", key=commune.key)
    return render(
        request,
        "units/participant_form.html",
        {"form": form, "unit": commune, "what": _("cơ quan, doanh nghiệp, cơ sở giáo dục")},
    )
