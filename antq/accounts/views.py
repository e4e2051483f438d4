"""Login, TOTP, profile (API tokens) and the audit-log browser."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts import actions
from antq.accounts.forms import ApiTokenForm, AuditFilterForm, LoginForm, TokenForm
from antq.accounts.permissions import can_view_audit_log
from antq.core.models import AuditEntry


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def otp(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code; a user without a confirmed device enrols here first."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = actions.start_totp_enrolment(user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        ok = (
            actions.confirm_totp(device, token, by=user)  # type: ignore[arg-type]
            if enrolling
            else device.verify_token(token)
        )
        if ok:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/otp.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_token = actions.issue_api_token(user, label=form.cleaned_data["label"])  # type: ignore[arg-type]
        form = ApiTokenForm()
    context = {
        "roles": user.active_roles,  # type: ignore[union-attr]
        "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "tokens": user.api_tokens.active().order_by("-created_at"),  # type: ignore[union-attr]
        "form": form,
        "new_token": new_token,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens.active(), pk=pk)  # type: ignore[union-attr]
    actions.revoke_api_token(token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Đã thu hồi khóa truy cập."))
    return redirect("accounts:profile")


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    if not can_view_audit_log(request.user):  # type: ignore[arg-type]
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            entries = entries.filter(
                Q(actor_username__icontains=data["q"]) | Q(target_repr__icontains=data["q"])
                | Q(actor_unit__icontains=data["q"])
            )
        if data["action"]:
            entries = entries.filter(action__startswith=data["action"])
        if data["date_from"]:
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(created_at__date__lt=data["date_to"] + dt.timedelta(days=1))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    actions_seen = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()[:200]
    return render(request, "accounts/audit.html", {"form": form, "page": page, "actions_seen": actions_seen})
