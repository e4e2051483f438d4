"""The year-end self-assessment: actions, the XA-4 share, classification, pages and scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from antq.assessments import actions
from antq.assessments.models import (
    Assessment,
    ClassCap,
    ClassThreshold,
    CriteriaSet,
    Criterion,
    Cycle,
    CycleRule,
    DisqualifyingEvent,
    Registration,
    Score,
    StandardResult,
    Subject,
    SubjectType,
)
from antq.assessments.seed import seed_assessments, sheet_code, standard_code
from antq.assessments.subjects import sync_subjects
from antq.assessments.tests.cycles import cycle_2026
from antq.core.errors import DomainError
from antq.core.models import AuditEntry
from antq.testing.factories import ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)  # inside the 2026 self-assessment phase (01/10 – 30/11)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def cycle(db):
    seed_assessments(open_year=None)
    cycle = cycle_2026()
    for rule in CycleRule.objects.filter(cycle=cycle):
        rule.standard_set = CriteriaSet.objects.get(code=standard_code(rule.subject_type))
        rule.score_sheet = CriteriaSet.objects.get(code=sheet_code(rule.subject_type))
        rule.save()
    return cycle


@pytest.fixture
def a1(sample_participants):
    commune = Unit.objects.get(key=COMMUNE_A1)
    sync_subjects([commune])
    return commune


@pytest.fixture
def officer(personas):
    return personas["commune_a1_officer"]


@pytest.fixture
def area(a1, sample_participants):
    return Subject.objects.get(residential_area=sample_participants["a1_areas"][0])


@pytest.fixture
def commune_subject(a1):
    return Subject.objects.get(unit=a1)


def register(subject, cycle):
    return Registration.objects.create(cycle=cycle, subject=subject, registered_on=date(2026, 3, 1))


@pytest.fixture
def draft(area, cycle, officer):
    register(area, cycle)
    return actions.start_assessment(area, cycle, by=officer)


def criteria(assessment, kind):
    rule = CycleRule.objects.get(cycle=assessment.cycle, subject_type=assessment.subject.subject_type)
    criteria_set = rule.standard_set if kind == "standard" else rule.score_sheet
    return {c.code: c for c in Criterion.objects.filter(criteria_set=criteria_set)}


def answer_all(assessment, by, *, met=True, points=None):
    standard = criteria(assessment, "standard")
    actions.save_standard_results(
        assessment,
        {c.pk: (met, "Biên bản họp") for c in standard.values() if c.check_type == Criterion.Check.MANUAL},
        by=by,
    )
    sheet = criteria(assessment, "sheet")
    points = points or {}
    actions.save_scores(
        assessment,
        {c.pk: (points.get(c.code, c.max_points), "") for c in sheet.values()},
        by=by,
    )
    assessment.refresh_from_db()
    return assessment


def set_thresholds(assessment, **values):
    rule = CycleRule.objects.get(cycle=assessment.cycle, subject_type=assessment.subject.subject_type)
    for movement_class, value in values.items():
        ClassThreshold.objects.filter(criteria_set=rule.score_sheet, movement_class=movement_class).update(
            min_points=Decimal(value)
        )
    return rule.score_sheet


# --- start -------------------------------------------------------------------------------------------


def test_start_creates_a_row_per_criterion_and_is_audited(draft, officer):
    standard = criteria(draft, "standard")
    sheet = criteria(draft, "sheet")
    assert draft.status == Assessment.Status.DRAFT
    assert set(
        StandardResult.objects.filter(assessment=draft).values_list("criterion__code", flat=True)
    ) == set(standard)
    assert set(Score.objects.filter(assessment=draft).values_list("criterion__code", flat=True)) == set(sheet)
    assert not Score.objects.filter(assessment=draft, points__isnull=False).exists()
    assert draft.standard_met is None
    entry = AuditEntry.objects.get(action="assessments.assessment.started")
    assert entry.actor == officer and entry.target_id == str(draft.pk)
    # A second start returns the same draft and writes nothing new.
    assert actions.start_assessment(draft.subject, draft.cycle, by=officer).pk == draft.pk
    assert AuditEntry.objects.filter(action="assessments.assessment.started").count() == 1
    assert StandardResult.objects.filter(assessment=draft).count() == len(standard)


def test_start_refuses_an_unregistered_subject(area, cycle, officer):
    with pytest.raises(DomainError) as exc:
        actions.start_assessment(area, cycle, by=officer)
    assert "chưa đăng ký phấn đấu" in exc.value.message
    assert not Assessment.objects.exists()


def test_start_refuses_a_closed_cycle(area, cycle, officer):
    register(area, cycle)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    with pytest.raises(DomainError, match="đã kết thúc"):
        actions.start_assessment(area, cycle, by=officer)


# --- scores: nothing half-saved -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        (Decimal("40.1"), "phải từ 0 đến 40,0"),
        (Decimal("-1"), "phải từ 0 đến 40,0"),
        (Decimal("2.25"), "nhiều nhất một chữ số thập phân"),
    ],
)
def test_one_bad_score_refuses_them_all(draft, officer, bad, fragment):
    sheet = criteria(draft, "sheet")
    with pytest.raises(DomainError) as exc:
        actions.save_scores(
            draft,
            {sheet["KDC510-2"].pk: (Decimal("25"), ""), sheet["KDC510-1"].pk: (bad, "")},
            by=officer,
        )
    assert fragment in exc.value.message
    assert "Chưa lưu điểm nào" in exc.value.message
    assert not Score.objects.filter(assessment=draft, points__isnull=False).exists()
    assert not AuditEntry.objects.filter(action="assessments.assessment.scores_saved").exists()


def test_scores_are_totalled_and_audited(draft, officer):
    sheet = criteria(draft, "sheet")
    actions.save_scores(
        draft,
        {sheet["KDC510-1"].pk: (Decimal("35.5"), "Đủ"), sheet["KDC510-2"].pk: (Decimal("20"), "")},
        by=officer,
    )
    draft.refresh_from_db()
    assert draft.total_points == Decimal("55.5")
    assert draft.proposed_class == ""  # KDC510-3 not scored yet
    entry = AuditEntry.objects.get(action="assessments.assessment.scores_saved")
    assert entry.data["changed"]["KDC510-1"] == [None, "35.5"]


# --- standard ------------------------------------------------------------------------------------------


def test_standard_met_true_false_none(draft, officer):
    standard = criteria(draft, "standard")
    actions.save_standard_results(draft, {standard["KDC-1"].pk: (True, "")}, by=officer)
    draft.refresh_from_db()
    assert draft.standard_met is None
    answer_all(draft, officer, met=True)
    assert draft.standard_met is True
    actions.save_standard_results(draft, {standard["KDC-4"].pk: (False, "Có vụ trộm")}, by=officer)
    draft.refresh_from_db()
    assert draft.standard_met is False
    assert AuditEntry.objects.filter(action="assessments.assessment.standard_saved").count() == 3


def test_an_event_in_the_window_forces_not_met(draft, officer):
    answer_all(draft, officer, met=True)
    assert draft.standard_met is True
    # Outside the window (before 01/11/2025): no effect.
    DisqualifyingEvent.objects.create(
        subject=draft.subject, occurred_on=date(2025, 10, 20), category="other", description="Cũ"
    )
    actions.recompute(draft)
    draft.refresh_from_db()
    assert draft.standard_met is True
    DisqualifyingEvent.objects.create(
        subject=draft.subject, occurred_on=date(2026, 5, 1), category="separatism", description="Vụ việc"
    )
    actions.recompute(draft)
    draft.refresh_from_db()
    assert draft.standard_met is False


def test_system_computed_criteria_cannot_be_typed_in(commune_subject, cycle, officer):
    register(commune_subject, cycle)
    assessment = actions.start_assessment(commune_subject, cycle, by=officer)
    xa4 = criteria(assessment, "standard")["XA-4"]
    with pytest.raises(DomainError, match="do hệ thống tính"):
        actions.save_standard_results(assessment, {xa4.pk: (True, "")}, by=officer)


# --- XA-4 ----------------------------------------------------------------------------------------------


def _children(a1, cycle, recognised):
    """100 residential areas and organisations under A1, all registered, `recognised` of them recognised."""
    ResidentialAreaFactory.create_batch(97, commune=a1)
    sync_subjects([a1])
    children = list(Subject.objects.filter(commune=a1).exclude(subject_type=SubjectType.COMMUNE))
    assert len(children) == 100
    Registration.objects.bulk_create(
        Registration(cycle=cycle, subject=s, registered_on=date(2026, 3, 1)) for s in children
    )
    Assessment.objects.bulk_create(
        Assessment(cycle=cycle, subject=s, recognised=i < recognised) for i, s in enumerate(children)
    )


@pytest.mark.parametrize(
    ("recognised", "met", "text"), [(70, True, "70 % ≥ 70 %"), (69, False, "69 % < 70 %")]
)
def test_xa4_is_computed_from_the_children(a1, commune_subject, cycle, officer, recognised, met, text):
    _children(a1, cycle, recognised)
    register(commune_subject, cycle)
    assessment = actions.start_assessment(commune_subject, cycle, by=officer)
    row = StandardResult.objects.get(assessment=assessment, criterion__code="XA-4")
    assert row.met is met
    assert "100/100 đã đăng ký = 100 % ≥ 100 %" in row.note
    assert f"{recognised}/100 được công nhận = {text}" in row.note


def test_xa4_not_met_when_a_child_did_not_register(a1, commune_subject, cycle, officer):
    register(commune_subject, cycle)
    assessment = actions.start_assessment(commune_subject, cycle, by=officer)
    row = StandardResult.objects.get(assessment=assessment, criterion__code="XA-4")
    assert row.met is False
    assert "0/3 đã đăng ký" in row.note


# --- classification -------------------------------------------------------------------------------------


def test_classification_waits_for_thresholds_then_caps(draft, officer):
    draft = answer_all(draft, officer, met=True, points={"KDC510-1": Decimal("38")})
    assert draft.total_points == Decimal("98.0")
    assert draft.proposed_class == ""
    sheet = set_thresholds(draft, excellent="90", good="70", average="50", weak="0")
    actions.recompute(draft)
    draft.refresh_from_db()
    assert draft.proposed_class == "excellent"
    ClassCap.objects.create(criteria_set=sheet, condition="not_recognised", max_class="good")
    actions.save_standard_results(draft, {criteria(draft, "standard")["KDC-2"].pk: (False, "")}, by=officer)
    draft.refresh_from_db()
    assert draft.standard_met is False
    assert draft.proposed_class == "good"


def test_the_page_explains_why_there_is_no_class(draft, officer, client_for):
    answer_all(draft, officer, met=True)
    url = reverse("assessments:assessment", args=[COMMUNE_A1, 2026, draft.subject_id])
    body = client_for(officer).get(url).content.decode()
    assert "ngưỡng điểm của các mức chưa được cấu hình (cần xác minh)" in body
    assert "cần xác minh" in body
    set_thresholds(draft, excellent="90", good="70", average="50", weak="0")
    actions.recompute(draft)
    body = client_for(officer).get(url).content.decode()
    assert 'data-testid="proposed-class">Xuất sắc' in body


# --- submit ---------------------------------------------------------------------------------------------


def test_submit_refuses_an_incomplete_file_and_lists_what_is_missing(draft, officer):
    sheet = criteria(draft, "sheet")
    actions.save_scores(draft, {sheet["KDC510-1"].pk: (Decimal("30"), "")}, by=officer)
    with pytest.raises(DomainError) as exc:
        actions.submit_assessment(draft, by=officer)
    assert "KDC-1, KDC-2, KDC-3, KDC-4, KDC-5" in exc.value.message
    assert "điểm KDC510-2, KDC510-3" in exc.value.message
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT


def test_submit_sets_the_status_once_and_is_audited(draft, officer):
    answer_all(draft, officer)
    submitted = actions.submit_assessment(draft, by=officer)
    assert submitted.status == Assessment.Status.SUBMITTED
    assert submitted.submitted_at is not None
    assert submitted.is_late is False
    entry = AuditEntry.objects.get(action="assessments.assessment.submitted")
    assert entry.actor == officer and entry.data["total_points"] == "100.0"
    with pytest.raises(DomainError, match="Hồ sơ đã gửi"):
        actions.submit_assessment(draft, by=officer)
    with pytest.raises(DomainError, match="không sửa được"):
        actions.save_scores(draft, {}, by=officer)


def test_submit_after_the_decision_deadline_is_flagged_late(draft, officer):
    answer_all(draft, officer)
    CycleRule.objects.filter(cycle=draft.cycle, subject_type=SubjectType.RESIDENTIAL_AREA).update(
        decision_deadline=date(2026, 11, 20)
    )
    assert actions.submit_assessment(draft, by=officer).is_late is True


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("review_end", date(2026, 11, 22), "Đã hết thời hạn gửi hồ sơ"),
        ("self_assessment_start", date(2026, 11, 24), "Chưa đến thời gian gửi hồ sơ"),
    ],
)
def test_submit_refused_outside_the_phase(draft, officer, field, value, fragment):
    answer_all(draft, officer)
    Cycle.objects.filter(pk=draft.cycle_id).update(**{field: value})
    draft.refresh_from_db()
    with pytest.raises(DomainError, match=fragment):
        actions.submit_assessment(draft, by=officer)


def test_submit_refused_when_the_registration_was_withdrawn(draft, officer):
    answer_all(draft, officer)
    Registration.objects.filter(subject=draft.subject).delete()
    with pytest.raises(DomainError, match="chưa đăng ký phấn đấu"):
        actions.submit_assessment(draft, by=officer)


# --- pages ----------------------------------------------------------------------------------------------


def test_page_saves_and_submits(draft, officer, client_for):
    client = client_for(officer)
    url = reverse("assessments:assessment", args=[COMMUNE_A1, 2026, draft.subject_id])
    standard = criteria(draft, "standard")
    sheet = criteria(draft, "sheet")
    data = {"action": "save"}
    for c in standard.values():
        data[f"met_{c.pk}"] = "1"
        data[f"note_{c.pk}"] = "Có biên bản"
    for c in sheet.values():
        data[f"points_{c.pk}"] = "30"
    data[f"points_{sheet['KDC510-1'].pk}"] = "35,5"
    response = client.post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.total_points == Decimal("95.5")
    assert draft.standard_met is True
    page = client.get(url).content.decode()
    assert 'inputmode="decimal"' in page and 'step="0.1"' in page
    response = client.post(
        reverse("assessments:assessment_submit", args=[COMMUNE_A1, 2026, draft.subject_id])
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED
    page = client.get(url).content.decode()
    assert "<fieldset disabled>" in page


def test_page_refuses_a_bad_score_and_keeps_the_standard_answers_unsaved(draft, officer, client_for):
    url = reverse("assessments:assessment", args=[COMMUNE_A1, 2026, draft.subject_id])
    standard = criteria(draft, "standard")
    sheet = criteria(draft, "sheet")
    response = client_for(officer).post(
        url, {"action": "save", f"met_{standard['KDC-1'].pk}": "1", f"points_{sheet['KDC510-1'].pk}": "2,25"}
    )
    assert response.status_code == 200
    assert "nhiều nhất một chữ số thập phân" in response.content.decode()
    assert not StandardResult.objects.filter(assessment=draft, met__isnull=False).exists()


def test_page_shows_the_xa4_numbers(a1, commune_subject, cycle, officer, client_for):
    register(commune_subject, cycle)
    actions.start_assessment(commune_subject, cycle, by=officer)
    url = reverse("assessments:assessment", args=[COMMUNE_A1, 2026, commune_subject.pk])
    body = client_for(officer).get(url).content.decode()
    assert "0/3 đã đăng ký = 0 % &lt; 100 %" in body


def test_start_from_the_page(area, cycle, officer, client_for):
    register(area, cycle)
    url = reverse("assessments:assessment", args=[COMMUNE_A1, 2026, area.pk])
    assert "Bắt đầu tự đánh giá" in client_for(officer).get(url).content.decode()
    assert client_for(officer).post(url, {"action": "start"}).status_code == 302
    assert Assessment.objects.filter(subject=area, cycle=cycle).exists()


def test_list_runs_a_constant_number_of_queries(a1, area, cycle, officer, client_for, draft):
    client = client_for(officer)
    url = reverse("assessments:assessment_list", args=[COMMUNE_A1, 2026])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        response = client.get(url)
    assert response.status_code == 200
    assert area.name in response.content.decode()
    new = ResidentialAreaFactory.create_batch(5, commune=a1)
    sync_subjects([a1])
    for ra in new:
        subject = Subject.objects.get(residential_area=ra)
        register(subject, cycle)
        actions.start_assessment(subject, cycle, by=officer)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert len(after) == len(before)
    assert new[0].name in response.content.decode()


# --- scope ----------------------------------------------------------------------------------------------


def test_scope(draft, personas, client_for):
    page = reverse("assessments:assessment", args=[COMMUNE_A1, 2026, draft.subject_id])
    listing = reverse("assessments:assessment_list", args=[COMMUNE_A1, 2026])
    submit = reverse("assessments:assessment_submit", args=[COMMUNE_A1, 2026, draft.subject_id])
    b1 = client_for(personas["commune_b1_officer"])
    assert b1.get(page).status_code == 404
    assert b1.get(listing).status_code == 404
    assert b1.post(page, {"action": "save"}).status_code == 404
    assert b1.post(submit).status_code == 404
    steering = client_for(personas["steering_a1_member"])
    body = steering.get(page).content.decode()
    assert "<fieldset disabled>" in body and "Gửi hồ sơ" not in body
    assert steering.post(page, {"action": "save"}).status_code == 404
    assert steering.post(page, {"action": "start"}).status_code == 404
    assert steering.post(submit).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT
