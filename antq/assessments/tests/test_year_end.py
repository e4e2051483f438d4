"""Revoking and correcting a decision; closing a cycle; freezing the criteria sets results depend on."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from antq.assessments import actions, documents, tallies
from antq.assessments.models import (
    Assessment,
    ClassThreshold,
    CriteriaSet,
    Criterion,
    Cycle,
    CycleRule,
    Decision,
    Score,
    Subject,
)
from antq.assessments.seed import seed_assessments
from antq.assessments.subjects import sync_subjects
from antq.core.errors import DomainError
from antq.core.models import AuditEntry, Notification
from antq.units.models import Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 24)


@pytest.fixture
def cycle(db):
    seed_assessments()
    return Cycle.objects.get(year=2026)


@pytest.fixture
def subjects(sample_participants):
    sync_subjects(list(Unit.objects.filter(key__in=[COMMUNE_A1])))
    return {
        "a1_area": Subject.objects.get(residential_area=sample_participants["a1_areas"][0]),
        "a1_area2": Subject.objects.get(residential_area=sample_participants["a1_areas"][1]),
        "a1_school": Subject.objects.get(organisation=sample_participants["a1_school"]),
        "a1_commune": Subject.objects.get(unit__key=COMMUNE_A1),
    }


def approved(cycle, subject, *, met=True, points="92.5", klass="excellent", status="approved"):
    return Assessment.objects.create(
        cycle=cycle,
        subject=subject,
        status=status,
        standard_met=met,
        total_points=Decimal(points),
        proposed_class=klass,
    )


@pytest.fixture
def a1(cycle, subjects):
    return [
        approved(cycle, subjects["a1_area"]),
        approved(cycle, subjects["a1_area2"], met=False, points="61", klass="average"),
        approved(cycle, subjects["a1_school"], points="85", klass="good"),
    ]


@pytest.fixture
def issued(a1, commune_a1_officer):
    return actions.decide(a1, by=commune_a1_officer, issued_on=DAY)


# --- revoking ------------------------------------------------------------------------------------


def test_revoke_puts_the_files_back_to_approved_and_keeps_the_number(issued, commune_a1_officer, client):
    actions.revoke_decision(issued, by=commune_a1_officer, reason="Ghi nhầm Tổ dân phố số 2")
    issued.refresh_from_db()
    assert issued.status == "revoked" and issued.revoked_by == commune_a1_officer and issued.revoked_at
    assert issued.revoke_reason == "Ghi nhầm Tổ dân phố số 2"
    assert {e["subject"] for e in issued.revoked_entries} == {
        "Tổ dân phố số 1",
        "Tổ dân phố số 2",
        "Trường THCS Phan Chu Trinh",
    }
    files = Assessment.objects.filter(pk__in=[e["assessment"] for e in issued.revoked_entries])
    assert all(
        (a.status, a.decision_id, a.recognised, a.decided_class, a.decided_at)
        == ("approved", None, None, "", None)
        for a in files
    )
    assert AuditEntry.objects.filter(action="assessments.decision.revoked").count() == 1
    assert AuditEntry.objects.filter(action="assessments.assessment.decision_revoked").count() == 3
    assert Notification.objects.filter(
        recipient=commune_a1_officer, message__contains="đã bị thu hồi"
    ).exists()
    # Gone from the public list of recognised units.
    public = client.get(reverse("assessments:public_recognised", args=[2026]))
    assert "Tổ dân phố số 1" not in public.content.decode()
    # NĐ 30: the next decision of the issuer takes the next number, never the revoked one.
    again = actions.decide(list(files), by=commune_a1_officer, issued_on=DAY)
    assert again.number == issued.number + 1


def test_revoking_updates_the_overview_tallies(issued, commune_a1_officer):
    cycle = issued.cycle
    key = (issued.issuer_id, "residential_area")
    assert tallies.stored_counts(cycle)[key]["decided"] == 2
    actions.revoke_decision(issued, by=commune_a1_officer, reason="Ghi nhầm")
    assert tallies.stored_counts(cycle) == tallies.live_counts(cycle)
    assert tallies.stored_counts(cycle)[key]["decided"] == 0


def test_revoke_refusals_change_nothing(issued, commune_a1_officer, commune_b1_officer, steering_a1_member):
    with pytest.raises(DomainError, match="lý do thu hồi"):
        actions.revoke_decision(issued, by=commune_a1_officer, reason="   ")
    for outsider in (commune_b1_officer, steering_a1_member):
        with pytest.raises(DomainError, match="Chỉ đơn vị ban hành"):
            actions.revoke_decision(issued, by=outsider, reason="Sai")
    issued.refresh_from_db()
    assert issued.status == "issued"
    assert Assessment.objects.filter(decision=issued).count() == 3
    actions.revoke_decision(issued, by=commune_a1_officer, reason="Sai")
    with pytest.raises(DomainError, match="đã bị thu hồi"):
        actions.revoke_decision(issued, by=commune_a1_officer, reason="Lần hai")
    assert AuditEntry.objects.filter(action="assessments.decision.revoked").count() == 1


def test_a_commune_cannot_revoke_the_provinces_decision(
    cycle, subjects, province_a_officer, commune_a1_officer
):
    decision = actions.decide([approved(cycle, subjects["a1_commune"])], by=province_a_officer, issued_on=DAY)
    with pytest.raises(DomainError, match="Chỉ đơn vị ban hành"):
        actions.revoke_decision(decision, by=commune_a1_officer, reason="Sai")
    actions.revoke_decision(decision, by=province_a_officer, reason="Sai")


def test_correcting_decision_records_what_it_replaces(issued, commune_a1_officer):
    issued = actions.revoke_decision(issued, by=commune_a1_officer, reason="Ghi nhầm đơn vị")
    keep = [e["assessment"] for e in issued.revoked_entries if e["subject"] != "Tổ dân phố số 2"]
    correcting = actions.decide(
        list(Assessment.objects.filter(pk__in=keep)), by=commune_a1_officer, issued_on=DAY, replaces=issued
    )
    assert correcting.replaces == issued and correcting.number == 2
    entry = AuditEntry.objects.get(action="assessments.decision.issued", target_id=str(correcting.pk))
    assert entry.data["replaces"] == "01/QĐ-UBND"
    pages = PdfReader(io.BytesIO(documents.decision_pdf(correcting))).pages
    text = " ".join(" ".join(p.extract_text() or "" for p in pages).split())
    assert "thay thế Quyết định số 01/QĐ-UBND ngày 24/11/2026" in text
    left = list(Assessment.objects.filter(status="approved"))
    assert [a.subject.name for a in left] == ["Tổ dân phố số 2"]
    with pytest.raises(DomainError, match="Chỉ thay thế được quyết định đã thu hồi"):
        actions.decide(left, by=commune_a1_officer, issued_on=DAY, replaces=correcting)
    with pytest.raises(DomainError, match="đã có quyết định thay thế"):
        actions.decide(left, by=commune_a1_officer, issued_on=DAY, replaces=issued)
    assert Decision.objects.count() == 2


def test_revoke_page_button_form_and_banner(issued, personas, client_for):
    url = reverse("assessments:decision", args=[2026, issued.pk])
    revoke = reverse("assessments:decision_revoke", args=[2026, issued.pk])
    assert 'data-testid="revoke-form"' in client_for(personas["commune_a1_officer"]).get(url).content.decode()
    assert (
        'data-testid="revoke-form"'
        not in client_for(personas["steering_a1_member"]).get(url).content.decode()
    )
    # Outside scope: 404, the decision's existence does not leak.
    assert client_for(personas["commune_b1_officer"]).post(revoke, {"reason": "x"}).status_code == 404
    # Seen but not allowed: the action's message, nothing changes.
    client_for(personas["steering_a1_member"]).post(revoke, {"reason": "x"})
    issued.refresh_from_db()
    assert issued.status == "issued"
    officer = client_for(personas["commune_a1_officer"])
    response = officer.post(revoke, {"reason": ""}, follow=True)
    assert "Vui lòng nhập lý do thu hồi." in response.content.decode()
    response = officer.post(revoke, {"reason": "Ghi nhầm đơn vị"}, follow=True)
    html = response.content.decode()
    assert 'data-testid="revoked"' in html and "Đã thu hồi" in html and "Ghi nhầm đơn vị" in html
    assert "Tổ dân phố số 1" in html  # the list it had, kept on the decision
    assert f"?thay-the={issued.pk}" in html
    assert officer.get(reverse("assessments:decision_pdf", args=[2026, issued.pk])).status_code == 404
    create = officer.get(reverse("assessments:decision_create", args=[2026]) + f"?thay-the={issued.pk}")
    assert 'name="replaces"' in create.content.decode()


# --- closing a cycle -----------------------------------------------------------------------------


def test_close_cycle_by_the_national_admin_only_and_freezes_changes(
    a1,
    cycle,
    national_admin,
    province_a_officer,
    commune_a1_officer,
):
    with pytest.raises(DomainError, match="Chỉ quản trị toàn quốc"):
        actions.close_cycle(cycle, by=province_a_officer)
    actions.close_cycle(cycle, by=national_admin)
    cycle.refresh_from_db()
    assert cycle.status == "closed"
    assert AuditEntry.objects.filter(action="assessments.cycle.closed").count() == 1
    with pytest.raises(DomainError, match="Chỉ kết thúc được kỳ đánh giá đang diễn ra"):
        actions.close_cycle(cycle, by=national_admin)
    with pytest.raises(DomainError, match="đã kết thúc"):
        actions.decide(a1, by=commune_a1_officer, issued_on=DAY)
    with pytest.raises(DomainError, match="đã kết thúc"):
        actions.update_cycle_rule(
            CycleRule.objects.filter(cycle=cycle).first(),
            by=national_admin,
            decision_deadline=date(2026, 12, 31),
        )
    submitted = a1[0]
    Assessment.objects.filter(pk=submitted.pk).update(status="submitted")
    with pytest.raises(DomainError, match="đã kết thúc"):
        actions.approve_assessment(submitted, by=commune_a1_officer)
    with pytest.raises(DomainError, match="đã kết thúc"):
        actions.register_subject(a1[1].subject, cycle, by=commune_a1_officer, registered_on=date(2026, 3, 1))
    assert not Decision.objects.exists()


def test_close_cycle_page(cycle, personas, client_for):
    page = client_for(personas["national_admin"]).get(reverse("assessments:cycle_detail", args=[2026]))
    assert 'data-testid="close-cycle"' in page.content.decode()
    other = client_for(personas["province_a_officer"]).get(reverse("assessments:cycle_detail", args=[2026]))
    assert 'data-testid="close-cycle"' not in other.content.decode()
    url = reverse("assessments:cycle_close", args=[2026])
    assert client_for(personas["province_a_officer"]).post(url).status_code == 404
    client_for(personas["national_admin"]).post(url)
    assert Cycle.objects.get(year=2026).status == "closed"


# --- freezing criteria sets ----------------------------------------------------------------------


@pytest.fixture
def sheet(cycle):
    return (
        CycleRule.objects.select_related("score_sheet")
        .get(cycle=cycle, subject_type="residential_area")
        .score_sheet
    )


def _sent_with_scores(cycle, subject, sheet, status="submitted"):
    assessment = approved(cycle, subject, status=status)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=assessment.updated_at)
    leaf = Criterion.objects.filter(criteria_set=sheet, children__isnull=True).first()
    Score.objects.create(assessment=assessment, criterion=leaf, points=Decimal("1.0"))
    return assessment


def test_a_set_is_editable_until_used_by_a_sent_file_or_a_closed_cycle(
    cycle, subjects, sheet, national_admin
):
    assert actions.criteria_set_in_use(sheet) == ""
    criterion = Criterion.objects.filter(criteria_set=sheet).first()
    actions.update_criterion(criterion, by=national_admin, text="Nội dung đã sửa")
    _sent_with_scores(cycle, subjects["a1_area"], sheet)
    assert "hồ sơ tự đánh giá đã gửi" in actions.criteria_set_in_use(sheet)
    with pytest.raises(DomainError, match="hãy tạo phiên bản mới") as refused:
        actions.update_criterion(criterion, by=national_admin, text="Sửa lần hai")
    assert refused.value.code == "criteria_frozen"
    with pytest.raises(DomainError, match="hãy tạo phiên bản mới"):
        actions.set_thresholds(sheet, {"excellent": Decimal("90")}, by=national_admin)
    criterion.refresh_from_db()
    assert criterion.text == "Nội dung đã sửa"


def test_a_set_used_by_a_closed_cycle_is_frozen(cycle, sheet, national_admin):
    Cycle.objects.filter(pk=cycle.pk).update(status="closed")
    assert "năm 2026 (đã kết thúc)" in actions.criteria_set_in_use(sheet)


def test_new_version_copies_the_set_and_moves_the_open_cycle(
    cycle,
    subjects,
    sheet,
    national_admin,
    province_a_officer,
):
    # The set was used by a closed 2025 cycle; 2026 is open with a draft scored on it.
    old_cycle = Cycle.objects.create(
        year=2025,
        status="closed",
        registration_start=date(2025, 1, 1),
        registration_end=date(2025, 3, 31),
        self_assessment_start=date(2025, 11, 1),
        review_end=date(2025, 11, 30),
        decision_end=date(2025, 11, 30),
    )
    CycleRule.objects.create(
        cycle=old_cycle,
        subject_type="residential_area",
        window_start=date(2024, 11, 1),
        window_end=date(2025, 10, 31),
        registration_deadline=date(2025, 3, 31),
        decision_deadline=date(2025, 11, 20),
        score_sheet=sheet,
    )
    draft = approved(cycle, subjects["a1_area"], status="draft")
    leaf = Criterion.objects.filter(criteria_set=sheet, children__isnull=True).first()
    Score.objects.create(assessment=draft, criterion=leaf, points=Decimal("2.0"))
    ClassThreshold.objects.filter(criteria_set=sheet, movement_class="excellent").update(
        min_points=Decimal("90")
    )
    with pytest.raises(DomainError, match="Chỉ quản trị toàn quốc"):
        actions.new_criteria_version(sheet, by=province_a_officer)
    copy = actions.new_criteria_version(sheet, by=national_admin)
    assert (copy.code, copy.version) == (sheet.code, sheet.version + 1)
    old_tree = {(c.code, c.parent.code if c.parent else None, c.max_points) for c in sheet.criteria.all()}
    new_tree = {(c.code, c.parent.code if c.parent else None, c.max_points) for c in copy.criteria.all()}
    assert old_tree == new_tree and len(new_tree) > 1
    assert copy.thresholds.get(movement_class="excellent").min_points == Decimal("90")
    assert copy.caps.count() == sheet.caps.count() and copy.deductions.count() == sheet.deductions.count()
    rule_2026 = CycleRule.objects.get(cycle=cycle, subject_type="residential_area")
    assert rule_2026.score_sheet_id == copy.pk
    assert CycleRule.objects.get(cycle=old_cycle).score_sheet_id == sheet.pk  # the past keeps its set
    score = Score.objects.get(assessment=draft)
    assert score.criterion.criteria_set_id == copy.pk and score.criterion.code == leaf.code
    assert score.points == Decimal("2.0")
    assert AuditEntry.objects.filter(action="assessments.criteria_set.versioned").count() == 1
    # The copy is free to edit; the original stays frozen.
    actions.update_criterion(copy.criteria.first(), by=national_admin, text="Nội dung năm 2026")
    assert actions.criteria_set_in_use(sheet)


def test_new_version_is_refused_mid_cycle_once_a_file_was_sent(cycle, subjects, sheet, national_admin):
    _sent_with_scores(cycle, subjects["a1_area"], sheet)
    before = CriteriaSet.objects.count()
    with pytest.raises(DomainError, match="không thể chuyển sang phiên bản mới giữa kỳ"):
        actions.new_criteria_version(sheet, by=national_admin)
    assert CriteriaSet.objects.count() == before


def test_criteria_set_page_offers_a_new_version(cycle, subjects, sheet, personas, client_for):
    Cycle.objects.filter(pk=cycle.pk).update(status="closed")
    url = reverse("assessments:criteria_set", args=[sheet.pk])
    assert 'data-testid="frozen"' in client_for(personas["national_admin"]).get(url).content.decode()
    assert 'data-testid="frozen"' not in client_for(personas["province_a_officer"]).get(url).content.decode()
    version = reverse("assessments:criteria_set_version", args=[sheet.pk])
    assert client_for(personas["province_a_officer"]).post(version).status_code == 404
    response = client_for(personas["national_admin"]).post(version)
    copy = CriteriaSet.objects.get(code=sheet.code, version=sheet.version + 1)
    assert response.status_code == 302 and response.url == reverse("assessments:criteria_set", args=[copy.pk])
    # The closed cycle keeps the old set: only open and draft cycles move.
    assert CycleRule.objects.get(cycle=cycle, subject_type="residential_area").score_sheet_id == sheet.pk
