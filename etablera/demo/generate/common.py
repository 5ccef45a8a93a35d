"""What every domain's generator shares: the names that mark generated data, the options, the municipality as the
run sees it (`_Place`, `_Staff`), and `Rows`, the run's state that the domains' generators extend.

The generator for one run is one object: `runner._Generator`, made of the domains' classes (people, reception,
cases, access, quotas) over `Rows`. They share one random generator, drawn in one fixed order, so that a seed
gives the same data every time; and their rows go into the `_Table`s of writing.py, which `Rows` makes from each
domain's TABLES. Domain modules import this module (and writing.py), never the runner or each other's rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from django.db import models
from django.utils import timezone

from etablera.demo.generate.writing import _Progress, _Table, _Writer
from etablera.organisation.models import Membership, Municipality, Unit, User
from etablera.reception.models import Assignment, TemplateStep

DEFAULT_SEED = 2017
DEFAULT_PERSONS = 1_000_000
DEFAULT_YEARS = 10

REFERENCE_PREFIX = "GEN-"
USERNAME_PREFIX = "gen-"
GENERATED = "generated"  # AuditEvent.changes[GENERATED] is true for generated events

# Issue #19: `etablera generate` of the national data set stays under this much resident memory (docs/performance.md).
MEMORY_GOAL_MB = 1024

BENCH_MUNICIPALITY = "0480"  # Nyköping, the demo's municipality, sized as a mid-size municipality
BENCH_PASSWORD = "bench-etablera-2026"  # noqa: S105 — documented, for the benchmark logins of a generated database


def peak_memory_mb() -> float:
    """The most resident memory this process has held so far, in MB (Linux reports ru_maxrss in KiB) — the figure
    the generate command prints and the bench reports against MEMORY_GOAL_MB."""
    import resource  # POSIX only: imported here so that the generator itself imports anywhere

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class GenerateRefused(Exception):
    """Generated data exists already (or the options make no sense); nothing was written."""


@dataclass
class Options:
    seed: int = DEFAULT_SEED
    persons: int = DEFAULT_PERSONS
    years: int = DEFAULT_YEARS
    today: dt.date | None = None
    reset: bool = False
    analyze: bool = True  # PostgreSQL: VACUUM ANALYZE afterwards (outside a transaction only)
    bench_share: float | None = (
        None  # the benchmark municipality's share of households (tests: so it has some)
    )
    progress: TextIO | None = None  # where progress lines go (stderr in the command); None: silent


@dataclass(frozen=True)
class BenchLogin:
    username: str
    first_name: str
    last_name: str
    unit: str  # UnitSpec.key
    role: str
    description: str

    def ensure(self, unit: Unit) -> tuple[User, bool]:
        """The login (password BENCH_PASSWORD) with its role in `unit`, made once: (user, whether it was made now)."""
        from django.contrib.auth.hashers import make_password

        user, created = User.objects.get_or_create(
            username=self.username,
            defaults={
                "first_name": self.first_name,
                "last_name": self.last_name,
                "email": f"{self.username}@example.org",
                "password": make_password(BENCH_PASSWORD),
            },
        )
        Membership.objects.get_or_create(user=user, unit=unit, role=self.role)
        return user, created


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def has_generated_data() -> bool:
    return Assignment.objects.filter(reference__startswith=REFERENCE_PREFIX).exists()


@dataclass
class _Staff:
    pk: int
    username: str
    full_name: str


@dataclass
class _Place:
    """A municipality and what generation needs of it."""

    municipality: Municipality
    weight: float
    units: dict[str, Unit] = field(default_factory=dict)  # by UnitSpec.key
    units_by_function: dict[str, Unit] = field(default_factory=dict)
    reception_unit: Unit | None = None
    workers: dict[int, list[_Staff]] = field(default_factory=dict)  # unit pk -> caseworkers
    registrars: list[_Staff] = field(default_factory=list)  # reception caseworkers
    coordinator: _Staff | None = None
    template_name: str = ""
    steps: list[TemplateStep] = field(default_factory=list)
    adults: list[int] = field(default_factory=list)  # received adults: anchors for family reunification
    postal_prefix: str = ""
    plan: list | None = None  # _Step for each template step, made on first use
    counter: dict[int, int] = field(default_factory=dict)  # year -> anvisningar so far
    persons: dict[int, int] = field(default_factory=dict)  # year -> persons assigned


class _P:
    """What tasks_generation.person_matches and household_matches read of a person, without a model instance."""

    __slots__ = ("birth_date", "category", "first_name")

    def __init__(self, birth_date: dt.date | None, category: str, first_name: str):
        self.birth_date = birth_date
        self.category = category
        self.first_name = first_name


class _M:
    __slots__ = ("person", "relation")

    def __init__(self, person: _P, relation: str):
        self.person = person
        self.relation = relation


def _weighted(rng: random.Random, weights: dict[str, float]) -> Callable[[], str]:
    keys = list(weights)
    cumulative = list(itertools.accumulate(weights[k] for k in keys))
    total = cumulative[-1]

    def choose() -> str:
        return keys[bisect.bisect_right(cumulative, rng.random() * total)]

    return choose


_DAY = dt.timedelta(days=1)
_MINUTES = [dt.timedelta(minutes=n) for n in range(24 * 60)]
_GENERATED_JSON = json.dumps({GENERATED: True})


class Rows:
    """One run's state, shared by the domains' generators: the options, the day, the random generator, the
    tables. A domain's generator is a subclass that names its tables in TABLES — (attribute, label, model,
    columns) — and reads what it needs before the load in `_prepare()` (calling super()). The tables are made in
    the order of the classes (the runner's DOMAINS), which is the order they are written in: referenced first."""

    TABLES: tuple[tuple[str, str, type[models.Model], str], ...] = ()

    def __init__(self, options: Options, today: dt.date, progress: _Progress):
        self.options = options
        self.today = today
        self.progress = progress
        self.rng = random.Random(f"etablera-generate-{options.seed}")  # noqa: S311 — reproducible fiction
        self.tz = timezone.get_current_timezone()
        # Nothing is dated after now; with a given day, "now" is the end of that day, so that runs repeat exactly.
        self.now = (
            dt.datetime.combine(today, dt.time(23, 59), tzinfo=self.tz) if options.today else timezone.now()
        )
        self.last_year = today.year
        self.first_year = today.year - options.years + 1
        first_day = max(
            dt.date(self.first_year, 1, 1), dt.date(2016, 3, 1)
        )  # bosättningslagen from 2016-03-01
        self.first_day = first_day
        self.persons_done = 0
        self.households_done = 0
        self.writer: _Writer | None = None
        self._midnight: dict[dt.date, dt.datetime] = {}
        # Read before the load: the main thread does not query while the COPY thread uses the connection.
        self._prepare()
        self.tables: list[_Table] = []
        for cls in type(self).__mro__:
            for attribute, label, model, columns in cls.__dict__.get("TABLES", ()):
                table = _Table(label, model, columns)
                setattr(self, attribute, table)
                self.tables.append(table)
        for table in self.tables:
            table.next_id = (table.model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def _prepare(self) -> None:
        """What a domain reads from the database before the load (each domain's override calls super())."""

    def _end_of_year(self, places: dict[str, _Place], year: int) -> None:
        """What a domain writes once a year's households are made (each domain's override calls super() first)."""

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _at(self, day: dt.date, low: int = 8, high: int = 16) -> dt.datetime:
        """A time during the working day on `day`, never later than now."""
        midnight = self._midnight.get(day)
        if midnight is None:
            midnight = self._midnight[day] = dt.datetime(day.year, day.month, day.day, tzinfo=self.tz)
        when = midnight + _MINUTES[low * 60 + int(self.rng.random() * (high - low + 1) * 60)]
        return when if day < self.today else min(when, self.now)

    def _rows(self) -> int:
        return sum(t.written + len(t.rows) for t in self.tables)
