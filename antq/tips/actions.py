"""State changes of tips: intake, follow-up by code, routing, deadlines, outcome, identity, retention.

Every verb is atomic and keyword-only, checks its input before writing (DomainError with a Vietnamese
message, nothing half-saved; stored files are removed again if the database write fails) and writes
one audit entry. Citizens' verbs never receive the request: no address or device reaches the
database, and their audit entries carry no actor and no IP address.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from antq.accounts.models import Role, RoleAssignment, User
from antq.accounts.permissions import require
from antq.core.audit import log_action
from antq.core.db import insert_row
from antq.core.errors import DomainError
from antq.core.notifications import notify
from antq.core.text import fold, has_nul, random_string
from antq.tips import crypto, reference, rules, uploads
from antq.tips.models import (
    ConsentRecord,
    DataSubjectRequest,
    InformantIdentity,
    Tip,
    TipAttachment,
    TipMessage,
    TipMove,
    tracking_code,
)
from antq.tips.permissions import can_handle, can_reveal, can_transfer
from antq.units.models import Unit

SECRET_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (an alphabet, not a password)
SECRET_LENGTH = 10


def _d(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _text(value: str | None, label: str, *, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if has_nul(value):
        raise DomainError(_("“%(label)s” có ký tự không hợp lệ.") % {"label": label})
    if required and not value:
        raise DomainError(_("Chưa nhập “%(label)s”.") % {"label": label})
    if len(value) > max_length:
        raise DomainError(_("“%(label)s” dài quá %(max)s ký tự.") % {"label": label, "max": max_length})
    return value


def _today() -> dt.date:
    return timezone.localdate()


# --- Tracking code and secret ----------------------------------------------------------------------


# Hashes of tips stored before the HMAC: scrypt, as "scrypt$<log2 n>$<hex>" or bare hex (n = 2**13).
LEGACY_SECRET_COST = 13


def hash_secret(code: str, secret: str) -> str:
    """HMAC-SHA256 of code and secret under a key kept out of the database, as "hmac$<hex>".

    The secret is 10 random letters (~50 bits) drawn here, never a password a person chose, so a slow
    hash buys little: a copy of the table alone gives nothing without the key, and whoever holds the
    table already holds what the secret opens (the tip and its messages). scrypt cost 2.5 ms of each
    submission's CPU, a third of the public endpoint (benchmarks/tips.py); this costs microseconds.
    """
    digest = hmac.new(crypto.tracking_secret_key(), f"{code}:{secret}".encode(), hashlib.sha256)
    return f"hmac${digest.hexdigest()}"


def _scrypt_hex(code: str, secret: str, log2n: int) -> str:
    return hashlib.scrypt(
        secret.encode(), salt=f"antq-tip:{code}".encode(), n=2**log2n, r=8, p=1, dklen=32
    ).hex()


def secret_matches(stored: str, code: str, secret: str) -> bool:
    """Whether `secret` is the one hashed in `stored` (HMAC, or either scrypt format), in constant time."""
    if stored.startswith("hmac$"):
        supplied = hash_secret(code, secret)
    else:
        parts = stored.split("$")
        if len(parts) == 3 and parts[0] == "scrypt" and parts[1].isdigit():
            supplied = f"scrypt${parts[1]}${_scrypt_hex(code, secret, int(parts[1]))}"
        else:
            supplied = _scrypt_hex(code, secret, LEGACY_SECRET_COST)
    return hmac.compare_digest(stored, supplied)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:20]


def find_by_code(code: str, secret: str) -> Tip | None:
    """The tip whose code and secret both match, else None; the same work is done either way."""
    code = normalise_code(code)
    secret = (secret or "").strip().lower()[:40]
    tip = Tip.objects.filter(tracking_code=code).select_related("category", "receiving_unit").first()
    # A missing code costs the same hash as a wrong secret: timing does not tell which codes exist.
    # (Tips stored before the HMAC keep their scrypt hash, slower than an unknown code's check.)
    expected = tip.secret_hash if tip is not None else f"hmac${'0' * 64}"
    matches = secret_matches(expected, code, secret)
    if tip is None or not secret or not matches:
        return None
    return tip


# --- Intake -------------------------------------------------------------------------------------------


@dataclass
class IdentityInput:
    """What an identified sender tells about themself; stored only encrypted."""

    full_name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    id_number: str = ""

    def cleaned(self) -> IdentityInput:
        out = IdentityInput(
            full_name=_text(self.full_name, _("Họ và tên"), max_length=150),
            phone=_text(self.phone, _("Số điện thoại"), max_length=20, required=False),
            email=_text(self.email, _("Thư điện tử"), max_length=254, required=False),
            address=_text(self.address, _("Địa chỉ liên hệ"), max_length=255, required=False),
            id_number=_text(self.id_number, _("Số định danh cá nhân"), max_length=12, required=False),
        )
        if not (out.phone or out.email or out.address):
            raise DomainError(
                _("Hãy cho biết ít nhất một cách liên hệ: điện thoại, thư điện tử hoặc địa chỉ.")
            )
        if out.phone and not all(ch.isdigit() or ch in "+ .-" for ch in out.phone):
            raise DomainError(_("Số điện thoại chỉ gồm chữ số."))
        if out.id_number and not (out.id_number.isdigit() and len(out.id_number) == 12):
            raise DomainError(_("Số định danh cá nhân gồm 12 chữ số."))
        return out


@dataclass
class TipInput:
    """The citizen's tip or feedback, as the public form and the public API receive it."""

    kind: str
    category_code: str
    commune_key: str
    summary: str
    address: str = ""
    occurred_on: dt.date | None = None
    latitude: float | None = None
    longitude: float | None = None
    identity: IdentityInput | None = None
    consent_version: str = ""
    confidentiality_requested: bool = True
    protection_requested: bool = False
    notify_result: bool = True
    uploads: Sequence[UploadedFile] = field(default_factory=list)


@dataclass
class Receipt:
    """What the citizen is shown once: the tracking code and its secret (only a hash is kept)."""

    tip: Tip
    code: str
    secret: str


def _validated(data: TipInput) -> dict[str, Any]:
    if data.kind not in Tip.Kind.values:
        raise DomainError(_("Loại tin không hợp lệ."))
    category = reference.category((data.category_code or "")[:40])
    if category is None:
        raise DomainError(_("Hãy chọn lĩnh vực."))
    commune = reference.commune((data.commune_key or "")[:20])
    if commune is None or commune.parent is None:
        raise DomainError(_("Hãy chọn xã, phường, đặc khu nơi xảy ra vụ việc."))
    summary = _text(data.summary, _("Nội dung"), max_length=settings.ANTQ_TIPS_TEXT_MAX)
    if len(summary) < 10:
        raise DomainError(_("Nội dung quá ngắn; hãy mô tả sự việc (ít nhất 10 ký tự)."))
    today = _today()
    if data.occurred_on is not None and data.occurred_on > today:
        raise DomainError(_("Ngày xảy ra không được sau hôm nay."))
    lat, lon = data.latitude, data.longitude
    if (lat is None) != (lon is None):
        raise DomainError(_("Vị trí trên bản đồ cần cả vĩ độ và kinh độ."))
    if lat is not None and lon is not None and not rules.in_vietnam((lat, lon)):
        raise DomainError(_("Vị trí trên bản đồ nằm ngoài lãnh thổ Việt Nam."))
    identity = data.identity.cleaned() if data.identity is not None else None
    notice = None
    if identity is not None:
        notice = reference.current_notice()
        if notice is None or data.consent_version != notice.version:
            raise DomainError(
                _("Cần đọc và đồng ý với thông báo xử lý dữ liệu cá nhân trước khi gửi thông tin cá nhân.")
            )
    if len(data.uploads) > settings.ANTQ_TIPS_ATTACHMENT_MAX_FILES:
        raise DomainError(_("Tối đa %(n)s tệp đính kèm.") % {"n": settings.ANTQ_TIPS_ATTACHMENT_MAX_FILES})
    files = [uploads.clean(upload) for upload in data.uploads]
    return {
        "category": category,
        "commune": commune,
        "summary": summary,
        "address": _text(data.address, _("Địa chỉ, nơi xảy ra"), max_length=255, required=False),
        "identity": identity,
        "notice": notice,
        "files": files,
        "today": today,
    }


def _store_files(tip: Tip, files: list[uploads.CleanFile], stored: list[str]) -> None:
    if not files:
        return  # most tips have none: spare the intake a COUNT query
    for number, cleaned in enumerate(files, start=tip.attachments.count() + 1):
        attachment = TipAttachment(
            tip=tip,
            name=f"tep-{number}.{cleaned.extension}",
            size=len(cleaned.content),
            content_type=cleaned.content_type,
            sha256=cleaned.sha256,
        )
        attachment.file.save("f", uploads.as_django_file(cleaned), save=False)
        stored.append(attachment.file.name or "")
        attachment.save()


def _remove(stored: list[str]) -> None:
    from antq.tips.models import tip_files

    for name in stored:
        tip_files.delete(name)


def submit_tip(data: TipInput) -> Receipt:
    """Receive a citizen's tip or feedback for the police of the commune picked; returns code and secret.

    The request does only what the citizen must wait for: check the input and store the tip (with the
    encrypted identity, consent and files when given, in one transaction). The intake relay
    (`manage.py finish_tip_intake --follow`, beside the worker) finds the new row a moment later, writes
    the audit entry and notifies the unit (`finish_intake`); the code and secret work at once. Nothing
    is stored if any step fails.
    """
    checked = _validated(data)
    commune: Unit = checked["commune"]
    identity: IdentityInput | None = checked["identity"]
    crime = data.kind in Tip.CRIME_KINDS
    today: dt.date = checked["today"]
    due = rules.deadline(today, crime=crime, feedback_days=settings.ANTQ_TIPS_FEEDBACK_DAYS)
    secret = random_string(SECRET_ALPHABET, SECRET_LENGTH)
    tip = Tip(
        tracking_code=tracking_code(),  # given, so that the field's default is not drawn as well
        kind=data.kind,
        # Ids rather than rows where nothing reads the row back: each related assignment is checked.
        category_id=checked["category"].pk,
        summary=checked["summary"],
        occurred_on=data.occurred_on,
        province=commune.parent,
        commune_id=commune.pk,
        address=checked["address"],
        latitude=round(data.latitude, 6) if data.latitude is not None else None,
        longitude=round(data.longitude, 6) if data.longitude is not None else None,
        receiving_unit=commune,
        received_on=today,
        deadline_on=due,
        due_on=due,
        anonymous=identity is None,
        confidentiality_requested=data.confidentiality_requested,
        protection_requested=data.protection_requested and identity is not None,
        notify_result=data.notify_result,
    )
    stored: list[str] = []
    try:
        for attempt in range(3):
            tip.secret_hash = hash_secret(tip.tracking_code, secret)
            tip.search_folded = fold(f"{tip.tracking_code} {tip.summary} {tip.address}")[:20000]
            try:
                _store_tip(tip, checked, stored)
                break
            except IntegrityError:
                # Two tips drew the same code (about one chance in 2**60 per pair): draw again. Any
                # other integrity error is not ours to retry.
                _remove(stored)
                stored.clear()
                if attempt == 2 or not Tip.objects.filter(tracking_code=tip.tracking_code).exists():
                    raise
                tip.pk = None
                tip.tracking_code = tracking_code()
    except BaseException:
        _remove(stored)
        raise
    return Receipt(tip=tip, code=tip.code_display, secret=secret)


def _store_tip(tip: Tip, checked: dict[str, Any], stored: list[str]) -> None:
    simple = checked["identity"] is None and not checked["files"]
    if simple and not transaction.get_connection().in_atomic_block:
        # Most tips: one INSERT, atomic by itself, with no transaction around it to pay for, and the
        # statement built once (core.db.insert_row: save() compiles it anew each time). No health-check
        # round trip first: if the connection turns out dead, insert_row reconnects, asks whether this
        # tip (its code and secret hash) was stored before the line dropped, and inserts only if not.
        insert_row(tip, recover=lambda: _stored_pk(tip))
        return
    # Inside a caller's transaction the savepoint keeps a code collision from aborting it.
    with transaction.atomic():
        insert_row(tip)
        if checked["identity"] is not None:
            InformantIdentity.objects.create(tip=tip, ciphertext=crypto.encrypt(asdict(checked["identity"])))
            ConsentRecord.objects.create(tip=tip, notice=checked["notice"])
        _store_files(tip, checked["files"], stored)


def _stored_pk(tip: Tip) -> int | None:
    return (
        Tip.objects.filter(tracking_code=tip.tracking_code, secret_hash=tip.secret_hash)
        .values_list("pk", flat=True)
        .first()
    )


@transaction.atomic
def finish_intake(tip_id: int) -> bool:
    """Write the receipt's audit entry and notify the receiving unit's officers, once per tip.

    Run by the intake relay for each new tip (and by the daily check for any the relay missed). Answers
    whether this call did the work (False when it was already done, or the tip is gone).
    """
    now = timezone.now()
    if not Tip.objects.filter(pk=tip_id, intake_done_at__isnull=True).update(intake_done_at=now):
        return False
    tip = Tip.objects.select_related("receiving_unit").get(pk=tip_id)
    log_action(
        tip,
        "tips.tip.received",
        actor_username="",
        data={
            "kind": tip.kind,
            "unit": tip.receiving_unit.key,
            "files": tip.attachments.count(),
            "anonymous": tip.anonymous,
            "received_at": tip.created_at.isoformat(),
        },
    )
    _notify_unit(
        tip,
        _("Có %(kind)s mới: %(code)s") % {"kind": tip.get_kind_display().lower(), "code": tip.code_display},
    )
    return True


def finish_pending_intakes(*, grace: dt.timedelta | None = None, limit: int | None = None) -> int:
    """Run `finish_intake` for tips still waiting for it (oldest first; only those older than `grace`
    and at most `limit`, if given). Several relays may run: each tip is claimed once."""
    pending = Tip.objects.filter(intake_done_at__isnull=True)
    if grace is not None:
        pending = pending.filter(created_at__lt=timezone.now() - grace)
    ids = pending.order_by("pk").values_list("pk", flat=True)
    return sum(finish_intake(pk) for pk in (ids[:limit] if limit is not None else ids))


def _unit_officers(unit: Unit) -> list[User]:
    """Police officers of the unit itself (the commune's police, or the province's)."""
    roles = [Role.COMMUNE_OFFICER, Role.TIP_HANDLER, Role.PROVINCE_OFFICER]
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            unit=unit, role__in=roles, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
    ]


def _notify_unit(tip: Tip, message: str) -> None:
    # Notifications carry the code only: never a name, a phone number or the tip's text.
    on_commit_link = reverse("tips:detail", args=[tip.pk])
    notify(_unit_officers(tip.receiving_unit), message, on_commit_link, kind="tips")


# --- Follow-up by code --------------------------------------------------------------------------------


@transaction.atomic
def add_citizen_message(tip: Tip, *, body: str, files: Sequence[UploadedFile] = ()) -> TipMessage:
    """A message (and optionally files) from the citizen who holds the tip's code and secret."""
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    if tip.is_closed:
        raise DomainError(_("Vụ việc đã kết thúc, không gửi thêm được trao đổi."))
    body = _text(body, _("Nội dung trao đổi"), max_length=settings.ANTQ_TIPS_TEXT_MAX)
    if tip.attachments.count() + len(files) > settings.ANTQ_TIPS_ATTACHMENT_MAX_FILES:
        raise DomainError(_("Tối đa %(n)s tệp đính kèm.") % {"n": settings.ANTQ_TIPS_ATTACHMENT_MAX_FILES})
    cleaned = [uploads.clean(f) for f in files]
    stored: list[str] = []
    try:
        with transaction.atomic():
            message = TipMessage.objects.create(tip=tip, author=TipMessage.Author.CITIZEN, body=body)
            _store_files(tip, cleaned, stored)
            log_action(tip, "tips.message.citizen", data={"files": len(stored)})
            _notify_unit(tip, _("Người gửi %(code)s có trao đổi mới.") % {"code": tip.code_display})
    except BaseException:
        _remove(stored)
        raise
    return message


# --- Officers' work -----------------------------------------------------------------------------------


def _lock(tip: Tip) -> Tip:
    return Tip.objects.select_for_update().select_related("receiving_unit").get(pk=tip.pk)


def _require_open(tip: Tip) -> None:
    if tip.is_closed:
        raise DomainError(_("Vụ việc đã kết thúc."))


@transaction.atomic
def post_officer_message(tip: Tip, *, by: User, body: str) -> TipMessage:
    """An officer's message to the sender, shown on the follow-by-code page."""
    tip = _lock(tip)
    require(can_handle(by, tip), _("Bạn không có quyền xử lý tin này."))
    body = _text(body, _("Nội dung trao đổi"), max_length=settings.ANTQ_TIPS_TEXT_MAX)
    message = TipMessage.objects.create(tip=tip, author=TipMessage.Author.OFFICER, officer=by, body=body)
    log_action(tip, "tips.message.officer", actor=by, data={"message": message.pk})
    return message


@transaction.atomic
def start_verifying(tip: Tip, *, by: User, register_no: str = "") -> Tip:
    """Enter the tip in the receipt register and start checking it."""
    tip = _lock(tip)
    require(can_handle(by, tip), _("Bạn không có quyền xử lý tin này."))
    _require_open(tip)
    if tip.status not in (Tip.Status.RECEIVED, Tip.Status.TRANSFERRED):
        raise DomainError(_("Tin này đã đang được kiểm tra, xác minh."))
    tip.register_no = _text(register_no, _("Số sổ tiếp nhận"), max_length=50, required=tip.is_crime)
    tip.status = Tip.Status.VERIFYING
    tip.save(update_fields=["register_no", "status", "updated_at"])
    log_action(tip, "tips.tip.verifying", actor=by, data={"register_no": tip.register_no})
    return tip


@transaction.atomic
def mark_complex(tip: Tip, *, by: User) -> Tip:
    """A complex crime tip gets 2 months from receipt instead of 20 days (Art. 147 k2)."""
    tip = _lock(tip)
    require(can_handle(by, tip), _("Bạn không có quyền xử lý tin này."))
    _require_open(tip)
    if not tip.is_crime:
        raise DomainError(_("Chỉ tố giác, tin báo về tội phạm mới có thời hạn giải quyết theo Điều 147."))
    if tip.is_complex:
        raise DomainError(_("Tin này đã được xác định là phức tạp."))
    if tip.extended_to is not None:
        raise DomainError(_("Tin đã được gia hạn; không đổi thời hạn ban đầu nữa."))
    tip.is_complex = True
    tip.deadline_on = rules.deadline(tip.received_on, complex_case=True)
    tip.due_on = tip.deadline_on
    tip.save(update_fields=["is_complex", "deadline_on", "due_on", "updated_at"])
    log_action(tip, "tips.tip.complex", actor=by, data={"deadline_on": tip.deadline_on.isoformat()})
    return tip


@transaction.atomic
def extend_deadline(tip: Tip, *, by: User, months: int, basis: str, today: dt.date | None = None) -> Tip:
    """Record the procuracy's one extension (≤ 2 months, requested ≥ 5 days before the deadline)."""
    tip = _lock(tip)
    require(can_handle(by, tip), _("Bạn không có quyền xử lý tin này."))
    _require_open(tip)
    basis = _text(basis, _("Căn cứ gia hạn"), max_length=255)
    today = today or _today()
    refusal = rules.extension_refusal(
        deadline_on=tip.deadline_on,
        requested_on=today,
        months=months,
        extensions_so_far=1 if tip.extended_to else 0,
        crime=tip.is_crime,
    )
    messages = {
        rules.ExtensionRefusal.NOT_CRIME: _("Chỉ tố giác, tin báo về tội phạm mới được gia hạn."),
        rules.ExtensionRefusal.ALREADY_EXTENDED: _("Thời hạn chỉ được gia hạn một lần."),
        rules.ExtensionRefusal.NOT_POSITIVE: _("Số tháng gia hạn phải từ 1 trở lên."),
        rules.ExtensionRefusal.TOO_LONG: _("Gia hạn không quá 2 tháng."),
        rules.ExtensionRefusal.TOO_LATE: _(
            "Đề nghị gia hạn phải gửi chậm nhất 5 ngày trước khi hết hạn (%(due)s)."
        )
        % {"due": _d(tip.deadline_on)},
    }
    if refusal is not None:
        raise DomainError(messages[refusal])
    tip.extended_to = rules.extended_deadline(tip.deadline_on, months)
    tip.due_on = tip.extended_to
    tip.save(update_fields=["extended_to", "due_on", "updated_at"])
    log_action(
        tip,
        "tips.tip.extended",
        actor=by,
        data={"months": months, "to": tip.extended_to.isoformat(), "basis": basis},
    )
    return tip


@transaction.atomic
def record_outcome(
    tip: Tip, *, by: User, status: str, outcome: str, outcome_on: dt.date | None = None
) -> Tip:
    """Close the tip with its outcome: a decision (crime tips) or an answer/closure (feedback)."""
    tip = _lock(tip)
    require(can_handle(by, tip), _("Bạn không có quyền xử lý tin này."))
    _require_open(tip)
    allowed = {*Tip.OUTCOMES, Tip.Status.CLOSED} if tip.is_crime else {Tip.Status.ANSWERED, Tip.Status.CLOSED}
    if status not in allowed:
        raise DomainError(_("Kết quả này không áp dụng cho loại tin đã chọn."))
    outcome = _text(outcome, _("Kết quả giải quyết"), max_length=settings.ANTQ_TIPS_TEXT_MAX)
    day = outcome_on or _today()
    if day < tip.received_on or day > _today():
        raise DomainError(_("Ngày có kết quả phải từ ngày tiếp nhận đến hôm nay."))
    tip.status, tip.outcome, tip.outcome_on, tip.closed_on = status, outcome, day, day
    tip.save(update_fields=["status", "outcome", "outcome_on", "closed_on", "updated_at"])
    log_action(tip, "tips.tip.outcome", actor=by, data={"status": status, "on": day.isoformat()})
    return tip


@transaction.atomic
def transfer_tip(tip: Tip, *, by: User, to_unit: Unit, reason: str) -> Tip:
    """Move a tip to another commune's police or up to the province, with its reason (logged)."""
    tip = _lock(tip)
    require(can_transfer(by, tip), _("Bạn không có quyền chuyển tin này."))
    reason = _text(reason, _("Lý do chuyển"), max_length=1000)
    if to_unit.pk == tip.receiving_unit_id:
        raise DomainError(_("Tin đang ở chính đơn vị này."))
    if (
        to_unit.is_legacy
        or not to_unit.is_current
        or to_unit.level not in (Unit.Level.COMMUNE, Unit.Level.PROVINCE)
    ):
        raise DomainError(_("Chỉ chuyển được tới Công an xã, phường, đặc khu hoặc Công an tỉnh, thành phố."))
    source = tip.receiving_unit
    TipMove.objects.create(tip=tip, from_unit=source, to_unit=to_unit, reason=reason, moved_by=by)
    tip.receiving_unit = to_unit
    tip.status = Tip.Status.TRANSFERRED
    tip.save(update_fields=["receiving_unit", "status", "updated_at"])
    log_action(
        tip, "tips.tip.transferred", actor=by, data={"from": source.key, "to": to_unit.key, "reason": reason}
    )
    _notify_unit(tip, _("Tin %(code)s được chuyển đến đơn vị.") % {"code": tip.code_display})
    return tip


@dataclass(frozen=True)
class DuplicateCandidate:
    tip: Tip
    likeness: rules.Likeness


# How many of the newest earlier tips in the place and window are ranked (suggestions, not a search).
DUPLICATE_POOL = 200


def _point(tip: Tip) -> rules.Point | None:
    if tip.latitude is None or tip.longitude is None:
        return None
    return (float(tip.latitude), float(tip.longitude))


def _likeness(tip: Tip, other: Tip) -> rules.Likeness:
    return rules.likeness(
        same_commune=other.commune_id == tip.commune_id,
        points=(_point(tip), _point(other)),
        same_category=other.category_id == tip.category_id,
        days=(tip.occurred_on, other.occurred_on),
        radius_m=settings.ANTQ_TIPS_DUPLICATE_RADIUS_METRES,
    )


def duplicate_candidates(tip: Tip, user: User, *, limit: int = 10) -> list[DuplicateCandidate]:
    """Earlier tips `user` may see, received within ANTQ_TIPS_DUPLICATE_WINDOW_DAYS before this one, in
    the same commune or within ANTQ_TIPS_DUPLICATE_RADIUS_METRES of its point; the most alike first
    (place, category, day it happened). One query: the newest DUPLICATE_POOL such tips are ranked."""
    since = tip.received_on - dt.timedelta(days=settings.ANTQ_TIPS_DUPLICATE_WINDOW_DAYS)
    place = Q(commune_id=tip.commune_id)
    point = _point(tip)
    if point is not None:
        (south, west), (north, east) = rules.bounding_box(point, settings.ANTQ_TIPS_DUPLICATE_RADIUS_METRES)
        place |= Q(latitude__range=(south, north), longitude__range=(west, east))
    pool = (
        Tip.objects.visible_to(user)
        .filter(place, received_on__gte=since, received_on__lte=tip.received_on, pk__lt=tip.pk)
        .select_related("category", "commune")
        .order_by("-received_on", "-pk")[:DUPLICATE_POOL]
    )
    found = [DuplicateCandidate(other, _likeness(tip, other)) for other in pool]
    found = [c for c in found if c.likeness.near]
    found.sort(key=lambda c: -c.likeness.score)  # stable: the newest first among equals
    return found[:limit]


def mark_duplicate_of(tip: Tip, *, by: User, of_id: int) -> Tip:
    """`mark_duplicate` with the original looked up among the tips `by` may see (pages and API)."""
    original = Tip.objects.visible_to(by).filter(pk=of_id).first()
    if original is None:
        raise DomainError(_("Không tìm thấy tin trước đó."))
    return mark_duplicate(tip, by=by, of=original)


@transaction.atomic
def mark_duplicate(tip: Tip, *, by: User, of: Tip) -> Tip:
    """Record that `tip` repeats an earlier tip of the same commune or near its point (`of` is one the
    user may see: `mark_duplicate_of`)."""
    tip = _lock(tip)
    require(can_handle(by, tip), _("Bạn không có quyền xử lý tin này."))
    if of.pk >= tip.pk or not _likeness(tip, of).near:
        raise DomainError(
            _("Chỉ đánh dấu trùng với một tin trước đó của cùng xã, phường hoặc ở gần nơi xảy ra.")
        )
    tip.duplicate_of = of
    tip.save(update_fields=["duplicate_of", "updated_at"])
    log_action(tip, "tips.tip.duplicate", actor=by, data={"of": of.pk})
    return tip


# --- Identity --------------------------------------------------------------------------------------------


@transaction.atomic
def reveal_identity(tip: Tip, *, by: User, reason: str) -> dict[str, str]:
    """The informant's identity for a tip handler of the receiving unit, with a reason; audited."""
    require(can_reveal(by, tip), _("Chỉ cán bộ thụ lý tin báo của đơn vị tiếp nhận mới xem được danh tính."))
    reason = _text(reason, _("Lý do xem danh tính"), max_length=500)
    identity = InformantIdentity.objects.filter(tip=tip, erased_at__isnull=True).first()
    if identity is None:
        raise DomainError(_("Không còn lưu danh tính người gửi tin này."))
    data = crypto.decrypt(identity.ciphertext)
    log_action(tip, "tips.identity.revealed", actor=by, data={"reason": reason})
    return {k: str(v) for k, v in data.items()}


def _erase_identity(tip: Tip) -> bool:
    identity = InformantIdentity.objects.filter(tip=tip, erased_at__isnull=True).first()
    if identity is None:
        return False
    identity.ciphertext = ""
    identity.erased_at = timezone.now()
    identity.save(update_fields=["ciphertext", "erased_at"])
    return True


@transaction.atomic
def apply_retention(*, today: dt.date | None = None, limit: int = 1000) -> dict[str, int]:
    """Erase identities and files of tips closed more than ANTQ_TIPS_RETENTION_DAYS ago; logged."""
    today = today or _today()
    cutoff = today - dt.timedelta(days=settings.ANTQ_TIPS_RETENTION_DAYS)
    due = list(
        Tip.objects.filter(
            status__in=Tip.CLOSED_STATUSES, closed_on__lte=cutoff, files_erased_on__isnull=True
        ).order_by("pk")[:limit]
    )
    identities = files = 0
    names: list[str] = []
    for tip in due:
        identities += _erase_identity(tip)
        for attachment in tip.attachments.all():
            names.append(attachment.file.name or "")
            files += 1
        tip.attachments.all().delete()
        tip.files_erased_on = today
        tip.save(update_fields=["files_erased_on", "updated_at"])
        log_action(tip, "tips.retention.erased", actor_username="system", data={"cutoff": cutoff.isoformat()})
    transaction.on_commit(lambda: _remove(names))
    return {"tips": len(due), "identities": identities, "files": files}


# --- Data-subject requests (Luật 91/2025) -------------------------------------------------------------


@transaction.atomic
def request_data_action(tip: Tip, *, kind: str, details: str = "") -> DataSubjectRequest:
    """A data-subject request made through the tracking code; due after ANTQ_TIPS_DSR_DAYS."""
    if kind not in DataSubjectRequest.Kind.values:
        raise DomainError(_("Loại yêu cầu không hợp lệ."))
    if tip.anonymous:
        raise DomainError(_("Tin ẩn danh không lưu dữ liệu cá nhân nào của người gửi."))
    details = _text(details, _("Nội dung yêu cầu"), max_length=2000, required=kind == "correction")
    today = _today()
    made = DataSubjectRequest.objects.create(
        tip=tip,
        kind=kind,
        details=details,
        received_on=today,
        due_on=today + dt.timedelta(days=settings.ANTQ_TIPS_DSR_DAYS),
    )
    if kind == DataSubjectRequest.Kind.WITHDRAW:
        ConsentRecord.objects.filter(tip=tip, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    log_action(tip, "tips.dsr.received", data={"kind": kind, "request": made.pk})
    _notify_unit(tip, _("Yêu cầu về dữ liệu cá nhân của tin %(code)s.") % {"code": tip.code_display})
    return made


@transaction.atomic
def resolve_data_request(
    request: DataSubjectRequest, *, by: User, done: bool, result: str
) -> DataSubjectRequest:
    """Close a data-subject request; an accepted erasure or withdrawal erases the stored identity."""
    request = (
        DataSubjectRequest.objects.select_for_update()
        .select_related("tip__receiving_unit")
        .get(pk=request.pk)
    )
    require(
        can_reveal(by, request.tip),
        _("Chỉ cán bộ thụ lý tin báo của đơn vị tiếp nhận mới xử lý được yêu cầu này."),
    )
    if request.status != DataSubjectRequest.Status.OPEN:
        raise DomainError(_("Yêu cầu đã được xử lý."))
    request.result = _text(result, _("Kết quả"), max_length=2000)
    request.status = DataSubjectRequest.Status.DONE if done else DataSubjectRequest.Status.REFUSED
    request.closed_on = _today()
    request.save()
    erased = False
    if done and request.kind in (DataSubjectRequest.Kind.ERASURE, DataSubjectRequest.Kind.WITHDRAW):
        erased = _erase_identity(request.tip)
    log_action(
        request.tip,
        "tips.dsr.resolved",
        actor=by,
        data={"request": request.pk, "done": done, "erased": erased},
    )
    return request


# --- Daily check ----------------------------------------------------------------------------------------


@transaction.atomic
def check_deadlines(*, today: dt.date | None = None) -> dict[str, int]:
    """Tell each receiving unit's officers how many of their tips are overdue or due soon (counts only)."""
    from django.db.models import Count, Q

    today = today or _today()
    until = today + dt.timedelta(days=settings.ANTQ_TIPS_DUE_SOON_DAYS)
    rows = (
        Tip.objects.open()
        .filter(due_on__lte=until)
        .values("receiving_unit")
        .annotate(
            overdue=Count("pk", filter=Q(due_on__lt=today)), soon=Count("pk", filter=Q(due_on__gte=today))
        )
    )
    units = 0
    for row in rows:
        unit = Unit.objects.get(pk=row["receiving_unit"])
        message = _("Tin báo: %(overdue)s quá hạn, %(soon)s sắp đến hạn giải quyết.") % {
            "overdue": row["overdue"],
            "soon": row["soon"],
        }
        notify(_unit_officers(unit), message, reverse("tips:inbox") + "?han=qua-han", kind="tips")
        units += 1
    return {"units": units}
