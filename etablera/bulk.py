"""Inserting many rows fast, for writes where the number of rows matters (an import of 100 000 anvisningar).

On PostgreSQL the rows go in with COPY, after the primary keys have been taken from the table's sequence; elsewhere
with bulk_create. Either way each row is what Model.save() would write — defaults, auto_now and JSON are prepared
by the fields themselves — every object gets its primary key, and, as with bulk_create, no signals are sent and
save() is not called. Measured in docs/performance.md (the import): bulk_create's PostgreSQL path spends most of its
time quoting parameters in Python; COPY does not.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

# Field types whose value psycopg takes as it is: for them get_db_prep_save returns the value unchanged on
# PostgreSQL, so the call is skipped (it is most of a bulk write's cost in Python). Everything else — date-times
# (a naive one is made aware), JSON (wrapped for jsonb), any other type — is prepared by the field.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
    "UUIDField",
}


def _auto_date(field: models.Field) -> bool:
    """A date or date-time that save() sets itself (auto_now, or auto_now_add: every row here is new)."""
    return isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)


def _preparer(field: models.Field, connection, objects: list[models.Model]) -> Callable[[models.Model], Any]:
    attname = field.attname
    if _auto_date(field):
        # The same moment for every row of one insert, taken once (pre_save also sets it on the object, as save()
        # would): a call of timezone.now() and its preparation per row was a tenth of an import's writing.
        value = field.pre_save(objects[0], True)
        prepared = field.get_db_prep_save(value, connection)

        def auto(obj):
            setattr(obj, attname, value)
            return prepared

        return auto
    # DateField overrides pre_save only for auto_now and auto_now_add; without them it is the attribute as it is.
    plain = type(field).pre_save is models.Field.pre_save or isinstance(field, models.DateField)
    if plain and field.get_internal_type() in _AS_IS:
        return lambda obj: getattr(obj, attname)
    if plain and field.get_internal_type() == "DateTimeField":
        # An aware date-time is what get_db_prep_save would return on PostgreSQL; a naive one (or None) is prepared
        # by the field, which makes it aware and warns, as save() does.
        def moment(obj):
            value = getattr(obj, attname)
            if value is not None and value.tzinfo is not None:
                return value
            return field.get_db_prep_save(value, connection)

        return moment
    if plain:
        return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)


def _copy(connection, cursor, meta, fields: list[models.Field], rows: Iterable[list]) -> None:
    qn = connection.ops.quote_name
    sql = f"COPY {qn(meta.db_table)} ({', '.join(qn(field.column) for field in fields)}) FROM STDIN"
    # COPY is psycopg's own: its errors are wrapped as Django's (IntegrityError, …), as execute() does.
    with connection.wrap_database_errors, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_values(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, batch_size: int = 1000
) -> None:
    """Rows that nobody reads back as objects (an import's audit events), each a dict of field attnames: a field
    left out takes its default, as a new object would (a callable default is called per row). No model instance is
    made on PostgreSQL — making 35 000 audit events as objects was a fifth of an import's time (docs/performance.md).
    Elsewhere the objects are made and go through bulk_create."""
    rows = list(rows)
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=batch_size)
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not (field.primary_key and field.db_returning)]
    given = set().union(*rows)
    unknown = given - {field.attname for field in fields}
    if unknown:
        raise TypeError(f"{model.__name__} has no field(s) {', '.join(sorted(unknown))}")

    def value_of(field: models.Field) -> Callable[[dict], Any]:
        attname = field.attname
        if _auto_date(field):  # now, for every row of the insert, as save() would set it
            prepared = field.get_db_prep_save(field.pre_save(model(), True), connection)
            return lambda row: prepared
        if field.default is timezone.now:
            # One moment for the rows of one insert that give none, as for the auto dates: the call per row and its
            # preparation were a fourteenth of an import (35 000 audit events' `at`; docs/performance.md).
            moment = field.get_db_prep_save(timezone.now(), connection)
            prepare = field.get_db_prep_save
            return lambda row: prepare(row[attname], connection) if attname in row else moment
        if field.has_default() and callable(field.default):
            make = field.default
            prepare = field.get_db_prep_save
            return lambda row: prepare(row[attname] if attname in row else make(), connection)
        default = field.get_default()
        if field.get_internal_type() in _AS_IS:
            return lambda row: row.get(attname, default)
        prepare = field.get_db_prep_save
        return lambda row: prepare(row.get(attname, default), connection)

    values = [value_of(field) for field in fields]
    with connection.cursor() as cursor:
        _copy(connection, cursor, meta, fields, ([value(row) for value in values] for row in rows))


def insert(model: type[models.Model], objects: Iterable[models.Model], *, batch_size: int = 1000) -> None:
    objects = list(objects)
    if not objects:
        return
    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the per-thread proxy
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        missing = [obj for obj in objects if obj.pk is None]
        if missing:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(missing)],
            )
            for obj, (value,) in zip(missing, cursor.fetchall(), strict=True):
                setattr(obj, meta.pk.attname, value)
        prepare = [_preparer(field, connection, objects) for field in fields]
        _copy(connection, cursor, meta, fields, ([value(obj) for value in prepare] for obj in objects))
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


_pause_lock = threading.Lock()
_pauses = 0
_resume = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector's automatic runs paused while a large write runs (an import), and resumed afterwards.

    An import of 100 000 anvisningar keeps every row, its checks and its objects alive until it has written them,
    millions of objects; each collection of the oldest generation walks them all again, and those walks were a fifth
    of the import's time (docs/performance.md). Nothing made meanwhile is lost: reference counting frees what is not
    in a cycle as before, and the cycles are found by the first collection after the pause. Nested or concurrent
    pauses (threads) resume the collector when the last ends, and only if it ran before the first began."""
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()
