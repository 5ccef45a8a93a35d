"""Tasks that follow the anvisning and the people: the tasks before arrival (created with the anvisning's household,
following its planned arrival date, closed when it is cancelled), and a person's tasks when their birth date
changes or they join or leave a household (the people signals, reception/receivers.py).

Every change is written in the task's history (TaskEvent) with the rule's explanation, and in the household's
timeline where it helps the reader; each write locks the rows it changes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.people.models import Category, FormerHouseholdMember, Household, Person
from etablera.reception import event_texts as texts
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task, TaskEvent, TemplateStep
from etablera.reception.services.cases import write_new_tasks
from etablera.reception.services.common import _reception_unit, _require_reception_staff
from etablera.reception.tasks_generation import (
    PLANNED,
    Plan,
    build_before_arrival_tasks,
    condition_failure,
    existing_keys,
    plan_before_arrival,
    plan_for_case,
)
from etablera.transitions import StateConflict

# How far ahead a planned arrival may be: far beyond any real travel, a guard against a mistyped year.
MAX_PLANNED_DAYS_AFTER_DECISION = 2 * 365


# --- before arrival ----------------------------------------------------------------------------------------------


def create_before_arrival_tasks(*, actor, assignment: Assignment) -> list[Task]:
    """The anvisning's tasks before arrival, once it has a household and is still waiting for it; those it has
    are not made again (so a second call, or new members, add only what is missing). Called inside the
    registering service's transaction, which holds the anvisning."""
    if assignment.status != Assignment.Status.ASSIGNED or assignment.household_id is None:
        return []
    try:
        reception_unit = _reception_unit(assignment.municipality)
    except ValidationError:
        return []  # no reception unit yet: the tasks come at arrival, which requires one
    existing = existing_keys(Task.objects.filter(assignment=assignment))
    tasks = build_before_arrival_tasks(assignment, reception_unit, existing=existing)
    write_new_tasks(actor, tasks, texts.CREATED_BEFORE_ARRIVAL)
    return tasks


def clean_planned_arrival_date(assignment: Assignment, planned: dt.date | None) -> None:
    if planned is None:
        return
    if planned < assignment.decision_date:
        raise ValidationError(
            {"planned_arrival_date": "Planerad ankomst kan inte vara före beslutsdatum för anvisningen."}
        )
    if (planned - assignment.decision_date).days > MAX_PLANNED_DAYS_AFTER_DECISION:
        raise ValidationError(
            {"planned_arrival_date": "Planerad ankomst kan inte vara mer än två år efter beslutsdatum."}
        )


def _redate(actor, plan: Plan, tasks: list[Task], why: str, today: dt.date) -> int:
    """Give open tasks the date their step now gives; each changed one says so. Returns how many changed."""
    steps = {task.step_id: task.step for task in tasks}
    changed = 0
    for task in tasks:
        if task.step is None:
            continue
        deadline = plan.deadline(steps[task.step_id], today)
        if deadline.date == task.due_date:
            continue
        old = task.due_date
        task.due_date = deadline.date
        task.due_rule = deadline.as_json()
        task.save(update_fields=["due_date", "due_rule", "updated_at"])
        TaskEvent.objects.create(
            task=task,
            actor=actor,
            kind=TaskEvent.Kind.DUE_CHANGED,
            text=texts.DUE_CHANGED
            % {
                "date": deadline.date.isoformat(),
                "old": old.isoformat(),
                "why": f"{why} {deadline.explanation}",
            },
        )
        changed += 1
    return changed


@transaction.atomic
def set_planned_arrival_date(
    *, actor, assignment: Assignment, planned_arrival_date: dt.date | None
) -> Assignment:
    """Set or change (or clear) the day the household is expected. The open tasks before arrival follow it."""
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("municipality", "household")
        .get(pk=assignment.pk)
    )
    _require_reception_staff(actor, assignment.municipality)
    if assignment.status != Assignment.Status.ASSIGNED:
        raise StateConflict(
            "Planerad ankomst kan bara ändras för en anvisning som väntar på ankomst.",
            field="planned_arrival_date",
        )
    clean_planned_arrival_date(assignment, planned_arrival_date)
    old = assignment.planned_arrival_date
    if old == planned_arrival_date:
        return assignment
    assignment.planned_arrival_date = planned_arrival_date
    assignment.save(update_fields=["planned_arrival_date", "updated_at"])
    shown = (
        planned_arrival_date.isoformat() if planned_arrival_date else "ingen (sista mottagningsdag gäller)"
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        assignment,
        f"Planerad ankomst {shown}",
        {"planned_arrival_date": [str(old or ""), str(planned_arrival_date or "")]},
    )
    if assignment.household_id is None:
        return assignment
    CaseEvent.objects.create(
        household_id=assignment.household_id,
        actor=actor,
        kind=CaseEvent.Kind.NOTE,
        text=(texts.PLANNED_ARRIVAL_SET if planned_arrival_date else texts.PLANNED_ARRIVAL_NONE)
        % {"reference": assignment.reference, "date": shown},
    )
    plan = plan_before_arrival(assignment, _reception_unit(assignment.municipality))
    tasks = list(
        Task.objects.select_for_update(of=("self",))
        .select_related("step")
        .filter(assignment=assignment, case=None, status=Task.Status.OPEN, step__anchor=PLANNED)
    )
    if plan is not None:
        why = (
            texts.PLANNED_ARRIVAL_CHANGED % {"date": planned_arrival_date.isoformat()}
            if planned_arrival_date
            else texts.PLANNED_ARRIVAL_CLEARED
        )
        _redate(actor, plan, tasks, why, timezone.localdate())
    return assignment


def close_before_arrival_tasks(*, actor, assignment: Assignment, reason: str) -> int:
    """A cancelled anvisning: its open tasks before arrival are not applicable, with the cancellation's reason.
    Called inside cancel_assignment's transaction."""
    tasks = list(
        Task.objects.select_for_update().filter(assignment=assignment, case=None, status=Task.Status.OPEN)
    )
    text = f"Anvisningen {assignment.reference} avbröts: {reason}"[:300]
    _close(actor, tasks, text, TaskEvent.Kind.NOT_APPLICABLE)
    return len(tasks)


def _close(actor, tasks: list[Task], reason: str, kind: str) -> None:
    now = timezone.now()
    for task in tasks:
        task.status = Task.Status.NOT_APPLICABLE
        task.not_applicable_reason = reason[:300]
        task.completed_at = now
        task.completed_by = actor
        task.save(
            update_fields=["status", "not_applicable_reason", "completed_at", "completed_by", "updated_at"]
        )
        TaskEvent.objects.create(task=task, actor=actor, kind=kind, text=f"Ej aktuell: {reason}")


# --- a person's tasks (the people signals) ------------------------------------------------------------------------


def _plans_for(household: Household) -> list[Plan]:
    """Where the household's tasks are made now: its open reception cases, else its anvisning waiting for arrival."""
    plans = []
    for case in ReceptionCase.objects.filter(
        household=household, status=ReceptionCase.Status.OPEN
    ).select_related("assignment", "municipality"):
        assignment = case.assignment
        plan = plan_for_case(
            case=case,
            household=household,
            category=assignment.category if assignment else Category.SELF_SETTLED,
            decision_date=assignment.decision_date if assignment else None,
            reception_unit=_reception_unit(case.municipality),
        )
        if plan is not None:
            plans.append(plan)
    if plans:
        return plans
    for assignment in Assignment.objects.filter(
        household=household, status=Assignment.Status.ASSIGNED
    ).select_related("municipality", "household"):
        try:
            plan = plan_before_arrival(assignment, _reception_unit(assignment.municipality))
        except ValidationError:
            plan = None
        if plan is not None:
            plans.append(plan)
    return plans


def _steps(plan: Plan):
    """The steps a plan makes tasks of now: before arrival only the PLANNED ones, in a case the others."""
    before = plan.case is None
    return [step for step in plan.template.steps.all() if (step.anchor == PLANNED) == before]


def _belongs(task: Task, plan: Plan) -> bool:
    if plan.case is not None:
        return task.case_id == plan.case.pk
    return task.case_id is None and task.assignment_id == plan.assignment.pk


def _holder_tasks(plan: Plan):
    if plan.case is not None:
        return Task.objects.filter(case=plan.case)
    return Task.objects.filter(assignment=plan.assignment, case=None)


def create_person_tasks(*, actor, household: Household, person: Person, plan: Plan, text: str) -> list[Task]:
    """The person's member tasks that apply and are missing in the plan's case or anvisning."""
    members = [m for m in household.memberships.select_related("person") if m.person_id == person.pk]
    if not members:
        return []
    members[0].person = person
    existing = existing_keys(_holder_tasks(plan).filter(person=person))
    tasks = plan.tasks(_steps(plan), members, existing=existing, only_person=person)
    return write_new_tasks(actor, tasks, text)


def person_tasks_after_birth_date_change(*, actor, person: Person, change) -> dict[str, int]:
    """Re-evaluate the person's open tasks against the new birth date: a condition now false closes the task as
    not applicable with the rule's explanation; a date that follows the birth date moves; steps that now apply
    and have no task are created. Returns the counts."""
    counts = {"not_applicable": 0, "due_changed": 0, "created": 0}
    old, new = getattr(change, "old_date", None), person.birth_date
    why = texts.BIRTH_DATE_CHANGED % {
        "before": old.isoformat() if old else texts.UNKNOWN_DATE,
        "after": new.isoformat() if new else texts.UNKNOWN_DATE,
    }
    households = {
        m.household_id: m.household for m in person.household_memberships.select_related("household")
    }
    tasks = list(
        Task.objects.select_for_update(of=("self",))
        .select_related("step", "case", "assignment", "case__assignment")
        .filter(person=person, status=Task.Status.OPEN, step__isnull=False)
    )
    for household in households.values():
        for plan in _plans_for(household):
            mine = [task for task in tasks if _belongs(task, plan)]
            closing = []
            for task in mine:
                failure = condition_failure(task.step, person, plan.category, plan.on)
                if failure:
                    closing.append((task, failure))
            for task, failure in closing:
                TaskEvent.objects.create(
                    task=task, actor=actor, kind=TaskEvent.Kind.CONDITION_CHANGED, text=f"{why} {failure}"
                )
                _close(
                    actor, [task], f"Villkoret gäller inte längre: {failure}", TaskEvent.Kind.NOT_APPLICABLE
                )
                CaseEvent.objects.create(
                    household=household,
                    actor=actor,
                    kind=CaseEvent.Kind.TASK_NOT_APPLICABLE,
                    text=(texts.TASK_NOT_APPLICABLE_BIRTH % {"title": task.title})[:300],
                )
            counts["not_applicable"] += len(closing)
            closed = {task.pk for task, _failure in closing}
            staying = [task for task in mine if task.pk not in closed]
            for task in staying:  # a date that depends on age follows; created on its own day, as it was made
                counts["due_changed"] += _redate(
                    actor, plan, [task], why, timezone.localtime(task.created_at).date()
                )
            created = create_person_tasks(
                actor=actor,
                household=household,
                person=person,
                plan=plan,
                text=f"{texts.CREATED_BIRTH_DATE}. {why}",
            )
            counts["created"] += len(created)
            if created:
                CaseEvent.objects.create(
                    household=household,
                    actor=actor,
                    kind=CaseEvent.Kind.NOTE,
                    text=f"{len(created)} nya uppgifter för {person.first_name} efter ändrat födelsedatum"[
                        :300
                    ],
                )
    return counts


def person_tasks_after_joining(
    *, actor, household: Household, person: Person, on_date: dt.date | None
) -> list[Task]:
    """A person joined the household: their member tasks in its open case (counted from the day they came, ages
    on that day), or the tasks before arrival of its anvisning still waiting."""
    created: list[Task] = []
    joined = on_date or timezone.localdate()
    for plan in _plans_for(household):
        if plan.case is None:
            # An anvisning waiting for arrival (its members are being added): its tasks before arrival, the
            # household's once it has a member, each member's as they come.
            created += create_before_arrival_tasks(actor=actor, assignment=plan.assignment)
            continue
        if joined > plan.case.arrival_date:
            plan.anchors[TemplateStep.Anchor.ARRIVAL] = ("JOINED", joined)
            plan.on = joined
        created += create_person_tasks(
            actor=actor,
            household=household,
            person=person,
            plan=plan,
            text=texts.CREATED_JOINED % {"name": person.first_name, "date": joined.isoformat()},
        )
    if created and any(task.case_id for task in created):
        CaseEvent.objects.create(
            household=household,
            actor=actor,
            kind=CaseEvent.Kind.NOTE,
            text=f"{len(created)} uppgifter skapade för {person.first_name}, ny i hushållet"[:300],
        )
    return created


def person_tasks_after_leaving(*, actor, household: Household, person: Person, on_date, reason: str) -> int:
    """A member left: their open tasks in the household are not applicable, saying why."""
    try:
        with translation.override("sv"):  # the history is kept in Swedish, as every service writes it
            label = str(FormerHouseholdMember.Reason(reason).label)
    except ValueError:
        label = str(reason or "")
    when = on_date.isoformat() if on_date else timezone.localdate().isoformat()
    text = f"{person.first_name} lämnade hushållet {when} ({label.lower()})."
    tasks = list(
        Task.objects.select_for_update().filter(household=household, person=person, status=Task.Status.OPEN)
    )
    _close(actor, tasks, text, TaskEvent.Kind.NOT_APPLICABLE)
    if tasks:
        CaseEvent.objects.create(
            household=household,
            actor=actor,
            kind=CaseEvent.Kind.TASK_NOT_APPLICABLE,
            text=f"{len(tasks)} uppgifter ej aktuella: {text}"[:300],
        )
    return len(tasks)
