"""Forces API: personal fields for the police only, writes through the actions, refusals in Vietnamese."""

from __future__ import annotations

import pytest

from antq.accounts.models import ApiToken
from antq.forces.models import Membership, Team

pytestmark = pytest.mark.django_db

API = "/api/v1/forces"


@pytest.fixture
def api_for(client):
    def call(user, method, url, body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"}
        if method == "get":
            return client.get(url, **headers)
        return client.post(url, data=body or {}, content_type="application/json", **headers)

    return call


def test_teams_of_a_commune(api_for, personas, full_team, a1):
    body = api_for(personas["steering_a1_member"], "get", f"{API}/communes/{a1.key}/teams").json()
    assert body["count"] == 1
    team = body["items"][0]
    assert team["counts"] == {"leader": 1, "deputy": 1, "member": 1, "total": 3}
    assert team["size_warnings"] == [] and team["established_on"] == "2024-07-01"


@pytest.mark.parametrize("persona", ["commune_a1_officer", "province_a_officer", "national_admin"])
def test_police_get_members_with_personal_fields(api_for, personas, full_team, persona):
    body = api_for(personas[persona], "get", f"{API}/teams/{full_team.pk}").json()
    members = {m["citizen_id"]: m for m in body["members"]}
    assert set(members) == {"000000000001", "000000000002", "000000000003"}
    assert members["000000000001"]["date_of_birth"] == "1980-05-01" and members["000000000001"]["phone"]
    assert [p["code"] for p in members["000000000003"]["eligibility"]] == ["health"]


def test_steering_members_get_counts_without_members(api_for, personas, full_team):
    response = api_for(personas["steering_a1_member"], "get", f"{API}/teams/{full_team.pk}")
    body = response.json()
    assert response.status_code == 200 and body["members"] is None and body["counts"]["total"] == 3
    assert "000000000001" not in response.content.decode() and "Nguyễn" not in response.content.decode()


def test_add_member_returns_warnings_and_refuses_a_second_active_membership(api_for, officer, full_team):
    payload = {
        "full_name": "Phạm Văn Long",
        "date_of_birth": "1990-02-03",
        "sex": "male",
        "citizen_id": "000000000009",
        "residence_type": "temporary",
        "role": "member",
        "joined_on": "2026-01-05",
        "decision_ref": "7/QĐ",
    }
    response = api_for(officer, "post", f"{API}/teams/{full_team.pk}/members", payload)
    assert response.status_code == 201
    assert {w["code"] for w in response.json()["warnings"]} == {
        "background_pending",
        "residence_unknown",
        "education_unknown",
        "health",
    }
    again = api_for(officer, "post", f"{API}/teams/{full_team.pk}/members", payload)
    assert again.status_code == 400 and "đang là thành viên của tổ" in again.json()["detail"]
    bad = api_for(officer, "post", f"{API}/teams/{full_team.pk}/members", {**payload, "citizen_id": "0123"})
    assert bad.status_code == 400 and "12 chữ số" in bad.json()["detail"]
    assert Membership.objects.filter(team=full_team).count() == 4


def test_end_membership_and_create_team(api_for, officer, full_team, a1, sample_participants):
    m = Membership.objects.get(team=full_team, role="member")
    early = api_for(
        officer,
        "post",
        f"{API}/memberships/{m.pk}/end",
        {"left_on": "2024-01-01", "ground": "voluntary", "decision_ref": "1"},
    )
    assert early.status_code == 400 and "trước ngày công nhận" in early.json()["detail"]
    done = api_for(
        officer,
        "post",
        f"{API}/memberships/{m.pk}/end",
        {"left_on": "2026-02-01", "ground": "voluntary", "decision_ref": "1"},
    )
    assert done.status_code == 200 and done.json()["leave_ground"] == "voluntary"
    created = api_for(
        officer,
        "post",
        f"{API}/communes/{a1.key}/teams",
        {
            "residential_area_id": sample_participants["a1_areas"][1].pk,
            "name": "Tổ 2",
            "decision_number": "2/QĐ",
            "established_on": "2025-01-01",
        },
    )
    assert created.status_code == 201 and Team.objects.filter(name="Tổ 2", commune=a1).exists()


def test_steering_members_cannot_write(api_for, personas, full_team):
    response = api_for(
        personas["steering_a1_member"],
        "post",
        f"{API}/teams/{full_team.pk}/dissolve",
        {"dissolved_on": "2026-01-01", "reason": "x", "decision_ref": "1"},
    )
    assert response.status_code == 404


def test_team_list_query_count_is_constant(api_for, officer, full_team, a1, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert api_for(officer, "get", f"{API}/communes/{a1.key}/teams").status_code == 200
