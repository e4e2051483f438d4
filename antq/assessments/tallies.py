"""The overview's pre-computed counts: one `CommuneTally` row per cycle, commune and subject type.

A national overview that counted ~190,000 subjects, registrations and assessments on every request
cost ~300 ms; the tally table holds a few rows per commune, so the national and province pages read
about 17,000 small rows instead. The rows are never incremented: every action that changes what the
overview counts calls `refresh_tallies(cycle, commune_ids)` in its own transaction, which counts those
communes again from the source rows (three grouped queries) and replaces their tally rows. A missed
call or a crash therefore leaves no lasting drift: the next refresh of the commune, or
`manage.py refresh_tallies`, writes the true numbers again.

Callers (keep this list in step with the code; tests/test_tallies.py checks them against live counts):
actions.register_subject, update_registration, withdraw_registration, start_assessment,
submit_assessment, return_assessment, approve_assessment, approve_batch, reopen_assessment, decide,
revoke_decision,
open_cycle (the new cycle's subject counts); subjects.sync_subjects (new subjects, every cycle);
registration_imports.confirm_import (once for the whole file, through `deferred()`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from antq.assessments.models import Assessment, CommuneTally, Cycle, MovementClass, Registration, Subject
from antq.units.models import Unit

# An assessment counts as submitted once it reached the reviewers and was not sent back.
SUBMITTED = (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED, Assessment.Status.DECIDED)
APPROVED = (Assessment.Status.APPROVED, Assessment.Status.DECIDED)
DECIDED = Assessment.Status.DECIDED

Key = tuple[int, str]  # (commune id, subject type)
BATCH = 2000


def subject_measures() -> dict[str, Count]:
    return {"subjects": Count("id")}


def registration_measures() -> dict[str, Count]:
    return {"registered": Count("id"), "registered_late": Count("id", filter=Q(is_late=True))}


def assessment_measures() -> dict[str, Count]:
    return {
        "submitted": Count("id", filter=Q(status__in=SUBMITTED)),
        "submitted_late": Count("id", filter=Q(status__in=SUBMITTED, is_late=True)),
        "approved": Count("id", filter=Q(status__in=APPROVED)),
        "decided": Count("id", filter=Q(status=DECIDED)),
        "recognised": Count("id", filter=Q(status=DECIDED, recognised=True)),
        **{
            value: Count("id", filter=Q(status=DECIDED, decided_class=value))
            for value in MovementClass.values
        },
    }


# The columns of CommuneTally, in the order of overview.Counts.
MEASURES: tuple[str, ...] = (*subject_measures(), *registration_measures(), *assessment_measures())


def _grouped(queryset: QuerySet[Any], prefix: str, measures: dict[str, Count]) -> Iterator[tuple[Key, dict]]:
    commune, kind = f"{prefix}commune_id", f"{prefix}subject_type"
    for row in queryset.values(commune, kind).annotate(**measures).order_by():
        yield (row.pop(commune), row.pop(kind)), row


def live_counts(cycle: Cycle | int, commune_ids: Iterable[int] | None = None) -> dict[Key, dict[str, int]]:
    """{(commune id, subject type): {measure: count}} counted from the source rows (3 grouped queries).

    `commune_ids` None counts the whole country. Keys with nothing to count are absent.
    """
    cycle_id = cycle.pk if isinstance(cycle, Cycle) else cycle
    subjects = Subject.objects.all()
    registrations = Registration.objects.filter(cycle_id=cycle_id)
    assessments = Assessment.objects.filter(cycle_id=cycle_id)
    if commune_ids is not None:
        ids = sorted(set(commune_ids))
        subjects = subjects.filter(commune_id__in=ids)
        registrations = registrations.filter(subject__commune_id__in=ids)
        assessments = assessments.filter(subject__commune_id__in=ids)
    out: dict[Key, dict[str, int]] = {}
    for source in (
        _grouped(subjects, "", subject_measures()),
        _grouped(registrations, "subject__", registration_measures()),
        _grouped(assessments, "subject__", assessment_measures()),
    ):
        for key, counts in source:
            out.setdefault(key, dict.fromkeys(MEASURES, 0)).update(counts)
    return out


def stored_counts(cycle: Cycle | int) -> dict[Key, dict[str, int]]:
    """The tally rows of `cycle` in the shape of `live_counts()` (for checks and tests)."""
    cycle_id = cycle.pk if isinstance(cycle, Cycle) else cycle
    return {
        (row.pop("commune_id"), row.pop("subject_type")): row
        for row in CommuneTally.objects.filter(cycle_id=cycle_id).values(
            "commune_id", "subject_type", *MEASURES
        )
    }


def _rows(cycle_id: int, counts: dict[Key, dict[str, int]]) -> list[CommuneTally]:
    return [
        CommuneTally(cycle_id=cycle_id, commune_id=commune_id, subject_type=kind, **values)
        for (commune_id, kind), values in sorted(counts.items())
        if any(values.values())
    ]


# While set, refresh_tallies() only notes what to refresh; `deferred()` refreshes it once on leaving.
_pending: ContextVar[dict[int, set[int]] | None] = ContextVar("antq_tallies_pending", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Inside, refresh_tallies() calls are collected and run once at the end (e.g. an import of many rows).

    On an exception nothing is refreshed: the surrounding transaction is rolled back anyway.
    """
    if _pending.get() is not None:  # nested: the outermost block refreshes
        yield
        return
    pending: dict[int, set[int]] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for cycle_id, ids in sorted(pending.items()):
        refresh_tallies(cycle_id, ids)


@transaction.atomic
def refresh_tallies(cycle: Cycle | int, commune_ids: Iterable[int]) -> None:
    """Count `commune_ids` of `cycle` again from the source rows and replace their tally rows."""
    cycle_id = cycle.pk if isinstance(cycle, Cycle) else cycle
    ids = sorted({pk for pk in commune_ids if pk is not None})
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending.setdefault(cycle_id, set()).update(ids)
        return
    # Two transactions refreshing one commune queue up here (in id order, so they cannot deadlock):
    # the second counts after the first committed, so the last writer writes the true numbers.
    # NO KEY UPDATE does not block rows that merely reference the commune (FOR KEY SHARE).
    list(Unit.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk"))
    counts = live_counts(cycle_id, ids)
    CommuneTally.objects.filter(cycle_id=cycle_id, commune_id__in=ids).delete()
    CommuneTally.objects.bulk_create(_rows(cycle_id, counts), batch_size=BATCH)


def refresh_subject_tallies(commune_ids: Iterable[int]) -> None:
    """Subjects are counted in every cycle: after adding some, refresh their communes in every cycle."""
    ids = set(commune_ids)
    for cycle_id in Cycle.objects.order_by("pk").values_list("pk", flat=True):
        refresh_tallies(cycle_id, ids)


@transaction.atomic
def rebuild_tallies(cycle: Cycle | int) -> int:
    """Replace every tally row of `cycle` from a national count (3 grouped queries); returns rows written.

    For a new cycle, after bulk loads that bypass the actions, and as the operator's repair tool.
    """
    cycle_id = cycle.pk if isinstance(cycle, Cycle) else cycle
    rows = _rows(cycle_id, live_counts(cycle_id))
    CommuneTally.objects.filter(cycle_id=cycle_id).delete()
    CommuneTally.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
