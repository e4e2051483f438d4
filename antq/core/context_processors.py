from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from antq.core.navigation import AREAS, area_visible


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    items = [
        {
            "area": area,
            "url": reverse(area.url_name) if area.url_name else reverse("core:building", args=[area.slug]),
            "active": request.resolver_match is not None and request.resolver_match.namespace == area.slug,
        }
        for area in AREAS
        if area_visible(area, user)
    ]
    can_view_audit = bool(
        user is not None and user.is_authenticated and (user.is_superuser or user.has_role("national_admin"))
    )
    # Between the password and the TOTP code the user sees only the code page, no navigation.
    otp_pending = bool(
        user is not None and user.is_authenticated and user.needs_otp and not user.is_verified()
    )
    return {"nav_areas": items, "can_view_audit": can_view_audit, "otp_pending": otp_pending}
