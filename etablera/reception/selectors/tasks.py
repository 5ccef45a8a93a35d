"""The tasks a user sees: their own, their unit's (filtered, sorted, paged), one task and its history; what a
section's text hides; the caseload per caseworker a unit manager sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from etablera.access.audit import log_list, log_read
from etablera.access.policy import (
    STAFF_ROLES,
    capabilities,
    get_for_user,
    owned_sections,
    restrict,
    visible_sections,
)
from etablera.access.sections import Section
from etablera.organisation.models import Membership, Role, Unit, User
from etablera.people.models import Household, HouseholdMember
from etablera.reception import event_texts
from etablera.reception.models import CaseEvent, Task, TaskEvent
from etablera.reception.task_titles import display_title  # noqa: F401 - the pages and the API import it from here

# household__municipality: the audit log names the municipality of every household a list shows.
TASK_RELATED = ("household__municipality", "person", "unit", "assignee", "municipality")


def tasks_for_user(user) -> QuerySet[Task]:
    return restrict(user, Task.objects.all()).select_related(*TASK_RELATED)


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

# services._record writes "<title>: klar – <note>" and "<title>: ej aktuell – <reason>" in a task's history
# (event_texts' messages); the words after the title are the same for everyone, what follows the dash is the
# section's. The household's timeline gets the words only for a basic task; entries written before issue #9 may
# still hold them, so they are cut on read.
_STATUS_TEXTS = {
    TaskEvent.Kind.DONE: event_texts.TASK_DONE,
    TaskEvent.Kind.NOT_APPLICABLE: event_texts.TASK_NOT_APPLICABLE,
}
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
    elif kind in _STATUS_TEXTS:
        shown = _STATUS_TEXTS[kind] % {"title": task.title}
    else:
        return
    if event.text and event.text != shown and (not cut or event.text.startswith(shown + event_texts.WRITTEN)):
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


# --- the unit's tasks: filtered, sorted, paged (issue #11) --------------------------------------------------------

WEEK = dt.timedelta(days=7)  # "this week": due today or within seven days, as the task lists' buckets
PER_PAGE = 50
NO_ASSIGNEE = "ingen"


class Due:
    OVERDUE = "forsenade"
    WEEK = "vecka"
    LATER = "senare"


class Sort:
    DUE = "sista-dag"
    HOUSEHOLD = "hushall"
    ASSIGNEE = "handlaggare"


SORTS = {
    Sort.DUE: ("due_date", "pk"),
    Sort.HOUSEHOLD: ("household__name", "household_id", "due_date", "pk"),
    Sort.ASSIGNEE: (
        F("assignee__first_name").asc(nulls_first=True),
        F("assignee__last_name").asc(nulls_first=True),
        "assignee_id",
        "due_date",
        "pk",
    ),
}


@dataclass
class TaskFilters:
    """What the unit's list is narrowed to; every value is a plain id or word (the household by its public id),
    never a name or a number of a person, because it travels in the URL."""

    unit_ids: set[int] | None = None
    due: str = ""
    step_id: int | None = None
    household: object = None  # a Household public_id (UUID)
    assignee: str = ""  # a user's id as text, or NO_ASSIGNEE
    sort: str = Sort.DUE


def filter_tasks(tasks: QuerySet[Task], filters: TaskFilters, today: dt.date) -> QuerySet[Task]:
    """The filters the page and the API share (open tasks are the caller's choice)."""
    if filters.due == Due.OVERDUE:
        tasks = tasks.filter(due_date__lt=today)
    elif filters.due == Due.WEEK:
        tasks = tasks.filter(due_date__gte=today, due_date__lte=today + WEEK)
    elif filters.due == Due.LATER:
        tasks = tasks.filter(due_date__gt=today + WEEK)
    if filters.step_id is not None:
        tasks = tasks.filter(step_id=filters.step_id)
    if filters.household:
        tasks = tasks.filter(household__public_id=filters.household)
    if filters.assignee == NO_ASSIGNEE:
        tasks = tasks.filter(assignee__isnull=True)
    elif filters.assignee:
        tasks = tasks.filter(assignee_id=int(filters.assignee))
    return tasks.order_by(*SORTS.get(filters.sort, SORTS[Sort.DUE]))


@dataclass
class UnitTaskPage:
    tasks: list[Task]
    count: int
    page: int
    pages: int
    kinds: list[tuple[int, str]]  # (step id, the step's stored title)
    households: list[Household]
    caseworkers: list[User]
    unit_ids: set[int]
    staff: list[Membership]  # who the listed units' tasks may be given to

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def unit_task_page(
    user, filters: TaskFilters, *, page: int = 1, per_page: int = PER_PAGE, today: dt.date | None = None
) -> UnitTaskPage:
    """One page of the open tasks of the user's units (or of those of them asked for), with what the filters
    offer: the steps, the households and the caseworkers of those units. A fixed number of queries whatever the
    page holds; the households shown (rows and the household filter) are logged once each."""
    today = today or timezone.localdate()
    mine = capabilities(user).unit_ids
    unit_ids = mine if filters.unit_ids is None else (filters.unit_ids & mine)
    # The policy decides once which of the units' open tasks the user sees, and the count, the page, the steps and
    # the households are read by those ids: for a unit outside the reception each of the four would otherwise carry
    # the policy's household subqueries and plan them again (15 ms apiece for SFI on the national data set,
    # docs/performance.md). A unit's open tasks are its caseload, some hundreds.
    visible = list(
        tasks_for_user(user)
        .filter(unit_id__in=unit_ids, status=Task.Status.OPEN)
        .order_by()
        .values_list("pk", flat=True)
    )
    open_tasks = Task.objects.filter(pk__in=visible).select_related(*TASK_RELATED)
    rows = filter_tasks(open_tasks, filters, today)
    count = rows.count()
    pages = max(1, -(-count // per_page))
    page = min(max(page, 1), pages)
    tasks = list(rows[(page - 1) * per_page : page * per_page])
    kinds = list(
        open_tasks.filter(step__isnull=False)
        .order_by()
        .values_list("step_id", "step__title")
        .distinct()
        .order_by("step__title", "step_id")
    )
    households = list(
        Household.objects.filter(pk__in=open_tasks.order_by().values("household_id"))
        .select_related("municipality")
        .order_by("name", "pk")
    )
    staff = unit_staff(user, unit_ids)
    caseworkers = sorted(
        {m.user.pk: m.user for m in staff}.values(), key=lambda u: (u.first_name, u.last_name, u.pk)
    )
    seen = {h.pk: h for h in households}
    for task in tasks:
        seen.setdefault(task.household_id, task.household)
    log_list(user, seen.values(), "Enhetens uppgifter")
    return UnitTaskPage(tasks, count, page, pages, kinds, households, caseworkers, unit_ids, staff)


def unassigned_in_my_units(user, *, limit: int = 20) -> list[Task]:
    """Open tasks of the user's units that nobody has taken, the most urgent first: what "Ta uppgiften" is for."""
    tasks = list(
        tasks_for_user(user)
        .filter(unit_id__in=capabilities(user).unit_ids, status=Task.Status.OPEN, assignee__isnull=True)
        .order_by("due_date", "pk")[:limit]
    )
    _log_task_households(user, tasks, "Uppgifter att ta")
    return tasks


def tasks_for_bulk(user, ids) -> list[Task]:
    """The tasks a bulk action names, each one the user may see; an id the user may not see (or that does not
    exist) is refused at the field, as one that is missing, and nothing is done."""
    ids = {int(i) for i in ids}
    tasks = list(tasks_for_user(user).filter(pk__in=ids).order_by("pk"))
    missing = ids - {t.pk for t in tasks}
    if missing:
        listed = ", ".join(str(i) for i in sorted(missing))
        raise ValidationError(
            {"tasks": f"Uppgiften finns inte, eller du har inte tillgång till den: {listed}."}
        )
    return tasks


def unit_staff(user, unit_ids: set[int]) -> list[Membership]:
    """Active staff of the units (the user's own among them): who a task of those units may be given to."""
    wanted = set(unit_ids) & capabilities(user).unit_ids
    return list(
        Membership.objects.filter(
            unit_id__in=wanted, unit__is_active=True, user__is_active=True, role__in=STAFF_ROLES
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user__first_name", "user__last_name", "pk")
    )


# --- the caseload per caseworker, for the unit manager (issue #11) -----------------------------------------------


def managed_units(user) -> list[Unit]:
    """The units whose caseload the user sees: where they are unit manager (enhetschef), and every unit of a
    municipality they administer. Counts and staff names only — no household or person."""
    caps = capabilities(user)
    managed = {m.unit_id for m in caps.memberships if m.role == Role.UNIT_MANAGER}
    return list(
        Unit.objects.municipal()
        .filter(Q(pk__in=managed) | Q(municipality_id__in=caps.admin_municipality_ids), is_active=True)
        .order_by("municipality__name", "name", "pk")
    )


@dataclass
class CaseloadRow:
    assignee: User | None  # None: not assigned to anyone
    open: int = 0
    overdue: int = 0
    this_week: int = 0


@dataclass
class UnitCaseload:
    unit: Unit
    rows: list[CaseloadRow]

    @property
    def total(self) -> CaseloadRow:
        return CaseloadRow(
            None,
            sum(r.open for r in self.rows),
            sum(r.overdue for r in self.rows),
            sum(r.this_week for r in self.rows),
        )


def caseload(user, *, unit_id: int | None = None, today: dt.date | None = None) -> list[UnitCaseload]:
    """Per managed unit: open, overdue and this week's tasks per caseworker of the unit (those without a task
    too), anyone outside the unit who still has one of its tasks, and the tasks nobody has. Four queries, whatever
    the number of units, caseworkers and tasks."""
    today = today or timezone.localdate()
    units = [u for u in managed_units(user) if unit_id is None or u.pk == unit_id]
    ids = [u.pk for u in units]
    counts = (
        Task.objects.filter(unit_id__in=ids, status=Task.Status.OPEN)
        .values("unit_id", "assignee_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_date__lt=today)),
            this_week=Count("pk", filter=Q(due_date__gte=today, due_date__lte=today + WEEK)),
        )
        .order_by()
    )
    staff = Membership.objects.filter(unit_id__in=ids, role__in=STAFF_ROLES, user__is_active=True)
    people = {
        u.pk: u
        for u in User.objects.filter(
            Q(pk__in=staff.values("user_id"))
            | Q(assigned_tasks__unit_id__in=ids, assigned_tasks__status="OPEN")
        ).distinct()
    }
    rows: dict[int, dict] = {pk: {} for pk in ids}
    for member in staff.values_list("unit_id", "user_id"):
        rows[member[0]].setdefault(member[1], CaseloadRow(people.get(member[1])))
    for row in counts:
        target = rows[row["unit_id"]].setdefault(
            row["assignee_id"], CaseloadRow(people.get(row["assignee_id"]))
        )
        target.open, target.overdue, target.this_week = row["open"], row["overdue"], row["this_week"]
    result = []
    for unit in units:
        by_person = rows[unit.pk]
        named = sorted(
            (r for key, r in by_person.items() if key is not None and r.assignee is not None),
            key=lambda r: (str(r.assignee).lower(), r.assignee.pk),
        )
        result.append(UnitCaseload(unit, [*named, by_person.get(None) or CaseloadRow(None)]))
    return result
