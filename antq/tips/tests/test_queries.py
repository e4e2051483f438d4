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


@pytest.fixture
def spread(commune_a1_officer):
    """A1: 3 tips (1 resolved, 1 overdue), A2: 1 tip received last year, B1: 1 tip; today fixed."""
    today = timezone.localdate()
    a1 = [submit(COMMUNE_A1).tip for _ in range(3)]
    actions.record_outcome(a1[0], by=commune_a1_officer, status="prosecute", outcome="Khởi tố")
    Tip.objects.filter(pk=a1[1].pk).update(due_on=today - timedelta(days=1))
    a2 = submit(COMMUNE_A2).tip
    Tip.objects.filter(pk=a2.pk).update(received_on=date(today.year - 1, 6, 1))
    submit(COMMUNE_B1)
    return today


@pytest.mark.parametrize(
    ("key", "this_year", "since_last_year"),
    [
        ("VN", (4, 1, 1), (5, 1, 1)),
        (PROVINCE_A, (3, 1, 1), (4, 1, 1)),
        (COMMUNE_A1, (3, 1, 1), (3, 1, 1)),
        (COMMUNE_A2, (0, 0, 0), (1, 0, 0)),
        ("PB", (1, 0, 0), (1, 0, 0)),
    ],
)
def test_subtree_counts_of_mixed_levels(spread, key, this_year, since_last_year):
    keys = {"VN": "VN", "PB": Unit.objects.get(key=COMMUNE_B1).parent.key}
    unit = Unit.objects.get(key=keys.get(key, key))
    everyone = list(Unit.objects.filter(key__in=["VN", PROVINCE_A, COMMUNE_A1, COMMUNE_A2, keys["PB"]]))
    today = spread
    for start, expected in (
        (date(today.year, 1, 1), this_year),
        (date(today.year - 1, 1, 1), since_last_year),
    ):
        got = queries.subtree_counts(everyone, start, today)
        assert got[unit.pk] == queries.TipCounts(*expected)
        # The same numbers as the single-unit count.
        assert queries.counts(unit, start, today) == got[unit.pk]


def test_subtree_counts_one_query_per_level(spread, django_assert_num_queries):
    units = list(Unit.objects.filter(key__in=["VN", PROVINCE_A, COMMUNE_A1, COMMUNE_A2, COMMUNE_B1]))
    with django_assert_num_queries(3):  # national, province, commune path lengths
        queries.subtree_counts(units, date(spread.year, 1, 1), spread)


def _deadlines(user, today):
    from antq.core.attention import SOURCES

    (source,) = [s for s in SOURCES if s.code == "tips.deadlines"]
    found = source.fetch(user, today, 10)
    return [found] if found.total else []


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("commune_a1_officer", (2, 1, 1)),  # total, overdue, due soon
        ("province_a_officer", (2, 1, 1)),
        ("national_admin", (3, 2, 1)),
        ("commune_b1_officer", (1, 1, 0)),
        ("steering_a1_member", None),  # not a police role: nothing, not even a zero
    ],
)
def test_home_shows_tip_deadlines_as_counts_only(request, persona, expected, django_assert_max_num_queries):
    today = timezone.localdate()
    late_a1, soon_a1, _later = submit(COMMUNE_A1).tip, submit(COMMUNE_A1).tip, submit(COMMUNE_A1).tip
    late_b1 = submit(COMMUNE_B1).tip
    Tip.objects.filter(pk__in=[late_a1.pk, late_b1.pk]).update(due_on=today - timedelta(days=2))
    Tip.objects.filter(pk=soon_a1.pk).update(due_on=today + timedelta(days=1))
    user = request.getfixturevalue(persona)
    user.active_roles  # noqa: B018 (loaded once per request by the middleware, not by the source)
    with django_assert_max_num_queries(1):
        found = _deadlines(user, today)
    if expected is None:
        assert found == []
        return
    (got,) = found
    total, overdue, soon = expected
    assert got.total == total
    titles = [item.title for item in got.items]
    assert titles == [
        *([f"{overdue} tin báo, phản ánh đã quá hạn giải quyết"] if overdue else []),
        *([f"{soon} tin báo, phản ánh sắp đến hạn giải quyết"] if soon else []),
    ]
    assert got.items[0].due == today - timedelta(days=2)
    assert all("?han=" in item.url for item in got.items)
    assert not any(late_a1.summary in item.title + item.detail for item in got.items)


def test_new_tip_notifications_are_a_kind_officers_may_mute(commune_a1_officer, tip_handler_a1):
    from antq.core.models import Notification
    from antq.core.notifications import KINDS, set_preferences

    assert "tips" in KINDS
    set_preferences(user=tip_handler_a1, muted_kinds=["tips"], email=False)
    submit(COMMUNE_A1)
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("commune_a1_officer", "tips")
    ]
