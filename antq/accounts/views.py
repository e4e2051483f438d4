"""Login, TOTP, profile (API tokens) and the audit-log browser."""

from __future__ import annotations

import datetime as dt
import math
from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from antq.accounts import actions
from antq.accounts.forms import ApiTokenForm, AuditFilterForm, LoginForm, TokenForm
from antq.accounts.models import User
from antq.accounts.permissions import can_view_audit_log
from antq.core.models import AuditEntry


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        actions.change_password(
            form.user, new_password=form.cleaned_data["new_password1"], request=self.request
        )
        # Keep this session (and its OTP verification) alive; other sessions of the user end.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return redirect(self.get_success_url())


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
    user: User = request.user  # type: ignore[assignment]
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if device is None:
        device = actions.start_totp_enrolment(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, why = device.verify_is_allowed()
        if not allowed:
            # django-otp doubles the wait after each wrong code; say so rather than "wrong code".
            until = (why or {}).get("locked_until")
            wait = math.ceil((until - timezone.now()).total_seconds()) if until else 1
            form.add_error(
                "token", _("Nhập sai mã. Vui lòng thử lại sau %(seconds)d giây.") % {"seconds": max(wait, 1)}
            )
        else:
            token = form.cleaned_data["token"]
            if enrolling:
                ok = actions.confirm_totp(device, token, by=user)
            else:
                ok = actions.verify_totp(device, token, by=user, request=request)
            if ok:
                otp_login(request, device)
                return redirect(_safe_next(request))
            form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    context = {"form": form, "enrolling": enrolling, "next": _safe_next(request)}
    if enrolling:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


@never_cache  # the page shows a new token's raw value once: no copy may stay in a cache
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    new_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_token = actions.issue_api_token(user, label=form.cleaned_data["label"], request=request)
        form = ApiTokenForm()
    context = {
        "roles": user.active_roles,
        "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "tokens": user.api_tokens.active().order_by("-created_at"),
        "form": form,
        "new_token": new_token,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = get_object_or_404(user.api_tokens.active(), pk=pk)
    actions.revoke_api_token(token, by=user, request=request)
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
                Q(actor_username__icontains=data["q"])
                | Q(target_repr__icontains=data["q"])
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
