"""insert_row stores exactly what save() stores, and refuses models it does not handle."""

import datetime as dt
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, connections, models, transaction
from django.test.utils import isolate_apps
from django.utils import timezone

from antq.core.db import insert_row
from antq.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _default() -> Any:
    """The default connection's wrapper itself (not the proxy, for monkeypatching), looked up at each
    use: tests elsewhere may have replaced the thread's wrappers since this module was imported."""
    return connections["default"]


def _entry() -> AuditEntry:
    return AuditEntry(
        actor_username="nguoi-dung",
        actor_unit="Phường Ba Đình",
        action="core.test.inserted",
        target_type=ContentType.objects.get_for_model(AuditEntry),
        target_id="42",
        target_repr="Bản ghi “thử” <b>",
        data={"số": 1, "danh sách": [1, "hai"], "ngày": "24/11/2026"},
        ip_address="2001:db8::1",
    )


def test_insert_row_stores_what_save_stores():
    saved, inserted = _entry(), _entry()
    before = timezone.now()
    saved.save()
    insert_row(inserted)
    assert inserted.pk is not None and inserted.pk != saved.pk and not inserted._state.adding
    rows = {row.pop("id"): row for row in AuditEntry.objects.filter(pk__in=[saved.pk, inserted.pk]).values()}
    a, b = rows[saved.pk], rows[inserted.pk]
    # auto_now_add is applied by the field itself, as in save()
    assert before <= b.pop("created_at") <= timezone.now() + dt.timedelta(seconds=1)
    a.pop("created_at")
    assert a == b
    assert AuditEntry.objects.get(pk=inserted.pk).data == {
        "số": 1,
        "danh sách": [1, "hai"],
        "ngày": "24/11/2026",
    }


def _tip_row() -> Any:
    """A tip with text, flags, keys, dates, a decimal point and a choice member among its values."""
    from antq.tips.models import Tip, TipCategory
    from antq.units.models import Unit

    commune = Unit.objects.get(key="00004")  # Phường Ba Đình, from the national map the tests load
    category, _created = TipCategory.objects.get_or_create(code="thu-truong", defaults={"name": "Thử trường"})
    return Tip(
        tracking_code="ABCDEFGHJKMN",
        secret_hash="hmac$00",
        kind=Tip.Kind.CRIME_REPORT,  # a str subclass: the field's own methods take it
        category=category,
        summary="Nội dung “thử” <b>",
        occurred_on=dt.date(2026, 11, 20),
        province_id=commune.parent_id,
        commune=commune,
        address="",
        latitude=21.033333,
        longitude=105.85,
        receiving_unit=commune,
        received_on=dt.date(2026, 11, 24),
        deadline_on=dt.date(2026, 12, 14),
        due_on=dt.date(2026, 12, 14),
        anonymous=True,
    )


def test_the_values_sent_are_those_the_fields_prepare():
    """Where insert_row skips pre_save and get_db_prep_save (a value that is its own answer), the
    answer is the same, of the same type, as the fields' own methods give on this database."""
    from antq.core.db import _params, _statement, unchanged_types
    from antq.tips.models import Tip

    tip = _tip_row()
    connection = _default()
    _sql, fields = _statement(Tip, "default")
    expected = [f.get_db_prep_save(f.pre_save(tip, True), connection) for f in fields]
    sent = _params(tip, "default", connection)
    skipped = 0
    for field, want, got in zip(fields, expected, sent, strict=True):
        if field.attname in ("created_at", "updated_at"):  # auto_now: now, on each call, by the field
            assert got is not None and type(got) is type(want)
            continue
        assert (got, type(got)) == (want, type(want)), field.attname
        value = getattr(tip, field.attname)
        skipped += bool(unchanged_types(field)) and (value is None or type(value) in unchanged_types(field))
    assert skipped >= 15  # most of the row: text, flags, keys
    # Never skipped: a choice member, dates, decimals, auto_now fields.
    by_name = {f.attname: f for f in fields}
    assert type(tip.kind) is not str and unchanged_types(by_name["kind"]) == (str,)
    assert unchanged_types(by_name["received_on"]) == unchanged_types(by_name["latitude"]) == ()
    assert unchanged_types(by_name["updated_at"]) == ()


def test_a_tip_inserted_is_the_tip_saved():
    saved, inserted = _tip_row(), _tip_row()
    inserted.tracking_code, inserted.category_id = "ABCDEFGHJKMP", saved.category_id
    saved.save()
    insert_row(inserted)
    from antq.tips.models import Tip

    rows = {row.pop("id"): row for row in Tip.objects.filter(pk__in=[saved.pk, inserted.pk]).values()}
    a, b = rows[saved.pk], rows[inserted.pk]
    for row in (a, b):
        row.pop("created_at"), row.pop("updated_at")
    assert a.pop("tracking_code") == "ABCDEFGHJKMN" and b.pop("tracking_code") == "ABCDEFGHJKMP"
    assert a == b


def test_insert_row_raises_integrity_errors_like_save():
    from antq.tips.models import TipCategory

    TipCategory.objects.create(code="trung-ma", name="Một")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_row(TipCategory(code="trung-ma", name="Hai"))
    assert TipCategory.objects.filter(code="trung-ma").count() == 1


@isolate_apps("antq.core")  # a model of this test only, kept out of the app registry
def test_insert_row_refuses_database_defaults():
    class WithDbDefault(models.Model):
        label = models.CharField(max_length=10, db_default="x")

        class Meta:
            app_label = "core"
            managed = False

        def __str__(self) -> str:
            return self.label

    with pytest.raises(TypeError, match="save"):
        insert_row(WithDbDefault())


# --- Without the health check's round trip, and safe when the connection dropped ------------------


def _marked(mark: str) -> AuditEntry:
    entry = _entry()
    entry.target_repr = mark
    return entry


def _recover(mark: str) -> object:
    return AuditEntry.objects.filter(target_repr=mark).values_list("pk", flat=True).first()


@pytest.fixture
def health_checks(monkeypatch):
    """Counts the health checks of a reused connection with CONN_HEALTH_CHECKS on; `due()` makes the
    next one due, as at the start of a request."""
    wrapper = _default()
    wrapper.ensure_connection()
    monkeypatch.setattr(wrapper, "health_check_enabled", True)
    calls: list[bool] = []
    real = wrapper.is_usable

    def counted() -> bool:
        calls.append(True)
        return real()

    monkeypatch.setattr(wrapper, "is_usable", counted)

    def due() -> None:
        wrapper.health_check_done = False

    return calls, due


@pytest.mark.django_db(transaction=True)
def test_with_recover_the_insert_is_the_health_check(health_checks):
    calls, due = health_checks
    unchecked, checked = _marked("không kiểm tra trước"), _marked("có kiểm tra trước")
    due()
    insert_row(unchecked, recover=lambda: _recover(unchecked.target_repr))
    assert calls == []  # no SELECT 1 before the INSERT
    due()
    insert_row(checked)  # without recover: Django's check as usual
    assert calls == [True]
    assert AuditEntry.objects.filter(target_repr__contains="kiểm tra trước").count() == 2


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_recover_changes_nothing(health_checks):
    calls, due = health_checks
    entry = _marked("trong giao dịch")
    with transaction.atomic():
        due()
        before = len(calls)
        insert_row(entry, recover=lambda: _recover(entry.target_repr))
        assert len(calls) == before + 1  # checked first as usual: a transaction cannot be reopened


def _dropping(monkeypatch, *, committed: bool) -> list[str]:
    """The first INSERT fails as on a connection the server closed: before the row was stored, or
    after (committed, but the answer lost on the way back)."""
    from antq.core import db

    real = db._execute
    events: list[str] = []

    def flaky(conn, sql, params):
        if not events:
            events.append("dropped")
            if committed:
                real(conn, sql, params)
            monkeypatch.setattr(conn, "is_usable", lambda: False)
            raise OperationalError("server closed the connection unexpectedly")
        events.append("inserted again")
        monkeypatch.undo()
        return real(conn, sql, params)

    monkeypatch.setattr(db, "_execute", flaky)
    return events


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("committed", [False, True], ids=["lost-before-commit", "lost-after-commit"])
def test_a_dropped_connection_loses_nothing_and_stores_nothing_twice(monkeypatch, committed):
    _default().ensure_connection()
    entry = _marked(f"mất kết nối {committed}")
    asked: list[bool] = []

    def recover() -> object:
        asked.append(True)
        return _recover(entry.target_repr)

    events = _dropping(monkeypatch, committed=committed)
    insert_row(entry, recover=recover)
    assert asked == [True]
    assert events == (["dropped"] if committed else ["dropped", "inserted again"])
    rows = list(AuditEntry.objects.filter(target_repr=entry.target_repr).values_list("pk", flat=True))
    assert rows == [entry.pk]


@pytest.mark.django_db(transaction=True)
def test_an_error_on_a_live_connection_is_raised_not_retried(monkeypatch):
    from antq.core import db

    _default().ensure_connection()

    def failing(conn, sql, params):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(db, "_execute", failing)
    asked: list[bool] = []
    with pytest.raises(OperationalError):
        insert_row(_marked("lỗi thật"), recover=lambda: asked.append(True))
    assert asked == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connections["default"].vendor != "postgresql", reason="a PostgreSQL connection to terminate"
)
def test_a_terminated_postgresql_backend_is_reopened():
    import psycopg

    with _default().cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    settings_dict = _default().settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        dbname=settings_dict["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    _default().health_check_done = False
    entry = _marked("máy chủ đóng kết nối")
    insert_row(entry, recover=lambda: _recover(entry.target_repr))
    assert list(AuditEntry.objects.filter(target_repr=entry.target_repr).values_list("pk", flat=True)) == [
        entry.pk
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connections["default"].vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_on_postgresql_the_insert_is_prepared_once_per_connection(settings):
    def prepared() -> list[str]:
        with _default().cursor() as cursor:
            cursor.execute(
                "SELECT statement FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO%%'"
            )
            return [row[0] for row in cursor.fetchall()]

    _default().close()
    settings.ANTQ_DB_PREPARED_INSERTS = False
    insert_row(_marked("không chuẩn bị"))
    assert prepared() == []
    settings.ANTQ_DB_PREPARED_INSERTS = True
    for number in range(3):
        insert_row(_marked(f"chuẩn bị {number}"))
    statements = prepared()
    assert len(statements) == 1 and statements[0].startswith('INSERT INTO "core_auditentry"')
    assert AuditEntry.objects.filter(target_repr__startswith="chuẩn bị").count() == 3
