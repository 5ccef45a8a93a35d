"""Turning a process template into tasks when a household is received."""

from __future__ import annotations

import datetime as dt

from etablera.access.sections import section_for_function
from etablera.organisation.models import Unit
from etablera.people.models import Household, HouseholdMember, Person
from etablera.reception.models import ProcessTemplate, ReceptionCase, Task, TemplateStep
from etablera.rules.dates import age_on
from etablera.rules.establishment import in_programme_age, is_child
from etablera.rules.tasks import task_deadline


def template_for(municipality) -> ProcessTemplate | None:
    """The municipality's own active template, else the national default."""
    own = (
        ProcessTemplate.objects.filter(municipality=municipality, is_active=True)
        .order_by("-updated_at")
        .first()
    )
    return own or ProcessTemplate.objects.filter(municipality=None, is_active=True).order_by("pk").first()


def person_matches(step: TemplateStep, person: Person, category: str, on: dt.date) -> bool:
    if step.categories and category not in step.categories and person.category not in step.categories:
        return False
    if person.birth_date is None:
        # Age unknown: keep age-bound steps so that nobody is forgotten; staff mark them not applicable.
        return True
    age = age_on(person.birth_date, on)
    if step.min_age is not None and age < step.min_age:
        return False
    if step.max_age is not None and age > step.max_age:
        return False
    return not (step.establishment_age_only and not in_programme_age(person.birth_date, on))


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


def build_tasks(
    *,
    case: ReceptionCase,
    household: Household,
    category: str,
    decision_date: dt.date | None,
    reception_unit: Unit,
) -> list[Task]:
    """The tasks for a newly received household; unsaved, so the caller writes them in one statement."""
    template = template_for(case.municipality)
    if template is None:
        return []
    case.template_name = template.name
    units_by_function: dict[str, Unit] = {}
    for unit in Unit.objects.filter(municipality=case.municipality, is_active=True).order_by("kind", "pk"):
        # Prefer a team over its department: TEAM sorts after DEPARTMENT, so let later (teams) win.
        if unit.kind == Unit.Kind.TEAM or unit.function not in units_by_function:
            units_by_function[unit.function] = unit
    members = list(household.memberships.select_related("person"))
    anchors = {
        TemplateStep.Anchor.ARRIVAL: case.arrival_date,
        TemplateStep.Anchor.DECISION: decision_date or case.arrival_date,
    }
    tasks: list[Task] = []
    for step in template.steps.all():
        deadline = task_deadline(
            title=step.title,
            anchor=step.anchor,
            anchor_date=anchors[step.anchor],
            offset_days=step.offset_days,
            rule_key=step.rule,
            template_name=template.name,
        )
        unit = owning_unit(units_by_function, step.responsible_function, reception_unit)
        common = {
            "case": case,
            "household": household,
            "step": step,
            "municipality": case.municipality,
            "description": step.description,
            "unit": unit,
            "due_date": deadline.date,
            "due_rule": deadline.as_json(),
            # A social-services, school or health step holds that board's information (access.sections).
            "section": section_for_function(step.responsible_function),
        }
        if step.scope == TemplateStep.Scope.HOUSEHOLD:
            if household_matches(step, members, category, case.arrival_date):
                tasks.append(Task(title=step.title, **common))
        else:
            for member in members:
                if person_matches(step, member.person, category, case.arrival_date):
                    tasks.append(
                        Task(
                            title=f"{step.title}: {member.person.first_name}", person=member.person, **common
                        )
                    )
    return tasks
