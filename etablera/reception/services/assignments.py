"""Anvisningar: the checks (shared with the assignments import), registering one (alone or with its household),
receiving the household (avräknad: the reception case and its tasks open) and cancelling it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.housing import services as housing
from etablera.organisation.models import Municipality
from etablera.people.models import Category, Household
from etablera.people.services import create_household
from etablera.reception import event_texts
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase
from etablera.reception.services.cases import open_reception_case
from etablera.reception.services.common import _require_reception_staff
from etablera.reception.services.task_updates import (
    clean_planned_arrival_date,
    close_before_arrival_tasks,
    create_before_arrival_tasks,
)
from etablera.rules import reception as reception_rules
from etablera.transitions import StateConflict, lock

SELF_SETTLED_REFUSED = (
    "Egenbosatta (EBO) kommer inte med en anvisning och räknas inte mot kommuntalet. Registrera hushållet under "
    "Hushåll → Registrera hushåll i eget boende när det är folkbokfört i kommunen."
)
NO_MEMBERS = (
    "Anvisningen har inga hushållsmedlemmar registrerade. Lägg till medlemmarna (på anvisningens sida eller med en "
    "medlemsfil) innan ankomsten registreras."
)

# The categories as a set once: Category.values builds a new list on every access, which an import of 100 000 rows
# paid for on each of them.
CATEGORIES = frozenset(Category.values)

# Far beyond any real figure, well within the database's columns (a larger number would be a server error).
MAX_PERSONS_PER_ASSIGNMENT = 1_000


def clean_assignment(
    *,
    reference: str,
    municipality: Municipality | None,
    category: str,
    decision_date: dt.date | None,
    latest_reception_date: dt.date | None,
    person_count: int | None,
    today: dt.date,
) -> dict:
    """Validate an anvisning; return the fields to save (with the explained latest reception date)."""
    errors: dict[str, str | ValidationError] = {}
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = "Ange Migrationsverkets referens för anvisningen."
    if municipality is None:
        errors["municipality"] = "Okänd kommunkod."
    if category not in CATEGORIES:
        errors["category"] = "Välj en kategori (t.ex. kvotflykting eller anvisad från anläggningsboende)."
    elif category == Category.SELF_SETTLED:
        # EBO households come in without an anvisning and never count against the kommuntal (issue #11).
        errors["category"] = ValidationError(SELF_SETTLED_REFUSED, code="self_settled")
    if decision_date is None:
        errors["decision_date"] = "Ange beslutsdatum."
    elif decision_date > today:
        errors["decision_date"] = "Beslutsdatum kan inte ligga i framtiden."
    if person_count is None or person_count < 1:
        errors["person_count"] = "Anvisningen måste gälla minst en person."
    elif person_count > MAX_PERSONS_PER_ASSIGNMENT:
        errors["person_count"] = (
            f"En anvisning kan gälla högst {MAX_PERSONS_PER_ASSIGNMENT:_} personer.".replace("_", " ")
        )
    deadline = None
    if decision_date and "category" not in errors and "decision_date" not in errors:
        try:
            if latest_reception_date is None:
                deadline = reception_rules.latest_reception_date(decision_date, category)
            else:
                deadline = reception_rules.check_latest_reception_date(
                    decision_date, latest_reception_date, category
                )
        except reception_rules.ReceptionRuleError as error:
            errors["latest_reception_date"] = str(error)
    if errors:
        raise ValidationError(errors)
    return {
        "reference": reference,
        "municipality": municipality,
        "category": category,
        "decision_date": decision_date,
        "latest_reception_date": deadline.date,
        "latest_reception_rule": deadline.as_json(),
        "person_count": person_count,
        "quota_year": decision_date.year,
    }


@transaction.atomic
def create_assignment(
    *,
    actor,
    municipality: Municipality,
    reference: str,
    category: str,
    decision_date: dt.date,
    latest_reception_date: dt.date | None = None,
    household: Household | None = None,
    person_count: int | None = None,
    quota_year: int | None = None,
    planned_arrival_date: dt.date | None = None,
) -> Assignment:
    """Register an anvisning from Migrationsverket. The latest reception date defaults to the rule's. With its
    household, the tasks before arrival are created (due from the planned arrival date, else the latest reception
    date); without, they come when its members are added (services/members.py)."""
    _require_reception_staff(actor, municipality)
    if household is not None and person_count is None:
        person_count = household.memberships.count()
    fields = clean_assignment(
        reference=reference,
        municipality=municipality,
        category=category,
        decision_date=decision_date,
        latest_reception_date=latest_reception_date,
        person_count=person_count,
        today=timezone.localdate(),
    )
    if Assignment.objects.filter(reference=fields["reference"]).exists():
        raise ValidationError({"reference": "Det finns redan en anvisning med denna referens."})
    if household is not None and household.municipality_id != municipality.pk:
        raise ValidationError({"household": "Hushållet hör till en annan kommun."})
    if quota_year:
        fields["quota_year"] = quota_year
    clean_planned_arrival_date(Assignment(decision_date=fields["decision_date"]), planned_arrival_date)
    assignment = Assignment.objects.create(
        household=household, planned_arrival_date=planned_arrival_date, **fields
    )
    if household is not None:
        CaseEvent.objects.create(
            household=household,
            actor=actor,
            kind=CaseEvent.Kind.ASSIGNED,
            text=event_texts.ASSIGNMENT_REGISTERED
            % {"reference": assignment.reference, "date": str(assignment.latest_reception_date)},
        )
    log_change(actor, AuditEvent.Action.CREATE, assignment, f"Anvisning {assignment.reference} registrerad")
    housing.open_need_for_assignment(actor=actor, assignment=assignment)
    create_before_arrival_tasks(actor=actor, assignment=assignment)
    return assignment


def _require_assigned(assignment: Assignment, field: str) -> None:
    """Only an anvisning still waiting (anvisad) can be received or cancelled; the caller holds its row lock."""
    if assignment.status == Assignment.Status.ASSIGNED:
        return
    # Service messages are Swedish (docs/decisions/0003): so is the status named in them, in any language.
    with translation.override("sv"):
        status = assignment.get_status_display().lower()
    detail = f"Anvisningen är redan {status}."
    if assignment.received_date:
        detail += f" Ankomstdatum {assignment.received_date.isoformat()}."
    elif assignment.cancelled_date:
        detail += f" Avbrottsdatum {assignment.cancelled_date.isoformat()}."
    raise StateConflict(detail, field=field)


@transaction.atomic
def receive_household(
    *, actor, assignment: Assignment, arrival_date: dt.date, recorded_on: dt.date | None = None
) -> ReceptionCase:
    """The household has arrived: the anvisning is counted (avräknad), a reception case opens and the process
    template's tasks are created for the household and each member. `recorded_on` is the day the arrival is
    written down when that is not today (the demo's history): no task is made overdue as of that day."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("municipality", "household")
        .get(pk=assignment.pk)
    )
    _require_reception_staff(actor, assignment.municipality)
    _require_assigned(assignment, "arrival_date")
    if assignment.household is None or not assignment.household.memberships.exists():
        raise ValidationError({"household": ValidationError(NO_MEMBERS, code="no_members")})
    try:
        reception_rules.check_received_date(assignment.decision_date, arrival_date, timezone.localdate())
    except reception_rules.ReceptionRuleError as error:
        raise ValidationError({"arrival_date": str(error)}) from error
    assignment.status = Assignment.Status.RECEIVED
    assignment.received_date = arrival_date
    assignment.save(update_fields=["status", "received_date", "updated_at"])
    case, tasks = open_reception_case(
        actor=actor,
        household=assignment.household,
        municipality=assignment.municipality,
        arrival_date=arrival_date,
        category=assignment.category,
        decision_date=assignment.decision_date,
        assignment=assignment,
        today=recorded_on,
    )
    late = arrival_date > assignment.latest_reception_date
    CaseEvent.objects.create(
        household=assignment.household,
        actor=actor,
        kind=CaseEvent.Kind.RECEIVED,
        text=f"Mottaget {arrival_date}; {len(tasks)} uppgifter skapade"
        + (f" (efter sista mottagningsdag {assignment.latest_reception_date})" if late else ""),
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        assignment,
        f"Hushållet mottaget {arrival_date}",
        {"status": ["ASSIGNED", "RECEIVED"], "received_date": str(arrival_date)},
    )
    return case


def clean_cancellation(*, status: str, decision_date: dt.date, cancelled_date: dt.date, reason: str) -> None:
    """Only an anvisning not yet received can be cancelled, with a reason, not before its decision.

    Shared by `cancel_assignment` and the assignments import; the codes name the rule for the import's error report.
    """
    errors = {}
    if status != Assignment.Status.ASSIGNED:
        errors["cancelled_date"] = ValidationError(
            "Bara en anvisning som inte är mottagen kan avbrytas.", code="status_conflict"
        )
    if not (reason or "").strip():
        errors["reason"] = ValidationError("Ange skälet till att anvisningen avbryts.", code="missing_value")
    if cancelled_date < decision_date:
        errors["cancelled_date"] = ValidationError(
            "Datumet kan inte vara före beslutsdatum.", code="cancelled_before_decision"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cancel_assignment(*, actor, assignment: Assignment, cancelled_date: dt.date, reason: str) -> Assignment:
    _require_reception_staff(actor, assignment.municipality)
    lock(assignment)
    _require_assigned(assignment, "cancelled_date")
    clean_cancellation(
        status=assignment.status,
        decision_date=assignment.decision_date,
        cancelled_date=cancelled_date,
        reason=reason,
    )
    assignment.status = Assignment.Status.CANCELLED
    assignment.cancelled_date = cancelled_date
    assignment.cancel_reason = reason.strip()
    assignment.save(update_fields=["status", "cancelled_date", "cancel_reason", "updated_at"])
    if assignment.household_id:
        CaseEvent.objects.create(
            household_id=assignment.household_id,
            actor=actor,
            kind=CaseEvent.Kind.CANCELLED,
            text=reason.strip(),
        )
    log_change(
        actor, AuditEvent.Action.UPDATE, assignment, "Anvisningen avbruten", {"reason": reason.strip()}
    )
    if assignment.household_id:
        housing.close_need_for_cancelled_assignment(actor=actor, assignment=assignment)
    close_before_arrival_tasks(actor=actor, assignment=assignment, reason=reason.strip())
    return assignment


# --- anvisning and household together (the "Ny anvisning" page) --------------------------------------------------


@transaction.atomic
def register_assignment_with_household(
    *,
    actor,
    municipality: Municipality,
    reference: str,
    category: str,
    decision_date: dt.date | None,
    household_name: str,
    members: list,
    latest_reception_date: dt.date | None = None,
    planned_arrival_date: dt.date | None = None,
) -> Assignment:
    """Register the household and its anvisning in one transaction: if the anvisning fails, no household remains.

    `members` are people.services.PersonInput. Both parts are validated before anything is kept, and all errors
    come back together: the anvisning's keyed by its fields, the household's as `name`, `members` and
    `members.<n>.<field>` (n counts from 1).
    """
    _require_reception_staff(actor, municipality)
    errors: dict[str, list[str]] = {}
    try:
        clean_assignment(
            reference=reference,
            municipality=municipality,
            category=category,
            decision_date=decision_date,
            latest_reception_date=latest_reception_date,
            person_count=len(members),
            today=timezone.localdate(),
        )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            if key != "person_count":  # no persons: the household's own message says it
                errors.setdefault(key, []).extend(messages)
    if reference.strip() and Assignment.objects.filter(reference=reference.strip()).exists():
        errors.setdefault("reference", []).append("Det finns redan en anvisning med denna referens.")
    if decision_date is not None:
        try:
            clean_planned_arrival_date(Assignment(decision_date=decision_date), planned_arrival_date)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    household = None
    try:
        household = create_household(
            actor=actor, municipality=municipality, name=household_name, members=members
        )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        # Raising inside the atomic block also undoes the household if it was written.
        raise ValidationError(errors)
    return create_assignment(
        actor=actor,
        municipality=municipality,
        reference=reference,
        category=category,
        decision_date=decision_date,
        latest_reception_date=latest_reception_date,
        household=household,
        person_count=len(members),
        planned_arrival_date=planned_arrival_date,
    )
