"""Import of the allocation model's criteria: one row per municipality and year (docs/allocation.md, "The criteria
file"). Built on the reception importers' base: every row checked first, then all-or-nothing in one transaction,
Swedish errors per line with the base's codes, and one audit event for the file. Importing the same file again
changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from etablera.county.models import AllocationCriteria
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

KIND = "allocation_criteria"
LABEL = "Fördelningsunderlag"
REQUIRED = ("municipality_code", "year", "population", "labour_market", "asylum_seekers", "source", "status")
OPTIONAL = ("municipality", "county_code", "earlier_newcomers", "earlier_minors")
ALIASES = {
    "kommunkod": "municipality_code",
    "kommun": "municipality",
    "länskod": "county_code",
    "år": "year",
    "befolkning": "population",
    "arbetsmarknad": "labour_market",
    "asylsökande": "asylum_seekers",
    "tidigare_nyanlända": "earlier_newcomers",
    "tidigare_ensamkommande": "earlier_minors",
    "källa": "source",
}
MAX_COUNT = 10_000_000
FIELDS = (
    "population",
    "labour_market",
    "asylum_seekers",
    "earlier_newcomers",
    "earlier_minors",
    "source",
    "status",
)


@dataclass(frozen=True)
class CriteriaOperation:
    municipality: Municipality
    year: int
    values: dict


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def plan(table: Table) -> Plan:
    result = Plan()
    municipalities = municipalities_by_code()
    first_row: dict[tuple[str, int], int] = {}
    statuses = set(AllocationCriteria.Status.values)
    for number, values in table.rows:
        row = Row(number, values)
        municipality = row.municipality(municipalities)
        year = row.integer("year", required=True)
        if year is not None and not 2016 <= year <= 2100:
            row.error("year", "invalid_year", _("Ange ett år från 2016 till 2100."))
        counts = {
            name: row.integer(name, required=name in REQUIRED, minimum=0, maximum=MAX_COUNT)
            for name in (
                "population",
                "labour_market",
                "asylum_seekers",
                "earlier_newcomers",
                "earlier_minors",
            )
        }
        source = row.text("source", required=True, max_length=300)
        status = row.text("status", required=True)
        if status and status not in statuses:
            row.error(
                "status",
                "unknown_status",
                _("Okänd status. Skriv %(allowed)s.") % {"allowed": " eller ".join(sorted(statuses))},
            )
        once_per_municipality_and_year(row, municipality, year, first_row, "duplicate_quota")
        if row.errors:
            result.errors.extend(row.errors)
            continue
        result.operations.append(
            CriteriaOperation(municipality, year, {**counts, "source": source, "status": status})  # type: ignore[arg-type]
        )
    return result


def write(operation: CriteriaOperation, actor) -> str:
    existing = AllocationCriteria.objects.filter(
        municipality=operation.municipality, year=operation.year
    ).first()
    if existing is None:
        AllocationCriteria.objects.create(
            municipality=operation.municipality, year=operation.year, **operation.values
        )
        return "created"
    if all(getattr(existing, name) == operation.values[name] for name in FIELDS):
        return "unchanged"
    for name in FIELDS:
        setattr(existing, name, operation.values[name])
    existing.save(update_fields=list(FIELDS))
    return "updated"


def import_criteria(data: bytes, *, actor=None, dry_run: bool = False) -> ImportResult:
    """The command line's import (actor None): the criteria are reference data for the county board's model."""
    return run_import(kind=KIND, data=data, read=read, plan=plan, write=write, actor=actor, dry_run=dry_run)
