"""Bench data of issue 5 (movement): one national plan with a task for every commune and a progress
report from each.

The 3,321 tasks are written by the real action (`assign_tasks`, one bulk insert) so its time is the
time an officer waits; the 3,321 reports are written in bulk (timing the report action 3,321 times
would measure the loop, not the page). Idempotent: a second call adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

SEED = 20260505
PLAN_NUMBER = "87/KH-BCĐ"


@dataclass
class MovementStats:
    plan_id: int
    tasks: int
    reports: int
    assign_seconds: float
    assign_queries: int
    reports_seconds: float


def generate_movement(admin: object) -> MovementStats:
    """The national plan 87/KH-BCĐ of the current year, a task for each current commune, one report each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from antq.movement import actions
    from antq.movement.models import Document, ProgressReport, Task
    from antq.units.models import Unit

    year = timezone.localdate().year
    nation = Unit.objects.get(key="VN")
    plan = Document.objects.filter(issuer_unit=nation, number_text=PLAN_NUMBER, year=year).first()
    if plan is not None:
        return MovementStats(
            plan.pk, plan.tasks.count(), ProgressReport.objects.filter(task__plan=plan).count(), 0, 0, 0
        )
    plan = actions.register_document(
        nation,
        by=admin,  # type: ignore[arg-type]
        number_text=PLAN_NUMBER,
        issued_on=dt.date(year, 1, 15),
        subject="Kế hoạch kiện toàn Ban Chỉ đạo và triển khai phong trào toàn dân bảo vệ ANTQ năm "
        + str(year),
        issuing_body="Ban Chỉ đạo Thực hiện Phong trào toàn dân bảo vệ ANTQ",
    )
    communes = list(Unit.objects.current().filter(level=Unit.Level.COMMUNE).order_by("path"))
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        tasks = actions.assign_tasks(
            plan,
            communes,
            by=admin,  # type: ignore[arg-type]
            assignment=actions.Assignment(
                "Kiện toàn Ban Chỉ đạo cấp xã", dt.date(year, 6, 30), "Quyết định kiện toàn"
            ),
        )
    assign_seconds = time.perf_counter() - started
    rng = random.Random(SEED)
    started = time.perf_counter()
    with transaction.atomic():
        ids = list(Task.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True))
        percents = {pk: rng.choice((0, 20, 50, 80, 100, 100)) for pk in ids}
        ProgressReport.objects.bulk_create(
            (
                ProgressReport(task_id=pk, percent=p, note="Báo cáo tiến độ", reported_by=None)
                for pk, p in percents.items()
            ),
            batch_size=1000,
        )
        rows = [Task(pk=pk, progress=p, last_reported_at=timezone.now()) for pk, p in percents.items()]
        Task.objects.bulk_update(rows, ["progress", "last_reported_at"], batch_size=1000)
    reports_seconds = time.perf_counter() - started
    return MovementStats(
        plan.pk, len(tasks), len(ids), assign_seconds, len(captured.captured_queries), reports_seconds
    )


def main() -> int:
    """`python benchmarks/movement.py`: the movement scenarios alone, on the national map (fast to rerun).

    `make bench` runs the same scenarios inside the full national dataset.
    """
    import os
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks import run

    db = run.prepare_database(os.environ.get("DATABASE_URL"))
    run.configure_environment(db.url)
    import django

    django.setup()
    from django.core.management import call_command

    from antq.units.actions import load_national_units

    try:
        call_command("migrate", interactive=False, verbosity=0)
        load_national_units()
        clients = run.bench_clients()
        stats = generate_movement(clients.admin_user)
        run.PATH_VALUES["plan"] = str(stats.plan_id)
        run._analyze(db.engine)
        print(f"{db.label}: {stats.tasks:,} tasks, {stats.reports:,} reports")
        print(
            f"assign action (one national plan to every commune): {stats.assign_seconds:.2f} s, "
            f"{stats.assign_queries} queries"
        )
        for scenario in run.SCENARIOS:
            if "movement" in scenario.name:
                m = run.measure(clients, scenario, runs=5, warmup=1)
                print(
                    f"{scenario.name:<24} median {m.median_ms:8.1f} ms  "
                    f"queries {m.queries:3d}  {scenario.path}"
                )
    finally:
        db.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
