"""School placement and the health examination of an unaccompanied child, as tasks (issue #14).

The social board must see that a child it carries gets a school placement and is offered a health examination; the
school and the region do the work, and what they write about it is theirs (sections SCHOOL and HEALTH). Both are
steps of the reception's process template — "Skolplacering" (the school's, ages 6–17) and "Hälsoundersökning
erbjuds" (the region's, everyone) — so they are reception tasks like any other. When the child's case opens, each
of the two the child has no open or done task for is made in the child's open reception case through the
reception's own plan (reception.tasks_generation.Plan: the template's conditions, owning unit, section, and due date
with its rule) and writer (reception.services.cases.write_new_tasks). A task marked not applicable does not count:
someone in the reception decided that, and the board that carries the child needs the step done.

Ages are taken on the day the case opens (a child who came at five and is six now needs a school); the due dates
count from the arrival as the template says, a passed one becoming today with a sentence saying so. For a young
person of 16–17 the school placement is the upper-secondary school's introduction programme (rules.minors
`upper_secondary`), which the task's description says; from 18 the template has no school step, and none is made.

No reception case open (the child's case opened before the reception, or after it closed): nothing is made here —
a reception opened later makes the template's tasks itself. The page says so.

`school_health_tasks` is the read the child's page shows (selectors.child_page calls it), kept beside the write so
the feature's code sits together."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import restrict
from etablera.minors.models import ChildCase
from etablera.people.models import Category
from etablera.reception import event_texts
from etablera.reception.models import ReceptionCase, Task, TemplateStep
from etablera.reception.selectors.tasks import mark_section_text
from etablera.reception.services.cases import write_new_tasks
from etablera.reception.services.common import _reception_unit
from etablera.reception.tasks_generation import plan_for_case
from etablera.rules import minors as rules

# The national default template's titles of the two steps (reception/default_template.py); a municipality's own
# template that keeps them is found by the same titles.
SCHOOL_PLACEMENT = "Skolplacering"
HEALTH_EXAMINATION = "Hälsoundersökning erbjuds"
STEP_TITLES = (SCHOOL_PLACEMENT, HEALTH_EXAMINATION)
# A task that counts as the step being seen to: still to do, or done.
KEPT = (Task.Status.OPEN, Task.Status.DONE)
UPPER_SECONDARY_DESCRIPTION = "Plats på gymnasieskolans introduktionsprogram (språkintroduktion) för en nyanländ ungdom som fyllt 16 år."


def _of_steps(titles=STEP_TITLES) -> Q:
    """The tasks of the steps: by their step's title, or — a step since deleted from the template — by the title
    the task was given from it ("<step title>: <first name>")."""
    query = Q(step__title__in=titles)
    for title in titles:
        query |= Q(step__isnull=True, title__startswith=f"{title}: ")
    return query


def step_title(task: Task) -> str:
    if task.step_id is not None and task.step.title in STEP_TITLES:
        return task.step.title
    return next((t for t in STEP_TITLES if task.title.startswith(f"{t}: ")), task.title)


def _reception_case(person) -> ReceptionCase | None:
    """The person's household's open reception case (the newest, should there be two)."""
    return (
        ReceptionCase.objects.filter(household__memberships__person=person, status=ReceptionCase.Status.OPEN)
        .select_related("assignment", "municipality", "household")
        .order_by("-arrival_date", "-pk")
        .first()
    )


def ensure_school_and_health_tasks(actor, case: ChildCase, *, today: dt.date | None = None) -> list[Task]:
    """Make the school placement and health examination tasks the child lacks (see the module's docstring);
    the new tasks. Called inside open_case's transaction, which has checked the actor; logged on the case."""
    person = case.person
    today = today or timezone.localdate()
    kept = Task.objects.filter(_of_steps(), person=person, status__in=KEPT).select_related("step")
    missing = set(STEP_TITLES) - {step_title(task) for task in kept}
    if not missing:
        return []
    reception = _reception_case(person)
    if reception is None:
        return []
    try:
        reception_unit = _reception_unit(reception.municipality)
    except ValidationError:  # no reception unit: the reception's own tasks cannot be made either
        return []
    assignment = reception.assignment
    plan = plan_for_case(
        case=reception,
        household=reception.household,
        category=assignment.category if assignment else Category.SELF_SETTLED,
        decision_date=assignment.decision_date if assignment else None,
        reception_unit=reception_unit,
    )
    if plan is None:
        return []
    plan.today = plan.on = today  # ages on the day the case opens; dates as the template counts them
    steps = [
        step
        for step in plan.template.steps.all()
        if step.scope == TemplateStep.Scope.MEMBER and step.title in missing
    ]
    members = [m for m in reception.household.memberships.all() if m.person_id == person.pk]
    for member in members:
        member.person = person
    tasks = plan.tasks(steps, members, only_person=person)
    for task in tasks:
        if task.step.title == SCHOOL_PLACEMENT and rules.upper_secondary(person.birth_date, today):
            task.description = UPPER_SECONDARY_DESCRIPTION
    write_new_tasks(actor, tasks, event_texts.CREATED)
    if tasks:
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            case,
            "Uppgifter skapade när barnärendet öppnades: " + ", ".join(t.step.title for t in tasks),
        )
    return tasks


def school_health_tasks(user, person) -> list[Task]:
    """The child's school placement and health examination tasks that `user` sees (restrict(): the task is seen
    with its household), earliest first, each marked `section_text_visible` — whether the user may read what the
    school or the region wrote in it (a not-applicable reason; notes stay on the task's own page, which hides them
    the same way). The child's page is logged as a read of the child."""
    tasks = list(
        restrict(user, Task.objects.filter(_of_steps(), person=person))
        .select_related("step", "unit", "household")
        .order_by("due_date", "pk")
    )
    return mark_section_text(user, tasks)
