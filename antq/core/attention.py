"""What needs a user's attention, for the officer's home: a registry of sources, one per domain app.

Core knows no domain: each app registers a source in its AppConfig.ready() (like
`navigation.register_commune_link`); the source lives in that app's queries module, reads only what
the user's scope holds, costs a constant number of queries whatever the data, and returns at most
`limit` items plus the total, each item linking to the page where the work is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

LIMIT = 10


@dataclass(frozen=True)
class Item:
    """One thing to do: what, where, by when, and the link to the page where it is done."""

    title: str
    url: str
    due: dt.date | None = None
    detail: str = ""

    def overdue_on(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


@dataclass
class Found:
    """What a source found for one user: the first `LIMIT` items and how many there are in all."""

    items: list[Item] = field(default_factory=list)
    total: int = 0
    more_url: str = ""


@dataclass(frozen=True)
class Source:
    code: str  # e.g. "assessments.review"
    title: str | Promise
    fetch: Callable[[Any, dt.date, int], Found]  # (user, today, limit)


SOURCES: list[Source] = []


def register_attention_source(source: Source) -> None:
    if all(s.code != source.code for s in SOURCES):
        SOURCES.append(source)


@dataclass
class Group:
    source: Source
    found: Found


def for_user(user: Any, today: dt.date, limit: int = LIMIT) -> list[Group]:
    """Each source with something for `user`, the group with the earliest deadline first."""
    groups = [Group(s, s.fetch(user, today, limit)) for s in SOURCES]
    groups = [g for g in groups if g.found.total]
    far = dt.date.max
    groups.sort(key=lambda g: min((i.due or far for i in g.found.items), default=far))
    return groups
