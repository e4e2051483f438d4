"""Demo year for `seed_assessments --demo`: the 2026 cycle of a few Hà Nội communes, through the actions.

Every change goes through the verbs the pages call (register, self-assess, submit, approve, decide),
as the demo officer the page would require (`xa.badinh` for Phường Ba Đình, `tinh.hanoi` for what the
province reviews and for Phường Ngọc Hà, which has no demo commune officer). Each subject has a target
state; a step is taken only while the subject is short of it, so a second run changes nothing.

The four class thresholds of the score sheets used are set to demo values (through `set_thresholds`,
as the national administrator) only while all four are still empty; they stay marked "cần xác minh".
If an action refuses (a calendar window closed, a threshold edited), the step is skipped and reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from django.db import transaction

from antq.accounts.models import User
from antq.accounts.permissions import can_edit_commune
from antq.assessments import actions
from antq.assessments.assessment_queries import EDITABLE
from antq.assessments.models import (
    Assessment,
    ClassThreshold,
    CriteriaSet,
    Criterion,
    Cycle,
    CycleRule,
    MovementClass,
    Registration,
    Score,
    StandardResult,
    Subject,
    SubjectType,
)
from antq.assessments.permissions import can_decide, can_review, decider_unit
from antq.assessments.seed import DEMO_YEAR
from antq.assessments.subjects import sync_subjects
from antq.core.errors import DomainError
from antq.units.models import Unit

# Target states, in the order a file goes through them.
REGISTERED, DRAFT, SUBMITTED, APPROVED, DECIDED = "registered", "draft", "submitted", "approved", "decided"
ORDER = [REGISTERED, DRAFT, SUBMITTED, APPROVED, DECIDED]

# Demo class thresholds (minimum points out of 100), used only while none is configured.
DEMO_THRESHOLDS: dict[str, Decimal | None] = {
    MovementClass.EXCELLENT: Decimal(90),
    MovementClass.GOOD: Decimal(75),
    MovementClass.AVERAGE: Decimal(50),
    MovementClass.WEAK: Decimal(0),
}


@dataclass(frozen=True)
class Plan:
    """What one subject reaches in the demo: state, share of each score's maximum, criteria not met."""

    name: str
    target: str
    share: str = "0.85"  # of each criterion's maximum points
    failed: tuple[str, ...] = ()  # TT 124 criteria codes not met
    registered_on: dt.date = dt.date(2026, 2, 10)


def _areas(prefix: str, targets: list[tuple[str, str, tuple[str, ...]]]) -> list[Plan]:
    plans = []
    for i, (target, share, failed) in enumerate(targets, start=1):
        # Most register in February–March; the last registered ones came after the 31/3 deadline.
        day = dt.date(2026, 2, 3) + dt.timedelta(days=4 * i)
        if i > len(targets) - 2 and target != DECIDED:
            day = dt.date(2026, 4, 6 + i)
        # Scores vary a little around the class's share (±2 points in 100), staying inside the class.
        varied = Decimal(share) + Decimal("0.02") * (i % 3 - 1)
        plans.append(Plan(f"{prefix}{i}", target, str(varied), failed, day))
    return plans


_E, _G, _A = "0.95", "0.82", "0.62"  # shares giving Xuất sắc, Khá, Trung bình with DEMO_THRESHOLDS

# Phường Ba Đình (00004): 16 of 18 residential areas registered, 12 decided (two not recognised),
# two waiting for review, one draft, one registered only; Tổ dân phố số 17 and 18 did not register.
BA_DINH: list[Plan] = [
    *_areas(
        "Tổ dân phố số ",
        [
            (DECIDED, _E, ()),
            (DECIDED, _G, ()),
            (DECIDED, _G, ()),
            (DECIDED, _E, ()),
            (DECIDED, _A, ("KDC-3",)),
            (DECIDED, _G, ()),
            (DECIDED, _A, ()),
            (DECIDED, _G, ()),
            (DECIDED, _E, ()),
            (DECIDED, _G, ()),
            (DECIDED, "0.55", ("KDC-1",)),
            (DECIDED, _A, ()),
            (SUBMITTED, _G, ()),
            (SUBMITTED, _E, ()),
            (DRAFT, _G, ()),
            (REGISTERED, _G, ()),
        ],
    ),
    Plan("Trường THCS Phan Chu Trinh", DECIDED, _E, registered_on=dt.date(2026, 1, 20)),
    Plan("Ủy ban nhân dân phường Ba Đình", DECIDED, _G, registered_on=dt.date(2026, 1, 15)),
    Plan("Công ty TNHH Thương mại Hồng Hà", SUBMITTED, _A, registered_on=dt.date(2026, 3, 25)),
    # Province-managed: reviewed and decided by Hà Nội.
    Plan("Trường THPT Phan Đình Phùng", DECIDED, _E, registered_on=dt.date(2026, 1, 22)),
    Plan("Công ty Cổ phần In Ba Đình", SUBMITTED, _G, registered_on=dt.date(2026, 2, 26)),
    # Bảo tàng Hồ Chí Minh (central) did not register; the commune's own file is begun.
    Plan("Phường Ba Đình", DRAFT, registered_on=dt.date(2026, 1, 12)),
]

# Phường Ngọc Hà (00008): 10 of 12 residential areas registered, 7 decided, 1 submitted, 2 draft.
NGOC_HA: list[Plan] = [
    *_areas(
        "Tổ dân phố Ngọc Hà ",
        [
            (DECIDED, _G, ()),
            (DECIDED, _E, ()),
            (DECIDED, _G, ()),
            (DECIDED, _A, ()),
            (DECIDED, _G, ("KDC-2",)),
            (DECIDED, _E, ()),
            (DECIDED, _G, ()),
            (SUBMITTED, _A, ()),
            (DRAFT, _G, ()),
            (DRAFT, _G, ()),
        ],
    ),
    Plan("Trường Tiểu học Ngọc Hà", DECIDED, _G, registered_on=dt.date(2026, 2, 2)),
    Plan("Trường THCS Thăng Long", SUBMITTED, _E, registered_on=dt.date(2026, 2, 5)),
]

# (commune key, the demo user acting for the commune, the plans, decision date, signer)
COMMUNES: list[tuple[str, str, list[Plan], dt.date, tuple[str, str]]] = [
    ("00004", "xa.badinh", BA_DINH, dt.date(2026, 11, 18), ("Trần Văn Hải", "Chủ tịch")),
    ("00008", "tinh.hanoi", NGOC_HA, dt.date(2026, 11, 19), ("Lê Minh Tuấn", "Chủ tịch")),
]
PROVINCE_USER = "tinh.hanoi"
PROVINCE_DECIDED_ON = dt.date(2026, 11, 20)
PROVINCE_SIGNER = ("Nguyễn Thanh Bình", "Phó Chủ tịch")


@dataclass
class Report:
    """What the demo seed did, and each step an action refused (with its Vietnamese message)."""

    registered: int = 0
    started: int = 0
    submitted: int = 0
    approved: int = 0
    decisions: int = 0
    decided: int = 0
    thresholds: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.registered + self.started + self.submitted + self.approved + self.decided


def _try(report: Report, label: str, step: Callable[[], Any]) -> Any:
    """Run one action; a refusal is recorded and the subject stops where it is."""
    try:
        return step()
    except DomainError as exc:
        report.skipped.append(f"{label}: {exc.message}")
        return None


def _reached(plan: Plan, state: str) -> bool:
    return ORDER.index(plan.target) >= ORDER.index(state)


def _demo_thresholds(cycle: Cycle, admin: User | None, report: Report) -> None:
    if admin is None:
        return
    sheets = CycleRule.objects.filter(cycle=cycle, score_sheet__isnull=False).values_list(
        "score_sheet", flat=True
    )
    for criteria_set in CriteriaSet.objects.filter(pk__in=list(sheets)).order_by("pk"):
        configured = ClassThreshold.objects.filter(criteria_set=criteria_set, min_points__isnull=False)
        if configured.exists():
            continue  # an administrator entered numbers: keep them
        done = _try(
            report,
            criteria_set.name,
            partial(actions.set_thresholds, criteria_set, dict(DEMO_THRESHOLDS), by=admin),
        )
        if done is not None:
            report.thresholds += 1


def _points(criterion: Criterion, share: Decimal) -> Decimal:
    top = criterion.max_points or Decimal(0)
    return min(top, (top * share).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


STANDARD_NOTE = "Có biên bản, hồ sơ lưu tại Công an phường."
FAILED_NOTE = "Chưa đạt: trong kỳ có vụ việc phức tạp về an ninh, trật tự chưa giải quyết dứt điểm."


def _fill(assessment: Assessment, plan: Plan, by: User) -> bool:
    """Enter the TT 124 results and the points, as the self-assessment form saves them."""
    rows = StandardResult.objects.filter(assessment=assessment).select_related("criterion")
    results: dict[int, tuple[bool | None, str]] = {
        r.criterion_id: (
            r.criterion.code not in plan.failed,
            FAILED_NOTE if r.criterion.code in plan.failed else STANDARD_NOTE,
        )
        for r in rows
        if r.criterion.check_type != Criterion.Check.AUTO
    }
    share = Decimal(plan.share)
    scores: dict[int, tuple[Decimal | None, str]] = {
        s.criterion_id: (_points(s.criterion, share), "")
        for s in Score.objects.filter(assessment=assessment).select_related("criterion")
    }
    actions.save_standard_results(assessment, results, by=by)
    actions.save_scores(assessment, scores, by=by)
    return True


def _advance(subject: Subject, plan: Plan, cycle: Cycle, *, officer: User, report: Report) -> None:
    """Take one subject through the steps up to its target; steps already taken are not repeated."""
    label = subject.name
    if not can_edit_commune(officer, subject.commune):
        report.skipped.append(f"{label}: {officer.username} không được sửa dữ liệu của xã.")
        return
    if not Registration.objects.filter(cycle=cycle, subject=subject).exists():
        area = subject.residential_area
        total = area.household_count if area is not None else None
        signed = total - (subject.pk % 3) if total else None
        made = _try(
            report,
            label,
            lambda: actions.register_subject(
                subject,
                cycle,
                by=officer,
                registered_on=plan.registered_on,
                party_resolution_on=plan.registered_on - dt.timedelta(days=10),
                plan_ref=f"Kế hoạch số {10 + subject.pk % 80}/KH ngày {plan.registered_on:%d/%m/%Y}",
                households_total=total,
                households_signed=signed,
            ),
        )
        if made is None:
            return
        report.registered += 1
    if not _reached(plan, DRAFT):
        return
    assessment = Assessment.objects.filter(cycle=cycle, subject=subject).first()
    if assessment is None:
        assessment = _try(report, label, lambda: actions.start_assessment(subject, cycle, by=officer))
        if assessment is None:
            return
        report.started += 1
        commune_file = subject.subject_type == SubjectType.COMMUNE  # left empty: it waits for its children
        if not commune_file and _try(report, label, lambda: _fill(assessment, plan, officer)) is None:
            return
    if _reached(plan, SUBMITTED) and assessment.status in EDITABLE:
        if _try(report, label, lambda: actions.submit_assessment(assessment, by=officer)) is None:
            return
        report.submitted += 1
    assessment.refresh_from_db()
    if _reached(plan, APPROVED) and assessment.status == Assessment.Status.SUBMITTED:
        reviewer = officer if can_review(officer, assessment) else User.objects.get(username=PROVINCE_USER)
        if _try(report, label, lambda: actions.approve_assessment(assessment, by=reviewer)) is None:
            return
        report.approved += 1


def _decide(
    assessments: list[Assessment], by: User, issued_on: dt.date, signer: tuple[str, str], report: Report
) -> None:
    """One decision per deciding unit for the approved files meant to be decided."""
    by_unit: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        unit = decider_unit(assessment)
        if unit is not None:
            by_unit.setdefault(unit.pk, []).append(assessment)
    for group in by_unit.values():
        province = not all(can_decide(by, a) for a in group)
        decider = User.objects.get(username=PROVINCE_USER) if province else by
        name, title = PROVINCE_SIGNER if province else signer
        decision = _try(
            report,
            group[0].subject.commune.name,
            partial(
                actions.decide,
                group,
                by=decider,
                issued_on=PROVINCE_DECIDED_ON if province else issued_on,
                signer_name=name,
                signer_title=title,
            ),
        )
        if decision is not None:
            report.decisions += 1
            report.decided += len(group)


def seed_assessments_demo(year: int = DEMO_YEAR) -> Report:
    """Register, self-assess, review and decide the demo communes' subjects of `year` (idempotent)."""
    report = Report()
    cycle = Cycle.objects.filter(year=year).first()
    users = {u.username: u for u in User.objects.filter(username__in=["xa.badinh", "tinh.hanoi", "quantri"])}
    if cycle is None or "tinh.hanoi" not in users:
        report.skipped.append(
            f"Chưa có kỳ đánh giá năm {year} hoặc tài khoản trình diễn (chạy seed_demo trước)."
        )
        return report
    with transaction.atomic():
        _demo_thresholds(cycle, users.get("quantri"), report)
    for key, username, plans, decided_on, signer in COMMUNES:
        commune = Unit.objects.filter(key=key).first()
        officer = users.get(username)
        if commune is None or officer is None:
            continue
        sync_subjects([commune])
        subjects = {s.name: s for s in Subject.objects.filter(commune=commune).select_related("commune")}
        to_decide: list[Assessment] = []
        for plan in plans:
            subject = subjects.get(plan.name)
            if subject is None:
                report.skipped.append(f"{plan.name}: không có trong dữ liệu mẫu của {commune.name}.")
                continue
            with transaction.atomic():
                _advance(subject, plan, cycle, officer=officer, report=report)
            if plan.target == DECIDED:
                assessment = Assessment.objects.filter(
                    cycle=cycle, subject=subject, status=Assessment.Status.APPROVED
                ).first()
                if assessment is not None:
                    to_decide.append(assessment)
        if to_decide:
            with transaction.atomic():
                _decide(to_decide, officer, decided_on, signer, report)
    return report
