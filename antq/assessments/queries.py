"""Read models for the cycle's screens: a constant number of queries per page, whatever the data size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from antq.assessments import rules, tallies
from antq.assessments.models import (
    Assessment,
    CommuneTally,
    Cycle,
    CycleRule,
    DisqualifyingEvent,
    Registration,
    Subject,
    SubjectType,
)
from antq.units.models import Unit
from antq.units.queries import subtree_totals

# --- Registrations board ---------------------------------------------------------------------------


@dataclass
class BoardRow:
    """One subject of the commune with its registration (or None) and its events in the window."""

    subject: Subject
    registration: Registration | None
    events: int
    window_start: dt.date | None
    window_end: dt.date | None

    @property
    def is_registered(self) -> bool:
        return self.registration is not None

    @property
    def is_late(self) -> bool:
        return self.registration is not None and self.registration.is_late

    @property
    def is_residential_area(self) -> bool:
        return self.subject.subject_type == SubjectType.RESIDENTIAL_AREA

    @property
    def households_percent(self) -> int | None:
        r = self.registration
        if r is None or not r.households_total or r.households_signed is None:
            return None
        return r.households_signed * 100 // r.households_total

    @property
    def households_met(self) -> bool | None:
        """KDC-1: every resident household signed (None when the numbers are not entered)."""
        r = self.registration
        if r is None or not self.is_residential_area:
            return None
        return rules.households_share_met(r.households_total, r.households_signed)


@dataclass
class TypeCount:
    subject_type: str
    label: str
    total: int = 0
    registered: int = 0


@dataclass
class RegistrationBoard:
    commune: Unit
    cycle: Cycle
    rows: list[BoardRow]
    rules: dict[str, CycleRule]
    by_type: list[TypeCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def registered(self) -> int:
        return sum(1 for r in self.rows if r.is_registered)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.is_late)

    @property
    def deadlines(self) -> list[dt.date]:
        return sorted({r.registration_deadline for r in self.rules.values()})

    @property
    def with_events(self) -> int:
        return sum(1 for r in self.rows if r.events)

    def of_type(self, subject_type: str) -> list[BoardRow]:
        return [r for r in self.rows if r.subject.subject_type == subject_type]


def _window_q(cycle_rules: dict[str, CycleRule], prefix: str = "") -> Q:
    """Events of each subject type inside that type's evaluation window (one OR-ed condition)."""
    q = Q(pk__in=[])
    for subject_type, rule in cycle_rules.items():
        q |= Q(
            **{
                f"{prefix}subject_type": subject_type,
                "occurred_on__gte": rule.window_start,
                "occurred_on__lte": rule.window_end,
            }
        )
    return q


def commune_registration_board(commune: Unit, cycle: Cycle, user: Any) -> RegistrationBoard:
    """Each subject of the commune: registration, lateness, KDC-1 households, events (4 queries)."""
    cycle_rules = {r.subject_type: r for r in CycleRule.objects.filter(cycle=cycle)}
    subjects = list(Subject.objects.visible_to(user).filter(commune=commune).order_by("subject_type", "name"))
    registrations = {
        r.subject_id: r
        for r in Registration.objects.visible_to(user).filter(cycle=cycle, subject__commune=commune)
    }
    events = dict(
        DisqualifyingEvent.objects.visible_to(user)
        .filter(subject__commune=commune)
        .filter(_window_q(cycle_rules, "subject__"))
        .values_list("subject_id")
        .annotate(n=Count("id"))
        .values_list("subject_id", "n")
    )
    rows = []
    for subject in subjects:
        rule = cycle_rules.get(subject.subject_type)
        registration = registrations.get(subject.pk)
        if registration is not None:
            registration.subject = subject  # spare a query when a template reads it
            registration.cycle = cycle
        rows.append(
            BoardRow(
                subject=subject,
                registration=registration,
                events=events.get(subject.pk, 0),
                window_start=rule.window_start if rule else None,
                window_end=rule.window_end if rule else None,
            )
        )
    by_type = []
    for value, label in SubjectType.choices:
        of_type = [r for r in rows if r.subject.subject_type == value]
        if of_type:
            by_type.append(
                TypeCount(value, str(label), len(of_type), sum(1 for r in of_type if r.is_registered))
            )
    return RegistrationBoard(commune=commune, cycle=cycle, rows=rows, rules=cycle_rules, by_type=by_type)


def commune_events(commune: Unit, cycle: Cycle, user: Any) -> QuerySet[DisqualifyingEvent]:
    """Disqualifying events of the commune's subjects inside their windows of `cycle`, newest first."""
    cycle_rules = {r.subject_type: r for r in CycleRule.objects.filter(cycle=cycle)}
    return (
        DisqualifyingEvent.objects.visible_to(user)
        .filter(subject__commune=commune)
        .filter(_window_q(cycle_rules, "subject__"))
        .select_related("subject", "recorded_by")
        .order_by("-occurred_on", "-pk")
    )


@dataclass
class WindowGroup:
    labels: list[str]
    start: dt.date
    end: dt.date


def window_groups(cycle: Cycle) -> list[WindowGroup]:
    """The cycle's evaluation windows, subject types sharing a window named together (one query)."""
    by_type = {r.subject_type: r for r in CycleRule.objects.filter(cycle=cycle)}
    groups: dict[tuple[dt.date, dt.date], WindowGroup] = {}
    for value, label in SubjectType.choices:
        rule = by_type.get(value)
        if rule is not None:
            key = (rule.window_start, rule.window_end)
            groups.setdefault(key, WindowGroup([], *key)).labels.append(str(label))
    return list(groups.values())


# --- For commendation (antq/awards): the excellent units of the decisions ---------------------------


def excellent_assessments(user: Any, unit: Unit, *, decision_id: int | None = None) -> QuerySet[Any]:
    """Decided assessments classed "excellent" of subjects under `unit` that `user` may see, newest first.

    Read by antq/awards to propose commendations from the cycle results (issue 6); `decision_id`
    narrows to one decision.
    """
    from antq.assessments.models import Assessment, MovementClass

    queryset = Assessment.objects.visible_to(user).filter(
        decision__isnull=False,
        decision__status="issued",
        decided_class=MovementClass.EXCELLENT,
        subject__commune__path__startswith=unit.path,
    )
    if decision_id is not None:
        queryset = queryset.filter(decision_id=decision_id)
    return queryset.select_related("decision", "subject__commune", "subject__unit", "cycle").order_by(
        "-decision__issued_on", "decision_id", "subject__name"
    )


# --- Public portal --------------------------------------------------------------------------------


def public_recognised_summary() -> tuple[int, int] | None:
    """(year, count) of the latest cycle with units recognised by a decision, for the public portal.

    One grouped query; None when no cycle has a decided recognition yet.
    """
    row = (
        Assessment.objects.filter(status=Assessment.Status.DECIDED, recognised=True)
        .values("cycle__year")
        .annotate(n=Count("pk"))
        .order_by("-cycle__year")
        .first()
    )
    return (row["cycle__year"], row["n"]) if row else None


# --- Indicators (dashboards, reports) ------------------------------------------------------------


def subtree_counts(units: Sequence[Unit], year: int) -> dict[int, dict[str, int]]:
    """The commune tallies of the cycle of `year` summed over each unit's subtree.

    One grouped query per level among `units` (tallies are per commune and subject type, so a
    national figure adds ~17,000 rows). Measures are those of `tallies.MEASURES`, plus the same with
    an `ra_` prefix for residential areas only. A unit without rows is missing.
    """
    measures: dict[str, Any] = {name: Sum(name) for name in tallies.MEASURES}
    area = Q(subject_type=SubjectType.RESIDENTIAL_AREA)
    for name in ("subjects", "registered", "recognised"):
        measures[f"ra_{name}"] = Sum(name, filter=area)
    rows = subtree_totals(
        CommuneTally.objects.filter(cycle__year=year),
        units,
        measures,
        province="commune__parent_id",
        commune="commune_id",
    )
    return {pk: {k: v or 0 for k, v in row.items()} for pk, row in rows.items()}


# --- Officer's home (core.attention) --------------------------------------------------------------


def attention_reviews(user: Any, today: dt.date, limit: int) -> Any:
    """Submitted assessments of this year's cycle awaiting `user`'s review (three queries)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from antq.assessments.permissions import may_use_review_queue
    from antq.assessments.review_queries import review_queue
    from antq.core.attention import Found, Item

    if not may_use_review_queue(user):
        return Found()
    cycle = Cycle.objects.filter(year=today.year, status=Cycle.Status.OPEN).first()
    if cycle is None:
        return Found()
    queue = review_queue(user, cycle)
    total = queue.count()
    items = [
        Item(
            title=_("Xét duyệt: %(s)s") % {"s": a.subject.name},
            url=reverse("assessments:review", args=[cycle.year, a.pk]),
            due=cycle.review_end,
            detail=a.subject.commune.name,
        )
        for a in queue[:limit]
    ]
    return Found(items, total, reverse("assessments:review_queue", args=[cycle.year]))
