"""A lean INSERT for the one hot public path that writes (the citizens' tip intake).

`Model.save()` compiles its INSERT anew on every call; on the public submission endpoint that
compilation and the per-field bookkeeping cost more CPU than the database's own work
(benchmarks/tips.py). `insert_row` sends the same statement (every concrete column, RETURNING the
primary key), built once per model and connection vendor from the model's fields, with the values
each field prepares itself (`pre_save`, `get_db_prep_save`: defaults, auto_now, conversions).

What it does not do, and callers must not need: model signals, `full_clean`, multi-table
inheritance, database defaults (`db_default`) and generated fields. Use it only where a test shows
the stored row equals what `save()` stores (antq/core/tests/test_db.py).
"""

from __future__ import annotations

from functools import cache

from django.db import connections, models, router


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


def insert_row(obj: models.Model) -> None:
    """INSERT `obj` as a new row and set its primary key (raises IntegrityError as save() would)."""
    meta = obj._meta
    alias = router.db_for_write(type(obj), instance=obj)
    connection = connections[alias]
    sql, fields = _statement(type(obj), alias)
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    setattr(obj, meta.pk.attname, meta.pk.to_python(row[0]))
    obj._state.adding = False
    obj._state.db = alias
