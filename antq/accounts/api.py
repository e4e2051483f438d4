"""API authentication by bearer token, and the API's error shapes (Vietnamese messages)."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from antq.accounts.models import ApiToken, User
from antq.core.errors import DomainError


class ErrorOut(Schema):
    """Every refusal: a Vietnamese message meant for the person using the client application."""

    detail: str


class ValidationErrorOut(Schema):
    """A 422: the Vietnamese summary plus pydantic's list of what was wrong where."""

    detail: str
    errors: list[dict[str, Any]]


# Declared on every operation so that the OpenAPI document tells clients the shape of each refusal.
ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}
# The public (no token) operations of the portal and the tip-off channel: no 401, but a 429 when a
# client goes over the rate limit.
PUBLIC_ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
}


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token is looked up by its SHA-256 digest."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > 100:
            return None
        found = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(digest=ApiToken.hash(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        # One write a minute at most: the timestamp is informative, not an audit record.
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


def api_user(request: HttpRequest) -> User:
    """The user whose bearer token authenticated this request (every operation requires one)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.message}, status=400)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("Chưa xác thực hoặc khóa truy cập không hợp lệ.")}, status=401
        )

    @api.exception_handler(Ratelimited)
    def rate_limited(request: HttpRequest, exc: Ratelimited) -> HttpResponse:
        message = _("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.")
        return api.create_response(request, {"detail": message}, status=429)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": exc.errors}, status=422
        )
