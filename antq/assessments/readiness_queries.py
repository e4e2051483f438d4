"""Readiness of a commune's own assessment: all its children decided first (issue 3 §5).

A commune is recognised on the strength of its residential areas and commune-managed organisations
(XA-4 is computed from them), so its file may only be sent or approved once every one of them that
registered in the cycle has a decision. Who counts as a child is `rules.is_commune_child`: a subject
of the commune, not the commune itself, whose deciding level is the commune per the authority rule
in force on the cycle's decision date. Counting is one grouped query for any number of communes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q

from antq.assessments import rules
from antq.assessments.models import Assessment, AuthorityRule, Cycle, Registration, SubjectType


def decider_levels(cycle: Cycle) -> dict[tuple[str, str], str]:
    """(subject type, managing level) -> deciding level, from the rules in force on the decision date."""
    day = cycle.decision_end
    levels: dict[tuple[str, str], str] = {}
    in_force = (
        AuthorityRule.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("valid_from", "pk")  # the latest rule of a pair wins, as in permissions.authority_rule
    )
    for rule in in_force:
        levels[(rule.subject_type, rule.managing_level)] = rule.decider_level
    return levels


def child_pairs(cycle: Cycle) -> list[tuple[str, str]]:
    """The (subject type, managing level) pairs that are children of their commune in `cycle`."""
    return [pair for pair, level in decider_levels(cycle).items() if rules.is_commune_child(pair[0], level)]


def commune_readiness(cycle: Cycle, commune_ids: Iterable[int]) -> dict[int, rules.Readiness]:
    """Readiness of each commune (by unit id) in `cycle`: two queries, whatever the number of communes."""
    ids = sorted(set(commune_ids))
    if not ids:
        return {}
    pairs = child_pairs(cycle)
    children = Q(pk__in=[])
    for subject_type, managing_level in pairs:
        children |= Q(subject__subject_type=subject_type, subject__managing_level=managing_level)
    decided = Assessment.objects.filter(
        cycle=cycle, subject_id=OuterRef("subject_id"), status=Assessment.Status.DECIDED
    )
    counts = (
        Registration.objects.filter(children, cycle=cycle, subject__commune_id__in=ids)
        .exclude(subject__subject_type=SubjectType.COMMUNE)
        .annotate(is_decided=Exists(decided))
        .values("subject__commune_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(is_decided=True)))
    )
    found = {row["subject__commune_id"]: rules.readiness(row["total"], row["done"]) for row in counts}
    return {pk: found.get(pk, rules.readiness(0, 0)) for pk in ids}


def readiness_of(assessment: Assessment) -> rules.Readiness | None:
    """Readiness of a commune's own assessment; None for any other subject (it has no children)."""
    if assessment.subject.subject_type != SubjectType.COMMUNE:
        return None
    commune_id = assessment.subject.commune_id
    return commune_readiness(assessment.cycle, [commune_id])[commune_id]
