"""National and provincial roles must pass TOTP before they reach any page."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

OPEN_PREFIXES = (
    "/static/",
    "/healthz",
    "/readyz",
    "/i18n/",
    "/api/",
    "/tai-khoan/dang-xuat/",
    "/tai-khoan/xac-thuc/",
)


class RequireOTPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.ANTQ_OTP_REQUIRED
            and user.is_authenticated
            and user.needs_otp
            and not user.is_verified()  # type: ignore[attr-defined]  # added by django_otp's OTPMiddleware
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            return redirect(f"{reverse('accounts:otp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
