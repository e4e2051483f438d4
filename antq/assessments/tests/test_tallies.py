"""The commune tallies: after any sequence of actions they equal the live counts; rebuild and refresh."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.assessments import actions, tallies
from antq.assessments.models import (
    Assessment,
    ClassThreshold,
    CommuneTally,
    CriteriaSet,
    Criterion,
    Cycle,
    CycleRule,
    Registration,
    Subject,
)
from antq.assessments.registration_imports import StagedRegistrations, confirm_import
from antq.assessments.seed import seed_assessments, sheet_code, standard_code
from antq.assessments.subjects import sync_subjects
from antq.assessments.tests.cycles import cycle_2026
from antq.core.errors import DomainError
from antq.testing.factories import ResidentialAreaFactory
from antq.units.models import Unit
from conftest import COMMUNE_A1, COMMUNE_A2, COMMUNE_B1

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)  # inside the 2026 self-assessment phase (01/10 – 30/11)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def cycle(db) -> Cycle:
    seed_assessments(open_year=None)
    cycle = cycle_2026()
    for rule in CycleRule.objects.filter(cycle=cycle):
        rule.standard_set = CriteriaSet.objects.get(code=standard_code(rule.subject_type))
        rule.score_sheet = CriteriaSet.objects.get(code=sheet_code(rule.subject_type))
        rule.save()
        # Thresholds confirmed, so that decided assessments carry a class.
        for klass, points in {"excellent": 90, "good": 70, "average": 50, "weak": 0}.items():
            ClassThreshold.objects.filter(criteria_set=rule.score_sheet, movement_class=klass).update(
                min_points=Decimal(points)
            )
    return cycle


@pytest.fixture
def subjects(cycle, sample_participants) -> list[Subject]:
    # The cycle exists before the subjects: sync_subjects() must count them into its tallies.
    communes = list(Unit.objects.filter(key__in=[COMMUNE_A1, COMMUNE_A2, COMMUNE_B1]))
    sync_subjects(communes)
    for commune in communes:
        ResidentialAreaFactory.create_batch(2, commune=commune)
    sync_subjects(communes)
    return list(Subject.objects.order_by("pk"))


def assert_tallies_are_live(cycle: Cycle) -> None:
    assert tallies.stored_counts(cycle) == tallies.live_counts(cycle)


def _complete(assessment: Assessment, by, rng: random.Random) -> None:
    rule = CycleRule.objects.get(cycle=assessment.cycle, subject_type=assessment.subject.subject_type)
    met = rng.random() < 0.85
    actions.save_standard_results(
        assessment,
        {
            c.pk: (met, "Biên bản")
            for c in Criterion.objects.filter(criteria_set=rule.standard_set, check_type="manual")
        },
        by=by,
    )
    sheet = list(Criterion.objects.filter(criteria_set=rule.score_sheet))
    parents = {c.parent_id for c in sheet if c.parent_id}
    share = Decimal(rng.choice([30, 55, 75, 95, 100])) / 100
    actions.save_scores(
        assessment,
        {c.pk: ((c.max_points * share).quantize(Decimal("0.1")), "") for c in sheet if c.pk not in parents},
        by=by,
    )


def _step(rng: random.Random, cycle: Cycle, subjects: list[Subject], by) -> str:
    """One random action on a subject it fits (or on any, then usually refused); returns its name."""
    registrations = list(Registration.objects.filter(cycle=cycle).select_related("subject").order_by("pk"))
    assessments = Assessment.objects.filter(cycle=cycle).order_by("pk")
    registered = {r.subject_id for r in registrations}
    drafts = list(assessments.filter(status__in=["draft", "returned"]))
    submitted = list(assessments.filter(status="submitted"))
    approved = list(assessments.filter(status="approved"))
    verb = rng.choice(
        ["register", "register", "register", "update", "withdraw", "start", "submit", "submit", "submit",
         "return", "approve", "approve", "batch", "reopen", "decide", "decide", "new_area"]
    )  # fmt: skip
    fresh = [s for s in subjects if s.pk not in registered] or subjects
    if verb == "register":
        # Late (after 31/03) or on time: the tally counts both.
        day = rng.choice([date(2026, 3, 1), TODAY])
        subject = rng.choice(fresh)
        households = 100 if subject.subject_type == "residential_area" else None  # KDC-1 asks for 100 %
        actions.register_subject(
            subject,
            cycle,
            by=by,
            registered_on=day,
            households_total=households,
            households_signed=households,
        )
    elif verb == "update" and registrations:
        registration = rng.choice(registrations)
        day = date(2026, 2, 1) if registration.is_late else date(2026, 6, 1)
        actions.update_registration(
            registration,
            by=by,
            registered_on=day,
            households_total=registration.households_total,
            households_signed=registration.households_signed,
        )
    elif verb == "withdraw" and registrations:
        actions.withdraw_registration(rng.choice(registrations), by=by, reason="Nhập nhầm")
    elif verb in ("start", "submit") and registrations:
        assessment = actions.start_assessment(rng.choice(registrations).subject, cycle, by=by)
        if verb == "submit":
            _complete(assessment, by, rng)
            actions.submit_assessment(assessment, by=by)
    elif verb == "submit" and drafts:
        actions.submit_assessment(rng.choice(drafts), by=by)  # incomplete: refused
    elif verb == "return" and submitted:
        actions.return_assessment(rng.choice(submitted), by=by, reason="Thiếu minh chứng")
    elif verb == "approve" and submitted:
        actions.approve_assessment(rng.choice(submitted), by=by)
    elif verb == "batch" and submitted:
        picked = [a.pk for a in submitted if rng.random() < 0.7] + [a.pk for a in approved[:1]]
        if not actions.approve_batch(Assessment.objects.filter(pk__in=picked), by=by).count:
            return "skip"
    elif verb == "reopen" and approved:
        actions.reopen_assessment(rng.choice(approved), by=by, reason="Xem lại điểm")
    elif verb == "decide" and approved:
        # One deciding unit per decision: the approved ones of one commune and subject type.
        first = rng.choice(approved)
        same = [
            a
            for a in approved
            if a.subject.commune_id == first.subject.commune_id
            and a.subject.subject_type == first.subject.subject_type
        ]
        actions.decide(same, by=by, issued_on=TODAY)
    elif verb == "new_area":
        commune = rng.choice(subjects).commune
        ResidentialAreaFactory(commune=commune)
        sync_subjects([commune])
        subjects[:] = list(Subject.objects.order_by("pk"))
    else:
        return "skip"
    return verb


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_any_sequence_of_actions_the_tallies_equal_the_live_counts(
    seed, cycle, subjects, national_admin
):
    assert_tallies_are_live(cycle)
    assert tallies.stored_counts(cycle)  # the subjects are counted before anything is registered
    rng = random.Random(seed)
    done: Counter[str] = Counter()
    for _ in range(120):
        try:
            done[_step(rng, cycle, subjects, national_admin)] += 1
        except DomainError:
            done["refused"] += 1
        assert_tallies_are_live(cycle)
    # The sequence really went through the workflow (otherwise the equality above proves little).
    for verb in ("register", "update", "withdraw", "submit", "return", "approve", "reopen", "decide"):
        assert done[verb] > 0, done
    statuses = set(Assessment.objects.filter(cycle=cycle).values_list("status", flat=True))
    assert "decided" in statuses
    totals = Counter()
    for counts in tallies.stored_counts(cycle).values():
        totals.update(counts)
    assert totals["recognised"] > 0 and totals["registered_late"] > 0


def test_a_new_cycle_counts_the_subjects_from_the_start(cycle, subjects, national_admin):
    new = actions.open_cycle(2027, by=national_admin)
    counts = tallies.stored_counts(new)
    assert counts == tallies.live_counts(new)
    assert sum(c["subjects"] for c in counts.values()) == len(subjects)
    assert all(c["registered"] == 0 for c in counts.values())


def test_new_subjects_are_counted_in_every_cycle(cycle, subjects, national_admin):
    later = actions.open_cycle(2027, by=national_admin)
    a2 = Unit.objects.get(key=COMMUNE_A2)
    ResidentialAreaFactory.create_batch(3, commune=a2)
    assert sync_subjects([a2]) == 3
    for each in (cycle, later):
        assert tallies.stored_counts(each)[(a2.pk, "residential_area")]["subjects"] == 1 + 2 + 3
        assert_tallies_are_live(each)


def test_an_import_refreshes_its_commune_once(cycle, subjects, national_admin):
    a1 = Unit.objects.get(key=COMMUNE_A1)
    areas = [s for s in subjects if s.commune_id == a1.pk and s.subject_type == "residential_area"]
    rows = [
        {"row": i + 2, "subject": s.pk, "name": s.name, "registered_on": "2026-03-01",
         "party_resolution_on": None, "plan_ref": "", "households_total": 100, "households_signed": 100,
         "note": ""}
        for i, s in enumerate(areas)
    ]  # fmt: skip
    staged = StagedRegistrations(token="t", filename="dk.xlsx", created=None, year=2026, rows=rows)
    with CaptureQueriesContext(connection) as captured:
        confirm_import(staged, a1, cycle, by=national_admin)
    tally_deletes = [
        q for q in captured.captured_queries if q["sql"].startswith('DELETE FROM "assessments_communetally"')
    ]
    assert len(tally_deletes) == 1
    assert tallies.stored_counts(cycle)[(a1.pk, "residential_area")]["registered"] == len(areas)
    assert_tallies_are_live(cycle)


def test_a_refused_import_leaves_the_tallies_as_they_were(cycle, subjects, national_admin):
    a1 = Unit.objects.get(key=COMMUNE_A1)
    area = next(s for s in subjects if s.commune_id == a1.pk and s.subject_type == "residential_area")
    row = {"row": 2, "subject": area.pk, "name": area.name, "registered_on": "2026-03-01",
           "party_resolution_on": None, "plan_ref": "", "households_total": 100, "households_signed": 100,
           "note": ""}  # fmt: skip
    before = tallies.stored_counts(cycle)
    staged = StagedRegistrations(token="t", filename="dk.xlsx", created=None, year=2026, rows=[row, row])
    with pytest.raises(DomainError, match="Dòng 2"):
        confirm_import(staged, a1, cycle, by=national_admin)
    assert tallies.stored_counts(cycle) == before
    assert not Registration.objects.exists()


def test_refresh_of_one_commune_costs_a_constant_number_of_queries(cycle, subjects):
    a1 = Unit.objects.get(key=COMMUNE_A1)
    with CaptureQueriesContext(connection) as small:
        tallies.refresh_tallies(cycle, [a1.pk])
    ResidentialAreaFactory.create_batch(5, commune=a1)
    sync_subjects([a1])
    for subject in Subject.objects.filter(commune=a1):
        Registration.objects.create(cycle=cycle, subject=subject, registered_on=date(2026, 3, 1))
    with CaptureQueriesContext(connection) as large:
        tallies.refresh_tallies(cycle, [a1.pk])
    assert len(small) == len(large) <= 8  # lock, 3 grouped counts, delete, insert (+ savepoint)
    assert_tallies_are_live(cycle)


def test_command_rebuilds_what_was_damaged(cycle, subjects):
    CommuneTally.objects.filter(cycle=cycle).update(subjects=999)
    CommuneTally.objects.filter(cycle=cycle).first().delete()
    out = StringIO()
    call_command("refresh_tallies", "--year", "2026", stdout=out)
    assert "Kỳ 2026" in out.getvalue()
    assert_tallies_are_live(cycle)
    with pytest.raises(CommandError, match="Không có kỳ đánh giá năm 1999"):
        call_command("refresh_tallies", "--year", "1999")


def test_visible_to_scopes_the_tallies_by_commune(cycle, subjects, commune_a1_officer, province_a_officer):
    a1 = Unit.objects.get(key=COMMUNE_A1)
    seen = set(CommuneTally.objects.visible_to(commune_a1_officer).values_list("commune_id", flat=True))
    assert seen == {a1.pk}
    province = set(CommuneTally.objects.visible_to(province_a_officer).values_list("commune__key", flat=True))
    assert province == {COMMUNE_A1, COMMUNE_A2}


def test_the_national_overview_follows_an_action_at_once(cycle, subjects, national_admin):
    from antq.assessments.overview import overview
    from conftest import PROVINCE_A

    def hanoi():
        return next(r for r in overview(cycle, None, national_admin).rows if r.key == PROVINCE_A)

    before = hanoi()
    area = next(s for s in subjects if s.commune.key == COMMUNE_A1 and s.subject_type == "residential_area")
    registration = actions.register_subject(area, cycle, by=national_admin, registered_on=TODAY)
    after = hanoi()
    assert (after.registered, after.registered_late) == (before.registered + 1, before.registered_late + 1)
    actions.withdraw_registration(registration, by=national_admin)
    assert hanoi().registered == before.registered
