"""Home, health checks and the plain pages shared by every area."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from antq.core import attention
from antq.core import notifications as notifications_module
from antq.core.models import Notification
from antq.core.navigation import AREAS


def home(request: HttpRequest) -> HttpResponse:
    """The officer's home: what needs this user's attention by deadline, then their scope and areas.

    A citizen who opens the site's root lands on the public portal instead.
    """
    if not request.user.is_authenticated:
        return redirect("portal:home")
    roles = request.user.active_roles
    today = timezone.localdate()
    groups = attention.for_user(request.user, today)
    return render(request, "core/home.html", {"roles": roles, "groups": groups, "today": today})


@login_required
def building(request: HttpRequest, slug: str) -> HttpResponse:
    area = next((a for a in AREAS if a.slug == slug and a.url_name is None), None)
    if area is None:
        raise Http404
    return render(request, "core/building.html", {"area": area})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; those shown on the page are marked read."""
    page = Paginator(Notification.objects.filter(recipient_id=request.user.pk), 50).get_page(
        request.GET.get("page")
    )
    # Shown as they were (unread ones highlighted), then marked read for the next visit.
    items = list(page.object_list)
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "core/notifications.html", {"page": page, "items": items, "unread": set(unread)})


@login_required
def notification_count(request: HttpRequest) -> HttpResponse:
    """The unread count in the header, loaded by HTMX after the page (no query on every page)."""
    count = Notification.objects.filter(recipient_id=request.user.pk).unread().count()
    return render(request, "core/_notification_count.html", {"count": count})


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """Which kinds of notification the user receives, and whether by email."""
    from antq.core.models import NotificationPreference

    preference = NotificationPreference.objects.filter(user=request.user).first()  # type: ignore[misc]
    if request.method == "POST":
        notifications_module.set_preferences(
            user=request.user,
            muted_kinds=[k for k in notifications_module.KINDS if request.POST.get(f"kind_{k}") != "on"],
            email=request.POST.get("email") == "on",
        )
        messages.success(request, _("Đã lưu tùy chọn thông báo."))
        return redirect("core:notification_preferences")
    muted = set(preference.muted_kinds) if preference else set()
    kinds = [(code, label, code not in muted) for code, label in notifications_module.KINDS.items()]
    return render(
        request,
        "core/notification_preferences.html",
        {
            "kinds": kinds,
            "email": preference.email if preference else True,
            "email_configured": bool(getattr(settings, "ANTQ_NOTIFY_EMAIL", False)),
            "general": notifications_module.GENERAL,
        },
    )


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a request over a rate limit (django-ratelimit): 429 with the same words everywhere."""
    message = _("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message)}, status=429)
    return render(request, "429.html", {"message": message}, status=429)


def favicon(request: HttpRequest) -> HttpResponse:
    # The hashed static name is known only at run time (manifest storage), hence a view.
    return HttpResponsePermanentRedirect(static("antq/favicon.svg"))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers and the database accepts a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: migrations applied and the national map loaded."""
    from django.db.migrations.executor import MigrationExecutor

    from antq.units.models import Unit

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        provinces = Unit.objects.filter(level=Unit.Level.PROVINCE, is_legacy=False).count()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    ready = not pending and provinces > 0
    return JsonResponse(
        {
            "status": "ok" if ready else "not_ready",
            "pending_migrations": len(pending),
            "provinces": provinces,
        },
        status=200 if ready else 503,
    )
