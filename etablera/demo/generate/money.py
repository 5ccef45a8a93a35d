"""State compensation on top of a generated national data set (issue #15): the money pages' data at national scale.

- `bench.ekonomi`, a caseworker of a new unit *Ekonomienheten* (function administration, under
  Kommunledningskontoret) of the benchmark municipality: the money pages' reader, who sees no persons;
- a few moves to another municipality (about 0.3 % of the received persons, within the 24 months after their
  reception that share the schablon), chosen in SQL and written in bulk;
- the entitlements of the current year and the year before, computed for the whole country by the real service
  (etablera.money.services.entitlements.compute: set-based), timed;
- the payments received, one per municipality, month and kind up to last month, from the computed lines (one
  GROUP BY): a deterministic few missing, and a few off by an amount, so that the pages show differences.

All fictional and deterministic for a seed (each municipality draws from its own generator). Written in bulk
(etablera.bulk.insert: COPY on PostgreSQL), not through the services, and without audit events, as minors.py.
Skipped when the generated payments (reference `GEN-…`) or the generated moves are there already.
"""

# ruff: noqa: S608 — SQL below is built from model table and column names (quoted), never from input.

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

from etablera import bulk
from etablera.demo.generate.common import (
    BENCH_MUNICIPALITY,
    DEFAULT_SEED,
    REFERENCE_PREFIX,
    BenchLogin,
    has_generated_data,
)
from etablera.demo.generate.organisation import UNITS, _unit_name
from etablera.demo.generate.writing import _c, _t
from etablera.minors.models import ChildCase, Placement
from etablera.money.models import Entitlement, Payment, Relocation
from etablera.money.services import entitlements
from etablera.organisation.models import Municipality, Role, Unit
from etablera.people.models import HouseholdMember, Person
from etablera.reception.models import Assignment, ReceptionCase
from etablera.rules.dates import add_months

BENCH_MONEY_LOGIN = BenchLogin(
    "bench.ekonomi",
    "Elin",
    "Svärd",
    "ekonomi",
    Role.CASEWORKER,
    "ekonom, Ekonomienheten (statlig ersättning)",
)
MONEY_UNIT = "Ekonomienheten"
PAYMENT_PREFIX = "GEN-UTB-"  # Payment.reference of generated payments
PAYMENT_TEXT = "Genererad utbetalning från Migrationsverket"
MOVE_PER_MILLE = 3  # of the received persons, about 0.3 %, move within the share period
MISSING_SHARE = 0.03  # of the months and kinds, the payment is missing
OFF_SHARE = 0.04  # or differs from what was expected
OFF_AMOUNTS = (-4800, -2400, -1200, 1200, 2400)
PAID_ON_DAY = 25


@dataclass
class MoneyOptions:
    seed: int = DEFAULT_SEED
    today: dt.date | None = None
    progress: TextIO | None = None


@dataclass
class MoneySummary:
    counts: dict[str, int] = field(default_factory=dict)
    computed: dict[int, entitlements.ComputeResult] = field(
        default_factory=dict
    )  # year -> what compute() did
    seconds: float = 0.0
    skipped: bool = False

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class MoneyRefused(Exception):
    pass


def has_generated_money() -> bool:
    return (
        Payment.objects.filter(reference__startswith=PAYMENT_PREFIX).exists()
        or Relocation.objects.filter(
            recorded_by=None,
            person__household_memberships__household__assignments__reference__startswith=REFERENCE_PREFIX,
        ).exists()
    )


def ensure_bench_login() -> int:
    """bench.ekonomi, caseworker of Ekonomienheten (administration) in the benchmark municipality: reads the money
    pages there (policy.money_municipality_ids) and, being in no household's unit, sees no persons."""
    municipality = Municipality.objects.filter(code=BENCH_MUNICIPALITY).select_related("county").first()
    if municipality is None:
        return 0
    parent_spec = next(s for s in UNITS if s.function == Unit.Function.ADMINISTRATION)
    parent = Unit.objects.filter(
        municipality=municipality, name=_unit_name(parent_spec, municipality)
    ).first()
    unit, _created = Unit.objects.get_or_create(
        municipality=municipality,
        name=MONEY_UNIT,
        defaults={
            "kind": Unit.Kind.TEAM,
            "function": Unit.Function.ADMINISTRATION,
            "parent": parent,
            "email": f"ekonomi.{municipality.code}@example.org",
        },
    )
    login = BENCH_MONEY_LOGIN
    user, created = login.ensure(unit)
    return int(created)


def _movers(seed: int) -> list[tuple[int, int, dt.date]]:
    """(person, municipality, received on) of about MOVE_PER_MILLE ‰ of the received generated persons: chosen in
    SQL by a hash of the person's id, each with their first reception (as the entitlements count it)."""
    hm, rc, a, p = HouseholdMember, ReceptionCase, Assignment, Person
    sql = f"""
        SELECT hm.{_c(hm, "person")}, p.{_c(p, "municipality")}, MIN(rc.{_c(rc, "arrival_date")})
        FROM {_t(hm)} hm
        JOIN {_t(p)} p ON p.id = hm.{_c(hm, "person")}
        JOIN {_t(rc)} rc ON rc.{_c(rc, "household")} = hm.{_c(hm, "household")}
        WHERE (hm.{_c(hm, "person")} * 7919 + %s) %% 1000 < %s
          AND EXISTS (SELECT 1 FROM {_t(a)} a WHERE a.{_c(a, "household")} = hm.{_c(hm, "household")}
                      AND a.{_c(a, "reference")} LIKE %s)
        GROUP BY hm.{_c(hm, "person")}, p.{_c(p, "municipality")}
        ORDER BY hm.{_c(hm, "person")}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [seed % 1000, MOVE_PER_MILLE, REFERENCE_PREFIX + "%"])
        rows = cursor.fetchall()
    return [
        (person, municipality, on if isinstance(on, dt.date) else dt.date.fromisoformat(str(on)[:10]))
        for person, municipality, on in rows
    ]


def _relocations(seed: int, today: dt.date) -> list[Relocation]:
    """A move for each chosen person, to another municipality, some day after the reception and before both today
    and the end of the 24 months that share the schablon."""
    codes = dict(Municipality.objects.values_list("pk", "code"))
    ids = sorted(codes)
    if len(ids) < 2:
        return []
    rngs: dict[int, random.Random] = {}
    moves = []
    for person, municipality, received in _movers(seed):
        last = min(today - dt.timedelta(days=1), add_months(received, 24) - dt.timedelta(days=1))
        if municipality is None or last <= received:
            continue
        rng = rngs.setdefault(
            municipality,
            random.Random(f"{seed}-money-{codes[municipality]}"),  # noqa: S311 — reproducible fiction
        )
        to = rng.choice(ids[:-1])
        to = ids[-1] if to == municipality else to
        moves.append(
            Relocation(
                person_id=person,
                from_municipality_id=municipality,
                to_municipality_id=to,
                moved_on=received + dt.timedelta(days=rng.randint(1, (last - received).days)),
            )
        )
    return moves


def _payments(seed: int, today: dt.date, years: list[int]) -> list[Payment]:
    """One payment per municipality, month and kind up to last month, of the computed lines' sum: a few missing,
    a few off by an amount (each municipality's own generator decides, month by month)."""
    before = today.replace(day=1)
    e = Entitlement
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_c(e, 'municipality')}, {_c(e, 'month')}, {_c(e, 'kind')}, SUM({_c(e, 'amount')}) "
            f"FROM {_t(e)} WHERE {_c(e, 'month')} >= %s AND {_c(e, 'month')} < %s "
            f"GROUP BY {_c(e, 'municipality')}, {_c(e, 'month')}, {_c(e, 'kind')} "
            f"ORDER BY {_c(e, 'municipality')}, {_c(e, 'month')}, {_c(e, 'kind')}",
            [dt.date(min(years), 1, 1), before],
        )
        sums = cursor.fetchall()
    codes = dict(Municipality.objects.values_list("pk", "code"))
    rngs: dict[int, random.Random] = {}
    made = []
    for municipality, month, kind, total in sums:
        month = month if isinstance(month, dt.date) else dt.date.fromisoformat(str(month)[:10])
        rng = rngs.setdefault(
            municipality,
            random.Random(f"{seed}-money-payments-{codes[municipality]}"),  # noqa: S311 — reproducible fiction
        )
        draw = rng.random()
        if draw < MISSING_SHARE or not total:
            continue
        amount = int(total) + (rng.choice(OFF_AMOUNTS) if draw < MISSING_SHARE + OFF_SHARE else 0)
        made.append(
            Payment(
                municipality_id=municipality,
                kind=kind,
                month=month,
                paid_on=month.replace(day=PAID_ON_DAY),
                amount=amount,
                reference=f"{PAYMENT_PREFIX}{codes[municipality]}-{month:%Y%m}-{kind}"[:60],
                description=PAYMENT_TEXT,
                source=Payment.Source.IMPORT,
            )
        )
    return made


def generate_money(options: MoneyOptions) -> MoneySummary:
    """Add moves, the entitlements of this year and last, and payments to the generated data set; nothing when
    they are there already (idempotent)."""
    started = time.perf_counter()
    today = options.today or timezone.localdate()
    summary = MoneySummary()
    if not has_generated_data():
        raise MoneyRefused("Inga genererade data att beräkna ersättningar för: kör etablera generate först.")
    progress = options.progress
    with transaction.atomic():
        summary.counts["användare"] = ensure_bench_login()
        if has_generated_money():
            summary.skipped = True
            summary.seconds = time.perf_counter() - started
            return summary
        moves = _relocations(options.seed, today)
        bulk.insert(Relocation, moves, batch_size=5000)
        if progress is not None:
            progress.write(f"money: {len(moves):,} flyttar till annan kommun — beräknar ersättningar …\n")
            progress.flush()
        years = [today.year - 1, today.year]
        for year in years:
            result = entitlements.compute(year)
            summary.computed[year] = result
            if progress is not None:
                progress.write(
                    f"money: ersättningar {year} för hela landet: {sum(result.lines.values()):,} rader på "
                    f"{result.seconds:.1f} s ("
                    + ", ".join(f"{kind} {n:,}" for kind, n in sorted(result.lines.items()))
                    + ")\n"
                )
                progress.flush()
        payments = _payments(options.seed, today, years)
        bulk.insert(Payment, payments, batch_size=5000)
        if progress is not None:
            progress.write(f"money: {len(payments):,} inbetalningar\n")
    summary.counts.update(
        flyttar=len(moves),
        ersättningsrader=sum(sum(r.lines.values()) for r in summary.computed.values()),
        inbetalningar=len(payments),
    )
    summary.seconds = time.perf_counter() - started
    return summary


def analyze() -> None:
    """Fresh planner statistics and visibility maps for the money tables after a bulk load (PostgreSQL; outside a
    transaction): VACUUM, not only ANALYZE, so that the first pages to read millions of new lines do not each set
    their hint bits."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Relocation, Entitlement, Payment):
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")


def reset_money(run, persons: str, households: str) -> None:
    """The money rows of the generated persons (`etablera generate --reset`, etablera/demo/generate/reset.py):
    before the minors' placements and the persons they refer to. `run(label, sql, params)` executes and counts;
    `persons` is a subquery of their ids. The generated payments name no person: they go by their reference."""
    t, c = _t, _c
    placements = (
        f"(SELECT id FROM {t(Placement)} WHERE {c(Placement, 'case')} IN (SELECT id FROM {t(ChildCase)} "
        f"WHERE {c(ChildCase, 'person')} IN {persons}))"
    )
    run(
        "beräknade ersättningar",
        f"DELETE FROM {t(Entitlement)} WHERE {c(Entitlement, 'person')} IN {persons} OR "
        f"{c(Entitlement, 'placement')} IN {placements}",
    )
    run(
        "flyttar till annan kommun",
        f"DELETE FROM {t(Relocation)} WHERE {c(Relocation, 'person')} IN {persons}",
    )
    run(
        "inbetalningar",
        f"DELETE FROM {t(Payment)} WHERE {c(Payment, 'reference')} LIKE %s",
        [PAYMENT_PREFIX + "%"],
    )
