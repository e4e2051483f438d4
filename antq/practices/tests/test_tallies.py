import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from antq.practices import actions, queries
from antq.practices.models import Activity, ActivityTally, ModelTally, ModelTypeTally, PracticeModel
from antq.practices.rules import month, quarter, year
from antq.practices.tallies import rebuild_activity_tallies, rebuild_model_tallies
from antq.practices.tests.helpers import kind, model_type, register, unit
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


def _live_models() -> tuple[set[tuple], set[tuple]]:
    """The model tallies as they should be, counted from every model."""
    months = (
        PracticeModel.objects.annotate(month=TruncMonth("started_on"))
        .values_list("province_id", "month", "status", "rating")
        .annotate(
            n=Count("id"),
            originals=Count("id", filter=Q(origin__isnull=True)),
            points=Sum("points_count"),
            groups=Sum("groups_count"),
            members=Sum("members_count"),
        )
        .order_by()
    )
    types = (
        PracticeModel.objects.filter(status=PracticeModel.Status.ACTIVE)
        .annotate(year=ExtractYear("started_on"))
        .values_list("province_id", "model_type_id", "year")
        .annotate(
            originals=Count("id", filter=Q(origin__isnull=True)),
            points=Sum("points_count"),
            groups=Sum("groups_count"),
        )
        .order_by()
    )
    return set(months), set(types)


def _tallied_models() -> tuple[set[tuple], set[tuple]]:
    months = ModelTally.objects.values_list(
        "province_id", "month", "status", "rating", "count", "originals", "points", "groups", "members"
    )
    types = ModelTypeTally.objects.values_list(
        "province_id", "model_type_id", "year", "originals", "points", "groups"
    )
    return set(months), set(types)


def _model_actions(national_admin, province_a_officer):
    """Registrations (a cluster, a province-level model, another type), replicas and evaluations."""
    first = register(province_a_officer, COMMUNE_A1, started_on=dt.date(2025, 3, 10))
    assert _tallied_models() == _live_models()
    cluster = register(
        province_a_officer,
        COMMUNE_A2,
        name="Cụm liên kết an toàn",
        started_on=dt.date(2026, 2, 1),
        cluster_units=[unit(COMMUNE_A1)],
        points_count=2,
    )
    register(province_a_officer, PROVINCE_A, name="Mô hình cấp tỉnh", started_on=dt.date(2026, 2, 20))
    other = register(
        national_admin, COMMUNE_B1, model_type=model_type("security_camera"), started_on=dt.date(2026, 7, 5)
    )
    actions.replicate_model(
        first, by=province_a_officer, unit=unit(COMMUNE_A2), started_on=dt.date(2025, 3, 20)
    )
    actions.replicate_model(
        cluster, by=province_a_officer, unit=unit(COMMUNE_A1), started_on=dt.date(2026, 8, 1)
    )
    actions.evaluate_model(
        first, by=province_a_officer, year=2025, rating="effective", evaluated_on=dt.date(2025, 12, 20)
    )
    actions.evaluate_model(
        other, by=national_admin, year=2026, rating="dissolved", evaluated_on=dt.date(2026, 11, 1)
    )
    actions.evaluate_model(
        cluster, by=province_a_officer, year=2026, rating="to_consolidate", evaluated_on=dt.date(2026, 11, 2)
    )


def test_model_tallies_are_recomputed_by_every_action_and_match_a_rebuild(national_admin, province_a_officer):
    _model_actions(national_admin, province_a_officer)
    months, types = _tallied_models()
    assert (months, types) == _live_models()
    # The dissolved model left the type tally, and stays in the month tally under its status.
    assert (
        ModelTypeTally.objects.filter(province=unit("79"), model_type=model_type("security_camera")).count()
        == 0
    )
    assert ModelTally.objects.get(province=unit("79"), status="dissolved").count == 1
    assert ModelTally.objects.filter(province=unit(PROVINCE_A), month=dt.date(2026, 2, 1)).count() == 2
    # Wrong cells are repaired by a rebuild (recomputed, never incremented).
    ModelTally.objects.update(count=999)
    ModelTypeTally.objects.all().delete()
    assert rebuild_model_tallies() == len(months) + len(types)
    assert _tallied_models() == _live_models()
    # The operator's command rebuilds both kinds of tallies.
    ModelTally.objects.all().delete()
    out = StringIO()
    call_command("rebuild_practices_tallies", stdout=out)
    assert _tallied_models() == _live_models()
    assert f"{len(months) + len(types)} ô số liệu mô hình" in out.getvalue()


@pytest.mark.parametrize(
    "period", [year(2026), year(2025), quarter(2026, 1), quarter(2026, 3), month(2026, 2), month(2025, 3)]
)
def test_national_models_from_tallies_equal_live_counts(national_admin, province_a_officer, period):
    _model_actions(national_admin, province_a_officer)
    national = queries.overview(national_admin, None, period)
    provinces = [queries.overview(national_admin, unit(key), period) for key in (PROVINCE_A, "79")]
    for view in provinces:
        row = next(r for r in national.rows if r.key == view.unit.key)
        live = view.totals
        assert (row.models, row.points, row.groups, row.members) == (
            live.models,
            live.points,
            live.groups,
            live.members,
        )
    assert national.new_models == sum(v.new_models for v in provinces)
    assert national.new_models_previous == sum(v.new_models_previous for v in provinces)
    # Status and type tables as the live queries of the province pages count them, summed.
    live_status: dict[tuple, list[int]] = {}
    live_types: dict[int, list[int]] = {}
    for view in provinces:
        for e in view.by_status:
            cell = live_status.setdefault((e["status"], e["rating"]), [0, 0])
            cell[0] += e["n"]
            cell[1] += e["points"] or 0
        for e in view.by_type:
            cell = live_types.setdefault(e["model_type_id"], [0, 0, 0])
            for i, name in enumerate(("n", "points", "groups")):
                cell[i] += e[name] or 0
    assert {(e["status"], e["rating"]): [e["n"], e["points"]] for e in national.by_status} == live_status
    assert {e["model_type_id"]: [e["n"], e["points"], e["groups"]] for e in national.by_type} == live_types
    assert all(e["model_type__name"] for e in national.by_type)
