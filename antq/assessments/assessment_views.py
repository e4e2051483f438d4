"""Pages of the year-end self-assessment: the commune's list and one subject's file.

Reading needs the commune in the user's scope; writing (start, save, submit) needs
`can_edit_commune` and answers 404 otherwise, so that existence does not leak.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from antq.accounts.models import User
from antq.accounts.permissions import can_edit_commune
from antq.assessments import actions, assessment_queries, readiness_queries
from antq.assessments.assessment_forms import AssessmentForm
from antq.assessments.models import Assessment, Cycle, Evidence, Registration, Subject, SubjectType
from antq.assessments.subjects import sync_subjects
from antq.core.audit import log_action
from antq.core.errors import DomainError
from antq.units.models import Unit

# What the file picker offers; the server decides from the content whatever the picker allowed.
EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _commune(request: HttpRequest, key: str) -> Unit:
    commune = get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), key=key)
    if commune.level != Unit.Level.COMMUNE or commune.is_legacy:
        raise Http404
    return commune


def _editable_commune(request: HttpRequest, key: str) -> Unit:
    commune = _commune(request, key)
    if not can_edit_commune(_user(request), commune):
        raise Http404
    return commune


def _subject(request: HttpRequest, commune: Unit, pk: int) -> Subject:
    return get_object_or_404(Subject.objects.visible_to(request.user), commune=commune, pk=pk)


@login_required
def assessment_list(request: HttpRequest, key: str, year: int) -> HttpResponse:
    commune = _commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    sync_subjects([commune])
    board = assessment_queries.commune_assessment_list(commune, cycle, _user(request))
    return render(
        request,
        "assessments/assessment_list.html",
        {"unit": commune, "cycle": cycle, "board": board},
    )


def _page(
    request: HttpRequest,
    commune: Unit,
    cycle: Cycle,
    subject: Subject,
    assessment: Assessment | None,
    form: AssessmentForm | None,
    evaluation: assessment_queries.Evaluation | None,
) -> HttpResponse:
    can_edit = can_edit_commune(_user(request), commune) and cycle.status == Cycle.Status.OPEN
    editable = can_edit and assessment is not None and assessment.status in assessment_queries.EDITABLE
    evidence = assessment_queries.evidence_by_criterion(assessment) if assessment is not None else {}
    standard_items: list[tuple[Any, Any, Any, Any]] = []
    score_items: list[tuple[Any, Any, Any]] = []
    if evaluation is not None and form is not None:
        for row in evaluation.standard_rows:
            if row.is_auto:
                standard_items.append((row, None, None, []))
            else:
                pk = row.criterion.pk
                standard_items.append((row, form[f"met_{pk}"], form[f"note_{pk}"], evidence.get(pk, [])))
        for srow in evaluation.score_rows:
            if srow.score is None:
                score_items.append((srow, None, None))
            else:
                pk = srow.criterion.pk
                score_items.append((srow, form[f"points_{pk}"], form[f"snote_{pk}"]))
    registered = Registration.objects.filter(cycle=cycle, subject=subject).exists()
    readiness = (
        readiness_queries.commune_readiness(cycle, [commune.pk])[commune.pk]
        if subject.subject_type == SubjectType.COMMUNE
        else None
    )
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "unit": commune,
            "cycle": cycle,
            "subject": subject,
            "assessment": assessment,
            "evaluation": evaluation,
            "form": form,
            "standard_items": standard_items,
            "score_items": score_items,
            "registered": registered,
            "readiness": readiness,
            "can_start": can_edit and assessment is None and registered,
            "editable": editable,
            "in_phase": assessment_queries.today_in_phase(cycle, timezone.localdate()),
            "evidence_accept": EVIDENCE_ACCEPT,
            "evidence_max_mb": settings.ANTQ_EVIDENCE_MAX_BYTES // (1024 * 1024),
            "evidence_max_files": settings.ANTQ_EVIDENCE_MAX_FILES,
        },
    )


@login_required
def assessment(request: HttpRequest, key: str, year: int, subject: int) -> HttpResponse:
    commune = _editable_commune(request, key) if request.method == "POST" else _commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    target = _subject(request, commune, subject)
    current = Assessment.objects.filter(cycle=cycle, subject=target).first()
    if current is not None:
        current.subject, current.cycle = target, cycle
    if request.method == "POST" and request.POST.get("action") == "start":
        try:
            actions.start_assessment(target, cycle, by=_user(request))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("assessments:assessment", key=commune.key, year=cycle.year, subject=target.pk)
    if current is None:
        return _page(request, commune, cycle, target, None, None, None)

    evaluation = assessment_queries.evaluate(current)
    if request.method == "POST":
        form = AssessmentForm(request.POST, evaluation=evaluation)
        if form.is_valid():
            try:
                # Both halves or neither: a refused score keeps the standard answers unsaved too.
                with transaction.atomic():
                    actions.save_standard_results(current, form.standard_results(), by=_user(request))
                    actions.save_scores(current, form.scores(), by=_user(request))
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Đã lưu hồ sơ tự đánh giá của “%(name)s”.") % {"name": target.name}
                )
                return redirect("assessments:assessment", key=commune.key, year=cycle.year, subject=target.pk)
    else:
        form = AssessmentForm(evaluation=evaluation)
    return _page(request, commune, cycle, target, current, form, evaluation)


@login_required
def assessment_submit(request: HttpRequest, key: str, year: int, subject: int) -> HttpResponse:
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    target = _subject(request, commune, subject)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    current = get_object_or_404(Assessment, cycle=cycle, subject=target)
    try:
        submitted = actions.submit_assessment(current, by=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if submitted.is_late:
            messages.warning(
                request,
                _("Đã gửi hồ sơ tự đánh giá của “%(name)s” (sau hạn, được đánh dấu “gửi muộn”).")
                % {"name": target.name},
            )
        else:
            messages.success(request, _("Đã gửi hồ sơ tự đánh giá của “%(name)s”.") % {"name": target.name})
    return redirect("assessments:assessment", key=commune.key, year=cycle.year, subject=target.pk)


def _back_to(assessment: Assessment) -> HttpResponse:
    return redirect(
        "assessments:assessment",
        key=assessment.subject.commune.key,
        year=assessment.cycle.year,
        subject=assessment.subject_id,
    )


@login_required
def evidence_upload(request: HttpRequest, key: str, year: int, subject: int) -> HttpResponse:
    """POST a file (`file`) as evidence of one TT 124 criterion (`criterion`) of the subject's file."""
    commune = _editable_commune(request, key)
    cycle = get_object_or_404(Cycle, year=year)
    target = _subject(request, commune, subject)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    current = get_object_or_404(
        Assessment.objects.select_related("cycle", "subject__commune"), cycle=cycle, subject=target
    )
    upload = request.FILES.get("file")
    raw = request.POST.get("criterion", "")
    if upload is None:
        messages.error(request, _("Chưa chọn tệp minh chứng."))
        return _back_to(current)
    if not raw.isdigit():
        raise Http404
    try:
        evidence = actions.add_evidence(current, int(raw), upload, by=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã tải lên tệp minh chứng “%(name)s”.") % {"name": evidence.original_name}
        )
    return _back_to(current)


def _evidence(request: HttpRequest, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.visible_to(request.user).select_related(
            "assessment__cycle", "assessment__subject__commune"
        ),
        pk=pk,
    )


@login_required
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk)
    assessment = evidence.assessment
    if not can_edit_commune(_user(request), assessment.subject.commune):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.delete_evidence(evidence, by=_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa tệp minh chứng “%(name)s”.") % {"name": evidence.original_name})
    return _back_to(assessment)


def evidence_response(evidence: Evidence) -> FileResponse:
    """The stored file as a download: never rendered inline, never sniffed into another type."""
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Whoever sees the assessment (its commune, reviewers and levels above) may read its evidence."""
    evidence = _evidence(request, pk)
    log_action(
        evidence.assessment,
        "assessments.evidence.downloaded",
        actor=request.user,
        request=request,
        data={"evidence": evidence.pk, "name": evidence.original_name},
    )
    return evidence_response(evidence)
