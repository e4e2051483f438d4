"""log_action(): the one way every app records a named event."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from antq.core.models import AuditEntry

# Human-readable Vietnamese names of the events, registered by each app in its AppConfig.ready().
ACTION_LABELS: dict[str, Any] = {}


def register_action_labels(labels: dict[str, Any]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> Any:
    return ACTION_LABELS.get(action, action)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind a reverse proxy the operator sets the header; we trust only its first hop.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    ip = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return ip or None


def log_action(
    target: models.Model | None,
    action: str,
    *,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    actor_username: str = "",
) -> AuditEntry:
    """Record `action` on `target` by `actor`; the actor's unit is read from `actor.audit_unit_label`."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_username=(actor.get_username() if is_user else actor_username)[:150],
        actor_unit=(getattr(actor, "audit_unit_label", "") if is_user else "")[:255],
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
        ip_address=client_ip(request),
    )
