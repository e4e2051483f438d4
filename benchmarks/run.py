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
STATUS_ORDER = ("draft", "returned", "submitted", "approved", "decided")


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    api: bool = False
    province: bool = False  # as the province officer of Hà Nội instead of the national admin
    commune: bool = False  # as the commune officer of Phường Ba Đình (00004)

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.params)}" if self.params else self.path


SCENARIOS = (
    Scenario("national", "/don-vi/"),
    Scenario("province", "/don-vi/01/"),  # Thành phố Hà Nội
    Scenario("commune", "/don-vi/00004/"),  # Phường Ba Đình
    Scenario("search", "/don-vi/tim-kiem/", {"q": "ha noi"}),
    Scenario("api_units", "/api/v1/units/", {"level": "commune", "limit": "50"}, api=True),
    # The yearly assessment cycle (benchmarks/cycle.py): overview, review queue, Excel export.
    Scenario("overview", "/danh-gia/tong-hop/2026/"),
    Scenario("overview_01", "/danh-gia/tong-hop/2026/01/"),
    Scenario("review_queue_01", "/danh-gia/xet-duyet/2026/", province=True),
    Scenario("overview_xlsx", "/danh-gia/tong-hop/2026/VN/excel/"),
    Scenario("api_overview", "/api/v1/assessments/cycles/2026/overview/VN", api=True),
    Scenario("api_overview_01", "/api/v1/assessments/cycles/2026/overview/01", api=True),
    # The grassroots security force (benchmarks/forces.py): a commune roster, the overviews, allowances.
    Scenario("forces_roster", "/luc-luong/00004/"),
    Scenario("forces_overview", "/luc-luong/tong-hop/"),
    Scenario("forces_overview_01", "/luc-luong/tong-hop/01/"),
    Scenario("forces_overview_01_p", "/luc-luong/tong-hop/01/", province=True),
    Scenario("forces_allowances", "/luc-luong/00004/ho-tro/"),
    # Movement (benchmarks/movement.py): a national plan with a task and a report for every commune.
    Scenario("movement_national", "/chi-dao/VN/"),
    Scenario("movement_plan_rollup", "/chi-dao/van-ban/{plan}/"),
    Scenario("movement_asked_of_us", "/chi-dao/00004/cap-tren-giao/"),
    Scenario("api_movement_rollup", "/api/v1/movement/documents/{plan}/rollup", api=True),
    # Models, examples, activities (benchmarks/practices.py): overviews, a commune's lists, showcase.
    # Issue 8: the indicator dashboards and the tile-grid map (every registered indicator).
    Scenario("indicators_national", "/tong-hop/chi-so/VN/", {"ky": "2026"}),
    Scenario("indicators_province", "/tong-hop/chi-so/01/", {"ky": "2026"}),
    Scenario("indicators_map", "/tong-hop/chi-so/ban-do/", {"ky": "2026"}),
    # A quarter is never in the snapshot: the live path, for comparison.
    Scenario("indicators_province_q3_live", "/tong-hop/chi-so/01/", {"ky": "2026-Q3"}),
    Scenario("api_indicators_01", "/api/v1/dashboards/indicators/01", {"period": "2026"}, api=True),
    Scenario("practices_national", "/mo-hinh/", {"ky": "2026"}),
    Scenario("practices_national_q2", "/mo-hinh/", {"ky": "2026-Q2"}),
    Scenario("practices_province_01", "/mo-hinh/01/", {"ky": "2026"}),
    Scenario("practices_commune", "/mo-hinh/00004/", {"ky": "2026-Q2"}),
    Scenario("practices_commune_models", "/mo-hinh/00004/mo-hinh/"),
    Scenario("practices_commune_activities", "/mo-hinh/00004/hoat-dong/", {"ky": "2026"}),
    Scenario("practices_showcase_search", "/mo-hinh/cong-khai/", {"q": "camera"}),
    # The movement summary across movement, coordination and practices (antq/dashboards).
    Scenario("dashboard_national", "/tong-hop/VN/", {"ky": "2026"}),
    Scenario("dashboard_province_01", "/tong-hop/01/", {"ky": "2026"}),
    Scenario("dashboard_commune", "/tong-hop/00004/", {"ky": "2026-Q2"}),
    # Commendation (benchmarks/awards.py): medal eligibility of the largest province's team members
    # (both rules) and the history of a unit with many commendations.
    Scenario("awards_medal_largest_province", "/khen-thuong/don-vi/{awards_province}/ky-niem-chuong/"),
    Scenario(
        "api_awards_eligibility_largest", "/api/v1/awards/units/{awards_province}/medal-eligibility", api=True
    ),
    Scenario("awards_unit_history_00004", "/khen-thuong/don-vi/00004/"),
    Scenario("api_practices_overview", "/api/v1/practices/overview/VN", {"period": "2026"}, api=True),
    # The festival (benchmarks/festival.py): 90,000 points of 2026, the roll-up report at two levels.
    Scenario("festival_national", "/ngay-hoi/nam/2026/don-vi/VN/"),
    Scenario("festival_national_pdf", "/ngay-hoi/nam/2026/don-vi/VN/bao-cao.pdf"),
    Scenario("festival_province_01_p", "/ngay-hoi/nam/2026/don-vi/01/", province=True),
    Scenario("festival_province_01_pdf_p", "/ngay-hoi/nam/2026/don-vi/01/bao-cao.pdf", province=True),
    # Tip-offs (benchmarks/tips.py): Phường Ba Đình's inbox as its officer, the national inbox and
    # its overdue filter as the national admin, the officers' API list.
    Scenario("tips_inbox_00004_c", "/tin-bao/", commune=True),
    Scenario("tips_inbox_national", "/tin-bao/"),
    Scenario("tips_inbox_overdue", "/tin-bao/", {"han": "qua-han"}),
    Scenario("api_tips", "/api/v1/tips/", {"limit": "50"}, api=True),
)
PRACTICES_SCENARIOS = tuple(s for s in SCENARIOS if "practices" in s.name)
FESTIVAL_SCENARIOS = tuple(s for s in SCENARIOS if s.name.startswith("festival_"))
# Values of the "{name}" placeholders in scenario paths, known once the data exists.
PATH_VALUES: dict[str, str] = {}


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
    cycle: dict[str, Any] = field(default_factory=dict)  # rows added by benchmarks/cycle.py, timings
    cycle_seconds: float = 0.0
    forces: dict[str, Any] = field(default_factory=dict)  # rows added by benchmarks/forces.py, timings
    practices: dict[str, Any] = field(default_factory=dict)  # rows of benchmarks/practices.py, timings
    festival: dict[str, Any] = field(default_factory=dict)  # rows of benchmarks/festival.py, timings

    tips: dict[str, Any] = field(default_factory=dict)  # rows of benchmarks/tips.py, timings
    one_shots: dict[str, OneShot] = field(default_factory=dict)
    snapshot: dict[str, Any] = field(default_factory=dict)  # indicator snapshot refresh: rows, seconds

    @property
    def build_seconds(self) -> float:
        return (
            self.areas_seconds
            + self.organisations_seconds
            + self.cycle_seconds
            + self.analyze_seconds
            + self.forces.get("seconds", 0.0)
            + self.practices.get("seconds", 0.0)
            + self.festival.get("events_seconds", 0.0)
            + self.festival.get("results_seconds", 0.0)
            + self.tips.get("seconds", 0.0)
        )


@dataclass
class OneShot:
    """An action timed once (then rolled back): what it did, seconds, SQL queries."""

    seconds: float
    queries: int
    detail: str


@dataclass
class BenchDatabase:
    engine: str  # "sqlite" or "postgresql"
    url: str
    label: str
    cleanup: Callable[[], None] = lambda: None


# --- The separate benchmark database ---------------------------------------------------------


def prepare_database(env_url: str | None, *, keep: bool = False, reuse: bool = False) -> BenchDatabase:
    """Create an empty benchmark database next to the configured one and return its URL (with
    `reuse`, the database a previous `--keep` run left, untouched)."""
    import dj_database_url

    engine = dj_database_url.parse(env_url)["ENGINE"] if env_url else "sqlite3"
    if reuse:
        if "postgresql" in engine:
            config = dj_database_url.parse(env_url or "")
            bench_name = f"{config['NAME']}_bench"
            url = urlunsplit(urlsplit(env_url or "")._replace(path="/" + quote(bench_name)))
            return BenchDatabase("postgresql", url, f"{bench_name} (reused)")
        if not BENCH_SQLITE.exists():
            raise BenchError(f"--reuse: {BENCH_SQLITE} does not exist")
        return BenchDatabase(
            "sqlite", f"sqlite:///{BENCH_SQLITE}", f"{BENCH_SQLITE.relative_to(ROOT)} (reused)"
        )
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
    province: Any = None  # a province_officer of "01" with a verified session
    commune: Any = None  # a commune_officer of "00004" with a verified session
    admin_user: Any = None


def _verified_client(username: str, full_name: str, role: str, unit_key: str) -> tuple[Any, Any]:
    """A user with `role` on `unit_key`, logged in with a confirmed TOTP device (session verified)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from antq.accounts.models import RoleAssignment, User
    from antq.units.models import Unit

    user = User.objects.create_user(username, full_name=full_name)
    RoleAssignment.objects.create(user=user, role=role, unit=Unit.objects.get(key=unit_key))
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user, client


def bench_clients(username: str = "bench_national_admin") -> Clients:
    """A national_admin and a Hà Nội province_officer logged in with verified TOTP devices, and an
    API client with the admin's token."""
    from django.test import Client

    from antq.accounts.models import ApiToken

    user, client = _verified_client(username, "Quản trị đo hiệu năng", "national_admin", "VN")
    _, province = _verified_client(f"{username}_p01", "Cán bộ tỉnh đo hiệu năng", "province_officer", "01")
    _, commune = _verified_client(f"{username}_c00004", "Cán bộ xã đo hiệu năng", "commune_officer", "00004")
    _, raw = ApiToken.issue(user, "bench")
    return Clients(
        page=client,
        api=Client(),
        api_headers={"HTTP_AUTHORIZATION": f"Bearer {raw}"},
        province=province,
        commune=commune,
        admin_user=user,
    )


def measure(clients: Clients, scenario: Scenario, *, runs: int = 5, warmup: int = 1) -> Measurement:
    """Median wall time and query count of `runs` requests after `warmup` untimed ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = (
        clients.api
        if scenario.api
        else clients.province
        if scenario.province
        else clients.commune
        if scenario.commune
        else clients.page
    )
    headers = clients.api_headers if scenario.api else {}

    def once() -> tuple[int, float, int]:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(scenario.path.format(**PATH_VALUES), scenario.params, **headers)
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


def selected(only: Sequence[str] = ()) -> tuple[Scenario, ...]:
    """The scenarios whose name contains one of `only` (all of them when empty)."""
    return tuple(s for s in SCENARIOS if not only or any(part in s.name for part in only))


def measure_all(
    clients: Clients, *, runs: int = 5, warmup: int = 1, only: Sequence[str] = ()
) -> dict[str, Measurement]:
    return {s.name: measure(clients, s, runs=runs, warmup=warmup) for s in selected(only)}


class QueryCounter:
    """Counts the SQL statements run inside `with`, however many (CaptureQueriesContext reads
    connection.queries_log, a deque of 9,000 entries that is full after the page scenarios)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> QueryCounter:
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)


def one_shots(clients: Clients) -> dict[str, OneShot]:
    """The overview tallies' refresh (one commune, one province, the nation), batch approval of 1,000
    submitted assessments (tallies included), and one decision of 100 units with its PDF.

    Each runs inside a transaction that is rolled back, so the next size starts from the same data.
    """
    import datetime as dt

    from django.db import transaction

    from antq.assessments import actions, documents, tallies
    from antq.assessments.models import Assessment, Cycle, Subject
    from antq.units.models import Unit

    out: dict[str, OneShot] = {}
    admin = clients.admin_user
    cycle_q = Assessment.objects.filter(cycle__year=2026)
    cycle = Cycle.objects.get(year=2026)
    commune = Unit.objects.get(key="00004")
    province_communes = list(
        Unit.objects.filter(parent__key="01", level="commune").values_list("pk", flat=True)
    )
    refreshes = (
        ("refresh_tallies_commune", [commune.pk], "commune 00004"),
        ("refresh_tallies_province", province_communes, "the communes of 01"),
    )
    for name, ids, what in refreshes:
        with transaction.atomic():
            subjects = Subject.objects.filter(commune_id__in=ids).count()
            with QueryCounter() as captured:
                started = time.perf_counter()
                tallies.refresh_tallies(cycle, ids)
                seconds = time.perf_counter() - started
            out[name] = OneShot(
                round(seconds, 3), captured.count, f"{what}: {len(ids)} communes, {subjects:,} subjects"
            )
            transaction.set_rollback(True)
    with transaction.atomic():
        with QueryCounter() as captured:
            started = time.perf_counter()
            rows = tallies.rebuild_tallies(cycle)
            seconds = time.perf_counter() - started
        out["rebuild_tallies"] = OneShot(round(seconds, 2), captured.count, f"national: {rows:,} rows")
        transaction.set_rollback(True)
    with transaction.atomic():
        ids = list(cycle_q.filter(status="submitted").order_by("pk").values_list("pk", flat=True)[:1000])
        with QueryCounter() as captured:
            started = time.perf_counter()
            result = actions.approve_batch(Assessment.objects.filter(pk__in=ids), by=admin)
            seconds = time.perf_counter() - started
        out["approve_batch"] = OneShot(
            round(seconds, 2),
            captured.count,
            f"{result.count} approved, {len(result.skipped)} skipped, tallies refreshed",
        )
        transaction.set_rollback(True)

    # One decider: UBND Thành phố Hà Nội decides its province/central-managed organisations (its
    # communes' own files wait for their residential areas, so they are left out). Approved ones
    # first (order_by status: "approved" < "submitted"); submitted ones are approved, in the
    # rolled-back transaction, when there are not 100 approved yet.
    with transaction.atomic():
        pool = (
            cycle_q.filter(
                status__in=("approved", "submitted"),
                subject__commune__parent__key="01",
                subject__managing_level__in=("province", "central"),
            )
            .exclude(subject__subject_type="commune")
            .order_by("status", "pk")
        )
        chosen = list(pool.values_list("pk", "status")[:100])
        already = sum(1 for _, status in chosen if status == "approved")
        Assessment.objects.filter(pk__in=[pk for pk, status in chosen if status == "submitted"]).update(
            status="approved"
        )
        with QueryCounter() as captured:
            started = time.perf_counter()
            decision = actions.decide(
                list(Assessment.objects.filter(pk__in=[pk for pk, _ in chosen])),
                by=admin,
                issued_on=dt.date(2026, 11, 24),
            )
            seconds = time.perf_counter() - started
        out["decide"] = OneShot(
            round(seconds, 2),
            captured.count,
            f"{len(chosen)} units of Hà Nội ({already} already approved)",
        )
        with QueryCounter() as captured:
            started = time.perf_counter()
            pdf = documents.decision_pdf(decision)
            seconds = time.perf_counter() - started
        out["decision_pdf"] = OneShot(
            round(seconds, 2),
            captured.count,
            f"{decision.assessments.count()} units, {len(pdf) // 1024} KiB",
        )
        transaction.set_rollback(True)
    # Issue 7: the tips' counts the dashboards read (the nation by province, Hà Nội by commune).
    from benchmarks.tips import duplicate_suggestions, national_statistics

    for name, (seconds, count, what) in (national_statistics() | duplicate_suggestions()).items():
        out[name] = OneShot(round(seconds, 3), count, what)
    # Issue 4 §5: the ranking check (20 % cap, leader cap, 9-month rule) of the commune with most teams.
    from benchmarks.ranking import ranking_check

    with transaction.atomic():
        check = ranking_check()
        if check is not None:
            out["ranking_check"] = OneShot(
                check.seconds,
                check.queries,
                f"{check.commune}: {check.teams} teams, {check.violations} violations",
            )
        transaction.set_rollback(True)
    return out


def query_growth(steps: Sequence[Step]) -> list[str]:
    """Scenarios whose query count is not the same at every size (or not stable within a size)."""
    problems = []
    for scenario in SCENARIOS:
        if any(scenario.name not in step.measurements for step in steps):
            continue
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
    from benchmarks.awards import generate_awards
    from benchmarks.cycle import generate_cycle
    from benchmarks.festival import generate_festival
    from benchmarks.forces import generate_forces
    from benchmarks.generate import FULL_AREAS, FULL_ORGANISATIONS, generate
    from benchmarks.movement import generate_movement
    from benchmarks.practices import generate_practices
    from benchmarks.reports import national_report_shots
    from benchmarks.tips import FULL_TIPS, generate_tips

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
        print(f"  {label}: registrations, assessments, scores of the 2026 cycle", file=sys.stderr)
        cycle = generate_cycle()
        print(
            f"  {label}: +{cycle.subjects:,} subjects ({cycle.subjects_seconds:.1f} s), "
            f"+{cycle.assessments:,} assessments ({cycle.rows_seconds:.1f} s)",
            file=sys.stderr,
        )
        print(f"  {label}: grassroots security teams and members", file=sys.stderr)
        forces = generate_forces()
        print(
            f"  {label}: +{forces.teams:,} teams, +{forces.memberships:,} members "
            f"({forces.rows_seconds:.1f} s), {forces.tallies:,} commune tallies "
            f"({forces.tally_seconds:.1f} s)",
            file=sys.stderr,
        )
        movement = generate_movement(clients.admin_user)
        PATH_VALUES["plan"] = str(movement.plan_id)
        print(
            f"  {label}: movement plan with {movement.tasks:,} tasks (assign action "
            f"{movement.assign_seconds:.2f} s, {movement.assign_queries} queries), "
            f"{movement.reports:,} reports",
            file=sys.stderr,
        )
        practices = generate_practices(fraction * args.scale)
        print(
            f"  {label}: models, examples, activities: "
            + ", ".join(f"{k} {v:,}" for k, v in practices.items() if not k.endswith("seconds"))
            + f" ({practices['seconds']:.1f} s, tallies {practices['tallies_seconds']:.1f} s)",
            file=sys.stderr,
        )
        awards = generate_awards(clients.admin_user)
        PATH_VALUES["awards_province"] = awards.province_key
        print(
            f"  {label}: awards: largest province {awards.province_key} with {awards.members:,} members, "
            f"{awards.legacy:,} legacy periods, {awards.bars:,} deferrals, {awards.proposals:,} decided "
            f"proposals of 00004 ({awards.seconds:.1f} s)",
            file=sys.stderr,
        )
        festival = generate_festival(fraction * args.scale)
        print(
            f"  {label}: festival: {festival['events']:,} points, {festival['results']:,} results "
            f"({festival['events_seconds'] + festival['results_seconds']:.1f} s)",
            file=sys.stderr,
        )
        tips = generate_tips(round(FULL_TIPS * args.scale * fraction))
        print(
            f"  {label}: +{tips.added:,} tips, {tips.total:,} in all, {tips.commune:,} for 00004 "
            f"({tips.seconds:.1f} s)",
            file=sys.stderr,
        )
        # Issue 8: the dashboards, the map and the API read the indicator snapshot of the years
        # (refreshed by the dashboards.tasks.refresh_indicators job); quarters stay live.
        from antq.dashboards import snapshots

        started = time.perf_counter()
        snapshot_rows = sum(snapshots.refresh().values())
        snapshot_seconds = time.perf_counter() - started
        print(
            f"  {label}: indicator snapshot: {snapshot_rows:,} rows in {snapshot_seconds:.1f} s",
            file=sys.stderr,
        )
        analyze_seconds = _analyze(db.engine)
        print(f"  {label}: measuring", file=sys.stderr)
        step = Step(
            label=label,
            fraction=fraction,
            areas=ResidentialArea.objects.count(),
            organisations=Organisation.objects.count(),
            areas_seconds=stats.areas_seconds,
            organisations_seconds=stats.organisations_seconds,
            analyze_seconds=analyze_seconds,
            commune_areas=ResidentialArea.objects.filter(commune=commune).count(),
            commune_organisations=Organisation.objects.filter(commune=commune).count(),
            measurements=measure_all(clients, runs=args.runs, warmup=args.warmup, only=args.only),
            cycle=_cycle_totals(cycle),
            cycle_seconds=cycle.seconds,
            forces=_forces_totals(forces),
            practices=practices,
            festival=festival,
            snapshot={"rows": snapshot_rows, "seconds": round(snapshot_seconds, 2)},
            tips={
                "total": tips.total,
                "commune": tips.commune,
                "statuses": tips.statuses,
                "seconds": tips.seconds,
            },
        )
        if not args.only:
            print(f"  {label}: batch approval, decision, PDF", file=sys.stderr)
            step.one_shots = one_shots(clients)
            print(f"  {label}: national yearly report (generation, PDF, Excel)", file=sys.stderr)
            step.one_shots.update(national_report_shots(clients.admin_user, QueryCounter, OneShot))
        steps.append(step)
    load = None
    if args.load_seconds > 0:
        from django.db import connections

        from benchmarks.tips import load_test, settle_database

        print(f"  load test of the public tip submission ({args.load_seconds:g} s each)", file=sys.stderr)
        settle_database()
        connections.close_all()
        load = load_test(db.url, seconds=args.load_seconds, clients=args.load_clients)
    return {
        "migrate_seconds": migrate_seconds,
        "map_seconds": map_seconds,
        "units": Unit.objects.count(),
        "steps": steps,
        "load": load,
    }


def remeasure(args: argparse.Namespace) -> int:
    """--reuse: migrate the kept bench database, run `--before` commands, measure, print the table."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    for command in args.before:
        started = time.perf_counter()
        call_command(command)
        print(f"  {command}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    clients = bench_clients(f"bench_reuse_{int(time.time())}")
    rows = []
    for scenario in selected(args.only):
        m = measure(clients, scenario, runs=args.runs, warmup=args.warmup)
        rows.append(
            [scenario.name, ("API " if scenario.api else "") + scenario.url,
             "/".join(map(str, m.query_counts)), f"{m.median_ms:.1f}", f"{m.min_ms:.1f}", f"{m.max_ms:.1f}",
             f"slow (> {SLOW_MS:g} ms)" if m.median_ms > SLOW_MS else "ok"]
        )  # fmt: skip
    print(_table(["scenario", "request", "queries", "median ms", "min ms", "max ms", "note"], rows, left=2))
    return 0


def _forces_totals(stats: Any) -> dict[str, Any]:
    """Force rows now in the database (not only those just added), the measured commune's, and timings."""
    from antq.forces.models import ForceTally, Membership, Team

    return {
        "teams": Team.objects.count(),
        "members": Membership.objects.filter(left_on__isnull=True).count(),
        "tallies": ForceTally.objects.count(),
        "commune_teams": Team.objects.filter(commune__key="00004").count(),
        "commune_members": Membership.objects.filter(team__commune__key="00004").count(),
        "rows_seconds": stats.rows_seconds,
        "tally_seconds": stats.tally_seconds,
        "seconds": stats.seconds,
    }


def _cycle_totals(stats: Any) -> dict[str, Any]:
    """Rows of the 2026 cycle now in the database (not only those just added), and the build timings."""
    from django.db.models import Count

    from antq.assessments.models import Assessment, Registration, Score, StandardResult, Subject

    assessments = Assessment.objects.filter(cycle__year=2026)
    n = assessments.count()
    scores = Score.objects.count()
    results = StandardResult.objects.count()
    statuses = dict(assessments.order_by().values_list("status").annotate(n=Count("id")))
    decided = assessments.filter(status="decided")
    return {
        "subjects": Subject.objects.count(),
        "registrations": Registration.objects.filter(cycle__year=2026).count(),
        "assessments": n,
        "scores": scores,
        "standard_results": results,
        "scores_per_assessment": round(scores / n, 2) if n else 0,
        "standard_results_per_assessment": round(results / n, 2) if n else 0,
        "statuses": statuses,
        "recognised": decided.filter(recognised=True).count(),
        "decided_classes": dict(decided.order_by().values_list("decided_class").annotate(n=Count("id"))),
        "seed_seconds": round(stats.seed_seconds, 2),
        "subjects_seconds": round(stats.subjects_seconds, 2),
        "rows_seconds": round(stats.rows_seconds, 2),
        "tallies": stats.tallies,
        "tallies_seconds": round(stats.tallies_seconds, 2),
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
        ["base", f"{result['migrate_seconds']:.1f}", f"{result['map_seconds']:.1f}", "", "", "", "",
         f"{result['migrate_seconds'] + result['map_seconds']:.1f}", "", ""],
    ]  # fmt: skip
    for step in steps:
        build_rows.append(
            [step.label, "", "", f"{step.areas_seconds:.1f}", f"{step.organisations_seconds:.1f}",
             f"{step.cycle_seconds:.1f}",
             f"{step.analyze_seconds:.1f}" if result["engine"] == "postgresql" else "-",
             f"{step.build_seconds:.1f}", f"{step.areas:,}", f"{step.organisations:,}"]
        )  # fmt: skip
    build_rows.append(["total", "", "", "", "", "", "", f"{result['build_seconds']:.1f}", "", ""])
    out.append(
        _table(
            ["step", "migrate", "map load", "areas", "orgs", "cycle", "analyze", "total", "areas rows",
             "orgs rows"],
            build_rows,
        )
    )  # fmt: skip
    out += ["", "Assessment cycle 2026 (benchmarks/cycle.py; rows in the database after each step)"]
    cycle_rows = []
    for step in steps:
        c = step.cycle
        st = c["statuses"]
        cycle_rows.append(
            [step.label, f"{c['subjects']:,}", f"{c['registrations']:,}", f"{c['assessments']:,}",
             f"{c['scores']:,}", f"{c['scores_per_assessment']:.2f}", f"{c['standard_results']:,}",
             " ".join(f"{k} {st.get(k, 0):,}" for k in STATUS_ORDER),
             f"{c['subjects_seconds']:.1f}", f"{c['rows_seconds']:.1f}", f"{c['tallies']:,}",
             f"{c['tallies_seconds']:.1f}"]
        )  # fmt: skip
    out.append(
        _table(
            ["step", "subjects", "registr.", "assessm.", "scores", "scores/a", "std results", "statuses",
             "subjects s", "rows s", "tallies", "tallies s"],
            cycle_rows,
        )
    )  # fmt: skip
    out.append(
        "commune 00004 (Phường Ba Đình) holds "
        + "; ".join(f"{s.label}: {s.commune_areas} areas, {s.commune_organisations} orgs" for s in steps)
    )
    out += ["", "Grassroots security force (benchmarks/forces.py; rows in the database after each step)"]
    out.append(
        _table(
            ["step", "teams", "members", "commune tallies", "00004 teams", "00004 members", "rows s",
             "tallies s"],
            [
                [step.label, f"{f['teams']:,}", f"{f['members']:,}", f"{f['tallies']:,}",
                 f"{f['commune_teams']:,}", f"{f['commune_members']:,}", f"{f['rows_seconds']:.1f}",
                 f"{f['tally_seconds']:.1f}"]
                for step in steps
                if (f := step.forces)
            ],
        )
    )  # fmt: skip
    out += [
        "",
        "Models, examples, activities (benchmarks/practices.py; rows in the database after each step)",
    ]
    out.append(
        _table(
            ["step", "types", "models", "points", "examples", "activities", "model tallies",
             "activity tallies", "rows s", "tallies s"],
            [
                [step.label, f"{p['types']:,}", f"{p['models']:,}", f"{p['points']:,}", f"{p['examples']:,}",
                 f"{p['activities']:,}", f"{p['model_tallies']:,}", f"{p['activity_tallies']:,}",
                 f"{p['seconds'] - p['tallies_seconds']:.1f}", f"{p['tallies_seconds']:.1f}"]
                for step in steps
                if (p := step.practices)
            ],
        )
    )  # fmt: skip
    out += ["", "Festival 2026 (benchmarks/festival.py; rows in the database after each step)"]
    out.append(
        _table(
            ["step", "campaigns", "points", "results", "points s", "results s"],
            [
                [step.label, f"{f['campaigns']:,}", f"{f['events']:,}", f"{f['results']:,}",
                 f"{f['events_seconds']:.1f}", f"{f['results_seconds']:.1f}"]
                for step in steps
                if (f := step.festival)
            ],
        )
    )  # fmt: skip
    out.append(
        "Indicator snapshot (issue 8; every unit x the 5 trend years, refreshed after each step): "
        + "; ".join(
            f"{s.label}: {s.snapshot.get('rows', 0):,} rows, {s.snapshot.get('seconds', 0):.1f} s"
            for s in steps
        )
    )
    out += [
        "",
        "Scenarios (national_admin unless '_p': Hà Nội's province officer; queries per request, median ms)",
    ]
    headers = ["scenario", "request"]
    for step in steps:
        headers += [f"queries {step.label}", f"ms {step.label}"]
    headers.append("note")
    rows = []
    for scenario in SCENARIOS:
        if any(scenario.name not in step.measurements for step in steps):
            continue
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
    out += ["", "One-shot actions (timed once, rolled back; as national_admin)"]
    shot_headers = ["action"]
    for step in steps:
        shot_headers += [f"s {step.label}", f"queries {step.label}", f"what {step.label}"]
    shot_rows = []
    for name in (
        "refresh_tallies_commune",
        "refresh_tallies_province",
        "rebuild_tallies",
        "approve_batch",
        "decide",
        "decision_pdf",
        "ranking_check",
        "national_report_generate",
        "national_report_pdf",
        "national_report_xlsx",
        "tips_stats_national",
        "tips_stats_province_01",
    ):
        row = [name]
        for step in steps:
            shot = step.one_shots.get(name)
            row += [f"{shot.seconds:.3f}", str(shot.queries), shot.detail] if shot else ["-", "-", "-"]
        shot_rows.append(row)
    out.append(_table(shot_headers, shot_rows))
    out += ["", "Tip-offs (benchmarks/tips.py; rows in the database after each step)"]
    out.append(
        _table(
            ["step", "tips", "00004", "open", "seconds"],
            [
                [step.label, f"{t['total']:,}", f"{t['commune']:,}",
                 f"{sum(n for k, n in t['statuses'].items() if k in ('received', 'verifying')):,}",
                 f"{t['seconds']:.1f}"]
                for step in steps
                if (t := step.tips)
            ],
        )
    )  # fmt: skip
    if result.get("load") is not None:
        from benchmarks.tips import render_load

        out += ["", render_load(result["load"])]
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
    parser.add_argument(
        "--load-seconds",
        type=float,
        default=10.0,
        help="seconds per target of the tip load test (10; 0: none)",
    )
    parser.add_argument("--load-clients", type=int, default=8, help="concurrent clients of the load test (8)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench database afterwards")
    parser.add_argument(
        "--only",
        type=lambda text: [part for part in text.split(",") if part],
        default=[],
        help="measure only the scenarios whose name contains one of these comma-separated substrings "
        "(the whole dataset is still built; the one-shot actions are skipped)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the database a --keep run left (no build; migrations applied)",
    )
    parser.add_argument(
        "--before",
        type=lambda text: [part for part in text.split(",") if part],
        default=[],
        help="with --reuse: management commands to run before measuring (e.g. refresh_indicators)",
    )
    args = parser.parse_args(argv)
    if sorted(args.fractions) != args.fractions:
        parser.error("--fractions must grow: the dataset is only ever added to")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    began = time.perf_counter()
    try:
        db = prepare_database(os.environ.get("DATABASE_URL"), keep=args.keep, reuse=args.reuse)
    except BenchError as exc:
        print(f"!! {exc}", file=sys.stderr)
        return 2
    configure_environment(db.url)
    print(f"Benchmark database: {db.label}", file=sys.stderr)

    import django

    django.setup()
    if args.reuse:
        try:
            return remeasure(args)
        except BenchError as exc:
            print(f"!! {exc}", file=sys.stderr)
            return 2
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
    if (load := result.get("load")) is not None:
        payload["load"] = {
            "server": load.server,
            "ratio": round(load.ratio, 3),
            "relay": {"tips": load.relay_tips, "seconds": round(load.relay_seconds, 2)},
            **{
                rate.name: {
                    "per_second": round(rate.per_second, 1),
                    "p50_ms": rate.p50_ms,
                    "errors": rate.errors,
                }
                for rate in (load.trivial, load.submit)
            },
        }
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
