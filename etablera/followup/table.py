"""From records to a table of figures (issue #16): every indicator's source gives `Record`s — one per person,
household or anvisning, carrying only what the figures need (the municipality, the breakdown values, a number) —
and this module groups them per municipality and breakdown value, aggregates them the indicator's way, adds the
county's rows, and runs the small-cell suppression (suppression.py) over the whole table before anything leaves.

A new source is a new function that yields records; a new kind of figure is one entry in `AGGREGATES`. Neither
touches the tables, the command or the page."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from etablera.followup.suppression import SUPPRESSED, Cell, suppress
from etablera.organisation.models import Municipality

UNKNOWN = "?"  # a breakdown value the records do not know (an age band without a birth date)


@dataclass(frozen=True)
class Record:
    """One unit behind a figure. Never leaves the register: no id, no name, no date."""

    municipality_id: int
    number: int | float = 1  # 1/0 for a share, days for a median, kronor for a sum
    weight: int = 1  # the persons the unit stands for (a household's received members)
    sex: str | None = None
    age_band: str | None = None
    category: str | None = None


@dataclass
class Scope:
    """What a table is computed over; `memo` keeps what several indicators read (the cohort) for one run."""

    municipalities: list[Municipality]
    year: int
    as_of: dt.date
    populations: dict[int, int] = field(default_factory=dict)  # municipality id -> folkmängd 31 december
    memo: dict[Any, Any] = field(default_factory=dict)

    def remember(self, key, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


class NotMeasurable(Exception):
    """The figure cannot be computed for the year yet (or at all): the message says why, in Swedish."""


def percent(part: int | float, whole: int | float) -> int:
    return int((Decimal(part * 100) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def one_decimal(value: float | Decimal) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _share(records: list[Record], population: int | None) -> Cell:
    n, hits = len(records), int(sum(r.number for r in records))
    return Cell(
        base=n, numerator=hits, denominator=n, value=percent(hits, n) if n else None, contributors=hits
    )


def _median(records: list[Record], population: int | None) -> Cell:
    values = [r.number for r in records]
    value = one_decimal(statistics.median(values)) if values else None
    return Cell(base=len(values), denominator=len(values), value=value)


def _per_1000(records: list[Record], population: int | None) -> Cell:
    n = sum(r.weight for r in records)
    value = one_decimal(Decimal(n * 1000) / Decimal(population)) if population else None
    return Cell(base=n, numerator=n, denominator=population, value=value, contributors=n)


def _amount_per_person(records: list[Record], population: int | None) -> Cell:
    persons = sum(r.weight for r in records)
    amount = int(sum(r.number for r in records))
    paid = sum(1 for r in records if r.number)
    value = int((Decimal(amount) / Decimal(persons)).quantize(Decimal(1), ROUND_HALF_UP)) if persons else None
    return Cell(base=persons, numerator=amount, denominator=persons, value=value, contributors=paid)


def _sum(records: list[Record], population: int | None) -> Cell:
    amount = int(sum(r.number for r in records))
    paid = sum(1 for r in records if r.number)
    return Cell(
        base=len(records), numerator=amount, denominator=len(records), value=amount, contributors=paid
    )


# How each kind of figure is made from its records. The cell's base is what it rests on (suppression.py).
AGGREGATES: dict[str, Callable[[list[Record], int | None], Cell]] = {
    "share": _share,
    "median": _median,
    "per_1000": _per_1000,
    "amount_per_person": _amount_per_person,
    "sum": _sum,
}


@dataclass
class Row:
    municipality_code: str | None  # None: the county's row
    municipality: str
    group: str | None  # the breakdown value, None: all
    numerator: Any
    denominator: Any
    value: Any

    @property
    def is_total(self) -> bool:
        return self.group is None

    def as_dict(self, by: str | None) -> dict[str, Any]:
        return {
            "municipality_code": self.municipality_code,
            "municipality": self.municipality,
            (by or "group"): self.group,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
        }


def build(
    records: list[Record],
    *,
    scope: Scope,
    aggregate: str,
    by: str | None,
    order: list[str],
    county: str | None,
    min_cell: int,
) -> list[Row]:
    """The table's rows: per municipality its total and its breakdown, then (with `county`, the county's name) the
    county's; every figure suppressed where it must be. Breakdown values without records are left out."""
    make = AGGREGATES[aggregate]
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for record in records:
        value = (getattr(record, by) or UNKNOWN) if by else None
        for place in (record.municipality_id, None):
            groups[(place, None)].append(record)
            if by:
                groups[(place, value)].append(record)
    present = {value for _, value in groups if value is not None}
    values = [v for v in [*order, UNKNOWN] if v in present]
    places = [m.pk for m in scope.municipalities] + ([None] if county else [])
    county_population = (
        sum(scope.populations.values()) if len(scope.populations) == len(scope.municipalities) else None
    )
    cells: dict[tuple, Cell] = {}
    for place in places:
        population = scope.populations.get(place) if place else county_population
        for value in [None, *values]:
            if value is None or (place, value) in groups:
                cells[(place, value)] = make(groups.get((place, value), []), population)
    breakdowns = [((place, None), [(place, v) for v in values]) for place in places]
    if county:
        breakdowns += [((None, v), [(m, v) for m in places if m]) for v in [None, *values]]
    suppress(cells, breakdowns, min_cell)
    names = {m.pk: (m.code, m.name) for m in scope.municipalities}
    rows = []
    for (place, value), cell in cells.items():
        code, name = names[place] if place else (None, county or "")
        rows.append(Row(code, name, value, **cell.shown()))
    return rows


__all__ = ["SUPPRESSED", "UNKNOWN", "NotMeasurable", "Record", "Row", "Scope", "build"]
