"""Two clients at the same moment, for the race tests (issue #9): each runs in a thread of its own, and so with a
database connection of its own (Django's connections are per thread). The tests that use this need committed data
— `pytest.mark.django_db(transaction=True)` — and PostgreSQL: SQLite lets one writer at a time and takes no row
locks, so two writers never meet there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

TIMEOUT = 30  # seconds; far more than any request here takes, so reaching it means a lock was never released

# `pytestmark = CONCURRENT` in a module of such tests: committed data, PostgreSQL only, and the migrations' data put
# back when the module is done (the fixture `migration_data_back_afterwards` in etablera/testing/fixtures.py).
CONCURRENT = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite lets one writer at a time and has no row locks, so two writers never meet",
    ),
    pytest.mark.usefixtures("migration_data_back_afterwards"),
]


def _run(call: Callable[[], Any], results: dict, key: str, before: Callable[[], None] | None = None) -> None:
    """The body of a client's thread: its result or its exception in `results[key]`, its connection closed at the
    end (an open one would keep the test database from being flushed or dropped)."""
    try:
        if before is not None:
            before()
        results[key] = call()
    except BaseException as error:  # handed to the test, which asserts on it
        results[key] = error
    finally:
        connections.close_all()


def _join(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a client is still waiting after 30 s"


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread, all released together by a barrier; their results (or the exceptions they
    raised) in the order given."""
    barrier = threading.Barrier(len(calls))
    results: dict[str, Any] = {}
    threads = [
        threading.Thread(
            target=_run, args=(call, results, str(i), lambda: barrier.wait(TIMEOUT)), daemon=True
        )
        for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    _join(threads)
    return [results.get(str(i)) for i in range(len(calls))]


def _someone_waits_for_a_lock(contender: threading.Thread) -> bool:
    """True once another session of this database is seen waiting for a lock (PostgreSQL's own view of it);
    False if the contender finished first or nobody waited within the timeout."""
    deadline = time.monotonic() + TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline and contender.is_alive():
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def while_locked(row, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any, bool]:
    """Prove the row lock. One thread locks `row` (SELECT … FOR UPDATE) and holds it; `second` starts in another
    thread and must be seen waiting for that lock; then the holder does `first` in its transaction and commits, and
    `second` goes on with what `first` did. Returns first's and second's results and whether second waited."""
    locked, release = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def hold_then_first():
        with transaction.atomic():
            type(row)._base_manager.select_for_update().get(pk=row.pk)
            locked.set()
            if not release.wait(TIMEOUT):
                raise TimeoutError("the lock was held too long")
            return first()

    holder = threading.Thread(target=_run, args=(hold_then_first, results, "first"), daemon=True)
    contender = threading.Thread(target=_run, args=(second, results, "second"), daemon=True)
    holder.start()
    assert locked.wait(TIMEOUT), results.get("first")
    contender.start()
    try:
        waited = _someone_waits_for_a_lock(contender)
    finally:
        release.set()
    _join([holder, contender])
    return results.get("first"), results.get("second"), waited


def restore_migration_data() -> None:
    """Put back what the migrations load (municipalities, the national process template) after transactional tests,
    which leave the tables empty, for the tests that run after them (as etablera/e2e/conftest.py does)."""
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents:
            # The sequences stay where they are: restarted, the next row made would take the id of a migration
            # row put back here (as demo_for_the_module in testing/fixtures.py, and Django's own flush between
            # transactional tests).
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database=alias,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
            connections[alias].creation.deserialize_db_from_string(contents)
