"""Södermanland 2017: the individual records behind Migrationsverket's published quota overview.

Länsstyrelsen Södermanland's report (seed 002) prints "Anvisningar enligt 2017 års kommuntal – Översikt" as taken on
2017-08-14 and 2017-10-01 (data/sodermanland_anvisningar_2017.csv) and the county's kommuntal for 2017 and 2018
(data/sodermanland_kommuntal.csv). `load()` creates kommuntal and anvisningar — households of realistic sizes with
decision, reception and cancellation dates — from which `reports.quota_report` gives back every published figure at
both dates: each municipality, "Länet" and "Riket".

For "Riket", the rest of the national figures is spread deterministically over the other counties' municipalities
(Skåne's county number 2 793 with Malmö's 408 and Perstorp's 0 from seed 003; the others by a fixed pseudo-random
weight). No municipality outside Södermanland receives more than its kommuntal, so the national "kvar att avräkna"
(the sum of the municipalities') is the published one. In Södermanland every household is received within the two
months the law allows ("Ingen kommun har misslyckats med mottagande inom tidsfristen på två månader", seed 002).

The records are fictional in everything but their sums: there are no persons, only anvisningar with a person count.
Loading is idempotent: quotas and anvisningar (references MV2017-<kommunkod>-<n>) that exist are left as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.people.models import Category
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.rules import reception as reception_rules

DATA = Path(__file__).resolve().parent / "data"
OVERVIEW_FILE = DATA / "sodermanland_anvisningar_2017.csv"
QUOTA_FILE = DATA / "sodermanland_kommuntal.csv"
YEAR = 2017
COUNTY = "04"
FIRST, SECOND = dt.date(2017, 8, 14), dt.date(2017, 10, 1)
DATES = (FIRST, SECOND)
REFERENCE_PREFIX = "MV2017-"

# Persons in anvisningar that were cancelled (counted in "anvisade totalt", never "avräknade"). Eskilstuna, with a
# kommuntal of 2, had 8 assigned and 2 counted at both dates: the other 6 were cancelled.
CANCELLED = {"0484": 6, "0461": 1, "0483": 2, "0480": 3, "0486": 2, "0488": 1}
# Known 2017 figures outside Södermanland (seed 003: Kommunförbundet Skåne).
SKANE, SKANE_QUOTA = "12", 2793
FIXED_QUOTAS = {"1280": 408, "1275": 0}  # Malmö, Perstorp
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6, 7)
HOUSEHOLD_WEIGHTS = (38, 12, 13, 14, 12, 7, 4)
CANCEL_REASONS = (
    "Har ordnat eget boende i en annan kommun före mottagandet.",
    "Anvisningen ersattes av en ny anvisning (förordning 2016:39 10 a §).",
    "Hushållet lämnade Migrationsverkets boende före mottagandet.",
)


@dataclass(frozen=True)
class Published:
    """One row of the published overview."""

    as_of: dt.date
    area: str  # Riket, Länet or a municipality's name
    tal: int
    anvisade_totalt: int
    avraknade: int
    kvar_att_avrakna: int


@dataclass(frozen=True)
class Targets:
    """What one municipality's records must add up to."""

    code: str
    quota: int
    assigned: tuple[int, int]  # anvisade totalt at FIRST and SECOND
    received: tuple[int, int]  # avräknade at FIRST and SECOND
    cancelled: int | None = None  # None: a small share by rule


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [row for row in csv.reader(handle) if row and not row[0].startswith("#")]


def published() -> list[Published]:
    return [
        Published(dt.date.fromisoformat(d), area, int(t), int(a), int(r), int(k))
        for d, area, t, a, r, k in _rows(OVERVIEW_FILE)
    ]


def county_quotas() -> list[tuple[str, str, int, int]]:
    """(municipality code, name, year, kommuntal) for Södermanland, 2017 and 2018."""
    return [(code, name, int(year), int(quota)) for _, code, name, year, quota in _rows(QUOTA_FILE)]


# --- targets --------------------------------------------------------------------------------------------------


def allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total` in proportion to `weights` (largest remainder, ties by key). When total ≤ sum(weights) no share
    exceeds its weight, which is what keeps received ≤ assigned ≤ ... below."""
    whole = sum(weights.values())
    if whole == 0:
        return dict.fromkeys(weights, 0)
    shares = {key: total * weight // whole for key, weight in weights.items()}
    rest = total - sum(shares.values())
    by_fraction = sorted(weights, key=lambda key: (-(total * weights[key] % whole), key))
    for key in by_fraction[:rest]:
        shares[key] += 1
    return shares


def _weight(code: str) -> int:
    return 20 + int(hashlib.sha256(code.encode()).hexdigest()[:8], 16) % 140


def targets(municipalities: list[Municipality]) -> list[Targets]:
    figures = {(row.as_of, row.area): row for row in published()}
    names = {code: name for code, name, year, _ in county_quotas() if year == YEAR}
    quotas = {code: quota for code, _, year, quota in county_quotas() if year == YEAR}
    result: list[Targets] = []
    county_sum = [0, 0, 0, 0]  # assigned and received at both dates
    for code, name in names.items():
        first, second = figures.get((FIRST, name)), figures.get((SECOND, name))
        assigned = (first.anvisade_totalt if first else 0, second.anvisade_totalt if second else 0)
        received = (first.avraknade if first else 0, second.avraknade if second else 0)
        result.append(Targets(code, quotas[code], assigned, received, CANCELLED.get(code, 0)))
        county_sum = [s + v for s, v in zip(county_sum, (*assigned, *received), strict=True)]
    county = (figures[(FIRST, "Länet")], figures[(SECOND, "Länet")])
    if county_sum != [
        county[0].anvisade_totalt,
        county[1].anvisade_totalt,
        county[0].avraknade,
        county[1].avraknade,
    ]:
        raise ValueError("Kommunernas siffror summerar inte till länets i den publicerade tabellen.")
    if sum(quotas.values()) != county[0].tal:
        raise ValueError("Kommuntalen summerar inte till länets tal.")

    # The rest of the country.
    country = (figures[(FIRST, "Riket")], figures[(SECOND, "Riket")])
    others = sorted((m for m in municipalities if m.county.code != COUNTY), key=lambda m: m.code)
    skane = {m.code: _weight(m.code) for m in others if m.county.code == SKANE and m.code not in FIXED_QUOTAS}
    rest = {m.code: _weight(m.code) for m in others if m.county.code != SKANE and m.code not in FIXED_QUOTAS}
    rest_quota = country[0].tal - county[0].tal
    tal = {
        **{code: FIXED_QUOTAS[code] for code in FIXED_QUOTAS},
        **allocate(SKANE_QUOTA - sum(FIXED_QUOTAS.values()), skane),
        **allocate(rest_quota - SKANE_QUOTA, rest),
    }
    assigned_2 = allocate(country[1].anvisade_totalt - county[1].anvisade_totalt, tal)
    received_2 = allocate(country[1].avraknade - county[1].avraknade, tal)  # ≤ tal: none over its number
    received_1 = allocate(country[0].avraknade - county[0].avraknade, received_2)
    assigned_1 = allocate(country[0].anvisade_totalt - county[0].anvisade_totalt, assigned_2)
    for m in others:
        code = m.code
        result.append(
            Targets(
                code, tal[code], (assigned_1[code], assigned_2[code]), (received_1[code], received_2[code])
            )
        )
    for target in result:
        _check(target)
    return result


def _check(t: Targets) -> None:
    (a1, a2), (r1, r2) = t.assigned, t.received
    if not (0 <= r1 <= a1 <= a2 and r1 <= r2 <= a2):
        raise ValueError(f"Omöjliga mål för {t.code}: anvisade {t.assigned}, avräknade {t.received}.")
    if t.code[:2] != COUNTY and r2 > t.quota:
        raise ValueError(f"{t.code} skulle avräkna fler än sitt kommuntal.")


# --- records --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    decision_date: dt.date
    persons: int
    category: str
    received_date: dt.date | None = None
    cancelled_date: dt.date | None = None
    cancel_reason: str = ""


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _households(persons: int, rng: random.Random) -> list[int]:
    sizes: list[int] = []
    while persons > 0:
        size = min(rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0], persons)
        sizes.append(size)
        persons -= size
    return sizes


def _latest(decision: dt.date) -> dt.date:
    return reception_rules.latest_reception_date(decision, Category.ASSIGNED_FROM_FACILITY).date


def records(target: Targets) -> list[Record]:
    """The anvisningar of one municipality, in six groups whose person counts give the targets at both dates:

    received by FIRST | decided by FIRST, received by SECOND | cancelled | decided by FIRST, received after SECOND |
    decided after FIRST, received by SECOND | decided after FIRST, received after SECOND.
    Every household is received within two months of its decision."""
    rng = random.Random(f"sodermanland2017-{target.code}")  # noqa: S311 - reproducible fictional data, not secrets
    (a1, a2), (r1, r2) = target.assigned, target.received
    pending_1, later, counted_between = a1 - r1, a2 - a1, r2 - r1
    if target.cancelled is None:
        cancelled = min(max(0, pending_1 - counted_between), round(0.03 * a1))
    else:
        cancelled = target.cancelled
    # Most of those counted between the dates were decided before the first; some were decided after it.
    after = max(counted_between - (pending_1 - cancelled), min(later, counted_between // 4))
    before = counted_between - after
    waiting = pending_1 - cancelled - before
    if min(cancelled, before, after, waiting, later - after) < 0:
        raise ValueError(f"Omöjlig fördelning för {target.code}.")

    jan, jun, aug = dt.date(YEAR, 1, 2), dt.date(YEAR, 6, 30), dt.date(YEAR, 8, 2)
    day_after_first, day_after_second = FIRST + dt.timedelta(days=1), SECOND + dt.timedelta(days=1)
    made: list[Record] = []

    def add(persons: int, decided: tuple[dt.date, dt.date], receive) -> None:
        for size in _households(persons, rng):
            decision = _day(rng, *decided)
            category = Category.RESETTLED if rng.random() < 0.2 else Category.ASSIGNED_FROM_FACILITY
            made.append(receive(decision, size, category))

    def received(low_days: int, high_days: int, start: dt.date | None = None, end: dt.date | None = None):
        def make(decision: dt.date, size: int, category: str) -> Record:
            low = max(decision + dt.timedelta(days=low_days), start or decision)
            high = min(decision + dt.timedelta(days=high_days), end or _latest(decision), _latest(decision))
            if low > high:
                raise ValueError(f"Inget möjligt mottagningsdatum för beslut {decision} i {target.code}.")
            return Record(decision, size, category, received_date=_day(rng, low, high))

        return make

    def cancel(decision: dt.date, size: int, category: str) -> Record:
        return Record(
            decision,
            size,
            category,
            cancelled_date=_day(rng, decision + dt.timedelta(days=5), decision + dt.timedelta(days=40)),
            cancel_reason=rng.choice(CANCEL_REASONS),
        )

    add(r1, (jan, jun), received(10, 45))
    add(before, (dt.date(YEAR, 6, 20), FIRST), received(7, 61, start=day_after_first, end=SECOND))
    add(cancelled, (dt.date(YEAR, 2, 1), FIRST), cancel)
    add(waiting, (aug, FIRST), received(0, 61, start=day_after_second))
    add(after, (day_after_first, dt.date(YEAR, 9, 20)), received(5, 61, end=SECOND))
    add(later - after, (day_after_first, SECOND), received(5, 61, start=day_after_second))
    return made


# --- loading --------------------------------------------------------------------------------------------------


def _assignment(reference: str, municipality: Municipality, record: Record) -> Assignment:
    deadline = reception_rules.latest_reception_date(record.decision_date, record.category)
    status = Assignment.Status.RECEIVED if record.received_date else Assignment.Status.CANCELLED
    return Assignment(
        reference=reference,
        municipality=municipality,
        category=record.category,
        person_count=record.persons,
        quota_year=YEAR,
        decision_date=record.decision_date,
        latest_reception_date=deadline.date,
        latest_reception_rule=deadline.as_json(),
        status=status,
        received_date=record.received_date,
        cancelled_date=record.cancelled_date,
        cancel_reason=record.cancel_reason,
    )


@transaction.atomic
def load(*, actor=None) -> dict:
    """Create the kommuntal and anvisningar behind the published 2017 overview; what exists is left as it is.

    Returns the counts: {"quotas": planned, "quotas_created": n, "assignments": planned, "assignments_created": n}.
    """
    municipalities = list(Municipality.objects.select_related("county"))
    by_code = {m.code: m for m in municipalities}
    all_targets = targets(municipalities)

    quotas = [(code, year, quota) for code, _, year, quota in county_quotas()]
    quotas += [(t.code, YEAR, t.quota) for t in all_targets if t.code[:2] != COUNTY]
    have = set(
        MunicipalQuota.objects.filter(year__in={year for _, year, _ in quotas}).values_list(
            "municipality__code", "year"
        )
    )
    new_quotas = [
        MunicipalQuota(municipality=by_code[code], year=year, quota=quota, note="Kommuntal 2017 (seed 002)")
        for code, year, quota in quotas
        if (code, year) not in have
    ]
    MunicipalQuota.objects.bulk_create(new_quotas, batch_size=500)

    existing = set(
        Assignment.objects.filter(reference__startswith=REFERENCE_PREFIX).values_list("reference", flat=True)
    )
    planned = 0
    new_assignments: list[Assignment] = []
    for target in all_targets:
        for number, record in enumerate(records(target), start=1):
            planned += 1
            reference = f"{REFERENCE_PREFIX}{target.code}-{number:04d}"
            if reference not in existing:
                new_assignments.append(_assignment(reference, by_code[target.code], record))
    Assignment.objects.bulk_create(new_assignments, batch_size=1000)

    counts = {
        "quotas": len(quotas),
        "quotas_created": len(new_quotas),
        "assignments": planned,
        "assignments_created": len(new_assignments),
    }
    if new_quotas or new_assignments:
        log_event(
            actor,
            AuditEvent.Action.IMPORT,
            object_type="Assignment",
            summary=f"Södermanland 2017: {len(new_quotas)} kommuntal och {len(new_assignments)} anvisningar skapade",
            changes={"kind": "sodermanland2017", **counts},
        )
    return counts
