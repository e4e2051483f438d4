"""Background jobs of the core: housekeeping run by the db_worker beside the web server."""

from importlib import import_module

from django.conf import settings
from django.tasks import task


@task()
def clear_expired_sessions() -> int:
    """Delete expired login sessions (database sessions grow forever otherwise); returns how many."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    engine = import_module(settings.SESSION_ENGINE)
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        engine.SessionStore.clear_expired()
        return 0
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
