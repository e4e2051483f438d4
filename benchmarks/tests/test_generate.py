"""The benchmark generator at a tiny scale: counts, unique names, and constant query counts."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count

from antq.core.text import fold
from antq.units.models import Organisation, ResidentialArea, Unit
from benchmarks import generate as gen
from benchmarks.awards import generate_awards
from benchmarks.cycle import generate_cycle
from benchmarks.festival import generate_festival
from benchmarks.forces import generate_forces
from benchmarks.movement import generate_movement
from benchmarks.practices import generate_practices
from benchmarks.run import PATH_VALUES, SCENARIOS, bench_clients, measure_all

TINY = 300


def _duplicates(model: type[ResidentialArea] | type[Organisation], *fields: str) -> list[dict[str, object]]:
    rows = model.objects.current().values(*fields).annotate(n=Count("id")).filter(n__gt=1)
    return list(rows.order_by())


@pytest.mark.django_db
def test_generate_adds_the_requested_rows_with_unique_vietnamese_names():
    stats = gen.generate(areas=TINY, organisations=TINY, batch_size=128)
    again = gen.generate(areas=TINY, organisations=TINY, batch_size=128)

    assert (stats.areas, stats.organisations, again.areas, again.organisations) == (TINY,) * 4
    assert ResidentialArea.objects.count() == 2 * TINY
    assert Organisation.objects.count() == 2 * TINY
    assert _duplicates(ResidentialArea, "commune", "name_folded") == []
    assert _duplicates(Organisation, "commune", "kind", "name_folded") == []
    assert all(a.name_folded == fold(a.name) for a in ResidentialArea.objects.all())
    assert all(o.name_folded == fold(o.name) for o in Organisation.objects.all())
    assert not Unit.objects.filter(residential_areas__isnull=False).exclude(level="commune").exists()
    assert not Unit.objects.filter(organisations__isnull=False, is_legacy=True).exists()
    area_prefixes = ("Thôn ", "Tổ dân phố ", "Khu phố ", "Ấp ", "Bản ", "Làng ", "Buôn ", "Bon ", "Khóm ",
                     "Khối phố ", "Sóc ", "Phum ", "Tiểu khu ")  # fmt: skip
    assert all(
        name.startswith(area_prefixes) for name in ResidentialArea.objects.values_list("name", flat=True)
    )
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"enterprise", "school", "agency"}


@pytest.mark.django_db
def test_generate_skips_names_already_taken_by_hand_made_rows():
    commune = gen.Commune(pk=1, name="Phường Thử", kind="phuong", province="01")
    first, _ = gen.area_name(gen.SEED, commune, 0)
    taken = {(1, fold(first))}
    names = gen._unique_names(taken, (1,), 0, lambda k: gen.area_name(gen.SEED, commune, k))
    k, name, folded, _ = next(names)
    assert (k, folded) == (1, fold(gen.area_name(gen.SEED, commune, 1)[0]))
    assert name != first


def test_names_are_distinct_for_every_k_of_a_family():
    commune = gen.Commune(pk=42, name="Xã Thử", kind="xa", province="38")
    areas = [fold(gen.area_name(gen.SEED, commune, k)[0]) for k in range(500)]
    schools = [fold(gen.organisation_name(gen.SEED, commune, "school", k)[0]) for k in range(500)]
    firms = [fold(gen.organisation_name(gen.SEED, commune, "enterprise", k)[0]) for k in range(3000)]
    assert len(set(areas)) == 500 and len(set(schools)) == 500 and len(set(firms)) == 3000


def test_spread_is_exact_uneven_and_leaves_no_commune_empty():
    rng = random.Random(1)
    weights = {pk: rng.lognormvariate(0, 0.6) for pk in range(3321)}
    shares = gen._spread(85_000, weights)
    assert sum(shares.values()) == 85_000
    assert min(shares.values()) >= 1
    assert max(shares.values()) > 4 * min(shares.values())
    assert sum(gen._spread(300, weights).values()) == 300


@pytest.mark.django_db
def test_page_query_counts_do_not_grow_with_the_data():
    # One hand-made row of each in Phường Ba Đình: an empty list page skips its query, which is
    # not the growth this test is about.
    commune = Unit.objects.get(key="00004")
    ResidentialArea.objects.create(commune=commune, name="Tổ dân phố số 1", kind="to_dan_pho")
    Organisation.objects.create(commune=commune, name="Trường THCS Nguyễn Du", kind="school")
    clients = bench_clients()
    # The movement scenarios need the national plan (its id fills their "{plan}" paths).
    PATH_VALUES["plan"] = str(generate_movement(clients.admin_user).plan_id)
    # The awards scenarios need a province ("{awards_province}"); run.py takes the largest, any will do here.
    PATH_VALUES["awards_province"] = "01"
    _ba_dinh_practices(clients.admin_user, commune)

    gen.generate(areas=TINY, organisations=TINY)
    generate_cycle()
    generate_forces()
    generate_practices(0.002)
    # The medal page's "{awards_province}" is the province with the most team members.
    PATH_VALUES["awards_province"] = generate_awards(clients.admin_user).province_key
    generate_festival(0.002)
    small = measure_all(clients, runs=1, warmup=1)
    gen.generate(areas=TINY, organisations=TINY)
    generate_cycle()
    generate_forces()
    generate_practices(0.004)
    PATH_VALUES["awards_province"] = generate_awards(clients.admin_user).province_key
    generate_festival(0.004)
    large = measure_all(clients, runs=1, warmup=1)

    assert set(small) == {s.name for s in SCENARIOS}
    assert {name: m.queries for name, m in large.items()} == {name: m.queries for name, m in small.items()}


def _ba_dinh_practices(admin, commune) -> None:
    """A model (effective, so the showcase lists it) and an activity of 2026 in Phường Ba Đình."""
    import datetime as dt

    from antq.practices import actions
    from antq.practices.models import ActivityKind, ModelType
    from antq.practices.seed import seed_catalogue

    seed_catalogue()
    model = actions.register_model(
        commune,
        by=admin,
        model_type=ModelType.objects.filter(province__isnull=True).first(),
        name="Camera an ninh tổ dân phố số 1",
        started_on=dt.date(2025, 3, 1),
    )
    actions.evaluate_model(model, by=admin, year=2025, rating="effective", evaluated_on=dt.date(2025, 12, 1))
    actions.record_activity(
        commune,
        by=admin,
        kind=ActivityKind.objects.first(),
        held_on=dt.date(2026, 4, 2),
        title="Tuyên truyền",
        participants=30,
    )


@pytest.mark.django_db
def test_generate_cycle_gives_every_subject_its_year_once():
    from antq.assessments.models import Assessment, CycleRule, Registration, Score, StandardResult, Subject

    gen.generate(areas=TINY, organisations=TINY)
    first = generate_cycle()
    again = generate_cycle()  # nothing new: no subject is drawn twice

    subjects = Subject.objects.count()
    assert (
        subjects
        == first.subjects
        == ResidentialArea.objects.count()
        + Organisation.objects.count()
        + (Unit.objects.current().filter(level="commune", is_legacy=False).count())
    )
    assert (again.subjects, again.registrations, again.assessments) == (0, 0, 0)
    from antq.assessments import tallies

    cycle = Assessment.objects.values_list("cycle_id", flat=True).first()
    assert first.tallies > 0 and tallies.stored_counts(cycle) == tallies.live_counts(cycle)
    assert 0.9 < Registration.objects.count() / subjects < 0.99
    assert 0.85 < Assessment.objects.count() / subjects < 0.95
    assert set(Assessment.objects.values_list("status", flat=True)) >= {
        "draft",
        "submitted",
        "approved",
        "decided",
    }
    decided = Assessment.objects.filter(status="decided")
    assert decided.filter(recognised=True).exists() and decided.filter(recognised=False).exists()
    assert not decided.filter(decided_class="").exists()
    # Every assessment has a score per leaf criterion of its sheet and a result per standard criterion.
    sample = Assessment.objects.select_related("subject").order_by("pk").first()
    rule = CycleRule.objects.get(cycle=sample.cycle, subject_type=sample.subject.subject_type)
    leaves = rule.score_sheet.criteria.filter(children__isnull=True).count()
    assert Score.objects.filter(assessment=sample).count() == leaves > 0
    assert StandardResult.objects.filter(assessment=sample).count() == rule.standard_set.criteria.count()


@pytest.mark.django_db
def test_generate_forces_covers_areas_once_with_tallies_as_the_actions_leave_them():
    from antq.forces.models import ForceTally, Membership, Person, Team
    from antq.forces.tallies import recompute_all_force_tallies

    gen.generate(areas=TINY, organisations=0)
    stats = generate_forces()
    again = generate_forces()
    assert again.teams == 0 and again.memberships == 0  # additive: nothing new to cover
    areas = ResidentialArea.objects.count()
    covered = Team.objects.values("residential_area").distinct().count()
    assert 0.9 * areas <= covered < areas  # ~3 % of the areas are left without a team
    assert covered < stats.teams  # and a few have two
    assert 3.2 <= stats.memberships / stats.teams <= 3.9
    assert Team.objects.count() == stats.teams and Person.objects.count() == stats.memberships
    assert (
        Membership.objects.values("team").annotate(n=Count("id")).filter(role="leader", n__gt=1).count() == 0
    )
    assert all(p.name_folded == fold(p.full_name) for p in Person.objects.all()[:50])
    assert all(len(p.citizen_id) == 12 and p.citizen_id.isdigit() for p in Person.objects.all()[:50])
    before = sorted(ForceTally.objects.values_list("commune_id", "teams", "members", "leaders", "age_18_30"))
    assert sum(row[2] for row in before) == stats.memberships
    recompute_all_force_tallies()
    after = sorted(ForceTally.objects.values_list("commune_id", "teams", "members", "leaders", "age_18_30"))
    assert after == before
