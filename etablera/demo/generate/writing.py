"""Writing the generated rows in bulk, and the progress lines: shared by every domain's generator.

Each domain keeps its rows in `_Table`s (tuples in column order, the ids handed out by the table, so that rows can
refer to each other before anything is written); one `_Writer` writes them all, in one transaction: on PostgreSQL
with COPY from a background thread (`_CopyWriter`), elsewhere with `bulk_create` (`_BulkCreateWriter`).
"""

# ruff: noqa: S608 — SQL below is built from model table and column names (quoted), never from input.

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

from django.db import connection, models


class _Table:
    """Rows for one model, as tuples in `columns` order (attnames); JSON columns hold JSON text."""

    def __init__(self, label: str, model: type[models.Model], columns: str):
        self.label = label
        self.model = model
        self.columns = columns = tuple(columns.split())
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(by_attname)
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        self.json_positions = tuple(
            i for i, name in enumerate(columns) if isinstance(by_attname[name], models.JSONField)
        )
        # A field added to the model later and not written here gets its default (a constant, the same for all).
        self.extra = tuple(f for name, f in by_attname.items() if name not in columns)
        self.extra_values = tuple(f.get_default() for f in self.extra)
        self.db_columns = tuple(by_attname[name].column for name in columns) + tuple(
            f.column for f in self.extra
        )
        self.rows: list[tuple] = []
        self.oids: list[int] = []  # PostgreSQL column types, for binary COPY
        self.written = 0
        self.next_id = 0

    def take_ids(self, count: int = 1) -> int:
        first = self.next_id
        self.next_id += count
        return first


class _Writer:
    flush_rows = 200_000

    def __init__(self, tables: list[_Table]):
        self.tables = tables  # in the order they are written (referenced tables first)

    def maybe_flush(self) -> None:
        if sum(len(table.rows) for table in self.tables) >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        batch = [(table, table.rows) for table in self.tables if table.rows]
        for table, rows in batch:
            table.written += len(rows)
            table.rows = []
        if batch:
            self.write(batch)

    def write(self, batch: list[tuple[_Table, list[tuple]]]) -> None:
        raise NotImplementedError

    def start(self) -> None:
        pass

    def finish(self) -> None:
        self.flush()

    def close(self) -> None:
        """Stop any background work (after an error, too)."""


def _json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class _CopyWriter(_Writer):
    """PostgreSQL: COPY … FROM STDIN, from a background thread on the same connection and transaction, so that
    the database parses and stores one batch while Python makes the next (the main thread does not use the
    connection meanwhile). The big tables' foreign keys and plain indexes are dropped for the load and re-created at
    the end, in the same transaction: re-creating a foreign key checks every row, and a failure leaves the schema
    as it was."""

    def __init__(self, tables: list[_Table], progress: _Progress):
        super().__init__(tables)
        self.progress = progress
        self.saved: list[tuple[str, str, str, str]] = []  # (kind, table, name, definition)
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self) -> None:
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            # Deferred foreign-key checks of rows written earlier in this transaction must not block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for table in self.tables:
                name = table.model._meta.db_table
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                    [name],
                )
                self.saved += [("fk", name, item, definition) for item, definition in cursor.fetchall()]
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
                    [name],
                )
                self.saved += [("index", name, item, definition) for item, definition in cursor.fetchall()]
            for kind, name, item, _definition in self.saved:
                if kind == "fk":
                    cursor.execute(f"ALTER TABLE {qn(name)} DROP CONSTRAINT {qn(item)}")
                else:
                    cursor.execute(f"DROP INDEX {qn(item)}")
            self._types(cursor)
        self.raw = connection.connection  # the psycopg connection of this transaction
        self.thread = threading.Thread(target=self._work, name="etablera-generate-copy", daemon=True)
        self.thread.start()

    def write(self, batch: list[tuple[_Table, list[tuple]]]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(batch)  # waits while two batches are queued: memory stays bounded

    def _types(self, cursor) -> None:
        """The column types (oids) of every table, for binary COPY: the server then reads numbers, dates and
        times as they are instead of parsing text."""
        for table in self.tables:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                "AND NOT attisdropped",
                [table.model._meta.db_table],
            )
            oids = dict(cursor.fetchall())
            table.oids = [oids[column] for column in table.db_columns]

    def _work(self) -> None:
        from psycopg.types.json import set_json_dumps

        qn = connection.ops.quote_name
        while True:
            batch = self.queue.get()
            if batch is None:
                return
            if self.error is not None:
                continue  # keep draining so that the main thread never blocks on a full queue
            try:
                with self.raw.cursor() as cursor:
                    # JSON columns hold JSON text already: hand it to the jsonb dumper as it is.
                    set_json_dumps(_json_text, context=cursor)
                    for table, rows in batch:
                        columns = ", ".join(qn(c) for c in table.db_columns)
                        extra = table.extra_values
                        sql = f"COPY {qn(table.model._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
                        with cursor.copy(sql) as copy:
                            copy.set_types(table.oids)
                            write_row = copy.write_row
                            for row in rows:
                                write_row(row + extra if extra else row)
            except BaseException as error:  # noqa: BLE001 — handed to the main thread
                self.error = error

    def close(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self.thread = None

    def finish(self) -> None:
        super().finish()
        self.close()
        if self.error is not None:
            raise self.error
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            indexes = [item for item in self.saved if item[0] == "index"]
            for number, (_kind, _table, name, definition) in enumerate(indexes, start=1):
                self.progress.note(f"index {number}/{len(indexes)}: {name}")
                cursor.execute(definition)
            keys = [item for item in self.saved if item[0] == "fk"]
            for number, (_kind, table_name, name, definition) in enumerate(keys, start=1):
                self.progress.note(f"främmande nyckel {number}/{len(keys)}: {name}")
                cursor.execute(f"ALTER TABLE {qn(table_name)} ADD CONSTRAINT {qn(name)} {definition}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in self.tables:
                pk = table.model._meta.pk.column
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST((SELECT MAX({qn(pk)}) "
                    f"FROM {qn(table.model._meta.db_table)}), 1))",
                    [table.model._meta.db_table, pk],
                )


class _BulkCreateWriter(_Writer):
    """SQLite (and any other database): bulk_create in batches."""

    flush_rows = 50_000

    def write(self, batch: list[tuple[_Table, list[tuple]]]) -> None:
        for table, rows in batch:
            names = table.columns + tuple(f.attname for f in table.extra)
            model = table.model
            objects = []
            for row in rows:
                values = list(row) + list(table.extra_values)
                for position in table.json_positions:
                    values[position] = json.loads(values[position])
                objects.append(model(**dict(zip(names, values, strict=True))))
            model.objects.bulk_create(objects, batch_size=500)


# --- progress ---------------------------------------------------------------------------------------------------


def _n(number: float) -> str:
    """1 234 567 (Swedish thousands separator)."""
    return f"{number:,.0f}".replace(",", "\u00a0")


class _Progress:
    """Progress lines on a stream: counts, percentage, rows per second. At most one line per `every` seconds."""

    def __init__(self, stream: TextIO | None, every: float = 2.0):
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self.last = 0.0

    def note(self, text: str) -> None:
        if self.stream is not None:
            self._write(f"generate: {text} ({time.monotonic() - self.started:.0f} s)")

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def update(
        self,
        label: str,
        persons: int,
        target: int,
        households: int,
        rows: Callable[[], int],
        force: bool = False,
    ) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        rows = rows()
        elapsed = max(now - self.started, 1e-6)
        share = 100 * persons / target if target else 100
        bar = "#" * int(share / 5)
        self._write(
            f"generate: [{bar:<20}] {share:5.1f} % {label}: {_n(persons)} av {_n(target)} personer, "
            f"{_n(households)} hushåll, {_n(rows)} rader, {_n(rows / elapsed)} rader/s, {elapsed:.0f} s"
        )


# The quoted names of a model's table and column, for the raw SQL of reset.py and reset_establishment.
def _t(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model: type[models.Model], field_name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field_name).column)
