"""What every import shares: reading a CSV file as Excel and others write it, parsing cells, the row error report
and the run itself (validate every row, then write all-or-nothing, then one audit event).

The formats are documented in docs/import-formats.md; the shared error codes, the table there, are in codes.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from etablera import bulk
from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def safe_cell(value: Any, *, limit: int = 80) -> str:
    """A value fit to echo into a terminal, a CSV or a spreadsheet: no control characters, shortened, and a text that
    a spreadsheet would run as a formula (=, +, -, @) is prefixed with an apostrophe (OWASP CSV injection)."""
    text = _CONTROL.sub("", str(value if value is not None else ""))
    if len(text) > limit:
        text = text[:limit] + "…"
    stripped = text.lstrip(" ")
    if stripped.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(stripped):
        return "'" + text
    return text


@dataclass(frozen=True)
class RowError:
    row: int  # as in the file: the header is row 1; 0 means the file as a whole
    column: (
        str  # as the file's header writes it (run_import names it so); a column it lacks by its format name
    )
    code: str
    message: str
    value: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message,
            "value": safe_cell(self.value),
        }


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
        }

    def summary_sv(self, label: str) -> str:
        """A readable summary for the terminal (Swedish, or the active language where it is translated)."""
        lines = [
            ngettext("%(label)s: %(n)s rad i filen.", "%(label)s: %(n)s rader i filen.", self.rows)
            % {"label": label, "n": self.rows}
        ]
        if self.errors:
            lines.append(
                ngettext(
                    "Importen avbröts: %(n)s fel. Ingenting har sparats. Rätta filen och kör igen.",
                    "Importen avbröts: %(n)s fel. Ingenting har sparats. Rätta filen och kör igen.",
                    len(self.errors),
                )
                % {"n": len(self.errors)}
            )
            for error in self.errors:
                if error.column:
                    where = _("Rad %(row)s, kolumn %(column)s") % {"row": error.row, "column": error.column}
                else:
                    where = _("Rad %(row)s") % {"row": error.row}
                shown = safe_cell(error.value)
                value = _(', värde "%(value)s"') % {"value": shown} if shown else ""
                lines.append(f"  {where}: {error.message} ({error.code}{value})")
            return "\n".join(lines)
        lines.append("  " + _("Nya: %(n)s") % {"n": self.created})
        lines.append("  " + _("Ändrade: %(n)s") % {"n": self.updated})
        lines.append("  " + _("Oförändrade: %(n)s") % {"n": self.unchanged})
        if self.dry_run:
            lines.append(_("Provkörning: ingenting har sparats."))
        return "\n".join(lines)


class FileError(Exception):
    """The file as a whole cannot be read; carries the row errors to report."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors[0].message if errors else "")
        self.errors = errors


@dataclass
class Table:
    header_row: int
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, column -> stripped text)
    # column -> the header as the file writes it ("Referens", "referens" or "reference"): what a report names.
    headers: dict[str, str] = field(default_factory=dict)

    def named(self, error: RowError) -> RowError:
        """The error with its column named as in the file's header."""
        written = self.headers.get(error.column)
        return replace(error, column=written) if written and written != error.column else error


def _normalise_header(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip().strip("\ufeff").strip().lower())


def _as_written(name: str) -> str:
    return name.strip().strip("\ufeff").strip()


def _accepted_names(column: str, aliases: dict[str, str]) -> str:
    """'reference, referens': every header a format accepts for one column, for the message of a missing one."""
    return ", ".join([column, *(alias for alias, target in aliases.items() if target == column)])


def read_table(
    data: bytes,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    aliases: dict[str, str] | None = None,
) -> Table:
    """Decode (UTF-8, with or without BOM), detect the separator (semicolon or comma), check the header and return the
    rows. Blank rows and rows whose first cell starts with '#' (comments) are skipped but still counted, so that row
    numbers are those a spreadsheet shows. Every error of the header is reported at once, each at the header as the
    file writes it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            [
                RowError(
                    0,
                    "",
                    "invalid_encoding",
                    _(
                        "Filen är inte sparad som UTF-8. Välj ”CSV UTF-8 (kommaavgränsad)” när du sparar i "
                        "Excel."
                    ),
                )
            ]
        ) from error
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text)))
    except csv.Error as error:
        # A field beyond the csv module's limit (128 KiB): no cell of ours is anywhere near that long.
        raise FileError(
            [RowError(0, "", "too_long", _("Filen har ett fält som är för långt (över 128 000 tecken)."))]
        ) from error
    header_row, header = 0, None
    for number, record in enumerate(records, start=1):
        if _skip(record):
            continue
        header_row, header = number, record
        break
    if header is None:
        raise FileError([RowError(0, "", "empty_file", _("Filen är tom: rubrikraden saknas."))])

    aliases = aliases or {}
    required, optional = list(required), list(optional)
    columns = [aliases.get(_normalise_header(c), _normalise_header(c)) for c in header]
    errors: list[RowError] = []
    seen: set[str] = set()
    headers: dict[str, str] = {}
    for name, raw in zip(columns, header, strict=True):
        if not name:
            continue
        written = _as_written(raw)
        if name in seen:
            errors.append(
                RowError(
                    header_row,
                    written,
                    "duplicate_column",
                    _("Kolumnen finns två gånger i rubrikraden (som %(first)s och %(second)s).")
                    % {"first": headers[name], "second": written},
                    raw,
                )
            )
        seen.add(name)
        headers.setdefault(name, written)
        if name not in required and name not in optional:
            allowed = ", ".join([*required, *optional])
            allowed = allowed.replace(", ".join(f"month_{m}" for m in range(1, 13)), "month_1 … month_12")
            errors.append(
                RowError(
                    header_row,
                    written,
                    "unknown_column",
                    _("Okänd kolumn. Tillåtna kolumner: %(allowed)s.") % {"allowed": allowed},
                    raw,
                )
            )
    for name in required:
        if name not in seen:
            errors.append(
                RowError(
                    header_row,
                    name,
                    "missing_column",
                    _("Kolumnen saknas i rubrikraden. Skriv den med något av namnen %(names)s.")
                    % {"names": _accepted_names(name, aliases)},
                )
            )
    if errors:
        raise FileError(errors)

    rows: list[tuple[int, dict[str, str]]] = []
    cell_errors: list[RowError] = []
    for number, record in enumerate(records[header_row:], start=header_row + 1):
        if _skip(record):
            continue
        extra = record[len(columns) :] + [c for c, name in zip(record, columns, strict=False) if not name]
        if any(cell.strip() for cell in extra):
            cell_errors.append(
                RowError(
                    number,
                    "",
                    "wrong_cell_count",
                    _(
                        "Raden har värden i %(cells)s fält men rubrikraden namnger %(columns)s. Kontrollera "
                        "avgränsaren och att text med komma eller semikolon står inom citattecken."
                    )
                    % {"cells": len(record), "columns": sum(map(bool, columns))},
                )
            )
            continue
        values = {
            name: (record[i].strip() if i < len(record) else "") for i, name in enumerate(columns) if name
        }
        rows.append((number, values))
    if cell_errors:
        raise FileError(cell_errors)
    if not rows:
        raise FileError([RowError(header_row, "", "empty_file", _("Filen har en rubrikrad men inga rader."))])
    return Table(header_row, columns, rows, headers)


def _skip(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record) or record[0].lstrip().startswith("#")


def _separator(text: str) -> str:
    """Swedish Excel writes semicolons, most other tools commas: decide on the first line that is not a comment."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return ";" if line.count(";") > line.count(",") else ","
    return ","


# --- cells ----------------------------------------------------------------------------------------------------


class Row:
    """One row being validated: typed getters that record a RowError and return None when a cell is wrong."""

    def __init__(self, number: int, values: dict[str, str]):
        self.number = number
        self.values = values
        self.errors: list[RowError] = []

    def error(self, column: str, code: str, message: str, value: str | None = None) -> None:
        if any(e.column == column for e in self.errors):
            return  # one error per cell is enough
        self.errors.append(
            RowError(
                self.number, column, code, message, self.values.get(column, "") if value is None else value
            )
        )

    def has_error(self, column: str) -> bool:
        return any(e.column == column for e in self.errors)

    def text(self, column: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.values.get(column, "")
        if required and not value:
            self.error(column, "missing_value", _("Värdet saknas."))
        elif max_length and len(value) > max_length:
            self.error(column, "too_long", _("Högst %(n)s tecken.") % {"n": max_length})
        return value

    def integer(
        self, column: str, *, required: bool = False, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        raw = self.values.get(column, "")
        if not raw:
            if required:
                self.error(column, "missing_value", _("Värdet saknas."))
            return None
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", raw)  # "1 200" with (non-breaking) spaces as Excel shows it
        # ASCII digits, and few enough for int() (which refuses beyond 4 300 digits) and for any column of ours.
        if not re.fullmatch(r"[-+]?\d{1,18}", cleaned, re.ASCII):
            self.error(column, "invalid_number", _("Ange ett heltal, t.ex. 12."))
            return None
        number = int(cleaned)
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            if minimum is not None and maximum is not None:
                message = _("Ange ett heltal från %(minimum)s till %(maximum)s.")
            elif minimum is not None:
                message = _("Ange ett heltal som är minst %(minimum)s.")
            else:
                message = _("Ange ett heltal som är högst %(maximum)s.")
            self.error(column, "invalid_number", message % {"minimum": minimum, "maximum": maximum})
            return None
        return number

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        raw = self.values.get(column, "")
        if not raw:
            if required:
                self.error(column, "missing_value", _("Datumet saknas."))
            return None
        try:
            if not _ISO_DATE.fullmatch(raw):
                raise ValueError(raw)
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.error(column, "invalid_date", _("Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2017-08-14."))
            return None

    def municipality(self, municipalities: dict[str, Municipality]) -> Municipality | None:
        """municipality_code (four digits; a leading zero that Excel dropped is put back), checked against the
        optional columns municipality (name) and county_code."""
        raw = self.text("municipality_code", required=True)
        if not raw:
            return None
        code = raw.zfill(4) if raw.isdigit() and len(raw) == 3 else raw
        municipality = municipalities.get(code)
        if municipality is None:
            self.error(
                "municipality_code", "unknown_municipality", _("Okänd kommunkod (fyra siffror, t.ex. 0480).")
            )
            return None
        name = self.values.get("municipality", "")
        if name and not _same_name(name, municipality.name):
            self.error(
                "municipality",
                "municipality_mismatch",
                _("Kommunkoden %(code)s är %(name)s, inte det namn som står på raden.")
                % {"code": code, "name": municipality.name},
            )
        county = self.values.get("county_code", "")
        if county and county.zfill(2) != municipality.county.code:
            self.error(
                "county_code",
                "municipality_mismatch",
                _("%(name)s ligger i län %(county)s, inte det som står på raden.")
                % {"name": municipality.name, "county": municipality.county.code},
            )
        return municipality

    def validation_error(
        self, error: ValidationError, columns: dict[str, str], codes: dict[str, str]
    ) -> None:
        """Report a service's ValidationError at the right column, with the code it carries or the field's code;
        cells that already have a parse error are not reported twice."""
        for field_name, messages in (
            error.error_dict.items() if hasattr(error, "error_dict") else [("", error.error_list)]
        ):
            column = columns.get(field_name, field_name)
            for item in messages:
                code = (
                    item.code
                    if item.code and item.code != "invalid"
                    else codes.get(field_name, "invalid_value")
                )
                message = item.message % item.params if item.params else item.message
                self.error(column, code, str(message))


def once_per_municipality_and_year(
    row: Row, municipality: Municipality | None, year: int | None, first_row: dict, code: str
) -> None:
    """A file holds one row per municipality and year: a second is an error at the municipality, naming the row
    of the first (`first_row` is the file's memory of them, (code, year) -> row number)."""
    if municipality is None or year is None:
        return
    key = (municipality.code, year)
    if key in first_row:
        row.error(
            "municipality_code",
            code,
            _("%(name)s %(year)s finns redan på rad %(row)s.")
            % {"name": municipality.name, "year": year, "row": first_row[key]},
        )
    else:
        first_row[key] = row.number


def require_permitted(row: Row, municipality: Municipality | None, permitted: set[int] | None) -> bool:
    """An import from a page or the API (`permitted` = the actor's reception municipalities) may only be about those
    municipalities: a row about another is an error at its municipality_code, listed with every other error of the
    file (nothing is saved); the command line (None) may import for any. False when the row is not permitted."""
    if permitted is not None and municipality is not None and municipality.pk not in permitted:
        row.error(
            "municipality_code",
            "not_permitted",
            _("Du har inte behörighet att registrera mottagande i %(name)s.") % {"name": municipality.name},
        )
        return False
    return True


def _same_name(given: str, official: str) -> bool:
    """'Nyköping', 'Nyköpings kommun' and 'Stockholms stad' name the municipalities they say."""
    given = re.sub(r"\s+(kommun|stad)$", "", re.sub(r"\s+", " ", given.strip().casefold()))
    official = official.casefold()
    return given in (official, official + "s")


def municipalities_by_code() -> dict[str, Municipality]:
    return {m.code: m for m in Municipality.objects.select_related("county")}


# --- the run --------------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """What an importer found after validating every row: operations to write, and errors."""

    operations: list[Any] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@bulk.collector_paused()  # a file's rows, checks and objects live until written (decision 0020)
def run_import(
    *,
    kind: str,
    data: bytes,
    read: Callable[[bytes], Table],
    plan: Callable[[Table], Plan],
    write: Callable[[Any, Any], str],
    actor=None,
    dry_run: bool = False,
    write_many: Callable[[list[Any], Any], dict[str, int]] | None = None,
) -> ImportResult:
    """Validate every row, then write all-or-nothing in one transaction; one audit event with counts only.

    `write` writes one operation and returns its outcome ('created', 'updated', 'unchanged'); an importer that can
    write in bulk gives `write_many` as well, which writes them all and returns the count per outcome. The garbage
    collector is paused meanwhile (`bulk.collector_paused`, decision 0020)."""
    result = ImportResult(kind=kind, dry_run=dry_run)
    try:
        table = read(data)
        result.rows = len(table.rows)
        found = plan(table)
        result.errors = [table.named(e) for e in sorted(found.errors, key=lambda e: (e.row, e.column))]
    except FileError as error:
        result.errors = error.errors
        found = Plan()
    if result.ok:
        try:
            with transaction.atomic():
                if write_many is not None:
                    for outcome, count in write_many(found.operations, actor).items():
                        setattr(result, outcome, getattr(result, outcome) + count)
                else:
                    for operation in found.operations:
                        outcome = write(operation, actor)
                        setattr(result, outcome, getattr(result, outcome) + 1)
                if dry_run:
                    transaction.set_rollback(True)
        except (ValidationError, DatabaseError) as error:
            # Validation passed, so this is a change made by someone else meanwhile (or a bug): nothing is kept.
            result.created = result.updated = result.unchanged = 0
            result.errors = [
                RowError(
                    0,
                    "",
                    "concurrent_change",
                    _("Importen avbröts och ingenting sparades: %(error)s") % {"error": _message(error)},
                )
            ]
    _audit(actor, result, data)
    return result


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error)


def _audit(actor, result: ImportResult, data: bytes) -> None:
    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers; the event is still written
        os_user = ""
    outcome = "dry_run" if result.dry_run else ("failed" if result.errors else "saved")
    log_event(
        actor,
        AuditEvent.Action.IMPORT,
        object_type={
            "quotas": "MunicipalQuota",
            "assignments": "Assignment",
            "housing_units": "HousingUnit",
            "members": "HouseholdMember",
        }.get(result.kind, result.kind),
        summary=(
            f"Import {result.kind}: {result.rows} rader, {result.created} nya, {result.updated} ändrade, "
            f"{result.unchanged} oförändrade, {len(result.errors)} fel ({outcome})"
        ),
        changes={
            "kind": result.kind,
            "outcome": outcome,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": len(result.errors),
            "error_codes": sorted({e.code for e in result.errors}),
            "sha256": hashlib.sha256(data).hexdigest(),
            "os_user": os_user,
        },
    )
