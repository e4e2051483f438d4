"""A lean INSERT for the one hot public path that writes (the citizens' tip intake).

`Model.save()` compiles its INSERT anew on every call; on the public submission endpoint that
compilation and the per-field bookkeeping cost more CPU than the database's own work
(benchmarks/tips.py). `insert_row` sends the same statement (every concrete column, RETURNING the
primary key), built once per model and connection vendor from the model's fields, with the values
each field prepares itself (`pre_save`, `get_db_prep_save`: defaults, auto_now, conversions).

What it does not do, and callers must not need: model signals, `full_clean`, multi-table
inheritance, database defaults (`db_default`) and generated fields. Use it only where a test shows
the stored row equals what `save()` stores (antq/core/tests/test_db.py).

On PostgreSQL the statement is prepared on the server once per connection (psycopg's protocol-level
prepared statements: parse and plan once, then only the values travel), unless
`ANTQ_DB_PREPARED_INSERTS` is off (PgBouncer older than 1.21 in transaction mode cannot carry them).
Django's own queries keep client-side binding.

With `recover`, in autocommit, the INSERT goes without the connection health check's round trip
(CONN_HEALTH_CHECKS asks "SELECT 1" before the first query of each request): the INSERT itself is the
check. If the reused connection turns out dead, it is closed and opened again; `recover()` then says
whether the first INSERT was committed before the connection dropped (the primary key of that row,
else None), and only if not is the row inserted again. Nothing is lost, nothing stored twice.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import cache
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper


@cache
def _statement(model: type[models.Model], alias: str) -> tuple[str, tuple[models.Field, ...]]:
    connection = connections[alias]
    meta = model._meta
    unsupported = meta.parents or any(
        getattr(f, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED
        or getattr(f, "generated", False)
        for f in meta.concrete_fields
    )
    if unsupported or not connection.features.can_return_columns_from_insert:
        raise TypeError(f"insert_row does not handle {meta.label} on {connection.vendor}: use save().")
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    quote = connection.ops.quote_name
    # Only the model's own table and column names (quoted) are written in; every value is a parameter.
    columns = ", ".join(quote(str(f.column)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"RETURNING {quote(str(meta.pk.column))}"
    )
    return sql, fields


# Field classes (exactly these, not subclasses) whose pre_save reads the attribute and whose
# get_db_prep_save hands a value of the listed exact type back unchanged, as it does None: to_python
# returns such a value as it is, and the backends adapt none of them (antq/core/tests/test_db.py
# checks each against the field's own method on the database in use).
_UNCHANGED: dict[type[models.Field], tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.SlugField: (str,),
    models.BooleanField: (bool,),
}
# Not integer fields: on PostgreSQL Django wraps their values in psycopg's sized integer types, which
# fix the parameter's type in the prepared statement. Keys to an auto primary key are plain ints there.
_AUTO_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField)


def unchanged_types(field: models.Field) -> tuple[type, ...]:
    """The exact value types `field` stores as they are (see _UNCHANGED); () when it has its own say."""
    if type(field) is models.ForeignKey and type(field.target_field) in _AUTO_KEYS:
        return (int,)  # a key to an auto primary key: that key field's rule
    if type(field).pre_save is not models.Field.pre_save:
        return ()  # auto_now, files: the field changes the value before it is stored
    return _UNCHANGED.get(type(field), ())


_ABSENT = object()  # an attribute not set on the instance: the field's own methods decide


@cache
def _plan(model: type[models.Model], alias: str) -> tuple[tuple[models.Field, str, tuple[type, ...]], ...]:
    _sql, fields = _statement(model, alias)
    return tuple((f, f.attname, unchanged_types(f)) for f in fields)


def _params(obj: models.Model, alias: str, connection: BaseDatabaseWrapper) -> list[Any]:
    """The INSERT's values, as `[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in
    fields]` gives them, without calling the two methods where the answer is known to be the value
    itself: most of a row's text, flags and keys (a tip's 32 values: 38 µs → 13 µs in one process)."""
    values = obj.__dict__
    params = []
    for field, attname, unchanged in _plan(type(obj), alias):
        if unchanged:
            value = values.get(attname, _ABSENT)
            if value is None or type(value) in unchanged:
                params.append(value)
                continue
        params.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
    return params


def insert_row(obj: models.Model, *, recover: Callable[[], Any] | None = None) -> None:
    """INSERT `obj` as a new row and set its primary key (raises IntegrityError as save() would).

    `recover` (autocommit only; ignored inside a transaction, where a lost connection loses the
    transaction anyway): see the module's notes.
    """
    meta = obj._meta
    alias = router.db_for_write(type(obj), instance=obj)
    connection = connections[alias]
    sql = _statement(type(obj), alias)[0]
    params = _params(obj, alias, connection)
    if recover is None or connection.in_atomic_block:
        pk = _execute(connection, sql, params)
    else:
        reused = connection.connection is not None
        if reused:  # the INSERT below is this request's health check
            connection.health_check_done = True  # type: ignore[attr-defined]
        try:
            pk = _execute(connection, sql, params)
        except (OperationalError, InterfaceError):
            if not reused or connection.is_usable():
                raise  # a fresh connection failing, or a real error on a live one: not a dropped line
            connection.close()
            pk = recover()
            if pk is None:
                pk = _execute(connection, sql, params)
    setattr(obj, meta.pk.attname, meta.pk.to_python(pk))
    obj._state.adding = False
    obj._state.db = alias


def _execute(connection: BaseDatabaseWrapper, sql: str, params: list[Any]) -> Any:
    """Run the INSERT … RETURNING and answer the new primary key."""
    if connection.vendor != "postgresql" or not settings.ANTQ_DB_PREPARED_INSERTS:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
    # What connection.cursor() does (health check unless done, connect, thread check), with a cursor
    # that binds on the server and prepares, kept for the connection's life.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    with connection.wrap_database_errors:
        kept = _PREPARED_CURSORS.get(connection)
        if kept is not None and kept[0] is raw and not kept[1].closed:
            prepared = kept[1]
        else:
            # Django turns psycopg's automatic preparation off (threshold None); this cursor asks itself.
            if raw.prepare_threshold is None:
                raw.prepare_threshold = _PSYCOPG_DEFAULT_THRESHOLD
            prepared = _preparing_cursor_class()(raw)
            _PREPARED_CURSORS[connection] = (raw, prepared)
        if connection.queries_logged or connection.execute_wrappers:
            # Django's wrapper, so that query logs (DEBUG, tests) and execute wrappers see the INSERT.
            wrapped = (
                connection.make_debug_cursor(prepared)
                if connection.queries_logged
                else connection.make_cursor(prepared)
            )
            wrapped.execute(sql, params)
        else:
            prepared.execute(sql, params)
        return prepared.fetchone()[0]


# Per Django connection (one per thread and alias): its current psycopg connection and the preparing
# cursor on it, replaced when Django reconnects.
_PREPARED_CURSORS: weakref.WeakKeyDictionary[BaseDatabaseWrapper, tuple[Any, Any]] = (
    weakref.WeakKeyDictionary()
)
_PSYCOPG_DEFAULT_THRESHOLD = 5


@cache
def _preparing_cursor_class() -> type:
    import psycopg

    class PreparingCursor(psycopg.Cursor):
        """Server-side binding, and every statement prepared (the one INSERT this module sends)."""

        def execute(
            self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: bool | None = None
        ) -> Any:
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor
