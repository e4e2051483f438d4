"""The public intake: tip-off and feedback forms, follow-up by code, messages, data-subject requests.

No view here passes the request to an action: the sender's address and device never reach the
database. Rate limits (django-ratelimit) are keyed by `client_key`, an HMAC of the address kept only
as a counter in the cache for the length of the window. The follow-up answers the same way whether a
code does not exist or its secret is wrong.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from antq.core.errors import DomainError
from antq.tips import actions, rules
from antq.tips.forms import CitizenMessageForm, DataRequestForm, FollowForm, PublicTipForm, commune_choices
from antq.tips.models import Tip


def client_key(group: str, request: HttpRequest) -> str:
    """The rate-limit key: an HMAC of the client address, never the address itself, held in the cache only."""
    address = request.META.get("REMOTE_ADDR", "") or ""
    return hmac.new(settings.SECRET_KEY.encode(), f"{group}:{address}".encode(), hashlib.sha256).hexdigest()


def submit_rate(group: str, request: HttpRequest) -> str:
    return str(settings.ANTQ_TIPS_RATE_SUBMIT)


def follow_rate(group: str, request: HttpRequest) -> str:
    return str(settings.ANTQ_TIPS_RATE_FOLLOW)


# Answers that carry a tip's secret or its exchange with the police: kept by no browser or proxy
# cache, in the web pages and the public API alike (never_cache alone still lets a browser store them).
NO_STORE = "no-store"

REFUSED = gettext_lazy("Mã theo dõi hoặc mật mã không đúng.")


def _intake(request: HttpRequest, *, feedback: bool) -> HttpResponse:
    form = PublicTipForm(request.POST or None, request.FILES or None, feedback=feedback)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity = None
        if data["identified"]:
            identity = actions.IdentityInput(
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                address=data["contact_address"],
                id_number=data["id_number"],
            )
        try:
            receipt = actions.submit_tip(
                actions.TipInput(
                    kind=data["kind"],
                    category_code=data["category"].code,
                    commune_key=data["commune"],
                    summary=data["summary"],
                    address=data["address"],
                    occurred_on=data["occurred_on"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    identity=identity,
                    consent_version=data["consent_version"] if data["consent"] else "",
                    protection_requested=data["protection_requested"],
                    uploads=data["attachments"],
                )
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            # Shown once, never stored in the session or sent anywhere else.
            response = render(request, "tips/public_done.html", {"receipt": receipt, "feedback": feedback})
            response["Cache-Control"] = NO_STORE
            return response
    return render(
        request,
        "tips/public_form.html",
        {"form": form, "feedback": feedback, "bounds": rules.VIETNAM_BOUNDS},
    )


@never_cache
@ratelimit(key=client_key, rate=submit_rate, method="POST", block=True, group="tips-submit")
def tip_form(request: HttpRequest) -> HttpResponse:
    return _intake(request, feedback=False)


@never_cache
@ratelimit(key=client_key, rate=submit_rate, method="POST", block=True, group="tips-submit")
def feedback_form(request: HttpRequest) -> HttpResponse:
    return _intake(request, feedback=True)


@require_GET
def communes(request: HttpRequest) -> HttpResponse:
    """<option>s of a province's communes for the picker (htmx); a plain visit goes to the form."""
    if not request.headers.get("HX-Request"):
        return redirect("tips_public:tip")
    return render(
        request, "tips/_commune_options.html", {"choices": commune_choices(request.GET.get("province"))}
    )


def _status(request: HttpRequest, tip: Tip, code: str, secret: str, **extra: object) -> HttpResponse:
    context = {
        "tip": tip,
        "messages_list": list(tip.messages.all()),
        "message_form": extra.pop("message_form", None)
        or CitizenMessageForm(initial={"code": code, "secret": secret}),
        "request_form": extra.pop("request_form", None)
        or DataRequestForm(initial={"code": code, "secret": secret}),
        **extra,
    }
    response = render(request, "tips/public_status.html", context)
    response["Cache-Control"] = NO_STORE
    return response


@never_cache
@ratelimit(key=client_key, rate=follow_rate, method="POST", block=True, group="tips-follow")
def follow(request: HttpRequest) -> HttpResponse:
    """Open a tip with its code and secret (captcha); a wrong pair and an unknown code look the same."""
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
        tip = actions.find_by_code(code, secret)
        if tip is not None:
            return _status(request, tip, code, secret)
        return render(request, "tips/public_follow.html", {"form": FollowForm(), "refused": REFUSED})
    return render(request, "tips/public_follow.html", {"form": form})


@never_cache
@require_POST
@ratelimit(key=client_key, rate=follow_rate, method="POST", block=True, group="tips-follow")
def follow_message(request: HttpRequest) -> HttpResponse:
    form = CitizenMessageForm(request.POST, request.FILES)
    tip = actions.find_by_code(request.POST.get("code", ""), request.POST.get("secret", ""))
    if tip is None:
        return render(
            request, "tips/public_follow.html", {"form": FollowForm(), "refused": REFUSED}, status=400
        )
    code, secret = request.POST["code"], request.POST["secret"]
    notice = None
    if form.is_valid():
        try:
            actions.add_citizen_message(
                tip, body=form.cleaned_data["body"], files=form.cleaned_data["attachments"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            notice = _("Đã gửi trao đổi.")
            form = CitizenMessageForm(initial={"code": code, "secret": secret})
    return _status(request, tip, code, secret, message_form=form, notice=notice)


@never_cache
@require_POST
@ratelimit(key=client_key, rate=follow_rate, method="POST", block=True, group="tips-follow")
def data_request(request: HttpRequest) -> HttpResponse:
    form = DataRequestForm(request.POST)
    tip = actions.find_by_code(request.POST.get("code", ""), request.POST.get("secret", ""))
    if tip is None:
        return render(
            request, "tips/public_follow.html", {"form": FollowForm(), "refused": REFUSED}, status=400
        )
    code, secret = request.POST["code"], request.POST["secret"]
    notice = None
    if form.is_valid():
        try:
            actions.request_data_action(
                tip, kind=form.cleaned_data["kind"], details=form.cleaned_data["details"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            notice = _("Đã ghi nhận yêu cầu về dữ liệu cá nhân.")
    return _status(request, tip, code, secret, request_form=form, notice=notice)
