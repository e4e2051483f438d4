"""One year of the assessment cycle for every subject of the bench dataset (issue 3 "Speed").

`generate_cycle()` seeds the catalogue and the open 2026 cycle (`seed_assessments()`), creates the
missing Subject rows with `sync_subjects()` (per batch of communes), then, for every subject that has
none yet: a Registration for ~95 %, an Assessment for ~90 % (status mix below) with Score rows for the
leaf criteria of the subject type's score sheet and StandardResult rows for its standard set.
Deterministic (seeded per batch), additive (a second call only covers the new subjects), written with
bulk_create in batches of 5,000, one transaction per batch of subjects. The overview's commune tallies
are rebuilt at the end (`tallies.rebuild_tallies()`), since bulk_create bypasses the actions.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from benchmarks.generate import BATCH_SIZE, SEED

YEAR = 2026
REGISTERED_SHARE = 0.95
ASSESSED_SHARE = 0.90 / REGISTERED_SHARE  # of the registered: 90 % of all subjects
# Status of an assessment (weights); decided ones get recognised True/False and a decided class.
STATUS_MIX = {"draft": 12, "returned": 3, "submitted": 30, "approved": 20, "decided": 35}
CLASS_MIX = {"excellent": 25, "good": 45, "average": 22, "weak": 8}
RECOGNISED_SHARE = 0.88
SUBJECT_COMMUNE_BATCH = 300


@dataclass
class CycleStats:
    subjects: int = 0
    registrations: int = 0
    assessments: int = 0
    scores: int = 0
    standard_results: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    seed_seconds: float = 0.0
    subjects_seconds: float = 0.0
    rows_seconds: float = 0.0
    tallies: int = 0  # CommuneTally rows of the cycle after the rebuild
    tallies_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        return self.seed_seconds + self.subjects_seconds + self.rows_seconds + self.tallies_seconds


def _sync_all_subjects() -> int:
    from antq.assessments.subjects import sync_subjects
    from antq.units.models import Unit

    communes = list(Unit.objects.current().filter(level=Unit.Level.COMMUNE, is_legacy=False).order_by("pk"))
    made = 0
    for start in range(0, len(communes), SUBJECT_COMMUNE_BATCH):
        with transaction.atomic():
            made += sync_subjects(communes[start : start + SUBJECT_COMMUNE_BATCH])
    return made


def _sheets(cycle: Any) -> dict[str, tuple[list[tuple[int, Decimal]], list[int]]]:
    """Per subject type: (leaf criteria of the score sheet with their max points, standard criteria)."""
    from antq.assessments.models import Criterion

    out = {}
    for rule in cycle.rules.all():
        leaves: list[tuple[int, Decimal]] = []
        if rule.score_sheet_id:
            criteria = list(Criterion.objects.filter(criteria_set_id=rule.score_sheet_id))
            parents = {c.parent_id for c in criteria if c.parent_id}
            leaves = [(c.pk, c.max_points or Decimal(0)) for c in criteria if c.pk not in parents]
        standard = (
            list(Criterion.objects.filter(criteria_set_id=rule.standard_set_id).values_list("pk", flat=True))
            if rule.standard_set_id
            else []
        )
        out[rule.subject_type] = (leaves, standard)
    return out


def _aware(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randint(0, 59))))


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE) if rows else []


def _write_batch(
    cycle: Any, sheets: dict[str, Any], subjects: list[tuple[int, str]], seed: int, stats: CycleStats
) -> None:
    from antq.assessments.models import Assessment, Registration, Score, StandardResult

    rng = random.Random(f"{seed}:cycle:{subjects[0][0]}")
    statuses, status_weights = list(STATUS_MIX), list(STATUS_MIX.values())
    classes, class_weights = list(CLASS_MIX), list(CLASS_MIX.values())
    registrations, assessments, details = [], [], []
    for pk, subject_type in subjects:
        # Decided by the subject itself, so a subject left unregistered stays so when drawn again.
        if random.Random(f"{seed}:registered:{pk}").random() >= REGISTERED_SHARE:
            continue
        registered_on = dt.date(YEAR, 1, 2) + dt.timedelta(days=rng.randint(0, 100))
        households = rng.randint(40, 650) if subject_type == "residential_area" else None
        registrations.append(
            Registration(
                cycle=cycle,
                subject_id=pk,
                registered_on=registered_on,
                party_resolution_on=registered_on - dt.timedelta(days=rng.randint(1, 20)),
                households_total=households,
                households_signed=rng.randint(households * 9 // 10, households) if households else None,
                is_late=registered_on > dt.date(YEAR, 3, 31),
            )
        )
        if rng.random() >= ASSESSED_SHARE:
            continue
        status = rng.choices(statuses, status_weights)[0]
        leaves, standard = sheets.get(subject_type, ([], []))
        points = [(cid, Decimal(rng.randint(0, int(top * 10))) / 10) for cid, top in leaves]
        met = rng.random() < RECOGNISED_SHARE
        proposed = rng.choices(classes, class_weights)[0] if met else rng.choice(["average", "weak"])
        a = Assessment(cycle=cycle, subject_id=pk, status=status)
        if status != "draft":
            a.standard_met = met
            a.total_points = sum((p for _, p in points), Decimal(0))
            a.proposed_class = proposed
            a.submitted_at = _aware(dt.date(YEAR, 11, 1) + dt.timedelta(days=rng.randint(0, 20)), rng)
            a.is_late = rng.random() < 0.05
        if status == "returned":
            a.return_reason = "Thiếu minh chứng tiêu chí 1."
        if status in ("approved", "decided"):
            a.approved_at = a.submitted_at + dt.timedelta(days=2)
        if status == "decided":
            a.decided_at = a.approved_at + dt.timedelta(days=1)
            a.recognised = met
            a.decided_class = proposed
        assessments.append(a)
        failing = -1 if met or not standard else rng.randrange(len(standard))
        details.append((points, standard, failing))
    with transaction.atomic():
        _bulk(Registration, registrations)
        made = _bulk(Assessment, assessments)
        scores = [
            Score(assessment_id=a.pk, criterion_id=cid, points=p)
            for a, (points, _, _) in zip(made, details, strict=True)
            for cid, p in points
        ]
        results = [
            StandardResult(assessment_id=a.pk, criterion_id=cid, met=i != failing)
            for a, (_, standard, failing) in zip(made, details, strict=True)
            for i, cid in enumerate(standard)
        ]
        _bulk(Score, scores)
        _bulk(StandardResult, results)
    stats.registrations += len(registrations)
    stats.assessments += len(made)
    stats.scores += len(scores)
    stats.standard_results += len(results)
    stats.statuses.update(a.status for a in made)


def generate_cycle(*, seed: int = SEED, batch_size: int = BATCH_SIZE) -> CycleStats:
    """Seed the 2026 cycle and give every subject without a registration its year (see module doc)."""
    from antq.assessments.models import Cycle, Registration, Subject
    from antq.assessments.seed import seed_assessments
    from antq.assessments.tallies import rebuild_tallies

    stats = CycleStats()
    started = time.perf_counter()
    seed_assessments(open_year=YEAR)
    cycle = Cycle.objects.get(year=YEAR)
    sheets = _sheets(cycle)
    stats.seed_seconds = time.perf_counter() - started

    started = time.perf_counter()
    stats.subjects = _sync_all_subjects()
    stats.subjects_seconds = time.perf_counter() - started

    started = time.perf_counter()
    # Subjects drawn before (registered or not) are never drawn again: only new pks are considered.
    last = Registration.objects.filter(cycle=cycle).order_by("-subject_id")
    after = last.values_list("subject_id", flat=True).first() or 0
    todo = list(
        Subject.objects.filter(pk__gt=after)
        .exclude(Exists(Registration.objects.filter(cycle=cycle, subject=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "subject_type")
    )
    for start in range(0, len(todo), batch_size):
        _write_batch(cycle, sheets, todo[start : start + batch_size], seed, stats)
    stats.rows_seconds = time.perf_counter() - started

    # The rows above bypass the actions (bulk_create): count the overview's tallies again, as
    # `manage.py refresh_tallies` does after any bulk load.
    started = time.perf_counter()
    stats.tallies = rebuild_tallies(cycle)
    stats.tallies_seconds = time.perf_counter() - started
    return stats
