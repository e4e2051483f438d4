"""A commune is ready only when all its children are decided: the rule, the count, its enforcement."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from antq.accounts.models import ApiToken
from antq.assessments import actions, rules
from antq.assessments.models import Assessment, Cycle, Registration, Subject
from antq.assessments.readiness_queries import commune_readiness
from antq.assessments.review_queries import queue_rows
from antq.assessments.seed import seed_assessments
from antq.assessments.subjects import sync_subjects
from antq.assessments.tests.test_self_assessment import answer_all
from antq.core.errors import DomainError
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


# --- rules (no database) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject_type", "decider_level", "child"),
    [
        ("residential_area", "commune", True),
        ("school", "commune", True),
        ("agency", "commune", True),
        ("school", "province", False),  # a province-managed school is decided by the province
        ("enterprise", None, False),  # no authority rule in force: nobody waits for it
        ("commune", "commune", False),  # the commune is never its own child
        ("commune", "province", False),
    ],
)
def test_is_commune_child(subject_type, decider_level, child):
    assert rules.is_commune_child(subject_type, decider_level) is child


@pytest.mark.parametrize(
    ("children", "decided", "ready", "pending"),
    [(0, 0, True, 0), (3, 3, True, 0), (3, 2, False, 1), (100, 0, False, 100), (1, 0, False, 1)],
)
def test_readiness(children, decided, ready, pending):
    state = rules.readiness(children, decided)
    assert (state.ready, state.pending) == (ready, pending)


@pytest.mark.parametrize(("children", "decided"), [(2, 3), (-1, 0), (1, -1)])
def test_readiness_refuses_impossible_counts(children, decided):
    with pytest.raises(DomainError):
        rules.readiness(children, decided)


# --- the grouped count ------------------------------------------------------------------------------


@pytest.fixture
def cycle(db):
    seed_assessments()
    return Cycle.objects.get(year=2026)


@pytest.fixture
def subjects(sample_participants):
    sync_subjects(list(Unit.objects.filter(key__in=[COMMUNE_A1, COMMUNE_A2])))
    return {
        "a1_area": Subject.objects.get(residential_area=sample_participants["a1_areas"][0]),
        "a1_area2": Subject.objects.get(residential_area=sample_participants["a1_areas"][1]),
        "a1_school": Subject.objects.get(organisation=sample_participants["a1_school"]),
        "a1_commune": Subject.objects.get(unit__key=COMMUNE_A1),
        "a2_area": Subject.objects.get(residential_area=sample_participants["a2_area"]),
        "a2_commune": Subject.objects.get(unit__key=COMMUNE_A2),
    }


def register(cycle, *subjects):
    for subject in subjects:
        Registration.objects.create(cycle=cycle, subject=subject, registered_on=date(2026, 3, 1))


def assessment(cycle, subject, status):
    return Assessment.objects.create(cycle=cycle, subject=subject, status=status, submitted_at=timezone.now())


@pytest.fixture
def half_decided(cycle, subjects):
    """A1: two registered areas (one decided), a province-managed school, the commune's file submitted."""
    school = subjects["a1_school"]
    school.managing_level = "province"
    school.save()
    register(cycle, subjects["a1_area"], subjects["a1_area2"], school, subjects["a1_commune"])
    assessment(cycle, subjects["a1_area"], "decided")
    assessment(cycle, subjects["a1_area2"], "approved")
    assessment(cycle, school, "submitted")
    return assessment(cycle, subjects["a1_commune"], "submitted")


def test_count_is_of_registered_children_decided_by_the_commune(cycle, subjects, half_decided):
    a1, a2 = subjects["a1_commune"].commune_id, subjects["a2_commune"].commune_id
    register(cycle, subjects["a2_area"])
    with CaptureQueriesContext(connection) as queries:
        states = commune_readiness(cycle, [a1, a2, a1])
    assert len(queries.captured_queries) == 2  # the authority rules, then one grouped count
    # The province-managed school and the unregistered areas are not waited for; the commune neither.
    assert states[a1] == rules.Readiness(children=2, decided=1)
    assert states[a2] == rules.Readiness(children=1, decided=0)


def test_a_commune_without_registered_children_is_ready(cycle, subjects):
    a2 = subjects["a2_commune"].commune_id
    assert commune_readiness(cycle, [a2])[a2].ready


def test_approve_and_batch_refuse_a_commune_that_is_not_ready(cycle, subjects, half_decided, personas):
    province = personas["province_a_officer"]
    with pytest.raises(DomainError, match=r"còn 1/2 đơn vị trực thuộc") as refused:
        actions.approve_assessment(half_decided, by=province)
    assert refused.value.code == "not_ready"
    half_decided.refresh_from_db()
    assert half_decided.status == "submitted"
    result = actions.approve_batch(Assessment.objects.filter(pk=half_decided.pk), by=province)
    assert result.count == 0 and "còn 1/2" in result.skipped[0][1]
    Assessment.objects.filter(subject=subjects["a1_area2"]).update(status="decided")
    actions.approve_assessment(half_decided, by=province)
    half_decided.refresh_from_db()
    assert half_decided.status == "approved"


def test_submit_refuses_a_commune_that_is_not_ready(cycle, subjects, personas):
    officer = personas["commune_a1_officer"]
    register(cycle, subjects["a1_area"], subjects["a1_commune"])
    area = assessment(cycle, subjects["a1_area"], "approved")
    draft = actions.start_assessment(subjects["a1_commune"], cycle, by=officer)
    answer_all(draft, officer)
    with pytest.raises(DomainError, match=r"Chưa thể gửi hồ sơ của xã: còn 1/1"):
        actions.submit_assessment(draft, by=officer)
    draft.refresh_from_db()
    assert draft.status == "draft"
    area.status = "decided"
    area.save()
    assert actions.submit_assessment(draft, by=officer).status == "submitted"


def test_pages_show_readiness(cycle, subjects, half_decided, personas, client_for):
    page = client_for(personas["commune_a1_officer"]).get(
        reverse(
            "assessments:assessment",
            kwargs={"key": COMMUNE_A1, "year": 2026, "subject": subjects["a1_commune"].pk},
        )
    )
    assert page.context["readiness"] == rules.Readiness(2, 1)
    assert "Chưa sẵn sàng: 1/2 đơn vị trực thuộc chưa có quyết định" in page.content.decode()
    area_page = client_for(personas["commune_a1_officer"]).get(
        reverse(
            "assessments:assessment",
            kwargs={"key": COMMUNE_A1, "year": 2026, "subject": subjects["a1_area"].pk},
        )
    )
    assert area_page.context["readiness"] is None
    queue = client_for(personas["province_a_officer"]).get(reverse("assessments:review_queue", args=[2026]))
    html = queue.content.decode()
    assert "Chưa sẵn sàng: 1/2 đơn vị trực thuộc chưa có quyết định" in html
    rows = {row.assessment.pk: row for row in queue.context["rows"]}
    assert rows[half_decided.pk].readiness == rules.Readiness(2, 1)


def test_queue_rows_give_no_readiness_to_other_subjects(cycle, subjects, half_decided):
    school = Assessment.objects.select_related("subject").get(subject=subjects["a1_school"])
    rows = queue_rows([school, half_decided], cycle)
    assert rows[0].readiness is None and rows[1].readiness == rules.Readiness(2, 1)


def test_api_exposes_ready(cycle, subjects, half_decided, personas, client):
    token = ApiToken.issue(personas["province_a_officer"], "t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = client.get(f"/api/v1/assessments/assessments/{half_decided.pk}", **auth).json()
    assert (body["ready"], body["children_total"], body["children_not_decided"]) == (False, 2, 1)
    area = Assessment.objects.get(subject=subjects["a1_area"])
    body = client.get(f"/api/v1/assessments/assessments/{area.pk}", **auth).json()
    assert body["ready"] is True and body["children_total"] == 0
    refused = client.post(
        f"/api/v1/assessments/assessments/{half_decided.pk}/approve", {}, "application/json", **auth
    )
    assert refused.status_code == 400 and "còn 1/2" in refused.json()["detail"]


def test_review_page_hides_approve_until_ready(cycle, subjects, half_decided, personas, client_for):
    url = reverse("assessments:review", args=[2026, half_decided.pk])
    page = client_for(personas["province_a_officer"]).get(url)
    html = page.content.decode()
    assert "Chưa sẵn sàng: 1/2" in html and 'data-testid="approve"' not in html
    assert 'data-testid="return"' in html  # returning needs no readiness
    Assessment.objects.filter(subject=subjects["a1_area2"]).update(status="decided")
    assert 'data-testid="approve"' in client_for(personas["province_a_officer"]).get(url).content.decode()


def test_decide_rechecks_readiness_after_a_child_decision_was_revoked(
    cycle, subjects, half_decided, personas
):
    Assessment.objects.filter(pk=half_decided.pk).update(status="approved")
    half_decided.refresh_from_db()
    with pytest.raises(DomainError, match=r"Chưa thể ra quyết định cho “.*”: còn 1/2"):
        actions.decide([half_decided], by=personas["province_a_officer"], issued_on=TODAY)
    Assessment.objects.filter(subject=subjects["a1_area2"]).update(status="decided")
    decision = actions.decide([half_decided], by=personas["province_a_officer"], issued_on=TODAY)
    assert decision.issuer.key != COMMUNE_A1
