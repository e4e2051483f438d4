"""notify(): the one way every app tells users that something concerns them (in-app, optionally by email).

Core knows no domain: a notification is plain text and a link; the caller chooses the recipients.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from antq.core.models import Notification

MESSAGE_MAX = 255
logger = logging.getLogger(__name__)


def notify(users: Iterable[Any], message: str, link: str = "") -> list[Notification]:
    """Create one notification per distinct user; email those with an address when ANTQ_NOTIFY_EMAIL is on."""
    recipients = list({user.pk: user for user in users if user is not None}.values())
    if not recipients:
        return []
    text = message if len(message) <= MESSAGE_MAX else message[: MESSAGE_MAX - 1] + "…"
    created = Notification.objects.bulk_create(
        Notification(recipient=user, message=text, link=link[:255]) for user in recipients
    )
    if getattr(settings, "ANTQ_NOTIFY_EMAIL", False):
        addresses = [user.email for user in recipients if getattr(user, "email", "")]
        if addresses:
            body = f"{message}\n\n{link}" if link else message
            # Mail leaves only once the change it reports is committed; a rollback sends nothing.
            transaction.on_commit(lambda: _mail(text, body, addresses))
    return created


def _mail(subject: str, body: str, addresses: list[str]) -> None:
    for address in addresses:
        # One message per recipient: officers of different units must not see each other's address.
        try:
            send_mail(subject, body, None, [address])
        except Exception:  # a mail server outage must not undo or hide the in-app notification
            logger.exception("Gửi thư thông báo tới %s không thành công", address)
