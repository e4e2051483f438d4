"""State changes of periodic reports. Pages, the API, management commands and jobs call these only.

Every action is atomic, checks the report's state (`rules.TRANSITIONS`) before writing and records
an audit entry. The number "…/BC-CAX" is given at submission (NĐ 30/2020: a document is numbered
when it is issued), from the unit's yearly series, the unit row locked so two submissions serialise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.core import doc_numbers
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.reports import figures, heading, rules
from antq.reports.models import Report, ReportDefinition
from antq.reports.permissions import can_act_for, can_report, is_receiver
from antq.units.models import Unit

NARRATIVE_MAX = 20_000
NOTE_MAX = 2_000


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",)).select_related("definition", "unit").get(pk=report.pk)
    )


def _refuse(report: Report, verb: str) -> None:
    if rules.allowed(report.status, verb):
        return
    messages = {
        "edit": _("Báo cáo đã gửi, không sửa được nội dung."),
        "refresh": _("Báo cáo đã gửi, không cập nhật lại số liệu được."),
        "submit": _("Báo cáo này đã được gửi."),
        "accept": _("Chỉ tiếp nhận được báo cáo đã gửi."),
        "return": _("Chỉ trả lại được báo cáo đã gửi."),
        "aggregate": _("Báo cáo đã gửi, không tổng hợp lại được."),
    }
    raise DomainError(messages[verb], code="wrong_status")


def _clean_text(text: str, limit: int) -> str:
    text = (text or "").strip()
    if has_nul(text):
        raise DomainError(_("Nội dung không được chứa ký tự NUL."))
    if len(text) > limit:
        raise DomainError(_("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": limit})
    return text


def period_of(definition: ReportDefinition, key: str) -> rules.ReportPeriod:
    """The period named by `key` for the definition's frequency, or a DomainError saying what is expected."""
    found = definition.period(key)
    if found is None:
        examples = {
            rules.MONTH: "2026-07",
            rules.QUARTER: "2026-Q3",
            rules.HALF: "2026-H1",
            rules.YEAR: "2026",
        }
        raise DomainError(
            _("Kỳ báo cáo “%(key)s” không hợp lệ cho %(name)s (ví dụ “%(example)s”).")
            % {"key": (key or "")[:20], "name": definition.name, "example": examples[definition.period_kind]}
        )
    return found


@transaction.atomic
def generate_report(
    definition: ReportDefinition, unit: Unit, *, period_key: str, by: User, today: dt.date | None = None
) -> Report:
    """Create a unit's draft report for a period, pre-filled with its figures from the indicators."""
    if not can_report(by, definition, unit):
        raise DomainError(
            _("%(unit)s không lập “%(name)s” hoặc bạn không có quyền lập báo cáo cho đơn vị này.")
            % {"unit": unit.name, "name": definition.name}
        )
    period = period_of(definition, period_key)
    start, end = definition.window(period)
    today = today or timezone.localdate()
    if start > today:
        raise DomainError(_("Kỳ báo cáo %(period)s chưa bắt đầu.") % {"period": period.label})
    Unit.objects.select_for_update().filter(pk=unit.pk).exists()
    if Report.objects.filter(definition=definition, unit=unit, period_key=period.key).exists():
        raise DomainError(
            _("%(unit)s đã có “%(name)s” %(period)s.")
            % {"unit": unit.name, "name": definition.name, "period": period.label}
        )
    snapshot = figures.snapshot(definition, unit, period)
    report = Report.objects.create(
        definition=definition,
        unit=unit,
        period_key=period.key,
        data_from=start,
        data_to=end,
        due_on=definition.due_on(period),
        figures=snapshot,
        figures_at=timezone.now(),
        created_by=by,
    )
    log_action(
        report,
        "reports.report.generated",
        actor=by,
        data={"definition": definition.code, "unit": unit.key, "period": period.key},
    )
    return report


@transaction.atomic
def save_narrative(report: Report, *, by: User, texts: Mapping[str, str]) -> Report:
    """Replace the narrative texts of the report's sections (only while it is a draft or returned)."""
    report = _lock(report)
    if not can_act_for(by, report.unit):
        raise DomainError(_("Bạn không có quyền sửa báo cáo của đơn vị này."))
    _refuse(report, "edit")
    sections = {str(s.pk): s for s in report.definition.sections.all() if s.has_narrative}
    unknown = set(texts) - set(sections)
    if unknown:
        raise DomainError(_("Mục báo cáo không tồn tại."))
    narratives = dict(report.narratives or {})
    for key, text in texts.items():
        narratives[key] = _clean_text(text, NARRATIVE_MAX)
    changed = sorted(k for k in texts if (report.narratives or {}).get(k, "") != narratives[k])
    report.narratives = narratives
    report.save(update_fields=["narratives", "updated_at"])
    log_action(report, "reports.report.narrative_saved", actor=by, data={"sections": changed})
    return report


@transaction.atomic
def refresh_figures(report: Report, *, by: User) -> Report:
    """Take the figures again from the indicators (only while the report is a draft or returned)."""
    report = _lock(report)
    if not can_act_for(by, report.unit):
        raise DomainError(_("Bạn không có quyền sửa báo cáo của đơn vị này."))
    _refuse(report, "refresh")
    report.figures = figures.snapshot(report.definition, report.unit, report.period)
    report.figures_at = timezone.now()
    report.save(update_fields=["figures", "figures_at", "updated_at"])
    log_action(report, "reports.report.refreshed", actor=by, data={"period": report.period_key})
    return report


@transaction.atomic
def aggregate_report(report: Report, *, by: User) -> Report:
    """Replace the figures of a province (or national) report by the sum of its units' submitted reports."""
    report = _lock(report)
    if not can_act_for(by, report.unit):
        raise DomainError(_("Bạn không có quyền sửa báo cáo của đơn vị này."))
    _refuse(report, "aggregate")
    source = report.definition.source
    if source is None:
        raise DomainError(_("Loại báo cáo này không tổng hợp từ báo cáo của đơn vị cấp dưới."))
    sources = list(
        Report.objects.filter(
            definition=source,
            period_key=report.period_key,
            status__in=(Report.Status.SUBMITTED, Report.Status.ACCEPTED),
            unit__path__startswith=report.unit.path,
            unit__parent=report.unit,
        ).select_related("unit")
    )
    if not sources:
        raise DomainError(_("Chưa có đơn vị cấp dưới nào gửi báo cáo kỳ này để tổng hợp."))
    report.figures = figures.aggregate(report.definition, report.unit, sources, report.period)
    report.figures_at = timezone.now()
    report.save(update_fields=["figures", "figures_at", "updated_at"])
    log_action(
        report,
        "reports.report.aggregated",
        actor=by,
        data={"period": report.period_key, "sources": len(sources)},
    )
    return report


def _next_number(unit: Unit, year: int) -> int:
    Unit.objects.select_for_update().filter(pk=unit.pk).exists()
    last = Report.objects.filter(unit=unit, number_year=year).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def submit_report(
    report: Report,
    *,
    by: User,
    signer_name: str = "",
    signer_title: str = "",
    today: dt.date | None = None,
) -> Report:
    """Send the report to the receiving level: numbered (…/BC-CAX), dated, on time or late."""
    report = _lock(report)
    if not can_act_for(by, report.unit):
        raise DomainError(_("Bạn không có quyền gửi báo cáo của đơn vị này."))
    _refuse(report, "submit")
    signer_name = _clean_text(signer_name, 150)
    signer_title = _clean_text(signer_title, 150)
    missing = [
        s.title
        for s in report.definition.sections.all()
        if s.has_narrative and not (report.narratives or {}).get(str(s.pk), "").strip()
    ]
    if missing:
        raise DomainError(
            _("Chưa nhập nội dung của mục: %(sections)s.") % {"sections": "; ".join(missing)},
            code="incomplete",
        )
    today = today or timezone.localdate()
    symbol = heading.symbol(report.unit)
    if report.number is None:
        number = _next_number(report.unit, today.year)
        try:
            doc_numbers.parse(f"{number}/{symbol}")
        except doc_numbers.DocNumberError as error:
            raise DomainError(str(error)) from None
        report.number, report.number_year, report.symbol = number, today.year, symbol
    report.status = Report.Status.SUBMITTED
    report.issued_on = today
    report.signer_name, report.signer_title = signer_name, signer_title
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.on_time = rules.timeliness(report.due_on, today, today) == rules.ON_TIME
    report.save()
    log_action(
        report,
        "reports.report.submitted",
        actor=by,
        data={
            "number": report.display_number,
            "on_time": report.on_time,
            "due_on": report.due_on.isoformat(),
        },
    )
    return report


@transaction.atomic
def accept_report(report: Report, *, by: User, note: str = "") -> Report:
    """The receiving level takes the submitted report in."""
    return _review(report, by=by, note=note, verb="accept")


@transaction.atomic
def return_report(report: Report, *, by: User, note: str) -> Report:
    """The receiving level sends the report back with the reason; the unit edits and submits it again."""
    if not (note or "").strip():
        raise DomainError(_("Cần ghi lý do trả lại báo cáo."))
    return _review(report, by=by, note=note, verb="return")


def _review(report: Report, *, by: User, note: str, verb: str) -> Report:
    report = _lock(report)
    if not is_receiver(by, report):
        raise DomainError(_("Bạn không phải cấp nhận báo cáo này."))
    _refuse(report, verb)
    note = _clean_text(note, NOTE_MAX)
    report.status = Report.Status.ACCEPTED if verb == "accept" else Report.Status.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = by
    report.review_note = note
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note", "updated_at"])
    log_action(
        report,
        "reports.report.accepted" if verb == "accept" else "reports.report.returned",
        actor=by,
        data={"note": note},
    )
    return report
