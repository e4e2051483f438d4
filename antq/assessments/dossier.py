"""The dossier sent to a deciding body (hồ sơ đề nghị): approved assessments awaiting its decision.

The reviewing police of the deciding unit proposes recognition with a tờ trình and its annex list,
plus the score list in Excel (documents.py renders both). Which body decides which subject is read
from the authority rules in force (one query), the assessments in one more: a constant number of
queries whatever the size of the dossier.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from django.db.models import Q

from antq.accounts.models import User
from antq.assessments import doc_format
from antq.assessments.models import Assessment, AuthorityRule, Cycle, MovementClass, SubjectType
from antq.assessments.permissions import may_decide_for
from antq.units.models import Unit

# Where the deciding unit lies, seen from the subject's commune.
DECIDER_FIELD: dict[str, str] = {
    Unit.Level.COMMUNE: "subject__commune",
    Unit.Level.PROVINCE: "subject__commune__parent",
}


@dataclasses.dataclass
class Dossier:
    """Approved assessments of one cycle awaiting the decision of one deciding unit."""

    cycle: Cycle
    unit: Unit
    rule: AuthorityRule
    assessments: list[Assessment]

    @property
    def decider_name(self) -> str:
        """ "Ủy ban nhân dân Phường Ba Đình": to whom the tờ trình is addressed."""
        return doc_format.issuer_name(self.rule.doc_symbol, self.rule.decider_body, self.unit.name)

    @property
    def police_name(self) -> str:
        return doc_format.police_name(self.unit.name)

    @property
    def symbol(self) -> str:
        return f"TTr-{doc_format.police_symbol(self.unit.name)}"

    @property
    def proposed(self) -> list[Assessment]:
        """Those meeting the standard: the ones the tờ trình proposes for recognition."""
        return [a for a in self.assessments if a.standard_met is True]

    @property
    def class_counts(self) -> list[tuple[str, int]]:
        counts = Counter(a.proposed_class for a in self.assessments if a.proposed_class)
        return [(str(label), counts[value]) for value, label in MovementClass.choices if counts[value]]


def decider_rules(cycle: Cycle) -> dict[tuple[str, str], AuthorityRule]:
    """(subject type, managing level) -> the authority rule in force on the cycle's decision date."""
    day = cycle.decision_end
    rules: dict[tuple[str, str], AuthorityRule] = {}
    in_force = (
        AuthorityRule.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("valid_from", "pk")  # the latest rule of a pair wins, as in permissions.authority_rule
    )
    for rule in in_force:
        rules[(rule.subject_type, rule.managing_level)] = rule
    return rules


def dossier_for(user: User, cycle: Cycle, unit: Unit) -> Dossier | None:
    """The dossier of `unit` for `cycle`, or None when `user` may not decide for that unit."""
    if unit.level not in DECIDER_FIELD or unit.is_legacy or not may_decide_for(user, unit):
        return None
    rules = {pair: rule for pair, rule in decider_rules(cycle).items() if rule.decider_level == unit.level}
    if not rules:
        return None
    match = Q(pk__in=[])
    for subject_type, managing_level in rules:
        match |= Q(subject__subject_type=subject_type, subject__managing_level=managing_level)
    rows = (
        Assessment.objects.visible_to(user)
        .filter(match, cycle=cycle, status=Assessment.Status.APPROVED, **{DECIDER_FIELD[unit.level]: unit})
        .select_related("subject__commune")
        .order_by("pk")
    )
    assessments = []
    for a in rows:
        # A commune does not recognise itself, whatever the authority rule says.
        own = a.subject.commune.path if a.subject.subject_type == SubjectType.COMMUNE else ""
        if may_decide_for(user, unit, not_on=own):
            assessments.append(a)
    # Residential areas first, then communes and organisations (the order of the regulations), names
    # read naturally ("Tổ dân phố số 2" before "số 10"); sorting a fetched list costs no query.
    order = SubjectType.values
    assessments.sort(
        key=lambda a: (
            order.index(a.subject.subject_type),
            doc_format.natural_key(a.subject.commune.name),
            doc_format.natural_key(a.subject.name),
        )
    )
    rule = next(iter(rules.values()))
    if assessments:
        a = assessments[0]
        rule = rules.get((a.subject.subject_type, a.subject.managing_level), rule)
    return Dossier(cycle=cycle, unit=unit, rule=rule, assessments=assessments)
