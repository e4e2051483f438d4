"""The reference rows the public intake reads on every submission, kept in the process for a minute.

A tip names a category, a commune and (if identified) the consent notice. They change a few times a
year, but the public endpoint reads them on every request: three queries that cost as much as the
insert itself (benchmarks/tips.py). Each process keeps what it read for `ANTQ_TIPS_REFERENCE_TTL`
seconds; a save or delete of a category, a notice or a unit empties this process's copy at once, and
other processes pick the change up within the TTL. Only hits are kept: an unknown code always asks the
database, so a row created a second ago is found.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

from antq.tips.models import ConsentNotice, TipCategory
from antq.units.models import Unit

_lock = threading.Lock()
_memo: dict[tuple[str, str], tuple[float, Any]] = {}


def clear(**_ignored: Any) -> None:
    """Forget every kept row (signal receiver, and tests between cases)."""
    with _lock:
        _memo.clear()


def _kept[T](kind: str, key: str, load: Callable[[], T | None]) -> T | None:
    now = time.monotonic()
    found = _memo.get((kind, key))
    if found is not None and found[0] > now:
        value: T = found[1]
        return value
    loaded = load()
    if loaded is not None:
        with _lock:
            _memo[(kind, key)] = (now + settings.ANTQ_TIPS_REFERENCE_TTL, loaded)
    return loaded


def category(code: str) -> TipCategory | None:
    """The active category with this code."""
    return _kept("category", code, lambda: TipCategory.objects.filter(code=code, is_active=True).first())


def commune(key: str) -> Unit | None:
    """The current (post-2025) commune with this key, its province loaded."""
    return _kept(
        "commune",
        key,
        lambda: (
            Unit.objects.current()
            .filter(key=key, level=Unit.Level.COMMUNE, is_legacy=False, parent__isnull=False)
            .select_related("parent")
            .first()
        ),
    )


def current_notice() -> ConsentNotice | None:
    """The personal-data notice in force."""
    return _kept("notice", "", lambda: ConsentNotice.objects.filter(is_current=True).first())
