"""A plan's bulk assignment gives every task its own history: one history row and one audit entry each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.models import AuditEntry
from antq.movement import actions
from antq.movement.models import Task
from antq.units.models import Unit
from conftest import COMMUNE_A1

pytestmark = pytest.mark.django_db


def test_every_bulk_created_task_has_its_creation_in_its_history(hanoi_tasks, province_a_officer, client_for):
    ids = {t.pk for t in hanoi_tasks}
    history = Task.history.filter(id__in=ids)
    assert history.count() == len(ids)
    assert set(history.values_list("history_type", flat=True)) == {"+"}
    assert set(history.values_list("history_user_id", flat=True)) == {province_a_officer.pk}
    created = AuditEntry.objects.filter(action="movement.task.created")
    assert {int(pk) for pk in created.values_list("target_id", flat=True)} == ids
    a1_task = next(t for t in hanoi_tasks if t.unit.key == COMMUNE_A1)
    entry = AuditEntry.objects.for_object(a1_task).get()
    assert entry.data["unit"] == COMMUNE_A1 and entry.actor == province_a_officer
    # The one assignment entry on the plan stays, with the count.
    assert AuditEntry.objects.get(action="movement.tasks.assigned").data["units"] == len(ids)
    page = client_for(province_a_officer).get(f"/chi-dao/nhiem-vu/{a1_task.pk}/").content.decode()
    assert "Nhận nhiệm vụ được giao" in page.split('data-testid="task-history"')[1]


def _assign_queries(plan, units, by, title) -> int:
    with CaptureQueriesContext(connection) as queries:
        actions.assign_tasks(plan, units, by=by, assignment=actions.Assignment(title, dt.date(2026, 6, 30)))
    return len(queries)


def test_assignment_query_count_does_not_grow_with_the_units(plan, hanoi, province_a_officer):
    communes = actions.communes_of(hanoi)
    assert len(communes) > 100
    few = _assign_queries(plan, communes[:3], province_a_officer, "Nhiệm vụ thử")
    many = _assign_queries(plan, communes, province_a_officer, "Nhiệm vụ toàn thành phố")
    assert few == many
    assert Task.history.count() == 3 + len(communes)


def test_a_bad_assignment_leaves_neither_tasks_nor_history(plan, province_a_officer):
    outside = list(Unit.objects.filter(key__in=["26740"]))
    with pytest.raises(Exception, match="ngoài phạm vi"):
        actions.assign_tasks(
            plan, outside, by=province_a_officer, assignment=actions.Assignment("X", dt.date(2026, 6, 30))
        )
    assert (
        not Task.history.exists() and not AuditEntry.objects.filter(action="movement.task.created").exists()
    )
