"""Monthly allowance pages: a province's rates (read in scope, entered by the national administrator and
the province's officers) and a commune's payment list for a month with its Excel export.

Names and citizen IDs on the payment list follow `can_see_personal_data` (the police); other roles
who see the commune get the teams' totals. The export is audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from antq.accounts.permissions import can_view_unit
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.forces import actions
from antq.forces.allowances import Month, payment_list, payment_xlsx
from antq.forces.forms import StyledForm, date_field
from antq.forces.models import AllowanceRate, Membership
from antq.forces.permissions import can_edit_allowance_rates, can_see_personal_data
from antq.forces.views import _commune, _user
from antq.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RateForm(StyledForm):
    role = forms.ChoiceField(label=gettext_lazy("Chức danh"), choices=Membership.Role.choices)
    amount = forms.IntegerField(
        label=gettext_lazy("Mức hỗ trợ hằng tháng (đồng)"),
        min_value=0,
        max_value=actions.AMOUNT_MAX,
        error_messages={"invalid": gettext_lazy("Nhập số đồng, không có dấu chấm, ví dụ 6500000.")},
    )
    valid_from = date_field(gettext_lazy("Áp dụng từ ngày"))
    legal_basis = forms.CharField(
        label=gettext_lazy("Căn cứ (số nghị quyết HĐND tỉnh)"), max_length=255, required=False
    )


def _province(request: HttpRequest, key: str) -> Unit:
    province = get_object_or_404(Unit.objects.visible_to(request.user), key=key)
    if province.level != Unit.Level.PROVINCE or province.is_legacy:
        raise Http404
    return province


def _month(request: HttpRequest) -> Month:
    text = request.GET.get("thang", "")
    month = Month.parse(text) if text else None
    if text and month is None:
        messages.warning(
            request, _("Tháng không hợp lệ (từ 07/2024 đến tháng hiện tại); đang hiển thị tháng này.")
        )
    return month or Month.current()


@login_required
def rates(request: HttpRequest, key: str) -> HttpResponse:
    """A province's rates by role with their history, and the form to enter a new rate."""
    province = _province(request, key)
    can_edit = can_edit_allowance_rates(_user(request), province)
    form = RateForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                rate = actions.set_allowance_rate(province, by=_user(request), **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Đã lưu mức hỗ trợ %(role)s: %(amount)s đồng/tháng từ ngày %(day)s.")
                    % {
                        "role": rate.get_role_display(),
                        "amount": f"{rate.amount:,}".replace(",", "."),
                        "day": rate.valid_from.strftime("%d/%m/%Y"),
                    },
                )
                return redirect("forces:allowance_rates", key=province.key)
    history = list(AllowanceRate.objects.filter(province=province).order_by("role", "-valid_from"))
    by_role: list[tuple[str, list[AllowanceRate]]] = [
        (str(label), [r for r in history if r.role == value]) for value, label in Membership.Role.choices
    ]
    return render(
        request,
        "forces/allowance_rates.html",
        {"province": province, "by_role": by_role, "form": form, "can_edit": can_edit},
    )


def _payment_context(request: HttpRequest, key: str) -> dict[str, Any]:
    commune = _commune(request, key)
    month = _month(request)
    return {
        "unit": commune,
        "month": month,
        "plist": payment_list(commune, month),
        "personal": can_see_personal_data(_user(request), commune),
    }


@login_required
def payments(request: HttpRequest, key: str) -> HttpResponse:
    """The commune's monthly allowance list (names for the police, the teams' totals for others)."""
    context = _payment_context(request, key)
    parent = context["unit"].parent
    # The link to the province's rates only for those who may open that page (a commune officer may not).
    context["rates_visible"] = parent is not None and can_view_unit(_user(request), parent)
    return render(request, "forces/allowance_list.html", context)


@login_required
def payments_export(request: HttpRequest, key: str) -> HttpResponse:
    """The payment list as an Excel workbook with the official heading; audited."""
    context = _payment_context(request, key)
    plist, personal = context["plist"], context["personal"]
    content = payment_xlsx(plist, personal=personal)
    log_action(
        plist.commune,
        "forces.allowance.exported",
        actor=request.user,
        request=request,
        data={
            "month": plist.month.param,
            "people": len(plist.lines),
            "total": plist.total,
            "personal": personal,
        },
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="chi-ho-tro-{plist.commune.key}-{plist.month.param}.xlsx"'
    )
    return response
