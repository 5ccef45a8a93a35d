"""A task's life: done, not applicable, reopened, given to another unit or caseworker, a note. Each change locks
the task's row, is written in the task's history and (for most) the household's timeline, and is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import can_act_on_task
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.reception.models import CaseEvent, Task, TaskEvent
from etablera.transitions import StateConflict, by_whom, lock


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
