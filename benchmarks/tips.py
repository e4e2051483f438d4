"""Tip-off bench data and the public intake's throughput (issue 7 "Speed").

`generate_tips(total)` adds tips with bulk_create until `total` are stored (250,000 at full scale):
spread over every current commune (Phường Ba Đình 00004 gets 1 % of them, so its inbox pages through
thousands), over kinds and statuses by age (received over the last two years; most older tips are
closed, a few stay open past their deadline), with the Art. 147 deadlines of `antq.tips.rules`.
No identity, file or message is generated: the inbox, the statistics and the API never read them.

`national_statistics()` times `antq.tips.queries.counts_by_child` for the nation (per province) and
for Hà Nội (per commune): what the dashboards' tip indicators read.

`load_test(...)` starts a real server (gunicorn with the workers `make serve` starts: 2 x cores + 1
sync workers) on a free port against the bench database and drives it with a small load generator
(threads + http.client, N concurrent clients, fixed duration, request bodies drawn before the run)
against a trivial view (`/healthz`, one `SELECT 1`) and the public submission API
(`POST /api/v1/tips/public/tips`), in alternating rounds so that both share whatever else the machine
is doing. The ratio of the two request rates is the figure (issue 7: target ≥ 60 %). The submission
stores the tip with one INSERT; the intake relay (`manage.py finish_tip_intake --follow`) writes the
audit entry and the notifications afterwards, so the run ends by timing that deferred work over
every tip the run stored ("relay"). Settings for that server only, through its environment:
CAPTCHA_TEST_MODE=true (django-simple-captcha's test mode: the answer "PASSED" is accepted, so the
generator need not read images; a real answer costs one more DELETE) and ANTQ_TIPS_RATE_SUBMIT /
ANTQ_TIPS_RATE_FOLLOW raised to 1000000/s (every request comes from 127.0.0.1, which the real limits
would stop after 5). The rate-limit counters live in the cache the environment configures: Redis when
REDIS_URL is set (as in production), else each process's memory; the report names which.

Alone: `.venv/bin/python benchmarks/tips.py [--tips 25000] [--seconds 10] [--clients 8]` builds the
national map and the tips in var/bench-tips.sqlite3 (or `<name>_bench` on PostgreSQL) and runs both.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import BATCH_SIZE  # noqa: E402

FULL_TIPS = 250_000
COMMUNE_KEY = "00004"  # Phường Ba Đình
COMMUNE_SHARE = 0.01
KIND_WEIGHTS = {"crime_denunciation": 40, "crime_report": 25, "feedback": 25, "recommendation": 10}
SUMMARIES = (
    "Nhóm thanh niên tụ tập sử dụng ma túy vào buổi tối tại khu nhà trọ cuối ngõ",
    "Có người gọi điện giả danh Công an yêu cầu chuyển tiền để xác minh tài khoản",
    "Điểm đánh bạc ăn tiền hoạt động hằng đêm trong kho hàng gần chợ",
    "Trộm cắp xe máy nhiều lần ở bãi gửi xe của khu chung cư",
    "Cho vay nặng lãi, đòi nợ bằng cách ném chất bẩn vào nhà dân",
    "Quán karaoke hát to sau 23 giờ nhiều đêm liên tiếp",
    "Đề nghị bố trí lực lượng phân luồng giờ tan trường",
    "Xe tải chở vật liệu xây dựng rơi vãi trên đường liên xã",
)


@dataclass
class TipsStats:
    added: int
    total: int
    commune: int
    statuses: dict[str, int]
    seconds: float


def generate_tips(total: int, *, seed: int = 7) -> TipsStats:
    """Add tips until `total` are stored (additive: a second call with the same total adds nothing)."""
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from antq.core.text import fold
    from antq.tips import rules
    from antq.tips.actions import hash_secret
    from antq.tips.models import Tip, TipCategory, tracking_code
    from antq.tips.seed import ensure_reference_data
    from antq.units.models import Unit

    started = time.perf_counter()
    ensure_reference_data()
    have = Tip.objects.count()
    want = max(0, total - have)
    rng = random.Random(seed + have)
    communes = list(
        Unit.objects.filter(level=Unit.Level.COMMUNE, is_legacy=False).values_list("pk", "parent_id", "key")
    )
    ours = next(c for c in communes if c[2] == COMMUNE_KEY)
    crime_categories = list(TipCategory.objects.filter(for_feedback=False).values_list("pk", flat=True))
    feedback_categories = list(TipCategory.objects.filter(for_feedback=True).values_list("pk", flat=True))
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    today = timezone.localdate()
    now = timezone.now()
    # One hash for every generated tip: nobody follows these, and 250,000 scrypt calls would take hours.
    secret_hash = hash_secret("BENCH", "bench")
    batch: list[Tip] = []

    def flush() -> None:
        with transaction.atomic():
            Tip.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        batch.clear()

    for _ in range(want):
        commune_pk, province_pk, _key = ours if rng.random() < COMMUNE_SHARE else rng.choice(communes)
        kind = rng.choices(kinds, weights)[0]
        crime = kind in Tip.CRIME_KINDS
        received = today - dt.timedelta(days=int(rng.triangular(0, 730, 0)))
        complex_case = crime and rng.random() < 0.15
        deadline = rules.deadline(received, crime=crime, complex_case=complex_case)
        extended = rules.add_months(deadline, 2) if complex_case and rng.random() < 0.3 else None
        due = extended or deadline
        status, closed_on = _status(rng, crime=crime, received=received, due=due, today=today)
        code = tracking_code()
        summary = f"{rng.choice(SUMMARIES)} (tin số {have + len(batch) + 1})."
        batch.append(
            Tip(
                kind=kind,
                category_id=rng.choice(crime_categories if crime else feedback_categories),
                channel="web" if rng.random() < 0.7 else "in_person",
                summary=summary,
                occurred_on=received - dt.timedelta(days=rng.randint(0, 3)),
                province_id=province_pk,
                commune_id=commune_pk,
                receiving_unit_id=commune_pk,
                status=status,
                register_no=(
                    f"{received.year}/{rng.randint(1, 9999)}" if crime and status != "received" else ""
                ),
                received_on=received,
                is_complex=complex_case,
                deadline_on=deadline,
                extended_to=extended,
                due_on=due,
                outcome="Đã giải quyết." if closed_on else "",
                outcome_on=closed_on,
                closed_on=closed_on,
                anonymous=rng.random() < 0.8,
                tracking_code=code,
                secret_hash=secret_hash,
                search_folded=fold(f"{code} {summary}"),
                intake_done_at=now,  # as if the worker had finished each one
            )
        )
        if len(batch) >= BATCH_SIZE:
            flush()
    if batch:
        flush()
    statuses = dict(Tip.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return TipsStats(
        added=want,
        total=Tip.objects.count(),
        commune=Tip.objects.filter(receiving_unit__key=COMMUNE_KEY).count(),
        statuses=statuses,
        seconds=time.perf_counter() - started,
    )


def _status(
    rng: random.Random, *, crime: bool, received: dt.date, due: dt.date, today: dt.date
) -> tuple[str, dt.date | None]:
    """A plausible status for a tip of this age: 3 % of the tips past their deadline are still open."""
    if due >= today:
        # Still within the deadline: about half already verified or answered.
        if rng.random() < 0.5:
            return ("received" if rng.random() < 0.5 else "verifying"), None
    elif rng.random() < 0.03:
        return "verifying", None
    closed_on = min(today, received + dt.timedelta(days=rng.randint(3, max(3, (due - received).days))))
    if not crime:
        return ("answered" if rng.random() < 0.85 else "closed"), closed_on
    outcome = rng.choices(["prosecute", "not_prosecute", "suspended", "closed"], [30, 45, 10, 15])[0]
    return outcome, closed_on


# --- The national statistics ------------------------------------------------------------------------


def national_statistics() -> dict[str, tuple[float, int, str]]:
    """Seconds, queries and a summary of the dashboards' counts: the nation by province, Hà Nội by commune."""
    from django.utils import timezone

    from antq.tips import queries
    from antq.units.models import Unit
    from benchmarks.run import QueryCounter

    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 1)
    out: dict[str, tuple[float, int, str]] = {}
    for name, key in (("tips_stats_national", "VN"), ("tips_stats_province_01", "01")):
        unit = Unit.objects.get(key=key, is_legacy=False)
        queries.counts_by_child(unit, start, today)  # warm-up
        with QueryCounter() as counter:
            began = time.perf_counter()
            rows = queries.counts_by_child(unit, start, today)
            seconds = time.perf_counter() - began
        received = sum(r.received for r in rows.values())
        overdue = sum(r.overdue for r in rows.values())
        out[name] = (
            seconds,
            counter.count,
            f"{len(rows)} children, {received:,} received since {start:%d/%m/%Y}, {overdue:,} overdue",
        )
    return out


def duplicate_suggestions() -> dict[str, tuple[float, int, str]]:
    """Seconds and queries of the tip page's duplicate suggestions for the newest tip of 00004, given a
    point (the generated tips have none): as its commune officer and as a national administrator."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from antq.accounts.models import RoleAssignment
    from antq.tips import actions
    from antq.tips.models import Tip
    from antq.units.models import Unit
    from benchmarks.run import QueryCounter

    out: dict[str, tuple[float, int, str]] = {}
    with transaction.atomic():
        tip = Tip.objects.filter(commune__key=COMMUNE_KEY).order_by("-pk").first()
        if tip is None:
            return out
        Tip.objects.filter(pk=tip.pk).update(latitude=21.0340, longitude=105.8200)
        tip.refresh_from_db()
        users = get_user_model().objects
        for name, role, key in (
            ("tips_duplicates_00004_c", "commune_officer", COMMUNE_KEY),
            ("tips_duplicates_national", "national_admin", "VN"),
        ):
            user = users.create(username=f"bench_dup_{role}")
            RoleAssignment.objects.create(
                user=user, role=role, unit=Unit.objects.get(key=key, is_legacy=False)
            )
            user = users.get(pk=user.pk)
            assert user.active_roles
            actions.duplicate_candidates(tip, user)  # warm-up
            with QueryCounter() as counter:
                began = time.perf_counter()
                found = actions.duplicate_candidates(tip, user)
                seconds = time.perf_counter() - began
            out[name] = (
                seconds,
                counter.count,
                f"{len(found)} suggested (of the newest {actions.DUPLICATE_POOL})",
            )
        transaction.set_rollback(True)
    return out


# --- Throughput of the public submission ---------------------------------------------------------------


CPU_GROUPS = ("server", "database", "generator")


@dataclass
class CpuSample:
    """CPU seconds used so far by the server's processes (gunicorn master and workers), the database
    server's processes (PostgreSQL: every process named postgres; SQLite runs inside the workers), this
    generator, and the whole machine (busy and total, from /proc/stat)."""

    server: float
    database: float
    generator: float
    machine_busy: float
    machine_total: float

    def minus(self, before: CpuSample) -> CpuSample:
        return CpuSample(*(getattr(self, name) - getattr(before, name) for name in self.__dataclass_fields__))

    def plus(self, other: CpuSample) -> CpuSample:
        return CpuSample(*(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__))


def _proc_stat(pid: str) -> tuple[str, int, float] | None:
    """(name, parent pid, CPU seconds) of a process from /proc/<pid>/stat, None once it has gone. The
    seconds include those of its children that have ended and been waited for: a PostgreSQL backend
    that closes (a worker's connection reaching its age) stays counted in the postmaster's total."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = text[text.index("(") + 1 : text.rindex(")")]
    rest = text[text.rindex(")") + 2 :].split()  # from field 3 (state): utime, stime, cutime, cstime
    return name, int(rest[1]), sum(int(v) for v in rest[11:15]) / os.sysconf("SC_CLK_TCK")


def cpu_sample(server_pid: int) -> CpuSample:
    server = database = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        stat = _proc_stat(pid)
        if stat is None:
            continue
        name, parent, seconds = stat
        if int(pid) == server_pid or parent == server_pid:
            server += seconds
        elif name == "postgres" or name.startswith("postgres:"):
            database += seconds
    own = os.times()
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle, iowait
    return CpuSample(
        server=server,
        database=database,
        generator=own.user + own.system,
        machine_busy=(sum(fields[:8]) - idle) / ticks,
        machine_total=sum(fields[:8]) / ticks,
    )


@dataclass
class Rate:
    name: str
    requests: int
    errors: int
    seconds: float
    statuses: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    cpu: CpuSample | None = None  # used while the requests counted here ran

    def add(self, other: Rate) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.latencies_ms += other.latencies_ms
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        if other.cpu is not None:
            self.cpu = other.cpu if self.cpu is None else self.cpu.plus(other.cpu)

    def cpu_ms_per_request(self) -> dict[str, float]:
        """Milliseconds of CPU per counted request, by group."""
        if self.cpu is None or not self.requests:
            return {}
        return {name: getattr(self.cpu, name) * 1000 / self.requests for name in CPU_GROUPS}

    @property
    def machine_busy(self) -> float:
        """Share of the machine's CPU time that was busy while these requests ran."""
        if self.cpu is None or not self.cpu.machine_total:
            return 0.0
        return self.cpu.machine_busy / self.cpu.machine_total

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        values = sorted(self.latencies_ms)
        return values[len(values) // 2] if values else 0.0

    @property
    def p95_ms(self) -> float:
        values = sorted(self.latencies_ms)
        return values[int(len(values) * 0.95)] if values else 0.0


@dataclass
class LoadResult:
    trivial: Rate
    submit: Rate
    server: str
    clients: int
    relay_tips: int = 0
    relay_seconds: float = 0.0
    round_ratios: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Over the whole run: all submissions per second / all trivial requests per second."""
        return self.submit.per_second / self.trivial.per_second if self.trivial.per_second else 0.0

    @property
    def median_ratio(self) -> float:
        """The median of the rounds' ratios (each round: trivial, then submission, back to back). Drift
        in the machine's other load moves both halves of a round together and drops out of the median,
        where it can tilt the overall ratio by a few points."""
        return statistics.median(self.round_ratios) if self.round_ratios else self.ratio


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_environment(database_url: str) -> dict[str, str]:
    """The bench server's environment: the bench database, captcha test mode, rate limits out of the way."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        AXES_ENABLED="false",
        DJANGO_DEBUG="false",
        LOG_LEVEL="WARNING",
        CAPTCHA_TEST_MODE="true",
        ANTQ_TIPS_RATE_SUBMIT="1000000/s",
        ANTQ_TIPS_RATE_FOLLOW="1000000/s",
    )
    return env


def _request(conn_port: int, method: str, path: str, body: bytes | None) -> int:
    # A new connection per request: gunicorn's sync workers close it after each answer anyway.
    conn = http.client.HTTPConnection("127.0.0.1", conn_port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def drive(
    port: int,
    name: str,
    make_request: Any,
    *,
    clients: int,
    seconds: float,
    expect: int,
    warmup: float = 1.0,
    sample: Any = None,
) -> Rate:
    """`clients` threads send requests back to back for `seconds` (after `warmup` untimed seconds).
    With `sample` (a function returning a CpuSample), the CPU used between the start and the end of
    the timed part is kept with the rate."""
    rate = Rate(name=name, requests=0, errors=0, seconds=seconds)
    lock = threading.Lock()
    begin = time.perf_counter() + warmup
    end = begin + seconds

    def sampler() -> None:
        time.sleep(max(0.0, begin - time.perf_counter()))
        first = sample()
        time.sleep(max(0.0, end - time.perf_counter()))
        rate.cpu = sample().minus(first)

    def worker(number: int) -> None:
        rng = random.Random(number)
        while (now := time.perf_counter()) < end:
            method, path, body = make_request(rng)
            try:
                status = _request(port, method, path, body)
            except OSError:
                status = 0
            done = time.perf_counter()
            if now < begin:
                continue
            with lock:
                rate.statuses[status] = rate.statuses.get(status, 0) + 1
                if status == expect and done <= end:
                    rate.requests += 1
                    rate.latencies_ms.append((done - now) * 1000)
                elif status != expect:
                    rate.errors += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    if sample is not None:
        threads.append(threading.Thread(target=sampler))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return rate


def submission_body(communes: list[str], category: str, *, pool: int = 500) -> Any:
    """Bodies drawn once before the run, as a replaying generator (wrk, ab) would send them: building
    JSON in the generator's own process would take CPU from the server it measures on this machine."""
    rng = random.Random(11)
    bodies = [
        json.dumps(
            {
                "captcha_key": "bench",
                "captcha_value": "PASSED",
                "kind": "crime_report",
                "category": category,
                "commune_code": rng.choice(communes),
                "summary": "Có người lạ dò xét nhà dân vào ban đêm ở cuối ngõ, đề nghị Công an kiểm tra.",
                "address": "Ngõ 12",
            }
        ).encode()
        for _ in range(pool)
    ]

    def make(rng: random.Random) -> tuple[str, str, bytes]:
        return "POST", "/api/v1/tips/public/tips", bodies[rng.randrange(pool)]

    return make


def default_workers() -> int:
    """gunicorn's recommended number of sync workers, as `make serve` starts them."""
    return 2 * (os.cpu_count() or 1) + 1


def settle_database() -> float:
    """VACUUM (ANALYZE) on PostgreSQL before the load test: right after the bench's bulk inserts,
    autovacuum would start on the new tables and take the CPU both measured endpoints share, in
    whichever rounds it lands on; a database in service has long been vacuumed."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return time.perf_counter() - began


def load_test(
    database_url: str,
    *,
    seconds: float = 10.0,
    clients: int = 8,
    workers: int | None = None,
    threads: int = 1,
    rounds: int = 12,
    warmup: float = 3.0,
) -> LoadResult:
    """Start gunicorn on the bench database, measure /healthz then the public submission, stop it,
    then time the intake relay over the tips the run stored.

    Both endpoints are first driven for `warmup` seconds, untimed, so that every worker has its
    reference rows and prepared statement before the count starts (a server's steady state, not its
    first seconds); then `rounds` rounds of `seconds / rounds` each side."""
    workers = workers or default_workers()
    from antq.tips.models import TipCategory
    from antq.units.models import Unit

    communes = list(
        Unit.objects.filter(level=Unit.Level.COMMUNE, is_legacy=False, parent__key="01").values_list(
            "key", flat=True
        )
    )
    category = TipCategory.objects.filter(for_feedback=False).values_list("code", flat=True).first() or ""
    port = _free_port()
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--preload",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=server_environment(database_url))
    try:
        deadline = time.perf_counter() + 60
        while True:
            try:
                if _request(port, "GET", "/healthz", None) == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() > deadline or server.poll() is not None:
                raise RuntimeError("the bench server did not start")
            time.sleep(0.2)
        trivial = Rate(name="trivial", requests=0, errors=0, seconds=0.0)
        submit = Rate(name="submit", requests=0, errors=0, seconds=0.0)
        make_submit = submission_body(communes, category)
        targets = (
            (trivial, lambda rng: ("GET", "/healthz", None), 200),
            (submit, make_submit, 201),
        )
        for _total, make, expect in targets:
            drive(port, "warm-up", make, clients=clients, seconds=0.0, expect=expect, warmup=warmup)
        # Alternating rounds: the machine's other load drifts, and both targets should share it.
        round_ratios = []
        for _round in range(rounds):
            parts = []
            for total, make, expect in targets:
                # A quarter of a second untimed at each switch: the other target's last requests drain.
                part = drive(
                    port,
                    total.name,
                    make,
                    clients=clients,
                    seconds=seconds / rounds,
                    expect=expect,
                    warmup=0.25,
                    sample=lambda: cpu_sample(server.pid),
                )
                total.add(part)
                parts.append(part.per_second)
            if parts[0]:
                round_ratios.append(parts[1] / parts[0])
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    from antq.tips.actions import finish_pending_intakes

    began = time.perf_counter()
    relayed = finish_pending_intakes()
    relay_seconds = time.perf_counter() - began
    cache = "Redis" if os.environ.get("REDIS_URL") else "per-process memory"
    label = (
        f"gunicorn {workers} worker(s) x {threads} thread(s), {clients} concurrent clients, "
        f"{seconds:g} s each in {rounds} alternating rounds, rate-limit counters in {cache}"
    )
    return LoadResult(
        trivial=trivial,
        submit=submit,
        server=label,
        clients=clients,
        relay_tips=relayed,
        relay_seconds=relay_seconds,
        round_ratios=round_ratios,
    )


def render_load(result: LoadResult) -> str:
    lines = [f"Public submission throughput ({result.server})"]
    for rate in (result.trivial, result.submit):
        path = "GET /healthz (SELECT 1)" if rate.name == "trivial" else "POST /api/v1/tips/public/tips"
        lines.append(
            f"  {rate.name:8} {path:32} {rate.per_second:8.1f} req/s  p50 {rate.p50_ms:6.1f} ms  "
            f"p95 {rate.p95_ms:6.1f} ms  errors {rate.errors} {dict(sorted(rate.statuses.items()))}"
        )
    verdict = "ok" if result.median_ratio >= 0.6 else "UNDER the 60 % target"
    spread = (
        f", rounds {min(result.round_ratios) * 100:.0f}-{max(result.round_ratios) * 100:.0f} %"
        if result.round_ratios
        else ""
    )
    lines.append(
        f"  ratio submit / trivial: median of {len(result.round_ratios)} paired rounds "
        f"{result.median_ratio * 100:.1f} % ({verdict}); whole run {result.ratio * 100:.1f} %{spread}"
    )
    for rate in (result.trivial, result.submit):
        per_request = rate.cpu_ms_per_request()
        if per_request:
            parts = ", ".join(f"{name} {ms:.2f}" for name, ms in per_request.items())
            lines.append(
                f"  CPU per {rate.name} request (ms): {parts}; total {sum(per_request.values()):.2f}; "
                f"machine busy {rate.machine_busy * 100:.0f} %"
            )
    if result.relay_tips:
        rate = result.relay_tips / result.relay_seconds if result.relay_seconds else 0.0
        lines.append(
            f"  relay (audit entry + notifications, after the run): {result.relay_tips:,} tips in "
            f"{result.relay_seconds:.1f} s = {rate:.0f} tips/s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tips", type=int, default=25_000, help="tips to generate (25,000)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (2 x cores + 1)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=12, help="alternating rounds (12)")
    args = parser.parse_args(argv)

    from benchmarks import run

    run.BENCH_SQLITE = ROOT / "var" / "bench-tips.sqlite3"
    db = run.prepare_database(os.environ.get("DATABASE_URL"))
    run.configure_environment(db.url)
    import django

    django.setup()
    try:
        from django.core.management import call_command

        from antq.units.actions import load_national_units

        call_command("migrate", interactive=False, verbosity=0)
        load_national_units()
        stats = generate_tips(args.tips)
        print(f"{stats.total:,} tips ({stats.commune:,} for {COMMUNE_KEY}) in {stats.seconds:.1f} s")
        # As run.py does after each size: without statistics PostgreSQL plans the grouped counts as
        # nested loops (minutes instead of half a second at 250,000 tips).
        run._analyze(db.engine)
        for name, (seconds, count, what) in (national_statistics() | duplicate_suggestions()).items():
            print(f"{name}: {seconds * 1000:.1f} ms, {count} queries, {what}")
        from django.db import connections

        settle_database()
        connections.close_all()
        result = load_test(
            db.url,
            seconds=args.seconds,
            clients=args.clients,
            workers=args.workers,
            threads=args.threads,
            rounds=args.rounds,
        )
        print(render_load(result))
    finally:
        db.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
