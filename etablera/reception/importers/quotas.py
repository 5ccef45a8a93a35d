"""Import of kommuntal: one row per municipality and year, optionally split per month (docs/import-formats.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from etablera.organisation.models import Municipality
from etablera.reception import services
from etablera.reception.importers.base import (
    Plan,
    Row,
    Table,
    municipalities_by_code,
    once_per_municipality_and_year,
    read_table,
    require_permitted,
)

REQUIRED = ("municipality_code", "year", "quota")
MONTHS = tuple(f"month_{m}" for m in range(1, 13))
OPTIONAL = ("note", "municipality", "county_code", *MONTHS)
# Swedish headers, and the shipped file etablera/reception/data/sodermanland_kommuntal.csv, are accepted as they are.
ALIASES = {
    "kommunkod": "municipality_code",
    "år": "year",
    "kommuntal": "quota",
    "tal": "quota",
    "anteckning": "note",
    "kommun": "municipality",
    "länskod": "county_code",
    **{f"månad_{m}": f"month_{m}" for m in range(1, 13)},
}
MONTHS_COLUMN = "month_1–month_12"
# clean_quota's fields -> the column and the code an error there is reported with.
COLUMNS = {"quota": "quota", "year": "year", "months": MONTHS_COLUMN}
CODES = {"quota": "negative_quota", "year": "invalid_year", "months": "invalid_month_split"}


@dataclass(frozen=True)
class QuotaOperation:
    municipality: Municipality
    year: int
    quota: int
    months: dict[int, int] | None
    note: str


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def plan(table: Table, *, permitted: set[int] | None = None) -> Plan:
    result = Plan()
    municipalities = municipalities_by_code()
    first_row: dict[tuple[str, int], int] = {}
    for number, values in table.rows:
        row = Row(number, values)
        municipality = row.municipality(municipalities)
        require_permitted(row, municipality, permitted)
        year = row.integer("year", required=True)
        quota = row.integer("quota", required=True, maximum=100_000)
        note = row.text("note", max_length=200)
        months: dict[int, int] = {}
        for month, column in enumerate(MONTHS, start=1):
            count = row.integer(column, maximum=100_000)
            if count is not None:
                months[month] = count
        if year is not None and quota is not None:
            try:
                services.clean_quota(year=year, quota=quota, months=months or None)
            except ValidationError as error:
                row.validation_error(error, COLUMNS, CODES)
        once_per_municipality_and_year(row, municipality, year, first_row, "duplicate_quota")
        if row.errors:
            result.errors.extend(row.errors)
            continue
        result.operations.append(
            QuotaOperation(municipality, year, quota, months or None, note)  # type: ignore[arg-type]
        )
    return result


def write(operation: QuotaOperation, actor) -> str:
    _, outcome = services.set_quota(
        actor=actor,
        municipality=operation.municipality,
        year=operation.year,
        quota=operation.quota,
        months=operation.months,
        note=operation.note,
    )
    return outcome
