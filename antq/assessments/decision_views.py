"""Pages of recognition decisions: choose approved assessments and decide, the decision, its downloads,
and the public list of recognised units.

Everything but the public list is scoped: a decision outside the user's scope answers 404. Every
download is audited (exports are audited).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.assessments import actions, documents, dossier
from antq.assessments.models import Assessment, AuthorityRule, Cycle, Decision
from antq.assessments.permissions import (
    authority_rule_for,
    can_revoke_decision,
    may_decide_for,
    may_use_review_queue,
    reviewer_unit_at,
)
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.core.text import fold
from antq.units.models import Unit

DECIDE_LIST_MAX = 500
PUBLIC_PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def decidable_groups(user: User, cycle: Cycle) -> list[dict[str, Any]]:
    """Approved assessments the user may decide, grouped by deciding unit (one decision per group)."""
    approved = list(
        Assessment.objects.visible_to(user)
        .filter(cycle=cycle, status=Assessment.Status.APPROVED)
        .select_related("subject__commune__parent")
        .order_by("subject__commune__name", "subject__subject_type", "subject__name")[:DECIDE_LIST_MAX]
    )
    rules: dict[tuple[str, str], AuthorityRule | None] = {}
    groups: dict[int, dict[str, Any]] = {}
    rows: dict[int, list[Assessment]] = defaultdict(list)
    for a in approved:
        key = (a.subject.subject_type, a.subject.managing_level)
        if key not in rules:
            rules[key] = authority_rule_for(cycle, *key)
        rule = rules[key]
        unit = reviewer_unit_at(a.subject, rule.decider_level) if rule else None
        if unit is None or rule is None:
            continue
        own = a.subject.commune.path if a.subject.subject_type == "commune" else ""
        if not may_decide_for(user, unit, not_on=own):
            continue
        groups.setdefault(unit.pk, {"unit": unit, "body": rule.decider_body, "symbol": rule.doc_symbol})
        rows[unit.pk].append(a)
    return [{**group, "assessments": rows[pk]} for pk, group in groups.items()]


def _issued_on(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError as exc:
        raise DomainError(_("Ngày ban hành không hợp lệ.")) from exc


@login_required
def decision_create(request: HttpRequest, year: int) -> HttpResponse:
    """GET: approved assessments grouped by deciding unit, with checkboxes; POST: issue the decision."""
    if not may_use_review_queue(request.user):
        raise Http404
    cycle = get_object_or_404(Cycle, year=year)
    user = _user(request)
    replaces = _replaced(request, cycle)
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("ids") if v.isdigit()}
        selection = list(Assessment.objects.visible_to(user).filter(cycle=cycle, pk__in=ids))
        try:
            if len(selection) != len(ids):
                raise DomainError(_("Có hồ sơ không tìm thấy hoặc không thuộc phạm vi của bạn."))
            decision = actions.decide(
                selection,
                by=user,
                issued_on=_issued_on(request.POST.get("issued_on", "")),
                signer_name=request.POST.get("signer_name", ""),
                signer_title=request.POST.get("signer_title", ""),
                replaces=replaces,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("assessments:decision_create", year=year)
        messages.success(
            request, _("Đã ban hành Quyết định số %(number)s.") % {"number": decision.display_number}
        )
        return redirect("assessments:decision", year=year, pk=decision.pk)
    return render(
        request,
        "assessments/decision_create.html",
        {
            "cycle": cycle,
            "groups": decidable_groups(user, cycle),
            "today": timezone.localdate(),
            "decisions": Decision.objects.visible_to(user).filter(cycle=cycle).select_related("issuer")[:50],
            "replaces": replaces,
        },
    )


def _replaced(request: HttpRequest, cycle: Cycle) -> Decision | None:
    """The revoked decision being corrected (`thay-the` in the query or the form), in the user's scope."""
    raw = request.POST.get("replaces") or request.GET.get("thay-the", "")
    if not raw.isdigit() or len(raw) > 10:
        return None
    return get_object_or_404(Decision.objects.visible_to(request.user), pk=int(raw), cycle=cycle)


def _decision(request: HttpRequest, year: int, pk: int) -> Decision:
    return get_object_or_404(
        Decision.objects.visible_to(request.user).select_related(
            "cycle", "issuer__parent", "created_by", "revoked_by", "replaces"
        ),
        pk=pk,
        cycle__year=year,
    )


@login_required
def decision(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    obj = _decision(request, year, pk)
    assessments = obj.assessments.select_related("subject__commune").order_by(
        "-recognised", "subject__commune__name", "subject__name"
    )
    replaced_by = Decision.objects.visible_to(request.user).filter(replaces=obj).first()
    return render(
        request,
        "assessments/decision.html",
        {
            "decision": obj,
            "cycle": obj.cycle,
            "assessments": assessments,
            "can_revoke": can_revoke_decision(request.user, obj) and obj.cycle.status != Cycle.Status.CLOSED,
            "replaced_by": replaced_by,
            "reason_max": actions.REVIEW_TEXT_MAX,
        },
    )


@login_required
def decision_revoke(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """POST: revoke the decision with a reason; a refusal is shown on the decision's page."""
    obj = _decision(request, year, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.revoke_decision(obj, by=_user(request), reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã thu hồi Quyết định số %(number)s; các hồ sơ trở lại trạng thái đã thẩm định.")
            % {"number": obj.display_number},
        )
    return redirect("assessments:decision", year=year, pk=pk)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(obj: Decision) -> str:
    return f"quyet-dinh-{obj.number:02d}-{obj.year}-{obj.issuer.key}"


def _issued_decision(request: HttpRequest, year: int, pk: int) -> Decision:
    """A decision whose documents can be generated: a revoked one lists nothing any more."""
    obj = _decision(request, year, pk)
    if obj.is_revoked:
        raise Http404
    return obj


@login_required
def decision_pdf(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    obj = _issued_decision(request, year, pk)
    content = documents.decision_pdf(obj)
    log_action(
        obj, "assessments.decision.exported", actor=request.user, request=request, data={"format": "pdf"}
    )
    return _download(content, "application/pdf", f"{_filename(obj)}.pdf")


@login_required
def decision_xlsx(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    obj = _issued_decision(request, year, pk)
    content = documents.score_sheet_xlsx(obj)
    log_action(
        obj, "assessments.decision.exported", actor=request.user, request=request, data={"format": "xlsx"}
    )
    return _download(content, XLSX, f"{_filename(obj)}-bang-diem.xlsx")


@login_required
def certificate_pdf(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related(
            "subject__commune", "cycle", "decision__issuer__parent", "decision__cycle"
        ),
        pk=pk,
        cycle__year=year,
        status=Assessment.Status.DECIDED,
        recognised=True,
        decision__isnull=False,
    )
    content = documents.certificate_pdf(assessment)
    log_action(assessment, "assessments.certificate.exported", actor=request.user, request=request)
    return _download(content, "application/pdf", f"giay-cong-nhan-{year}-{assessment.pk}.pdf")


def _dossier(request: HttpRequest, year: int, key: str) -> dossier.Dossier:
    """The dossier of a deciding unit the user may decide for (404 otherwise, and for other users)."""
    if not may_use_review_queue(request.user):
        raise Http404
    cycle = get_object_or_404(Cycle, year=year)
    unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), key=key)
    found = dossier.dossier_for(_user(request), cycle, unit)
    if found is None:
        raise Http404
    return found


def _dossier_download(request: HttpRequest, year: int, key: str, fmt: str) -> HttpResponse:
    found = _dossier(request, year, key)
    if not found.assessments:
        messages.warning(
            request,
            _("%(unit)s không có hồ sơ đã thẩm định nào chờ quyết định.") % {"unit": found.unit.name},
        )
        return redirect("assessments:decision_create", year=year)
    log_action(
        found.unit,
        "assessments.dossier.exported",
        actor=request.user,
        request=request,
        data={"format": fmt, "year": year, "assessments": [a.pk for a in found.assessments]},
    )
    name = f"to-trinh-{year}-{found.unit.key}"
    if fmt == "pdf":
        return _download(documents.dossier_pdf(found, timezone.localdate()), "application/pdf", f"{name}.pdf")
    return _download(documents.dossier_xlsx(found), XLSX, f"{name}-bang-diem.xlsx")


@login_required
def dossier_pdf(request: HttpRequest, year: int, key: str) -> HttpResponse:
    """The tờ trình proposing recognition to the deciding body, with its annex list."""
    return _dossier_download(request, year, key, "pdf")


@login_required
def dossier_xlsx(request: HttpRequest, year: int, key: str) -> HttpResponse:
    """The score list of the dossier in Excel."""
    return _dossier_download(request, year, key, "xlsx")


def public_recognised(request: HttpRequest, year: int) -> HttpResponse:
    """Public list of units recognised in `year`: names, places, decision numbers, classes; nobody's name."""
    cycle = get_object_or_404(Cycle, year=year)
    province = request.GET.get("tinh", "")[:100].strip()
    rows = (
        Assessment.objects.filter(cycle=cycle, status=Assessment.Status.DECIDED, recognised=True)
        .select_related("subject__commune__parent", "decision")
        .only(
            "subject__name",
            "subject__subject_type",
            "subject__commune__name",
            "subject__commune__parent__name",
            "decision__number",
            "decision__symbol",
            "decision__issued_on",
            "decided_class",
        )
        .order_by("subject__commune__parent__name", "subject__commune__name", "subject__name", "pk")
    )
    if province:
        rows = rows.filter(subject__commune__parent__name_folded__contains=fold(province))
    page = Paginator(rows, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    provinces = Unit.objects.filter(level=Unit.Level.PROVINCE, is_legacy=False).order_by("name")
    return render(
        request,
        "assessments/public_recognised.html",
        {"cycle": cycle, "page": page, "province": province, "provinces": provinces},
    )
