"""Housing on top of a generated national data set (`etablera generate --housing-only`; docs/performance.md):
homes, housing needs and contracts for every municipality, so that the housing pages can be measured at scale.

All fictional and deterministic for a seed (each municipality draws from its own generator, so a municipality's
rows do not depend on the others). Only the households of the last two years and the pending ones get housing —
older households have long since found their own homes. A pending household waits, with the anvisning's latest
reception date as its last day; a received one waits, lives in temporary housing (hotel, transitional housing,
shared rooms) or has a home of its own, the longer it has been here the likelier the latter. Every home with
a household in it was taken when the contract started, and a temporary home is shared by households only up to
its capacity on every day (`_Stock.place`), so the capacity rule holds as it does for contracts made by the
services. Besides the homes lived in, a municipality has free homes, some free now and some within 90 days.

Written in bulk (etablera.bulk.insert: COPY on PostgreSQL) and not through the services: the services write one
contract and its audit rows at a time, which at national scale would take an hour instead of seconds. No audit
events are written: they record what people did, and nobody did this.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TextIO

from django.db import connection, transaction
from django.db.models import Count, Q
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
from etablera.housing.models import Contract, HousingNeed, HousingUnit, Wish
from etablera.organisation.models import Municipality, Role, Unit
from etablera.people.models import Household
from etablera.reception.models import Assignment
from etablera.rules import housing as rules

UNIT_PREFIX = "GENB-"  # HousingUnit.reference of generated homes: GENB-<municipality code>-<n>
RECENT_DAYS = 730  # households received within this many days get housing
# Free homes per household the municipality ever received, besides the homes lived in: fewer than the queue.
STOCK_PER_HOUSEHOLD = 0.025
BENCH_HOUSING_LOGIN = BenchLogin(
    "bench.bostad", "Maria", "Holm", "bostad", Role.CASEWORKER, "handläggare, bostadsenheten"
)

K, S, C = HousingUnit.Kind, HousingNeed.Status, Contract.Kind
STREETS = (
    "Björkvägen",
    "Lönngatan",
    "Ekbacken",
    "Hagtornsvägen",
    "Solrosgatan",
    "Mossvägen",
    "Linvävargatan",
    "Tallstigen",
    "Kvarngatan",
    "Smedjegatan",
    "Rönnbärsvägen",
    "Ängsgatan",
)
AREAS = ("Centrum", "Norra", "Södra", "Östermalm", "Väster", "Hagalund", "Backen", "Strand")
# Ordinary homes (kind, share); bedrooms drawn 1–4, a house more.
PERMANENT_KINDS = ((K.FLAT, 0.85), (K.HOUSE, 0.15))
TEMPORARY_KINDS = ((K.HOTEL, 0.25), (K.TRANSITIONAL, 0.45), (K.MODULE, 0.15), (K.SHARED_ROOM, 0.15))


@dataclass
class HousingOptions:
    seed: int = DEFAULT_SEED
    today: dt.date | None = None
    progress: TextIO | None = None


@dataclass
class HousingSummary:
    counts: dict[str, int] = field(default_factory=dict)
    municipalities: int = 0
    seconds: float = 0.0
    skipped: bool = False  # housing data existed: nothing was written

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class HousingRefused(Exception):
    """No generated data set to add housing to."""


def has_generated_housing() -> bool:
    return HousingUnit.objects.filter(reference__startswith=UNIT_PREFIX).exists()


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


class _Stock:
    """One municipality's homes and who lives where when: a home is given to a contract only if on every day of
    the contract fewer households than its capacity live there."""

    def __init__(self, municipality: Municipality, rng: random.Random, today: dt.date):
        self.m, self.rng, self.today = municipality, rng, today
        self.units: list[HousingUnit] = []
        self.periods: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)  # unit index -> periods
        self.temporary: list[int] = []

    def _new(self, kind: str, bedrooms: int, available_from: dt.date | None) -> int:
        rng, m = self.rng, self.m
        n = len(self.units) + 1
        capacity = {K.SHARED_ROOM: rng.choice((2, 3, 4)), K.HOTEL: 1, K.MODULE: rng.choice((1, 2))}.get(
            kind, 1
        )
        if kind in (K.HOTEL, K.SHARED_ROOM):
            bedrooms = 1
        rooms = bedrooms + (0 if kind in (K.HOTEL, K.SHARED_ROOM) else 1)
        nightly = rng.randrange(900, 1600, 50) if kind == K.HOTEL else None
        monthly = (
            round(nightly * 365 / 12)
            if nightly
            else rng.randrange(4500, 7000, 100) + 1500 * bedrooms + (3000 if kind == K.HOUSE else 0)
        )
        if kind == K.HOTEL or rng.random() < 0.2:
            landlord = HousingUnit.Landlord.PRIVATE
        elif kind in (K.TRANSITIONAL, K.MODULE):
            landlord = HousingUnit.Landlord.MUNICIPALITY
        else:
            landlord = HousingUnit.Landlord.HOUSING_COMPANY
        name = {
            HousingUnit.Landlord.HOUSING_COMPANY: f"{m.name}s Bostäder AB",
            HousingUnit.Landlord.MUNICIPALITY: f"{m.name} kommun",
            HousingUnit.Landlord.PRIVATE: "Hotell Stjärnan" if kind == K.HOTEL else "Fastighets AB Exempel",
        }[landlord]
        self.units.append(
            HousingUnit(
                municipality=m,
                reference=f"{UNIT_PREFIX}{m.code}-{n:05d}",
                address_street=f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
                address_postal_code=f"{rng.randint(100, 999)} {rng.randint(10, 99)}",
                address_city=m.name,
                area=rng.choice(AREAS),
                landlord=landlord,
                landlord_name=name,
                kind=kind,
                rooms=rooms,
                bedrooms=bedrooms,
                floor_area=18 * rooms + rng.randint(8, 25),
                monthly_cost=monthly,
                nightly_cost=nightly,
                capacity=capacity,
                accessible=rng.random() < 0.1,
                near=sorted(rng.sample(list(Wish.values), rng.randint(0, 2))),
                available_from=available_from,
            )
        )
        index = len(self.units) - 1
        if kind in HousingUnit.TEMPORARY_KINDS:
            self.temporary.append(index)
        return index

    def _fits(self, index: int, start: dt.date, end: dt.date) -> bool:
        periods = [(s, e) for s, e in self.periods[index] if s <= end and e >= start]
        capacity = self.units[index].capacity
        if len(periods) < capacity:
            return True
        # Occupancy only rises at a start: checking each start within the period is checking every day.
        for day in {start, *(s for s, _e in periods if s >= start)}:
            if sum(1 for s, e in periods if s <= day <= e) >= capacity:
                return False
        return True

    def place(self, start: dt.date, end: dt.date | None, *, temporary: bool, bedrooms: int) -> HousingUnit:
        """A home for [start, end] (None: open-ended): a temporary home with room on every day, or a new one."""
        last = end or dt.date.max
        if temporary:
            for index in self.rng.sample(self.temporary, min(12, len(self.temporary))):
                if self._fits(index, start, last):
                    self.periods[index].append((start, last))
                    return self.units[index]
            index = self._new(_pick(self.rng, TEMPORARY_KINDS), bedrooms, None)
        else:
            # An ordinary home is let to one household at a time: each contract here is its own home.
            index = self._new(_pick(self.rng, PERMANENT_KINDS), bedrooms, start)
        self.periods[index].append((start, last))
        return self.units[index]

    def free_homes(self, count: int) -> None:
        """Homes nobody lives in: free now, within 90 days, or later."""
        for _ in range(count):
            roll = self.rng.random()
            if roll < 0.45:
                available = self.today - dt.timedelta(days=self.rng.randint(0, 60))
            elif roll < 0.85:
                available = self.today + dt.timedelta(days=self.rng.randint(1, 90))
            else:
                available = self.today + dt.timedelta(days=self.rng.randint(91, 240))
            kind = (
                _pick(self.rng, PERMANENT_KINDS)
                if self.rng.random() < 0.8
                else _pick(self.rng, TEMPORARY_KINDS)
            )
            self._new(kind, self.rng.choice((1, 1, 2, 2, 2, 3, 3, 4)), available)


def _bedrooms(persons: int, rng: random.Random) -> int:
    """Roughly what the norm asks for (two to a bedroom), sometimes one fewer: overcrowding happens."""
    need = max(1, (persons + 1) // 2)
    return max(1, need - (1 if rng.random() < 0.15 else 0))


def _contract(stock: _Stock, household_id: int, unit: HousingUnit, kind: str, start, end, status, **extra):
    rng = stock.rng
    nightly = unit.nightly_cost if kind == C.PER_NIGHT else None
    return Contract(
        public_id=_uuid(rng),
        municipality=stock.m,
        household_id=household_id,
        unit=unit,
        kind=kind,
        status=status,
        start_date=start,
        end_date=end,
        payer=Contract.Payer.MUNICIPALITY if unit.is_temporary else Contract.Payer.HOUSEHOLD,
        monthly_cost=unit.monthly_cost,
        nightly_cost=nightly,
        **extra,
    )


def _temporary_kind(unit: HousingUnit) -> str:
    if unit.kind == K.HOTEL:
        return C.PER_NIGHT
    return C.ESTABLISHMENT if unit.kind == K.TRANSITIONAL else C.TEMPORARY


def _municipality(m: Municipality, rows, households: int, seed: int, today: dt.date):
    """Homes, needs and contracts for one municipality. rows: (household id, status, decision date, latest
    reception date, received date, person count) of its recent and pending anvisningar, one per household."""
    rng = random.Random(f"{seed}-housing-{m.code}")  # noqa: S311 — reproducible fiction
    stock = _Stock(m, rng, today)
    needs, contracts = [], []
    for household_id, status, decision, latest, received, persons in rows:
        deadline = rules.must_be_housed_by(latest)
        need = HousingNeed(
            household_id=household_id,
            municipality=m,
            reason=HousingNeed.Reason.ASSIGNMENT,
            registered_date=min(decision, today),
            house_by=deadline.date,
            house_by_rule=deadline.as_json(),
            needs_accessible=rng.random() < 0.04,
            wishes=sorted(rng.sample(list(Wish.values), rng.randint(0, 2))),
            preferred_area=rng.choice(AREAS) if rng.random() < 0.3 else "",
        )
        needs.append(need)
        bedrooms = _bedrooms(persons, rng)
        if status != Assignment.Status.RECEIVED:
            need.status = S.WAITING
            continue
        age = (today - received).days
        roll = rng.random()
        permanent_share = 0.2 + 0.6 * age / RECENT_DAYS
        if roll < permanent_share:
            # Housed for good, most after a while in temporary housing.
            move = received
            if rng.random() < 0.6 and age > 30:
                move = received + dt.timedelta(days=rng.randint(14, max(15, min(age - 1, 400))))
                unit = stock.place(received, move - dt.timedelta(days=1), temporary=True, bedrooms=bedrooms)
                contracts.append(
                    _contract(
                        stock,
                        household_id,
                        unit,
                        _temporary_kind(unit),
                        received,
                        move - dt.timedelta(days=1),
                        Contract.Status.ENDED,
                        end_reason=Contract.EndReason.MOVED,
                    )
                )
            second_hand = rng.random() < 0.35
            end = None
            if second_hand and rng.random() < 0.3:  # a social contract renewed year by year, some ending soon
                end = max(move, today + dt.timedelta(days=rng.randint(1, 200)))
            unit = stock.place(move, end, temporary=False, bedrooms=bedrooms)
            kind = C.SECOND_HAND if second_hand else C.FIRST_HAND
            contracts.append(_contract(stock, household_id, unit, kind, move, end, Contract.Status.ACTIVE))
            need.status = S.PERMANENT
        elif roll < permanent_share + (1 - permanent_share) * 0.75:
            # In temporary housing today; some contracts end within 90 days.
            end = today + dt.timedelta(
                days=rng.randint(1, 90) if rng.random() < 0.4 else rng.randint(91, 500)
            )
            unit = stock.place(received, end, temporary=True, bedrooms=bedrooms)
            kind = _temporary_kind(unit)
            if kind == C.ESTABLISHMENT:
                end = min(end, rules.establishment_housing_end(received).date)
            elif kind == C.PER_NIGHT and rng.random() < 0.5:
                end = None
            contracts.append(
                _contract(stock, household_id, unit, kind, received, end, Contract.Status.ACTIVE)
            )
            need.status = S.TEMPORARY
        else:
            # Waiting, some after a temporary contract that has ended.
            need.status = S.WAITING
            if age > 60 and rng.random() < 0.5:
                end = today - dt.timedelta(days=rng.randint(1, min(age - 30, 200)))
                unit = stock.place(received, end, temporary=True, bedrooms=bedrooms)
                contracts.append(
                    _contract(
                        stock,
                        household_id,
                        unit,
                        _temporary_kind(unit),
                        received,
                        end,
                        Contract.Status.ENDED,
                        end_reason=Contract.EndReason.PERIOD_ENDED,
                    )
                )
    stock.free_homes(max(2, round(households * STOCK_PER_HOUSEHOLD)))
    return stock.units, needs, contracts


def ensure_bench_housing_login() -> int:
    """The benchmark's housing caseworker (BENCH_HOUSING_LOGIN, password BENCH_PASSWORD) in the benchmark
    municipality's housing unit, as `etablera generate` makes the other bench.* logins; 0 or 1 user made."""
    login = BENCH_HOUSING_LOGIN
    spec = next(s for s in UNITS if s.key == login.unit)
    municipality = Municipality.objects.filter(code=BENCH_MUNICIPALITY).first()
    if municipality is None:
        return 0
    unit = Unit.objects.filter(municipality=municipality, name=_unit_name(spec, municipality)).first()
    if unit is None:
        return 0
    user, made = login.ensure(unit)
    return int(made)


def _recent_rows(today: dt.date):
    """Per municipality: one row per household of a generated anvisning received in the last two years or still
    pending (the newest anvisning if a household has several)."""
    since = today - dt.timedelta(days=RECENT_DAYS)
    rows = (
        Assignment.objects.filter(reference__startswith=REFERENCE_PREFIX, household__isnull=False)
        .filter(
            Q(status=Assignment.Status.ASSIGNED)
            | Q(status=Assignment.Status.RECEIVED, received_date__gte=since, received_date__lte=today)
        )
        .order_by("municipality_id", "household_id", "-decision_date", "-pk")
        .values_list(
            "municipality_id",
            "household_id",
            "status",
            "decision_date",
            "latest_reception_date",
            "received_date",
            "person_count",
        )
    )
    by_municipality: dict[int, list] = defaultdict(list)
    seen = set()
    for municipality_id, household_id, *rest in rows.iterator(chunk_size=10_000):
        if household_id in seen:
            continue
        seen.add(household_id)
        by_municipality[municipality_id].append((household_id, *rest))
    return by_municipality


def generate_housing(options: HousingOptions) -> HousingSummary:
    """Add housing to the generated data set; nothing when generated homes exist already (idempotent)."""
    started = time.perf_counter()
    today = options.today or timezone.localdate()
    summary = HousingSummary()
    if not has_generated_data():
        raise HousingRefused("Inga genererade data att lägga boende till: kör etablera generate först.")
    with transaction.atomic():
        summary.counts["användare"] = ensure_bench_housing_login()
        if has_generated_housing():
            summary.skipped = True
            summary.seconds = time.perf_counter() - started
            return summary
        recent = _recent_rows(today)
        sizes = dict(
            Household.objects.filter(assignments__reference__startswith=REFERENCE_PREFIX)
            .values("municipality_id")
            .annotate(n=Count("pk", distinct=True))
            .values_list("municipality_id", "n")
        )
        units, needs, contracts = [], [], []
        for m in Municipality.objects.order_by("code"):
            if not sizes.get(m.pk):
                continue
            u, n, c = _municipality(m, recent.get(m.pk, []), sizes[m.pk], options.seed, today)
            units += u
            needs += n
            contracts += c
            summary.municipalities += 1
        if options.progress is not None:
            options.progress.write(
                f"housing: {len(units):,} bostäder, {len(needs):,} behov, {len(contracts):,} kontrakt i "
                f"{summary.municipalities} kommuner — skriver …\n"
            )
        bulk.insert(HousingUnit, units, batch_size=2000)
        for contract in contracts:
            contract.unit_id = contract.unit.pk  # the homes got their keys in the insert above
        bulk.insert(HousingNeed, needs, batch_size=2000)
        bulk.insert(Contract, contracts, batch_size=2000)
    summary.counts.update(bostäder=len(units), bostadsbehov=len(needs), kontrakt=len(contracts))
    summary.seconds = time.perf_counter() - started
    return summary


def analyze() -> None:
    """Fresh planner statistics for the housing tables after a bulk load (PostgreSQL; outside a transaction)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (HousingUnit, HousingNeed, Contract):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
