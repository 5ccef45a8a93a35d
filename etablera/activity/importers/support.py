"""Försörjningsstöd per month from a CSV file (issue #13; docs/import-formats.md "Försörjningsstöd per månad
(aktivitetskravet)"): one row per household and month, as the social-services system exports it, written with
activity.services.support.record_support_month.

The household is found by the identity number of any present member (the anchor person or another; personnummer,
samordningsnummer or dossiernummer, current or former); the persons the support covers are the identity numbers in
`persons`, separated by semicolons (or commas or spaces), each a present member of that household — empty means
every present member. The reading, row errors and the run are the reception imports' (reception/importers/base.py):
every row validated first, then all written in one transaction or nothing; the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from etablera.access.policy import capabilities, restrict
from etablera.activity.models import SupportMonth
from etablera.activity.services import support as services
from etablera.people.models import Household, Person
from etablera.people.selectors import identity_number_q
from etablera.reception.importers.base import ImportResult, Plan, Row, RowError, Table, read_table, run_import

KIND = "support-months"
NUMBER = "identity_number"
REQUIRED = [NUMBER, "month", "amount"]
OPTIONAL = ["persons"]
ALIASES = {
    "personnummer": NUMBER,
    "identitetsnummer": NUMBER,
    "pnr": NUMBER,
    "dossiernummer": NUMBER,
    "månad": "month",
    "belopp": "amount",
    "personer": "persons",
}
COLUMNS = {"month": "month", "amount": "amount", "persons": "persons"}
SECRET_COLUMNS = (NUMBER, "persons")  # identity numbers: never repeated in a report
MAX_PERSONS_CELL = 1000
_MONTH = re.compile(r"(\d{4})-(\d{2})(-\d{2})?")
_SEPARATORS = re.compile(r"[;,\s]+")


@dataclass
class Operation:
    household: Household
    month: dt.date
    amount: int
    persons: list[Person]
    outcome: str  # created, updated or unchanged


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def _month(row: Row) -> dt.date | None:
    raw = row.text("month", required=True)
    if not raw:
        return None
    match = _MONTH.fullmatch(raw)
    try:
        if match is None:
            raise ValueError(raw)
        return dt.date(int(match[1]), int(match[2]), 1)
    except ValueError:
        row.error("month", "invalid_date", _("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-11."))
        return None


def _household(row: Row, actor) -> Household | None:
    """The household of the member the row's number names: one the actor sees and keeps the support of (social
    services of its municipality). A number nobody holds and a household the actor may not see are the same
    error, so a file cannot probe who exists."""
    raw = row.text(NUMBER, required=True)
    if not raw:
        return None
    query = identity_number_q(raw)
    if query is None:
        row.error(
            NUMBER,
            "invalid_identity_number",
            _("Ange ett helt personnummer eller samordningsnummer (ÅÅÅÅMMDD-NNNN) eller dossiernummer."),
        )
        return None
    households = Household.objects.filter(memberships__person__in=Person.objects.filter(query))
    if actor is not None:
        households = restrict(actor, households).filter(
            municipality_id__in=capabilities(actor).social_services_municipality_ids
        )
    found = list(households.select_related("municipality").distinct()[:2])
    if not found:
        row.error(
            NUMBER,
            "not_permitted",
            _(
                "Inget hushåll med en medlem med numret som du har behörighet att registrera försörjningsstöd för."
            ),
        )
        return None
    if len(found) > 1:
        row.error(
            NUMBER, "invalid_value", _("Personen med numret hör till flera hushåll: ange en annan medlem.")
        )
        return None
    return found[0]


def _persons(row: Row, household: Household) -> list[Person] | None:
    raw = row.text("persons", max_length=MAX_PERSONS_CELL)
    if row.has_error("persons"):
        return None
    members = Person.objects.filter(household_memberships__household=household)
    if not raw:
        return list(members.order_by("pk"))
    chosen: dict[int, Person] = {}
    for number in (n for n in _SEPARATORS.split(raw) if n):
        query = identity_number_q(number)
        found = list(members.filter(query).distinct()[:2]) if query is not None else []
        if len(found) != 1:
            row.error(
                "persons",
                "not_permitted",
                _("Ett av numren i personer är inte ett helt nummer som någon i hushållet har."),
            )
            return None
        chosen[found[0].pk] = found[0]
    return list(chosen.values())


def _trial(row: Row, actor, household, month, amount, persons) -> None:
    try:
        with transaction.atomic():
            services.record_support_month(
                actor=actor, household=household, month=month, amount=amount, persons=persons
            )
            transaction.set_rollback(True)
    except ValidationError as error:
        row.validation_error(error, COLUMNS, {})


def _outcome(household, month, amount, persons) -> str:
    existing = SupportMonth.objects.filter(household=household, month=month).first()
    if existing is None:
        return "created"
    same = existing.amount == amount and set(existing.persons.values_list("pk", flat=True)) == {
        p.pk for p in persons
    }
    return "unchanged" if same else "updated"


def plan(table: Table, *, actor=None) -> Plan:
    result = Plan()
    seen: dict[tuple[int, dt.date], int] = {}
    for number, values in table.rows:
        row = Row(number, values)
        household = _household(row, actor)
        month = _month(row)
        amount = row.integer("amount", required=True, minimum=1, maximum=services.MAX_AMOUNT)
        persons = _persons(row, household) if household is not None else None
        if household is not None and month is not None:
            first = seen.setdefault((household.pk, month), number)
            if first != number:
                row.error(
                    "month",
                    "duplicate_person",
                    _("Samma hushåll och månad finns redan på rad %(row)s.") % {"row": first},
                )
        if not row.errors:
            _trial(row, actor, household, month, amount, persons)
        if row.errors:
            result.errors.extend(
                RowError(e.row, e.column, e.code, e.message, "") if e.column in SECRET_COLUMNS else e
                for e in row.errors
            )
            continue
        outcome = _outcome(household, month, amount, persons)
        result.operations.append(Operation(household, month, amount, persons, outcome))
    return result


def write(operation: Operation, actor) -> str:
    if operation.outcome == "unchanged":
        return "unchanged"
    _support, outcome = services.record_support_month(
        actor=actor,
        household=operation.household,
        month=operation.month,
        amount=operation.amount,
        persons=operation.persons,
        source=SupportMonth.Source.IMPORT,
    )
    return outcome


def import_file(data: bytes, *, actor=None, dry_run: bool = False) -> ImportResult:
    """Validate every row, then write all or nothing (one IMPORT audit event, and one per month written)."""
    return run_import(
        kind=KIND,
        data=data,
        read=read,
        plan=functools.partial(plan, actor=actor),
        write=write,
        actor=actor,
        dry_run=dry_run,
    )
