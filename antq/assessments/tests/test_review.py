"""Review up the hierarchy: who reviews, return/approve/batch/reopen, notifications, audit, pages, scope."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from antq.assessments import actions
from antq.assessments.models import Assessment, AuthorityRule, Cycle, Subject
from antq.assessments.permissions import can_reopen, can_review, reviewer_unit
from antq.assessments.review_queries import review_queue
from antq.assessments.seed import seed_assessments
from antq.assessments.subjects import sync_subjects
from antq.core.errors import DomainError
from antq.core.models import AuditEntry, Notification
from antq.testing.factories import ResidentialAreaFactory, user_with_role
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(db):
    seed_assessments()
    return Cycle.objects.get(year=2026)


@pytest.fixture
def subjects(sample_participants):
    sync_subjects(list(Unit.objects.filter(key__in=[COMMUNE_A1, COMMUNE_A2, COMMUNE_B1])))
    return {
        "a1_area": Subject.objects.get(residential_area=sample_participants["a1_areas"][0]),
        "a1_area2": Subject.objects.get(residential_area=sample_participants["a1_areas"][1]),
        "a1_commune": Subject.objects.get(unit__key=COMMUNE_A1),
        "a2_area": Subject.objects.get(residential_area=sample_participants["a2_area"]),
        "b1_area": Subject.objects.get(residential_area=sample_participants["b1_area"]),
    }


def submitted(cycle, subject, **fields):
    fields.setdefault("submitted_at", timezone.now())
    return Assessment.objects.create(cycle=cycle, subject=subject, status="submitted", **fields)


@pytest.fixture
def area(cycle, subjects):
    return submitted(cycle, subjects["a1_area"])


@pytest.fixture
def commune_assessment(cycle, subjects):
    return submitted(cycle, subjects["a1_commune"])


# --- who reviews -----------------------------------------------------------------------------------


def test_reviewer_unit_follows_the_authority_rule(area, commune_assessment):
    assert reviewer_unit(area).key == COMMUNE_A1
    assert reviewer_unit(commune_assessment).key == PROVINCE_A


def test_reviewer_unit_without_a_rule_in_force_is_refused(area):
    AuthorityRule.objects.all().delete()
    with pytest.raises(DomainError, match="Chưa có quy định thẩm quyền"):
        reviewer_unit(area)


def test_can_review_by_persona(personas, area, commune_assessment):
    assert can_review(personas["national_admin"], area)
    assert can_review(personas["province_a_officer"], area)
    assert can_review(personas["commune_a1_officer"], area)
    assert not can_review(personas["commune_b1_officer"], area)
    assert not can_review(personas["steering_a1_member"], area)
    assert not can_review(None, area)
    # The commune subject: the province reviews it, never the commune's own officer.
    assert can_review(personas["province_a_officer"], commune_assessment)
    assert not can_review(personas["commune_a1_officer"], commune_assessment)


def test_a_commune_never_reviews_itself_even_if_a_rule_says_so(personas, commune_assessment):
    AuthorityRule.objects.filter(subject_type="commune").update(reviewer_level="commune")
    assert reviewer_unit(commune_assessment).key == COMMUNE_A1
    assert not can_review(personas["commune_a1_officer"], commune_assessment)
    assert can_review(personas["province_a_officer"], commune_assessment)
    queue = review_queue(personas["commune_a1_officer"], commune_assessment.cycle)
    assert commune_assessment not in queue


# --- return ----------------------------------------------------------------------------------------


def test_return_needs_a_reason_and_is_audited_and_notified(personas, area):
    officer = personas["commune_a1_officer"]
    with pytest.raises(DomainError, match="Vui lòng nhập lý do trả lại"):
        actions.return_assessment(area, by=officer, reason="   ")
    with pytest.raises(DomainError, match="không được quá 2000 ký tự"):
        actions.return_assessment(area, by=officer, reason="x" * 2001)
    result = actions.return_assessment(area, by=officer, reason=" Thiếu biên bản họp ")
    assert result.status == Assessment.Status.RETURNED
    assert result.return_reason == "Thiếu biên bản họp"
    entry = AuditEntry.objects.for_object(area).get(action="assessments.assessment.returned")
    assert entry.data["reason"] == "Thiếu biên bản họp"
    assert entry.action_label == "Trả lại hồ sơ tự đánh giá"
    note = Notification.objects.get(recipient=officer)
    assert "bị trả lại" in note.message and "Thiếu biên bản họp" in note.message
    assert note.link == reverse(
        "assessments:assessment", kwargs={"key": COMMUNE_A1, "year": 2026, "subject": area.subject_id}
    )
    with pytest.raises(DomainError, match="đã bị trả lại"):
        actions.return_assessment(area, by=officer, reason="Lần nữa")


def test_return_refuses_approved_and_decided(personas, cycle, subjects):
    officer = personas["commune_a1_officer"]
    approved = submitted(
        cycle,
        subjects["a1_area"],
    )
    Assessment.objects.filter(pk=approved.pk).update(status="approved")
    with pytest.raises(DomainError, match="Hồ sơ đã được thẩm định, không thể trả lại"):
        actions.return_assessment(approved, by=officer, reason="Sai")
    Assessment.objects.filter(pk=approved.pk).update(status="decided")
    with pytest.raises(DomainError, match="Hồ sơ đã có quyết định, không thể trả lại"):
        actions.return_assessment(approved, by=officer, reason="Sai")


def test_return_by_someone_who_may_not_review_is_refused(personas, area):
    for persona in ("commune_b1_officer", "steering_a1_member"):
        with pytest.raises(DomainError, match="không có quyền thẩm định"):
            actions.return_assessment(area, by=personas[persona], reason="Sai")
    assert Assessment.objects.get(pk=area.pk).status == Assessment.Status.SUBMITTED


# --- approve ---------------------------------------------------------------------------------------


def test_approve_records_who_and_when_and_notifies(personas, area):
    officer = personas["commune_a1_officer"]
    result = actions.approve_assessment(area, by=officer, note="Đủ hồ sơ")
    assert result.status == Assessment.Status.APPROVED
    assert result.approved_by == officer and result.approved_at is not None
    entry = AuditEntry.objects.for_object(area).get(action="assessments.assessment.approved")
    assert entry.data["note"] == "Đủ hồ sơ" and entry.actor == officer
    assert Notification.objects.filter(recipient=officer, message__contains="đã được thẩm định").count() == 1


def test_approve_twice_and_on_a_stale_instance_is_refused_without_change(personas, area):
    stale = Assessment.objects.get(pk=area.pk)  # read before the approval, still "submitted" in memory
    actions.approve_assessment(area, by=personas["commune_a1_officer"])
    approved_at = Assessment.objects.get(pk=area.pk).approved_at
    # The action locks the row and reads it again, so the stale copy's "submitted" does not fool it.
    assert stale.status == Assessment.Status.SUBMITTED
    with pytest.raises(DomainError, match="Hồ sơ đã được thẩm định, không thể thẩm định lại"):
        actions.approve_assessment(stale, by=personas["province_a_officer"])
    fresh = Assessment.objects.get(pk=area.pk)
    assert fresh.approved_by == personas["commune_a1_officer"] and fresh.approved_at == approved_at
    assert AuditEntry.objects.filter(action="assessments.assessment.approved").count() == 1


def test_approve_a_draft_or_returned_is_refused(personas, cycle, subjects):
    draft = Assessment.objects.create(cycle=cycle, subject=subjects["a1_area"])
    with pytest.raises(DomainError, match="Hồ sơ chưa được gửi, không thể thẩm định lại"):
        actions.approve_assessment(draft, by=personas["commune_a1_officer"])
    Assessment.objects.filter(pk=draft.pk).update(status="returned")
    with pytest.raises(DomainError, match="đã bị trả lại"):
        actions.approve_assessment(draft, by=personas["commune_a1_officer"])


def test_commune_subject_is_approved_by_the_province_not_by_itself(personas, commune_assessment):
    with pytest.raises(DomainError, match="không có quyền thẩm định"):
        actions.approve_assessment(commune_assessment, by=personas["commune_a1_officer"])
    result = actions.approve_assessment(commune_assessment, by=personas["province_a_officer"])
    assert result.status == Assessment.Status.APPROVED
    # The commune's officers are told about their commune's result.
    assert Notification.objects.filter(recipient=personas["commune_a1_officer"]).exists()


def test_email_is_sent_when_enabled(personas, area, settings, django_capture_on_commit_callbacks):
    settings.ANTQ_NOTIFY_EMAIL = True
    officer = personas["commune_a1_officer"]
    officer.email = "xa@example.vn"
    officer.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_assessment(area, by=officer)
    assert [m.to for m in mail.outbox] == [["xa@example.vn"]]
    assert "đã được thẩm định" in mail.outbox[0].subject


def test_no_email_by_default(personas, area, django_capture_on_commit_callbacks):
    officer = personas["commune_a1_officer"]
    officer.email = "xa@example.vn"
    officer.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_assessment(area, by=officer)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=officer).count() == 1


# --- batch -----------------------------------------------------------------------------------------


def test_batch_approves_what_it_may_and_reports_the_rest(personas, cycle, subjects):
    officer = personas["commune_a1_officer"]
    a = submitted(cycle, subjects["a1_area"])
    b = submitted(cycle, subjects["a1_area2"])
    own = submitted(cycle, subjects["a1_commune"])  # the commune's own: not its officer's to approve
    other = submitted(cycle, subjects["a2_area"])  # another commune
    draft_subject = Subject.objects.create(
        subject_type="residential_area",
        commune=subjects["a1_area"].commune,
        residential_area=ResidentialAreaFactory(commune=subjects["a1_area"].commune),
        managing_level="commune",
        name="Tổ dân phố nháp",
    )
    draft = Assessment.objects.create(cycle=cycle, subject=draft_subject)
    result = actions.approve_batch(
        Assessment.objects.filter(pk__in=[a.pk, b.pk, own.pk, other.pk, draft.pk]), by=officer
    )
    assert result.count == 2
    assert {x.pk for x in result.approved} == {a.pk, b.pk}
    reasons = {x.pk: reason for x, reason in result.skipped}
    assert set(reasons) == {own.pk, other.pk, draft.pk}
    assert "không có quyền" in reasons[own.pk] and "chưa được gửi" in reasons[draft.pk]
    statuses = dict(Assessment.objects.values_list("pk", "status"))
    assert statuses[a.pk] == statuses[b.pk] == "approved"
    assert statuses[own.pk] == statuses[other.pk] == "submitted"
    assert AuditEntry.objects.filter(action="assessments.assessment.approved", data__batch=True).count() == 2
    assert Notification.objects.filter(recipient=officer).count() == 2
    # A second batch over the same selection approves nothing more.
    again = actions.approve_batch(Assessment.objects.filter(pk__in=[a.pk, b.pk]), by=officer)
    assert again.count == 0 and len(again.skipped) == 2


# --- reopen ----------------------------------------------------------------------------------------


def test_reopen_only_from_above_the_reviewer_unit_with_a_reason(personas, area):
    officer, province = personas["commune_a1_officer"], personas["province_a_officer"]
    with pytest.raises(DomainError, match="Chỉ mở lại được hồ sơ đã thẩm định"):
        actions.reopen_assessment(area, by=province, reason="Xem lại")
    actions.approve_assessment(area, by=officer)
    area.refresh_from_db()
    assert not can_reopen(officer, area) and can_reopen(province, area)
    with pytest.raises(DomainError, match="Chỉ cấp trên của đơn vị thẩm định"):
        actions.reopen_assessment(area, by=officer, reason="Xem lại")
    with pytest.raises(DomainError, match="Vui lòng nhập lý do mở lại"):
        actions.reopen_assessment(area, by=province, reason="")
    Notification.objects.all().delete()
    result = actions.reopen_assessment(area, by=province, reason="Điểm tiêu chí 3 chưa đúng")
    assert result.status == Assessment.Status.SUBMITTED
    assert result.approved_at is None and result.approved_by is None
    entry = AuditEntry.objects.for_object(area).get(action="assessments.assessment.reopened")
    assert entry.data["reason"] == "Điểm tiêu chí 3 chưa đúng"
    assert entry.data["previously_approved_by"] == officer.pk
    # The commune officer is both the subject's commune officer and the reviewer unit's: told once.
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert not Notification.objects.filter(recipient=province).exists()


def test_reopen_of_a_commune_subject_only_by_the_national_level(personas, commune_assessment, client_for):
    province_officer = personas["province_a_officer"]
    actions.approve_assessment(commune_assessment, by=province_officer)
    other_province_officer = user_with_role("province_a_officer_2", "province_officer", PROVINCE_A)
    with pytest.raises(DomainError, match="Chỉ cấp trên"):
        actions.reopen_assessment(commune_assessment, by=province_officer, reason="Xem lại")
    actions.reopen_assessment(commune_assessment, by=personas["national_admin"], reason="Xem lại")
    # The reviewer unit's officers (the province) are told as well as the commune's.
    review = reverse("assessments:review", kwargs={"year": 2026, "pk": commune_assessment.pk})
    for user in (province_officer, other_province_officer):
        assert Notification.objects.get(recipient=user, message__contains="mở lại").link == review
    note = Notification.objects.get(recipient=personas["commune_a1_officer"], message__contains="mở lại")
    # The commune cannot open the review of itself: it is sent to its own file, which it can open.
    assert client_for(personas["commune_a1_officer"]).get(note.link).status_code == 200


def test_reopen_of_a_decided_assessment_is_refused(personas, area):
    Assessment.objects.filter(pk=area.pk).update(status="decided")
    with pytest.raises(DomainError, match="Hồ sơ đã có quyết định, không thể mở lại"):
        actions.reopen_assessment(area, by=personas["national_admin"], reason="Xem lại")


# --- pages -----------------------------------------------------------------------------------------


def queue_url(**params):
    url = reverse("assessments:review_queue", kwargs={"year": 2026})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_queue_lists_what_awaits_this_user(personas, client_for, area, commune_assessment, cycle, subjects):
    b1 = submitted(cycle, subjects["b1_area"])
    page = client_for(personas["commune_a1_officer"]).get(queue_url())
    assert page.status_code == 200
    rows = [r.assessment for r in page.context["rows"]]
    assert rows == [area]
    body = page.content.decode()
    assert "Thẩm định các hồ sơ đã chọn" in body and timezone.localdate().strftime("%d/%m/%Y") in body
    province_rows = {
        r.assessment.pk for r in client_for(personas["province_a_officer"]).get(queue_url()).context["rows"]
    }
    assert province_rows == {area.pk, commune_assessment.pk}
    national = {
        r.assessment.pk for r in client_for(personas["national_admin"]).get(queue_url()).context["rows"]
    }
    assert national == {area.pk, commune_assessment.pk, b1.pk}
    assert client_for(personas["steering_a1_member"]).get(queue_url()).status_code == 404


def test_queue_filters_by_type_and_commune(personas, client_for, area, commune_assessment):
    client = client_for(personas["province_a_officer"])
    only_communes = client.get(queue_url(loai="commune")).context["rows"]
    assert [r.assessment for r in only_communes] == [commune_assessment]
    by_key = client.get(queue_url(xa=COMMUNE_A1, loai="residential_area")).context["rows"]
    assert [r.assessment for r in by_key] == [area]
    assert client.get(queue_url(xa=COMMUNE_A2)).context["rows"] == []


def test_queue_days_left_and_late(area, cycle):
    from datetime import date

    from antq.assessments.review_queries import queue_rows

    (row,) = queue_rows([area], cycle, today=date(2026, 11, 10))
    assert row.deadline == date(2026, 11, 20) and row.days_left == 10 and row.days_late == 0
    (row,) = queue_rows([area], cycle, today=date(2026, 11, 23))
    assert row.days_late == 3 and row.days_left is None


def test_queue_queries_do_not_grow_with_the_queue(personas, client_for, cycle, subjects, sample_participants):
    client = client_for(personas["province_a_officer"])
    submitted(cycle, subjects["a1_area"])
    submitted(cycle, subjects["a1_commune"])  # a commune file: its readiness is counted per page
    client.get(queue_url())  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(queue_url()).status_code == 200
    a1 = Unit.objects.get(key=COMMUNE_A1)
    for n in range(8):
        area = ResidentialAreaFactory(commune=a1, name=f"Tổ thêm {n}")
        subject = Subject.objects.create(
            subject_type="residential_area",
            commune=a1,
            residential_area=area,
            managing_level="commune",
            name=area.name,
        )
        submitted(cycle, subject)
    submitted(cycle, subjects["a2_area"])
    submitted(cycle, Subject.objects.get(unit__key=COMMUNE_A2))
    with CaptureQueriesContext(connection) as many:
        page = client.get(queue_url())
    assert len(page.context["rows"]) == 12
    assert len(many.captured_queries) == len(few.captured_queries)


def test_review_page_shows_exactly_the_allowed_buttons(personas, client_for, area):
    url = reverse("assessments:review", kwargs={"year": 2026, "pk": area.pk})
    body = client_for(personas["commune_a1_officer"]).get(url).content.decode()
    assert 'data-testid="approve"' in body and 'data-testid="return"' in body
    assert 'data-testid="reopen"' not in body
    actions.approve_assessment(area, by=personas["commune_a1_officer"])
    body = client_for(personas["commune_a1_officer"]).get(url).content.decode()
    assert 'data-testid="approve"' not in body and 'data-testid="reopen"' not in body
    body = client_for(personas["province_a_officer"]).get(url).content.decode()
    assert 'data-testid="reopen"' in body and 'data-testid="approve"' not in body


def test_review_pages_are_404_outside_scope(personas, client_for, area):
    url = reverse("assessments:review", kwargs={"year": 2026, "pk": area.pk})
    for persona in ("commune_b1_officer", "steering_a1_member"):
        client = client_for(personas[persona])
        assert client.get(url).status_code == 404
        for name in ("review_return", "review_approve", "review_reopen"):
            post = reverse(f"assessments:{name}", kwargs={"year": 2026, "pk": area.pk})
            assert client.post(post, {"reason": "x"}).status_code == 404
    assert Assessment.objects.get(pk=area.pk).status == Assessment.Status.SUBMITTED


def test_return_approve_reopen_through_the_pages(personas, client_for, area):
    officer = client_for(personas["commune_a1_officer"])
    kwargs = {"year": 2026, "pk": area.pk}
    response = officer.post(reverse("assessments:review_return", kwargs=kwargs), {"reason": ""}, follow=True)
    assert "Vui lòng nhập lý do trả lại" in response.content.decode()
    assert Assessment.objects.get(pk=area.pk).status == "submitted"
    response = officer.post(reverse("assessments:review_approve", kwargs=kwargs), {"note": ""})
    assert response.status_code == 302 and Assessment.objects.get(pk=area.pk).status == "approved"
    response = officer.post(reverse("assessments:review_approve", kwargs=kwargs), follow=True)
    assert "Hồ sơ đã được thẩm định, không thể thẩm định lại" in response.content.decode()
    response = officer.post(reverse("assessments:review_reopen", kwargs=kwargs), {"reason": "x"}, follow=True)
    assert "Chỉ cấp trên của đơn vị thẩm định" in response.content.decode()
    province = client_for(personas["province_a_officer"])
    province.post(reverse("assessments:review_reopen", kwargs=kwargs), {"reason": "Xem lại điểm"})
    assert Assessment.objects.get(pk=area.pk).status == "submitted"
    province.post(reverse("assessments:review_return", kwargs=kwargs), {"reason": "Thiếu biên bản"})
    assert Assessment.objects.get(pk=area.pk).status == "returned"


def test_batch_page_reports_approved_and_skipped(personas, client_for, cycle, subjects):
    a = submitted(cycle, subjects["a1_area"])
    own = submitted(cycle, subjects["a1_commune"])
    b1 = submitted(cycle, subjects["b1_area"])
    client = client_for(personas["commune_a1_officer"])
    url = reverse("assessments:review_batch", kwargs={"year": 2026})
    response = client.post(url, {"ids": [a.pk, own.pk, b1.pk, "x"]}, follow=True)
    body = response.content.decode()
    assert "Đã thẩm định 1 hồ sơ." in body
    assert "Bỏ qua" in body and "không có quyền thẩm định" in body
    assert "Bỏ qua 1 hồ sơ không tìm thấy hoặc không thuộc phạm vi của bạn." in body
    assert Assessment.objects.get(pk=b1.pk).status == "submitted"
    assert Assessment.objects.get(pk=own.pk).status == "submitted"
    assert "Chưa chọn hồ sơ nào" in client.post(url, {}, follow=True).content.decode()


def test_notifications_page_lists_and_marks_read(personas, client_for, area):
    officer = personas["commune_a1_officer"]
    actions.return_assessment(area, by=personas["province_a_officer"], reason="Thiếu biên bản")
    client = client_for(officer)
    response = client.get(reverse("core:notifications"))
    assert response.status_code == 200
    assert "bị trả lại" in response.content.decode() and "Mới" in response.content.decode()
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()
    # Someone else's page does not show it.
    other = client_for(personas["commune_b1_officer"]).get(reverse("core:notifications"))
    assert "bị trả lại" not in other.content.decode()
