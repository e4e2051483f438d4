import datetime as dt

import pytest
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from antq.practices import actions, queries
from antq.practices.models import Activity, ActivityTally
from antq.practices.rules import quarter, year
from antq.practices.tallies import rebuild_activity_tallies
from antq.practices.tests.helpers import kind, unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1, PROVINCE_A

pytestmark = pytest.mark.usefixtures("catalogue")


def _live() -> set[tuple]:
    rows = (
        Activity.objects.annotate(month=TruncMonth("held_on"))
        .values_list("province_id", "kind_id", "month")
        .annotate(n=Count("id"), people=Sum("participants"), results=Sum("result_count"))
        .order_by()
    )
    return set(rows)


def _tallied() -> set[tuple]:
    return set(
        ActivityTally.objects.values_list(
            "province_id", "kind_id", "month", "count", "participants", "results"
        )
    )


def test_tallies_are_recomputed_by_the_action_and_match_a_rebuild(national_admin):
    days = [dt.date(2026, 1, 31), dt.date(2026, 2, 1), dt.date(2026, 2, 28), dt.date(2025, 12, 31)]
    for i, day in enumerate(days):
        for key in (COMMUNE_A1, COMMUNE_A2, COMMUNE_B1):
            actions.record_activity(
                unit(key),
                by=national_admin,
                kind=kind("mediation" if i % 2 else "propaganda"),
                held_on=day,
                title="x",
                participants=7 + i,
                result_count=i,
            )
    actions.record_activity(
        unit(PROVINCE_A),
        by=national_admin,
        kind=kind(),
        held_on=dt.date(2026, 2, 3),
        title="tỉnh",
        participants=100,
    )
    assert _tallied() == _live()
    assert (
        ActivityTally.objects.get(
            province=unit(PROVINCE_A), kind=kind("mediation"), month=dt.date(2026, 2, 1)
        ).count
        == 2
    )
    # A wrong cell is repaired by a rebuild (recomputed, never incremented).
    ActivityTally.objects.update(count=999)
    assert rebuild_activity_tallies() == len(_live())
    assert _tallied() == _live()


@pytest.mark.parametrize("period", [year(2026), quarter(2026, 1), quarter(2026, 2)])
def test_national_page_from_tallies_equals_the_live_province_pages(national_admin, period):
    for i, day in enumerate(
        [dt.date(2025, 11, 5), dt.date(2026, 1, 5), dt.date(2026, 3, 31), dt.date(2026, 4, 1)]
    ):
        for key in (COMMUNE_A1, COMMUNE_B1):
            actions.record_activity(
                unit(key), by=national_admin, kind=kind(), held_on=day, title="x", participants=10 * (i + 1)
            )
    national = queries.overview(national_admin, None, period)
    for key in (PROVINCE_A, "79"):
        live = queries.overview(national_admin, unit(key), period)
        row = next(r for r in national.rows if r.key == key)
        assert (row.activities, row.participants) == (live.totals.activities, live.totals.participants)
    provinces = [queries.overview(national_admin, unit(key), period) for key in (PROVINCE_A, "79")]
    assert [k.previous for k in national.kind_rows] == [
        sum(view.kind_rows[i].previous for view in provinces) for i in range(len(national.kind_rows))
    ]
