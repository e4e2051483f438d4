from datetime import date, timedelta

import pytest
from django.utils import timezone

from antq.tips import actions, queries
from antq.tips.models import Tip
from antq.tips.tests.helpers import submit
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.django_db


def test_counts_per_subtree_and_per_child_in_one_query(commune_a1_officer, django_assert_num_queries):
    a1, a1b, a2, b1 = (
        submit(COMMUNE_A1).tip,
        submit(COMMUNE_A1).tip,
        submit(COMMUNE_A2).tip,
        submit(COMMUNE_B1).tip,
    )
    actions.record_outcome(a1, by=commune_a1_officer, status="not_prosecute", outcome="Không có dấu hiệu")
    Tip.objects.filter(pk=a1b.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    hanoi = Unit.objects.get(key=PROVINCE_A)
    assert queries.counts(hanoi, start, end) == queries.TipCounts(received=3, resolved=1, overdue=1)
    with django_assert_num_queries(1):
        per_commune = queries.counts_by_child(hanoi, start, end)
    assert per_commune[a1.receiving_unit.path] == queries.TipCounts(2, 1, 1)
    assert per_commune[a2.receiving_unit.path] == queries.TipCounts(1, 0, 0)
    national = queries.counts_by_child(Unit.objects.get(key="VN"), start, end)
    assert national[hanoi.path].received == 3 and national[b1.province.path].received == 1
