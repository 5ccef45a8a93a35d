"""Turning a process template into tasks: before arrival (the steps counted from the planned arrival, on the
anvisning as soon as it has its household) and at arrival (the rest, on the reception case).

Every due date comes from etablera.rules.tasks with its explanation, and none is made already overdue
(`rules.tasks.not_overdue`): a local date that has passed becomes today, a legal one stays and says why.
The functions here build unsaved tasks; the services write them (services/cases.py, services/task_updates.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from etablera.access.sections import section_for_function
from etablera.organisation.models import Unit
from etablera.people.models import Household, HouseholdMember, Person
from etablera.reception.models import Assignment, ProcessTemplate, ReceptionCase, Task, TemplateStep
from etablera.rules.dates import age_on
from etablera.rules.deadlines import Deadline
from etablera.rules.establishment import in_programme_age, is_child
from etablera.rules.tasks import not_overdue, task_deadline

PLANNED = TemplateStep.Anchor.PLANNED


def template_for(municipality) -> ProcessTemplate | None:
    """The municipality's own active template, else the national default."""
    own = (
        ProcessTemplate.objects.filter(municipality=municipality, is_active=True)
        .order_by("-updated_at")
        .first()
    )
    return own or ProcessTemplate.objects.filter(municipality=None, is_active=True).order_by("pk").first()


def person_matches(step: TemplateStep, person: Person, category: str, on: dt.date) -> bool:
    return condition_failure(step, person, category, on) is None


def condition_failure(step: TemplateStep, person: Person, category: str, on: dt.date) -> str | None:
    """Why a member step does not apply to the person (a Swedish sentence naming the rule), or None if it does."""
    if step.categories and category not in step.categories and person.category not in step.categories:
        return "Gäller inte personens kategori."
    if person.birth_date is None:
        # Age unknown: keep age-bound steps so that nobody is forgotten; staff mark them not applicable.
        return None
    age = age_on(person.birth_date, on)
    if step.min_age is not None and age < step.min_age:
        return f"Gäller från {step.min_age} års ålder; personen är {age} år {on.isoformat()} (processmallens villkor)."
    if step.max_age is not None and age > step.max_age:
        return (
            f"Gäller till och med {step.max_age} års ålder; personen är {age} år {on.isoformat()} "
            "(processmallens villkor)."
        )
    if step.establishment_age_only and not in_programme_age(person.birth_date, on):
        return f"Gäller personer i etableringsåldern (20–65 år, lag 2017:584); personen är {age} år {on.isoformat()}."
    return None


def household_matches(step: TemplateStep, members: list[HouseholdMember], category: str, on: dt.date) -> bool:
    if step.categories and category not in step.categories:
        return False
    if step.requires_children:
        return any(
            m.relation == HouseholdMember.Relation.CHILD
            or (m.person.birth_date and is_child(m.person.birth_date, on))
            for m in members
        )
    return True


def owning_unit(units_by_function: dict[str, Unit], function: str, fallback: Unit) -> Unit:
    return units_by_function.get(function, fallback)


def units_by_function(municipality) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for unit in Unit.objects.filter(municipality=municipality, is_active=True).order_by("kind", "pk"):
        # Prefer a team over its department: TEAM sorts after DEPARTMENT, so let later (teams) win.
        if unit.kind == Unit.Kind.TEAM or unit.function not in units:
            units[unit.function] = unit
    return units


def planned_anchor(assignment: Assignment) -> tuple[str, dt.date]:
    """What the steps before arrival count from: the planned arrival date, else the latest reception date."""
    if assignment.planned_arrival_date:
        return "PLANNED", assignment.planned_arrival_date
    return "LATEST", assignment.latest_reception_date


@dataclass
class Plan:
    """What a household's tasks are built from: the template, the dates its anchors stand for, the date ages are
    taken on, who owns each function, and what the tasks hang on (an anvisning before arrival, a case after)."""

    template: ProcessTemplate
    municipality: object
    household: Household
    category: str
    anchors: dict[str, tuple[str, dt.date]]
    on: dt.date
    reception_unit: Unit
    case: ReceptionCase | None = None
    assignment: Assignment | None = None
    today: dt.date = field(default_factory=lambda: timezone.localdate())
    units: dict[str, Unit] = field(default_factory=dict)

    def deadline(self, step: TemplateStep, today: dt.date | None = None) -> Deadline:
        """The step's due date for a task created `today` (default: the plan's day)."""
        return not_overdue(self.rule_deadline(step), today or self.today)

    def rule_deadline(self, step: TemplateStep) -> Deadline:
        """The step's due date as the rule or template gives it, passed or not."""
        anchor, anchor_date = self.anchors[step.anchor]
        return task_deadline(
            title=step.title,
            anchor=anchor,
            anchor_date=anchor_date,
            offset_days=step.offset_days,
            rule_key=step.rule,
            template_name=self.template.name,
        )

    def task(self, step: TemplateStep, person: Person | None = None) -> Task:
        rule_deadline = self.rule_deadline(step)
        deadline = not_overdue(rule_deadline, self.today)
        task = Task(
            case=self.case,
            assignment=self.assignment,
            household=self.household,
            person=person,
            step=step,
            municipality=self.municipality,
            title=f"{step.title}: {person.first_name}" if person else step.title,
            description=step.description,
            unit=owning_unit(self.units, step.responsible_function, self.reception_unit),
            due_date=deadline.date,
            due_rule=deadline.as_json(),
            # A social-services, school or health step holds that board's information (access.sections).
            section=section_for_function(step.responsible_function),
        )
        # The sentence not_overdue added (the date had passed), for the task's CREATED event.
        task.created_note = deadline.explanation if deadline is not rule_deadline else ""
        return task

    def tasks(
        self,
        steps,
        members: list[HouseholdMember],
        *,
        existing: set[tuple[int, int | None]] = frozenset(),
        only_person: Person | None = None,
    ) -> list[Task]:
        """The tasks of `steps` for the household and each member, leaving out (step, person) pairs in `existing`;
        with `only_person`, that person's member tasks alone."""
        tasks: list[Task] = []
        for step in steps:
            if step.scope == TemplateStep.Scope.HOUSEHOLD:
                wanted = only_person is None and (step.pk, None) not in existing
                if wanted and household_matches(step, members, self.category, self.on):
                    tasks.append(self.task(step))
                continue
            for member in members:
                person = member.person
                if only_person is not None and person.pk != only_person.pk:
                    continue
                if (step.pk, person.pk) in existing:
                    continue
                if person_matches(step, person, self.category, self.on):
                    tasks.append(self.task(step, person))
        return tasks


def plan_for_case(
    *,
    case: ReceptionCase,
    household: Household,
    category: str,
    decision_date: dt.date | None,
    reception_unit: Unit,
) -> Plan | None:
    template = template_for(case.municipality)
    if template is None:
        return None
    planned = ("ARRIVAL", case.arrival_date)
    return Plan(
        template=template,
        municipality=case.municipality,
        household=household,
        category=category,
        anchors={
            TemplateStep.Anchor.ARRIVAL: ("ARRIVAL", case.arrival_date),
            TemplateStep.Anchor.DECISION: ("DECISION", decision_date)
            if decision_date
            else ("ARRIVAL", case.arrival_date),
            PLANNED: planned,
        },
        on=case.arrival_date,
        reception_unit=reception_unit,
        case=case,  # tasks made at arrival hang on the case alone; those before arrival keep their anvisning too
        units=units_by_function(case.municipality),
    )


def plan_before_arrival(assignment: Assignment, reception_unit: Unit) -> Plan | None:
    template = template_for(assignment.municipality)
    if template is None or assignment.household is None:
        return None
    planned = planned_anchor(assignment)
    return Plan(
        template=template,
        municipality=assignment.municipality,
        household=assignment.household,
        category=assignment.category,
        anchors={
            PLANNED: planned,
            TemplateStep.Anchor.DECISION: ("DECISION", assignment.decision_date),
            TemplateStep.Anchor.ARRIVAL: planned,
        },
        on=planned[1],
        reception_unit=reception_unit,
        assignment=assignment,
        units=units_by_function(assignment.municipality),
    )


def existing_keys(tasks) -> set[tuple[int, int | None]]:
    return {(task.step_id, task.person_id) for task in tasks if task.step_id}


def build_tasks(
    *,
    case: ReceptionCase,
    household: Household,
    category: str,
    decision_date: dt.date | None,
    reception_unit: Unit,
    existing: set[tuple[int, int | None]] = frozenset(),
    before_arrival_done: bool = False,
    today: dt.date | None = None,
) -> list[Task]:
    """The tasks for a newly received household; unsaved, so the caller writes them in one statement.

    The steps before arrival are left out when the anvisning already had its tasks of them
    (`before_arrival_done`: they join the case), and for a self-settled household (no anvisning: nobody is
    fetched, nothing prepared). An anvisning that has none (registered before they existed, or imported already
    received) gets them now, counted from the arrival. `existing` (step, person) pairs are never made again."""
    plan = plan_for_case(
        case=case,
        household=household,
        category=category,
        decision_date=decision_date,
        reception_unit=reception_unit,
    )
    if plan is None:
        return []
    if today is not None:
        plan.today = today
    case.template_name = plan.template.name
    steps = list(plan.template.steps.all())
    if case.assignment_id is None or before_arrival_done:
        steps = [step for step in steps if step.anchor != PLANNED]
    members = list(household.memberships.select_related("person"))
    return plan.tasks(steps, members, existing=existing)


def build_before_arrival_tasks(
    assignment: Assignment, reception_unit: Unit, *, existing: set[tuple[int, int | None]] = frozenset()
) -> list[Task]:
    """The tasks before arrival of an anvisning that has its household (unsaved), leaving out those it has."""
    plan = plan_before_arrival(assignment, reception_unit)
    if plan is None:
        return []
    steps = [step for step in plan.template.steps.all() if step.anchor == PLANNED]
    members = list(assignment.household.memberships.select_related("person"))
    return plan.tasks(steps, members, existing=existing)
