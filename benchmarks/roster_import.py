"""Roster import at national scale (issue 4 §3): is importing close to the cost of just reading the file?

Builds the national map in the bench database (see run.py: var/bench.sqlite3, or `<name>_bench` on
PostgreSQL), one residential area and one active team per ~11 members in every commune, and writes
an .xlsx of N members (300,000 by default, every commune, dates as Excel dates). Then, each in a fresh
subprocess so that the peak resident memory (ru_maxrss) is the step's own:

  (a) bare read: openpyxl read-only, every cell of the roster sheet, nothing else;
  (b) dry run:   `roster_imports.run_job` of the check phase (as the db_worker runs it);
  (c) commit:    the commit phase (check again + write in one transaction, with history rows).

Targets: commit ≤ 3 × bare read, peak memory ≤ 300 MB.

Usage: .venv/bin/python benchmarks/roster_import.py [--rows 300000] [--keep]
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/mydb .venv/bin/python benchmarks/roster_import.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import configure_environment, prepare_database  # noqa: E402

# One file per engine, so that a PostgreSQL run can start while a SQLite run still reads its file.
XLSX = Path(os.environ.get("ANTQ_BENCH_ROSTER_XLSX", ROOT / "var" / "bench-roster.xlsx"))
MEMBERS_PER_TEAM = 11
TARGET_RATIO = 3.0
TARGET_MB = 300.0
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc")
ROLES = ("Tổ viên",) * 9 + ("Tổ phó", "Tổ trưởng")


def _peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def build(rows: int) -> dict[str, Any]:
    """The map, the teams and the file (in the parent process)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from antq.accounts.models import RoleAssignment, User
    from antq.core.text import fold
    from antq.forces.models import Team
    from antq.forces.roster_imports import HEADERS, SHEET
    from antq.units.actions import load_national_units
    from antq.units.models import ResidentialArea, Unit

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_national_units()
    user = User.objects.create_user("bench_roster_admin", full_name="Quản trị đo tải")
    RoleAssignment.objects.create(user=user, role="national_admin", unit=Unit.objects.get(key="VN"))
    communes = list(
        Unit.objects.current().filter(level=Unit.Level.COMMUNE).order_by("path").values_list("pk", "code")
    )
    teams_needed = -(-rows // MEMBERS_PER_TEAM)
    per_commune = -(-teams_needed // len(communes))
    team_names: list[tuple[str, str]] = []  # (commune code, team name), one per team
    with transaction.atomic():
        areas = [
            ResidentialArea(
                commune_id=pk,
                name=f"Tổ dân phố số {k}",
                name_folded=fold(f"Tổ dân phố số {k}"),
                kind="to_dan_pho",
            )
            for pk, _code in communes
            for k in range(1, per_commune + 1)
        ]
        ResidentialArea.objects.bulk_create(areas, batch_size=5000)
        teams = []
        for area, (pk, code) in zip(
            areas, ((pk, code) for pk, code in communes for _ in range(per_commune)), strict=True
        ):
            name = f"Tổ bảo vệ ANTT {area.name}"
            teams.append(
                Team(
                    commune_id=pk,
                    residential_area=area,
                    name=name,
                    name_folded=fold(name),
                    decision_number="1/QĐ-UBND",
                    established_on=dt.date(2024, 7, 1),
                )
            )
            team_names.append((code, name))
        Team.objects.bulk_create(teams, batch_size=5000)
    setup_seconds = time.perf_counter() - started

    from openpyxl import Workbook

    started = time.perf_counter()
    rng = random.Random(2025)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append(list(HEADERS))
    for n in range(rows):
        code, team = team_names[n % len(team_names)]
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        born = dt.datetime(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
        ws.append(
            [
                code,
                team,
                name,
                born,
                "Nam" if n % 3 else "Nữ",
                f"{100_000_000_000 + n:012d}",
                f"09{rng.randrange(10**8):08d}",
                "Thường trú" if n % 10 else "Tạm trú",
                born + dt.timedelta(days=365 * 18),
                "Tốt nghiệp trung học phổ thông",
                dt.datetime(2026, 1, 10) if n % 7 else None,
                "Đạt (lý lịch rõ ràng)",
                "",
                ROLES[n % len(ROLES)],
                dt.datetime(2024, 8, 1),
                f"{n % 500 + 1}/QĐ-UBND",
                "",
            ]
        )
    XLSX.parent.mkdir(parents=True, exist_ok=True)
    wb.save(XLSX)
    return {
        "setup_seconds": setup_seconds,
        "write_seconds": time.perf_counter() - started,
        "file_mb": XLSX.stat().st_size / 1e6,
        "teams": len(team_names),
        "communes": len(communes),
        "user_id": user.pk,
    }


def step_read() -> dict[str, Any]:
    """(a) openpyxl read-only over every cell: the floor any import of this file pays."""
    from openpyxl import load_workbook

    started, cpu = time.perf_counter(), time.process_time()
    wb = load_workbook(XLSX, read_only=True, data_only=False, keep_links=False)
    ws = wb["Danh sách"]
    count = 0
    for row in ws.iter_rows(values_only=True):
        count += 1
        if row[0] is None:
            break
    wb.close()
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "rows": count - 1,
        "peak_mb": _peak_mb(),
    }


def step_import(phase: str, user_id: int) -> dict[str, Any]:
    """(b)/(c) one phase of the job exactly as the db_worker runs it."""
    import django

    django.setup()
    from django.conf import settings

    from antq.accounts.models import User
    from antq.forces import roster_imports
    from antq.forces.models import RosterImport
    from antq.units.imports import read_xlsx_upload
    from antq.units.models import Unit

    baseline = _peak_mb()
    user = User.objects.get(pk=user_id)
    if phase == "check":
        # The checks of the upload page (size, zip directory) with the roster's limits, as the view runs them.
        with XLSX.open("rb") as handle:
            data = read_xlsx_upload(
                handle,
                max_bytes=settings.ANTQ_ROSTER_IMPORT_MAX_BYTES,
                max_uncompressed=settings.ANTQ_ROSTER_IMPORT_MAX_UNCOMPRESSED_BYTES,
            )
        job = roster_imports.save_upload(data, unit=Unit.objects.get(key="VN"), user=user, filename=XLSX.name)
        del data
    else:
        job = RosterImport.objects.get(status=RosterImport.Status.READY)
        job.phase, job.status = RosterImport.Phase.COMMIT, RosterImport.Status.QUEUED
        job.save()
    started, cpu = time.perf_counter(), time.process_time()
    status = roster_imports.run_job(job.pk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    job.refresh_from_db()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "status": status,
        "message": job.message,
        "rows": job.total_rows,
        "errors": job.error_rows,
        "warning_rows": job.warning_rows,
        "memberships": job.memberships_created,
        "baseline_mb": baseline,
        "peak_mb": _peak_mb(),
    }


def _child(step: str, *extra: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", step, *extra], check=True, capture_output=True, text=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench database")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--user", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step == "read":
        print(json.dumps(step_read()))
        return 0
    if args.step in {"check", "commit"}:
        print(json.dumps(step_import(args.step, args.user)))
        return 0

    db = prepare_database(os.environ.get("DATABASE_URL"), keep=args.keep)
    configure_environment(db.url)
    global XLSX
    XLSX = ROOT / "var" / f"bench-roster-{db.engine}.xlsx"
    os.environ["ANTQ_BENCH_ROSTER_XLSX"] = str(XLSX)  # for the steps in subprocesses
    os.environ.setdefault("ANTQ_IMPORT_STAGING_DIR", str(ROOT / "var" / "bench-staging"))
    try:
        built = build(args.rows)
        print(
            f"{db.engine}: {built['communes']} communes, {built['teams']} teams; "
            f"setup {built['setup_seconds']:.0f} s; "
            f"{args.rows:,} rows written in {built['write_seconds']:.0f} s ({built['file_mb']:.1f} MB)",
            flush=True,
        )
        from django.db import connections

        connections.close_all()
        read = _child("read")
        check = _child("check", "--user", str(built["user_id"]))
        commit = _child("commit", "--user", str(built["user_id"]))
    finally:
        db.cleanup()
    ratio = commit["seconds"] / read["seconds"]
    total_ratio = (check["seconds"] + commit["seconds"]) / read["seconds"]
    peak = max(check["peak_mb"], commit["peak_mb"])
    print(
        f"(a) bare read (openpyxl read-only): {read['seconds']:.1f} s, {read['rows']:,} rows, "
        f"peak {read['peak_mb']:.0f} MB"
    )
    print(
        f"(b) dry run:  {check['seconds']:.1f} s, status {check['status']}, {check['rows']:,} rows, "
        f"{check['errors']} error rows, {check['warning_rows']:,} rows with warnings, "
        f"peak {check['peak_mb']:.0f} MB "
        f"(Django loaded: {check['baseline_mb']:.0f} MB)"
    )
    print(
        f"(c) commit:   {commit['seconds']:.1f} s, status {commit['status']}, "
        f"{commit['memberships']:,} members written, "
        f"peak {commit['peak_mb']:.0f} MB {commit['message']}"
    )
    print(
        f"commit / bare read = {ratio:.2f} (target ≤ {TARGET_RATIO:g}); "
        f"dry run + commit / bare read = {total_ratio:.2f}"
    )
    if all("cpu_seconds" in step for step in (read, check, commit)):
        # CPU time of the process (the database server's own work is not in it): steadier than wall
        # time on a machine shared with other jobs.
        print(
            f"CPU seconds: read {read['cpu_seconds']:.1f}, dry run {check['cpu_seconds']:.1f}, "
            f"commit {commit['cpu_seconds']:.1f}; "
            f"commit / read = {commit['cpu_seconds'] / read['cpu_seconds']:.2f}"
        )
    print(f"peak memory {peak:.0f} MB (target ≤ {TARGET_MB:g} MB)")
    ok = commit["status"] == "done" and ratio <= TARGET_RATIO and peak <= TARGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
