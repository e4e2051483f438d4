import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from antq.core.models import AuditEntry
from antq.movement import actions
from antq.movement.models import Document, ProgressReport, Task
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, PROVINCE_A

pytestmark = pytest.mark.django_db


def test_province_assigns_a_task_to_all_its_communes_from_the_plan_page(
    plan, province_a_officer, client_for, hanoi
):
    client = client_for(province_a_officer)
    url = reverse("movement:document", kwargs={"pk": plan.pk})
    response = client.post(
        url,
        {
            "what": "assign",
            "title": "Tổ chức Ngày hội",
            "deadline": "2026-08-31",
            "weight": "2",
            "expected_result": "Báo cáo",
            "target": f"communes:{PROVINCE_A}",
        },
    )
    assert response.status_code == 302
    communes = Unit.objects.current().filter(parent=hanoi, level=Unit.Level.COMMUNE).count()
    assert Task.objects.filter(plan=plan, weight=2).count() == communes


def test_deadline_before_the_plan_shows_the_message(plan, province_a_officer, client_for):
    client = client_for(province_a_officer)
    response = client.post(
        reverse("movement:document", kwargs={"pk": plan.pk}),
        {
            "what": "assign",
            "title": "X",
            "deadline": "2026-01-01",
            "weight": "1",
            "target": f"communes:{PROVINCE_A}",
        },
        follow=True,
    )
    assert "trước ngày ban hành kế hoạch (10/02/2026)" in response.content.decode()
    assert not Task.objects.exists()


def test_plan_page_queries_do_not_grow_with_tasks(
    plan, province_a_officer, client_for, hanoi_tasks, django_assert_max_num_queries
):
    client = client_for(province_a_officer)
    url = reverse("movement:document", kwargs={"pk": plan.pk})
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="rollup-percent">0,0 %' in response.content.decode()


def test_commune_reports_progress_and_over_100_is_refused(hanoi_tasks, commune_a1_officer, client_for):
    task = next(t for t in hanoi_tasks if t.unit.key == COMMUNE_A1)
    client = client_for(commune_a1_officer)
    url = reverse("movement:task", kwargs={"pk": task.pk})
    response = client.post(url, {"percent": "120", "note": "x"})
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()
    assert client.post(url, {"percent": "60", "note": "Đã họp"}).status_code == 302
    task.refresh_from_db()
    assert task.progress == 60


def test_a_commune_cannot_post_on_another_communes_task(hanoi_tasks, commune_a1_officer, client_for):
    other = next(t for t in hanoi_tasks if t.unit.key == COMMUNE_A2)
    response = client_for(commune_a1_officer).post(
        reverse("movement:task", kwargs={"pk": other.pk}), {"percent": "5"}
    )
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_asked_of_us_lists_pending_first_overdue_highlighted(
    plan,
    hanoi_tasks,
    province_a_officer,
    commune_a1_officer,
    client_for,
    django_assert_max_num_queries,
    monkeypatch,
):
    commune = Unit.objects.get(key=COMMUNE_A1)
    later = actions.assign_tasks(
        plan,
        [commune],
        by=province_a_officer,
        assignment=actions.Assignment("Ngày hội", dt.date(2026, 12, 31)),
    )[0]
    done = actions.assign_tasks(
        plan, [commune], by=province_a_officer, assignment=actions.Assignment("Đã xong", dt.date(2026, 2, 20))
    )[0]
    actions.report_progress(done, by=commune_a1_officer, percent=100)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2026, 5, 1))
    client = client_for(commune_a1_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("movement:inbox", kwargs={"key": COMMUNE_A1}))
    html = response.content.decode()
    overdue = next(t for t in hanoi_tasks if t.unit.key == COMMUNE_A1)
    positions = [html.index(f"/chi-dao/nhiem-vu/{t.pk}/") for t in (overdue, later, done)]
    assert positions == sorted(positions)
    assert 'class="table-danger" data-flag="overdue"' in html


def test_register_search_is_accent_insensitive_and_malformed_numbers_are_refused(
    plan, province_a_officer, client_for
):
    client = client_for(province_a_officer)
    url = reverse("movement:documents", kwargs={"key": PROVINCE_A})
    response = client.post(
        url,
        {"number_text": "87 KH-BCĐ", "issued_on": "2026-03-01", "issuing_body": "BCĐ", "subject": "Kế hoạch"},
    )
    assert "Thiếu dấu “/”" in response.content.decode()
    assert Document.objects.count() == 1
    found = client.get(url, {"q": "phong trao toan dan"}).content.decode()
    assert "656/KH-UBND" in found
    assert "656/KH-UBND" not in client.get(url, {"q": "ngay hoi"}).content.decode()


def test_overview_counts_and_export(
    hanoi_tasks, province_a_officer, client_for, django_assert_max_num_queries, hanoi
):
    client = client_for(province_a_officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("movement:overview", kwargs={"key": PROVINCE_A}), {"nam": "2026"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="movement-data"' in html and "<script>" not in html
    response = client.get(
        reverse("movement:export", kwargs={"key": PROVINCE_A, "kind": "nhiem-vu"}), {"nam": "2026"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == len(hanoi_tasks) + 1
    assert rows[1][0] == "656/KH-UBND"
    assert AuditEntry.objects.filter(action="movement.exported").count() == 1


def test_national_overview_query_count_is_constant(national_admin, client_for, django_assert_max_num_queries):
    client = client_for(national_admin)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("movement:overview", kwargs={"key": "VN"}))
    assert response.status_code == 200
    assert "Chưa kiện toàn Ban Chỉ đạo trong năm (34)" in response.content.decode()


def test_back_office_lists_read_only(hanoi_tasks, client_for, django_user_model):
    client = client_for(
        django_user_model.objects.create_superuser("quantri", "q@example.vn", "Mat-khau-2026-x")
    )
    for name in ("document", "task", "steeringcommittee"):
        assert client.get(f"/quan-tri/movement/{name}/").status_code == 200
    assert client.get("/quan-tri/movement/document/add/").status_code == 403
