"""Placements from the social-services system (issue #14; docs/import-formats.md "Placeringar"): one row per
placement, keyed by the child and the system's own id of the placement (`placement_id` → Placement.external_id),
written with minors.services.add_placement and end_placement so that every rule of the page applies (supported
housing's ages, no overlapping placements, the cost per day).

The child is found by their identity number as the other imports find persons (people.selectors.identity_number_q:
personnummer, samordningsnummer or dossiernummer, current or former) and must have an open child case. The same
placement again is `unchanged`; a `till` given for a running one ends it (`updated`); any other difference is an
error, since a placement is corrected on the child's page, not by a file. The reading, row errors and the run are
the reception imports' (reception/importers/base.py): every row validated first, then all written in one
transaction or nothing."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from etablera.access.policy import capabilities, restrict
from etablera.establishment.importers.common import NUMBER, key, no_numbers, swedish_choices
from etablera.minors import services
from etablera.minors.models import ChildCase, Placement
from etablera.minors.models.case import SHORT, TEXT
from etablera.minors.services.placements import clean_cost
from etablera.people.models import Person
from etablera.people.selectors import identity_number_q
from etablera.reception.importers.base import ImportResult, Plan, Row, Table, read_table, run_import

KIND = "placements"
PLACEMENT_ID = "placement_id"
REQUIRED = [NUMBER, PLACEMENT_ID, "kind", "provider", "decided_on", "starts_on", "cost_per_day"]
OPTIONAL = ["ends_on", "special_reasons", "end_reason"]
ALIASES = {
    "personnummer": NUMBER,
    "samordningsnummer": NUMBER,
    "dossiernummer": NUMBER,
    "identitetsnummer": NUMBER,
    "pnr": NUMBER,
    "placerings_id": PLACEMENT_ID,
    "placeringsid": PLACEMENT_ID,
    "form": "kind",
    "placeringsform": "kind",
    "utförare": "provider",
    "utforare": "provider",
    "beslutsdatum": "decided_on",
    "från": "starts_on",
    "fran": "starts_on",
    "till": "ends_on",
    "kostnad_per_dygn": "cost_per_day",
    "särskilda_skäl": "special_reasons",
    "sarskilda_skal": "special_reasons",
    "avslutsskäl": "end_reason",
    "avslutsskal": "end_reason",
}
# A service's field -> the file's column (external_id is the system's id).
COLUMNS = {
    "kind": "kind",
    "provider": "provider",
    "decided_on": "decided_on",
    "starts_on": "starts_on",
    "ends_on": "ends_on",
    "cost_per_day": "cost_per_day",
    "special_reasons": "special_reasons",
    "end_reason": "end_reason",
    "external_id": PLACEMENT_ID,
}
MAX_ID = Placement._meta.get_field("external_id").max_length
KINDS = swedish_choices(Placement.Kind.choices)
END_REASONS = swedish_choices(Placement.EndReason.choices)
# The codes this import reports beyond the shared ones of reception/importers/codes.py (documented in the docs'
# "Placement code" table; a test checks).
PLACEMENT_ERROR_CODES = {
    "unknown_form": "Okänd placeringsform.",
    "unknown_reason": "Okänt skäl till avslut.",
    "no_open_case": "Personen har inget pågående barnärende.",
}


@dataclass
class Operation:
    row: int
    case: ChildCase
    placement_id: str
    kind: str
    provider: str
    decided_on: dt.date
    starts_on: dt.date
    ends_on: dt.date | None
    cost_per_day: Decimal
    special_reasons: str
    end_reason: str  # "" when no end is given
    existing: Placement | None
    outcome: str  # created, updated (ended) or unchanged

    def order(self) -> tuple:
        """Endings first, then new placements by start: a file that ends one placement and starts the next is
        written in the order that leaves no overlap, whatever order its rows come in."""
        rank = {"updated": 0, "created": 1, "unchanged": 2}[self.outcome]
        return (rank, self.starts_on, self.row)


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def _person(row: Row, actor) -> Person | None:
    """The person the number names. A number nobody holds and a person the actor may not see are the same error, so
    a file cannot probe who exists; the number is never echoed in the report."""
    raw = row.text(NUMBER, required=True)
    if not raw:
        return None
    query = identity_number_q(raw)
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
        row.error(
            NUMBER,
            "not_permitted",
            _("Ingen person med numret som du har behörighet att registrera placeringar för."),
            "",
        )
        return None
    return found[0]


def _case(row: Row, person: Person, actor) -> ChildCase | None:
    """The child's case, one the actor keeps (social services of its municipality, as the services require). A case
    elsewhere and no case are the same error, so the file cannot tell another municipality's case apart."""
    case = ChildCase.objects.filter(person=person).select_related("person").first()
    if (
        case is not None
        and actor is not None
        and case.municipality_id not in capabilities(actor).social_services_municipality_ids
    ):
        case = None
    if case is None:
        row.error(
            NUMBER,
            "no_open_case",
            _(
                "Personen har inget pågående barnärende som du har behörighet till. Öppna ärendet på barnets sida först."
            )
            if actor is not None
            else _("Personen har inget pågående barnärende. Öppna ärendet på barnets sida först."),
            "",
        )
    return case


def _choice(row: Row, column: str, choices: dict[str, str], code: str, labels) -> str | None:
    raw = row.text(column)
    if not raw:
        return ""
    value = choices.get(key(raw))
    if value is None:
        row.error(
            column,
            code,
            _("Okänt värde. Ange ett av: %(choices)s.")
            % {"choices": ", ".join(str(label) for _v, label in labels)},
        )
    return value


def _cost(row: Row) -> Decimal | None:
    raw = row.text("cost_per_day", required=True)
    if not raw:
        return None
    errors: dict[str, str] = {}
    cost = clean_cost(errors, raw)
    if errors:
        row.error("cost_per_day", "invalid_number", errors["cost_per_day"])
    return cost


def _compare(row: Row, op: Operation, existing: Placement) -> str:
    """The outcome for a placement Etablera already holds: unchanged, updated (the file ends it), or an error at
    the first column that differs — a placement is corrected on the child's page, never by a file."""
    differs = [
        column
        for column, same in (
            ("kind", existing.kind == op.kind),
            ("provider", existing.provider == op.provider),
            ("decided_on", existing.decided_on == op.decided_on),
            ("starts_on", existing.starts_on == op.starts_on),
            ("cost_per_day", existing.cost_per_day == op.cost_per_day),
            # An empty cell is not compared: the system may not export the reasons.
            ("special_reasons", not op.special_reasons or existing.special_reasons == op.special_reasons),
        )
        if not same
    ]
    if differs:
        row.error(
            differs[0],
            "conflicting_data",
            _(
                "Placeringen finns redan i Etablera med ett annat värde här. En import ändrar inte en placering: "
                "rätta den på barnets sida, eller rätta filen."
            ),
        )
        return ""
    if existing.ends_on is None:
        return "updated" if op.ends_on is not None else "unchanged"
    if op.ends_on is None:
        row.error(
            "ends_on",
            "status_backwards",
            _("Placeringen är redan avslutad i Etablera %(date)s; en import öppnar den inte igen.")
            % {"date": existing.ends_on.isoformat()},
        )
    elif op.ends_on != existing.ends_on:
        row.error(
            "ends_on",
            "conflicting_data",
            _("Placeringen avslutades %(date)s i Etablera. Ett annat slut rättas på barnets sida.")
            % {"date": existing.ends_on.isoformat()},
        )
    elif row.values.get("end_reason") and op.end_reason != existing.end_reason:
        row.error(
            "end_reason",
            "conflicting_data",
            _("Placeringen avslutades i Etablera med ett annat skäl. Skälet rättas på barnets sida."),
        )
    return "unchanged"


def _parse(row: Row, actor) -> Operation | None:
    person = _person(row, actor)
    case = _case(row, person, actor) if person is not None else None
    placement_id = row.text(PLACEMENT_ID, required=True, max_length=MAX_ID)
    kind = _choice(row, "kind", KINDS, "unknown_form", Placement.Kind.choices)
    if kind == "" and not row.has_error("kind"):
        row.error("kind", "missing_value", _("Värdet saknas."))
    provider = row.text("provider", required=True, max_length=SHORT)
    decided_on = row.date("decided_on", required=True)
    starts_on = row.date("starts_on", required=True)
    ends_on = row.date("ends_on")
    cost = _cost(row)
    special_reasons = row.text("special_reasons", max_length=TEXT)
    end_reason = _choice(row, "end_reason", END_REASONS, "unknown_reason", Placement.EndReason.choices)
    if end_reason and ends_on is None and not row.has_error("ends_on"):
        row.error("ends_on", "missing_value", _("Ange till-datum när skäl till avslut är ifyllt."))
    if ends_on is not None and not end_reason:
        end_reason = Placement.EndReason.PLANNED  # an end without a reason given: a planned move
    if row.errors:
        return None
    op = Operation(
        row.number, case, placement_id, kind, provider, decided_on, starts_on, ends_on, cost, special_reasons,
        end_reason or "", None, "created",
    )  # fmt: skip
    op.existing = Placement.objects.filter(case=case, external_id=placement_id).first()
    op.outcome = _compare(row, op, op.existing) if op.existing is not None else "created"
    if op.outcome in ("created", "updated") and case.status != ChildCase.Status.OPEN:
        row.error(
            NUMBER,
            "no_open_case",
            _("Barnärendet är avslutat: placeringar kan inte läggas till eller avslutas."),
            "",
        )
    return None if row.errors else op


def _apply(op: Operation, actor) -> str:
    """Write one operation with the services (fresh rows: a trial run may have changed the objects in hand)."""
    if op.outcome == "unchanged":
        return "unchanged"
    if op.outcome == "updated":
        placement = Placement.objects.select_related("case__person").get(pk=op.existing.pk)
        services.end_placement(actor, placement, ends_on=op.ends_on, reason=op.end_reason)
        return "updated"
    case = ChildCase.objects.select_related("person").get(pk=op.case.pk)
    services.add_placement(
        actor,
        case,
        kind=op.kind,
        provider=op.provider,
        decided_on=op.decided_on,
        starts_on=op.starts_on,
        ends_on=op.ends_on,
        end_reason=op.end_reason,
        cost_per_day=op.cost_per_day,
        special_reasons=op.special_reasons,
        external_id=op.placement_id,
    )
    return "created"


def plan(table: Table, *, actor=None) -> Plan:
    result = Plan()
    rows: dict[int, Row] = {}
    operations: list[Operation] = []
    seen: dict[tuple[int, str], int] = {}
    for number, values in table.rows:
        row = rows[number] = Row(number, values)
        op = _parse(row, actor)
        if op is None:
            continue
        first = seen.setdefault((op.case.pk, op.placement_id), number)
        if first != number:
            row.error(
                PLACEMENT_ID,
                "duplicate_reference",
                _("Samma placerings-id för barnet finns redan på rad %(row)s.") % {"row": first},
            )
            continue
        operations.append(op)
    operations.sort(key=Operation.order)
    # Every row written in order in a transaction that is rolled back, each in its own savepoint: the services'
    # own checks, including those between rows (one ends what the next one follows), before anything is saved.
    passed: list[Operation] = []
    with transaction.atomic():
        for op in operations:
            try:
                with transaction.atomic():
                    _apply(op, actor)
                passed.append(op)
            except PermissionDenied:
                rows[op.row].error(NUMBER, "not_permitted", _("Du har inte behörighet till barnärendet."), "")
            except ValidationError as error:  # a StateConflict too, with its code status_conflict
                rows[op.row].validation_error(error, COLUMNS, {})
        transaction.set_rollback(True)
    for row in rows.values():
        result.errors.extend(no_numbers(row.errors))
    result.operations = passed
    return result


def write(operation: Operation, actor) -> str:
    return _apply(operation, actor)


def import_file(data: bytes, *, actor=None, dry_run: bool = False) -> ImportResult:
    """Validate every row, then write all or nothing (one IMPORT audit event, and one per placement written)."""
    return run_import(
        kind=KIND,
        data=data,
        read=read,
        plan=functools.partial(plan, actor=actor),
        write=write,
        actor=actor,
        dry_run=dry_run,
    )
