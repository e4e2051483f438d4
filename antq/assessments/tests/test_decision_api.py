"""Decisions through the API: list and read in scope, issue and revoke through the pages' actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.accounts.models import ApiToken
from antq.assessments import actions
from antq.assessments.models import Assessment, Cycle, Decision, Subject
from antq.assessments.seed import seed_assessments
from antq.assessments.subjects import sync_subjects
from antq.core.models import AuditEntry
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_B1

pytestmark = pytest.mark.django_db

BASE = "/api/v1/assessments"
DAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DAY)


@pytest.fixture
def cycle(db):
    seed_assessments()
    return Cycle.objects.get(year=2026)


@pytest.fixture
def files(cycle, sample_participants):
    sync_subjects(list(Unit.objects.filter(key__in=[COMMUNE_A1, COMMUNE_B1])))
    subjects = [
        Subject.objects.get(residential_area=sample_participants["a1_areas"][0]),
        Subject.objects.get(residential_area=sample_participants["a1_areas"][1]),
        Subject.objects.get(residential_area=sample_participants["b1_area"]),
    ]
    return [
        Assessment.objects.create(
            cycle=cycle,
            subject=s,
            status="approved",
            standard_met=True,
            total_points=Decimal("91.5"),
            proposed_class="excellent",
        )
        for s in subjects
    ]


@pytest.fixture
def call(client, personas):
    def call(persona, method, url, body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(personas[persona], 't')[1]}"}
        return getattr(client, method)(BASE + url, data=body, content_type="application/json", **headers)

    return call


def test_issue_read_and_list_in_scope(files, call):
    a1_first, a1_second, b1 = files
    response = call(
        "commune_a1_officer",
        "post",
        "/cycles/2026/decisions",
        {"assessment_ids": [a1_first.pk, a1_second.pk], "signer_name": "Nguyễn Văn An"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["display_number"], body["issuer_code"], body["status"]) == (
        "01/QĐ-UBND",
        COMMUNE_A1,
        "issued",
    )
    assert body["issued_on"] == "2026-11-24" and body["signer_name"] == "Nguyễn Văn An"
    assert {u["name"] for u in body["units"]} == {"Tổ dân phố số 1", "Tổ dân phố số 2"}
    assert all(
        u["recognised"] and u["decided_class"] == "excellent" and u["total_points"] == "91.5"
        for u in body["units"]
    )
    # The same action as the page: its audit entries and the files' state.
    assert AuditEntry.objects.filter(action="assessments.decision.issued").count() == 1
    assert set(Assessment.objects.filter(decision_id=body["id"]).values_list("status", flat=True)) == {
        "decided"
    }
    call("national_admin", "post", "/cycles/2026/decisions", {"assessment_ids": [b1.pk]})

    listed = {
        p: call(p, "get", "/cycles/2026/decisions").json()
        for p in ("national_admin", "commune_a1_officer", "commune_b1_officer", "steering_a1_member")
    }
    assert listed["national_admin"]["count"] == 2
    assert [d["issuer_code"] for d in listed["commune_a1_officer"]["items"]] == [COMMUNE_A1]
    assert [d["issuer_code"] for d in listed["commune_b1_officer"]["items"]] == [COMMUNE_B1]
    assert listed["steering_a1_member"]["count"] == 1
    assert call("commune_b1_officer", "get", f"/decisions/{body['id']}").status_code == 404
    assert call("steering_a1_member", "get", f"/decisions/{body['id']}").json()["id"] == body["id"]


def test_list_runs_a_constant_number_of_queries(cycle, files, call, personas):
    for f in files[:2]:
        actions.decide([f], by=personas["national_admin"], issued_on=DAY)
    call("national_admin", "get", "/cycles/2026/decisions")
    with CaptureQueriesContext(connection) as few:
        assert call("national_admin", "get", "/cycles/2026/decisions").json()["count"] == 2
    actions.decide([files[2]], by=personas["national_admin"], issued_on=DAY)
    with CaptureQueriesContext(connection) as many:
        assert call("national_admin", "get", "/cycles/2026/decisions").json()["count"] == 3
    assert len(many.captured_queries) == len(few.captured_queries)


def test_issue_refusals(files, call):
    a1_first, _a1_second, b1 = files
    # Another commune's file: not in the officer's scope; nothing is issued.
    refused = call(
        "commune_a1_officer", "post", "/cycles/2026/decisions", {"assessment_ids": [a1_first.pk, b1.pk]}
    )
    assert refused.status_code == 400 and "phạm vi" in refused.json()["detail"]
    Assessment.objects.filter(pk=a1_first.pk).update(status="submitted")
    refused = call("commune_a1_officer", "post", "/cycles/2026/decisions", {"assessment_ids": [a1_first.pk]})
    assert refused.status_code == 400 and "chưa được thẩm định" in refused.json()["detail"]
    assert (
        call("commune_a1_officer", "post", "/cycles/2026/decisions", {"assessment_ids": []}).status_code
        == 422
    )
    assert (
        call(
            "steering_a1_member", "post", "/cycles/2026/decisions", {"assessment_ids": [a1_first.pk]}
        ).status_code
        == 404
    )
    assert not Decision.objects.exists()


def test_revoke_and_correct(files, call):
    a1_first, a1_second, _b1 = files
    issued = call(
        "commune_a1_officer",
        "post",
        "/cycles/2026/decisions",
        {"assessment_ids": [a1_first.pk, a1_second.pk]},
    ).json()
    url = f"/decisions/{issued['id']}/revoke"
    assert call("commune_b1_officer", "post", url, {"reason": "Sai"}).status_code == 404
    refused = call("steering_a1_member", "post", url, {"reason": "Sai"})
    assert refused.status_code == 400 and "Chỉ đơn vị ban hành" in refused.json()["detail"]
    assert call("commune_a1_officer", "post", url, {}).status_code == 422
    assert call("commune_a1_officer", "post", url, {"reason": "  "}).status_code == 400
    revoked = call("commune_a1_officer", "post", url, {"reason": "Ghi nhầm Tổ dân phố số 2"})
    assert revoked.status_code == 200
    body = revoked.json()
    assert body["status"] == "revoked" and body["revoke_reason"] == "Ghi nhầm Tổ dân phố số 2"
    assert {u["name"] for u in body["units"]} == {"Tổ dân phố số 1", "Tổ dân phố số 2"}  # as it stood
    again = call("commune_a1_officer", "post", url, {"reason": "Lần hai"})
    assert again.status_code == 400 and "đã bị thu hồi" in again.json()["detail"]
    correcting = call(
        "commune_a1_officer",
        "post",
        "/cycles/2026/decisions",
        {"assessment_ids": [a1_first.pk], "replaces_id": issued["id"]},
    ).json()
    assert correcting["replaces_id"] == issued["id"] and correcting["display_number"] == "02/QĐ-UBND"


def test_openapi_documents_the_decision_routes_and_their_refusals():
    from config.api import api

    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    for method, path in (
        ("get", "cycles/{year}/decisions"),
        ("post", "cycles/{year}/decisions"),
        ("get", "decisions/{decision_id}"),
        ("post", "decisions/{decision_id}/revoke"),
    ):
        operation = paths[f"{BASE}/{path}"][method]
        assert {"400", "401", "404", "422"} <= {str(code) for code in operation["responses"]}, (method, path)
