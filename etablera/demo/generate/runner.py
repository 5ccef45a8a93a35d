"""The run of `etablera generate`: `generate(options)` makes the organisation, then the households year by year
through the domains' generators, writes everything in one transaction and returns a `Summary`.

The generator of a run is one class made of the domains' classes, named in DOMAINS in the order their tables are
written (referenced tables first). A new domain writes its class in its own module (a `Rows` subclass with its
TABLES, see common.py) and adds it to DOMAINS here — one line. The run calls into the domains at two points:
`Reception.household` for each household (which calls people, cases and access in turn) and `_end_of_year` after
each year's households (quotas.py); a domain that writes per household is called from `household`.
"""

# ruff: noqa: S608 — SQL below is built from model table and column names (quoted), never from input.

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from etablera.demo.generate import access, cases, establishment, people, quotas, reception
from etablera.demo.generate.common import (
    BENCH_MUNICIPALITY,
    BenchLogin,
    GenerateRefused,
    Options,
    Rows,
    _Place,
    _weighted,
    has_generated_data,
    peak_memory_mb,
)
from etablera.demo.generate.organisation import BENCH_LOGINS, _ensure_organisation, _staff_of, _weights
from etablera.demo.generate.people import CATEGORY_SHARES, DEFAULT_ORIGINS, HOUSEHOLD_SIZES, ORIGIN_WEIGHTS
from etablera.demo.generate.reset import reset_generated
from etablera.demo.generate.writing import _BulkCreateWriter, _CopyWriter, _n, _Progress, _Writer
from etablera.organisation.models import Municipality

# The domains whose rows a run makes household by household, in the order their tables are written.
DOMAINS: tuple[type[Rows], ...] = (
    people.People,
    establishment.Establishment,  # before Cases: its _receive runs the reception's, then its own
    reception.Reception,
    cases.Cases,
    access.Access,
    quotas.Quotas,
)


@dataclass
class Summary:
    seed: int
    today: dt.date
    years: tuple[int, int]
    counts: dict[str, int] = field(default_factory=dict)  # label -> rows written
    households: int = 0
    persons: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0  # the process's largest resident memory, at the end (common.peak_memory_mb)
    backend: str = ""
    bench_municipality: str = ""
    bench_logins: tuple[BenchLogin, ...] = BENCH_LOGINS
    reset: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class _Generator(*DOMAINS):
    """One run: the domains' generators together, sharing one random generator."""

    def run(self, places: dict[str, _Place]) -> None:
        rng = self.rng
        targets = self.year_targets()
        total = sum(targets.values())
        codes = [code for code, place in places.items() if place.reception_unit is not None and place.steps]
        if not codes:
            raise GenerateRefused("Ingen kommun har en mottagningsenhet och en processmall.")
        weights = {code: places[code].weight for code in codes}
        share = self.options.bench_share
        if share and BENCH_MUNICIPALITY in weights and 0 < share < 1:
            others = sum(w for code, w in weights.items() if code != BENCH_MUNICIPALITY)
            weights[BENCH_MUNICIPALITY] = others * share / (1 - share)
        choose_place = _weighted(rng, weights)
        choose_origin = _weighted(rng, DEFAULT_ORIGINS)
        self.origin_choosers = {
            category: _weighted(rng, weights) for category, weights in ORIGIN_WEIGHTS.items()
        }
        size_choosers = {
            category: _weighted(rng, {str(i + 1): w for i, w in enumerate(weights)})
            for category, weights in HOUSEHOLD_SIZES.items()
        }
        for year in sorted(targets):
            start = max(dt.date(year, 1, 1), self.first_day)
            end = min(dt.date(year, 12, 31), self.today)
            span = (end - start).days
            remaining = {
                category: int(round(targets[year] * share)) for category, share in CATEGORY_SHARES.items()
            }
            while True:
                left = {category: n for category, n in remaining.items() if n > 0}
                if not left:
                    break
                categories = list(left)
                weights = list(itertools.accumulate(left[c] for c in categories))
                category = categories[bisect.bisect_right(weights, rng.random() * weights[-1])]
                size = min(int(size_choosers[category]()), left[category])
                decision = start + dt.timedelta(days=rng.randint(0, span))
                place = places[choose_place()]
                made = self.household(place, category, size, decision, choose_origin)
                remaining[category] -= made
                if not self.households_done % 64:
                    self.writer.maybe_flush()
                self.progress.update(str(year), self.persons_done, total, self.households_done, self._rows)
            self._end_of_year(places, year)
        self.writer.flush()
        self.progress.update("klart", self.persons_done, total, self.households_done, self._rows, force=True)


def generate(options: Options) -> Summary:
    """Generate the data set (see the module docstring). Raises GenerateRefused when generated data exists and
    `options.reset` is not set."""
    if options.persons < 1 or options.years < 1:
        raise GenerateRefused("Antal personer och år måste vara minst 1.")
    today = options.today or timezone.localdate()
    first_year = today.year - options.years + 1
    if first_year < 2016:
        raise GenerateRefused("Bosättningslagen gäller från 2016: välj färre år.")
    progress = _Progress(options.progress)
    summary = Summary(
        seed=options.seed, today=today, years=(first_year, today.year), backend=connection.vendor
    )
    if has_generated_data():
        if not options.reset:
            raise GenerateRefused(
                "Databasen har redan genererade data (anvisningar med referens GEN-…). Kör med --reset för att "
                "ta bort dem först, eller generera i en ny databas."
            )
        progress.note("tar bort tidigare genererade data (--reset)")
        summary.reset = reset_generated()
    started = time.monotonic()
    with transaction.atomic():
        municipalities = list(Municipality.objects.select_related("county").order_by("code"))
        org_rng = random.Random(f"etablera-generate-organisation-{options.seed}")  # noqa: S311
        weights = _weights(municipalities, org_rng)
        places = {
            m.code: _Place(
                municipality=m,
                weight=weights[m.code],
                postal_prefix=f"{100 + (int(m.code) * 37) % 880:03d}",
            )
            for m in municipalities
        }
        made = _ensure_organisation(places, org_rng, progress)
        _staff_of(places)
        generator = _Generator(options, today, progress)
        writer: _Writer = (
            _CopyWriter(generator.tables, progress)
            if connection.vendor == "postgresql"
            else _BulkCreateWriter(generator.tables)
        )
        generator.writer = writer
        writer.start()
        try:
            generator.run(places)
            progress.note("skriver index och kontrollerar främmande nycklar")
            writer.finish()
        finally:
            writer.close()
        summary.counts = {"nya enheter": made["enheter"], "nya användare": made["användare"]}
        for table in generator.tables:
            summary.counts[table.label] = summary.counts.get(table.label, 0) + table.written
        summary.households = generator.households_done
        summary.persons = generator.persons_done
        summary.bench_municipality = (
            places[BENCH_MUNICIPALITY].municipality.name if BENCH_MUNICIPALITY in places else ""
        )
    if connection.vendor == "postgresql" and options.analyze and not connection.in_atomic_block:
        progress.note("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            for table in generator.tables:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table.model._meta.db_table)}")
    summary.seconds = time.monotonic() - started
    summary.peak_mb = peak_memory_mb()
    progress.note(f"klart: {_n(summary.rows)} rader på {summary.seconds:.0f} s")
    return summary
