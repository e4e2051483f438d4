"""Ranking API: names for the police only, proposals and the decision through the same actions."""

from __future__ import annotations

import pytest

from antq.accounts.models import ApiToken
from antq.forces.models import Membership
from antq.forces.ranking_models import Ranking
from antq.forces.ranking_seed import seed_ranking

URL = "/api/v1/forces/communes/{key}/ranking/2026"


@pytest.fixture(autouse=True)
def _rules(db):
    seed_ranking()


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def test_propose_then_decide(client, a1, officer, full_team):
    headers = auth(officer)
    url = URL.format(key=a1.key)
    ids = list(Membership.objects.filter(team=full_team).values_list("pk", flat=True))
    body = {
        "teams": [{"team_id": full_team.pk, "level": "good"}],
        "members": [{"membership_id": pk, "level": "good"} for pk in ids],
    }
    response = client.post(f"{url}/proposals", body, content_type="application/json", **headers)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (
        data["violations"] == [] and data["team_counts"]["good"] == 1 and data["member_counts"]["good"] == 3
    )
    decision = {"number": 3, "decided_on": "2026-11-20", "signer_name": "Lê Văn Chủ"}
    response = client.post(f"{url}/decision", decision, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["decision_number"] == "03/QĐ-UBND"
    assert Ranking.objects.get(commune=a1, year=2026).is_decided


def test_decision_with_violations_is_refused_with_the_list(client, a1, officer, full_team):
    decision = {"number": 3, "decided_on": "2026-11-20", "signer_name": "Lê Văn Chủ"}
    response = client.post(
        f"{URL.format(key=a1.key)}/decision", decision, content_type="application/json", **auth(officer)
    )
    assert response.status_code == 400
    assert "còn 4 vi phạm" in response.json()["detail"]


def test_bad_level_is_a_clear_400(client, a1, officer, full_team):
    body = {"teams": [{"team_id": full_team.pk, "level": "best"}]}
    response = client.post(
        f"{URL.format(key=a1.key)}/proposals", body, content_type="application/json", **auth(officer)
    )
    assert response.status_code == 400 and "Mức xếp loại không hợp lệ" in response.json()["detail"]


def test_steering_members_get_no_names(client, a1, full_team, personas):
    data = client.get(URL.format(key=a1.key), **auth(personas["steering_a1_member"])).json()
    assert data["teams"][0]["members"] is None
    assert all(v["membership_id"] is None for v in data["violations"])
    police = client.get(URL.format(key=a1.key), **auth(personas["province_a_officer"])).json()
    assert len(police["teams"][0]["members"]) == 3
