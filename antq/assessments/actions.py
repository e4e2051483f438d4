"""State changes of the yearly cycle: each verb checks state, writes, and records an audit entry."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max, Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import Role, RoleAssignment, User
from antq.accounts.permissions import require
from antq.assessments import assessment_queries, doc_format, readiness_queries, rules, tallies
from antq.assessments.models import (
    Assessment,
    AuthorityRule,
    ClassCap,
    ClassThreshold,
    CriteriaSet,
    Criterion,
    Cycle,
    CycleRule,
    Decision,
    DeductionRule,
    DisqualifyingEvent,
    Evidence,
    MovementClass,
    Registration,
    Score,
    StandardResult,
    Subject,
    SubjectType,
)
from antq.assessments.permissions import (
    REVIEWER_ROLES,
    authority_rule,
    can_close_cycle,
    can_decide,
    can_manage_cycles,
    can_reopen_level,
    can_review,
    can_revoke_decision,
    decider_unit,
    reviewer_unit,
)
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.notifications import notify
from antq.core.text import has_nul
from antq.units.models import Unit

# --- Registrations (Q1 "đăng ký phấn đấu") and disqualifying events -------------------------------


def _refuse_nul(*texts: str) -> None:
    if any(has_nul(t) for t in texts):
        raise DomainError(_("Nội dung có ký tự không hợp lệ (ký tự NUL), vui lòng nhập lại."))


def _require_open(cycle: Cycle) -> None:
    if cycle.status == Cycle.Status.DRAFT:
        raise DomainError(_("Kỳ đánh giá năm %(year)s chưa mở.") % {"year": cycle.year})
    if cycle.status != Cycle.Status.OPEN:
        raise DomainError(_("Kỳ đánh giá năm %(year)s đã kết thúc.") % {"year": cycle.year})


def _cycle_rule(cycle: Cycle, subject_type: str) -> CycleRule:
    rule = CycleRule.objects.filter(cycle=cycle, subject_type=subject_type).first()
    if rule is None:
        raise DomainError(
            _("Kỳ đánh giá năm %(year)s chưa có quy định cho loại đối tượng “%(type)s”.")
            % {"year": cycle.year, "type": SubjectType(subject_type).label}
        )
    return rule


def _check_registration(
    subject: Subject,
    cycle: Cycle,
    *,
    registered_on: dt.date,
    party_resolution_on: dt.date | None,
    plan_ref: str,
    households_total: int | None,
    households_signed: int | None,
    note: str,
) -> None:
    _refuse_nul(plan_ref, note)
    today = timezone.localdate()
    if registered_on.year != cycle.year:
        raise DomainError(_("Ngày đăng ký phải trong năm %(year)s.") % {"year": cycle.year})
    if registered_on > today:
        raise DomainError(_("Ngày đăng ký không được sau ngày hôm nay."))
    if party_resolution_on is not None:
        if party_resolution_on.year != cycle.year:
            raise DomainError(_("Ngày nghị quyết phải trong năm %(year)s.") % {"year": cycle.year})
        if party_resolution_on > today:
            raise DomainError(_("Ngày nghị quyết không được sau ngày hôm nay."))
    if subject.subject_type != SubjectType.RESIDENTIAL_AREA:
        if households_total is not None or households_signed is not None:
            raise DomainError(_("Chỉ khu dân cư mới khai báo số hộ gia đình."))
        return
    if (households_total is not None and households_total < 0) or (
        households_signed is not None and households_signed < 0
    ):
        raise DomainError(_("Số hộ không được âm."))
    if households_signed is None:
        return
    if households_total is None:
        raise DomainError(_("Nhập số hộ đang cư trú trước khi nhập số hộ ký cam kết."))
    if households_signed > households_total:
        raise DomainError(
            _("Số hộ ký cam kết (%(signed)s) không được lớn hơn số hộ đang cư trú (%(total)s).")
            % {"signed": households_signed, "total": households_total}
        )


def _registration_data(registration: Registration) -> dict[str, Any]:
    return {
        "cycle": registration.cycle.year,
        "subject": registration.subject.name,
        "registered_on": registration.registered_on.isoformat(),
        "party_resolution_on": (
            registration.party_resolution_on.isoformat() if registration.party_resolution_on else None
        ),
        "plan_ref": registration.plan_ref,
        "households_total": registration.households_total,
        "households_signed": registration.households_signed,
        "is_late": registration.is_late,
        "note": registration.note,
    }


@transaction.atomic
def register_subject(
    subject: Subject,
    cycle: Cycle,
    *,
    by: User,
    registered_on: dt.date,
    party_resolution_on: dt.date | None = None,
    plan_ref: str = "",
    households_total: int | None = None,
    households_signed: int | None = None,
    note: str = "",
) -> Registration:
    """Record a subject's Q1 registration; after the deadline it is accepted and flagged late."""
    # Lock the subject, not the cycle: two officers registering one subject queue up, the country does not.
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    cycle = Cycle.objects.get(pk=cycle.pk)
    _require_open(cycle)
    plan_ref, note = plan_ref.strip(), note.strip()
    _check_registration(
        subject,
        cycle,
        registered_on=registered_on,
        party_resolution_on=party_resolution_on,
        plan_ref=plan_ref,
        households_total=households_total,
        households_signed=households_signed,
        note=note,
    )
    if Registration.objects.filter(cycle=cycle, subject=subject).exists():
        raise DomainError(
            _("“%(name)s” đã đăng ký trong kỳ đánh giá năm %(year)s; hãy sửa bản đăng ký đã có.")
            % {"name": subject.name, "year": cycle.year}
        )
    rule = _cycle_rule(cycle, subject.subject_type)
    registration = Registration.objects.create(
        cycle=cycle,
        subject=subject,
        registered_on=registered_on,
        party_resolution_on=party_resolution_on,
        plan_ref=plan_ref,
        households_total=households_total,
        households_signed=households_signed,
        is_late=rules.is_late(registered_on, rule.registration_deadline),
        note=note,
        created_by=by,
    )
    log_action(
        registration,
        "assessments.registration.created",
        actor=by,
        data={**_registration_data(registration), "deadline": rule.registration_deadline.isoformat()},
    )
    tallies.refresh_tallies(cycle, [subject.commune_id])
    return registration


@transaction.atomic
def update_registration(
    registration: Registration,
    *,
    by: User,
    registered_on: dt.date,
    party_resolution_on: dt.date | None = None,
    plan_ref: str = "",
    households_total: int | None = None,
    households_signed: int | None = None,
    note: str = "",
) -> Registration:
    """Correct a registration while its cycle is open; lateness is re-judged only if the date changed."""
    registration = (
        Registration.objects.select_for_update().select_related("cycle", "subject").get(pk=registration.pk)
    )
    _require_open(registration.cycle)
    plan_ref, note = plan_ref.strip(), note.strip()
    _check_registration(
        registration.subject,
        registration.cycle,
        registered_on=registered_on,
        party_resolution_on=party_resolution_on,
        plan_ref=plan_ref,
        households_total=households_total,
        households_signed=households_signed,
        note=note,
    )
    before = _registration_data(registration)
    if registered_on != registration.registered_on:
        rule = _cycle_rule(registration.cycle, registration.subject.subject_type)
        registration.is_late = rules.is_late(registered_on, rule.registration_deadline)
    registration.registered_on = registered_on
    registration.party_resolution_on = party_resolution_on
    registration.plan_ref = plan_ref
    registration.households_total = households_total
    registration.households_signed = households_signed
    registration.note = note
    registration.save()
    after = _registration_data(registration)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    log_action(registration, "assessments.registration.updated", actor=by, data={"changed": changed})
    tallies.refresh_tallies(registration.cycle, [registration.subject.commune_id])
    return registration


@transaction.atomic
def withdraw_registration(registration: Registration, *, by: User, reason: str = "") -> None:
    """Remove a registration made in error, while its cycle is open; the audit log keeps a copy."""
    registration = (
        Registration.objects.select_for_update().select_related("cycle", "subject").get(pk=registration.pk)
    )
    _require_open(registration.cycle)
    _refuse_nul(reason)
    log_action(
        registration,
        "assessments.registration.withdrawn",
        actor=by,
        data={**_registration_data(registration), "reason": reason.strip()},
    )
    registration.delete()
    tallies.refresh_tallies(registration.cycle, [registration.subject.commune_id])


@transaction.atomic
def record_event(
    subject: Subject,
    *,
    by: User,
    occurred_on: dt.date,
    category: str,
    description: str,
) -> DisqualifyingEvent:
    """Record an incident that makes the subject fail the standard for the window it falls in."""
    description = description.strip()
    _refuse_nul(description)
    if category not in DisqualifyingEvent.Category.values:
        raise DomainError(_("Loại vụ việc không hợp lệ."))
    if not description:
        raise DomainError(_("Hãy mô tả vụ việc."))
    if len(description) > 2000:
        raise DomainError(_("Mô tả vụ việc không quá 2.000 ký tự."))
    if occurred_on > timezone.localdate():
        raise DomainError(_("Ngày xảy ra không được sau ngày hôm nay."))
    event = DisqualifyingEvent.objects.create(
        subject=subject,
        occurred_on=occurred_on,
        category=category,
        description=description,
        recorded_by=by,
    )
    log_action(
        event,
        "assessments.event.recorded",
        actor=by,
        data={"subject": subject.name, "occurred_on": occurred_on.isoformat(), "category": category},
    )
    return event


@transaction.atomic
def delete_event(event: DisqualifyingEvent, *, by: User, reason: str = "") -> None:
    """Delete an incident recorded in error; the audit log keeps what it said and who deleted it."""
    event = DisqualifyingEvent.objects.select_for_update().select_related("subject").get(pk=event.pk)
    _refuse_nul(reason)
    log_action(
        event,
        "assessments.event.deleted",
        actor=by,
        data={
            "subject": event.subject.name,
            "occurred_on": event.occurred_on.isoformat(),
            "category": event.category,
            "description": event.description,
            "recorded_by": event.recorded_by.get_username() if event.recorded_by else "",
            "reason": reason.strip(),
        },
    )
    event.delete()


# --- Cycles, criteria sets and thresholds (national administrator) ----------------------------------

CYCLE_DATE_FIELDS = (
    "registration_start",
    "registration_end",
    "self_assessment_start",
    "review_end",
    "decision_end",
)
RULE_DATE_FIELDS = ("window_start", "window_end", "registration_deadline", "decision_deadline")
RULE_FIELDS = (*RULE_DATE_FIELDS, "standard_set", "score_sheet")


def _require_manager(by: User | None) -> None:
    # by=None is the system itself (the seed command); people must be national administrators.
    if by is not None and not can_manage_cycles(by):
        raise DomainError(_("Chỉ quản trị toàn quốc được thay đổi kỳ đánh giá và bộ tiêu chí."))


def _actor(by: User | None) -> dict[str, Any]:
    return {"actor": by} if by is not None else {"actor_username": "hệ thống"}


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29/02 becomes 28/02 in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _latest_set(code: str) -> CriteriaSet | None:
    return CriteriaSet.objects.filter(code=code, province__isnull=True).order_by("-version").first()


@transaction.atomic
def open_cycle(year: int, *, by: User | None) -> Cycle:
    """Open the cycle of `year`, copying dates, rules and criteria sets from the latest earlier cycle."""
    from antq.assessments import seed

    _require_manager(by)
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm không hợp lệ."))
    if Cycle.objects.select_for_update().filter(year=year).exists():
        raise DomainError(_("Kỳ đánh giá năm %(year)s đã có.") % {"year": year})
    previous = Cycle.objects.filter(year__lt=year).order_by("-year").first()
    if previous is not None:
        diff = year - previous.year
        cycle = Cycle.objects.create(
            year=year,
            status=Cycle.Status.OPEN,
            copied_from=previous,
            opened_by=by,
            **{f: shift_years(getattr(previous, f), diff) for f in CYCLE_DATE_FIELDS},
        )
        CycleRule.objects.bulk_create(
            CycleRule(
                cycle=cycle,
                subject_type=rule.subject_type,
                standard_set_id=rule.standard_set_id,
                score_sheet_id=rule.score_sheet_id,
                **{f: shift_years(getattr(rule, f), diff) for f in RULE_DATE_FIELDS},
            )
            for rule in previous.rules.all()
        )
    else:
        defaults = seed.DEFAULT_CYCLE
        cycle = Cycle.objects.create(
            year=year,
            status=Cycle.Status.OPEN,
            opened_by=by,
            **{f: seed.default_date(year, spec) for f, spec in defaults["phases"].items()},
        )
        CycleRule.objects.bulk_create(
            CycleRule(
                cycle=cycle,
                subject_type=subject_type,
                standard_set=_latest_set(seed.standard_code(subject_type)),
                score_sheet=_latest_set(seed.sheet_code(subject_type)),
                **{f: seed.default_date(year, spec) for f, spec in dates.items()},
            )
            for subject_type, dates in defaults["rules"].items()
        )
    log_action(
        cycle,
        "assessments.cycle.opened",
        data={"year": year, "copied_from": previous.year if previous else None},
        **_actor(by),
    )
    tallies.rebuild_tallies(cycle)  # the subjects are counted from day one
    return cycle


def _check_rule(rule: CycleRule) -> None:
    if rule.window_start >= rule.window_end:
        raise DomainError(_("Ngày bắt đầu kỳ đánh giá phải trước ngày kết thúc."))
    if not rule.window_start <= rule.registration_deadline <= rule.window_end:
        raise DomainError(_("Hạn đăng ký phải nằm trong kỳ đánh giá."))
    if rule.decision_deadline < rule.window_end:
        raise DomainError(_("Hạn hoàn thành xét, công nhận không được trước ngày kết thúc kỳ đánh giá."))
    for field, kind in (
        ("standard_set", CriteriaSet.Kind.STANDARD),
        ("score_sheet", CriteriaSet.Kind.SCORE_SHEET),
    ):
        chosen: CriteriaSet | None = getattr(rule, field)
        if chosen is not None and (chosen.kind != kind or chosen.subject_type != rule.subject_type):
            raise DomainError(
                _("Bộ tiêu chí “%(name)s” không dùng được cho %(type)s.")
                % {"name": chosen.name, "type": SubjectType(rule.subject_type).label}
            )


@transaction.atomic
def update_cycle_rule(rule: CycleRule, *, by: User, **fields: Any) -> CycleRule:
    """Change the window, deadlines or criteria sets of one subject type in one cycle."""
    _require_manager(by)
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise DomainError(_("Không sửa được trường: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    rule = CycleRule.objects.select_for_update().select_related("cycle").get(pk=rule.pk)
    refuse_closed(rule.cycle)
    changes: dict[str, list[str | None]] = {}
    for name, value in fields.items():
        old = getattr(rule, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(rule, name, value)
    _check_rule(rule)
    if changes:
        rule.save()
        log_action(rule, "assessments.cycle_rule.updated", actor=by, data={"changes": changes})
    return rule


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _sheet_problems(criteria_set: CriteriaSet) -> list[str]:
    """Consistency of a score sheet as a whole (rules.sheet_problems); empty when it is valid."""
    if criteria_set.kind != CriteriaSet.Kind.SCORE_SHEET:
        return []
    specs = [
        rules.CriterionSpec(c.code, c.max_points, c.parent.code if c.parent else None)
        for c in criteria_set.criteria.select_related("parent")
    ]
    return rules.sheet_problems(specs, criteria_set.max_total)


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _refuse_if_invalid(criteria_set: CriteriaSet) -> None:
    problems = _sheet_problems(criteria_set)
    if problems:
        raise DomainError(
            _("Không lưu được vì bộ tiêu chí sẽ không hợp lệ: %(p)s") % {"p": " ".join(problems)}
        )


@transaction.atomic
def update_criterion(
    criterion: Criterion, *, by: User, text: str | None = None, max_points: Decimal | None = None
) -> Criterion:
    """Edit a criterion's text or maximum points; the whole set must still add up afterwards."""
    _require_manager(by)
    criterion = Criterion.objects.select_for_update().select_related("criteria_set").get(pk=criterion.pk)
    refuse_frozen(criterion.criteria_set)
    changes: dict[str, list[str | None]] = {}
    if text is not None:
        text = text.strip()
        if not text:
            raise DomainError(_("Nội dung tiêu chí không được để trống."))
        if text != criterion.text:
            changes["text"] = [criterion.text, text]
            criterion.text = text
    if max_points is not None:
        if criterion.criteria_set.kind != CriteriaSet.Kind.SCORE_SHEET:
            raise DomainError(_("Tiêu chuẩn TT 124 đánh giá đạt/không đạt, không có điểm."))
        if max_points < 0:
            raise DomainError(_("Điểm tối đa không được âm."))
        if max_points != criterion.max_points:
            changes["max_points"] = [_plain(criterion.max_points), _plain(max_points)]
            criterion.max_points = max_points
    if not changes:
        return criterion
    criterion.save()
    _refuse_if_invalid(criterion.criteria_set)
    log_action(criterion, "assessments.criterion.updated", actor=by, data={"changes": changes})
    return criterion


def check_thresholds(values: dict[str, Decimal | None], max_total: Decimal | None) -> None:
    """Thresholds entered must lie in 0…max and strictly decrease from Xuất sắc to Yếu (None: not yet)."""
    filled = [rules.Threshold(c, v) for c, v in values.items() if v is not None]
    if filled:
        rules.validate_thresholds(filled)
    for t in filled:
        if max_total is not None and t.min_points is not None and t.min_points > max_total:
            raise DomainError(
                _("Điểm tối thiểu mức “%(c)s” không được vượt tổng điểm tối đa %(max)s.")
                % {"c": MovementClass(t.movement_class).label, "max": _num(max_total)}
            )


@transaction.atomic
def set_thresholds(criteria_set: CriteriaSet, values: dict[str, Decimal | None], *, by: User) -> CriteriaSet:
    """Set the minimum points of each class on a score sheet (None keeps a class unconfirmed)."""
    _require_manager(by)
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if criteria_set.kind != CriteriaSet.Kind.SCORE_SHEET:
        raise DomainError(_("Chỉ bảng chấm điểm QĐ 510 có ngưỡng phân loại."))
    refuse_frozen(criteria_set)
    unknown = set(values) - set(MovementClass.values)
    if unknown:
        raise DomainError(_("Mức phân loại không hợp lệ: %(c)s.") % {"c": ", ".join(sorted(unknown))})
    check_thresholds(values, criteria_set.max_total)
    changes: dict[str, list[str | None]] = {}
    for movement_class, value in values.items():
        threshold, _created = ClassThreshold.objects.get_or_create(
            criteria_set=criteria_set, movement_class=movement_class
        )
        if threshold.min_points != value:
            changes[movement_class] = [_plain(threshold.min_points), _plain(value)]
            threshold.min_points = value
            threshold.save()
    if changes:
        log_action(criteria_set, "assessments.thresholds.updated", actor=by, data={"changes": changes})
    return criteria_set


Confirmable = CriteriaSet | Criterion | ClassThreshold | ClassCap | DeductionRule | AuthorityRule


@transaction.atomic
def confirm_item(obj: Confirmable, *, by: User) -> Confirmable:
    """A national administrator checked the item against the legal text: drop its "cần xác minh" mark."""
    if not can_manage_cycles(by):
        raise DomainError(_("Chỉ quản trị toàn quốc được xác nhận nội dung đã đối chiếu văn bản."))
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if isinstance(obj, Criterion) and obj.text.startswith("Nội dung cần xác minh"):
        raise DomainError(_("Hãy nhập nội dung tiêu chí theo văn bản trước khi xác nhận."))
    if isinstance(obj, ClassThreshold) and obj.min_points is None:
        raise DomainError(_("Hãy nhập điểm tối thiểu trước khi xác nhận ngưỡng phân loại."))
    if not obj.needs_verification:
        return obj
    obj.needs_verification = False
    obj.save(update_fields=["needs_verification"])
    log_action(obj, "assessments.item.confirmed", actor=by, data={"model": obj._meta.model_name})
    return obj


# --- Year-end self-assessment (commune officers, for the commune and its participants) ------------


def _require_registered(subject: Subject, cycle: Cycle) -> None:
    if not Registration.objects.filter(cycle=cycle, subject=subject).exists():
        raise DomainError(
            _(
                "“%(name)s” chưa đăng ký phấn đấu trong kỳ đánh giá năm %(year)s nên không tự đánh giá "
                "được; hãy đăng ký trước."
            )
            % {"name": subject.name, "year": cycle.year}
        )


def _lock_assessment(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("cycle", "subject").get(pk=assessment.pk)


def _require_editable(assessment: Assessment) -> None:
    if assessment.status not in (Assessment.Status.DRAFT, Assessment.Status.RETURNED):
        raise DomainError(
            _("Hồ sơ tự đánh giá đang ở trạng thái “%(status)s”, không sửa được.")
            % {"status": assessment.get_status_display()}
        )


def _clean_note(note: str, code: str) -> str:
    note = (note or "").strip()
    _refuse_nul(note)
    if len(note) > 2000:
        raise DomainError(_("Ghi chú của tiêu chí %(code)s không quá 2.000 ký tự.") % {"code": code})
    return note


@transaction.atomic
def start_assessment(subject: Subject, cycle: Cycle, *, by: User) -> Assessment:
    """Open (or return) the subject's draft self-assessment with an empty row for every criterion."""
    subject = Subject.objects.select_for_update().get(pk=subject.pk)
    cycle = Cycle.objects.get(pk=cycle.pk)
    _require_open(cycle)
    _require_registered(subject, cycle)
    rule = _cycle_rule(cycle, subject.subject_type)
    if rule.standard_set_id is None and rule.score_sheet_id is None:
        raise DomainError(
            _("Kỳ đánh giá năm %(year)s chưa có bộ tiêu chí cho loại đối tượng “%(type)s”.")
            % {"year": cycle.year, "type": SubjectType(subject.subject_type).label}
        )
    assessment, created = Assessment.objects.get_or_create(cycle=cycle, subject=subject)
    assessment = _lock_assessment(assessment)
    if assessment.status not in (Assessment.Status.DRAFT, Assessment.Status.RETURNED):
        return assessment  # sent on: its rows and numbers are frozen
    standard = Criterion.objects.filter(criteria_set_id=rule.standard_set_id)
    StandardResult.objects.bulk_create(
        [StandardResult(assessment=assessment, criterion=c) for c in standard], ignore_conflicts=True
    )
    # Only leaves are scored; a parent's points are the sum of its sub-items.
    sheet = list(Criterion.objects.filter(criteria_set_id=rule.score_sheet_id))
    parents = {c.parent_id for c in sheet if c.parent_id is not None}
    Score.objects.bulk_create(
        [Score(assessment=assessment, criterion=c) for c in sheet if c.pk not in parents],
        ignore_conflicts=True,
    )
    recompute(assessment)
    if created:
        log_action(
            assessment,
            "assessments.assessment.started",
            actor=by,
            data={"cycle": cycle.year, "subject": subject.name},
        )
    tallies.refresh_tallies(cycle, [subject.commune_id])
    return assessment


@transaction.atomic
def save_standard_results(
    assessment: Assessment, results: dict[int, tuple[bool | None, str]], *, by: User
) -> Assessment:
    """Record met / not met and the evidence for TT 124 criteria (those the system computes excluded)."""
    assessment = _lock_assessment(assessment)
    _require_open(assessment.cycle)
    _require_editable(assessment)
    rows = {
        r.criterion_id: r
        for r in StandardResult.objects.filter(assessment=assessment).select_related("criterion")
    }
    unknown = sorted(str(cid) for cid in results if cid not in rows)
    if unknown:
        raise DomainError(
            _("Tiêu chí không thuộc bộ tiêu chuẩn của hồ sơ: %(ids)s.") % {"ids": ", ".join(unknown)}
        )
    changed: dict[str, list[Any]] = {}
    touched: list[StandardResult] = []
    for cid, (met, note) in results.items():
        row = rows[cid]
        code = row.criterion.code
        if row.criterion.check_type == Criterion.Check.AUTO:
            raise DomainError(_("Tiêu chí %(code)s do hệ thống tính, không nhập tay được.") % {"code": code})
        note = _clean_note(note, code)
        if row.met != met or row.note != note:
            changed[code] = [row.met, met]
            row.met, row.note = met, note
            touched.append(row)
    StandardResult.objects.bulk_update(touched, ["met", "note"])
    recompute(assessment)
    if touched:
        log_action(assessment, "assessments.assessment.standard_saved", actor=by, data={"changed": changed})
    return assessment


# --- Evidence attached to TT 124 criteria ------------------------------------------------------

# Detected from the file's content (magic numbers, OOXML parts), never from its name or the browser.
EVIDENCE_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
}
EVIDENCE_NAME_MAX = 255


def detect_evidence_type(head: bytes) -> str | None:
    """The MIME type of an accepted evidence file from its first bytes, or None if not accepted."""
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        return None
    return str(kind.mime)


def _evidence_name(name: str) -> str:
    # Only the last path component, printable, bounded: it is shown on pages and sent back on download.
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())
    if len(base) > EVIDENCE_NAME_MAX:
        stem, dot, ext = base.rpartition(".")
        keep = EVIDENCE_NAME_MAX - len(ext) - 1
        base = f"{stem[:keep]}.{ext}" if dot and 0 < len(ext) < 10 else base[:EVIDENCE_NAME_MAX]
    return base or "minh-chung"


def _evidence_result(assessment: Assessment, criterion_id: int) -> StandardResult:
    result = (
        StandardResult.objects.filter(assessment=assessment, criterion_id=criterion_id)
        .select_related("criterion")
        .first()
    )
    if result is None:
        raise DomainError(_("Tiêu chí không thuộc bộ tiêu chuẩn của hồ sơ: %(ids)s.") % {"ids": criterion_id})
    if result.criterion.check_type == Criterion.Check.AUTO:
        raise DomainError(
            _("Tiêu chí %(code)s do hệ thống tính, không cần tệp minh chứng.")
            % {"code": result.criterion.code}
        )
    return result


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


@transaction.atomic
def add_evidence(assessment: Assessment, criterion_id: int, upload: UploadedFile, *, by: User) -> Evidence:
    """Attach one file (PDF, JPEG, PNG, DOCX, XLSX by content) to a TT 124 criterion of an editable file."""
    assessment = _lock_assessment(assessment)
    _require_open(assessment.cycle)
    _require_editable(assessment)
    result = _evidence_result(assessment, criterion_id)
    code = result.criterion.code
    max_bytes: int = settings.ANTQ_EVIDENCE_MAX_BYTES
    max_files: int = settings.ANTQ_EVIDENCE_MAX_FILES
    size = upload.size or 0
    if size <= 0:
        raise DomainError(_("Tệp minh chứng trống."))
    if size > max_bytes:
        raise DomainError(
            _("Tệp “%(name)s” quá lớn (%(size)s MB); mỗi tệp minh chứng không quá %(max)s MB.")
            % {"name": _evidence_name(upload.name or ""), "size": _mb(size), "max": _mb(max_bytes)}
        )
    if Evidence.objects.filter(assessment=assessment, criterion_id=criterion_id).count() >= max_files:
        raise DomainError(
            _("Tiêu chí %(code)s đã có %(n)s tệp minh chứng, không thêm được nữa.")
            % {"code": code, "n": max_files}
        )
    upload.seek(0)
    content_type = detect_evidence_type(upload.read(8192))
    if content_type is None:
        raise DomainError(
            _(
                "Tệp “%(name)s” không phải PDF, ảnh JPEG/PNG, Word (.docx) hay Excel (.xlsx); "
                "hãy chọn tệp khác."
            )
            % {"name": _evidence_name(upload.name or "")}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        assessment=assessment,
        criterion_id=criterion_id,
        original_name=_evidence_name(upload.name or ""),
        size=size,
        content_type=content_type,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    # The file is written first and removed again if anything after it fails, so neither a row
    # without its file nor an orphan file is left behind.
    evidence.file.save("evidence", upload, save=False)
    stored = evidence.file.name or ""
    try:
        with transaction.atomic():
            evidence.save()
            log_action(
                assessment,
                "assessments.evidence.added",
                actor=by,
                data={
                    "criterion": code,
                    "evidence": evidence.pk,
                    "name": evidence.original_name,
                    "size": size,
                    "sha256": evidence.sha256,
                },
            )
    except BaseException:
        evidence.file.storage.delete(stored)
        raise
    return evidence


@transaction.atomic
def delete_evidence(evidence: Evidence, *, by: User) -> None:
    """Remove a file of an editable self-assessment; the stored file goes once the deletion commits."""
    assessment = _lock_assessment(evidence.assessment)
    _require_open(assessment.cycle)
    _require_editable(assessment)
    evidence = Evidence.objects.select_related("criterion").get(pk=evidence.pk, assessment=assessment)
    stored = evidence.file.name or ""
    data = {
        "criterion": evidence.criterion.code,
        "evidence": evidence.pk,
        "name": evidence.original_name,
        "sha256": evidence.sha256,
    }
    evidence.delete()
    log_action(assessment, "assessments.evidence.deleted", actor=by, data=data)
    storage = evidence.file.storage
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def save_scores(
    assessment: Assessment, scores: dict[int, tuple[Decimal | None, str]], *, by: User
) -> Assessment:
    """Record points for score-sheet leaves; one bad value refuses them all, so nothing is half saved."""
    assessment = _lock_assessment(assessment)
    _require_open(assessment.cycle)
    _require_editable(assessment)
    rows = {
        s.criterion_id: s for s in Score.objects.filter(assessment=assessment).select_related("criterion")
    }
    unknown = sorted(str(cid) for cid in scores if cid not in rows)
    if unknown:
        raise DomainError(
            _("Tiêu chí không thuộc bảng chấm của hồ sơ: %(ids)s.") % {"ids": ", ".join(unknown)}
        )
    problems: list[str] = []
    cleaned: dict[int, tuple[Decimal | None, str]] = {}
    for cid, (points, note) in scores.items():
        criterion = rows[cid].criterion
        try:
            rules.validate_points(rules.CriterionSpec(criterion.code, criterion.max_points), points)
            cleaned[cid] = (points, _clean_note(note, criterion.code))
        except DomainError as exc:
            problems.append(exc.message)
    if problems:
        raise DomainError(_("Chưa lưu điểm nào: %(p)s") % {"p": " ".join(problems)}, code="invalid_scores")
    changed: dict[str, list[str | None]] = {}
    touched: list[Score] = []
    for cid, (points, note) in cleaned.items():
        row = rows[cid]
        if row.points != points or row.note != note:
            if row.points != points:
                changed[row.criterion.code] = [_plain(row.points), _plain(points)]
            row.points, row.note = points, note
            touched.append(row)
    Score.objects.bulk_update(touched, ["points", "note"])
    recompute(assessment)
    if touched:
        log_action(
            assessment,
            "assessments.assessment.scores_saved",
            actor=by,
            data={"changed": changed, "total": _plain(assessment.total_points)},
        )
    return assessment


def recompute(assessment: Assessment) -> assessment_queries.Evaluation:
    """Store the standard result, total and proposed class that assessment_queries.evaluate works out."""
    evaluation = assessment_queries.evaluate(assessment)
    auto = [r.result for r in evaluation.standard_rows if r.is_auto]
    if auto:
        StandardResult.objects.bulk_update(auto, ["met", "note"])
    assessment.standard_met = evaluation.standard_met
    assessment.total_points = evaluation.total_points
    assessment.proposed_class = evaluation.proposed_class
    assessment.save(update_fields=["standard_met", "total_points", "proposed_class", "updated_at"])
    return evaluation


@transaction.atomic
def submit_assessment(assessment: Assessment, *, by: User) -> Assessment:
    """Send a complete self-assessment for review, within the phase; lateness is kept as a fact."""
    assessment = _lock_assessment(assessment)
    cycle, subject = assessment.cycle, assessment.subject
    if assessment.status not in (Assessment.Status.DRAFT, Assessment.Status.RETURNED):
        raise DomainError(
            _("Hồ sơ đã gửi (trạng thái “%(status)s”), không gửi lại được.")
            % {"status": assessment.get_status_display()}
        )
    _require_open(cycle)
    _require_registered(subject, cycle)
    today = timezone.localdate()
    if today < cycle.self_assessment_start:
        raise DomainError(
            _("Chưa đến thời gian gửi hồ sơ tự đánh giá (từ %(start)s).")
            % {"start": cycle.self_assessment_start.strftime("%d/%m/%Y")}
        )
    if today > cycle.review_end:
        raise DomainError(
            _("Đã hết thời hạn gửi hồ sơ tự đánh giá của kỳ năm %(year)s (hạn %(end)s).")
            % {"year": cycle.year, "end": cycle.review_end.strftime("%d/%m/%Y")}
        )
    rule = _cycle_rule(cycle, subject.subject_type)
    evaluation = recompute(assessment)
    missing = []
    if evaluation.missing_standard:
        missing.append(_("tiêu chuẩn %(codes)s") % {"codes": ", ".join(evaluation.missing_standard)})
    if evaluation.missing_scores:
        missing.append(_("điểm %(codes)s") % {"codes": ", ".join(evaluation.missing_scores)})
    if missing:
        raise DomainError(
            _("Chưa gửi được, hồ sơ còn thiếu: %(missing)s.") % {"missing": "; ".join(missing)},
            code="incomplete",
        )
    require_ready(assessment, "submit")
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.is_late = rules.is_late(today, rule.decision_deadline)
    assessment.save(update_fields=["status", "submitted_at", "is_late", "updated_at"])
    log_action(
        assessment,
        "assessments.assessment.submitted",
        actor=by,
        data={
            "cycle": cycle.year,
            "subject": subject.name,
            "standard_met": assessment.standard_met,
            "total_points": _plain(assessment.total_points),
            "proposed_class": assessment.proposed_class,
            "is_late": assessment.is_late,
            "deadline": rule.decision_deadline.isoformat(),
        },
    )
    tallies.refresh_tallies(cycle, [subject.commune_id])
    return assessment


# --- Readiness: a commune's own file waits for the decisions on its children --------------------


def _refuse_unready(readiness: rules.Readiness, step: str) -> None:
    """Refuse the `step` ("submit" or "approve") of a commune's file while children are undecided."""
    if readiness.ready:
        return
    if step == "submit":
        message = _(
            "Chưa thể gửi hồ sơ của xã: còn %(n)s/%(total)s đơn vị trực thuộc đã đăng ký (khu dân cư, cơ "
            "quan, doanh nghiệp, cơ sở giáo dục do xã công nhận) chưa có quyết định công nhận."
        )
    else:
        message = _(
            "Chưa thể thẩm định hồ sơ của xã: còn %(n)s/%(total)s đơn vị trực thuộc đã đăng ký (khu dân cư, "
            "cơ quan, doanh nghiệp, cơ sở giáo dục do xã công nhận) chưa có quyết định công nhận."
        )
    raise DomainError(message % {"n": readiness.pending, "total": readiness.children}, code="not_ready")


def require_ready(assessment: Assessment, step: str) -> None:
    """Refuse to `step` ("submit", "approve") a commune's own file while a registered child is undecided."""
    readiness = readiness_queries.readiness_of(assessment)
    if readiness is not None:
        _refuse_unready(readiness, step)


# --- Review up the hierarchy (thẩm định): return, approve, approve in batch, reopen -----------------

REVIEW_TEXT_MAX = 2000


def _lock_for_review(assessment: Assessment) -> Assessment:
    # Lock the row first: two reviewers acting at once are serialised, and the state is read afresh.
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("cycle", "subject__commune__parent")
        .get(pk=assessment.pk)
    )


def _review_text(text: str, *, required: bool, missing: str, label: str) -> str:
    text = (text or "").strip()
    _refuse_nul(text)
    if required and not text:
        raise DomainError(missing)
    if len(text) > REVIEW_TEXT_MAX:
        raise DomainError(
            _("%(label)s không được quá %(max)s ký tự.") % {"label": label, "max": REVIEW_TEXT_MAX}
        )
    return text


def _refuse_status(assessment: Assessment, allowed: str, verb: str) -> None:
    """Refuse unless the assessment is in `allowed`, saying which state it is in and what `verb` failed."""
    status = assessment.status
    if status == allowed:
        return
    if status == Assessment.Status.DECIDED:
        message = _("Hồ sơ đã có quyết định, không thể %(verb)s.")
    elif status == Assessment.Status.APPROVED:
        message = _("Hồ sơ đã được thẩm định, không thể %(verb)s.")
    elif status == Assessment.Status.RETURNED:
        message = _("Hồ sơ đã bị trả lại và chưa được gửi lại, không thể %(verb)s.")
    elif status == Assessment.Status.DRAFT:
        message = _("Hồ sơ chưa được gửi, không thể %(verb)s.")
    else:
        message = _("Hồ sơ đang chờ thẩm định, không thể %(verb)s.")
    raise DomainError(message % {"verb": verb}, code="wrong_status")


def _review_link(assessment: Assessment) -> str:
    return reverse("assessments:review", kwargs={"year": assessment.cycle.year, "pk": assessment.pk})


def _file_link(assessment: Assessment) -> str:
    """The commune's own page of the assessment (its officers cannot open the review of their commune)."""
    return reverse(
        "assessments:assessment",
        kwargs={
            "key": assessment.subject.commune.key,
            "year": assessment.cycle.year,
            "subject": assessment.subject_id,
        },
    )


def _commune_officers(commune_ids: set[int]) -> dict[int, list[User]]:
    """The active commune officers of each commune (one query): the people a review result concerns."""
    officers: dict[int, list[User]] = {pk: [] for pk in commune_ids}
    for assignment in RoleAssignment.objects.filter(
        role=Role.COMMUNE_OFFICER, unit_id__in=commune_ids, is_active=True, user__is_active=True
    ).select_related("user"):
        officers[assignment.unit_id].append(assignment.user)
    return officers


def _unit_officers(unit_id: int) -> list[User]:
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            role__in=REVIEWER_ROLES, unit_id=unit_id, is_active=True, user__is_active=True
        ).select_related("user")
    ]


def _review_data(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    return {"cycle": assessment.cycle.year, "subject": assessment.subject.name, **extra}


@transaction.atomic
def return_assessment(assessment: Assessment, *, by: User, reason: str) -> Assessment:
    """Send a submitted assessment back to its commune with the reason, so it can be corrected and resent."""
    assessment = _lock_for_review(assessment)
    refuse_closed(assessment.cycle)
    _refuse_status(assessment, Assessment.Status.SUBMITTED, _("trả lại"))
    require(can_review(by, assessment), _("Bạn không có quyền thẩm định hồ sơ này."))
    reason = _review_text(
        reason, required=True, missing=_("Vui lòng nhập lý do trả lại."), label=_("Lý do trả lại")
    )
    assessment.status = Assessment.Status.RETURNED
    assessment.return_reason = reason
    assessment.save(update_fields=["status", "return_reason", "updated_at"])
    log_action(
        assessment, "assessments.assessment.returned", actor=by, data=_review_data(assessment, reason=reason)
    )
    tallies.refresh_tallies(assessment.cycle, [assessment.subject.commune_id])
    notify(
        _commune_officers({assessment.subject.commune_id})[assessment.subject.commune_id],
        _("Hồ sơ “%(name)s” năm %(year)s bị trả lại: %(reason)s")
        % {"name": assessment.subject.name, "year": assessment.cycle.year, "reason": reason},
        _file_link(assessment),
        kind="assessments",
    )
    return assessment


def _approve_locked(assessment: Assessment, *, by: User, note: str, batch: bool = False) -> None:
    assessment.status = Assessment.Status.APPROVED
    assessment.approved_at = timezone.now()
    assessment.approved_by = by
    assessment.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    data = _review_data(assessment, note=note, total_points=_plain(assessment.total_points))
    if batch:
        data["batch"] = True
    log_action(assessment, "assessments.assessment.approved", actor=by, data=data)
    if not batch:  # a batch refreshes all its communes once
        tallies.refresh_tallies(assessment.cycle, [assessment.subject.commune_id])


def _approved_message(assessment: Assessment) -> str:
    return _("Hồ sơ “%(name)s” năm %(year)s đã được thẩm định.") % {
        "name": assessment.subject.name,
        "year": assessment.cycle.year,
    }


@transaction.atomic
def approve_assessment(assessment: Assessment, *, by: User, note: str = "") -> Assessment:
    """Approve a submitted assessment: its scores are locked and who approved it, when, is recorded."""
    assessment = _lock_for_review(assessment)
    refuse_closed(assessment.cycle)
    _refuse_status(assessment, Assessment.Status.SUBMITTED, _("thẩm định lại"))
    require(can_review(by, assessment), _("Bạn không có quyền thẩm định hồ sơ này."))
    require_ready(assessment, "approve")
    note = _review_text(note, required=False, missing="", label=_("Ý kiến thẩm định"))
    _approve_locked(assessment, by=by, note=note)
    notify(
        _commune_officers({assessment.subject.commune_id})[assessment.subject.commune_id],
        _approved_message(assessment),
        _file_link(assessment),
        kind="assessments",
    )
    return assessment


@dataclasses.dataclass
class BatchResult:
    """What a batch approval did: the approved assessments and, for each skipped one, why."""

    approved: list[Assessment] = dataclasses.field(default_factory=list)
    skipped: list[tuple[Assessment, str]] = dataclasses.field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.approved)


@transaction.atomic
def approve_batch(assessments: QuerySet[Assessment], *, by: User) -> BatchResult:
    """Approve, in one transaction, every submitted assessment of the selection the user may review."""
    # Lock in primary-key order so that two batches over overlapping selections cannot deadlock.
    locked = list(
        assessments.select_for_update(of=("self",))
        .select_related("cycle", "subject__commune__parent")
        .order_by("pk")
    )
    result = BatchResult()
    # Readiness of every commune file of the batch in one grouped query, not one per file.
    ready: dict[tuple[int, int], rules.Readiness] = {}
    commune_files = [a for a in locked if a.subject.subject_type == SubjectType.COMMUNE]
    for cycle in {a.cycle_id: a.cycle for a in commune_files}.values():
        ids = {a.subject.commune_id for a in commune_files if a.cycle_id == cycle.pk}
        for commune_id, state in readiness_queries.commune_readiness(cycle, ids).items():
            ready[cycle.pk, commune_id] = state
    for assessment in locked:
        try:
            refuse_closed(assessment.cycle)
            _refuse_status(assessment, Assessment.Status.SUBMITTED, _("thẩm định lại"))
            require(can_review(by, assessment), _("Bạn không có quyền thẩm định hồ sơ này."))
            if assessment.subject.subject_type == SubjectType.COMMUNE:
                _refuse_unready(ready[assessment.cycle_id, assessment.subject.commune_id], "approve")
        except DomainError as exc:
            result.skipped.append((assessment, exc.message))
            continue
        _approve_locked(assessment, by=by, note="", batch=True)
        result.approved.append(assessment)
    for cycle_id in sorted({a.cycle_id for a in result.approved}):
        tallies.refresh_tallies(
            cycle_id, {a.subject.commune_id for a in result.approved if a.cycle_id == cycle_id}
        )
    officers = _commune_officers({a.subject.commune_id for a in result.approved})
    for assessment in result.approved:
        notify(
            officers[assessment.subject.commune_id],
            _approved_message(assessment),
            _file_link(assessment),
            kind="assessments",
        )
    return result


@transaction.atomic
def reopen_assessment(assessment: Assessment, *, by: User, reason: str) -> Assessment:
    """Take back an approval (approved → submitted): by a level above the reviewer unit, with a reason."""
    assessment = _lock_for_review(assessment)
    refuse_closed(assessment.cycle)
    if assessment.status == Assessment.Status.DECIDED:
        raise DomainError(_("Hồ sơ đã có quyết định, không thể mở lại."), code="wrong_status")
    if assessment.status != Assessment.Status.APPROVED:
        raise DomainError(_("Chỉ mở lại được hồ sơ đã thẩm định."), code="wrong_status")
    require(
        can_reopen_level(by, assessment),
        _("Chỉ cấp trên của đơn vị thẩm định mới được mở lại hồ sơ đã thẩm định."),
    )
    reason = _review_text(
        reason, required=True, missing=_("Vui lòng nhập lý do mở lại."), label=_("Lý do mở lại")
    )
    reviewer = reviewer_unit(assessment)
    previous_by = assessment.approved_by_id
    assessment.status = Assessment.Status.SUBMITTED
    assessment.approved_at = None
    assessment.approved_by = None
    assessment.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    log_action(
        assessment,
        "assessments.assessment.reopened",
        actor=by,
        data=_review_data(assessment, reason=reason, previously_approved_by=previous_by),
    )
    tallies.refresh_tallies(assessment.cycle, [assessment.subject.commune_id])
    commune_id = assessment.subject.commune_id
    message = _("Hồ sơ “%(name)s” năm %(year)s được mở lại để thẩm định lại: %(reason)s") % {
        "name": assessment.subject.name,
        "year": assessment.cycle.year,
        "reason": reason,
    }
    # The reviewers are sent to the review page; the commune (if not itself the reviewer) to its file.
    reviewers = _unit_officers(reviewer.pk)
    notify(reviewers, message, _review_link(assessment), kind="assessments")
    seen = {user.pk for user in reviewers}
    commune_officers = [u for u in _commune_officers({commune_id})[commune_id] if u.pk not in seen]
    notify(commune_officers, message, _file_link(assessment), kind="assessments")
    return assessment


# --- Recognition decisions (quyết định công nhận, NĐ 30/2020 numbering) ---------------------------

DECISION_MAX = 500
# Stored on every decision (domain 01 §12): the circular and its 2025 amendment.
TT124_BASIS = doc_format.TT124_BASIS


def _decision_link(decision: Decision) -> str:
    return reverse("assessments:decision", kwargs={"year": decision.cycle.year, "pk": decision.pk})


def _next_number(issuer: Unit, year: int) -> int:
    """The next number of the issuer's yearly series; the issuer row is locked so two issues serialise."""
    Unit.objects.select_for_update().filter(pk=issuer.pk).exists()
    last = Decision.objects.filter(issuer=issuer, year=year).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def decide(
    assessments: Iterable[Assessment],
    *,
    by: User,
    issued_on: dt.date,
    signer_name: str = "",
    signer_title: str = "",
    replaces: Decision | None = None,
) -> Decision:
    """Issue one recognition decision for approved assessments of one cycle and one deciding unit.

    With `replaces`, the new decision corrects a revoked one of the same issuer and cycle (and says so).
    """
    ids = sorted({a.pk for a in assessments})
    if not ids:
        raise DomainError(_("Chưa chọn hồ sơ nào để ra quyết định."))
    if len(ids) > DECISION_MAX:
        raise DomainError(_("Mỗi quyết định không quá %(n)s hồ sơ.") % {"n": DECISION_MAX})
    signer_name, signer_title = (signer_name or "").strip(), (signer_title or "").strip()
    _refuse_nul(signer_name, signer_title)
    if len(signer_name) > 150 or len(signer_title) > 150:
        raise DomainError(_("Họ tên, chức vụ người ký không được quá 150 ký tự."))
    # Lock in primary-key order (as approve_batch) so overlapping selections cannot deadlock.
    locked = list(
        Assessment.objects.visible_to(by)
        .filter(pk__in=ids)
        .select_for_update(of=("self",))
        .select_related("cycle", "subject__commune__parent")
        .order_by("pk")
    )
    if len(locked) != len(ids):
        raise DomainError(_("Có hồ sơ không tìm thấy hoặc không thuộc phạm vi của bạn."))
    cycles = {a.cycle_id for a in locked}
    if len(cycles) != 1:
        raise DomainError(_("Các hồ sơ trong một quyết định phải cùng một kỳ đánh giá."))
    rules_in_force: dict[int, AuthorityRule] = {}
    issuers: dict[int, Unit] = {}
    for assessment in locked:
        if assessment.status == Assessment.Status.DECIDED:
            raise DomainError(
                _("Hồ sơ “%(name)s” đã có quyết định.") % {"name": assessment.subject.name},
                code="wrong_status",
            )
        if assessment.status != Assessment.Status.APPROVED:
            raise DomainError(
                _("Hồ sơ “%(name)s” chưa được thẩm định, chưa thể ra quyết định.")
                % {"name": assessment.subject.name},
                code="wrong_status",
            )
        rule = authority_rule(assessment)
        unit = decider_unit(assessment)
        if rule is None or unit is None:
            raise DomainError(
                _("Chưa có quy định thẩm quyền quyết định cho hồ sơ “%(name)s”.")
                % {"name": assessment.subject.name}
            )
        rules_in_force[assessment.pk] = rule
        issuers[unit.pk] = unit
    if len(issuers) != 1:
        raise DomainError(_("Các hồ sơ trong một quyết định phải do cùng một cấp, một đơn vị quyết định."))
    symbols = {rule.doc_symbol for rule in rules_in_force.values()}
    if len(symbols) != 1:
        raise DomainError(_("Các hồ sơ trong một quyết định phải cùng một loại văn bản (ký hiệu)."))
    for assessment in locked:
        require(
            can_decide(by, assessment),
            _("Bạn không có quyền ra quyết định công nhận cho hồ sơ “%(name)s”.")
            % {"name": assessment.subject.name},
        )
    issuer = next(iter(issuers.values()))
    cycle = locked[0].cycle
    refuse_closed(cycle)
    # A child's decision may have been revoked since the commune was approved: check again, grouped.
    communes = {a.subject.commune_id for a in locked if a.subject.subject_type == SubjectType.COMMUNE}
    for commune_id, readiness in readiness_queries.commune_readiness(cycle, communes).items():
        if not readiness.ready:
            name = next(a.subject.name for a in locked if a.subject.commune_id == commune_id)
            raise DomainError(
                _(
                    "Chưa thể ra quyết định cho “%(name)s”: còn %(n)s/%(total)s đơn vị trực thuộc đã đăng ký "
                    "chưa có quyết định công nhận."
                )
                % {"name": name, "n": readiness.pending, "total": readiness.children},
                code="not_ready",
            )
    if replaces is not None:
        replaces = _replaceable(replaces, issuer=issuer, cycle=cycle)
    symbol = symbols.pop()
    rule = next(iter(rules_in_force.values()))
    name = doc_format.issuer_name(symbol, rule.decider_body, issuer.name)
    labels = [
        str(SubjectType(t).label)
        for t in SubjectType.values
        if any(a.subject.subject_type == t and a.standard_met is True for a in locked)
    ]
    decision = Decision.objects.create(
        cycle=cycle,
        issuer=issuer,
        issuer_name=name,
        year=issued_on.year,
        number=_next_number(issuer, issued_on.year),
        symbol=symbol,
        issued_on=issued_on,
        place=doc_format.place_name(issuer.name),
        subject_line=doc_format.subject_line(labels, cycle.year),
        legal_basis=TT124_BASIS,
        signer_name=signer_name,
        signer_title=signer_title,
        created_by=by,
        replaces=replaces,
    )
    now = timezone.now()
    for assessment in locked:
        assessment.status = Assessment.Status.DECIDED
        assessment.decided_at = now
        assessment.recognised = assessment.standard_met is True
        assessment.decided_class = assessment.proposed_class
        assessment.decision = decision
        assessment.save(
            update_fields=["status", "decided_at", "recognised", "decided_class", "decision", "updated_at"]
        )
        log_action(
            assessment,
            "assessments.assessment.decided",
            actor=by,
            data=_review_data(
                assessment,
                decision=decision.display_number,
                recognised=assessment.recognised,
                decided_class=assessment.decided_class,
            ),
        )
    log_action(
        decision,
        "assessments.decision.issued",
        actor=by,
        data={
            "number": decision.display_number,
            "issuer": issuer.name,
            "issued_on": issued_on.isoformat(),
            "assessments": ids,
            "replaces": replaces.display_number if replaces is not None else None,
        },
    )
    tallies.refresh_tallies(cycle, {a.subject.commune_id for a in locked})
    officers = _commune_officers({a.subject.commune_id for a in locked})
    for assessment in locked:
        verdict = (
            _("được công nhận đạt tiêu chuẩn “An toàn về an ninh, trật tự”")
            if assessment.recognised
            else _("không được công nhận đạt tiêu chuẩn")
        )
        notify(
            officers[assessment.subject.commune_id],
            _("“%(name)s” năm %(year)s %(verdict)s (Quyết định số %(number)s).")
            % {
                "name": assessment.subject.name,
                "year": cycle.year,
                "verdict": verdict,
                "number": decision.display_number,
            },
            _file_link(assessment),
            kind="assessments",
        )
    return decision


# --- Revoking and correcting a decision; closing a cycle; freezing criteria sets ------------------


def refuse_closed(cycle: Cycle) -> None:
    """A closed cycle's registrations, assessments, decisions and rules no longer change."""
    if cycle.status == Cycle.Status.CLOSED:
        raise DomainError(
            _("Kỳ đánh giá năm %(year)s đã kết thúc, không thay đổi được.") % {"year": cycle.year},
            code="cycle_closed",
        )


def _replaceable(replaces: Decision, *, issuer: Unit, cycle: Cycle) -> Decision:
    """The revoked decision a new one corrects: same issuer and cycle, not corrected twice."""
    replaces = Decision.objects.select_for_update().get(pk=replaces.pk)
    if replaces.status != Decision.Status.REVOKED:
        raise DomainError(
            _("Chỉ thay thế được quyết định đã thu hồi; hãy thu hồi Quyết định số %(number)s trước.")
            % {"number": replaces.display_number}
        )
    if replaces.issuer_id != issuer.pk or replaces.cycle_id != cycle.pk:
        raise DomainError(
            _(
                "Quyết định thay thế phải do cùng đơn vị ban hành, trong cùng kỳ đánh giá với quyết định "
                "bị thay thế."
            )
        )
    if Decision.objects.filter(replaces=replaces, status=Decision.Status.ISSUED).exists():
        raise DomainError(
            _("Quyết định số %(number)s đã có quyết định thay thế.") % {"number": replaces.display_number}
        )
    return replaces


def _entry(assessment: Assessment) -> dict[str, Any]:
    """One line of a decision as it stood, kept on the decision when it is revoked."""
    return {
        "assessment": assessment.pk,
        "subject": assessment.subject.name,
        "subject_type": assessment.subject.subject_type,
        "commune": assessment.subject.commune.name,
        "recognised": assessment.recognised,
        "decided_class": assessment.decided_class,
        "total_points": _plain(assessment.total_points),
    }


@transaction.atomic
def revoke_decision(decision: Decision, *, by: User, reason: str) -> Decision:
    """Revoke an issued decision: its files go back to "approved", its number stays used (NĐ 30)."""
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("cycle", "issuer").get(pk=decision.pk)
    )
    if decision.status == Decision.Status.REVOKED:
        raise DomainError(
            _("Quyết định số %(number)s đã bị thu hồi.") % {"number": decision.display_number},
            code="wrong_status",
        )
    require(
        can_revoke_decision(by, decision),
        _("Chỉ đơn vị ban hành quyết định hoặc cấp trên mới được thu hồi quyết định."),
    )
    refuse_closed(decision.cycle)
    reason = _review_text(
        reason, required=True, missing=_("Vui lòng nhập lý do thu hồi."), label=_("Lý do thu hồi")
    )
    locked = list(
        Assessment.objects.filter(decision=decision)
        .select_for_update(of=("self",))
        .select_related("cycle", "subject__commune")
        .order_by("pk")
    )
    decision.revoked_entries = [_entry(a) for a in locked]
    decision.status = Decision.Status.REVOKED
    decision.revoked_at = timezone.now()
    decision.revoked_by = by
    decision.revoke_reason = reason
    decision.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason", "revoked_entries"])
    for assessment in locked:
        before = {"recognised": assessment.recognised, "decided_class": assessment.decided_class}
        assessment.status = Assessment.Status.APPROVED
        assessment.decided_at = None
        assessment.recognised = None
        assessment.decided_class = ""
        assessment.decision = None
        assessment.save(
            update_fields=["status", "decided_at", "recognised", "decided_class", "decision", "updated_at"]
        )
        log_action(
            assessment,
            "assessments.assessment.decision_revoked",
            actor=by,
            data=_review_data(assessment, decision=decision.display_number, reason=reason, before=before),
        )
    tallies.refresh_tallies(decision.cycle, {a.subject.commune_id for a in locked})
    log_action(
        decision,
        "assessments.decision.revoked",
        actor=by,
        data={"number": decision.display_number, "reason": reason, "assessments": [a.pk for a in locked]},
    )
    officers = _commune_officers({a.subject.commune_id for a in locked})
    for assessment in locked:
        notify(
            officers[assessment.subject.commune_id],
            _("Quyết định số %(number)s công nhận “%(name)s” năm %(year)s đã bị thu hồi: %(reason)s")
            % {
                "number": decision.display_number,
                "name": assessment.subject.name,
                "year": assessment.cycle.year,
                "reason": reason,
            },
            _file_link(assessment),
            kind="assessments",
        )
    return decision


@transaction.atomic
def close_cycle(cycle: Cycle, *, by: User) -> Cycle:
    """End an open cycle (national admin): its registrations, files, decisions and rules freeze."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not can_manage_cycles(by):
        raise DomainError(_("Chỉ quản trị toàn quốc được kết thúc kỳ đánh giá."))
    if not can_close_cycle(by, cycle):
        raise DomainError(
            _("Chỉ kết thúc được kỳ đánh giá đang diễn ra (kỳ năm %(year)s đang ở trạng thái “%(status)s”).")
            % {"year": cycle.year, "status": cycle.get_status_display()},
            code="wrong_status",
        )
    undecided = dict(
        Assessment.objects.filter(cycle=cycle)
        .exclude(status=Assessment.Status.DECIDED)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    cycle.status = Cycle.Status.CLOSED
    cycle.save(update_fields=["status"])
    log_action(cycle, "assessments.cycle.closed", actor=by, data={"year": cycle.year, "undecided": undecided})
    return cycle


def criteria_set_in_use(criteria_set: CriteriaSet) -> str:
    """Why editing `criteria_set` would change past results (empty when it may still be edited).

    A set is frozen once a closed cycle uses it, or once any assessment scored against it was sent
    (submitted, approved, decided, or sent and returned): its rows point at these very criteria.
    """
    rule_uses = Q(standard_set=criteria_set) | Q(score_sheet=criteria_set)
    closed = CycleRule.objects.filter(rule_uses, cycle__status=Cycle.Status.CLOSED).order_by("-cycle__year")
    year = closed.values_list("cycle__year", flat=True).first()
    if year is not None:
        return _("Bộ tiêu chí đã dùng cho kỳ đánh giá năm %(year)s (đã kết thúc).") % {"year": year}
    sent = Q(assessment__submitted_at__isnull=False)
    if (
        StandardResult.objects.filter(sent, criterion__criteria_set=criteria_set).exists()
        or Score.objects.filter(sent, criterion__criteria_set=criteria_set).exists()
    ):
        return _("Bộ tiêu chí đã dùng cho hồ sơ tự đánh giá đã gửi.")
    return ""


def refuse_frozen(criteria_set: CriteriaSet) -> None:
    """Refuse to edit a set whose criteria or thresholds already decided results; offer a new version."""
    reason = criteria_set_in_use(criteria_set)
    if reason:
        raise DomainError(
            _(
                "%(reason)s Sửa tiêu chí, điểm hoặc ngưỡng sẽ làm thay đổi kết quả đã có; hãy tạo phiên bản "
                "mới của bộ tiêu chí và sửa trên phiên bản đó."
            )
            % {"reason": reason},
            code="criteria_frozen",
        )


SENT = (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED, Assessment.Status.DECIDED)


def _copy_criteria(source: CriteriaSet, copy: CriteriaSet) -> dict[int, int]:
    """Copy the criteria tree of `source` into `copy`, parents first; old pk -> new pk."""
    moved: dict[int, int] = {}
    pending = list(Criterion.objects.filter(criteria_set=source).order_by("order", "code", "pk"))
    while pending:
        later = []
        for c in pending:
            if c.parent_id is not None and c.parent_id not in moved:
                later.append(c)
                continue
            moved[c.pk] = Criterion.objects.create(
                criteria_set=copy,
                parent_id=moved[c.parent_id] if c.parent_id is not None else None,
                code=c.code,
                order=c.order,
                text=c.text,
                max_points=c.max_points,
                check_type=c.check_type,
                auto_rule=c.auto_rule,
                params=c.params,
                needs_verification=c.needs_verification,
                source_ref=c.source_ref,
            ).pk
        if len(later) == len(pending):
            raise DomainError(_("Cây tiêu chí có vòng lặp cha – con, không sao chép được."))
        pending = later
    return moved


@transaction.atomic
def new_criteria_version(criteria_set: CriteriaSet, *, by: User) -> CriteriaSet:
    """Copy a set (criteria tree, thresholds, caps, deductions) as version+1 for the open cycles.

    The cycle rules of open or draft cycles that use the set are pointed at the copy; the drafts and
    returned files of those cycles keep their answers (their rows move to the copy's criteria).
    A cycle in which a file was already sent under the set is refused: it must finish on one version.
    """
    _require_manager(by)
    source = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    uses = Q(standard_set=source) | Q(score_sheet=source)
    rules_to_move = list(
        CycleRule.objects.select_for_update(of=("self",))
        .filter(uses, cycle__status__in=[Cycle.Status.OPEN, Cycle.Status.DRAFT])
        .select_related("cycle")
        .order_by("cycle__year", "subject_type")
    )
    for rule in rules_to_move:
        if Assessment.objects.filter(
            cycle=rule.cycle, subject__subject_type=rule.subject_type, status__in=SENT
        ).exists():
            raise DomainError(
                _(
                    "Kỳ đánh giá năm %(year)s đã có hồ sơ “%(type)s” gửi theo bộ tiêu chí này; không thể "
                    "chuyển sang phiên bản mới giữa kỳ."
                )
                % {"year": rule.cycle.year, "type": SubjectType(rule.subject_type).label}
            )
    version = (CriteriaSet.objects.filter(code=source.code).aggregate(m=Max("version"))["m"] or 0) + 1
    copy = CriteriaSet.objects.create(
        kind=source.kind,
        subject_type=source.subject_type,
        code=source.code,
        version=version,
        name=source.name,
        legal_basis=source.legal_basis,
        province=source.province,
        max_total=source.max_total,
        needs_verification=source.needs_verification,
        source_note=source.source_note,
    )
    moved = _copy_criteria(source, copy)
    ClassThreshold.objects.bulk_create(
        ClassThreshold(
            criteria_set=copy,
            movement_class=t.movement_class,
            min_points=t.min_points,
            needs_verification=t.needs_verification,
        )
        for t in source.thresholds.all()
    )
    ClassCap.objects.bulk_create(
        ClassCap(
            criteria_set=copy,
            condition=c.condition,
            max_class=c.max_class,
            needs_verification=c.needs_verification,
        )
        for c in source.caps.all()
    )
    DeductionRule.objects.bulk_create(
        DeductionRule(
            criteria_set=copy,
            condition=d.condition,
            points=d.points,
            max_total=d.max_total,
            needs_verification=d.needs_verification,
        )
        for d in source.deductions.all()
    )
    moved_rules = []
    for rule in rules_to_move:
        field = "standard_set" if rule.standard_set_id == source.pk else "score_sheet"
        setattr(rule, field, copy)
        rule.save(update_fields=[field])
        editable = Assessment.objects.filter(
            cycle=rule.cycle, subject__subject_type=rule.subject_type, status__in=assessment_queries.EDITABLE
        )
        rows: type[StandardResult] | type[Score] = StandardResult if field == "standard_set" else Score
        for old_pk, new_pk in moved.items():
            rows.objects.filter(assessment__in=editable, criterion_id=old_pk).update(criterion_id=new_pk)
        moved_rules.append(f"{rule.cycle.year}:{rule.subject_type}")
    log_action(
        copy,
        "assessments.criteria_set.versioned",
        actor=by,
        data={"code": copy.code, "from": source.pk, "version": version, "rules": moved_rules},
    )
    return copy
