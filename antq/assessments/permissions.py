"""Who may do what in the yearly cycle. Templates use the same predicates as the views."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from antq.accounts.models import Role
from antq.assessments.models import Assessment, AuthorityRule, Cycle, Decision, Subject, SubjectType
from antq.core.errors import DomainError
from antq.units.models import Unit


def can_manage_cycles(user: Any) -> bool:
    """Cycles, criteria, thresholds and authority rules are national data: only the national admin edits."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.has_role(Role.NATIONAL_ADMIN))


# --- Review up the hierarchy (thẩm định) ------------------------------------------------------------

# Roles that review; steering members read and never review.
REVIEWER_ROLES = frozenset({Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER})


def authority_rule(assessment: Assessment) -> AuthorityRule | None:
    """The authority rule in force on the cycle's decision date for the subject's type and managing level."""
    return authority_rule_for(
        assessment.cycle, assessment.subject.subject_type, assessment.subject.managing_level
    )


def authority_rule_for(cycle: Cycle, subject_type: str, managing_level: str) -> AuthorityRule | None:
    day = cycle.decision_end
    return (
        AuthorityRule.objects.filter(
            subject_type=subject_type, managing_level=managing_level, valid_from__lte=day
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-pk")
        .first()
    )


def reviewer_unit_at(subject: Subject, reviewer_level: str) -> Unit | None:
    """The unit of `reviewer_level` above the subject: its commune, or the commune's province."""
    if reviewer_level == Unit.Level.COMMUNE:
        return subject.commune
    if reviewer_level == Unit.Level.PROVINCE:
        return subject.commune.parent
    return None


def reviewer_unit(assessment: Assessment) -> Unit:
    """The unit whose officers review `assessment` (from the authority rule; never a constant in code)."""
    rule = authority_rule(assessment)
    unit = reviewer_unit_at(assessment.subject, rule.reviewer_level) if rule else None
    if unit is None:
        raise DomainError(
            _("Chưa có quy định thẩm quyền thẩm định cho “%(type)s” (%(level)s) của kỳ năm %(year)s.")
            % {
                "type": assessment.subject.get_subject_type_display(),
                "level": assessment.subject.get_managing_level_display(),
                "year": assessment.cycle.year,
            }
        )
    return unit


def _is_national(user: Any) -> bool:
    return bool(user.is_superuser or user.has_role(Role.NATIONAL_ADMIN))


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _reviewer_unit_or_none(assessment: Assessment) -> Unit | None:
    try:
        return reviewer_unit(assessment)
    except DomainError:
        return None


def can_review(user: Any, assessment: Assessment) -> bool:
    """National admin, or a province/commune officer on or above the reviewer unit; no commune on itself."""
    if not _signed_in(user):
        return False
    unit = _reviewer_unit_or_none(assessment)
    if unit is None:
        return False
    if _is_national(user):
        return True
    own_commune = assessment.subject.commune.path
    for role in user.active_roles:
        if role.role not in REVIEWER_ROLES or not unit.path.startswith(role.unit.path):
            continue
        if assessment.subject.subject_type == SubjectType.COMMUNE and role.unit.path == own_commune:
            continue  # a commune does not approve itself, whatever the authority rule says
        return True
    return False


def can_reopen_level(user: Any, assessment: Assessment) -> bool:
    """A level strictly above the reviewer unit (or the national admin) may reopen an approved review."""
    if not _signed_in(user):
        return False
    unit = _reviewer_unit_or_none(assessment)
    if unit is None:
        return False
    if _is_national(user):
        return unit.level != Unit.Level.NATIONAL
    return any(
        role.role in REVIEWER_ROLES and unit.path.startswith(role.unit.path) and role.unit.path != unit.path
        for role in user.active_roles
    )


def can_return(user: Any, assessment: Assessment) -> bool:
    return assessment.status == Assessment.Status.SUBMITTED and can_review(user, assessment)


def can_approve(user: Any, assessment: Assessment) -> bool:
    return assessment.status == Assessment.Status.SUBMITTED and can_review(user, assessment)


def can_reopen(user: Any, assessment: Assessment) -> bool:
    return assessment.status == Assessment.Status.APPROVED and can_reopen_level(user, assessment)


def can_see_review(user: Any, assessment: Assessment) -> bool:
    """The review page is for the reviewers of the assessment and the levels above them."""
    return can_review(user, assessment) or can_reopen_level(user, assessment)


def may_use_review_queue(user: Any) -> bool:
    """The review queue exists for reviewers: the national admin and province/commune officers."""
    return _signed_in(user) and (_is_national(user) or user.has_role(*REVIEWER_ROLES))


# --- Recognition decisions (quyết định công nhận) ---------------------------------------------------


def decider_unit(assessment: Assessment) -> Unit | None:
    """The unit whose People's Committee decides `assessment` (from the authority rule), or None."""
    rule = authority_rule(assessment)
    return reviewer_unit_at(assessment.subject, rule.decider_level) if rule else None


def may_decide_for(user: Any, unit: Unit, *, not_on: str = "") -> bool:
    """National admin, or a province/commune officer on `unit` or above it (never on the path `not_on`)."""
    if not _signed_in(user):
        return False
    if _is_national(user):
        return True
    return any(
        role.role in REVIEWER_ROLES and unit.path.startswith(role.unit.path) and role.unit.path != not_on
        for role in user.active_roles
    )


def can_decide(user: Any, assessment: Assessment) -> bool:
    """An approved assessment may be decided by whoever holds a role on its deciding unit or above."""
    if assessment.status != Assessment.Status.APPROVED:
        return False
    unit = decider_unit(assessment)
    if unit is None:
        return False
    # A commune does not recognise itself, whatever the authority rule says.
    own = assessment.subject.commune.path if assessment.subject.subject_type == SubjectType.COMMUNE else ""
    return may_decide_for(user, unit, not_on=own)


def can_revoke_decision(user: Any, decision: Decision) -> bool:
    """An issued decision may be revoked by a reviewer role on its issuing unit or above (or national)."""
    if decision.status != Decision.Status.ISSUED:
        return False
    return may_decide_for(user, decision.issuer)


def can_close_cycle(user: Any, cycle: Cycle) -> bool:
    """Only the national administrator closes an open cycle."""
    return cycle.status == Cycle.Status.OPEN and can_manage_cycles(user)
