"""A household's page (members, anvisningar, the latest mottagande, tasks, timeline) and the reception cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from etablera.access.audit import log_list, log_read, log_reads
from etablera.access.policy import (
    Basis,
    get_for_user,
    household_basis,
    restrict,
    visible_sections,
)
from etablera.people.models import Household, HouseholdMember, Note, Person
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task
from etablera.reception.selectors.tasks import hide_section_text_in_timeline, section_text_visible


@dataclass
class HouseholdPage:
    household: Household
    members: list[HouseholdMember]  # the members the user may see
    assignments: list[Assignment]
    case: ReceptionCase | None
    tasks: list[Task]
    events: list[CaseEvent]
    hidden_member_count: int = 0
    has_protected_member: bool = False  # of all members, seen or not: then every address is masked
    basis: str = ""
    sections: dict[int, set[str]] = field(default_factory=dict)  # person pk -> sections the user may see
    notes: list[Note] = field(default_factory=list)


def get_household_for_user(user, public_id) -> Household:
    return get_for_user(
        user, Household.objects.select_related("municipality", "anchor_person"), public_id=public_id
    )


def household_page(user, public_id) -> HouseholdPage:
    household = get_household_for_user(user, public_id)
    basis = household_basis(user, household)
    everyone = list(
        household.memberships.select_related("person__municipality").order_by("person__birth_date", "pk")
    )
    visible_ids = set(
        restrict(user, Person.objects.filter(pk__in=[m.person_id for m in everyone])).values_list(
            "pk", flat=True
        )
    )
    members = [m for m in everyone if m.person_id in visible_ids]
    persons = [m.person for m in members]
    sections = visible_sections(user, persons)
    note_filter = Q(pk__in=[])
    for person in persons:
        note_filter |= Q(person=person, section__in=sections[person.pk])
    notes = list(Note.objects.filter(note_filter).select_related("person", "unit", "author")[:200])
    assignments = list(household.assignments.order_by("-decision_date"))
    case = household.reception_cases.order_by("-arrival_date").first()
    tasks = list(
        restrict(user, household.tasks.all())
        .select_related("person", "unit", "assignee")
        .order_by("status", "due_date", "pk")
    )
    # The timeline speaks of the whole household (other members' tasks by name): not for a consent-only view.
    events = (
        []
        if basis == Basis.CONSENT
        else list(household.events.select_related("actor").order_by("-at", "-pk")[:100])
    )
    eldest = everyone[0].person if everyone else None
    for task in tasks:
        person = task.person if task.person_id else eldest
        task.section_text_visible = section_text_visible(user, task, sections, person)
    hide_section_text_in_timeline(tasks, events)  # not a consent-only view: `tasks` are all the household's
    protected = any(m.person.is_protected for m in everyone)
    log_reads(user, [household, *persons], "Hushållssida", basis=basis, protected=protected)
    return HouseholdPage(
        household,
        members,
        assignments,
        case,
        tasks,
        events,
        hidden_member_count=len(everyone) - len(members),
        has_protected_member=protected,
        basis=basis,
        sections=sections,
        notes=notes,
    )


def log_households_shown(user, rows, summary: str) -> None:
    """Log the households behind a list of tasks, assignments or reception cases (one row per household)."""
    seen = {}
    for row in rows:
        if getattr(row, "household_id", None):
            seen.setdefault(row.household_id, row.household)
    log_list(user, seen.values(), summary)


def reception_cases_for_user(user, *, today: dt.date | None = None) -> QuerySet[ReceptionCase]:
    """Reception cases the user may see, with their task counts (open, overdue, done). Not logged: the caller
    logs the households it shows with `log_households_shown`."""
    today = today or timezone.localdate()
    return (
        restrict(user, ReceptionCase.objects.all())
        .select_related("household", "municipality", "assignment")
        .annotate(
            open_tasks=Count("tasks", filter=Q(tasks__status=Task.Status.OPEN)),
            overdue_tasks=Count("tasks", filter=Q(tasks__status=Task.Status.OPEN, tasks__due_date__lt=today)),
            done_tasks=Count("tasks", filter=Q(tasks__status=Task.Status.DONE)),
        )
    )


def get_reception_case_for_user(user, case_id: int) -> ReceptionCase:
    case = get_for_user(user, reception_cases_for_user(user), pk=case_id)
    log_read(user, case.household, "Mottagande")
    return case


def before_arrival_tasks(user, assignment: Assignment) -> list[Task]:
    """The anvisning's tasks before arrival (still on the anvisning alone, or since joined to its case), as the
    user may see them. The caller has read the anvisning (and logged its household)."""
    return list(
        restrict(user, Task.objects.filter(assignment=assignment))
        .select_related("person", "unit", "assignee")
        .order_by("status", "due_date", "pk")
    )
