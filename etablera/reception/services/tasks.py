"""A task's life: done, not applicable, reopened, given to another unit or caseworker, taken ("Ta uppgiften") or
assigned to a colleague of its unit — one at a time or several at once — a note. Each change locks the task's row,
is written in the task's history and (for most) the household's timeline, and is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import STAFF_ROLES, can_act_on_task
from etablera.access.sections import Section
from etablera.organisation.models import Membership, Unit
from etablera.reception import event_texts as texts
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
    full = f"{text}{texts.WRITTEN}{written}" if written else text
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
    _record(
        actor, task, TaskEvent.Kind.DONE, texts.TASK_DONE % {"title": task.title}, "TASK_DONE", written=note
    )
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
        texts.TASK_NOT_APPLICABLE % {"title": task.title},
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
    _record(
        actor, task, TaskEvent.Kind.REOPENED, texts.TASK_REOPENED % {"title": task.title}, "TASK_REOPENED"
    )
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
    elif unit.function == Unit.Function.COUNTY_BOARD:
        errors["unit"] = "Länsstyrelsen följer länets siffror och tar inte emot uppgifter om hushåll."
    if assignee is not None and not works_in_unit(assignee, unit.pk):
        errors["assignee"] = "Handläggaren arbetar inte på den valda enheten."
    if errors:
        raise ValidationError(errors)
    before = task.unit.name + (f" / {task.assignee}" if task.assignee else "")
    task.unit = unit
    task.assignee = assignee
    task.save(update_fields=["unit", "assignee", "updated_at"])
    after = unit.name + (f" / {assignee}" if assignee else "")
    text = texts.TASK_HANDED_OVER % {"title": task.title, "before": before, "after": after}
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


# --- taking a task, assigning it to a colleague of its unit, several at once (issue #11) -------------------------

# How many tasks one bulk action may change: a page of the unit's list, with room to spare.
MAX_BULK_TASKS = 200


def works_in_unit(user, unit_id: int) -> bool:
    """An active staff member of the unit: who a task of the unit may be given to."""
    return (
        user is not None
        and user.is_active
        and Membership.objects.filter(user=user, unit_id=unit_id, role__in=STAFF_ROLES).exists()
    )


def _require_assignable(task: Task) -> None:
    """Only an open task is taken or assigned: a done or not applicable one is refused, naming who decided it."""
    _require_open(task)


def _give(actor, task: Task, assignee, kind: str, text: str) -> Task:
    task.assignee = assignee
    task.save(update_fields=["assignee", "updated_at"])
    # The household's timeline says the task changed hands, as a hand-over to another unit does.
    _record(actor, task, kind, text, "TASK_REASSIGNED")
    return task


@transaction.atomic
def take_task(*, actor, task: Task) -> Task:
    """ "Ta uppgiften": the actor becomes the task's caseworker. Only a staff member of the unit that owns the task
    takes it (another unit's staff hand it over first), and only while nobody has it: a task someone else took in
    the meantime is refused, naming them."""
    lock(task)
    _check_task_actor(actor, task)
    _require_assignable(task)
    if task.assignee_id == actor.pk:
        raise StateConflict("Uppgiften är redan din.", field="assignee")
    if task.assignee_id is not None:
        raise StateConflict(f"Uppgiften har redan tagits av {task.assignee}.", field="assignee")
    if not works_in_unit(actor, task.unit_id):
        raise ValidationError(
            {
                "assignee": f"Du arbetar inte på {task.unit.name}, som ansvarar för uppgiften. "
                "Lämna över uppgiften till din enhet först."
            }
        )
    return _give(
        actor, task, actor, TaskEvent.Kind.TAKEN, texts.TASK_TAKEN % {"title": task.title, "user": actor}
    )


@transaction.atomic
def assign_task(*, actor, task: Task, assignee) -> Task:
    """Give an open task to a colleague of the unit that owns it (or to oneself). Someone outside the unit is
    refused at the field: the task goes to another unit by `reassign_task`. The same caseworker again changes
    nothing."""
    lock(task)
    _check_task_actor(actor, task)
    _require_assignable(task)
    if assignee is None:
        raise ValidationError({"assignee": "Välj en handläggare."})
    if not works_in_unit(assignee, task.unit_id):
        raise ValidationError(
            {
                "assignee": f"{assignee} arbetar inte på {task.unit.name}, som ansvarar för uppgiften. Välj en "
                "kollega på enheten, eller lämna över uppgiften till en annan enhet."
            }
        )
    if task.assignee_id == assignee.pk:
        return task
    if task.assignee is None:
        text = texts.TASK_ASSIGNED_FIRST % {"title": task.title, "after": assignee}
    else:
        text = texts.TASK_ASSIGNED % {"title": task.title, "before": task.assignee, "after": assignee}
    return _give(actor, task, assignee, TaskEvent.Kind.REASSIGNED, text)


class BulkAction:
    TAKE = "take"
    ASSIGN = "assign"
    ALL = (TAKE, ASSIGN)


@transaction.atomic
def bulk_update_tasks(*, actor, tasks: list[Task], action: str, assignee=None) -> list[Task]:
    """Take or assign several tasks at once, all or nothing. The rows are locked in one query, in the order of
    their ids (two clients that meet wait for each other rather than deadlock); then each task is changed as
    `take_task`/`assign_task` would. One task that is no longer open, or that someone else took in the meantime,
    refuses the whole action with a message naming it, and nothing is changed. `tasks` are the ones the actor
    may see (the caller's selector)."""
    if action not in BulkAction.ALL:
        raise ValidationError({"action": "Välj vad som ska göras med uppgifterna."})
    if not tasks:
        raise ValidationError({"tasks": "Välj minst en uppgift."})
    if len(tasks) > MAX_BULK_TASKS:
        raise ValidationError({"tasks": f"Välj högst {MAX_BULK_TASKS} uppgifter åt gången."})
    if action == BulkAction.ASSIGN and assignee is None:
        raise ValidationError({"assignee": "Välj en handläggare."})
    ids = sorted({task.pk for task in tasks})
    locked = list(
        Task.objects.select_for_update(of=("self",))
        .select_related("unit", "assignee", "completed_by", "household")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    done = []
    for task in locked:
        try:
            if action == BulkAction.TAKE and task.assignee_id == actor.pk and task.status == Task.Status.OPEN:
                done.append(task)  # already mine (read under the lock): nothing to do, not a reason to refuse
            elif action == BulkAction.TAKE:
                done.append(take_task(actor=actor, task=task))
            else:
                done.append(assign_task(actor=actor, task=task, assignee=assignee))
        except StateConflict as conflict:
            raise StateConflict(_naming(task, conflict.detail), field="tasks") from conflict
        except ValidationError as error:
            messages = [m for field in error.message_dict.values() for m in field]
            raise ValidationError({"tasks": _naming(task, " ".join(messages))}) from error
    return done


def _naming(task: Task, detail: str) -> str:
    return f"”{task.title}” ({task.household.name}): {detail} Ingen av uppgifterna har ändrats."
