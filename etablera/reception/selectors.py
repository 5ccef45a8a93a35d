"""Every read a reception page or endpoint needs, filtered by `restrict()` and joined so a page costs a fixed
number of queries. Reads of personal data are written to the audit log here, not in views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from etablera.access.audit import log_list, log_read, log_reads
from etablera.access.policy import (
    Basis,
    capabilities,
    get_for_user,
    household_basis,
    owned_sections,
    restrict,
    visible_sections,
)
from etablera.access.sections import Section
from etablera.people.models import Household, HouseholdMember, Note, Person
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task, TaskEvent


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


def _section_text_visible(user, task: Task, sections: dict[int, set[str]], person) -> bool:
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
        task.section_text_visible = _section_text_visible(user, task, sections, about[task.pk])
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


def _hide_section_text_in_timeline(tasks: list[Task], events: list[CaseEvent]) -> None:
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
        task.section_text_visible = _section_text_visible(user, task, sections, person)
    _hide_section_text_in_timeline(tasks, events)  # not a consent-only view: `tasks` are all the household's
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


def _matching_households(user, query: str) -> QuerySet[Household]:
    query = (query or "").strip()
    if len(query) < 2:
        return Household.objects.none()
    # Members are matched in a subquery, not a join: the households' own rows stay one each (no DISTINCT), so the
    # member count counts every member, not only those whose name matched; and looking only at the households of the
    # user's municipalities (the only ones restrict() can let through) keeps the name test off the whole country.
    # The persons are of those municipalities too (a person belongs to the household's municipality; one who did
    # not would not be someone the municipality rule lets the user see): on PostgreSQL one trigram index over the
    # municipality and both names (people/0003) then finds them without testing every person's name.
    municipalities = capabilities(user).staff_municipality_ids
    matching_members = HouseholdMember.objects.filter(
        Q(person__first_name__icontains=query) | Q(person__last_name__icontains=query),
        person__municipality_id__in=municipalities,
        household__municipality_id__in=municipalities,
    ).values("household_id")
    return restrict(user, Household.objects.all()).filter(
        Q(name__icontains=query) | Q(pk__in=matching_members)
    )


def search_households(user, query: str, limit: int = 50, *, offset: int = 0) -> list[Household]:
    """Search before see: no query, no list. Matches household name or a member's name."""
    households = list(
        _matching_households(user, query)
        .annotate(member_count=Count("memberships", distinct=True))
        .select_related("municipality")
        .order_by("name", "pk")[offset : offset + limit]
    )
    log_list(user, households, "Sökning av hushåll")
    return households


def count_households(user, query: str) -> int:
    """How many households `search_households` finds in all (for paging); a number, so nothing is logged."""
    return _matching_households(user, query).count()


def log_households_shown(user, rows, summary: str) -> None:
    """Log the households behind a list of tasks, assignments or reception cases (one row per household)."""
    seen = {}
    for row in rows:
        if getattr(row, "household_id", None):
            seen.setdefault(row.household_id, row.household)
    log_list(user, seen.values(), summary)


def assignments_for_user(user) -> QuerySet[Assignment]:
    # Only the user's own municipalities can hold anything restrict() lets through (an anvisning's household is of
    # the anvisning's municipality): saying so first lets the database use the municipality index instead of
    # testing the policy's OR on every anvisning of the year in the country (docs/performance.md).
    mine = Assignment.objects.filter(municipality_id__in=capabilities(user).staff_municipality_ids)
    return restrict(user, mine).select_related("household__municipality", "municipality")


def upcoming_arrivals(user, *, limit: int = 50) -> list[Assignment]:
    rows = list(
        assignments_for_user(user)
        .filter(status=Assignment.Status.ASSIGNED)
        .prefetch_related(
            Prefetch("household__memberships", queryset=HouseholdMember.objects.select_related("person"))
        )
        .order_by("latest_reception_date", "reference")[:limit]
    )
    log_list(user, [a.household for a in rows if a.household], "Kommande ankomster")
    return rows


def get_assignment_for_user(user, assignment_id: int) -> Assignment:
    assignment = get_for_user(
        user, Assignment.objects.select_related("household", "municipality"), pk=assignment_id
    )
    if assignment.household:
        log_read(user, assignment.household, "Anvisning")
    return assignment


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


def list_assignments(user, *, status: str | None = None, year: int | None = None, limit: int = 500):
    """The assignment list page: anvisningar still to be received first (by latest reception date), then the
    others, newest decision first. The households named are logged as listed."""
    from django.db.models import Case, F, IntegerField, Value, When

    waiting = Q(status=Assignment.Status.ASSIGNED)
    rows = assignments_for_user(user)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(quota_year=year)
    rows = list(
        rows.annotate(
            waiting_first=Case(When(waiting, then=Value(0)), default=Value(1), output_field=IntegerField()),
            waiting_latest=Case(When(waiting, then=F("latest_reception_date"))),
        ).order_by("waiting_first", "waiting_latest", "-decision_date", "reference")[:limit]
    )
    log_list(user, [a.household for a in rows if a.household], "Anvisningar")
    return rows


def assignment_years(user) -> list[int]:
    """The kommuntal years the user's assignments count against, newest first (for the list filter)."""
    return sorted(set(assignments_for_user(user).values_list("quota_year", flat=True)), reverse=True)


# --- process templates (no personal data; administrators of a municipality) ------------------------------------


def templates_for_user(user) -> list:
    """The national default and the templates of the municipalities the user administers."""
    from etablera.reception.models import ProcessTemplate

    admin_ids = capabilities(user).admin_municipality_ids
    if not admin_ids:
        return []
    return list(
        ProcessTemplate.objects.filter(Q(municipality=None) | Q(municipality_id__in=admin_ids))
        .select_related("municipality")
        .annotate(step_count=Count("steps"))
        .order_by("municipality__code", "name")
    )


def get_template_for_user(user, template_id: int):
    """One template with its steps, or 404 — only for administrators, only the national default or their own."""
    from django.http import Http404

    from etablera.reception.models import ProcessTemplate, TemplateStep

    admin_ids = capabilities(user).admin_municipality_ids
    template = (
        ProcessTemplate.objects.filter(
            Q(municipality=None) | Q(municipality_id__in=admin_ids), pk=template_id
        )
        .select_related("municipality")
        .prefetch_related(Prefetch("steps", queryset=TemplateStep.objects.order_by("order", "pk")))
        .first()
    )
    if template is None or not admin_ids:
        raise Http404
    return template


# --- for the API: quotas and reception cases --------------------------------------------------------------------


def quotas(
    *, year: int | None = None, municipality_code: str | None = None, county_code: str | None = None
) -> QuerySet:
    """Kommuntal are public figures (no personal data): anyone signed in may read them."""
    from etablera.reception.models import MonthlyQuota, MunicipalQuota

    rows = (
        MunicipalQuota.objects.select_related("municipality__county")
        .prefetch_related(Prefetch("months", queryset=MonthlyQuota.objects.order_by("month")))
        .order_by("-year", "municipality__code")
    )
    if year:
        rows = rows.filter(year=year)
    if municipality_code:
        rows = rows.filter(municipality__code=municipality_code)
    if county_code:
        rows = rows.filter(municipality__county__code=county_code)
    return rows


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
