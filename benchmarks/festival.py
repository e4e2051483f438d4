"""The festival at national scale (issue 6): 90,000 festival points of 2026 and their results.

`generate_festival(fraction)` is called by benchmarks/run.py at every step (its scenarios are the
`festival_*` rows of `run.SCENARIOS`: the national and Hà Nội roll-up pages and their PDF reports).
Run alone (`make bench-festival`), this script builds, in a separate database
(var/bench-festival.sqlite3, or `<name>_bench` beside a PostgreSQL DATABASE_URL, as run.py does), the
national map, residential areas and organisations (85,000 and 100,000 at 100 %) and then:

* a 2026 campaign for each of the 34 provinces (window 01/7–19/8),
* 90,000 points: one at each commune (3,321), one at most residential areas, the rest at organisations,
* a result for 85 % of them (the other 15 % are the "not reported" lists),

first 10 % then 100 %, and measures the pages (median of --runs requests, SQL query count). A page
whose query count changes between the sizes is an N+1: exit status 1. Rows are written with
bulk_create (the actions would measure the loop, not the report).

Usage: .venv/bin/python benchmarks/festival.py [--fractions 0.1,1] [--runs 5] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import run  # noqa: E402

FULL_EVENTS = 90_000
REPORTED_SHARE = 0.85
YEAR = 2026
BATCH = 5_000
SEED = 2026

SCENARIOS = run.FESTIVAL_SCENARIOS


def generate_festival(fraction: float) -> dict[str, Any]:
    """Add festival points up to `fraction` of 90,000 (and their results); rows now in the database."""
    from antq.festival.models import Campaign, Event, EventResult
    from antq.units.models import Organisation, ResidentialArea, Unit

    started = time.perf_counter()
    rng = random.Random(f"{SEED}-{fraction}")
    start, end = dt.date(YEAR, 7, 1), dt.date(YEAR, 8, 19)
    provinces = list(Unit.objects.current().filter(level="province").order_by("code"))
    have = set(Campaign.objects.filter(year=YEAR).values_list("province_id", flat=True))
    Campaign.objects.bulk_create(
        Campaign(
            province=p,
            year=YEAR,
            theme="Ngày hội toàn dân bảo vệ an ninh Tổ quốc — hướng về cơ sở",
            plan_number=f"{100 + i}/KH-UBND",
            start_date=start,
            end_date=end,
            report_due=dt.date(YEAR, 8, 29),
        )
        for i, p in enumerate(provinces)
        if p.pk not in have
    )
    campaign_of = dict(Campaign.objects.filter(year=YEAR).values_list("province_id", "pk"))
    want = round(FULL_EVENTS * fraction)
    count = Event.objects.filter(campaign__year=YEAR).count()
    new: list[Event] = []

    def add(commune_id: int, province_id: int | None, host_type: str, **host: int) -> None:
        if province_id is None:  # a commune always has its province; the type says it may not
            return
        new.append(
            Event(
                campaign_id=campaign_of[province_id],
                commune_id=commune_id,
                host_type=host_type,
                date=start + dt.timedelta(days=rng.randrange((end - start).days + 1)),
                venue="Nhà văn hóa",
                ceremony_items=["flag_salute", "opening", "commemorative_speech"],
                festivity_items=["sports", "folk_games"],
                budget_vnd=rng.randrange(1, 50) * 1_000_000,
                **host,
            )
        )

    # One point per commune (a tenth of them at 10 %), then residential areas, then organisations.
    communes = list(
        Unit.objects.current().filter(level="commune").order_by("path").values_list("pk", "parent_id")
    )
    held_communes = set(
        Event.objects.filter(campaign__year=YEAR, host_type="commune").values_list("commune_id", flat=True)
    )
    for pk, province_id in communes[: round(len(communes) * fraction)]:
        if pk not in held_communes and count + len(new) < want:
            add(pk, province_id, "commune")
    area_budget = round(want * 0.9)  # most points are held in residential areas
    held_areas = set(
        Event.objects.filter(campaign__year=YEAR, area__isnull=False).values_list("area_id", flat=True)
    )
    for area_pk, area_commune, area_province in (
        ResidentialArea.objects.filter(valid_to__isnull=True)
        .order_by("pk")
        .values_list("pk", "commune_id", "commune__parent_id")
    ):
        if count + len(new) >= area_budget:
            break
        if area_pk not in held_areas:
            add(area_commune, area_province, "area", area_id=area_pk)
    held_orgs = set(
        Event.objects.filter(campaign__year=YEAR, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    for org_pk, org_commune, org_province in (
        Organisation.objects.filter(valid_to__isnull=True)
        .order_by("pk")
        .values_list("pk", "commune_id", "commune__parent_id")
    ):
        if count + len(new) >= want:
            break
        if org_pk not in held_orgs:
            add(org_commune, org_province, "organisation", organisation_id=org_pk)
    Event.objects.bulk_create(new, batch_size=BATCH)
    events_seconds = time.perf_counter() - started

    started = time.perf_counter()
    pending = Event.objects.filter(campaign__year=YEAR, result__isnull=True).values_list("pk", "date")
    results = []
    for pk, day in pending.iterator(chunk_size=BATCH):
        if rng.random() >= REPORTED_SHARE:
            continue
        results.append(
            EventResult(
                event_id=pk,
                reported_on=day + dt.timedelta(days=rng.randrange(1, 10)),
                participants=rng.randrange(50, 800),
                propaganda_sessions=rng.randrange(0, 5),
                propaganda_audience=rng.randrange(0, 1000),
                commitments_signed=rng.randrange(0, 100),
                gifts_count=rng.randrange(0, 30),
                gifts_value_vnd=rng.randrange(0, 30) * 500_000,
                weapons_handed_in=rng.randrange(0, 3),
                explosives_handed_in=rng.randrange(0, 2),
                models_launched=rng.randrange(0, 2),
                commendations_given=rng.randrange(0, 6),
            )
        )
    EventResult.objects.bulk_create(results, batch_size=BATCH)
    results_seconds = time.perf_counter() - started
    return {
        "campaigns": Campaign.objects.filter(year=YEAR).count(),
        "events": Event.objects.filter(campaign__year=YEAR).count(),
        "results": EventResult.objects.filter(event__campaign__year=YEAR).count(),
        "events_seconds": events_seconds,
        "results_seconds": results_seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", default="0.1,1")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    fractions = [float(f) for f in args.fractions.split(",")]

    run.BENCH_SQLITE = ROOT / "var" / "bench-festival.sqlite3"
    try:
        db = run.prepare_database(os.environ.get("DATABASE_URL"), keep=args.keep)
    except run.BenchError as exc:
        print(f"!! {exc}", file=sys.stderr)
        return 2
    run.configure_environment(db.url)
    print(f"Benchmark database: {db.label}", file=sys.stderr)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from antq.units.actions import load_national_units
    from antq.units.models import Organisation, ResidentialArea
    from benchmarks.generate import FULL_AREAS, FULL_ORGANISATIONS, generate

    results: list[tuple[str, dict[str, Any], dict[str, run.Measurement]]] = []
    try:
        call_command("migrate", interactive=False, verbosity=0)
        load_national_units()
        clients = run.bench_clients()
        for fraction in fractions:
            generate(
                areas=max(0, round(FULL_AREAS * fraction) - ResidentialArea.objects.count()),
                organisations=max(0, round(FULL_ORGANISATIONS * fraction) - Organisation.objects.count()),
            )
            counts = generate_festival(fraction)
            if db.engine == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(f"  {fraction * 100:g} %: {counts}", file=sys.stderr)
            measured = {s.name: run.measure(clients, s, runs=args.runs) for s in SCENARIOS}
            results.append((f"{fraction * 100:g} %", counts, measured))
    finally:
        db.cleanup()

    print(f"\nFestival benchmark on {db.engine} ({db.label}), median of {args.runs} runs")
    for label, counts, _ in results:
        built = counts["events_seconds"] + counts["results_seconds"]
        print(
            f"  {label}: {counts['events']:,} points, {counts['results']:,} results, "
            f"{counts['campaigns']} campaigns (built in {built:.1f} s)"
        )
    header = f"{'scenario':<28}" + "".join(f"{label:>24}" for label, _, _ in results)
    print(header)
    for scenario in SCENARIOS:
        cells = []
        for _, _, measured in results:
            m = measured[scenario.name]
            cells.append(f"{m.median_ms:>9.1f} ms {'/'.join(map(str, m.query_counts)):>5} q")
        print(f"{scenario.name:<28}" + "".join(f"{c:>24}" for c in cells))
    problems = [
        s.name for s in SCENARIOS if len({measured[s.name].queries for _, _, measured in results}) > 1
    ]
    for name in problems:
        print(f"!! {name}: the query count changes with the data size (N+1)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
