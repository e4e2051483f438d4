"""Officers' pages under /tin-bao/: the inbox, a tip, its actions, identity reveal, file downloads.

Reading starts from `Tip.objects.visible_to` (else 404: steering members and non-police users see
nothing). Actions need the `permissions` predicate (else 404). No page shows the informant's identity
except the reveal page, for a tip handler of the receiving unit, after a reason is given.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from antq.accounts.models import User
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import fold
from antq.tips import actions, rules
from antq.tips.forms import (
    DuplicateForm,
    ExtendForm,
    InboxFilterForm,
    MessageForm,
    OutcomeForm,
    ResolveRequestForm,
    RevealForm,
    TransferForm,
    VerifyForm,
)
from antq.tips.models import DataSubjectRequest, Tip, TipAttachment
from antq.tips.permissions import can_handle, can_reveal, can_transfer, is_police
from antq.units.models import Unit

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _tip(request: HttpRequest, pk: int) -> Tip:
    return get_object_or_404(
        Tip.objects.visible_to(request.user).select_related(
            "category", "receiving_unit", "commune", "province"
        ),
        pk=pk,
    )


def inbox_queryset(user: User, params: dict[str, str], today: dt.date) -> tuple[InboxFilterForm, object]:
    form = InboxFilterForm(params)
    tips = Tip.objects.visible_to(user).select_related("category", "receiving_unit")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            tips = tips.filter(search_folded__contains=fold(data["q"]))
        if data["trang_thai"]:
            tips = tips.filter(status=data["trang_thai"])
        if data["loai"]:
            tips = tips.filter(kind=data["loai"])
        if data["han"] == "mo":
            tips = tips.open()
        elif data["han"] == "qua-han":
            tips = tips.overdue(today).order_by("due_on", "pk")
        elif data["han"] == "sap-han":
            tips = tips.due_soon(today, today + dt.timedelta(days=settings.ANTQ_TIPS_DUE_SOON_DAYS)).order_by(
                "due_on", "pk"
            )
    return form, tips


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Tips of the user's units, newest first; filters for status, kind and deadlines."""
    user = _user(request)
    if not is_police(user):
        raise Http404
    today = timezone.localdate()
    form, tips = inbox_queryset(user, request.GET.dict(), today)
    page: Page[Tip] = Paginator(tips, PAGE_SIZE).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    soon = settings.ANTQ_TIPS_DUE_SOON_DAYS
    rows = [
        (tip, rules.deadline_state(due_on=tip.due_on, today=today, closed=tip.is_closed, due_soon_days=soon))
        for tip in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "tips/inbox.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    )


@login_required
@never_cache
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _tip(request, pk)
    user = _user(request)
    today = timezone.localdate()
    handle = can_handle(user, tip)
    return render(
        request,
        "tips/detail.html",
        {
            "tip": tip,
            "state": rules.deadline_state(
                due_on=tip.due_on,
                today=today,
                closed=tip.is_closed,
                due_soon_days=settings.ANTQ_TIPS_DUE_SOON_DAYS,
            ),
            "tip_messages": list(tip.messages.select_related("officer")),
            "attachments": list(tip.attachments.all()),
            "moves": list(tip.moves.select_related("from_unit", "to_unit", "moved_by")),
            "duplicates": actions.duplicate_candidates(tip, user)
            if handle and not tip.duplicate_of_id
            else [],
            "duplicate_window": settings.ANTQ_TIPS_DUPLICATE_WINDOW_DAYS,
            "duplicate_radius": settings.ANTQ_TIPS_DUPLICATE_RADIUS_METRES,
            "data_requests": list(tip.data_requests.all()) if can_reveal(user, tip) else [],
            "can_handle": handle and not tip.is_closed,
            "can_message": handle,
            "can_transfer": can_transfer(user, tip),
            "can_reveal": can_reveal(user, tip),
            "forms": {
                "message": MessageForm(),
                "verify": VerifyForm(initial={"register_no": tip.register_no}),
                "extend": ExtendForm(),
                "outcome": OutcomeForm(tip=tip),
                "transfer": TransferForm(),
                "duplicate": DuplicateForm(),
                "resolve": ResolveRequestForm(),
            },
        },
    )


VERBS = ("tra-loi", "vao-so", "phuc-tap", "gia-han", "ket-qua", "chuyen", "trung")


@login_required
def act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    """One officer action on a tip (POST); a refusal comes back as a message on the tip's page."""
    tip = _tip(request, pk)
    user = _user(request)
    if verb not in VERBS or not can_handle(user, tip):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        done = _run(verb, tip, user, request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, done)
    if verb == "chuyen" and not Tip.objects.visible_to(user).filter(pk=tip.pk).exists():
        return redirect("tips:inbox")
    return redirect("tips:detail", tip.pk)


def _invalid(form: object) -> DomainError:
    errors = getattr(form, "errors", {})
    text = "; ".join(str(e) for errs in errors.values() for e in errs)
    return DomainError(text or _("Dữ liệu không hợp lệ."))


def _run(verb: str, tip: Tip, user: User, request: HttpRequest) -> str:
    post = request.POST
    if verb == "tra-loi":
        form = MessageForm(post)
        if not form.is_valid():
            raise _invalid(form)
        actions.post_officer_message(tip, by=user, body=form.cleaned_data["body"])
        return _("Đã gửi trả lời cho người gửi.")
    if verb == "vao-so":
        verify = VerifyForm(post)
        if not verify.is_valid():
            raise _invalid(verify)
        actions.start_verifying(tip, by=user, register_no=verify.cleaned_data["register_no"])
        return _("Đã vào sổ, chuyển sang kiểm tra, xác minh.")
    if verb == "phuc-tap":
        actions.mark_complex(tip, by=user)
        return _("Đã xác định vụ việc phức tạp; thời hạn là 2 tháng.")
    if verb == "gia-han":
        extend = ExtendForm(post)
        if not extend.is_valid():
            raise _invalid(extend)
        actions.extend_deadline(tip, by=user, **extend.cleaned_data)
        return _("Đã ghi gia hạn.")
    if verb == "ket-qua":
        outcome = OutcomeForm(post, tip=tip)
        if not outcome.is_valid():
            raise _invalid(outcome)
        actions.record_outcome(tip, by=user, **outcome.cleaned_data)
        return _("Đã ghi kết quả giải quyết.")
    if verb == "chuyen":
        transfer = TransferForm(post)
        if not transfer.is_valid():
            raise _invalid(transfer)
        target = Unit.objects.filter(key=transfer.cleaned_data["to_unit"].strip()).first()
        if target is None:
            raise DomainError(_("Không tìm thấy đơn vị nhận."))
        actions.transfer_tip(tip, by=user, to_unit=target, reason=transfer.cleaned_data["reason"])
        return _("Đã chuyển tin sang %(unit)s.") % {"unit": target.name}
    duplicate = DuplicateForm(post)
    if not duplicate.is_valid():
        raise _invalid(duplicate)
    actions.mark_duplicate_of(tip, by=user, of_id=duplicate.cleaned_data["of"])
    return _("Đã đánh dấu tin trùng.")


@login_required
@never_cache
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The informant's identity, for a tip handler of the receiving unit, after a reason (audited)."""
    tip = _tip(request, pk)
    user = _user(request)
    if not can_reveal(user, tip):
        raise Http404
    form = RevealForm(request.POST or None)
    identity = None
    if request.method == "POST" and form.is_valid():
        try:
            identity = actions.reveal_identity(tip, by=user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, error.message)
    response = render(request, "tips/reveal.html", {"tip": tip, "form": form, "identity": identity})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    tip = _tip(request, pk)
    if not can_handle(_user(request), tip):
        raise Http404
    found = get_object_or_404(TipAttachment, pk=attachment_id, tip=tip)
    log_action(tip, "tips.attachment.downloaded", actor=request.user, data={"attachment": found.pk})
    response = FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.content_type
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def resolve_request(request: HttpRequest, pk: int, request_id: int) -> HttpResponse:
    tip = _tip(request, pk)
    user = _user(request)
    if not can_reveal(user, tip):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    found = get_object_or_404(DataSubjectRequest, pk=request_id, tip=tip)
    form = ResolveRequestForm(request.POST)
    try:
        if not form.is_valid():
            raise _invalid(form)
        actions.resolve_data_request(
            found, by=user, done=form.cleaned_data["done"], result=form.cleaned_data["result"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xử lý yêu cầu về dữ liệu cá nhân."))
    return redirect("tips:detail", tip.pk)
