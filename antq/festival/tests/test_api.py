import pytest

from antq.accounts.models import ApiToken
from antq.core.models import AuditEntry
from antq.festival.models import EventResult, RuleSet
from antq.festival.tests.helpers import campaign
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db


def _auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def test_plan_and_report_through_the_api(client, province_a_officer, commune_a1_officer, sample_participants):
    made = campaign(province_a_officer)
    headers = _auth(commune_a1_officer)
    body = {
        "host_type": "area",
        "area_id": sample_participants["a1_areas"][0].pk,
        "date": "2026-08-19",
        "venue": "Nhà văn hóa",
        "festivity_items": ["folk_games"],
        "is_anniversary_ceremony": True,
    }
    url = f"/api/v1/festival/campaigns/{made.pk}/units/{COMMUNE_A1}/events"
    response = client.post(url, body, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    event = response.json()
    assert event["host_name"] == "Tổ dân phố số 1"
    assert "năm thứ 21" in event["warnings"][0]
    RuleSet.objects.update(round_every=3)  # 21 is a multiple of 3: no warning for the next point
    response = client.post(
        url, {**body, "host_type": "commune", "area_id": None}, content_type="application/json", **headers
    )
    assert response.json()["warnings"] == []
    result_url = f"/api/v1/festival/events/{event['id']}/result"
    refused = client.put(
        result_url,
        {"reported_on": "2026-08-18", "counts": {"participants": 10}},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 400 and "trước ngày tổ chức" in refused.json()["detail"]
    ok = client.put(
        result_url,
        {"reported_on": "2026-08-20", "counts": {"participants": 10, "models_launched": 2}},
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200
    assert ok.json()["result"]["counts"]["models_launched"] == 2
    assert EventResult.objects.get().participants == 10
    assert AuditEntry.objects.filter(action="festival.result.reported").count() == 1
    rollup = client.get(f"/api/v1/festival/campaigns/{made.pk}/units/{COMMUNE_A1}/rollup", **headers).json()
    assert (rollup["points"], rollup["reported"], rollup["coverage_percent"]) == (2, 1, 50.0)
    assert rollup["sums"]["participants"] == 10
