"""Models, examples and activities at national scale (issue 5): the data of `make bench`.

`generate_practices(fraction)` is called by benchmarks/run.py at every step (its scenarios are the
`practices_*` rows of `run.SCENARIOS`). Run alone (`make bench-practices`), this script builds, in a
separate database (var/bench-practices.sqlite3, or `<name>_bench` beside a PostgreSQL DATABASE_URL,
as run.py does), only the national map plus:

* 2,500 model types (the 16 of the national catalogue + provinces' own),
* 125,000 model points: 25,000 models and 100,000 replicas at other communes of their province
  (one point each), 1,000 of them clusters of 3 communes,
* 1,100 advanced examples, 200,000 activities over 2025-2026,

first 10 % then 100 %, and measures the practices pages and API (median of --runs requests, SQL
query count). A page whose query count changes between the sizes is an N+1: exit status 1.

Usage: .venv/bin/python benchmarks/practices.py [--fractions 0.1,1] [--runs 5] [--keep]
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

FULL_TYPES = 2_500
FULL_MODELS = 25_000
FULL_REPLICAS = 100_000
FULL_EXAMPLES = 1_100
FULL_ACTIVITIES = 200_000
BATCH = 5_000
SEED = 2025
TYPE_WORDS = ("tự quản", "an toàn", "liên kết", "bình yên", "camera")
MODEL_WORDS = ("Camera an ninh", "Tổ liên gia tự quản", "Dòng họ an toàn", "Ngọn đèn an ninh")

SCENARIOS = run.PRACTICES_SCENARIOS


def generate_practices(fraction: float) -> dict[str, Any]:
    """Add rows up to `fraction` of the full profile, rebuild the tallies; rows now in the database
    and seconds (`seconds` in all, `tallies_seconds` of it for the rebuild)."""
    from antq.practices.models import (
        Activity,
        ActivityTally,
        AdvancedExample,
        ModelTally,
        ModelType,
        ModelTypeTally,
        PracticeModel,
    )

    timings = generate(fraction)
    return {
        "types": ModelType.objects.count(),
        "models": PracticeModel.objects.filter(origin__isnull=True).count(),
        "points": PracticeModel.objects.count(),
        "examples": AdvancedExample.objects.count(),
        "activities": Activity.objects.count(),
        "model_tallies": ModelTally.objects.count() + ModelTypeTally.objects.count(),
        "activity_tallies": ActivityTally.objects.count(),
        "seconds": sum(timings.values()),
        "tallies_seconds": timings["tallies"],
    }


def generate(fraction: float) -> dict[str, float]:
    """Add rows up to `fraction` of the full profile; returns seconds per kind."""
    from antq.core.text import fold
    from antq.practices.models import (
        Activity,
        ActivityKind,
        AdvancedExample,
        ModelType,
        PracticeModel,
    )
    from antq.practices.seed import seed_catalogue
    from antq.practices.tallies import rebuild_activity_tallies, rebuild_model_tallies
    from antq.units.models import Unit

    seed_catalogue()
    rng = random.Random(f"{SEED}-{fraction}")
    provinces = list(Unit.objects.current().filter(level="province").order_by("code"))
    communes = list(Unit.objects.current().filter(level="commune").values_list("pk", "parent_id", "name"))
    by_province: dict[int, list[tuple[int, int, str]]] = {}
    for row in communes:
        by_province.setdefault(row[1], []).append(row)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    want = round(FULL_TYPES * fraction)
    have = ModelType.objects.count()
    new_types = []
    for n in range(have, want):
        province = provinces[n % len(provinces)]
        name = f"Mô hình {TYPE_WORDS[n % len(TYPE_WORDS)]} số {n} {province.name}"
        new_types.append(
            ModelType(code=f"bench-{n}", name=name, name_folded=fold(name), province=province, source="bench")
        )
    ModelType.objects.bulk_create(new_types, batch_size=BATCH)
    timings["types"] = time.perf_counter() - started

    types_by_province: dict[int | None, list[int]] = {}
    for pk, province_id in ModelType.objects.values_list("pk", "province_id"):
        types_by_province.setdefault(province_id, []).append(pk)
    national_types = types_by_province.get(None, [])

    started = time.perf_counter()
    want = round(FULL_MODELS * fraction)
    have = PracticeModel.objects.filter(origin__isnull=True).count()
    start = dt.date(2023, 1, 1)
    rows = []
    for n in range(have, want):
        pk, province_id, commune_name = communes[rng.randrange(len(communes))]
        type_id = rng.choice(types_by_province.get(province_id, []) + national_types)
        name = f"{MODEL_WORDS[n % len(MODEL_WORDS)]} {n} {commune_name}"
        rated = rng.random() < 0.5
        rows.append(
            PracticeModel(
                unit_id=pk,
                province_id=province_id,
                model_type_id=type_id,
                name=name,
                name_folded=fold(name),
                started_on=start + dt.timedelta(days=rng.randrange(1200)),
                points_count=1,
                groups_count=rng.randrange(1, 6),
                members_count=rng.randrange(5, 60),
                rating="effective" if rated else "",
                rated_year=2025 if rated else None,
                status="dissolved" if rng.random() < 0.05 else "active",
                description="Người dân tự quản, tự phòng ngừa về an ninh, trật tự.",
            )
        )
    PracticeModel.objects.bulk_create(rows, batch_size=BATCH)
    timings["models"] = time.perf_counter() - started

    started = time.perf_counter()
    originals = PracticeModel.objects.filter(origin__isnull=True)
    origins = list(originals.values_list("pk", "province_id", "name", "model_type_id"))
    want = round(FULL_REPLICAS * fraction)
    have = PracticeModel.objects.filter(origin__isnull=False).count()
    rows = []
    for _n in range(have, want):
        origin_id, province_id, name, type_id = origins[rng.randrange(len(origins))]
        pk = rng.choice(by_province[province_id])[0]
        rows.append(
            PracticeModel(
                unit_id=pk,
                province_id=province_id,
                model_type_id=type_id,
                origin_id=origin_id,
                name=name,
                name_folded=fold(name),
                started_on=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900)),
                points_count=1,
                groups_count=rng.randrange(0, 4),
                members_count=rng.randrange(3, 40),
            )
        )
        if len(rows) >= BATCH:
            PracticeModel.objects.bulk_create(rows)
            rows = []
    PracticeModel.objects.bulk_create(rows)
    # Clusters: one origin in 25 spans two more communes of its province.
    through = PracticeModel.member_units.through
    clustered = set(PracticeModel.objects.filter(is_cluster=True).values_list("pk", flat=True))
    links = []
    cluster_ids = []
    for origin_id, province_id, _, _ in origins[::25]:
        if origin_id in clustered:
            continue
        cluster_ids.append(origin_id)
        for commune in rng.sample(by_province[province_id], 2):
            links.append(through(practicemodel_id=origin_id, unit_id=commune[0]))
    through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    PracticeModel.objects.filter(pk__in=cluster_ids).update(is_cluster=True)
    timings["replicas"] = time.perf_counter() - started

    started = time.perf_counter()
    want = round(FULL_EXAMPLES * fraction)
    have = AdvancedExample.objects.count()
    examples = []
    for n in range(have, want):
        pk, province_id, commune_name = communes[rng.randrange(len(communes))]
        name = f"Tổ bảo vệ ANTT số {n} {commune_name}"
        examples.append(
            AdvancedExample(
                unit_id=pk,
                province_id=province_id,
                kind="collective",
                name=name,
                name_folded=fold(name),
                achievement="Phát hiện, báo tin nhiều vụ việc.",
                recognition_ref=f"{n}/QĐ-UBND",
                recognised_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600)),
                level="province",
            )
        )
    AdvancedExample.objects.bulk_create(examples, batch_size=BATCH)
    timings["examples"] = time.perf_counter() - started

    started = time.perf_counter()
    kinds = list(ActivityKind.objects.values_list("pk", flat=True))
    want = round(FULL_ACTIVITIES * fraction)
    have = Activity.objects.count()
    rows_a = []
    for n in range(have, want):
        pk, province_id, _ = communes[rng.randrange(len(communes))]
        rows_a.append(
            Activity(
                unit_id=pk,
                province_id=province_id,
                kind_id=kinds[n % len(kinds)],
                held_on=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(690)),
                title=f"Hoạt động {n}",
                participants=rng.randrange(5, 300),
                result_count=rng.randrange(0, 5),
            )
        )
        if len(rows_a) >= BATCH:
            Activity.objects.bulk_create(rows_a)
            rows_a = []
    Activity.objects.bulk_create(rows_a)
    timings["activities"] = time.perf_counter() - started
    started = time.perf_counter()
    rebuild_activity_tallies()  # the bulk rows bypassed record_activity and register_model
    rebuild_model_tallies()
    timings["tallies"] = time.perf_counter() - started
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", default="0.1,1")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    fractions = [float(f) for f in args.fractions.split(",")]

    run.BENCH_SQLITE = ROOT / "var" / "bench-practices.sqlite3"
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

    results: list[tuple[str, dict[str, Any], dict[str, run.Measurement]]] = []
    try:
        call_command("migrate", interactive=False, verbosity=0)
        load_national_units()
        clients = run.bench_clients()
        for fraction in fractions:
            counts = generate_practices(fraction)
            if db.engine == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(f"  {fraction * 100:g} %: {counts}", file=sys.stderr)
            measured = {s.name: run.measure(clients, s, runs=args.runs) for s in SCENARIOS}
            results.append((f"{fraction * 100:g} %", counts, measured))
    finally:
        db.cleanup()

    print(f"\nPractices benchmark on {db.engine} ({db.label}), median of {args.runs} runs")
    header = f"{'scenario':<32}" + "".join(f"{label:>22}" for label, _, _ in results)
    print(header)
    for scenario in SCENARIOS:
        cells = []
        for _, _, measured in results:
            m = measured[scenario.name]
            cells.append(f"{m.median_ms:>9.1f} ms {'/'.join(map(str, m.query_counts)):>5} q")
        print(f"{scenario.name:<32}" + "".join(f"{c:>22}" for c in cells))
    problems = [
        s.name for s in SCENARIOS if len({measured[s.name].queries for _, _, measured in results}) > 1
    ]
    for name in problems:
        print(f"!! {name}: the query count changes with the data size (N+1)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
