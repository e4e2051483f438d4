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


def notify_each(messages: Iterable[tuple[Any, str, str]], *, batch_size: int = 1000) -> list[Notification]:
    """One notification per (user, message, link), written in batches: a job that tells many users
    different things (each their own list) costs a constant number of queries."""
    rows = []
    mails: list[tuple[str, str, str]] = []
    for user, message, link in messages:
        if user is None:
            continue
        text = message if len(message) <= MESSAGE_MAX else message[: MESSAGE_MAX - 1] + "…"
        rows.append(Notification(recipient=user, message=text, link=link[:255]))
        if getattr(user, "email", ""):
            mails.append((text, f"{message}\n\n{link}" if link else message, user.email))
    created = Notification.objects.bulk_create(rows, batch_size=batch_size)
    if mails and getattr(settings, "ANTQ_NOTIFY_EMAIL", False):
        transaction.on_commit(lambda: _mail_each(mails))
    return created


def _mail(subject: str, body: str, addresses: list[str]) -> None:
    for address in addresses:
        # One message per recipient: officers of different units must not see each other's address.
        try:
            send_mail(subject, body, None, [address])
        except Exception:  # a mail server outage must not undo or hide the in-app notification
            logger.exception("Gửi thư thông báo tới %s không thành công", address)


def _mail_each(mails: list[tuple[str, str, str]]) -> None:
    for subject, body, address in mails:
        _mail(subject, body, [address])
