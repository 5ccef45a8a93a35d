"""The import benchmark: a file of fictional anvisningar through the real importer (etablera.reception.importers),
in a transaction that is rolled back, so the data set is the same afterwards."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time
from dataclasses import asdict, dataclass

from django.db import transaction

from etablera.organisation.models import Municipality
from etablera.reception.importers import import_file

# No EBO: a self-settled household comes without an anvisning (issue #11), and the import refuses it.
CATEGORIES = ("ABO", "ABO", "ABO", "kvotflykting", "ABO", "anhörig", "anhörig", "tillfälligt skydd")
REASONS = ("Har ordnat eget boende i annan kommun", "Anvisningen återkallad av Migrationsverket")


@dataclass
class ImportBenchmark:
    rows: int
    seconds: float
    created: int
    errors: int
    received: int
    cancelled: int

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict:
        return {**asdict(self), "rows_per_second": self.rows_per_second}


def assignments_csv(rows: int, today: dt.date, seed: int = 100) -> tuple[bytes, int, int]:
    """`rows` anvisningar this year across all municipalities, as Migrationsverket's file would list them: about
    70 % received, 5 % cancelled, the rest waiting. Returns the file and the received and cancelled counts."""
    rng = random.Random(seed)  # noqa: S311 — reproducible fiction
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    start = dt.date(today.year, 1, 1)
    span = max(1, (today - start).days - 1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "reference",
            "municipality_code",
            "category",
            "decision_date",
            "person_count",
            "status",
            "received_date",
        ]
        + ["cancelled_date", "cancel_reason"]
    )
    received = cancelled = 0
    for number in range(1, rows + 1):
        decision = start + dt.timedelta(days=rng.randint(0, span - 1))
        status, received_on, cancelled_on, reason = "anvisad", "", "", ""
        draw = rng.random()
        if draw < 0.70:
            status, received_on = "mottagen", min(decision + dt.timedelta(days=rng.randint(5, 55)), today)
            received += 1
        elif draw < 0.75:
            status, cancelled_on = "avbruten", min(decision + dt.timedelta(days=rng.randint(3, 30)), today)
            reason = rng.choice(REASONS)
            cancelled += 1
        writer.writerow(
            [
                f"BENCH-IMP-{today.year}-{number:06d}",
                codes[number % len(codes)],
                rng.choice(CATEGORIES),
                decision.isoformat(),
                rng.randint(1, 6),
                status,
                received_on and received_on.isoformat(),
                cancelled_on and cancelled_on.isoformat(),
                reason,
            ]
        )
    return out.getvalue().encode("utf-8"), received, cancelled


def run(rows: int, today: dt.date) -> ImportBenchmark:
    data, received, cancelled = assignments_csv(rows, today)
    with transaction.atomic():
        started = time.perf_counter()
        result = import_file("assignments", data, actor=None)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return ImportBenchmark(
        rows=rows,
        seconds=seconds,
        created=result.created,
        errors=len(result.errors),
        received=received,
        cancelled=cancelled,
    )
