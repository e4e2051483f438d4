"""Pages of the review up the hierarchy: the queue of one reviewer and the review of one assessment.

The queue is for reviewers (national admin, province and commune officers); one assessment's page is
for its reviewers and the levels above them. Anything else answers 404 so that existence does not
leak. Buttons use the same predicates as the actions, so they show exactly when allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.assessments import actions, assessment_queries, readiness_queries, review_queries
from antq.assessments.models import Assessment, Cycle, CycleRule, SubjectType
from antq.assessments.permissions import (
    authority_rule,
    can_approve,
    can_reopen,
    can_return,
    can_see_review,
    may_use_review_queue,
    reviewer_unit,
)
from antq.core.errors import DomainError
from antq.core.models import AuditEntry

PAGE_SIZE = 50
BATCH_MAX = 500


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _reviewer_cycle(request: HttpRequest, year: int) -> Cycle:
    if not may_use_review_queue(request.user):
        raise Http404
    return get_object_or_404(Cycle, year=year)


def _assessment(request: HttpRequest, year: int, pk: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related(
            "cycle", "subject__commune__parent", "approved_by"
        ),
        pk=pk,
        cycle__year=year,
    )
    if not can_see_review(request.user, assessment):
        raise Http404
    return assessment


@login_required
def review_queue(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _reviewer_cycle(request, year)
    user = _user(request)
    subject_type = request.GET.get("loai", "")
    if subject_type not in SubjectType.values:
        subject_type = ""
    commune_key = request.GET.get("xa", "")[:20]
    queue = review_queries.review_queue(user, cycle, subject_type=subject_type, commune_key=commune_key)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/review_queue.html",
        {
            "cycle": cycle,
            "page": page,
            "rows": review_queries.queue_rows(list(page.object_list), cycle),
            "subject_types": SubjectType.choices,
            "subject_type": subject_type,
            "communes": review_queries.queue_communes(review_queries.review_queue(user, cycle)),
            "commune_key": commune_key,
        },
    )


@login_required
def review(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    assessment = _assessment(request, year, pk)
    user = _user(request)
    rule = authority_rule(assessment)
    evidence = assessment_queries.evidence_by_criterion(assessment)
    deadline = (
        CycleRule.objects.filter(cycle=assessment.cycle, subject_type=assessment.subject.subject_type)
        .values_list("decision_deadline", flat=True)
        .first()
    )
    readiness = readiness_queries.readiness_of(assessment)
    return render(
        request,
        "assessments/review.html",
        {
            "assessment": assessment,
            "readiness": readiness,
            "cycle": assessment.cycle,
            "subject": assessment.subject,
            "rule": rule,
            "reviewer": reviewer_unit(assessment),
            "deadline": deadline,
            "standard_results": [
                (r, evidence.get(r.criterion_id, []))
                for r in assessment.standard_results.select_related("criterion").order_by(
                    "criterion__order", "criterion__code"
                )
            ],
            "scores": assessment.scores.select_related("criterion").order_by(
                "criterion__order", "criterion__code"
            ),
            "history": AuditEntry.objects.for_object(assessment)[:20],
            "can_return": can_return(user, assessment),
            # A commune's file waits for its children: no approve button while the action would refuse.
            "can_approve": can_approve(user, assessment) and (readiness is None or readiness.ready),
            "can_reopen": can_reopen(user, assessment),
            "reason_max": actions.REVIEW_TEXT_MAX,
        },
    )


def _back(assessment: Assessment) -> HttpResponse:
    return redirect("assessments:review", year=assessment.cycle.year, pk=assessment.pk)


def _transition(
    request: HttpRequest,
    year: int,
    pk: int,
    act: Callable[[Assessment, User], object],
    done: str,
    *,
    back_to_queue: bool,
) -> HttpResponse:
    """Run one review action from a POST; a refusal shows its message on the file's page."""
    assessment = _assessment(request, year, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        act(assessment, _user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(assessment)
    messages.success(request, done % {"name": assessment.subject.name})
    return redirect("assessments:review_queue", year=year) if back_to_queue else _back(assessment)


@login_required
def review_return(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _transition(
        request,
        year,
        pk,
        lambda a, user: actions.return_assessment(a, by=user, reason=reason),
        _("Đã trả lại hồ sơ “%(name)s” cho xã."),
        back_to_queue=True,
    )


@login_required
def review_approve(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _transition(
        request,
        year,
        pk,
        lambda a, user: actions.approve_assessment(a, by=user, note=note),
        _("Đã thẩm định hồ sơ “%(name)s”."),
        back_to_queue=True,
    )


@login_required
def review_reopen(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _transition(
        request,
        year,
        pk,
        lambda a, user: actions.reopen_assessment(a, by=user, reason=reason),
        _("Đã mở lại hồ sơ “%(name)s” để thẩm định lại."),
        back_to_queue=False,
    )


@login_required
def review_batch(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _reviewer_cycle(request, year)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    ids = sorted({int(v) for v in request.POST.getlist("ids") if v.isdigit()})[:BATCH_MAX]
    if not ids:
        messages.warning(request, _("Chưa chọn hồ sơ nào."))
        return redirect("assessments:review_queue", year=year)
    selection = Assessment.objects.visible_to(request.user).filter(cycle=cycle, pk__in=ids)
    result = actions.approve_batch(selection, by=_user(request))
    if result.count:
        messages.success(request, _("Đã thẩm định %(n)s hồ sơ.") % {"n": result.count})
    for assessment, reason in result.skipped:
        messages.warning(
            request, _("Bỏ qua “%(name)s”: %(reason)s") % {"name": assessment.subject.name, "reason": reason}
        )
    missing = len(ids) - result.count - len(result.skipped)
    if missing:
        messages.warning(
            request,
            _("Bỏ qua %(n)s hồ sơ không tìm thấy hoặc không thuộc phạm vi của bạn.") % {"n": missing},
        )
    return redirect("assessments:review_queue", year=year)
