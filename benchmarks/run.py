"""`make bench`: build a national-scale dataset in a separate database and time the unit pages.

The dev database (var/antq.sqlite3) is never touched: the run uses var/bench.sqlite3 (deleted and
rebuilt every run), or `<name>_bench` on the same server when DATABASE_URL points to PostgreSQL
(dropped and created again with psycopg; dropped at the end unless --keep).

The dataset grows in place: first 10 % of the national profile (85,000 residential areas and
100,000 organisations, ARCHITECTURE.md / domain 08-scale.md) is generated and measured, then the
other 90 % is added and everything is measured again. A page whose query count changes between
the sizes is an N+1 and fails the run (exit status 1).

Usage: .venv/bin/python benchmarks/run.py [--scale 1.0] [--fractions 0.1,1] [--runs 5] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` puts benchmarks/ first, not the project
    sys.path.insert(0, str(ROOT))

DEV_SQLITE = ROOT / "var" / "antq.sqlite3"
BENCH_SQLITE = ROOT / "var" / "bench.sqlite3"
RESULTS_JSON = ROOT / "var" / "bench-results.json"
SLOW_MS = 300.0


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    api: bool = False

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.params)}" if self.params else self.path


SCENARIOS = (
    Scenario("national", "/don-vi/"),
    Scenario("province", "/don-vi/01/"),  # Thành phố Hà Nội
    Scenario("commune", "/don-vi/00004/"),  # Phường Ba Đình
    Scenario("search", "/don-vi/tim-kiem/", {"q": "ha noi"}),
    Scenario("api_units", "/api/v1/units/", {"level": "commune", "limit": "50"}, api=True),
)


class BenchError(Exception):
    """The benchmark cannot go on (a page did not answer 200, a database could not be made)."""


@dataclass
class Measurement:
    queries: int
    query_counts: list[int]  # distinct counts seen over the timed runs; one value when stable
    median_ms: float
    min_ms: float
    max_ms: float
    bytes: int


@dataclass
class Step:
    label: str
    fraction: float
    areas: int  # rows in the database after this step
    organisations: int
    areas_seconds: float
    organisations_seconds: float
    analyze_seconds: float
    commune_areas: int  # rows of the measured commune, to show what its page had to page through
    commune_organisations: int
    measurements: dict[str, Measurement]

    @property
    def build_seconds(self) -> float:
        return self.areas_seconds + self.organisations_seconds + self.analyze_seconds


@dataclass
class BenchDatabase:
    engine: str  # "sqlite" or "postgresql"
    url: str
    label: str
    cleanup: Callable[[], None] = lambda: None


# --- The separate benchmark database ---------------------------------------------------------


def prepare_database(env_url: str | None, *, keep: bool = False) -> BenchDatabase:
    """Create an empty benchmark database next to the configured one and return its URL."""
    import dj_database_url

    engine = dj_database_url.parse(env_url)["ENGINE"] if env_url else "sqlite3"
    if "postgresql" in engine:
        return _prepare_postgres(env_url or "", keep=keep)
    if "sqlite3" not in engine:
        print(f"The benchmark does not support {engine}: using SQLite.", file=sys.stderr)
    BENCH_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    if BENCH_SQLITE.resolve() == DEV_SQLITE.resolve():  # pragma: no cover - a guard, not a path
        raise BenchError("Refusing to benchmark in the development database.")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{BENCH_SQLITE}{suffix}").unlink(missing_ok=True)
    return BenchDatabase("sqlite", f"sqlite:///{BENCH_SQLITE}", str(BENCH_SQLITE.relative_to(ROOT)))


def _prepare_postgres(env_url: str, *, keep: bool) -> BenchDatabase:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(env_url)
    bench_name = f"{config['NAME']}_bench"
    conninfo = {
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
        "dbname": config["NAME"],
    }
    conninfo = {key: value for key, value in conninfo.items() if value}

    def run(statement: sql.Composed) -> None:
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            conn.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(bench_name))
    try:
        run(drop)
        run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(bench_name)))
    except psycopg.Error as exc:
        raise BenchError(f"Cannot create PostgreSQL database {bench_name}: {exc}") from exc

    def cleanup() -> None:
        from django.db import connections

        connections.close_all()
        if not keep:
            run(drop)

    parts = urlsplit(env_url)
    url = urlunsplit(parts._replace(path="/" + quote(bench_name)))
    host = f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"
    return BenchDatabase("postgresql", url, f"{bench_name} on {host}", cleanup)


def configure_environment(database_url: str) -> None:
    """Settings read the environment once, in django.setup(): everything is set before it."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # The manifest storage needs collectstatic; the test client renders with plain static URLs.
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["AXES_ENABLED"] = "false"
    os.environ["DJANGO_DEBUG"] = "false"
    # One JSON log line per request would drown the table (and time the terminal, not the app).
    os.environ.setdefault("LOG_LEVEL", "WARNING")


# --- The user, the clients, the measurements -------------------------------------------------


@dataclass
class Clients:
    page: Any  # django.test.Client with a verified session
    api: Any  # a Client without session cookie, as an API consumer would be
    api_headers: dict[str, str]


def bench_clients(username: str = "bench_national_admin") -> Clients:
    """A national_admin logged in with a verified TOTP device, and an API client with their token."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from antq.accounts.models import ApiToken, RoleAssignment, User
    from antq.units.models import Unit

    user = User.objects.create_user(username, full_name="Quản trị đo hiệu năng")
    RoleAssignment.objects.create(user=user, role="national_admin", unit=Unit.objects.get(key="VN"))
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    _, raw = ApiToken.issue(user, "bench")
    return Clients(page=client, api=Client(), api_headers={"HTTP_AUTHORIZATION": f"Bearer {raw}"})


def measure(clients: Clients, scenario: Scenario, *, runs: int = 5, warmup: int = 1) -> Measurement:
    """Median wall time and query count of `runs` requests after `warmup` untimed ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = clients.api if scenario.api else clients.page
    headers = clients.api_headers if scenario.api else {}

    def once() -> tuple[int, float, int]:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(scenario.path, scenario.params, **headers)
            elapsed_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            where = response.get("Location", "")
            raise BenchError(
                f"{scenario.name}: GET {scenario.url} answered {response.status_code} {where}".strip()
            )
        return len(captured.captured_queries), elapsed_ms, len(response.content)

    for _ in range(warmup):
        once()
    samples = [once() for _ in range(runs)]
    times = [ms for _, ms, _ in samples]
    counts = sorted({queries for queries, _, _ in samples})
    return Measurement(
        queries=counts[-1],
        query_counts=counts,
        median_ms=round(statistics.median(times), 1),
        min_ms=round(min(times), 1),
        max_ms=round(max(times), 1),
        bytes=samples[-1][2],
    )


def measure_all(clients: Clients, *, runs: int = 5, warmup: int = 1) -> dict[str, Measurement]:
    return {s.name: measure(clients, s, runs=runs, warmup=warmup) for s in SCENARIOS}


def query_growth(steps: Sequence[Step]) -> list[str]:
    """Scenarios whose query count is not the same at every size (or not stable within a size)."""
    problems = []
    for scenario in SCENARIOS:
        seen = [step.measurements[scenario.name].query_counts for step in steps]
        if len({count for counts in seen for count in counts}) > 1:
            detail = ", ".join(
                f"{step.label}: {'/'.join(map(str, c))}" for step, c in zip(steps, seen, strict=True)
            )
            problems.append(f"{scenario.name}: query count changes with data size ({detail})")
    return problems


# --- The run -------------------------------------------------------------------------------


def _analyze(engine: str) -> float:
    """PostgreSQL's autovacuum would have analysed tables this size; SQLite never does by itself."""
    if engine != "postgresql":
        return 0.0
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def build_and_measure(args: argparse.Namespace, db: BenchDatabase) -> dict[str, Any]:
    from django.core.management import call_command

    from antq.units.actions import load_national_units
    from antq.units.models import Organisation, ResidentialArea, Unit
    from benchmarks.generate import FULL_AREAS, FULL_ORGANISATIONS, generate

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    load_national_units()
    map_seconds = time.perf_counter() - started
    print(f"  migrate {migrate_seconds:.1f} s, national map {map_seconds:.1f} s", file=sys.stderr)

    clients = bench_clients()
    commune = Unit.objects.get(key="00004")
    steps: list[Step] = []
    for fraction in args.fractions:
        label = f"{fraction * 100:g} %"
        want_areas = round(FULL_AREAS * args.scale * fraction)
        want_orgs = round(FULL_ORGANISATIONS * args.scale * fraction)
        have_areas, have_orgs = ResidentialArea.objects.count(), Organisation.objects.count()
        print(
            f"  {label}: generating up to {want_areas:,} areas, {want_orgs:,} organisations", file=sys.stderr
        )
        stats = generate(areas=max(0, want_areas - have_areas), organisations=max(0, want_orgs - have_orgs))
        analyze_seconds = _analyze(db.engine)
        print(f"  {label}: measuring", file=sys.stderr)
        steps.append(
            Step(
                label=label,
                fraction=fraction,
                areas=ResidentialArea.objects.count(),
                organisations=Organisation.objects.count(),
                areas_seconds=stats.areas_seconds,
                organisations_seconds=stats.organisations_seconds,
                analyze_seconds=analyze_seconds,
                commune_areas=ResidentialArea.objects.filter(commune=commune).count(),
                commune_organisations=Organisation.objects.filter(commune=commune).count(),
                measurements=measure_all(clients, runs=args.runs, warmup=args.warmup),
            )
        )
    return {
        "migrate_seconds": migrate_seconds,
        "map_seconds": map_seconds,
        "units": Unit.objects.count(),
        "steps": steps,
    }


def _engine_version(engine: str) -> str:
    from django.db import connection

    if engine == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


# --- Report -----------------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1) -> str:
    """Plain aligned text: the first `left` columns left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        out = [
            str(cell).ljust(widths[i]) if i < left else str(cell).rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def render_report(result: dict[str, Any], problems: list[str]) -> str:
    steps: list[Step] = result["steps"]
    out = [
        "",
        f"ANTQ benchmark — {result['engine_version']} ({result['database']}), "
        f"Django {result['django']}, Python {result['python']}, {result['cpus']} CPUs",
        f"national map: {result['units']:,} units (34 provinces, 3,321 communes, pre-2025 units); "
        f"timings: median of {result['runs']} runs after {result['warmup']} warm-up",
        "",
        "Dataset build (seconds)",
    ]
    build_rows = [
        ["base", f"{result['migrate_seconds']:.1f}", f"{result['map_seconds']:.1f}", "", "", "",
         f"{result['migrate_seconds'] + result['map_seconds']:.1f}", "", ""],
    ]  # fmt: skip
    for step in steps:
        build_rows.append(
            [step.label, "", "", f"{step.areas_seconds:.1f}", f"{step.organisations_seconds:.1f}",
             f"{step.analyze_seconds:.1f}" if result["engine"] == "postgresql" else "-",
             f"{step.build_seconds:.1f}", f"{step.areas:,}", f"{step.organisations:,}"]
        )  # fmt: skip
    build_rows.append(["total", "", "", "", "", "", f"{result['build_seconds']:.1f}", "", ""])
    out.append(
        _table(
            ["step", "migrate", "map load", "areas", "orgs", "analyze", "total", "areas rows", "orgs rows"],
            build_rows,
        )
    )
    out.append(
        "commune 00004 (Phường Ba Đình) holds "
        + "; ".join(f"{s.label}: {s.commune_areas} areas, {s.commune_organisations} orgs" for s in steps)
    )
    out += ["", "Scenarios (national_admin; queries per request, median ms)"]
    headers = ["scenario", "request"]
    for step in steps:
        headers += [f"queries {step.label}", f"ms {step.label}"]
    headers.append("note")
    rows = []
    for scenario in SCENARIOS:
        row = [scenario.name, ("API " if scenario.api else "") + scenario.url]
        notes = []
        for step in steps:
            m = step.measurements[scenario.name]
            row += ["/".join(map(str, m.query_counts)), f"{m.median_ms:.1f}"]
        counts = {c for step in steps for c in step.measurements[scenario.name].query_counts}
        if len(counts) > 1:
            notes.append("QUERY COUNT GROWS")
        slowest = max(step.measurements[scenario.name].median_ms for step in steps)
        if slowest > SLOW_MS:
            notes.append(f"slow (> {SLOW_MS:g} ms)")
        row.append(", ".join(notes) or "ok")
        rows.append(row)
    out.append(_table(headers, rows, left=2))
    out.append("")
    if problems:
        out += ["FAILED:", *(f"  - {p}" for p in problems)]
    else:
        out.append("Query counts are the same at every size.")
    out.append(f"Results written to {RESULTS_JSON.relative_to(ROOT)}")
    return "\n".join(out)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiplier on the national profile (1.0)")
    parser.add_argument(
        "--fractions",
        type=lambda text: [float(part) for part in text.split(",")],
        default=[0.1, 1.0],
        help="growing sizes to measure, as fractions of the profile (0.1,1)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed requests per scenario (5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed requests before them (1)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench database afterwards")
    args = parser.parse_args(argv)
    if sorted(args.fractions) != args.fractions:
        parser.error("--fractions must grow: the dataset is only ever added to")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    began = time.perf_counter()
    try:
        db = prepare_database(os.environ.get("DATABASE_URL"), keep=args.keep)
    except BenchError as exc:
        print(f"!! {exc}", file=sys.stderr)
        return 2
    configure_environment(db.url)
    print(f"Benchmark database: {db.label}", file=sys.stderr)

    import django

    django.setup()
    try:
        result = build_and_measure(args, db)
        result["engine_version"] = _engine_version(db.engine)
    except BenchError as exc:
        print(f"!! {exc}", file=sys.stderr)
        return 2
    finally:
        db.cleanup()

    steps: list[Step] = result["steps"]
    result.update(
        engine=db.engine,
        database=db.label,
        django=django.get_version(),
        python=platform.python_version(),
        cpus=os.cpu_count(),
        runs=args.runs,
        warmup=args.warmup,
        scale=args.scale,
        build_seconds=result["migrate_seconds"] + result["map_seconds"] + sum(s.build_seconds for s in steps),
        wall_seconds=0.0,
    )
    problems = query_growth(steps)
    result["wall_seconds"] = time.perf_counter() - began
    print(render_report(result, problems))
    print(f"Whole run: {result['wall_seconds']:.0f} s")

    payload = {**result, "steps": [asdict(s) | {"build_seconds": s.build_seconds} for s in steps]}
    payload["scenarios"] = {s.name: {"url": s.url, "api": s.api} for s in SCENARIOS}
    payload["problems"] = problems
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
