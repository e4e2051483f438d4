"""The assessments API: token auth, scope, the same actions and audit entries as the pages, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from antq.accounts.models import ApiToken
from antq.assessments.models import Assessment, Criterion, Cycle, CycleRule, Registration, Score, Subject
from antq.assessments.seed import seed_assessments
from antq.assessments.subjects import sync_subjects
from antq.core.models import AuditEntry
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_B1

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)  # inside the 2026 self-assessment phase (01/10 – 30/11)
BASE = "/api/v1/assessments"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def cycle(db):
    seed_assessments()
    return Cycle.objects.get(year=2026)


@pytest.fixture
def subjects(sample_participants):
    sync_subjects(list(Unit.objects.filter(key__in=[COMMUNE_A1, COMMUNE_B1])))
    return {
        "area": Subject.objects.get(residential_area=sample_participants["a1_areas"][0]),
        "school": Subject.objects.get(organisation=sample_participants["a1_school"]),
        "b1_area": Subject.objects.get(residential_area=sample_participants["b1_area"]),
    }


@pytest.fixture
def api(client, personas):
    """api(persona).get(url) etc., with that persona's bearer token."""

    class Caller:
        def __init__(self, persona):
            user = personas[persona]
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"} if user else {}

        def __getattr__(self, method):
            def call(url, body=None):
                # As a JSON client sends it: no body at all is "{}" for Django's test client.
                return getattr(client, method)(
                    BASE + url, data=body, content_type="application/json", **self.headers
                )

            return call

    return Caller


def draft(cycle, subject, by):
    from antq.assessments import actions

    Registration.objects.create(cycle=cycle, subject=subject, registered_on=date(2026, 3, 1))
    return actions.start_assessment(subject, cycle, by=by)


def sheet(assessment):
    rule = CycleRule.objects.get(cycle=assessment.cycle, subject_type=assessment.subject.subject_type)
    return {c.code: c for c in Criterion.objects.filter(criteria_set=rule.score_sheet)}


def fill(assessment, api):
    """Answer every manual standard criterion and score every leaf at its maximum, through the API."""
    body = api("commune_a1_officer").get(f"/assessments/{assessment.pk}").json()
    standard = [
        {"criterion_id": r["criterion_id"], "met": True, "note": "Biên bản"}
        for r in body["standard_results"]
        if r["check_type"] == "manual"
    ]
    scores = [{"criterion_id": s["criterion_id"], "points": s["max_points"]} for s in body["scores"]]
    officer = api("commune_a1_officer")
    assert officer.put(f"/assessments/{assessment.pk}/standard", standard).status_code == 200
    assert officer.put(f"/assessments/{assessment.pk}/scores", scores).status_code == 200


# --- auth and reads --------------------------------------------------------------------------------


def test_a_token_is_required(api, cycle):
    response = api("anonymous").get("/cycles/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Chưa xác thực hoặc khóa truy cập không hợp lệ."
    assert api("commune_b1_officer").get("/cycles/").status_code == 200


def test_cycle_dates_are_iso_and_criteria_sets_carry_the_tree(api, cycle):
    body = api("commune_a1_officer").get("/cycles/2026").json()
    assert body["year"] == 2026 and body["status"] == "open"
    assert body["phases"][0] == {
        "key": "registration_start",
        "label": "Bắt đầu đăng ký phấn đấu",
        "date": cycle.registration_start.isoformat(),
    }
    rule = next(r for r in body["rules"] if r["subject_type"] == "residential_area")
    assert (
        rule["registration_deadline"]
        == CycleRule.objects.get(
            cycle=cycle, subject_type="residential_area"
        ).registration_deadline.isoformat()
    )
    assert api("commune_a1_officer").get("/cycles/1999").status_code == 404
    assert api("commune_a1_officer").get("/cycles/abc").status_code == 422

    criteria_set = api("commune_a1_officer").get(f"/criteria-sets/{rule['score_sheet_id']}").json()
    assert criteria_set["kind"] == "score_sheet"
    first = criteria_set["criteria"][0]
    assert first["depth"] == 0 and first["max_points"] is not None and "needs_verification" in first
    assert {t["movement_class"] for t in criteria_set["thresholds"]} >= {"excellent", "good"}
    assert api("commune_a1_officer").get("/criteria-sets/999999").status_code == 404


def test_lists_are_scoped_and_paginated(api, cycle, subjects, personas):
    draft(cycle, subjects["area"], personas["commune_a1_officer"])
    url = f"/cycles/2026/communes/{COMMUNE_A1}/registrations?limit=1"
    body = api("commune_a1_officer").get(url).json()
    assert body["count"] == Subject.objects.filter(commune__key=COMMUNE_A1).count()
    assert len(body["items"]) == 1
    rows = api("steering_a1_member").get(f"/cycles/2026/communes/{COMMUNE_A1}/assessments").json()["items"]
    started = [r for r in rows if r["assessment"]]
    assert len(started) == 1 and started[0]["subject"]["id"] == subjects["area"].pk
    assert started[0]["registered"] and started[0]["assessment"]["status"] == "draft"
    for list_name in ("registrations", "assessments"):
        assert (
            api("commune_b1_officer").get(f"/cycles/2026/communes/{COMMUNE_A1}/{list_name}").status_code
            == 404
        )
        assert (
            api("commune_a1_officer").get(f"/cycles/1999/communes/{COMMUNE_A1}/{list_name}").status_code
            == 404
        )


def test_detail_is_scoped(api, cycle, subjects, personas):
    assessment = draft(cycle, subjects["area"], personas["commune_a1_officer"])
    body = api("steering_a1_member").get(f"/assessments/{assessment.pk}").json()
    assert body["status"] == "draft" and body["year"] == 2026
    assert body["scores"] and body["standard_results"]
    assert api("commune_b1_officer").get(f"/assessments/{assessment.pk}").status_code == 404


# --- registrations -----------------------------------------------------------------------------------


def test_registration_create_and_withdraw_write_the_pages_audit_entries(api, cycle, subjects, personas):
    officer = api("commune_a1_officer")
    url = f"/cycles/2026/subjects/{subjects['school'].pk}/registration"
    response = officer.post(url, {"registered_on": "2026-03-01", "plan_ref": "KH-01"})
    assert response.status_code == 201, response.content
    assert response.json()["plan_ref"] == "KH-01" and response.json()["is_late"] is False
    entry = AuditEntry.objects.get(action="assessments.registration.created")
    assert entry.actor == personas["commune_a1_officer"] and entry.data["plan_ref"] == "KH-01"
    # A second registration is refused by the action, with its Vietnamese message.
    again = officer.post(url, {"registered_on": "2026-03-02"})
    assert again.status_code == 400 and "đã đăng ký" in again.json()["detail"]
    assert officer.delete(url).status_code == 204
    assert not Registration.objects.filter(subject=subjects["school"]).exists()
    assert AuditEntry.objects.filter(action="assessments.registration.withdrawn").count() == 1
    assert officer.delete(url).status_code == 404


def test_registration_refusals(api, cycle, subjects):
    url = f"/cycles/2026/subjects/{subjects['school'].pk}/registration"
    body = {"registered_on": "2026-03-01"}
    # Steering members read only; other communes do not see the subject: both 404, nothing written.
    assert api("steering_a1_member").post(url, body).status_code == 404
    assert api("commune_b1_officer").post(url, body).status_code == 404
    assert api("anonymous").post(url, body).status_code == 401
    officer = api("commune_a1_officer")
    assert officer.post(url, {"registered_on": "2026-03-01", "note": "a\x00b"}).status_code == 422
    assert officer.post(url, {"registered_on": "2026-03-01", "note": "x" * 256}).status_code == 422
    future = officer.post(url, {"registered_on": "2026-12-01"})
    assert future.status_code == 400
    assert future.json()["detail"] == "Ngày đăng ký không được sau ngày hôm nay."
    households = officer.post(url, {"registered_on": "2026-03-01", "households_total": 10})
    assert households.status_code == 400 and "Chỉ khu dân cư" in households.json()["detail"]
    assert not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="assessments.registration").exists()


# --- scores, submit, review ----------------------------------------------------------------------------


def test_scores_out_of_range_are_refused_and_nothing_is_saved(api, cycle, subjects, personas):
    assessment = draft(cycle, subjects["area"], personas["commune_a1_officer"])
    codes = sheet(assessment)
    body = [
        {"criterion_id": codes["KDC510-2"].pk, "points": "25"},
        {"criterion_id": codes["KDC510-1"].pk, "points": 40.1},
    ]
    response = api("commune_a1_officer").put(f"/assessments/{assessment.pk}/scores", body)
    assert response.status_code == 400
    assert "Chưa lưu điểm nào" in response.json()["detail"]
    assert "phải từ 0 đến 40,0" in response.json()["detail"]
    precision = api("commune_a1_officer").put(
        f"/assessments/{assessment.pk}/scores", [{"criterion_id": codes["KDC510-1"].pk, "points": "2.25"}]
    )
    assert precision.status_code == 400 and "một chữ số thập phân" in precision.json()["detail"]
    assert not Score.objects.filter(assessment=assessment, points__isnull=False).exists()
    assert not AuditEntry.objects.filter(action="assessments.assessment.scores_saved").exists()


def test_scores_are_saved_as_strings_or_numbers(api, cycle, subjects, personas):
    assessment = draft(cycle, subjects["area"], personas["commune_a1_officer"])
    codes = sheet(assessment)
    body = [
        {"criterion_id": codes["KDC510-1"].pk, "points": "35,5", "note": "Đủ"},
        {"criterion_id": codes["KDC510-2"].pk, "points": 20},
    ]
    response = api("commune_a1_officer").put(f"/assessments/{assessment.pk}/scores", body)
    assert response.status_code == 200, response.content
    assert response.json()["total_points"] == "55.5"
    assert AuditEntry.objects.get(action="assessments.assessment.scores_saved").data["changed"][
        "KDC510-1"
    ] == [
        None,
        "35.5",
    ]
    bad = [
        [{"criterion_id": codes["KDC510-1"].pk, "points": "abc"}],
        [{"criterion_id": codes["KDC510-1"].pk, "points": "1", "note": "\x00"}],
        [{"criterion_id": codes["KDC510-1"].pk, "points": "1"}] * 2,
        {"criterion_id": codes["KDC510-1"].pk},
    ]
    for payload in bad:
        assert (
            api("commune_a1_officer").put(f"/assessments/{assessment.pk}/scores", payload).status_code == 422
        )
    unknown = api("commune_a1_officer").put(
        f"/assessments/{assessment.pk}/scores", [{"criterion_id": 999999, "points": "1"}]
    )
    assert unknown.status_code == 400 and "không thuộc bảng chấm" in unknown.json()["detail"]


def test_writes_need_the_pages_edit_permission(api, cycle, subjects, personas):
    assessment = draft(cycle, subjects["area"], personas["commune_a1_officer"])
    codes = sheet(assessment)
    body = [{"criterion_id": codes["KDC510-1"].pk, "points": "10"}]
    for persona in ("steering_a1_member", "commune_b1_officer"):
        caller = api(persona)
        assert caller.put(f"/assessments/{assessment.pk}/scores", body).status_code == 404
        assert caller.put(f"/assessments/{assessment.pk}/standard", []).status_code == 404
        assert caller.post(f"/assessments/{assessment.pk}/submit").status_code == 404
        assert caller.post(f"/cycles/2026/subjects/{subjects['area'].pk}/assessment").status_code == 404
        assert caller.post(f"/assessments/{assessment.pk}/approve").status_code == 404
    assert not Score.objects.filter(assessment=assessment, points__isnull=False).exists()


def test_submit_approve_return_and_reopen(api, cycle, subjects, personas):
    officer = api("commune_a1_officer")
    start = officer.post(f"/cycles/2026/subjects/{subjects['area'].pk}/assessment")
    assert start.status_code == 400 and "chưa đăng ký phấn đấu" in start.json()["detail"]
    Registration.objects.create(cycle=cycle, subject=subjects["area"], registered_on=date(2026, 3, 1))
    start = officer.post(f"/cycles/2026/subjects/{subjects['area'].pk}/assessment")
    assert start.status_code == 200
    pk = start.json()["id"]
    # Incomplete: refused with the action's message.
    incomplete = officer.post(f"/assessments/{pk}/submit")
    assert incomplete.status_code == 400 and "còn thiếu" in incomplete.json()["detail"]
    # Not submitted yet: the reviewer's approval is refused by the action (400, as the page's message).
    early = officer.post(f"/assessments/{pk}/approve")
    assert early.status_code == 400 and "chưa được gửi" in early.json()["detail"]
    fill(Assessment.objects.get(pk=pk), api)
    submitted = officer.post(f"/assessments/{pk}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert officer.post(f"/assessments/{pk}/submit").status_code == 400
    assert officer.put(f"/assessments/{pk}/standard", []).status_code == 400
    # Return needs a reason (the action's message), then goes back to the commune.
    blank = officer.post(f"/assessments/{pk}/return", {"reason": "  "})
    assert blank.status_code == 400 and blank.json()["detail"] == "Vui lòng nhập lý do trả lại."
    assert officer.post(f"/assessments/{pk}/return", {}).status_code == 422
    returned = officer.post(f"/assessments/{pk}/return", {"reason": "Thiếu biên bản"})
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned" and returned.json()["return_reason"] == "Thiếu biên bản"
    assert officer.post(f"/assessments/{pk}/submit").status_code == 200
    approved = officer.post(f"/assessments/{pk}/approve", {"note": "Đạt"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    entry = AuditEntry.objects.filter(action="assessments.assessment.approved").get()
    assert entry.actor == personas["commune_a1_officer"] and entry.data["note"] == "Đạt"
    # The commune reviewed it: only a level above reopens, the commune is told why.
    refused = officer.post(f"/assessments/{pk}/reopen", {"reason": "Xem lại"})
    assert refused.status_code == 400 and "cấp trên" in refused.json()["detail"]
    reopened = api("province_a_officer").post(f"/assessments/{pk}/reopen", {"reason": "Xem lại"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "submitted"
    assert api("steering_a1_member").post(f"/assessments/{pk}/reopen", {"reason": "x"}).status_code == 404


def test_openapi_lists_the_assessment_paths_with_their_refusals(client):
    from config.api import api

    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    expected = {
        ("get", "cycles/"),
        ("get", "cycles/{year}"),
        ("get", "criteria-sets/{id}"),
        ("get", "cycles/{year}/communes/{code}/registrations"),
        ("post", "cycles/{year}/subjects/{subject_id}/registration"),
        ("delete", "cycles/{year}/subjects/{subject_id}/registration"),
        ("get", "cycles/{year}/communes/{code}/assessments"),
        ("get", "assessments/{assessment_id}"),
        ("put", "assessments/{assessment_id}/scores"),
        ("put", "assessments/{assessment_id}/standard"),
        ("post", "assessments/{assessment_id}/submit"),
        ("post", "assessments/{assessment_id}/return"),
        ("post", "assessments/{assessment_id}/approve"),
        ("post", "assessments/{assessment_id}/reopen"),
    }
    for method, path in expected:
        operation = paths[f"{BASE}/{path}"][method]
        assert {"400", "401", "404", "422"} <= {str(code) for code in operation["responses"]}, (method, path)
        assert operation["tags"] == ["Đánh giá An toàn về ANTT"]
