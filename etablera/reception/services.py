"""Every write in reception: one keyword-only function per use case, atomic, validated first, audited.

Errors are Django ValidationErrors keyed by field with Swedish messages, so that a form shows them at the field,
the API returns them as 422 and an import reports them per row.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import can_act_on_task, capabilities
from etablera.access.sections import Section
from etablera.housing import services as housing
from etablera.organisation.models import Municipality, Unit
from etablera.people.models import Category, Household
from etablera.people.services import create_household
from etablera.reception.models import (
    Assignment,
    CaseEvent,
    MonthlyQuota,
    MunicipalQuota,
    ReceptionCase,
    Task,
    TaskEvent,
)
from etablera.reception.tasks_generation import build_tasks
from etablera.rules import reception as reception_rules
from etablera.transitions import StateConflict, by_whom, lock


def _require_reception_staff(actor, municipality: Municipality) -> None:
    if actor is None:  # the CLI and imports run as the system, already authorised by who may run them
        return
    if municipality.pk not in capabilities(actor).reception_municipality_ids:
        raise PermissionDenied("Du har inte behörighet att registrera mottagande i denna kommun.")


def _reception_unit(municipality: Municipality) -> Unit:
    unit = (
        Unit.objects.filter(municipality=municipality, function=Unit.Function.RECEPTION, is_active=True)
        .order_by("-kind", "pk")
        .first()
    )
    if unit is None:
        raise ValidationError({"municipality": "Kommunen har ingen mottagningsenhet registrerad i Etablera."})
    return unit


# --- quotas ---------------------------------------------------------------------------------------------------


# Far beyond any real figure, well within the database's columns (a larger number would be a server error).
MAX_QUOTA = 1_000_000
MAX_PERSONS_PER_ASSIGNMENT = 1_000


def clean_quota(*, year: int, quota: int, months: dict[int, int] | None = None) -> None:
    errors: dict[str, str] = {}
    if quota is None or quota < 0:
        errors["quota"] = "Kommuntalet kan inte vara negativt."
    elif quota > MAX_QUOTA:
        errors["quota"] = f"Kommuntalet kan vara högst {MAX_QUOTA:_}.".replace("_", " ")
    if not 2016 <= year <= 2100:
        errors["year"] = "Året ska vara 2016 eller senare (bosättningslagen gäller från 2016)."
    if months:
        if any(m not in range(1, 13) for m in months):
            errors["months"] = "Månad ska vara 1–12."
        elif any(c < 0 for c in months.values()):
            errors["months"] = "Antal per månad kan inte vara negativt."
        elif any(c > MAX_QUOTA for c in months.values()):
            errors["months"] = f"Antal per månad kan vara högst {MAX_QUOTA:_}.".replace("_", " ")
        elif quota is not None and sum(months.values()) > quota:
            errors["months"] = (
                f"Månadsfördelningen ({sum(months.values())}) är större än kommuntalet ({quota})."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_quota(
    *,
    actor,
    municipality: Municipality,
    year: int,
    quota: int,
    months: dict[int, int] | None = None,
    note: str = "",
) -> tuple[MunicipalQuota, str]:
    """Create or update a kommuntal. Returns the quota and 'created', 'updated' or 'unchanged'."""
    _require_reception_staff(actor, municipality)
    clean_quota(year=year, quota=quota, months=months)
    existing = MunicipalQuota.objects.filter(municipality=municipality, year=year).first()
    current_months = {m.month: m.count for m in existing.months.all()} if existing else {}
    if existing and existing.quota == quota and (months is None or months == current_months):
        return existing, "unchanged"
    if existing:
        before = {"quota": existing.quota, "months": current_months}
        existing.quota = quota
        existing.note = note or existing.note
        existing.save(update_fields=["quota", "note"])
        outcome, record = "updated", existing
    else:
        before = {}
        record = MunicipalQuota.objects.create(municipality=municipality, year=year, quota=quota, note=note)
        outcome = "created"
    if months is not None:
        record.months.all().delete()
        MonthlyQuota.objects.bulk_create(
            MonthlyQuota(quota=record, month=m, count=c) for m, c in sorted(months.items())
        )
    log_change(
        actor,
        AuditEvent.Action.UPDATE if outcome == "updated" else AuditEvent.Action.CREATE,
        record,
        f"Kommuntal {year}: {quota}",
        {"before": before, "after": {"quota": quota, "months": months or {}}},
    )
    return record, outcome


# --- assignments ----------------------------------------------------------------------------------------------


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
    errors: dict[str, str] = {}
    reference = (reference or "").strip()
    if not reference:
        errors["reference"] = "Ange Migrationsverkets referens för anvisningen."
    if municipality is None:
        errors["municipality"] = "Okänd kommunkod."
    if category not in Category.values:
        errors["category"] = "Välj en kategori (t.ex. kvotflykting eller anvisad från anläggningsboende)."
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
) -> Assignment:
    """Register an anvisning from Migrationsverket. The latest reception date defaults to the rule's."""
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
    assignment = Assignment.objects.create(household=household, **fields)
    if household is not None:
        CaseEvent.objects.create(
            household=household,
            actor=actor,
            kind=CaseEvent.Kind.ASSIGNED,
            text=f"Anvisning {assignment.reference}, sista mottagningsdag {assignment.latest_reception_date}",
        )
    log_change(actor, AuditEvent.Action.CREATE, assignment, f"Anvisning {assignment.reference} registrerad")
    housing.open_need_for_assignment(actor=actor, assignment=assignment)
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
def receive_household(*, actor, assignment: Assignment, arrival_date: dt.date) -> ReceptionCase:
    """The household has arrived: the anvisning is counted (avräknad), a reception case opens and the process
    template's tasks are created for the household and each member."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("municipality", "household")
        .get(pk=assignment.pk)
    )
    _require_reception_staff(actor, assignment.municipality)
    _require_assigned(assignment, "arrival_date")
    if assignment.household is None:
        raise ValidationError({"household": "Registrera hushållets medlemmar innan ankomsten registreras."})
    try:
        reception_rules.check_received_date(assignment.decision_date, arrival_date, timezone.localdate())
    except reception_rules.ReceptionRuleError as error:
        raise ValidationError({"arrival_date": str(error)}) from error
    reception_unit = _reception_unit(assignment.municipality)
    assignment.status = Assignment.Status.RECEIVED
    assignment.received_date = arrival_date
    assignment.save(update_fields=["status", "received_date", "updated_at"])
    case = ReceptionCase(
        assignment=assignment,
        household=assignment.household,
        municipality=assignment.municipality,
        arrival_date=arrival_date,
    )
    tasks = build_tasks(
        case=case,
        household=assignment.household,
        category=assignment.category,
        decision_date=assignment.decision_date,
        reception_unit=reception_unit,
    )
    case.save()
    Task.objects.bulk_create(tasks)
    TaskEvent.objects.bulk_create(
        TaskEvent(task=task, actor=actor, kind=TaskEvent.Kind.CREATED, text="Skapad från processmallen")
        for task in Task.objects.filter(case=case)
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
    return assignment


# --- tasks ----------------------------------------------------------------------------------------------------


def _check_task_actor(actor, task: Task) -> None:
    if not can_act_on_task(actor, task):
        raise PermissionDenied("Du kan bara ändra uppgifter som din enhet ansvarar för.")


def _record(
    actor, task: Task, kind: str, text: str, case_kind: str | None = None, *, written: str = ""
) -> None:
    """`written` is what the user wrote (a completion note, a reason): the task's history keeps it after the text;
    the household's timeline only for a basic task. A section task's words belong to the section (issue #9), and a
    timeline entry has no link to its task by which a page could hide them."""
    full = f"{text} – {written}" if written else text
    TaskEvent.objects.create(task=task, actor=actor, kind=kind, text=full)
    if case_kind:
        shown = full if task.section == Section.BASIC else text
        CaseEvent.objects.create(
            household_id=task.household_id, actor=actor, kind=case_kind, text=shown[:300]
        )
    # The log gets what happened, not the free text: notes and reasons may hold another board's information,
    # and the audit log is kept after gallring of the case.
    with translation.override("sv"):  # the log is kept in Swedish whatever the user's language
        summary = f"Uppgift {task.pk}: {TaskEvent.Kind(kind).label}"
    log_change(actor, AuditEvent.Action.UPDATE, task, summary)


def _require_open(task: Task) -> None:
    """Done and not applicable are decided once: a second decision is refused, naming the first. The caller holds
    the task's row lock, so the status read is the one that counts."""
    if task.status == Task.Status.DONE:
        raise StateConflict(
            f"Uppgiften är redan klarmarkerad{by_whom(task.completed_by, task.completed_at)}."
        )
    if task.status == Task.Status.NOT_APPLICABLE:
        raise StateConflict(
            f"Uppgiften är redan markerad ej aktuell{by_whom(task.completed_by, task.completed_at)}."
        )


@transaction.atomic
def complete_task(*, actor, task: Task, note: str = "") -> Task:
    lock(task)
    _check_task_actor(actor, task)
    _require_open(task)
    task.status = Task.Status.DONE
    task.not_applicable_reason = ""
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.save(update_fields=["status", "not_applicable_reason", "completed_at", "completed_by", "updated_at"])
    _record(actor, task, TaskEvent.Kind.DONE, f"{task.title}: klar", "TASK_DONE", written=note)
    return task


@transaction.atomic
def mark_not_applicable(*, actor, task: Task, reason: str) -> Task:
    lock(task)
    _check_task_actor(actor, task)
    _require_open(task)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Ange varför uppgiften inte är aktuell."})
    task.status = Task.Status.NOT_APPLICABLE
    task.not_applicable_reason = reason[:300]
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.save(update_fields=["status", "not_applicable_reason", "completed_at", "completed_by", "updated_at"])
    _record(
        actor,
        task,
        TaskEvent.Kind.NOT_APPLICABLE,
        f"{task.title}: ej aktuell",
        "TASK_NOT_APPLICABLE",
        written=reason,
    )
    return task


@transaction.atomic
def reopen_task(*, actor, task: Task) -> Task:
    lock(task)
    _check_task_actor(actor, task)
    if task.status == Task.Status.OPEN:
        reopened = (
            task.events.filter(kind=TaskEvent.Kind.REOPENED).select_related("actor").order_by("-at").first()
        )
        raise StateConflict(
            "Uppgiften är redan öppen"
            + (f" (återöppnad{by_whom(reopened.actor, reopened.at)})." if reopened else ".")
        )
    task.status = Task.Status.OPEN
    task.not_applicable_reason = ""
    task.completed_at = None
    task.completed_by = None
    task.save(update_fields=["status", "not_applicable_reason", "completed_at", "completed_by", "updated_at"])
    _record(actor, task, TaskEvent.Kind.REOPENED, f"{task.title}: återöppnad", "TASK_REOPENED")
    return task


@transaction.atomic
def reassign_task(*, actor, task: Task, unit: Unit, assignee=None) -> Task:
    """Give the task to another unit of the same municipality, optionally to a named caseworker in it."""
    lock(task)  # not a change of status, but the history names who had it before: read that under the lock
    _check_task_actor(actor, task)
    errors = {}
    if unit.municipality_id != task.municipality_id:
        errors["unit"] = "Uppgiften kan bara lämnas till en enhet i samma kommun."
    elif not unit.is_active:
        errors["unit"] = "Enheten är inte aktiv."
    if assignee is not None and not assignee.memberships.filter(unit=unit).exists():
        errors["assignee"] = "Handläggaren arbetar inte på den valda enheten."
    if errors:
        raise ValidationError(errors)
    before = (task.unit.name, str(task.assignee or ""))
    task.unit = unit
    task.assignee = assignee
    task.save(update_fields=["unit", "assignee", "updated_at"])
    text = f"{task.title}: ansvar {before[0]}{' / ' + before[1] if before[1] else ''} → {unit.name}" + (
        f" / {assignee}" if assignee else ""
    )
    _record(actor, task, TaskEvent.Kind.REASSIGNED, text, "TASK_REASSIGNED")
    return task


@transaction.atomic
def add_task_note(*, actor, task: Task, text: str) -> TaskEvent:
    _check_task_actor(actor, task)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Skriv en anteckning."})
    event = TaskEvent.objects.create(task=task, actor=actor, kind=TaskEvent.Kind.NOTE, text=text[:2000])
    log_change(actor, AuditEvent.Action.UPDATE, task, "Anteckning tillagd")
    return event


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
    )


# --- closing a reception case -----------------------------------------------------------------------------------


@transaction.atomic
def close_reception_case(*, actor, case: ReceptionCase, closed_date: dt.date | None = None) -> ReceptionCase:
    """The reception period is over. Closing also ends the other units' access that came from owning tasks in
    the case (etablera.access.policy: involvement needs an open case), so every task must be finished first —
    done or marked not applicable — rather than left open where nobody sees it."""
    case = (
        ReceptionCase.objects.select_for_update(of=("self",))
        .select_related("municipality", "household")
        .get(pk=case.pk)
    )
    _require_reception_staff(actor, case.municipality)
    today = timezone.localdate()
    closed_date = closed_date or today
    errors: dict[str, str] = {}
    if case.status != ReceptionCase.Status.OPEN:
        errors["closed_date"] = "Mottagandet är redan avslutat."
    elif closed_date < case.arrival_date:
        errors["closed_date"] = "Datumet kan inte vara före ankomstdatumet."
    elif closed_date > today:
        errors["closed_date"] = "Datumet kan inte ligga i framtiden."
    open_tasks = case.tasks.filter(status=Task.Status.OPEN).count()
    if open_tasks and "closed_date" not in errors:
        errors["tasks"] = (
            "Alla uppgifter måste vara klara eller markerade ej aktuella innan mottagandet avslutas "
            f"(öppna nu: {open_tasks})."
        )
    if errors:
        raise ValidationError(errors)
    case.status = ReceptionCase.Status.CLOSED
    case.closed_date = closed_date
    case.save(update_fields=["status", "closed_date"])
    CaseEvent.objects.create(
        household=case.household,
        actor=actor,
        kind=CaseEvent.Kind.NOTE,
        text=f"Mottagandet avslutat {closed_date}",
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        f"Mottagandet avslutat {closed_date}",
        {"status": ["OPEN", "CLOSED"], "closed_date": str(closed_date)},
    )
    return case
