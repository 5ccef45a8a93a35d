"""The tasks a user sees: their own, their unit's, one task and its history; what a section's text hides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from etablera.access.audit import log_list, log_read
from etablera.access.policy import (
    capabilities,
    get_for_user,
    owned_sections,
    restrict,
    visible_sections,
)
from etablera.access.sections import Section
from etablera.people.models import HouseholdMember
from etablera.reception.models import CaseEvent, Task, TaskEvent


def tasks_for_user(user) -> QuerySet[Task]:
    # household__municipality: the audit log names the municipality of every household a list shows.
    return restrict(user, Task.objects.all()).select_related(
        "household__municipality", "person", "unit", "assignee", "municipality"
    )


@dataclass
class TaskBuckets:
    overdue: list[Task]
    this_week: list[Task]
    later: list[Task]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.this_week) + len(self.later)


def bucket_open_tasks(tasks: QuerySet[Task], today: dt.date, limit: int = 500) -> TaskBuckets:
    """Open tasks, overdue first, then due within seven days, then later — each by due date."""
    week_end = today + dt.timedelta(days=7)
    rows = list(tasks.filter(status=Task.Status.OPEN).order_by("due_date", "pk")[:limit])
    return TaskBuckets(
        overdue=[t for t in rows if t.due_date < today],
        this_week=[t for t in rows if today <= t.due_date <= week_end],
        later=[t for t in rows if t.due_date > week_end],
    )


def _log_task_households(user, tasks: list[Task], summary: str) -> None:
    seen = {}
    for task in tasks:
        seen.setdefault(task.household_id, task.household)
    log_list(user, seen.values(), summary)


def my_tasks(user, *, today: dt.date | None = None) -> TaskBuckets:
    today = today or timezone.localdate()
    buckets = bucket_open_tasks(tasks_for_user(user).filter(assignee=user), today)
    _log_task_households(user, buckets.overdue + buckets.this_week + buckets.later, "Mina uppgifter")
    return buckets


def unit_tasks(user, *, unit_ids: set[int] | None = None, today: dt.date | None = None) -> TaskBuckets:
    today = today or timezone.localdate()
    caps = capabilities(user)
    wanted = caps.unit_ids if unit_ids is None else (unit_ids & caps.unit_ids)
    buckets = bucket_open_tasks(tasks_for_user(user).filter(unit_id__in=wanted), today)
    _log_task_households(user, buckets.overdue + buckets.this_week + buckets.later, "Enhetens uppgifter")
    return buckets


def get_task_for_user(user, task_id: int) -> Task:
    task = get_for_user(
        user,
        Task.objects.select_related(
            "household", "person", "unit", "assignee", "completed_by", "case__assignment"
        ),
        pk=task_id,
    )
    log_read(user, task, "Uppgift")
    return task


# --- what is written in a section task belongs to the section (issue #9) ------------------------------------------
#
# A note, a completion note or an "ej aktuell" reason on a social-services, school or health task is that board's
# information: shown only to those who may see the section for the task's person (for a household task its eldest
# member, the first of the household's members). Pages and the API show such text only where `section_text_visible`
# has been set on the task by `mark_section_text`: a task nobody marked keeps its text hidden.

# services._record writes "<title>: klar – <note>" and "<title>: ej aktuell – <reason>" in a task's history; the
# words after the title are the same for everyone, what follows the dash is the section's. The household's timeline
# gets the words only for a basic task; entries written before issue #9 may still hold them, so they are cut on read.
_STATUS_WORDS = {TaskEvent.Kind.DONE: "klar", TaskEvent.Kind.NOT_APPLICABLE: "ej aktuell"}
_TIMELINE_KINDS = {
    CaseEvent.Kind.TASK_DONE: TaskEvent.Kind.DONE,
    CaseEvent.Kind.TASK_NOT_APPLICABLE: TaskEvent.Kind.NOT_APPLICABLE,
}


def section_text_visible(user, task: Task, sections: dict[int, set[str]], person) -> bool:
    if task.section == Section.BASIC:
        return True
    if person is not None and task.section in sections.get(person.pk, ()):
        return True
    return task.section in owned_sections(user, task.municipality_id)


def mark_section_text(user, tasks) -> list[Task]:
    """Set `section_text_visible` on each task: whether the user may read what was written in its section."""
    tasks = list(tasks)
    pending = [t for t in tasks if t.section != Section.BASIC]
    for task in tasks:
        task.section_text_visible = task.section == Section.BASIC
    if not pending:
        return tasks
    eldest = {}
    households = {t.household_id for t in pending if t.person_id is None}
    if households:
        for member in HouseholdMember.objects.filter(household_id__in=households).select_related("person"):
            eldest.setdefault(member.household_id, member.person)  # ordered by birth date: the eldest first
    about = {t.pk: t.person if t.person_id else eldest.get(t.household_id) for t in pending}
    sections = visible_sections(user, {p.pk: p for p in about.values() if p is not None}.values())
    for task in pending:
        task.section_text_visible = section_text_visible(user, task, sections, about[task.pk])
    return tasks


def _without_section_text(event, kind: str, task: Task, *, cut: bool) -> None:
    """Keep what happened (and who, when) but not the words written in the section; mark the event hidden."""
    if kind == TaskEvent.Kind.NOTE:
        shown = ""
    elif kind in _STATUS_WORDS:
        shown = f"{task.title}: {_STATUS_WORDS[kind]}"
    else:
        return
    if event.text and event.text != shown and (not cut or event.text.startswith(f"{shown} – ")):
        event.text = shown
        event.text_hidden = True
        event.hidden_section = task.get_section_display()


def hide_section_text_in_timeline(tasks: list[Task], events: list[CaseEvent]) -> None:
    """A household's timeline repeats a task's completion note or reason ("<title>: klar – <note>"): cut it after
    the title for the tasks whose section text the user may not read. `tasks` are all the household's tasks."""
    hidden = [t for t in tasks if not t.section_text_visible]
    for event in events:
        kind = _TIMELINE_KINDS.get(event.kind)
        for task in hidden if kind else ():
            _without_section_text(event, kind, task, cut=True)


def task_events(task: Task, user=None) -> list[TaskEvent]:
    """A task's history. On a task of a section the user may not see (social services, school, health) the notes,
    the completion note and the "ej aktuell" reason keep their author and time but not their text."""
    events = list(task.events.select_related("actor").order_by("at", "pk"))
    if user is not None:
        mark_section_text(user, [task])
        if not task.section_text_visible:
            for event in events:
                _without_section_text(event, event.kind, task, cut=False)
    return events


@dataclass
class UnitOverdue:
    unit_name: str
    overdue: int
    open: int


def overdue_per_unit(user, municipality_id: int, today: dt.date | None = None) -> list[UnitOverdue]:
    """Open and overdue tasks per unit — counts only, no names, so any staff member of the municipality may see."""
    today = today or timezone.localdate()
    rows = (
        Task.objects.filter(municipality_id=municipality_id, status=Task.Status.OPEN)
        .values("unit__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        .order_by("-overdue", "unit__name")
    )
    return [UnitOverdue(r["unit__name"], r["overdue"], r["open"]) for r in rows]
