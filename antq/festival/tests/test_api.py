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


def test_commendations_and_year_rollup_through_the_api(
    client, province_a_officer, commune_a1_officer, commune_b1_officer, national_admin, sample_participants
):
    import datetime as dt

    from antq.awards.models import Proposal
    from antq.festival import actions
    from antq.festival.tests.helpers import area_event

    event = area_event(campaign(province_a_officer), sample_participants["a1_areas"][0], commune_a1_officer)
    headers = _auth(commune_a1_officer)
    url = f"/api/v1/festival/events/{event.pk}/commendations"
    body = {
        "form_code": "certificate_of_merit",
        "achievement": "Xuất sắc",
        "nominees": [{"kind": "individual", "name": "Trần Văn B", "position": "Tổ trưởng"}],
    }
    before_result = client.post(url, body, content_type="application/json", **headers)
    assert before_result.status_code == 400 and "Báo cáo kết quả" in before_result.json()["detail"]
    actions.report_result(event, by=commune_a1_officer, reported_on=dt.date(2026, 8, 11), counts={})
    unknown = client.post(url, {**body, "form_code": "nope"}, content_type="application/json", **headers)
    assert unknown.status_code == 400
    made = client.post(url, body, content_type="application/json", **headers)
    assert made.status_code == 201, made.content
    [row] = made.json()["commendations"]
    assert row["names"] == ["Trần Văn B"] and row["state"] == "Đã đề nghị"
    assert Proposal.objects.get(pk=row["proposal_id"]).source_id == event.pk
    outside = client.post(url, body, content_type="application/json", **_auth(commune_b1_officer))
    assert outside.status_code == 404
    missing = client.post(
        f"/api/v1/festival/events/{event.pk}/commendation-links",
        {"decision_id": 999999},
        content_type="application/json",
        **headers,
    )
    assert missing.status_code == 404
    nation = client.get("/api/v1/festival/years/2026/units/VN/rollup", **_auth(national_admin)).json()
    assert nation["points"] == 1 and nation["units"][0]["unit_code"] == "01"
    assert nation["units"][0]["areas_held"] == 1
    cut = client.get(
        f"/api/v1/festival/years/2026/units/{COMMUNE_A1}/rollup?as_of=2026-08-01", **headers
    ).json()
    assert cut["areas_held"] == 0 and cut["as_of"] == "2026-08-01" and cut["units"] == []
    assert client.get("/api/v1/festival/years/2026/units/VN/rollup", **headers).status_code == 404
