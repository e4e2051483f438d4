"""The commendation API goes through the same actions: propose, review, decide; refusals are 400."""

from __future__ import annotations

import pytest

from antq.accounts.models import ApiToken
from antq.awards.models import Decision, Proposal
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db
API = "/api/v1/awards"


@pytest.fixture
def api_for():
    def headers(user):
        return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"}

    return headers


def _post(client, url, body, headers):
    return client.post(url, data=body, content_type="application/json", **headers)


def test_proposal_through_review_to_decision(client, api_for, commune_a1_officer, province_a_officer):
    commune, province = api_for(commune_a1_officer), api_for(province_a_officer)
    body = {
        "form_code": "provincial_certificate_of_merit",
        "year": 2026,
        "achievement": "Xuất sắc",
        "source_type": "forces.ranking",
        "source_id": 7,
        "nominees": [{"kind": "individual", "name": "Lê Văn Bình", "position": "Tổ trưởng"}],
    }
    created = _post(client, f"{API}/units/{COMMUNE_A1}/proposals", body, commune)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["reviewer_code"] == "01"
    assert _post(client, f"{API}/proposals/{pk}/review", {"verb": "review"}, commune).status_code == 404
    assert (
        _post(client, f"{API}/proposals/{pk}/review", {"verb": "review"}, province).json()["status"]
        == "reviewed"
    )
    decision = {
        "number": "12/KH-UBND",
        "issued_on": "2026-11-20",
        "signer_name": "Trần Sỹ Thanh",
        "signer_title": "CHỦ TỊCH",
        "place": "Hà Nội",
    }
    refused = _post(client, f"{API}/proposals/{pk}/decision", decision, province)
    assert refused.status_code == 400 and "quyết định" in refused.json()["detail"]
    assert not Decision.objects.exists()
    done = _post(client, f"{API}/proposals/{pk}/decision", {**decision, "number": "12/QĐ-UBND"}, province)
    assert done.status_code == 201 and done.json()["decision_number"] == "12/QĐ-UBND"
    listed = client.get(f"{API}/units/{COMMUNE_A1}/proposals", **commune).json()
    assert [p["status"] for p in listed] == ["decided"]


def test_bad_nominee_kind_is_refused(client, api_for, commune_a1_officer):
    body = {
        "form_code": "certificate_of_merit",
        "year": 2026,
        "achievement": "A",
        "source_type": "festival.event",
        "nominees": [{"kind": "household", "name": "Hộ ông A"}],
    }
    response = _post(client, f"{API}/units/{COMMUNE_A1}/proposals", body, api_for(commune_a1_officer))
    assert response.status_code == 400 and not Proposal.objects.exists()
