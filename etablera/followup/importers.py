"""Import of the population per municipality and year (issue #16), in the format of the shipped file
data/population.csv: municipality_code, year, population, source, and optionally municipality (the name, checked
against the code), county_code and status (in_force or unverified; in_force when empty). Every row is checked
first; with one error nothing is saved (reception/importers/base.py `run_import`). The same file twice changes
nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from etablera.followup import services
from etablera.followup.models import Population
from etablera.organisation.models import Municipality
from etablera.reception.importers.base import (
    ImportResult,
    Plan,
    Row,
    Table,
    municipalities_by_code,
    once_per_municipality_and_year,
    read_table,
    run_import,
)

SHIPPED = Path(__file__).resolve().parent / "data" / "population.csv"
REQUIRED = ("municipality_code", "year", "population", "source")
OPTIONAL = ("municipality", "county_code", "status")
ALIASES = {
    "kommunkod": "municipality_code",
    "kommun": "municipality",
    "länskod": "county_code",
    "år": "year",
    "folkmängd": "population",
    "källa": "source",
}
FIRST_YEAR, LAST_YEAR = 1968, 2100  # BE0101N1 starts in 1968


@dataclass(frozen=True)
class PopulationOperation:
    municipality: Municipality
    year: int
    population: int
    source: str
    status: str


def label() -> str:
    return _("Folkmängd")


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def plan(table: Table) -> Plan:
    result = Plan()
    municipalities = municipalities_by_code()
    first_row: dict[tuple[str, int], int] = {}
    for number, values in table.rows:
        row = Row(number, values)
        municipality = row.municipality(municipalities)
        year = row.integer("year", required=True, minimum=FIRST_YEAR, maximum=LAST_YEAR)
        population = row.integer("population", required=True, minimum=1, maximum=20_000_000)
        source = row.text("source", required=True, max_length=300)
        status = row.text("status") or Population.Status.IN_FORCE
        if status not in Population.Status.values:
            row.error(
                "status",
                "unknown_status",
                _("Status är in_force (officiell siffra) eller unverified (ej kontrollerad)."),
                status,
            )
        once_per_municipality_and_year(row, municipality, year, first_row, "invalid_value")
        if row.errors:
            result.errors.extend(row.errors)
            continue
        result.operations.append(
            PopulationOperation(municipality, year, population, source, status)  # type: ignore[arg-type]
        )
    return result


def write(operation: PopulationOperation, actor) -> str:
    return services.set_population(
        municipality=operation.municipality,
        year=operation.year,
        population=operation.population,
        source=operation.source,
        status=operation.status,
    )


def import_population(data: bytes, *, actor=None, dry_run: bool = False) -> ImportResult:
    return run_import(
        kind="population", data=data, read=read, plan=plan, write=write, actor=actor, dry_run=dry_run
    )
