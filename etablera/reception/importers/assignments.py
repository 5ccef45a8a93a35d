"""Import of anvisningar: one row per anvisning, keyed by Migrationsverket's reference (docs/import-formats.md).

An import records what has happened (assigned, received, cancelled) so that the quota report is right. It never
generates reception tasks: registering the arrival in Etablera does that. A later file may move an anvisning forward
(assigned -> received or cancelled); it may not move it back, and it does not change the decision itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera import bulk
from etablera.access.audit import log_change, log_changes
from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.people.models import Category
from etablera.reception import services
from etablera.reception.importers.base import (
    Plan,
    Row,
    Table,
    municipalities_by_code,
    read_table,
    require_permitted,
)
from etablera.reception.models import Assignment
from etablera.rules import reception as reception_rules
from etablera.rules.parameters import parameter

REQUIRED = ("reference", "municipality_code", "category", "decision_date", "person_count")
OPTIONAL = (
    "latest_reception_date",
    "status",
    "received_date",
    "cancelled_date",
    "cancel_reason",
    "quota_year",
    "municipality",
    "county_code",
)
ALIASES = {
    "referens": "reference",
    "kommunkod": "municipality_code",
    "kategori": "category",
    "beslutsdatum": "decision_date",
    "sista_mottagningsdag": "latest_reception_date",
    "antal_personer": "person_count",
    "mottagningsdatum": "received_date",
    "avbrutet_datum": "cancelled_date",
    "skäl_till_avbrott": "cancel_reason",
    "kommuntalsår": "quota_year",
    "kommun": "municipality",
    "länskod": "county_code",
}
MAX_PERSONS = 99


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


def _swedish(label) -> str:
    """A choice label in Swedish whatever the active language: import files and their messages are Swedish."""
    with translation.override("sv"):
        return str(label)


CATEGORIES: dict[str, str] = {
    **{_key(value): value for value in Category.values},
    **{_key(_swedish(label)): value for value, label in Category.choices},
    "kvot": Category.RESETTLED,
    "kvotflyktingar": Category.RESETTLED,
    "vidarebosatt": Category.RESETTLED,
    "vidarebosättning": Category.RESETTLED,
    "abo": Category.ASSIGNED_FROM_FACILITY,
    "anvisad": Category.ASSIGNED_FROM_FACILITY,
    "anvisad från anläggningsboende": Category.ASSIGNED_FROM_FACILITY,
    "ebo": Category.SELF_SETTLED,
    "egenbosatt": Category.SELF_SETTLED,
    "anhöriga": Category.FAMILY_REUNIFICATION,
    "anknytning": Category.FAMILY_REUNIFICATION,
    "massflyktsdirektivet": Category.TEMPORARY_PROTECTION,
    "ensamkommande": Category.UNACCOMPANIED_MINOR,
}
STATUSES: dict[str, str] = {
    **{_key(value): value for value in Assignment.Status.values},
    **{_key(_swedish(label)): value for value, label in Assignment.Status.choices},
    "mottagen": Assignment.Status.RECEIVED,
    "avräknad": Assignment.Status.RECEIVED,
    "kommunmottagen": Assignment.Status.RECEIVED,
    "avbrutet": Assignment.Status.CANCELLED,
}
# Fields of clean_assignment / clean_cancellation -> column, and the code when the error carries none.
COLUMNS = {"municipality": "municipality_code", "reason": "cancel_reason"}
CODES = {
    "reference": "missing_value",
    "municipality": "unknown_municipality",
    "category": "unknown_category",
    "decision_date": "future_date",
    "person_count": "invalid_person_count",
    "latest_reception_date": "invalid_latest_reception_date",
    "cancelled_date": "cancelled_before_decision",
    "reason": "missing_value",
}
# The decision's own data: a later file may not change it (a person corrects it in Etablera).
COMPARED = (
    ("municipality_code", gettext_lazy("kommun")),
    ("category", gettext_lazy("kategori")),
    ("decision_date", gettext_lazy("beslutsdatum")),
    ("person_count", gettext_lazy("antal personer")),
    ("latest_reception_date", gettext_lazy("sista mottagningsdag")),
    ("quota_year", gettext_lazy("kommuntalsår")),
)


@dataclass
class AssignmentOperation:
    action: str  # create / receive / cancel / none
    fields: dict
    status: str
    received_date: dt.date | None = None
    cancelled_date: dt.date | None = None
    cancel_reason: str = ""
    existing: Assignment | None = None


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def _existing(table: Table) -> dict[str, Assignment]:
    references = sorted({values.get("reference", "") for _, values in table.rows} - {""})
    found: dict[str, Assignment] = {}
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        for assignment in Assignment.objects.filter(reference__in=chunk).select_related("municipality"):
            found[assignment.reference] = assignment
    return found


def plan(table: Table, *, permitted: set[int] | None = None) -> Plan:
    result = Plan()
    today = timezone.localdate()
    municipalities = municipalities_by_code()
    existing = _existing(table)
    first_row: dict[str, int] = {}
    for number, values in table.rows:
        row = Row(number, values)
        operation = _plan_row(row, municipalities, existing, today, permitted)
        reference = values.get("reference", "")
        if reference:
            if reference in first_row:
                row.error(
                    "reference",
                    "duplicate_reference",
                    _("Referensen finns redan på rad %(row)s; varje anvisning ska stå på en rad.")
                    % {"row": first_row[reference]},
                )
            else:
                first_row[reference] = number
        if row.errors:
            result.errors.extend(row.errors)
        elif operation is not None:
            result.operations.append(operation)
    return result


def _plan_row(
    row: Row,
    municipalities: dict[str, Municipality],
    existing: dict[str, Assignment],
    today: dt.date,
    permitted: set[int] | None = None,
) -> AssignmentOperation | None:
    reference = row.text("reference", required=True, max_length=40)
    municipality = row.municipality(municipalities)
    require_permitted(row, municipality, permitted)
    category = _choice(row, "category", CATEGORIES, "unknown_category", required=True)
    decision_date = row.date("decision_date", required=True)
    latest = row.date("latest_reception_date")
    person_count = row.integer("person_count", required=True)
    quota_year = row.integer("quota_year")
    status = _choice(row, "status", STATUSES, "unknown_status") or Assignment.Status.ASSIGNED
    received_date = row.date("received_date")
    cancelled_date = row.date("cancelled_date")
    reason = row.text("cancel_reason", max_length=300)

    fields = None
    try:
        fields = services.clean_assignment(
            reference=reference,
            municipality=municipality,
            category=category or "",
            decision_date=decision_date,
            latest_reception_date=latest,
            person_count=person_count,
            today=today,
        )
    except ValidationError as error:
        row.validation_error(error, COLUMNS, CODES)
    if person_count is not None and person_count > MAX_PERSONS:
        row.error(
            "person_count",
            "invalid_person_count",
            _("Högst %(n)s personer i en anvisning (en rad per hushåll).") % {"n": MAX_PERSONS},
        )
    if quota_year is not None and decision_date is not None:
        _check_quota_year(row, decision_date, quota_year)
    if decision_date is not None and not row.has_error("status"):
        _check_status(row, status, decision_date, received_date, cancelled_date, reason, today)
    current = existing.get(reference) if reference else None
    if current is not None and permitted is not None and current.municipality_id not in permitted:
        # Say nothing about an anvisning the actor may not see, not even its municipality.
        row.error(
            "reference",
            "not_permitted",
            _("Referensen används redan av en anvisning som du inte har behörighet till."),
        )
    if row.errors or fields is None:
        return None
    if quota_year is not None:
        fields["quota_year"] = quota_year
    operation = AssignmentOperation(
        action="create",
        fields=fields,
        status=status,
        received_date=received_date,
        cancelled_date=cancelled_date,
        cancel_reason=reason,
    )
    current = existing.get(fields["reference"])
    if current is not None:
        _compare(
            row, current, operation, latest_given=latest is not None, quota_year_given=quota_year is not None
        )
        if row.errors:
            return None
    return operation


ALLOWED = {
    "category": gettext_lazy(
        "Okänt värde. Ange koden (t.ex. RESETTLED, ASSIGNED_FROM_FACILITY) eller den svenska benämningen "
        "(kvotflykting, ABO, EBO, anhörig, tillfälligt skydd, ensamkommande barn)."
    ),
    "status": gettext_lazy(
        "Okänt värde. Ange anvisad, mottagen (avräknad) eller avbruten (eller ASSIGNED, RECEIVED, CANCELLED)."
    ),
}


def _choice(
    row: Row, column: str, choices: dict[str, str], code: str, *, required: bool = False
) -> str | None:
    raw = row.text(column, required=required)
    if not raw:
        return None
    value = choices.get(_key(raw))
    if value is None:
        row.error(column, code, str(ALLOWED[column]))
    return value


def _check_quota_year(row: Row, decision_date: dt.date, quota_year: int) -> None:
    """An anvisning counts against the kommuntal of its decision year, or replaces one from an earlier year's
    kommuntal at the latest the following calendar year (förordning 2016:39 10 a §)."""
    years = parameter("reception.replacement_years", decision_date).value
    if not decision_date.year - years <= quota_year <= decision_date.year:
        row.error(
            "quota_year",
            "invalid_quota_year",
            _(
                "Kommuntalsåret ska vara beslutsåret %(year)s eller, för en ersättande anvisning, året före "
                "(förordning 2016:39 10 a §)."
            )
            % {"year": decision_date.year},
        )


def _check_status(row, status, decision_date, received_date, cancelled_date, reason, today) -> None:
    received, cancelled = Assignment.Status.RECEIVED, Assignment.Status.CANCELLED
    if received_date and status != received:
        row.error(
            "received_date",
            "inconsistent_status",
            _("Mottagningsdatum anges bara när status är mottagen."),
        )
    if (cancelled_date or reason) and status != cancelled:
        column = "cancelled_date" if cancelled_date else "cancel_reason"
        row.error(
            column, "inconsistent_status", _("Avbrottsdatum och skäl anges bara när status är avbruten.")
        )
    if status == received:
        if received_date is None:
            if not row.has_error("received_date"):
                row.error(
                    "received_date", "missing_value", _("Ange mottagningsdatum när status är mottagen.")
                )
            return
        try:
            reception_rules.check_received_date(decision_date, received_date, today)
        except reception_rules.ReceptionRuleError as error:
            code = "received_before_decision" if received_date < decision_date else "future_date"
            row.error("received_date", code, str(error))
    elif status == cancelled:
        if cancelled_date is None:
            if not row.has_error("cancelled_date"):
                row.error("cancelled_date", "missing_value", _("Ange avbrottsdatum när status är avbruten."))
            return
        try:
            services.clean_cancellation(
                status=Assignment.Status.ASSIGNED,
                decision_date=decision_date,
                cancelled_date=cancelled_date,
                reason=reason,
            )
        except ValidationError as error:
            row.validation_error(error, COLUMNS, CODES)


def _compare(
    row: Row,
    current: Assignment,
    operation: AssignmentOperation,
    *,
    latest_given: bool,
    quota_year_given: bool,
) -> None:
    """The same reference again: unchanged, a step forward, or an error."""
    fields = operation.fields
    theirs = {
        "municipality_code": fields["municipality"].code,
        "category": fields["category"],
        "decision_date": fields["decision_date"],
        "person_count": fields["person_count"],
        "latest_reception_date": fields["latest_reception_date"] if latest_given else None,
        "quota_year": fields["quota_year"] if quota_year_given else None,
    }
    ours = {
        "municipality_code": current.municipality.code,
        "category": current.category,
        "decision_date": current.decision_date,
        "person_count": current.person_count,
        "latest_reception_date": current.latest_reception_date,
        "quota_year": current.quota_year,
    }
    for column, label in COMPARED:
        if theirs[column] is not None and theirs[column] != ours[column]:
            row.error(
                column,
                "conflicting_data",
                _(
                    "Anvisningen finns redan i Etablera med %(field)s %(value)s. En import ändrar bara status; "
                    "rätta själva anvisningen i Etablera."
                )
                % {"field": label, "value": _shown(ours[column])},
            )
    if row.errors:
        return
    operation.existing = current
    S = Assignment.Status
    new, old = operation.status, current.status
    if new == old:
        operation.action = "none"
        if new == S.RECEIVED and operation.received_date != current.received_date:
            row.error(
                "received_date",
                "status_conflict",
                _("Anvisningen är redan registrerad som mottagen %(date)s.")
                % {"date": _shown(current.received_date)},
            )
        elif new == S.CANCELLED and operation.cancelled_date != current.cancelled_date:
            row.error(
                "cancelled_date",
                "status_conflict",
                _("Anvisningen är redan registrerad som avbruten %(date)s.")
                % {"date": _shown(current.cancelled_date)},
            )
    elif old == S.ASSIGNED and new == S.RECEIVED:
        if current.household_id:
            row.error(
                "status",
                "household_registered",
                _(
                    "Hushållet finns i Etablera: registrera ankomsten på hushållets sida, så skapas uppgifterna."
                ),
            )
        operation.action = "receive"
    elif old == S.ASSIGNED and new == S.CANCELLED:
        operation.action = "cancel"
    elif new == S.ASSIGNED:
        row.error(
            "status",
            "status_backwards",
            _("Anvisningen är redan %(status)s; status kan inte flyttas bakåt.")
            % {"status": str(S(current.status).label).lower()},
        )
    else:
        row.error(
            "status",
            "status_conflict",
            _("Anvisningen är redan %(status)s och kan inte bli %(new)s.")
            % {"status": str(S(current.status).label).lower(), "new": str(S(new).label).lower()},
        )


def _shown(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# --- writing --------------------------------------------------------------------------------------------------


def write(operation: AssignmentOperation, actor) -> str:
    if operation.action == "none":
        return "unchanged"
    if operation.action == "create":
        fields = operation.fields
        assignment = services.create_assignment(
            actor=actor,
            municipality=fields["municipality"],
            reference=fields["reference"],
            category=fields["category"],
            decision_date=fields["decision_date"],
            latest_reception_date=fields["latest_reception_date"],
            person_count=fields["person_count"],
            quota_year=fields["quota_year"],
        )
        outcome = "created"
    else:
        assignment = Assignment.objects.select_for_update().get(pk=operation.existing.pk)
        if assignment.status != Assignment.Status.ASSIGNED:
            raise ValidationError(
                _("Anvisningen %(reference)s ändrades under importen.") % {"reference": assignment.reference}
            )
        outcome = "updated"
    if operation.status == Assignment.Status.RECEIVED:
        _record_received(actor, assignment, operation.received_date)
    elif operation.status == Assignment.Status.CANCELLED:
        services.cancel_assignment(
            actor=actor,
            assignment=assignment,
            cancelled_date=operation.cancelled_date,
            reason=operation.cancel_reason,
        )
    return outcome


def write_many(operations: list[AssignmentOperation], actor) -> dict[str, int]:
    """All of a file's operations. New anvisningar are inserted in bulk, already in the state the file gives them,
    with the audit events that create_assignment followed by _record_received or cancel_assignment would write for
    each; an anvisning that exists and moves forward goes through `write`, one by one, as before."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    new = [operation for operation in operations if operation.action == "create"]
    for operation in operations:
        if operation.action != "create":
            counts[write(operation, actor)] += 1
    for municipality in {op.fields["municipality"].pk: op.fields["municipality"] for op in new}.values():
        services._require_reception_staff(actor, municipality)  # as create_assignment, once per municipality
    received, cancelled = Assignment.Status.RECEIVED, Assignment.Status.CANCELLED
    records = []
    for operation in new:
        state = {}
        if operation.status == received:
            state = {"status": received, "received_date": operation.received_date}
        elif operation.status == cancelled:
            state = {
                "status": cancelled,
                "cancelled_date": operation.cancelled_date,
                "cancel_reason": operation.cancel_reason.strip(),
            }
        records.append(Assignment(household=None, **operation.fields, **state))
    # A reference created meanwhile by someone else breaks the unique constraint: the import stops, nothing kept.
    bulk.insert(Assignment, records)
    events = []
    for record in records:
        events.append((AuditEvent.Action.CREATE, record, f"Anvisning {record.reference} registrerad", None))
        if record.status == received:
            events.append(
                (
                    AuditEvent.Action.UPDATE,
                    record,
                    f"Mottagen {record.received_date} enligt import (inga uppgifter skapade)",
                    {"status": ["ASSIGNED", "RECEIVED"], "received_date": record.received_date.isoformat()},
                )
            )
        elif record.status == cancelled:
            events.append(
                (AuditEvent.Action.UPDATE, record, "Anvisningen avbruten", {"reason": record.cancel_reason})
            )
    log_changes(actor, events)
    counts["created"] += len(records)
    return counts


def _record_received(actor, assignment: Assignment, received_date: dt.date) -> None:
    """Historical status only: counted (avräknad) from the date, with no reception case and no tasks."""
    assignment.status = Assignment.Status.RECEIVED
    assignment.received_date = received_date
    assignment.save(update_fields=["status", "received_date", "updated_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        assignment,
        f"Mottagen {received_date} enligt import (inga uppgifter skapade)",
        {"status": ["ASSIGNED", "RECEIVED"], "received_date": received_date.isoformat()},
    )
