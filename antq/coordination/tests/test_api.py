"""Coordination API: the same actions, scope as 404, domain refusals as 400 with Vietnamese messages."""

from __future__ import annotations

import pytest

from antq.accounts.models import ApiToken
from antq.coordination.models import FollowUp, Inspection, Programme
from antq.coordination.tests.helpers import deploy, national_programme, with_findings

pytestmark = pytest.mark.django_db
BASE = "/api/v1/coordination"


def _auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"}


PROGRAMME = {
    "kind": "programme",
    "number": "12/ctr-catp-mttq",
    "title": "Phối hợp",
    "signed_on": "2026-01-01",
    "period_from": "2026-01-01",
    "period_to": "2026-12-31",
    "content_items": ["Tuyên truyền"],
    "parties": [{"name": "Công an Thành phố"}, {"unit_code": "00004", "name": "Công an phường Ba Đình"}],
}


def test_create_programme_and_report(client, province_a_officer):
    h = _auth(province_a_officer)
    response = client.post(f"{BASE}/units/01/programmes", PROGRAMME, content_type="application/json", **h)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "12/CTr-CATP-MTTQ" and len(body["parties"]) == 2
    party = body["parties"][0]["id"]
    report = {
        "party_id": party,
        "period_from": "2026-01-01",
        "period_to": "2026-06-30",
        "text": "Kết quả",
        "figures": {"Số buổi": 3},
    }
    response = client.post(
        f"{BASE}/programmes/{body['id']}/reports", report, content_type="application/json", **h
    )
    assert response.status_code == 201 and response.json()["figures"] == {"Số buổi": 3}
    detail = client.get(f"{BASE}/programmes/{body['id']}", **h).json()
    assert len(detail["reports"]) == 1 and detail["can_manage"] is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"number": "12 CTr"}, "Thiếu dấu “/”"),
        ({"period_to": "2025-01-01"}, "không được trước"),
        ({"parties": [{"name": "Một bên"}]}, "ít nhất hai bên"),
        ({"parties": [{"name": "A"}, {"unit_code": "26740", "name": "B"}]}, "Không tìm thấy đơn vị"),
    ],
)
def test_create_programme_refusals(client, province_a_officer, change, message):
    response = client.post(
        f"{BASE}/units/01/programmes",
        {**PROGRAMME, **change},
        content_type="application/json",
        **_auth(province_a_officer),
    )
    assert response.status_code == 400 and message in response.json()["detail"]
    assert not Programme.objects.exists()


def test_outside_scope_is_404(client, commune_b1_officer, province_a_officer, national_admin):
    national = national_programme(national_admin)
    hanoi = deploy(national, "01", province_a_officer)
    h = _auth(commune_b1_officer)
    assert client.get(f"{BASE}/programmes/{hanoi.pk}", **h).status_code == 404
    # Everyone below reads the national programme; only its owner's editors write to it.
    assert client.get(f"{BASE}/programmes/{national.pk}", **h).status_code == 200
    assert (
        client.post(
            f"{BASE}/programmes/{national.pk}/reports",
            {
                "party_id": national.parties.first().pk,
                "period_from": "2026-02-01",
                "period_to": "2026-03-01",
                "text": "x",
            },
            content_type="application/json",
            **h,
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{BASE}/units/01/programmes", PROGRAMME, content_type="application/json", **h
        ).status_code
        == 404
    )


def test_overview(client, national_admin, province_a_officer):
    national = national_programme(national_admin)
    deploy(national, "01", province_a_officer)
    [row] = client.get(f"{BASE}/overview", **_auth(national_admin)).json()
    assert (row["deployed_count"], row["province_count"], row["percent"]) == (1, 34, 2.9)
    assert "79" in [u["code"] for u in row["not_deployed"]] and "01" not in [
        u["code"] for u in row["not_deployed"]
    ]


INSPECTION = {
    "plan_number": "87/KH-BCĐ",
    "title": "Kiểm tra",
    "planned_from": "2026-09-01",
    "planned_to": "2026-09-30",
    "unit_codes": ["00004", "00008"],
}


def test_inspection_cycle(client, province_a_officer, commune_a1_officer, commune_b1_officer):
    h = _auth(province_a_officer)
    response = client.post(f"{BASE}/units/01/inspections", INSPECTION, content_type="application/json", **h)
    assert response.status_code == 201
    inspection_id = response.json()["id"]
    findings = {
        "conclusion": "Thiếu hồ sơ",
        "findings_on": "2026-09-10",
        "requests": [{"text": "Bổ sung", "deadline": "2026-10-01"}],
    }
    response = client.post(
        f"{BASE}/inspections/{inspection_id}/units/00004/findings",
        findings,
        content_type="application/json",
        **h,
    )
    assert response.status_code == 200
    request_id = next(r for r in response.json()["inspected"] if r["unit_code"] == "00004")["requests"][0][
        "id"
    ]
    # The inspected commune sees its own row only.
    seen = client.get(f"{BASE}/inspections/{inspection_id}", **_auth(commune_a1_officer)).json()
    assert [r["unit_code"] for r in seen["inspected"]] == ["00004"]
    assert seen["inspected"][0]["requests"][0]["overdue"] is True
    follow = {"text": "Đã bổ sung", "status": "done", "reported_on": "2026-09-20"}
    url = f"{BASE}/requests/{request_id}/follow-ups"
    assert (
        client.post(url, follow, content_type="application/json", **_auth(commune_b1_officer)).status_code
        == 404
    )
    assert (
        client.post(url, follow, content_type="application/json", **_auth(commune_a1_officer)).status_code
        == 201
    )
    assert FollowUp.objects.count() == 1
    again = client.post(url, follow, content_type="application/json", **_auth(commune_a1_officer))
    assert again.status_code == 400 and "đã hoàn thành" in again.json()["detail"]


def test_inspection_refusals(client, province_a_officer, national_admin):
    h = _auth(province_a_officer)
    bad_number = client.post(
        f"{BASE}/units/01/inspections",
        {**INSPECTION, "plan_number": "KH-87"},
        content_type="application/json",
        **h,
    )
    assert bad_number.status_code == 400
    reversed_dates = client.post(
        f"{BASE}/units/01/inspections",
        {**INSPECTION, "planned_to": "2026-08-01"},
        content_type="application/json",
        **h,
    )
    assert reversed_dates.status_code == 400 and "không được trước" in reversed_dates.json()["detail"]
    outside = client.post(
        f"{BASE}/units/01/inspections",
        {**INSPECTION, "unit_codes": ["26740"]},
        content_type="application/json",
        **_auth(national_admin),
    )
    assert outside.status_code == 400 and "không thuộc phạm vi" in outside.json()["detail"]
    assert not Inspection.objects.exists()


def test_lists_are_scoped(client, province_a_officer, commune_a1_officer, commune_b1_officer):
    with_findings(province_a_officer)
    assert client.get(f"{BASE}/inspections", **_auth(commune_a1_officer)).json()["count"] == 1
    assert client.get(f"{BASE}/inspections", **_auth(commune_b1_officer)).json()["count"] == 0
