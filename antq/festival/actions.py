"""State changes of the festival: a province's campaign, a commune's events and their results.

Every verb is atomic, checks its input with a Vietnamese `DomainError` (nothing half-saved), checks
the actor's right through `permissions`, and writes one audit entry. Plan numbers go through
`antq.core.doc_numbers` and are stored in their canonical form.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.accounts.permissions import require
from antq.awards import actions as awards_actions
from antq.awards.actions import NomineeInput
from antq.awards.models import AwardForm, SourceType
from antq.awards.models import Decision as AwardDecision
from antq.core import doc_numbers
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import has_nul
from antq.festival import rules
from antq.festival.models import (
    RESULT_COUNTS,
    CalendarToken,
    Campaign,
    Commendation,
    Event,
    EventPhoto,
    EventResult,
    ProgrammeItem,
    current_rules,
)
from antq.festival.permissions import can_act_for
from antq.units.models import Organisation, ResidentialArea, Unit

MAX_ITEMS = 50
MAX_BUDGET = 10**13


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


def _lines(values: Sequence[str], label: str) -> list[str]:
    cleaned = [_text(v, label, max_length=255) for v in values if (v or "").strip()]
    if len(cleaned) > MAX_ITEMS:
        raise DomainError(_("Tối đa %(n)s dòng “%(label)s”.") % {"n": MAX_ITEMS, "label": label})
    return cleaned


# --- Campaigns ------------------------------------------------------------------------------------


def _check_window(year: int, start: dt.date, end: dt.date, due: dt.date) -> None:
    if start.year != year or end.year != year:
        raise DomainError(_("Thời gian tổ chức phải nằm trong năm %(year)s.") % {"year": year})
    if end < start:
        raise DomainError(
            _("Ngày kết thúc (%(end)s) không được trước ngày bắt đầu (%(start)s).")
            % {"end": _d(end), "start": _d(start)}
        )
    if due < end:
        raise DomainError(
            _("Hạn báo cáo (%(due)s) không được trước ngày kết thúc (%(end)s).")
            % {"due": _d(due), "end": _d(end)}
        )


@transaction.atomic
def create_campaign(
    province: Unit,
    *,
    by: User,
    year: int,
    theme: str,
    plan_number: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    report_due: dt.date | None = None,
) -> Campaign:
    """Record a province's festival plan for `year`; the window and due date default from the rules."""
    require(can_act_for(by, province), _("Bạn không có quyền lập kế hoạch Ngày hội của đơn vị này."))
    if province.level != Unit.Level.PROVINCE or province.is_legacy:
        raise DomainError(_("Kế hoạch Ngày hội được lập theo tỉnh, thành phố đang hoạt động."))
    if not 2005 <= year <= 2100:
        raise DomainError(_("Năm không hợp lệ."))
    the_rules = current_rules()
    default_start, default_end = rules.default_window(year, the_rules)
    start = start_date or default_start
    end = end_date or default_end
    due = report_due or rules.default_report_due(end, the_rules)
    _check_window(year, start, end, due)
    theme = _text(theme, _("Chủ đề"), max_length=500)
    try:
        number = doc_numbers.normalise(plan_number)
    except doc_numbers.DocNumberError as error:
        raise DomainError(str(error)) from error
    if Campaign.objects.filter(province=province, year=year).exists():
        raise DomainError(
            _("%(province)s đã có kế hoạch Ngày hội năm %(year)s.")
            % {"province": province.name, "year": year}
        )
    campaign = Campaign.objects.create(
        province=province,
        year=year,
        theme=theme,
        plan_number=number,
        start_date=start,
        end_date=end,
        report_due=due,
    )
    log_action(
        campaign,
        "festival.campaign.created",
        actor=by,
        data={"province": province.key, "year": year, "plan_number": number},
    )
    return campaign


@transaction.atomic
def update_campaign(
    campaign: Campaign,
    *,
    by: User,
    theme: str,
    plan_number: str,
    start_date: dt.date,
    end_date: dt.date,
    report_due: dt.date,
) -> Campaign:
    """Edit a campaign; a window that would leave planned events outside it is refused."""
    campaign = Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)
    require(can_act_for(by, campaign.province), _("Bạn không có quyền sửa kế hoạch Ngày hội này."))
    _check_window(campaign.year, start_date, end_date, report_due)
    theme = _text(theme, _("Chủ đề"), max_length=500)
    try:
        number = doc_numbers.normalise(plan_number)
    except doc_numbers.DocNumberError as error:
        raise DomainError(str(error)) from error
    outside = campaign.events.exclude(date__range=(start_date, end_date)).count()
    if outside:
        raise DomainError(
            _("Đã có %(n)s điểm tổ chức ngoài thời gian mới (%(start)s – %(end)s).")
            % {"n": outside, "start": _d(start_date), "end": _d(end_date)}
        )
    campaign.theme, campaign.plan_number = theme, number
    campaign.start_date, campaign.end_date, campaign.report_due = start_date, end_date, report_due
    campaign.save()
    log_action(
        campaign,
        "festival.campaign.updated",
        actor=by,
        data={"start": start_date.isoformat(), "end": end_date.isoformat(), "due": report_due.isoformat()},
    )
    return campaign


# --- Events ---------------------------------------------------------------------------------------


@dataclass
class EventInput:
    """What a commune plans for one festival point."""

    host_type: str
    date: dt.date
    venue: str
    area: ResidentialArea | None = None
    organisation: Organisation | None = None
    ceremony_items: Sequence[str] = ()
    festivity_items: Sequence[str] = ()
    extra_items: Sequence[str] = ()
    guests: Sequence[str] = ()
    budget_vnd: int = 0
    is_anniversary_ceremony: bool = False
    is_pilot_point: bool = False
    warnings: list[str] = field(default_factory=list)


def _catalogue_codes(part: str, codes: Sequence[str]) -> list[str]:
    known = dict(ProgrammeItem.objects.filter(part=part).values_list("code", "name"))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DomainError(
            _("Nội dung chương trình không có trong danh mục: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    return list(dict.fromkeys(codes))


@transaction.atomic
def plan_event(campaign: Campaign, commune: Unit, *, by: User, data: EventInput) -> tuple[Event, list[str]]:
    """Register a festival point of `commune` in `campaign`; returns the event and any warnings."""
    require(can_act_for(by, commune), _("Bạn không có quyền đăng ký điểm Ngày hội của đơn vị này."))
    campaign = Campaign.objects.select_related("province").get(pk=campaign.pk)
    if commune.level != Unit.Level.COMMUNE or not commune.path.startswith(campaign.province.path):
        raise DomainError(
            _("Đơn vị tổ chức phải là xã, phường, đặc khu thuộc %(p)s.") % {"p": campaign.province.name}
        )
    if not rules.in_window(data.date, campaign.start_date, campaign.end_date):
        raise DomainError(
            _("Ngày tổ chức %(day)s nằm ngoài thời gian của kế hoạch (%(start)s – %(end)s).")
            % {"day": _d(data.date), "start": _d(campaign.start_date), "end": _d(campaign.end_date)}
        )
    if data.host_type not in Event.HostType.values:
        raise DomainError(_("Cấp tổ chức không hợp lệ."))
    area = data.area if data.host_type == Event.HostType.AREA else None
    organisation = data.organisation if data.host_type == Event.HostType.ORGANISATION else None
    if data.host_type == Event.HostType.AREA and (
        area is None or area.commune_id != commune.pk or area.valid_to
    ):
        raise DomainError(_("Chọn khu dân cư đang hoạt động của %(c)s.") % {"c": commune.name})
    if data.host_type == Event.HostType.ORGANISATION and (
        organisation is None or organisation.commune_id != commune.pk or organisation.valid_to
    ):
        raise DomainError(
            _("Chọn cơ quan, doanh nghiệp, nhà trường trên địa bàn %(c)s.") % {"c": commune.name}
        )
    venue = _text(data.venue, _("Địa điểm"), max_length=255)
    if data.budget_vnd < 0 or data.budget_vnd > MAX_BUDGET:
        raise DomainError(_("Kinh phí phải là số không âm."))
    ceremony = _catalogue_codes(ProgrammeItem.Part.CEREMONY, data.ceremony_items)
    festivity = _catalogue_codes(ProgrammeItem.Part.FESTIVITY, data.festivity_items)
    extra = _lines(data.extra_items, _("Nội dung khác"))
    guests = _lines(data.guests, _("Khách mời"))
    if not (ceremony or festivity or extra):
        raise DomainError(_("Chọn ít nhất một nội dung phần lễ hoặc phần hội."))
    duplicate = Event.objects.filter(campaign=campaign)
    if area is not None:
        duplicate = duplicate.filter(area=area)
    elif organisation is not None:
        duplicate = duplicate.filter(organisation=organisation)
    else:
        duplicate = duplicate.filter(commune=commune, host_type=Event.HostType.COMMUNE)
    if duplicate.exists():
        raise DomainError(
            _("Đơn vị này đã đăng ký điểm tổ chức trong kế hoạch năm %(y)s.") % {"y": campaign.year}
        )
    if data.is_pilot_point and not can_act_for(by, campaign.province):
        raise DomainError(_("Chỉ cấp tỉnh chọn điểm chỉ đạo, làm điểm."))
    warnings: list[str] = []
    the_rules = current_rules()
    if data.is_anniversary_ceremony and not rules.is_round_year(campaign.year, the_rules):
        warnings.append(
            _(
                "Năm %(year)s là năm thứ %(n)s, không phải năm tròn: Nghị định 111/2018/NĐ-CP chỉ tổ chức "
                "lễ kỷ niệm vào năm tròn."
            )
            % {"year": campaign.year, "n": rules.anniversary(campaign.year, the_rules)}
        )
    event = Event.objects.create(
        campaign=campaign,
        commune=commune,
        host_type=data.host_type,
        area=area,
        organisation=organisation,
        date=data.date,
        venue=venue,
        ceremony_items=ceremony,
        festivity_items=festivity,
        extra_items=extra,
        guests=guests,
        budget_vnd=data.budget_vnd,
        is_anniversary_ceremony=data.is_anniversary_ceremony,
        is_pilot_point=data.is_pilot_point,
    )
    log_action(
        event,
        "festival.event.planned",
        actor=by,
        data={
            "campaign": campaign.pk,
            "commune": commune.key,
            "date": data.date.isoformat(),
            "warnings": warnings,
        },
    )
    return event, warnings


@transaction.atomic
def report_result(
    event: Event, *, by: User, reported_on: dt.date, counts: Mapping[str, int], note: str = ""
) -> EventResult:
    """Record (or correct) what a festival point achieved; only after the event, never negative."""
    event = Event.objects.select_for_update().select_related("commune", "campaign").get(pk=event.pk)
    require(can_act_for(by, event.commune), _("Bạn không có quyền báo cáo kết quả điểm Ngày hội này."))
    if reported_on < event.date:
        raise DomainError(
            _("Ngày báo cáo (%(day)s) không được trước ngày tổ chức (%(event)s).")
            % {"day": _d(reported_on), "event": _d(event.date)}
        )
    unknown = set(counts) - set(RESULT_COUNTS)
    if unknown:
        raise DomainError(_("Chỉ tiêu không hợp lệ: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if negative := rules.negative_fields(counts):
        labels = [str(getattr(EventResult._meta.get_field(name), "verbose_name", name)) for name in negative]
        raise DomainError(_("Số liệu không được âm: %(names)s.") % {"names": ", ".join(labels)})
    if any(v > MAX_BUDGET for v in counts.values()):
        raise DomainError(_("Số liệu quá lớn."))
    note = _text(note, _("Ghi chú"), max_length=5000, required=False)
    values = {name: int(counts.get(name, 0) or 0) for name in RESULT_COUNTS}
    result, created = EventResult.objects.update_or_create(
        event=event, defaults={**values, "reported_on": reported_on, "note": note, "reported_by": by}
    )
    log_action(result, "festival.result.reported", actor=by, data={**values, "corrected": not created})
    return result


# --- Commendations given at the event ---------------------------------------------------------------


def _commendable(event: Event, by: User) -> Event:
    event = Event.objects.select_for_update().select_related("commune", "campaign").get(pk=event.pk)
    require(can_act_for(by, event.commune), _("Bạn không có quyền ghi khen thưởng của điểm Ngày hội này."))
    if not EventResult.objects.filter(event=event).exists():
        raise DomainError(_("Báo cáo kết quả của điểm Ngày hội trước khi ghi khen thưởng."))
    return event


@transaction.atomic
def record_commendation(
    event: Event,
    *,
    by: User,
    form: AwardForm,
    achievement: str,
    nominees: Sequence[NomineeInput],
) -> Commendation:
    """Record a commendation given at the event: a proposal of the host commune with the event as source."""
    event = _commendable(event, by)
    achievement = _text(achievement, _("Thành tích"), max_length=5000)
    if len(nominees) > MAX_ITEMS:
        raise DomainError(_("Tối đa %(n)s tập thể, cá nhân trong một lần ghi.") % {"n": MAX_ITEMS})
    for nominee in nominees:
        _text(nominee.name, _("Tên tập thể, họ và tên"), max_length=255)
        _text(nominee.position, _("Chức vụ, đơn vị"), max_length=255, required=False)
    proposal = awards_actions.propose(
        event.commune,
        by=by,
        form=form,
        year=event.campaign.year,
        achievement=achievement,
        source_type=SourceType.FESTIVAL,
        source_id=event.pk,
        nominees=list(nominees),
    )
    made = Commendation.objects.create(event=event, proposal=proposal, created_by=by)
    log_action(
        event,
        "festival.commendation.proposed",
        actor=by,
        data={"proposal": proposal.pk, "form": form.code, "count": len(nominees)},
    )
    return made


@transaction.atomic
def link_decision(event: Event, *, by: User, decision: AwardDecision) -> Commendation:
    """Link a commendation decision presented at the event (issued by the host commune or a unit above it)."""
    event = _commendable(event, by)
    issuer = Unit.objects.get(pk=decision.issuer_id)
    if not event.commune.path.startswith(issuer.path):
        raise DomainError(
            _("Quyết định số %(number)s không do %(commune)s hoặc cấp trên ban hành.")
            % {"number": decision.number, "commune": event.commune.name}
        )
    if decision.issued_on.year != event.campaign.year:
        raise DomainError(
            _("Quyết định số %(number)s không ban hành trong năm %(year)s.")
            % {"number": decision.number, "year": event.campaign.year}
        )
    if Commendation.objects.filter(event=event, decision=decision).exists():
        raise DomainError(_("Quyết định này đã được ghi cho điểm Ngày hội."))
    made = Commendation.objects.create(event=event, decision=decision, created_by=by)
    log_action(
        event,
        "festival.commendation.linked",
        actor=by,
        data={"decision": decision.pk, "number": decision.number},
    )
    return made


# --- The iCal feed's secret link --------------------------------------------------------------------


@transaction.atomic
def create_calendar_token(*, user: User) -> str:
    """Give `user` a new secret feed token (the previous one stops working); returns it, shown once."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise DomainError(_("Tài khoản không hợp lệ."))
    revoked = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    made = CalendarToken.objects.create(user=user, token_hash=rules.calendar_token_hash(token))
    log_action(made, "festival.calendar_token.created", actor=user, data={"replaced": revoked})
    return token


@transaction.atomic
def revoke_calendar_token(*, user: User) -> int:
    """Stop `user`'s secret feed link; returns how many links were revoked (0 or 1)."""
    tokens = list(CalendarToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    if not tokens:
        raise DomainError(_("Bạn chưa có liên kết lịch nào đang dùng."))
    CalendarToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=timezone.now())
    for token in tokens:
        log_action(token, "festival.calendar_token.revoked", actor=user)
    return len(tokens)


# --- Pilot points and photos ------------------------------------------------------------------------

PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}
MAX_PHOTOS = 20


@transaction.atomic
def set_pilot_point(event: Event, *, by: User, pilot: bool) -> Event:
    """The province chooses (or drops) a festival point as a pilot point (điểm chỉ đạo, làm điểm)."""
    event = Event.objects.select_for_update().select_related("campaign__province").get(pk=event.pk)
    require(can_act_for(by, event.campaign.province), _("Chỉ cấp tỉnh chọn điểm chỉ đạo, làm điểm."))
    if event.is_pilot_point != pilot:
        event.is_pilot_point = pilot
        event.save(update_fields=["is_pilot_point"])
        log_action(event, "festival.event.pilot_set", actor=by, data={"pilot": pilot})
    return event


def _photo_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[-255:] or "anh"


@transaction.atomic
def add_photo(event: Event, upload: UploadedFile, *, by: User, caption: str = "") -> EventPhoto:
    """Add a photo to a reported festival point (JPEG, PNG or WebP by content; size capped by settings)."""
    event = Event.objects.select_for_update().select_related("commune").get(pk=event.pk)
    require(can_act_for(by, event.commune), _("Bạn không có quyền thêm ảnh cho điểm Ngày hội này."))
    if not EventResult.objects.filter(event=event).exists():
        raise DomainError(_("Báo cáo kết quả của điểm Ngày hội trước khi thêm ảnh."))
    if EventPhoto.objects.filter(event=event).count() >= MAX_PHOTOS:
        raise DomainError(_("Mỗi điểm Ngày hội có tối đa %(n)s ảnh.") % {"n": MAX_PHOTOS})
    caption = _text(caption, _("Chú thích"), max_length=255, required=False)
    name = _photo_name(upload.name or "")
    size = upload.size or 0
    max_bytes: int = settings.ANTQ_MOVEMENT_ATTACHMENT_MAX_BYTES
    if size <= 0:
        raise DomainError(_("Tệp ảnh trống."))
    if size > max_bytes:
        raise DomainError(
            _("Ảnh “%(name)s” quá lớn; mỗi ảnh không quá %(max)s MB.")
            % {"name": name, "max": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    if kind is None or kind.mime not in PHOTO_TYPES:
        raise DomainError(_("Tệp “%(name)s” không phải ảnh JPEG, PNG hay WebP.") % {"name": name})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    photo = EventPhoto(
        event=event,
        original_name=name,
        caption=caption,
        size=size,
        content_type=str(kind.mime),
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    photo.file.save("anh", upload, save=False)
    stored = photo.file.name or ""
    # No row without its file, no orphan file: the file goes again if the row cannot be written.
    try:
        with transaction.atomic():
            photo.save()
            log_action(
                event,
                "festival.photo.added",
                actor=by,
                data={"photo": photo.pk, "name": name, "size": size, "sha256": photo.sha256},
            )
    except BaseException:
        photo.file.storage.delete(stored)
        raise
    return photo
