"""The overdue job: one notification per user listing their overdue tasks, never twice for a task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.models import Notification
from antq.movement import actions
from antq.movement.models import Task
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db


def _second_plan_tasks(plan, hanoi, by, title="Sơ kết 6 tháng", deadline=dt.date(2026, 4, 15)):
    return actions.assign_to_all_communes(plan, hanoi, by=by, assignment=actions.Assignment(title, deadline))


def test_each_user_gets_one_notification_listing_their_tasks(
    hanoi_tasks, plan, hanoi, province_a_officer, commune_a1_officer
):
    _second_plan_tasks(plan, hanoi, province_a_officer)
    Notification.objects.all().delete()  # the assignment notices
    notified = actions.notify_overdue_tasks(dt.date(2026, 5, 1))
    assert notified == 2 * len(hanoi_tasks)
    mine = Notification.objects.get(recipient=commune_a1_officer)
    assert mine.message.startswith("2 nhiệm vụ quá hạn: Kiện toàn Ban Chỉ đạo cấp xã")
    assert "Sơ kết 6 tháng" in mine.message and mine.link == f"/chi-dao/{COMMUNE_A1}/cap-tren-giao/"
    # The assigner hears once about all of them: the count, the first three, how many more.
    assigner = Notification.objects.get(recipient=province_a_officer)
    assert assigner.message.startswith(f"{2 * len(hanoi_tasks)} nhiệm vụ quá hạn")
    assert len(assigner.message) <= 255 and assigner.link == f"/chi-dao/van-ban/{plan.pk}/"
    # Never twice for the same task: a later run finds nothing new.
    assert actions.notify_overdue_tasks(dt.date(2026, 5, 2)) == 0
    assert Notification.objects.filter(recipient=commune_a1_officer).count() == 1


def test_only_newly_overdue_tasks_are_listed_in_a_later_run(
    hanoi_tasks, plan, hanoi, province_a_officer, commune_a1_officer
):
    _second_plan_tasks(plan, hanoi, province_a_officer, deadline=dt.date(2026, 9, 30))
    Notification.objects.all().delete()
    assert actions.notify_overdue_tasks(dt.date(2026, 4, 1)) == len(hanoi_tasks)
    assert actions.notify_overdue_tasks(dt.date(2026, 10, 1)) == len(hanoi_tasks)
    messages = list(
        Notification.objects.filter(recipient=commune_a1_officer)
        .order_by("pk")
        .values_list("message", flat=True)
    )
    assert len(messages) == 2
    assert "Kiện toàn" in messages[0] and "Sơ kết" not in messages[0]
    assert "Sơ kết" in messages[1] and "Kiện toàn" not in messages[1]
    # A task reported done is not overdue.
    task = Task.objects.filter(unit__key=COMMUNE_A1).first()
    assert task.overdue_notified_at is not None


def test_query_count_is_constant_whatever_the_number_of_tasks_and_users(
    plan, hanoi, province_a_officer, commune_a1_officer
):
    communes = actions.communes_of(hanoi)
    others = [c for c in communes if c.key != COMMUNE_A1][:2]  # only the assigner hears of these
    actions.assign_tasks(
        plan, others, by=province_a_officer, assignment=actions.Assignment("Ít", dt.date(2026, 3, 1))
    )
    with CaptureQueriesContext(connection) as few:
        assert actions.notify_overdue_tasks(dt.date(2026, 3, 2)) == 2
    actions.assign_tasks(
        plan, communes, by=province_a_officer, assignment=actions.Assignment("Nhiều", dt.date(2026, 3, 10))
    )
    with CaptureQueriesContext(connection) as many:
        assert actions.notify_overdue_tasks(dt.date(2026, 3, 11)) == len(communes)
    assert len(few) == len(many)
    assert Notification.objects.filter(recipient=commune_a1_officer, message__contains="quá hạn").count() == 1


def test_a_user_who_muted_movement_notices_gets_none(hanoi_tasks, commune_a1_officer, province_a_officer):
    from antq.core.notifications import set_preferences

    set_preferences(user=commune_a1_officer, muted_kinds=["movement"], email=False)
    Notification.objects.all().delete()
    assert actions.notify_overdue_tasks(dt.date(2026, 4, 1)) == len(hanoi_tasks)
    assert not Notification.objects.filter(recipient=commune_a1_officer).exists()
    assert Notification.objects.get(recipient=province_a_officer).kind == "movement"
