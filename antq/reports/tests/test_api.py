"""The reports API calls the same actions as the pages: generate, submit, completeness; scope is 404."""

from __future__ import annotations

import pytest

from antq.accounts.models import ApiToken
from antq.reports.models import Report
from antq.reports.tests.helpers import MONTH, TODAY, definition, monthly, submitted

pytestmark = pytest.mark.django_db
API = "/api/v1/reports"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def test_definitions_state_the_regime(client, commune_a1_officer):
    definition()
    found = {d["code"]: d for d in client.get(f"{API}/definitions", **bearer(commune_a1_officer)).json()}
    monthly_regime = found["cax-thang"]
    assert (monthly_regime["period_kind"], monthly_regime["cutoff_day"], monthly_regime["due_day"]) == (
        "month",
        14,
        20,
    )
    assert (monthly_regime["reporting_level"], monthly_regime["receiving_level"]) == ("commune", "province")
    assert found["cat-thang"]["source_code"] == "cax-thang"
    assert monthly_regime["sections"][1]["indicator_codes"][0] == "practices.activities"


def test_generate_then_submit_through_the_api(client, commune_a1_officer):
    definition()
    headers = bearer(commune_a1_officer)
    made = client.post(
        f"{API}/reports",
        {"definition_code": "cax-thang", "unit_code": "00004", "period": MONTH},
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "draft" and body["due_on"] == "2026-12-20"
    # No narrative yet: 400 with the page's message.
    refused = client.post(
        f"{API}/reports/{body['id']}/submit", {}, content_type="application/json", **headers
    )
    assert refused.status_code == 400 and "Chưa nhập nội dung" in refused.json()["detail"]
    texts = {str(s.pk): "Ổn định." for s in definition().sections.all() if s.has_narrative}
    done = client.post(
        f"{API}/reports/{body['id']}/submit",
        {"signer_name": "Nguyễn Văn An", "narratives": texts},
        content_type="application/json",
        **headers,
    )
    assert done.status_code == 200, done.content
    assert done.json()["number"] == "01/BC-CAP" and done.json()["on_time"] is True
    again = client.post(f"{API}/reports/{body['id']}/submit", {}, content_type="application/json", **headers)
    assert again.status_code == 400 and "đã được gửi" in again.json()["detail"]


def test_scope_of_reports_and_completeness(
    client, commune_a1_officer, commune_b1_officer, province_a_officer
):
    report = submitted(commune_a1_officer)
    monthly(province_a_officer, key="00008")
    assert client.get(f"{API}/reports/{report.pk}", **bearer(commune_b1_officer)).status_code == 404
    assert client.get(f"{API}/reports", **bearer(commune_b1_officer)).json() == []
    listed = client.get(f"{API}/reports", **bearer(commune_a1_officer)).json()
    assert [r["id"] for r in listed] == [report.pk]
    url = f"{API}/units/01/completeness/cax-thang/{MONTH}"
    assert client.get(url, **bearer(commune_a1_officer)).status_code == 404
    data = client.get(url, **bearer(province_a_officer)).json()
    assert data["on_time"] == 1 and data["late"] == 0
    assert data["expected"] == data["on_time"] + data["pending"]  # due 20/12: the others are not late yet
    states = {row["unit_code"]: row["state"] for row in data["rows"]}
    assert states["00004"] == "on_time" and states["00008"] == "pending"
    assert Report.objects.count() == 2


def test_generate_with_a_refused_narrative_leaves_nothing(client, commune_a1_officer):
    definition()
    response = client.post(
        f"{API}/reports",
        {
            "definition_code": "cax-thang",
            "unit_code": "00004",
            "period": MONTH,
            "narratives": {"999999": "x"},
        },
        content_type="application/json",
        **bearer(commune_a1_officer),
    )
    assert response.status_code == 400 and "không tồn tại" in response.json()["detail"]
    assert not Report.objects.exists()
