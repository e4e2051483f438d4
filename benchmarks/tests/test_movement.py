"""The movement bench data: a task and a report for every current commune, written once."""

from __future__ import annotations

import pytest

from antq.movement import queries
from antq.movement.models import Document, ProgressReport, Task
from antq.units.models import Unit
from benchmarks.movement import generate_movement


@pytest.mark.django_db
def test_one_national_plan_with_a_task_and_a_report_per_commune(national_admin):
    stats = generate_movement(national_admin)
    communes = Unit.objects.current().filter(level=Unit.Level.COMMUNE).count()
    assert communes == 3321
    assert stats.tasks == stats.reports == communes
    assert Task.objects.count() == ProgressReport.objects.count() == communes
    # The one assign action: a constant number of queries whatever the number of communes.
    assert stats.assign_queries <= 8
    again = generate_movement(national_admin)
    assert (again.plan_id, Task.objects.count(), Document.objects.count()) == (stats.plan_id, communes, 1)
    plan = Document.objects.get()
    from django.utils import timezone

    rollup = queries.plan_rollup(plan, Task.objects.all(), timezone.localdate())
    assert len(rollup.rows) == 34 and sum(r.tasks for r in rollup.rows) == communes
