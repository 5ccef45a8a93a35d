"""Payments received from a CSV file (issue #15; docs/import-formats.md "Inbetalningar"): one row per payment, as
the finance system exports its ledger lines or as Migrationsverket's payment specification lists them, for one
municipality (chosen on the page, `--municipality` on the command line, `?municipality=` in the API).

Each row is checked with money.services.payments.clean_payment — the rules of the form — and written with
record_payment. A row may name the person it is for (`identity_number`: personnummer, samordningsnummer or
dossiernummer, current or former, as people.selectors.identity_number_q reads them); it must be a person the
importing user sees, and a number nobody holds and a person the user may not see are the same error, so a file
cannot probe who exists. The number is never repeated in a report, a log or the stored key.

Idempotent: a row's `import_key` is the SHA-256 of the municipality and the row as read (dates, amount, month, kind,
texts and the person's record), so the same file again adds nothing (`unchanged`), and a second export that repeats
last month's lines adds only the new ones. The reading, row errors and the run are the reception imports'
(reception/importers/base.py): every row validated first, then all written in one transaction or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from etablera.access.policy import restrict
from etablera.money.models import Kind, Payment
from etablera.money.services import payments as services
from etablera.organisation.models import Municipality
from etablera.people.models import Person
from etablera.people.selectors import identity_number_q
from etablera.reception.importers.base import ImportResult, Plan, Row, RowError, Table, read_table, run_import

KIND = "payments"
NUMBER = "identity_number"
REQUIRED = ["paid_on", "amount", "month", "kind"]
OPTIONAL = ["reference", "description", NUMBER]
ALIASES = {
    "betalningsdag": "paid_on",
    "betalningsdatum": "paid_on",
    "utbetalningsdag": "paid_on",
    "belopp": "amount",
    "belopp_kr": "amount",
    "avser_månad": "month",
    "avser_manad": "month",
    "månad": "month",
    "manad": "month",
    "ersättning": "kind",
    "ersattning": "kind",
    "ersättningstyp": "kind",
    "verifikation": "reference",
    "verifikationsnummer": "reference",
    "referens": "reference",
    "text": "description",
    "beskrivning": "description",
    "personnummer": NUMBER,
    "samordningsnummer": NUMBER,
    "dossiernummer": NUMBER,
    "identitetsnummer": NUMBER,
    "pnr": NUMBER,
}
# A service's field -> the file's column.
COLUMNS = {
    "kind": "kind",
    "month": "month",
    "paid_on": "paid_on",
    "amount": "amount",
    "reference": "reference",
    "description": "description",
    "person": NUMBER,
}
# The codes this import reports beyond the shared ones of reception/importers/codes.py (documented in the docs'
# "Payment code" table; a test checks).
PAYMENT_ERROR_CODES = {
    "unknown_kind": "Okänd ersättning.",
    "duplicate_row": "Samma inbetalning finns på två rader i filen.",
}
# What the finance systems and Migrationsverket's specification write for each kind (case, spaces and underscores
# aside), besides the codes and the labels themselves.
KIND_WORDS = {
    Kind.SCHABLON: ("schablon", "schablonersättning", "schablonersattning", "schablonbelopp"),
    Kind.INITIAL_COSTS: ("initiala kostnader", "initial kostnad", "initialkostnader", "initiala"),
    Kind.MINORS_DAYS: ("ensamkommande", "ensamkommande barn", "dygnsersättning", "per dygn"),
    Kind.CLAIM: ("ansökan", "ansokan", "sökt ersättning", "sokt ersattning", "sökt"),
    Kind.OTHER: ("övrigt", "ovrigt", "övrig", "annat"),
}


@dataclass
class Operation:
    municipality: Municipality
    kind: str
    month: dt.date
    paid_on: dt.date
    amount: int
    reference: str
    description: str
    person: Person | None
    import_key: str
    outcome: str  # created or unchanged


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().casefold())


@functools.cache
def _kinds() -> dict[str, str]:
    words = {_key(code): code for code in Kind.values}
    with translation.override("sv"):
        words.update({_key(str(label)): code for code, label in Kind.choices})
    for code, names in KIND_WORDS.items():
        words.update({_key(name): code for name in names})
    return words


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def _kind(row: Row) -> str | None:
    raw = row.text("kind", required=True)
    if not raw:
        return None
    kind = _kinds().get(_key(raw))
    if kind is None:
        row.error(
            "kind",
            "unknown_kind",
            _(
                "Okänd ersättning. Skriv schablon, initiala kostnader, ensamkommande, ansökan eller övrigt "
                "(eller koden SCHABLON, INITIAL_COSTS, MINORS_DAYS, CLAIM, OTHER)."
            ),
        )
    return kind


def _amount(row: Row) -> int | None:
    raw = row.text("amount", required=True)
    if not raw:
        return None
    try:
        return services.parse_amount(raw)
    except services.AmountError as error:
        row.error("amount", "invalid_number", str(error))
        return None


def _month(row: Row) -> dt.date | None:
    raw = row.text("month", required=True)
    if not raw:
        return None
    try:
        return services.parse_month(raw)
    except ValueError:
        row.error(
            "month", "invalid_date", _("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-03 (eller ett datum i den).")
        )
        return None


def _person(row: Row, actor) -> Person | None:
    """The person the row's number names, one the actor sees (the system: anyone)."""
    raw = row.values.get(NUMBER, "")
    if not raw:
        return None
    query = identity_number_q(raw) if len(raw) <= 40 else None
    if query is None:
        row.error(
            NUMBER,
            "invalid_identity_number",
            _("Ange ett helt personnummer eller samordningsnummer (ÅÅÅÅMMDD-NNNN) eller dossiernummer."),
            "",
        )
        return None
    persons = Person.objects.filter(query)
    if actor is not None:
        persons = restrict(actor, persons)
    found = list(persons.distinct()[:2])
    if len(found) != 1:
        row.error(NUMBER, "not_permitted", _("Ingen person med numret som du har behörighet att se."), "")
        return None
    return found[0]


def import_key(municipality: Municipality, clean: services.CleanPayment) -> str:
    """The row's digest: the municipality and the row as read, the person by their record (not the number)."""
    parts = [
        municipality.code,
        clean.paid_on.isoformat(),
        str(clean.amount),
        clean.month.isoformat(),
        clean.kind,
        clean.reference,
        clean.description,
        str(clean.person.pk) if clean.person else "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _secret(errors: list[RowError]) -> list[RowError]:
    """An identity number is personal data: a report may be mailed or printed, so it never repeats one."""
    return [RowError(e.row, e.column, e.code, e.message, "") if e.column == NUMBER else e for e in errors]


def plan(table: Table, *, municipality: Municipality, actor=None) -> Plan:
    result = Plan()
    seen: dict[str, int] = {}
    checked: list[tuple[int, services.CleanPayment, str]] = []
    for number, values in table.rows:
        row = Row(number, values)
        paid_on = row.date("paid_on", required=True)
        amount = _amount(row)
        month = _month(row)
        kind = _kind(row)
        row.text("reference", max_length=services.REFERENCE)
        row.text("description", max_length=services.DESCRIPTION)
        person = _person(row, actor)
        if not row.errors:
            try:
                clean = services.clean_payment(
                    actor=actor,
                    municipality=municipality,
                    kind=kind,
                    month=month,
                    paid_on=paid_on,
                    amount=amount,
                    reference=values.get("reference", ""),
                    description=values.get("description", ""),
                )
            except ValidationError as error:
                row.validation_error(error, COLUMNS, {})
            else:
                clean = dataclasses.replace(clean, person=person)  # seen: _person read it through restrict()
                key = import_key(municipality, clean)
                first = seen.setdefault(key, number)
                if first != number:
                    row.error(
                        "",
                        "duplicate_row",
                        _("Samma inbetalning finns redan på rad %(row)s. Ta bort den ena raden.")
                        % {"row": first},
                    )
                else:
                    checked.append((number, clean, key))
        result.errors.extend(_secret(row.errors))
    if result.errors:
        return result
    stored = set(
        Payment.objects.filter(
            municipality=municipality, import_key__in=[key for _n, _c, key in checked]
        ).values_list("import_key", flat=True)
    )
    for _number, clean, key in checked:
        result.operations.append(
            Operation(
                municipality,
                clean.kind,
                clean.month,
                clean.paid_on,
                clean.amount,
                clean.reference,
                clean.description,
                clean.person,
                key,
                "unchanged" if key in stored else "created",
            )
        )
    return result


def write(operation: Operation, actor) -> str:
    if operation.outcome == "unchanged":
        return "unchanged"
    services.record_payment(
        actor=actor,
        municipality=operation.municipality,
        kind=operation.kind,
        month=operation.month,
        paid_on=operation.paid_on,
        amount=operation.amount,
        reference=operation.reference,
        description=operation.description,
        person=operation.person,
        source=Payment.Source.IMPORT,
        import_key=operation.import_key,
    )
    return "created"


def import_payments(
    data: bytes, *, municipality: Municipality, actor=None, dry_run: bool = False
) -> ImportResult:
    """Validate every row, then write all or nothing (one IMPORT audit event, and one CREATE per payment). With an
    `actor` (a page or the API) the actor must keep the municipality's money records: PermissionDenied otherwise,
    before the file is read."""
    services.require_manage(actor, municipality.pk)
    return run_import(
        kind=KIND,
        data=data,
        read=read,
        plan=functools.partial(plan, municipality=municipality, actor=actor),
        write=write,
        actor=actor,
        dry_run=dry_run,
    )
