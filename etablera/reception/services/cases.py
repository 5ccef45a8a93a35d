"""A reception case (mottagande): opened with the process template's tasks when a household arrives — received on
its anvisning, or registered as self-settled (EBO) without one — and closed when the reception period is over."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.people.models import Household
from etablera.reception import event_texts
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task, TaskEvent
from etablera.reception.services.common import _reception_unit, _require_reception_staff
from etablera.reception.tasks_generation import build_tasks, existing_keys

CREATED_TEXT = event_texts.CREATED


def write_new_tasks(actor, tasks: list[Task], text: str = CREATED_TEXT) -> list[Task]:
    """Write built tasks in one statement, each with its CREATED event; a date that had passed when the task was
    made says so in that event (tasks_generation: `created_note`), as the next sentence. The text is one of
    event_texts' messages, so that the history shows it in the reader's language."""
    if not tasks:
        return tasks
    Task.objects.bulk_create(tasks)
    TaskEvent.objects.bulk_create(
        TaskEvent(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.CREATED,
            text=f"{text}{' ' if text.endswith('.') else '. '}{note}"
            if (note := getattr(task, "created_note", ""))
            else text,
        )
        for task in tasks
    )
    return tasks


def open_reception_case(
    *,
    actor,
    household: Household,
    municipality: Municipality,
    arrival_date: dt.date,
    category: str,
    decision_date: dt.date | None,
    assignment: Assignment | None = None,
    today: dt.date | None = None,
) -> tuple[ReceptionCase, list[Task]]:
    """Open the case and create the template's tasks for the household and each member, with their histories.
    The same for a household received on its anvisning and for a self-settled one (no anvisning: the tasks
    anchored on the decision count from the arrival). The anvisning's tasks before arrival join the case, and are
    not made again; the returned tasks are the new ones. The caller has checked permission and state."""
    case = ReceptionCase(
        assignment=assignment, household=household, municipality=municipality, arrival_date=arrival_date
    )
    before = list(Task.objects.filter(assignment=assignment, case=None)) if assignment is not None else []
    tasks = build_tasks(
        case=case,
        household=household,
        category=category,
        decision_date=decision_date,
        reception_unit=_reception_unit(municipality),
        existing=existing_keys(before),
        before_arrival_done=bool(before),
        today=today,
    )
    case.save()
    if before:
        Task.objects.filter(pk__in=[task.pk for task in before]).update(case=case, updated_at=timezone.now())
    write_new_tasks(actor, tasks)
    return case, tasks


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
        text=event_texts.CASE_CLOSED % {"date": str(closed_date)},
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        f"Mottagandet avslutat {closed_date}",
        {"status": ["OPEN", "CLOSED"], "closed_date": str(closed_date)},
    )
    return case
