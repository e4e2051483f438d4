"""Read models of the year-end self-assessment: the evaluation of one file and the commune's list.

`evaluate()` is the one place where the standard, the XA-4 share, the total and the proposed class
are worked out from rows; `actions.recompute()` stores what it returns and the page shows it, so the
page and the stored numbers cannot disagree. Every function runs a constant number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from antq.assessments import rules
from antq.assessments.models import (
    Assessment,
    ClassCap,
    ClassThreshold,
    Criterion,
    Cycle,
    CycleRule,
    DeductionRule,
    DisqualifyingEvent,
    Evidence,
    Registration,
    Score,
    StandardResult,
    Subject,
    SubjectType,
)
from antq.units.models import Unit

COMMUNE_CHILDREN_SHARE = "commune_children_share"
EDITABLE = (Assessment.Status.DRAFT, Assessment.Status.RETURNED)


@dataclass
class ChildrenShare:
    """XA-4: the commune's residential areas and organisations, registered and recognised this cycle."""

    total: int
    registered: int
    recognised: int
    min_registered: Decimal | None
    min_recognised: Decimal | None
    met: bool | None
    problem: str = ""

    @staticmethod
    def _pct(part: int, whole: int) -> Decimal:
        if whole == 0:
            return Decimal(100)
        return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)

    @staticmethod
    def _fmt(value: Decimal) -> str:
        text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
        return text.replace(".", ",")

    @property
    def summary(self) -> str:
        """E.g. “12/12 đã đăng ký (100 % ≥ 100 %), 9/12 được công nhận = 75 % ≥ 70 %”."""
        if self.min_registered is None or self.min_recognised is None:
            return self.problem
        reg_pct = self._pct(self.registered, self.total)
        rec_pct = self._pct(self.recognised, self.total)
        reg_ok = Decimal(self.registered) >= self.min_registered * self.total
        rec_ok = Decimal(self.recognised) >= self.min_recognised * self.total
        return _(
            "%(reg)s/%(total)s đã đăng ký = %(reg_pct)s %% %(reg_sign)s %(reg_min)s %%, "
            "%(rec)s/%(total)s được công nhận = %(rec_pct)s %% %(rec_sign)s %(rec_min)s %%"
        ) % {
            "reg": self.registered,
            "rec": self.recognised,
            "total": self.total,
            "reg_pct": self._fmt(reg_pct),
            "rec_pct": self._fmt(rec_pct),
            "reg_sign": "≥" if reg_ok else "<",
            "rec_sign": "≥" if rec_ok else "<",
            "reg_min": self._fmt(self.min_registered * 100),
            "rec_min": self._fmt(self.min_recognised * 100),
        }


@dataclass
class StandardRow:
    criterion: Criterion
    result: StandardResult

    @property
    def is_auto(self) -> bool:
        return self.criterion.check_type == Criterion.Check.AUTO


@dataclass
class ScoreRow:
    criterion: Criterion
    score: Score | None  # None for a parent criterion: its points are the sum of its sub-items
    depth: int
    subtotal: Decimal

    @property
    def is_leaf(self) -> bool:
        return self.score is not None


@dataclass
class Evaluation:
    """Everything worked out for one assessment; `class_problem` says why no class could be proposed."""

    rule: CycleRule | None
    standard_rows: list[StandardRow]
    score_rows: list[ScoreRow]
    events: list[DisqualifyingEvent]
    share: ChildrenShare | None
    standard_met: bool | None
    raw_total: Decimal | None
    deducted: Decimal
    total_points: Decimal | None
    proposed_class: str
    class_problem: str
    missing_standard: list[str] = field(default_factory=list)
    missing_scores: list[str] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not self.missing_standard and not self.missing_scores


def cycle_rule(cycle: Cycle, subject_type: str) -> CycleRule | None:
    return (
        CycleRule.objects.filter(cycle=cycle, subject_type=subject_type)
        .select_related("standard_set", "score_sheet")
        .first()
    )


def _share_param(criterion: Criterion, name: str) -> Decimal | None:
    raw = (criterion.params or {}).get(name)
    if raw is None:
        return None
    try:
        value = Decimal(str(raw))
    except ArithmeticError:
        return None
    return value if value.is_finite() and 0 <= value <= 1 else None


def children_share(subject: Subject, cycle: Cycle, criterion: Criterion) -> ChildrenShare:
    """Count the commune's residential areas and organisations, registered and recognised (one query)."""
    in_cycle_registered = Q(registrations__cycle=cycle)
    counts = (
        Subject.objects.filter(commune_id=subject.commune_id)
        .exclude(subject_type=SubjectType.COMMUNE)
        .aggregate(
            total=Count("id", distinct=True),
            registered=Count("id", filter=in_cycle_registered, distinct=True),
            # Recognised counts only among the registered, so recognised ≤ registered always holds.
            recognised=Count(
                "id",
                filter=in_cycle_registered & Q(assessments__cycle=cycle, assessments__recognised=True),
                distinct=True,
            ),
        )
    )
    min_reg = _share_param(criterion, "min_registered_share")
    min_rec = _share_param(criterion, "min_recognised_share")
    share = ChildrenShare(
        counts["total"], counts["registered"], counts["recognised"], min_reg, min_rec, met=None
    )
    if min_reg is None or min_rec is None:
        share.problem = _(
            "Tiêu chí %(code)s chưa cấu hình đủ tỷ lệ yêu cầu (min_registered_share, min_recognised_share)."
        ) % {"code": criterion.code}
        return share
    share.met = rules.commune_share_check(
        share.total,
        share.registered,
        share.recognised,
        min_registered_share=min_reg,
        min_recognised_share=min_rec,
    )
    return share


def _depths(criteria: list[Criterion]) -> dict[int, int]:
    by_id = {c.pk: c for c in criteria}
    depths: dict[int, int] = {}
    for c in criteria:
        depth, parent, seen = 0, c.parent_id, {c.pk}
        while parent is not None and parent in by_id and parent not in seen:
            seen.add(parent)
            depth += 1
            parent = by_id[parent].parent_id
        depths[c.pk] = depth
    return depths


def _ordered_tree(criteria: list[Criterion]) -> list[Criterion]:
    """Parents first, each followed by its sub-items (criteria come ordered by `order`, `code`)."""
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    out: list[Criterion] = []

    def walk(parent: int | None) -> None:
        for c in children.get(parent, []):
            if c not in out:
                out.append(c)
                walk(c.pk)

    walk(None)
    return out + [c for c in criteria if c not in out]


def evaluate(assessment: Assessment) -> Evaluation:
    """Work out the standard, XA-4, total, deductions and the proposed class of one assessment."""
    cycle, subject = assessment.cycle, assessment.subject
    rule = cycle_rule(cycle, subject.subject_type)

    results = list(
        StandardResult.objects.filter(assessment=assessment)
        .select_related("criterion")
        .order_by("criterion__order", "criterion__code")
    )
    share: ChildrenShare | None = None
    standard_rows = []
    for result in results:
        criterion = result.criterion
        if criterion.check_type == Criterion.Check.AUTO and criterion.auto_rule == COMMUNE_CHILDREN_SHARE:
            share = children_share(subject, cycle, criterion)
            result.met = share.met
            result.note = share.summary
        standard_rows.append(StandardRow(criterion, result))

    events: list[DisqualifyingEvent] = []
    if rule is not None:
        events = list(
            DisqualifyingEvent.objects.filter(
                subject=subject, occurred_on__gte=rule.window_start, occurred_on__lte=rule.window_end
            ).order_by("occurred_on", "pk")
        )
    met = rules.standard_met({r.criterion.code: r.result.met for r in standard_rows})
    if events:
        # TT 124 §9: any disqualifying event in the window and the standard is not met.
        met = False
    missing_standard = [r.criterion.code for r in standard_rows if r.result.met is None]

    score_rows: list[ScoreRow] = []
    missing_scores: list[str] = []
    raw_total: Decimal | None = None
    total: Decimal | None = None
    deducted = rules.ZERO
    proposed = ""
    problem = ""
    sheet = rule.score_sheet if rule is not None else None
    if sheet is None:
        problem = _("Kỳ đánh giá chưa có bảng chấm điểm cho loại đối tượng này.")
    else:
        criteria = _ordered_tree(list(Criterion.objects.filter(criteria_set=sheet)))
        codes = {c.pk: c.code for c in criteria}
        specs = [rules.CriterionSpec(c.code, c.max_points, codes.get(c.parent_id or 0)) for c in criteria]
        scores = {s.criterion_id: s for s in Score.objects.filter(assessment=assessment)}
        leaf_codes = {s.code for s in rules.leaves(specs)}
        points = {c.code: scores[c.pk].points for c in criteria if c.code in leaf_codes and c.pk in scores}
        missing_scores = [c.code for c in criteria if c.code in leaf_codes and points.get(c.code) is None]
        subtotals = rules.subtotals(specs, points)
        depths = _depths(criteria)
        for c in criteria:
            leaf = c.code in leaf_codes
            score = scores.get(c.pk) if leaf else None
            if leaf and score is None:
                score = Score(assessment=assessment, criterion=c)  # a row start_assessment did not make
            score_rows.append(ScoreRow(c, score, depths[c.pk], subtotals[c.code]))
        raw_total = rules.total_points(specs, points)
        conditions = {
            ClassCap.Condition.DISQUALIFYING_EVENT.value: len(events),
            ClassCap.Condition.NOT_RECOGNISED.value: 1 if met is False else 0,
        }
        deductions = [
            rules.Deduction(d.condition, d.points, d.max_total)
            for d in DeductionRule.objects.filter(criteria_set=sheet)
        ]
        deducted = rules.deducted_points(deductions, conditions)
        total = rules.apply_deductions(raw_total, deductions, conditions)
        if missing_scores:
            problem = _("Chưa phân loại: còn %(n)s tiêu chí chưa chấm điểm.") % {"n": len(missing_scores)}
        else:
            thresholds = [
                rules.Threshold(t.movement_class, t.min_points)
                for t in ClassThreshold.objects.filter(criteria_set=sheet)
            ]
            caps = [rules.Cap(c.condition, c.max_class) for c in ClassCap.objects.filter(criteria_set=sheet)]
            active = {k for k, n in conditions.items() if n}
            try:
                proposed = rules.classify(total, thresholds, caps, active)
            except rules.ClassificationUnavailable as exc:
                problem = exc.message
    return Evaluation(
        rule=rule,
        standard_rows=standard_rows,
        score_rows=score_rows,
        events=events,
        share=share,
        standard_met=met,
        raw_total=raw_total,
        deducted=deducted,
        total_points=total,
        proposed_class=proposed,
        class_problem=problem,
        missing_standard=missing_standard,
        missing_scores=missing_scores,
    )


# --- The commune's list ----------------------------------------------------------------------------


@dataclass
class ListRow:
    subject: Subject
    registered: bool
    assessment: Assessment | None


@dataclass
class AssessmentList:
    commune: Unit
    cycle: Cycle
    rows: list[ListRow]

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.assessment is not None and r.assessment.status not in EDITABLE)

    @property
    def registered(self) -> int:
        return sum(1 for r in self.rows if r.registered)


def commune_assessment_list(commune: Unit, cycle: Cycle, user: Any) -> AssessmentList:
    """Each subject of the commune (the commune first) with its registration and assessment (3 queries)."""
    subjects = list(Subject.objects.visible_to(user).filter(commune=commune).order_by("subject_type", "name"))
    registered = set(
        Registration.objects.visible_to(user)
        .filter(cycle=cycle, subject__commune=commune)
        .values_list("subject_id", flat=True)
    )
    assessments = {
        a.subject_id: a
        for a in Assessment.objects.visible_to(user).filter(cycle=cycle, subject__commune=commune)
    }
    rows = []
    for subject in subjects:
        assessment = assessments.get(subject.pk)
        if assessment is not None:
            assessment.subject = subject
            assessment.cycle = cycle
        rows.append(ListRow(subject, subject.pk in registered, assessment))
    rows.sort(key=lambda r: r.subject.subject_type != SubjectType.COMMUNE)
    return AssessmentList(commune=commune, cycle=cycle, rows=rows)


def today_in_phase(cycle: Cycle, today: dt.date) -> bool:
    """Self-assessments are sent between the start of the phase and the end of the review."""
    return cycle.self_assessment_start <= today <= cycle.review_end


def evidence_by_criterion(
    assessment: Assessment, *, with_uploader: bool = False
) -> dict[int, list[Evidence]]:
    """The assessment's evidence files grouped by criterion id (one query)."""
    grouped: dict[int, list[Evidence]] = {}
    rows = Evidence.objects.filter(assessment=assessment).order_by("uploaded_at", "pk")
    if with_uploader:
        rows = rows.select_related("uploaded_by")
    for evidence in rows:
        grouped.setdefault(evidence.criterion_id, []).append(evidence)
    return grouped
