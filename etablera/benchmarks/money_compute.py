"""The national computation of state compensation (issue #15): a year's entitlement lines for every municipality at
once, through the real service (etablera.money.services.entitlements.compute: set-based), in a transaction that is
rolled back, so the data set is the same afterwards. Goal: under 60 s for about a million persons.

A real computation commits, and on PostgreSQL a commit first runs the foreign-key checks that were deferred during
the transaction (Django makes them DEFERRABLE INITIALLY DEFERRED): three or four per line. Rolling back would skip them, so
they are run before the rollback (SET CONSTRAINTS ALL IMMEDIATE), timed apart and counted in the total. Where the
database runs on this machine, the CPU time its process spent is read too: on a shared machine the wall-clock time
also holds the time the server waited for a core."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction

from etablera.money.models import Entitlement
from etablera.money.services import entitlements
from etablera.organisation.models import Municipality
from etablera.people.models import Person

GOAL_SECONDS = 60.0


@dataclass
class ComputeBenchmark:
    year: int
    seconds: float  # compute() itself
    municipalities: int
    persons: int  # persons in the data set
    persons_with_lines: int  # of them, those the year's lines are for
    lines: dict[str, int] = field(default_factory=dict)  # kind -> lines
    amounts: dict[str, int] = field(default_factory=dict)  # kind -> kronor
    check_seconds: float = 0.0  # the deferred foreign-key checks a commit runs (PostgreSQL)
    database_cpu_seconds: float | None = (
        None  # the database process's CPU time for both, where it can be read
    )

    @property
    def total_seconds(self) -> float:
        return self.seconds + self.check_seconds

    @property
    def total_lines(self) -> int:
        return sum(self.lines.values())

    @property
    def total_amount(self) -> int:
        return sum(self.amounts.values())

    @property
    def meets_goal(self) -> bool:
        return self.total_seconds < GOAL_SECONDS

    def as_json(self) -> dict:
        return {
            **asdict(self),
            "total_seconds": self.total_seconds,
            "total_lines": self.total_lines,
            "total_amount": self.total_amount,
        }


def _database_cpu() -> float | None:
    """The CPU seconds (user and system) of this connection's PostgreSQL backend so far, when the server runs on
    this machine; else None."""
    if connection.vendor != "postgresql" or connection.settings_dict.get("HOST") not in (
        "",
        "localhost",
        "127.0.0.1",
    ):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/comm") as comm, open(f"/proc/{pid}/stat") as stat:
            if comm.read().strip() != "postgres":
                return None
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(year: int) -> ComputeBenchmark:
    """Time compute(year) for the whole country and the foreign-key checks of its commit; count what it made
    (untimed); roll it all back."""
    with transaction.atomic():
        cpu = _database_cpu()
        started = time.perf_counter()
        result = entitlements.compute(year)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        checks = time.perf_counter() - started
        if cpu is not None:
            cpu = _database_cpu() - cpu
        with_lines = (
            Entitlement.objects.filter(month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1))
            .exclude(person_id=None)
            .values("person_id")
            .distinct()
            .count()
        )
        transaction.set_rollback(True)
    return ComputeBenchmark(
        year=year,
        seconds=seconds,
        check_seconds=checks,
        database_cpu_seconds=cpu,
        municipalities=Municipality.objects.count(),
        persons=Person.objects.count(),
        persons_with_lines=with_lines,
        lines={str(kind): int(n) for kind, n in sorted(result.lines.items())},
        amounts={str(kind): int(amount) for kind, amount in sorted(result.amounts.items())},
    )
