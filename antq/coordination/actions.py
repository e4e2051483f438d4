"""State changes of coordination programmes and inspections.

Every verb is atomic, checks its input with a Vietnamese `DomainError` (nothing half-saved), checks
the actor's right through `permissions`, and writes one audit entry. Document numbers go through
`antq.core.doc_numbers` and are stored in their canonical form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.accounts.models import EDITOR_ROLES, RoleAssignment, User
from antq.accounts.permissions import require
from antq.coordination.models import (
    FollowUp,
    InspectedUnit,
    Inspection,
    InspectionRequest,
    Level,
    Programme,
    ProgrammeParty,
    ProgrammeReport,
    ReportAttachment,
)
from antq.coordination.permissions import (
    can_act_for,
    can_change_report_files,
    can_follow_up,
    can_manage_inspection,
)
from antq.core import doc_numbers
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.notifications import notify
from antq.core.text import has_nul
from antq.core.uploads import check_upload
from antq.units.models import Unit

LEVEL_OF_UNIT = {
    Unit.Level.NATIONAL: Level.NATIONAL,
    Unit.Level.PROVINCE: Level.PROVINCE,
    Unit.Level.COMMUNE: Level.COMMUNE,
}
MAX_ITEMS = 100
MAX_FIGURES = 50


def _d(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _text(value: str, label: str, *, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if has_nul(value):
        raise DomainError(_("“%(label)s” có ký tự không hợp lệ.") % {"label": label})
    if required and not value:
        raise DomainError(_("Chưa nhập “%(label)s”.") % {"label": label})
    if len(value) > max_length:
        raise DomainError(_("“%(label)s” dài quá %(max)s ký tự.") % {"label": label, "max": max_length})
    return value


def _number(raw: str) -> str:
    try:
        return doc_numbers.normalise(raw)
    except doc_numbers.DocNumberError as error:
        raise DomainError(str(error)) from error


def _period(start: dt.date, end: dt.date | None, *, start_label: str) -> None:
    if end is not None and end < start:
        raise DomainError(
            _("Ngày kết thúc (%(end)s) không được trước %(label)s (%(start)s).")
            % {"end": _d(end), "label": start_label, "start": _d(start)}
        )


def _below(unit: Unit, top: Unit) -> bool:
    return unit.path.startswith(top.path) and unit.path != top.path


# --- Programmes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A signatory as entered: the unit it belongs to and the organisation's name."""

    unit: Unit
    name: str


@transaction.atomic
def create_programme(
    owner: Unit,
    *,
    by: User,
    kind: str,
    number: str,
    title: str,
    signed_on: dt.date,
    period_from: dt.date,
    period_to: dt.date | None,
    content_items: Sequence[str],
    parties: Sequence[Party],
    deploys: Programme | None = None,
) -> Programme:
    """Record a coordination programme of `owner` with its parties; a province's may deploy a national one."""
    require(can_act_for(by, owner), _("Bạn không có quyền ghi chương trình phối hợp của đơn vị này."))
    level = LEVEL_OF_UNIT.get(owner.level)  # type: ignore[call-overload]
    if level is None or owner.is_legacy:
        raise DomainError(_("Chỉ ghi chương trình phối hợp của cấp toàn quốc, tỉnh hoặc xã đang hoạt động."))
    if kind not in Programme.Kind.values:
        raise DomainError(_("Loại văn bản không hợp lệ."))
    number = _number(number)
    title = _text(title, _("Trích yếu"), max_length=500)
    if period_from < signed_on:
        raise DomainError(
            _("Ngày bắt đầu thực hiện (%(start)s) không được trước ngày ký (%(signed)s).")
            % {"start": _d(period_from), "signed": _d(signed_on)}
        )
    _period(period_from, period_to, start_label=_("ngày bắt đầu thực hiện"))
    items = [_text(item, _("Nội dung phối hợp"), max_length=1000) for item in content_items if item.strip()]
    if not items:
        raise DomainError(_("Chương trình phải có ít nhất một nội dung phối hợp."))
    if len(items) > MAX_ITEMS:
        raise DomainError(_("Tối đa %(n)s nội dung phối hợp.") % {"n": MAX_ITEMS})
    cleaned: list[Party] = []
    for party in parties:
        name = _text(party.name, _("Tên bên tham gia"), max_length=255)
        if not party.unit.path.startswith(owner.path):
            raise DomainError(
                _("Bên tham gia “%(name)s” thuộc %(unit)s, ngoài phạm vi của %(owner)s.")
                % {"name": name, "unit": party.unit.name, "owner": owner.name}
            )
        if any(p.name.casefold() == name.casefold() for p in cleaned):
            raise DomainError(_("Bên tham gia “%(name)s” bị nhập hai lần.") % {"name": name})
        cleaned.append(Party(party.unit, name))
    if len(cleaned) < 2:
        raise DomainError(_("Chương trình phối hợp cần ít nhất hai bên tham gia."))
    if deploys is not None:
        deploys = Programme.objects.select_related("owner").get(pk=deploys.pk)
        if not _below(owner, deploys.owner):
            raise DomainError(_("Chỉ triển khai được chương trình của cấp trên."))
        if Programme.objects.filter(owner=owner, deploys=deploys).exists():
            raise DomainError(
                _("%(owner)s đã ghi văn bản triển khai chương trình %(number)s.")
                % {"owner": owner.name, "number": deploys.number}
            )
    if Programme.objects.filter(owner=owner, number=number).exists():
        raise DomainError(_("Đơn vị đã có văn bản số %(number)s.") % {"number": number})
    programme = Programme.objects.create(
        owner=owner,
        level=level,
        kind=kind,
        number=number,
        title=title,
        signed_on=signed_on,
        period_from=period_from,
        period_to=period_to,
        content_items=items,
        deploys=deploys,
    )
    ProgrammeParty.objects.bulk_create(
        ProgrammeParty(programme=programme, unit=p.unit, name=p.name) for p in cleaned
    )
    log_action(
        programme,
        "coordination.programme.created",
        actor=by,
        data={
            "owner": owner.key,
            "number": number,
            "parties": [p.name for p in cleaned],
            "deploys": deploys.number if deploys else None,
        },
    )
    return programme


@transaction.atomic
def submit_report(
    programme: Programme,
    *,
    by: User,
    party: ProgrammeParty,
    period_from: dt.date,
    period_to: dt.date,
    text: str,
    figures: dict[str, int] | None = None,
) -> ProgrammeReport:
    """Record one party's implementation report for a period."""
    programme = Programme.objects.select_for_update().select_related("owner").get(pk=programme.pk)
    require(can_act_for(by, programme.owner), _("Bạn không có quyền báo cáo chương trình này."))
    if party.programme_id != programme.pk:
        raise DomainError(_("Bên báo cáo không tham gia chương trình này."))
    _period(period_from, period_to, start_label=_("ngày đầu kỳ báo cáo"))
    if period_from < programme.period_from or (programme.period_to and period_to > programme.period_to):
        raise DomainError(_("Kỳ báo cáo phải nằm trong thời gian thực hiện chương trình."))
    text = _text(text, _("Kết quả thực hiện"), max_length=10000)
    clean_figures: dict[str, int] = {}
    for label, value in (figures or {}).items():
        label = _text(label, _("Tên chỉ tiêu"), max_length=100)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError(_("Số liệu “%(label)s” phải là số nguyên không âm.") % {"label": label})
        clean_figures[label] = value
    if len(clean_figures) > MAX_FIGURES:
        raise DomainError(_("Tối đa %(n)s chỉ tiêu số liệu.") % {"n": MAX_FIGURES})
    if ProgrammeReport.objects.filter(
        programme=programme, party=party, period_from=period_from, period_to=period_to
    ).exists():
        raise DomainError(_("%(party)s đã báo cáo kỳ này.") % {"party": party.name})
    report = ProgrammeReport.objects.create(
        programme=programme,
        party=party,
        period_from=period_from,
        period_to=period_to,
        text=text,
        figures=clean_figures,
        reported_by=by,
    )
    log_action(
        report,
        "coordination.report.submitted",
        actor=by,
        data={
            "programme": programme.number,
            "party": party.name,
            "period": [period_from.isoformat(), period_to.isoformat()],
            "figures": clean_figures,
        },
    )
    return report


@transaction.atomic
def attach_report_file(report: ProgrammeReport, upload: UploadedFile, *, by: User) -> ReportAttachment:
    """Attach a file (PDF, JPEG, PNG, DOCX, XLSX by content) to a party's implementation report."""
    report = ProgrammeReport.objects.select_related("programme__owner").get(pk=report.pk)
    require(
        can_change_report_files(by, report.programme),
        _("Chỉ thêm tệp khi chương trình còn trong thời gian thực hiện và bạn có quyền báo cáo."),
    )
    checked = check_upload(upload, max_bytes=settings.ANTQ_COORDINATION_ATTACHMENT_MAX_BYTES)
    attachment = ReportAttachment(
        report=report,
        original_name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    attachment.file.save("tep", upload, save=False)
    stored = attachment.file.name or ""
    # No row without its file, no orphan file: the file goes again if the row cannot be written.
    try:
        with transaction.atomic():
            attachment.save()
            log_action(
                report,
                "coordination.report_file.added",
                actor=by,
                data={
                    "attachment": attachment.pk,
                    "name": checked.name,
                    "size": checked.size,
                    "sha256": checked.sha256,
                },
            )
    except BaseException:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def delete_report_file(attachment: ReportAttachment, *, by: User) -> None:
    """Remove a report's file while the programme runs; the stored file goes once the deletion commits."""
    attachment = ReportAttachment.objects.select_related("report__programme__owner").get(pk=attachment.pk)
    report = attachment.report
    require(
        can_change_report_files(by, report.programme),
        _("Chỉ xóa tệp khi chương trình còn trong thời gian thực hiện và bạn có quyền báo cáo."),
    )
    stored = attachment.file.name or ""
    data = {"attachment": attachment.pk, "name": attachment.original_name, "sha256": attachment.sha256}
    attachment.delete()
    log_action(report, "coordination.report_file.deleted", actor=by, data=data)
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored))


# --- Inspections ---------------------------------------------------------------------------------


@transaction.atomic
def plan_inspection(
    inspector: Unit,
    *,
    by: User,
    plan_number: str,
    title: str,
    planned_from: dt.date,
    planned_to: dt.date,
    units: Sequence[Unit],
) -> Inspection:
    """Plan an inspection by `inspector` of units below it (each in the inspector's subtree)."""
    require(can_act_for(by, inspector), _("Bạn không có quyền lập kế hoạch kiểm tra của đơn vị này."))
    plan_number = _number(plan_number)
    title = _text(title, _("Nội dung kiểm tra"), max_length=500)
    _period(planned_from, planned_to, start_label=_("ngày bắt đầu kiểm tra"))
    chosen: dict[int, Unit] = {}
    for unit in units:
        if not _below(unit, inspector) or not unit.is_current or unit.is_legacy:
            raise DomainError(
                _("%(unit)s không thuộc phạm vi của %(inspector)s: chỉ kiểm tra được đơn vị cấp dưới.")
                % {"unit": unit.name, "inspector": inspector.name}
            )
        chosen[unit.pk] = unit
    if not chosen:
        raise DomainError(_("Chưa chọn đơn vị được kiểm tra."))
    if Inspection.objects.filter(inspector=inspector, plan_number=plan_number).exists():
        raise DomainError(_("Đơn vị đã có kế hoạch kiểm tra số %(number)s.") % {"number": plan_number})
    inspection = Inspection.objects.create(
        inspector=inspector,
        plan_number=plan_number,
        title=title,
        planned_from=planned_from,
        planned_to=planned_to,
    )
    InspectedUnit.objects.bulk_create(InspectedUnit(inspection=inspection, unit=u) for u in chosen.values())
    log_action(
        inspection,
        "coordination.inspection.planned",
        actor=by,
        data={
            "inspector": inspector.key,
            "plan_number": plan_number,
            "units": [u.key for u in chosen.values()],
        },
    )
    return inspection


def unit_officers(unit_id: int) -> list[User]:
    """The active officers (editor roles) assigned on exactly this unit: whom a finding concerns."""
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            role__in=EDITOR_ROLES, unit_id=unit_id, is_active=True, user__is_active=True
        ).select_related("user")
    ]


@dataclass(frozen=True)
class RequestInput:
    """A request (kiến nghị) as entered: what to do and by when."""

    text: str
    deadline: dt.date


@transaction.atomic
def record_findings(
    inspected: InspectedUnit,
    *,
    by: User,
    conclusion: str,
    findings_on: dt.date,
    requests: Sequence[RequestInput] = (),
) -> InspectedUnit:
    """Record the conclusion about an inspected unit and add its requests; its officers are notified."""
    inspected = (
        InspectedUnit.objects.select_for_update()
        .select_related("inspection__inspector", "unit")
        .get(pk=inspected.pk)
    )
    inspection = inspected.inspection
    require(can_manage_inspection(by, inspection), _("Bạn không có quyền ghi kết luận của đợt kiểm tra này."))
    conclusion = _text(conclusion, _("Kết luận"), max_length=10000)
    if findings_on < inspection.planned_from:
        raise DomainError(
            _("Ngày kết luận không được trước ngày bắt đầu kiểm tra (%(day)s).")
            % {"day": _d(inspection.planned_from)}
        )
    cleaned = []
    for item in requests:
        text = _text(item.text, _("Kiến nghị"), max_length=1000)
        if item.deadline < findings_on:
            raise DomainError(
                _("Hạn thực hiện kiến nghị (%(deadline)s) không được trước ngày kết luận (%(day)s).")
                % {"deadline": _d(item.deadline), "day": _d(findings_on)}
            )
        cleaned.append(InspectionRequest(inspected=inspected, text=text, deadline=item.deadline))
    first_time = not inspected.conclusion
    inspected.conclusion = conclusion
    inspected.findings_on = findings_on
    inspected.save(update_fields=["conclusion", "findings_on"])
    InspectionRequest.objects.bulk_create(cleaned)
    log_action(
        inspected,
        "coordination.findings.recorded",
        actor=by,
        data={
            "plan_number": inspection.plan_number,
            "unit": inspected.unit.key,
            "requests": [{"text": r.text, "deadline": r.deadline.isoformat()} for r in cleaned],
            "first_time": first_time,
        },
    )
    notify(
        unit_officers(inspected.unit_id),
        _("%(inspector)s đã ghi kết luận kiểm tra (%(number)s) đối với %(unit)s: %(n)s kiến nghị.")
        % {
            "inspector": inspection.inspector.name,
            "number": inspection.plan_number,
            "unit": inspected.unit.name,
            "n": len(cleaned),
        },
        reverse("coordination:inspection", args=[inspection.pk]),
        kind="coordination",
    )
    return inspected


@transaction.atomic
def report_follow_up(
    request: InspectionRequest, *, by: User, text: str, status: str, reported_on: dt.date
) -> FollowUp:
    """The inspected unit reports what it did about a request; "done" closes the request."""
    request = (
        InspectionRequest.objects.select_for_update()
        .select_related("inspected__unit", "inspected__inspection")
        .get(pk=request.pk)
    )
    require(can_follow_up(by, request.inspected), _("Bạn không có quyền báo cáo khắc phục kiến nghị này."))
    if request.status == InspectionRequest.Status.DONE:
        raise DomainError(_("Kiến nghị này đã hoàn thành."))
    if status not in (InspectionRequest.Status.IN_PROGRESS, InspectionRequest.Status.DONE):
        raise DomainError(_("Tình trạng phải là “Đang thực hiện” hoặc “Đã hoàn thành”."))
    text = _text(text, _("Kết quả khắc phục"), max_length=5000)
    findings_on = request.inspected.findings_on
    if findings_on and reported_on < findings_on:
        raise DomainError(
            _("Ngày báo cáo không được trước ngày kết luận kiểm tra (%(day)s).") % {"day": _d(findings_on)}
        )
    follow_up = FollowUp.objects.create(
        request=request, text=text, status=status, reported_on=reported_on, reported_by=by
    )
    request.status = status
    request.completed_on = reported_on if status == InspectionRequest.Status.DONE else None
    request.save(update_fields=["status", "completed_on"])
    log_action(
        request,
        "coordination.followup.reported",
        actor=by,
        data={"status": status, "reported_on": reported_on.isoformat(), "unit": request.inspected.unit.key},
    )
    return follow_up
