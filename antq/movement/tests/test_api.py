import pytest

from antq.accounts.models import ApiToken
from antq.movement.models import Document, Task
from antq.units.models import Unit
from conftest import COMMUNE_A1, PROVINCE_A

pytestmark = pytest.mark.django_db
API = "/api/v1/movement"


def auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 't')[1]}"}


def test_plan_tasks_progress_and_rollup_through_the_api(
    client, province_a_officer, commune_a1_officer, hanoi
):
    officer = auth(province_a_officer)
    bad = client.post(
        f"{API}/units/{PROVINCE_A}/documents",
        {"number_text": "656-KH", "issued_on": "2026-02-10", "issuing_body": "UBND", "subject": "Kế hoạch"},
        content_type="application/json",
        **officer,
    )
    assert bad.status_code == 400
    assert "Thiếu dấu “/”" in bad.json()["detail"]
    created = client.post(
        f"{API}/units/{PROVINCE_A}/documents",
        {
            "number_text": "656/kh-ubnd",
            "issued_on": "2026-02-10",
            "issuing_body": "UBND",
            "subject": "Kế hoạch",
        },
        content_type="application/json",
        **officer,
    )
    assert created.status_code == 201
    assert created.json()["number_text"] == "656/KH-UBND"
    plan_id = created.json()["id"]
    early = client.post(
        f"{API}/documents/{plan_id}/tasks",
        {"title": "Kiện toàn", "deadline": "2026-02-01", "all_communes_of": PROVINCE_A},
        content_type="application/json",
        **officer,
    )
    assert early.status_code == 400 and not Task.objects.exists()
    assigned = client.post(
        f"{API}/documents/{plan_id}/tasks",
        {"title": "Kiện toàn", "deadline": "2026-12-31", "all_communes_of": PROVINCE_A, "weight": 2},
        content_type="application/json",
        **officer,
    )
    communes = Unit.objects.current().filter(parent=hanoi, level=Unit.Level.COMMUNE).count()
    assert assigned.status_code == 201 and assigned.json() == {"assigned": communes}
    commune = auth(commune_a1_officer)
    mine = client.get(f"{API}/units/{COMMUNE_A1}/tasks", **commune).json()
    assert mine["count"] == 1
    task_id = mine["items"][0]["id"]
    over = client.post(f"{API}/tasks/{task_id}/progress", {"percent": "101"}, **commune)
    assert over.status_code == 400 and "0 đến 100" in over.json()["detail"]
    ok = client.post(f"{API}/tasks/{task_id}/progress", {"percent": "100", "note": "Xong"}, **commune)
    assert ok.status_code == 201
    rollup = client.get(f"{API}/documents/{plan_id}/rollup", **officer).json()
    assert rollup["tasks"] == communes and rollup["done"] == 1
    assert float(rollup["percent"]) == round(100 / communes, 1)
    # The commune reads the plan but its roll-up shows only its own task.
    assert client.get(f"{API}/documents/{plan_id}/rollup", **commune).json()["tasks"] == 1
    assert Document.objects.count() == 1
