"""Read models of the review screens: the queue of assessments awaiting one reviewer, in one SQL query.

The queue mirrors `permissions.can_review` as a filter: the authority rules of the cycle (one query)
say which level reviews each (subject type, managing level); the user's roles say which subtrees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from antq.accounts.models import Role, User
from antq.assessments import readiness_queries, rules
from antq.assessments.models import Assessment, AuthorityRule, Cycle, CycleRule, SubjectType
from antq.assessments.permissions import REVIEWER_ROLES, may_use_review_queue
from antq.units.models import Unit

# Where the reviewer unit lies, seen from the subject's commune.
REVIEWER_PATH: dict[str, str] = {
    Unit.Level.COMMUNE: "subject__commune__path",
    Unit.Level.PROVINCE: "subject__commune__parent__path",
}


def reviewer_levels(cycle: Cycle) -> dict[tuple[str, str], str]:
    """(subject type, managing level) -> reviewer level, from the rules in force on the decision date."""
    day = cycle.decision_end
    levels: dict[tuple[str, str], str] = {}
    in_force = (
        AuthorityRule.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("valid_from", "pk")  # the latest rule of a pair wins, as in permissions.authority_rule
    )
    for rule in in_force:
        levels[(rule.subject_type, rule.managing_level)] = rule.reviewer_level
    return levels


def _pairs_q(pairs: list[tuple[str, str]]) -> Q:
    query = Q(pk__in=[])
    for subject_type, managing_level in pairs:
        query |= Q(subject__subject_type=subject_type, subject__managing_level=managing_level)
    return query


def reviewable_q(user: User, cycle: Cycle) -> Q:
    """The assessments of `cycle` that `user` may review (whatever their status)."""
    if not may_use_review_queue(user):
        return Q(pk__in=[])
    by_level: dict[str, list[tuple[str, str]]] = {}
    for pair, level in reviewer_levels(cycle).items():
        if level in REVIEWER_PATH:
            by_level.setdefault(level, []).append(pair)
    if user.is_superuser or user.has_role(Role.NATIONAL_ADMIN):
        return _pairs_q([pair for pairs in by_level.values() for pair in pairs])
    query = Q(pk__in=[])
    for role in user.active_roles:
        if role.role not in REVIEWER_ROLES:
            continue
        path = role.unit.path
        for level, pairs in by_level.items():
            query |= (
                _pairs_q(pairs)
                & Q(**{f"{REVIEWER_PATH[level]}__startswith": path})
                # A commune never reviews itself, whatever the authority rule says.
                & ~Q(subject__subject_type=SubjectType.COMMUNE, subject__commune__path=path)
            )
    return query


def review_queue(
    user: User, cycle: Cycle, *, subject_type: str = "", commune_key: str = ""
) -> QuerySet[Assessment]:
    """Submitted assessments awaiting `user`, oldest submission first."""
    queue = Assessment.objects.visible_to(user).filter(
        reviewable_q(user, cycle), cycle=cycle, status=Assessment.Status.SUBMITTED
    )
    if subject_type:
        queue = queue.filter(subject__subject_type=subject_type)
    if commune_key:
        queue = queue.filter(subject__commune__key=commune_key)
    return queue.select_related("subject__commune__parent").order_by("submitted_at", "pk")


def queue_communes(queue: QuerySet[Assessment]) -> QuerySet[Unit]:
    """The communes that have something in the (unfiltered) queue, for the filter list."""
    return Unit.objects.filter(pk__in=queue.values("subject__commune_id")).order_by("name")


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue: the assessment and where it stands against the decision deadline."""

    assessment: Assessment
    deadline: dt.date | None
    days_late: int
    days_left: int | None
    # A commune's own file: whether all its children are decided (None for any other subject).
    readiness: rules.Readiness | None = None


def queue_rows(assessments: list[Assessment], cycle: Cycle, today: dt.date | None = None) -> list[QueueRow]:
    """Rows of one page: deadlines and communes' readiness, a constant number of queries per page."""
    today = today or timezone.localdate()
    deadlines = dict(CycleRule.objects.filter(cycle=cycle).values_list("subject_type", "decision_deadline"))
    ready = readiness_queries.commune_readiness(
        cycle, {a.subject.commune_id for a in assessments if a.subject.subject_type == SubjectType.COMMUNE}
    )
    rows = []
    for assessment in assessments:
        is_commune = assessment.subject.subject_type == SubjectType.COMMUNE
        state = ready.get(assessment.subject.commune_id) if is_commune else None
        deadline = deadlines.get(assessment.subject.subject_type)
        if deadline is None:
            rows.append(QueueRow(assessment, None, 0, None, state))
            continue
        late = rules.days_late(today, deadline)
        rows.append(QueueRow(assessment, deadline, late, None if late else (deadline - today).days, state))
    return rows
