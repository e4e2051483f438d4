"""Tips API: a public router (no token: captcha + rate limit) and the officers' inbox router.

Public (`/api/v1/tips/public/…`, auth=None): get a captcha, submit a tip or feedback (JSON, or
multipart with files at `/tips/files`), follow by code + secret, send a message. A wrong code/secret pair and
an unknown code get the same 404. Rate limits as the public pages (keyed by an HMAC of the address,
held in the cache only).

Officers (`/api/v1/tips/…`, bearer token): list, read, status, message, transfer, extend, outcome, all
through the pages' actions; scope as the pages (404 outside). The informant's identity appears only
in the answer of `POST /tips/{id}/reveal`, for a tip handler of the receiving unit, with a reason.
"""

import datetime as dt
from typing import Annotated, Any

from captcha.conf import settings as captcha_settings
from captcha.models import CaptchaStore
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import BaseModel

from antq.accounts.api import ERROR_RESPONSES, PUBLIC_ERROR_RESPONSES, api_user
from antq.core.errors import DomainError
from antq.tips import actions
from antq.tips.models import Tip
from antq.tips.permissions import can_handle, can_reveal, is_police
from antq.tips.public_views import NO_STORE, client_key, follow_rate, submit_rate
from antq.units.models import Unit

router = Router()
public = Router(auth=None)

ISO = "Ngày theo ISO 8601 (YYYY-MM-DD)."
TEXT = Annotated[str, Field(max_length=5000)]
# Files of the multipart submission: none, or up to ANTQ_TIPS_ATTACHMENT_MAX_FILES (checked by the action).
OPTIONAL_FILES = File(default=[], description="Tệp đính kèm (không bắt buộc).")


# --- Public ------------------------------------------------------------------------------------------


class CaptchaOut(Schema):
    key: str
    image_url: str


# The submission's schemas are plain pydantic models rather than ninja Schemas: a Schema reads its input
# through DjangoGetter, one Python attribute call per field (made for ORM objects), where a JSON body is
# a dict pydantic validates in one C call (benchmarks/tips.py: the busiest public endpoint).


class IdentityIn(BaseModel):
    full_name: Annotated[str, Field(min_length=1, max_length=150)]
    phone: Annotated[str, Field(max_length=20)] = ""
    email: Annotated[str, Field(max_length=254)] = ""
    address: Annotated[str, Field(max_length=255)] = ""
    id_number: Annotated[str, Field(max_length=12)] = ""


class TipFieldsIn(BaseModel):
    """The fields of a tip both submission routes take."""

    captcha_key: Annotated[str, Field(max_length=40)]
    captcha_value: Annotated[str, Field(max_length=20)]
    kind: str = Field(..., description="crime_denunciation | crime_report | feedback | recommendation")
    category: Annotated[str, Field(max_length=40)] = Field(..., description="mã lĩnh vực")
    commune_code: Annotated[str, Field(max_length=20)]
    summary: TEXT
    address: Annotated[str, Field(max_length=255)] = ""
    occurred_on: dt.date | None = Field(None, description=ISO)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    consent_version: Annotated[str, Field(max_length=20)] = ""
    protection_requested: bool = False


class PublicTipIn(TipFieldsIn):
    identity: IdentityIn | None = None


class PublicTipFormIn(TipFieldsIn):
    """The same fields flat (a multipart form cannot nest the identity object)."""

    identity_full_name: Annotated[str, Field(max_length=150)] = Field(
        "", description="Để trống cả năm trường identity_… nếu gửi ẩn danh."
    )
    identity_phone: Annotated[str, Field(max_length=20)] = ""
    identity_email: Annotated[str, Field(max_length=254)] = ""
    identity_address: Annotated[str, Field(max_length=255)] = ""
    identity_id_number: Annotated[str, Field(max_length=12)] = ""


class ReceiptOut(BaseModel):
    tracking_code: str
    secret: str = Field(..., description="Chỉ trả về một lần; hệ thống chỉ lưu mã băm.")
    receiving_unit: str
    deadline_on: dt.date


class FollowIn(Schema):
    code: Annotated[str, Field(max_length=20)]
    secret: Annotated[str, Field(max_length=40)]


class CitizenMessageIn(FollowIn):
    body: TEXT


class MessageOut(Schema):
    author: str
    body: str
    created_at: dt.datetime


class PublicStatusOut(Schema):
    tracking_code: str
    kind: str
    status: str
    status_label: str
    received_on: dt.date
    receiving_unit: str
    outcome: str
    messages: list[MessageOut]


def _check_captcha(key: str, value: str) -> None:
    """One use only: the challenge is deleted whether or not the answer was right.

    The right answer costs one DELETE (no read first); a wrong one a second DELETE that burns the key.
    """
    answer = (value or "").strip().lower()
    if captcha_settings.CAPTCHA_TEST_MODE and answer == "passed":
        return  # the bench's run only (django-simple-captcha's test mode), never set in production
    challenge = CaptchaStore.objects.filter(hashkey=key)
    if answer and challenge.filter(response=answer, expiration__gt=timezone.now()).delete()[0]:
        return
    challenge.delete()
    raise DomainError(_("Mã kiểm tra không đúng hoặc đã hết hạn; hãy lấy mã mới."))


def _public_status(tip: Tip) -> dict[str, Any]:
    return {
        "tracking_code": tip.code_display,
        "kind": tip.kind,
        "status": tip.status,
        "status_label": tip.get_status_display(),
        "received_on": tip.received_on,
        "receiving_unit": tip.receiving_unit.name,
        "outcome": tip.outcome if tip.notify_result else "",
        "messages": [
            {"author": m.author, "body": m.body, "created_at": m.created_at} for m in tip.messages.all()
        ],
    }


@public.get(
    "/captcha",
    response={200: CaptchaOut, 429: PUBLIC_ERROR_RESPONSES[429]},
    summary="Lấy mã kiểm tra (captcha) mới",
)
@ratelimit(key=client_key, rate=follow_rate, block=True, group="tips-captcha")
def new_captcha(request: HttpRequest) -> dict[str, str]:
    key = CaptchaStore.generate_key()
    return {"key": key, "image_url": reverse("captcha-image", args=[key])}


def _submit(
    payload: TipFieldsIn,
    identity: actions.IdentityInput | None,
    uploads: list[UploadedFile],
) -> JsonResponse:
    _check_captcha(payload.captcha_key, payload.captcha_value)
    receipt = actions.submit_tip(
        actions.TipInput(
            kind=payload.kind,
            category_code=payload.category,
            commune_key=payload.commune_code,
            summary=payload.summary,
            address=payload.address,
            occurred_on=payload.occurred_on,
            latitude=payload.latitude,
            longitude=payload.longitude,
            identity=identity,
            consent_version=payload.consent_version,
            protection_requested=payload.protection_requested,
            uploads=uploads,
        )
    )
    tip = receipt.tip
    # The answer written directly, in the shape ReceiptOut documents (tested against it): ninja would
    # validate these four values we have just made through the schema again, on the busiest endpoint.
    response = JsonResponse(
        {
            "tracking_code": receipt.code,
            "secret": receipt.secret,
            "receiving_unit": tip.receiving_unit.name,
            "deadline_on": tip.due_on.isoformat(),
        },
        status=201,
    )
    response["Cache-Control"] = NO_STORE
    return response


@public.post(
    "/tips", response={201: ReceiptOut, **PUBLIC_ERROR_RESPONSES}, summary="Gửi tố giác, tin báo, phản ánh"
)
@ratelimit(key=client_key, rate=submit_rate, block=True, group="tips-submit")
def submit(request: HttpRequest, payload: PublicTipIn) -> JsonResponse:
    identity = None if payload.identity is None else actions.IdentityInput(**payload.identity.model_dump())
    return _submit(payload, identity, [])


@public.post(
    "/tips/files",
    response={201: ReceiptOut, **PUBLIC_ERROR_RESPONSES},
    summary="Gửi tố giác, tin báo, phản ánh kèm tệp (multipart/form-data)",
    description=(
        "Như POST /tips, các trường gửi dạng biểu mẫu và tệp ở trường `files` (ảnh, video, tài liệu; loại "
        "tệp xác định theo nội dung, ảnh được lưu lại không kèm siêu dữ liệu EXIF)."
    ),
)
@ratelimit(key=client_key, rate=submit_rate, block=True, group="tips-submit")
def submit_with_files(
    request: HttpRequest, payload: Form[PublicTipFormIn], files: list[UploadedFile] = OPTIONAL_FILES
) -> JsonResponse:
    given = {
        "full_name": payload.identity_full_name,
        "phone": payload.identity_phone,
        "email": payload.identity_email,
        "address": payload.identity_address,
        "id_number": payload.identity_id_number,
    }
    identity = actions.IdentityInput(**given) if any(v.strip() for v in given.values()) else None
    return _submit(payload, identity, list(files or []))


def _by_code(code: str, secret: str) -> Tip:
    tip = actions.find_by_code(code, secret)
    if tip is None:
        raise Http404
    return tip


@public.post(
    "/follow", response={200: PublicStatusOut, **PUBLIC_ERROR_RESPONSES}, summary="Theo dõi bằng mã và mật mã"
)
@ratelimit(key=client_key, rate=follow_rate, block=True, group="tips-follow")
def follow(request: HttpRequest, payload: FollowIn, response: HttpResponse) -> dict[str, Any]:
    response["Cache-Control"] = NO_STORE
    return _public_status(_by_code(payload.code, payload.secret))


@public.post(
    "/messages", response={201: PublicStatusOut, **PUBLIC_ERROR_RESPONSES}, summary="Người gửi trao đổi thêm"
)
@ratelimit(key=client_key, rate=follow_rate, block=True, group="tips-follow")
def citizen_message(request: HttpRequest, payload: CitizenMessageIn, response: HttpResponse) -> Status:
    response["Cache-Control"] = NO_STORE
    tip = _by_code(payload.code, payload.secret)
    actions.add_citizen_message(tip, body=payload.body)
    return Status(201, _public_status(tip))


# --- Officers -------------------------------------------------------------------------------------------


class TipOut(Schema):
    """A tip as officers see it: never who sent it (only whether it was anonymous)."""

    id: int
    tracking_code: str
    kind: str
    category: str
    summary: str
    commune_code: str
    address: str
    receiving_unit_code: str
    status: str
    register_no: str
    received_on: dt.date
    deadline_on: dt.date
    extended_to: dt.date | None
    due_on: dt.date
    is_complex: bool
    anonymous: bool
    protection_requested: bool
    outcome: str
    outcome_on: dt.date | None
    duplicate_of: int | None


class TipDetailOut(TipOut):
    messages: list[MessageOut]


class StatusIn(Schema):
    register_no: Annotated[str, Field(max_length=50)] = ""
    complex: bool = False


class BodyIn(Schema):
    body: TEXT


class TransferIn(Schema):
    to_unit_code: Annotated[str, Field(max_length=20)]
    reason: Annotated[str, Field(max_length=1000)]


class ExtendIn(Schema):
    months: int = Field(..., ge=-12, le=12)
    basis: Annotated[str, Field(max_length=255)]


class OutcomeIn(Schema):
    status: str = Field(..., description="prosecute | not_prosecute | suspended | answered | closed")
    outcome: TEXT
    outcome_on: dt.date | None = Field(None, description=ISO)


class DuplicateOut(Schema):
    """An earlier tip that may be the same matter, and why (never who sent either)."""

    id: int
    tracking_code: str
    received_on: dt.date
    category: str
    commune_code: str
    same_commune: bool
    distance_m: int | None
    same_category: bool
    same_day: bool


class DuplicateIn(Schema):
    of: int


class RevealIn(Schema):
    reason: Annotated[str, Field(max_length=500)]


class IdentityOut(Schema):
    full_name: str
    phone: str
    email: str
    address: str
    id_number: str


def _tip_out(t: Tip) -> dict[str, Any]:
    return {
        "id": t.pk,
        "tracking_code": t.code_display,
        "kind": t.kind,
        "category": t.category.code,
        "summary": t.summary,
        "commune_code": t.commune.key,
        "address": t.address,
        "receiving_unit_code": t.receiving_unit.key,
        "status": t.status,
        "register_no": t.register_no,
        "received_on": t.received_on,
        "deadline_on": t.deadline_on,
        "extended_to": t.extended_to,
        "due_on": t.due_on,
        "is_complex": t.is_complex,
        "anonymous": t.anonymous,
        "protection_requested": t.protection_requested,
        "outcome": t.outcome,
        "outcome_on": t.outcome_on,
        "duplicate_of": t.duplicate_of_id,
    }


def _detail(t: Tip) -> dict[str, Any]:
    return {
        **_tip_out(t),
        "messages": [
            {"author": m.author, "body": m.body, "created_at": m.created_at} for m in t.messages.all()
        ],
    }


def _tip(request: HttpRequest, tip_id: int) -> Tip:
    return get_object_or_404(
        Tip.objects.visible_to(api_user(request)).select_related("category", "commune", "receiving_unit"),
        pk=tip_id,
    )


def _handled(request: HttpRequest, tip_id: int) -> Tip:
    tip = _tip(request, tip_id)
    if not can_handle(api_user(request), tip):
        raise Http404
    return tip


class _Page:
    """The inbox for the paginator: it slices the queryset, then shapes only the rows of the page
    (a list of every visible tip took seconds for the national admin at 250,000 tips)."""

    def __init__(self, tips: QuerySet[Tip]) -> None:
        self.tips = tips

    def __len__(self) -> int:
        return self.tips.count()

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        return [_tip_out(t) for t in self.tips[part]]


@router.get("/", response={200: list[TipOut], **ERROR_RESPONSES}, summary="Hộp tin của đơn vị")
@paginate(LimitOffsetPagination)
def list_tips(
    request: HttpRequest, status: str | None = None, kind: str | None = None, overdue: bool = False
) -> Any:
    user = api_user(request)
    if not is_police(user):
        raise Http404
    tips = Tip.objects.visible_to(user).select_related("category", "commune", "receiving_unit")
    if status:
        tips = tips.filter(status=status[:20])
    if kind:
        tips = tips.filter(kind=kind[:20])
    if overdue:
        tips = tips.overdue(timezone.localdate())
    return _Page(tips)


@router.get("/{tip_id}", response={200: TipDetailOut, **ERROR_RESPONSES}, summary="Một tin")
def get_tip(request: HttpRequest, tip_id: int) -> dict[str, Any]:
    return _detail(_tip(request, tip_id))


@router.post("/{tip_id}/status", response={200: TipDetailOut, **ERROR_RESPONSES}, summary="Vào sổ / phức tạp")
def set_status(request: HttpRequest, tip_id: int, payload: StatusIn) -> dict[str, Any]:
    tip = _handled(request, tip_id)
    if payload.complex:
        tip = actions.mark_complex(tip, by=api_user(request))
    else:
        tip = actions.start_verifying(tip, by=api_user(request), register_no=payload.register_no)
    return _detail(_tip(request, tip.pk))


@router.post(
    "/{tip_id}/messages", response={201: TipDetailOut, **ERROR_RESPONSES}, summary="Trả lời người gửi"
)
def officer_message(request: HttpRequest, tip_id: int, payload: BodyIn) -> Status:
    tip = _handled(request, tip_id)
    actions.post_officer_message(tip, by=api_user(request), body=payload.body)
    return Status(201, _detail(tip))


@router.post("/{tip_id}/transfer", response={200: TipOut, **ERROR_RESPONSES}, summary="Chuyển đơn vị")
def transfer(request: HttpRequest, tip_id: int, payload: TransferIn) -> dict[str, Any]:
    tip = _handled(request, tip_id)
    target = Unit.objects.filter(key=payload.to_unit_code).first()
    if target is None:
        raise DomainError(_("Không tìm thấy đơn vị nhận."))
    tip = actions.transfer_tip(tip, by=api_user(request), to_unit=target, reason=payload.reason)
    return _tip_out(Tip.objects.select_related("category", "commune", "receiving_unit").get(pk=tip.pk))


@router.post("/{tip_id}/extend", response={200: TipOut, **ERROR_RESPONSES}, summary="Gia hạn")
def extend(request: HttpRequest, tip_id: int, payload: ExtendIn) -> dict[str, Any]:
    tip = _handled(request, tip_id)
    actions.extend_deadline(tip, by=api_user(request), months=payload.months, basis=payload.basis)
    return _tip_out(_tip(request, tip_id))


@router.post("/{tip_id}/outcome", response={200: TipOut, **ERROR_RESPONSES}, summary="Kết quả giải quyết")
def outcome(request: HttpRequest, tip_id: int, payload: OutcomeIn) -> dict[str, Any]:
    tip = _handled(request, tip_id)
    actions.record_outcome(
        tip,
        by=api_user(request),
        status=payload.status,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
    )
    return _tip_out(_tip(request, tip_id))


@router.get(
    "/{tip_id}/duplicates", response={200: list[DuplicateOut], **ERROR_RESPONSES}, summary="Tin có thể trùng"
)
def duplicates(request: HttpRequest, tip_id: int) -> list[dict[str, Any]]:
    tip = _handled(request, tip_id)
    return [
        {
            "id": c.tip.pk,
            "tracking_code": c.tip.code_display,
            "received_on": c.tip.received_on,
            "category": c.tip.category.name,
            "commune_code": c.tip.commune.key,
            "same_commune": c.likeness.same_commune,
            "distance_m": None if c.likeness.distance_m is None else round(c.likeness.distance_m),
            "same_category": c.likeness.same_category,
            "same_day": c.likeness.same_day,
        }
        for c in actions.duplicate_candidates(tip, api_user(request))
    ]


@router.post("/{tip_id}/duplicate", response={200: TipOut, **ERROR_RESPONSES}, summary="Đánh dấu tin trùng")
def mark_duplicate(request: HttpRequest, tip_id: int, payload: DuplicateIn) -> dict[str, Any]:
    actions.mark_duplicate_of(_handled(request, tip_id), by=api_user(request), of_id=payload.of)
    return _tip_out(_tip(request, tip_id))


@router.post(
    "/{tip_id}/reveal",
    response={200: IdentityOut, **ERROR_RESPONSES},
    summary="Xem danh tính (cán bộ thụ lý)",
)
def reveal(request: HttpRequest, tip_id: int, payload: RevealIn) -> dict[str, str]:
    tip = _tip(request, tip_id)
    if not can_reveal(api_user(request), tip):
        raise Http404
    data = actions.reveal_identity(tip, by=api_user(request), reason=payload.reason)
    return {k: data.get(k, "") for k in ("full_name", "phone", "email", "address", "id_number")}
