"""Encryption of informants' identities at rest (cryptography's MultiFernet).

Keys come from settings.ANTQ_IDENTITY_KEYS (environment `ANTQ_IDENTITY_KEYS`, comma-separated Fernet
keys): the first encrypts, every key decrypts, so a new key can be put first and the old rows
re-encrypted (`manage.py rotate_identity_keys`) before the old key is removed. Without keys, a key
derived from the development SECRET_KEY is used, and only while that development key is in use.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEV_SECRET_PREFIX = "django-insecure-"  # noqa: S105 (a prefix to recognise, not a secret)


def _dev_key() -> bytes:
    secret = settings.SECRET_KEY
    if not secret.startswith(DEV_SECRET_PREFIX):
        raise ImproperlyConfigured(
            "ANTQ_IDENTITY_KEYS is not set: informant identities cannot be encrypted "
            "(generate a key with `manage.py rotate_identity_keys --new-key`)."
        )
    digest = hashlib.sha256(f"antq-identity:{secret}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def keys() -> list[bytes]:
    configured = [k.encode() for k in getattr(settings, "ANTQ_IDENTITY_KEYS", []) if k]
    return configured or [_dev_key()]


def cipher() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys()])


def encrypt(data: dict[str, Any]) -> str:
    """A Fernet token (text) of the JSON of `data`."""
    return cipher().encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()


def decrypt(token: str) -> dict[str, Any]:
    try:
        value: dict[str, Any] = json.loads(cipher().decrypt(token.encode()))
    except InvalidToken as error:
        raise ImproperlyConfigured("No configured identity key decrypts this record.") from error
    return value


def rotate(token: str) -> str:
    """The token re-encrypted with the first key (MultiFernet.rotate)."""
    return cipher().rotate(token.encode()).decode()


def new_key() -> str:
    return Fernet.generate_key().decode()


def tracking_secret_key() -> bytes:
    """The HMAC key of tracking secrets (settings.ANTQ_TIPS_SECRET_KEY; derived from the development
    SECRET_KEY only while that key is in use). Changing it makes every stored secret fail."""
    configured = getattr(settings, "ANTQ_TIPS_SECRET_KEY", "")
    if configured:
        return str(configured).encode()
    secret = settings.SECRET_KEY
    if not secret.startswith(DEV_SECRET_PREFIX):
        raise ImproperlyConfigured(
            "ANTQ_TIPS_SECRET_KEY is not set: tracking secrets of tips cannot be hashed "
            "(any long random string, kept apart from the database)."
        )
    return hashlib.sha256(f"antq-tip-secret:{secret}".encode()).digest()
