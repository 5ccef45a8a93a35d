"""What a piece of work wrote to the test database, kept so that it can be written again without doing the work.

The demo takes 12–15 s to load (thousands of rows made through the services, with their audit events), and about
forty tests or modules load it: a third of the suite's time went to loading the same rows again (issue #19, the
suite's time). `Snapshot.take(work)` runs the work once and keeps the rows it added and the rows it changed, table
by table; `restore()` writes exactly those rows back — with COPY on PostgreSQL and plain INSERTs on SQLite — in a
fraction of a second. It is only ever used on a database whose tables hold what they held when the snapshot was
taken (`applies()` compares every row); anywhere else the work is done for real.

Rows are kept as the database gives them: PostgreSQL's COPY text lines, and SQLite's stored values read without
Django's type converters, so that nothing is lost or reformatted on the way back. Sequences are moved past the
rows written (PostgreSQL; SQLite's AUTOINCREMENT follows inserted ids by itself).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management.color import no_style
from django.db import connection, transaction

Row = Any  # bytes (a COPY line) on PostgreSQL, a tuple of stored values on SQLite


def _tables() -> list[str]:
    """The models' tables (those the test runner flushes), in a fixed order."""
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _cache_tables() -> set[str]:
    return {
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    }


def _other_tables() -> list[str]:
    """Tables no model owns (Django's migrations record): not kept, and work that writes to them cannot be
    snapshotted. The database cache's table is neither kept nor compared: what the work put in the cache (the
    users' capabilities, issue #19) is not written back, and a cache that misses reads the database."""
    skip = set(_tables()) | _cache_tables()
    return sorted(t for t in connection.introspection.table_names(include_views=False) if t not in skip)


def _read(table: str) -> list[Row]:
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {name} TO STDOUT") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            # In COPY's text format every row ends with a newline and a newline inside a value is written \n.
            return data.split(b"\n")[:-1]
        # Unary + is a no-op in SQLite that drops the column's declared type, so Django's converters (dates,
        # decimals, booleans) leave the stored values as they are.
        cursor.execute(f"SELECT * FROM {name} LIMIT 0")  # noqa: S608 — the columns' names, quicker than PRAGMA
        columns = [column[0] for column in cursor.description]
        expressions = ", ".join(f"+{connection.ops.quote_name(column)}" for column in columns)
        cursor.execute(f"SELECT {expressions} FROM {name}")  # noqa: S608 — table and columns from introspection
        return [tuple(row) for row in cursor.fetchall()]


def _contents(tables: list[str]) -> dict[str, frozenset[Row]]:
    """Each table's rows as a set: the order a table gives its rows in changes when a row is updated."""
    return {table: frozenset(_read(table)) for table in tables}


def _primary_key_index(table: str) -> tuple[str, int] | None:
    with connection.cursor() as cursor:
        columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
        key = connection.introspection.get_primary_key_column(cursor, table)
    return (key, columns.index(key)) if key in columns else None


@dataclasses.dataclass
class Snapshot:
    before: dict[str, frozenset[Row]]
    added: dict[str, frozenset[Row]]
    removed: dict[str, frozenset[Row]]  # rows the work changed or deleted, as they were before it
    result: Any
    usable: bool

    @classmethod
    def take(cls, work: Callable[[], Any]) -> Snapshot:
        """Run `work` and keep what it wrote. A snapshot of work that wrote to a table no model owns, or changed a
        row of a table without a one-column primary key, is not usable: restore() would not be the same."""
        tables, others = _tables(), _other_tables()
        before, others_before = _contents(tables), _contents(others)
        result = work()
        after, others_after = _contents(tables), _contents(others)
        added, removed = {}, {}
        for table in tables:
            if rows := after[table] - before[table]:
                added[table] = rows
            if rows := before[table] - after[table]:
                removed[table] = rows
        usable = others_before == others_after and all(_primary_key_index(t) for t in removed)
        return cls(before=before, added=added, removed=removed, result=result, usable=usable)

    def applies(self) -> bool:
        """Whether the database holds, row for row, what it held before the work: then restore() leaves it as the
        work would have."""
        return self.usable and _contents(_tables()) == self.before

    def restore(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table, rows in self.removed.items():
                key, index = _primary_key_index(table)
                name, column = connection.ops.quote_name(table), connection.ops.quote_name(key)
                values = [_field(row, index) for row in rows]
                cursor.executemany(f"DELETE FROM {name} WHERE {column} = %s", [(v,) for v in values])  # noqa: S608
            for table, rows in self.added.items():
                _write(cursor, table, rows)
            if connection.vendor == "postgresql":
                for statement in connection.ops.sequence_reset_sql(no_style(), self._models()):
                    cursor.execute(statement)
            # The rows were written without the models' signals, which drop what a cache holds about them (a user's
            # capabilities, under the user's id — an id an earlier test's user may have had): empty the caches.
            for cache in caches.all():
                cache.clear()

    def _models(self) -> list:
        written = set(self.added)
        return [
            model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in written
        ]


def _field(row: Row, index: int) -> Any:
    if isinstance(row, bytes):
        return row.split(b"\t")[index].decode()
    return row[index]


def _write(cursor, table: str, rows: frozenset[Row]) -> None:
    name = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {name} FROM STDIN") as copy:
            copy.write(b"\n".join(rows) + b"\n")
        return
    rows = list(rows)
    placeholders = ", ".join(["%s"] * len(rows[0]))
    cursor.executemany(f"INSERT INTO {name} VALUES ({placeholders})", rows)  # noqa: S608


# What once() has kept: (name, database, day, inside a transaction) -> the snapshots of the states it started from.
_kept: dict[tuple, list[Snapshot]] = {}
STATES_KEPT = 4


def once(name: str, work: Callable[[], Any]) -> Any:
    """`work()`, done for real the first time in this process, and afterwards — on a database that holds what it held
    then — written back from its snapshot, returning a copy of the first result. For a fixture that hundreds of
    parametrised tests build the same way (the API's permission matrix: 833 tests, a third of a second each to
    build its world). The work must depend on nothing but the database and the day, and make its own rows — not
    take them from other fixtures, which would make them again in a test where the rows are written back. Only rows
    come back: mail the work sent is not sent again (testing/demo.py keeps the demo's mail beside its snapshot; a
    fixture whose tests read mail.outbox needs the same before it uses this)."""
    from django.utils import timezone

    key = (name, connection.alias, timezone.localdate(), connection.in_atomic_block)
    kept = _kept.setdefault(key, [])
    for snapshot in kept:
        if snapshot.applies():
            snapshot.restore()
            return copy.deepcopy(snapshot.result)
    snapshot = Snapshot.take(work)
    if snapshot.usable and len(kept) < STATES_KEPT:
        kept.append(snapshot)
    return copy.deepcopy(snapshot.result)
