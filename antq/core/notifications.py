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
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from antq.core.models import Notification, NotificationPreference

MESSAGE_MAX = 255
GENERAL = "general"
logger = logging.getLogger(__name__)

# Kinds a user may switch off on /thong-bao/tuy-chon/. Apps add theirs in AppConfig.ready() with
# register_kind(); "general" (the default of notify()) cannot be switched off.
KINDS: dict[str, str | Promise] = {GENERAL: _("Thông báo chung")}


def register_kind(code: str, label: str | Promise) -> None:
    KINDS.setdefault(code, label)


def notify(users: Iterable[Any], message: str, link: str = "", *, kind: str = GENERAL) -> list[Notification]:
    """Create one notification per distinct user who has not switched `kind` off; email those with an
    address who keep email on, when ANTQ_NOTIFY_EMAIL is on."""
    recipients = list({user.pk: user for user in users if user is not None}.values())
    if not recipients:
        return []
    preferences = {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=[u.pk for u in recipients])
    }
    if kind != GENERAL:
        recipients = [
            u
            for u in recipients
            if kind not in (preferences[u.pk].muted_kinds if u.pk in preferences else [])
        ]
        if not recipients:
            return []
    text = message if len(message) <= MESSAGE_MAX else message[: MESSAGE_MAX - 1] + "…"
    created = Notification.objects.bulk_create(
        Notification(recipient=user, message=text, link=link[:255], kind=kind[:40]) for user in recipients
    )
    if getattr(settings, "ANTQ_NOTIFY_EMAIL", False):
        addresses = [
            user.email
            for user in recipients
            if getattr(user, "email", "") and (user.pk not in preferences or preferences[user.pk].email)
        ]
        if addresses:
            body = f"{message}\n\n{link}" if link else message
            # Mail leaves only once the change it reports is committed; a rollback sends nothing.
            transaction.on_commit(lambda: _mail(text, body, addresses))
    return created


def notify_each(
    messages: Iterable[tuple[Any, str, str]], *, kind: str = GENERAL, batch_size: int = 1000
) -> list[Notification]:
    """One notification per (user, message, link), written in batches: a job that tells many users
    different things (each their own list) costs a constant number of queries. Preferences apply as in
    `notify()`: a muted `kind` is not written, and email goes only to those who keep it on."""
    items = [(user, message, link) for user, message, link in messages if user is not None]
    if not items:
        return []
    preferences = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(user_id__in=[user.pk for user, _m, _l in items])
    }
    rows = []
    mails: list[tuple[str, str, str]] = []
    for user, message, link in items:
        preference = preferences.get(user.pk)
        if kind != GENERAL and preference is not None and kind in preference.muted_kinds:
            continue
        text = message if len(message) <= MESSAGE_MAX else message[: MESSAGE_MAX - 1] + "…"
        rows.append(Notification(recipient=user, message=text, link=link[:255], kind=kind[:40]))
        if getattr(user, "email", "") and (preference is None or preference.email):
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


@transaction.atomic
def set_preferences(*, user: Any, muted_kinds: Iterable[str], email: bool) -> NotificationPreference:
    """Record which notification kinds `user` does not want and whether they want email."""
    muted = sorted({k for k in muted_kinds if k in KINDS and k != GENERAL})
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"muted_kinds": muted, "email": email}
    )
    from antq.core.audit import log_action

    log_action(
        preference, "core.notification_preferences.changed", actor=user, data={"muted": muted, "email": email}
    )
    return preference
