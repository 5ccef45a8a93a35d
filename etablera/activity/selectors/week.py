"""Reads of the week (issue #13): "my participants and their week" for activity owners and job coaches, a person's
week, and an activity's attendance sheet. Each starts from restrict() (the week is BASIC, seen with the person) and
logs what it shows; each costs the same handful of queries for any number of participants."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from etablera.access.audit import log_list, log_read
from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.activity.models import Activity, Attendance, JobCoachAssignment, Participation
from etablera.activity.services.attendance import may_record
from etablera.activity.services.week import running_in_week
from etablera.people.models import Person
from etablera.rules import activity as rules
from etablera.rules.deadlines import Deadline

HISTORY_WEEKS = 8


def this_monday(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def parse_week(text: str | None, default: dt.date | None = None) -> dt.date:
    """The Monday of `?vecka=2026-W50`, or this week's for what is missing or no such week."""
    return (rules.week_monday(text) if text else None) or default or this_monday()


def first_contact(assignment: JobCoachAssignment | None) -> Deadline | None:
    if assignment is None or not assignment.first_contact_rule:
        return None
    return Deadline.from_json(assignment.first_contact_rule)


def _week_complete(monday: dt.date) -> bool:
    return monday + dt.timedelta(days=7) <= timezone.localdate()


@dataclass
class ParticipantRow:
    person: Person
    planned: Decimal = Decimal(0)
    attended: Decimal = Decimal(0)
    absent: Decimal = Decimal(0)
    recorded: bool = False
    below_plan: bool = False
    participations: list[Participation] = field(default_factory=list)
    coach: JobCoachAssignment | None = None
    first_contact: Deadline | None = None

    @property
    def first_contact_overdue(self) -> bool:
        c = self.coach
        return c is not None and c.first_contact_on is None and c.first_contact_due < timezone.localdate()


def _sums(rows: dict[int, ParticipantRow], participations, monday: dt.date) -> None:
    """Planned hours of the week and its attendance, per person; below plan by rules.attendance_below_plan once
    the week is over or something is recorded for it."""
    ids = [p.pk for p in participations]
    for p in participations:
        row = rows[p.person_id]
        row.planned += p.hours_per_week
        row.participations.append(p)
    for a in Attendance.objects.filter(participation_id__in=ids, week=monday).select_related("participation"):
        row = rows[a.participation.person_id]
        row.attended += a.hours_attended
        row.absent += a.hours_absent
        row.recorded = True
    for row in rows.values():
        if row.recorded or _week_complete(monday):
            row.below_plan = rules.attendance_below_plan(row.planned, row.attended, monday)


def my_participants(user, monday: dt.date) -> list[ParticipantRow]:
    """The persons whose participation that week is recorded by one of the user's units, and those the user is job
    coach of: their planned hours (all their participations that week), attended and absent, below plan, and the
    coach's first contact due with its explanation."""
    caps = capabilities(user)
    visible = restrict(user, Participation.objects.all())
    mine_q = Q(unit_id__in=caps.unit_ids)
    coached = list(
        restrict(user, JobCoachAssignment.objects.all())
        .filter(ended_on__isnull=True)
        .filter(coach=user)
        .select_related("coach", "person__municipality")
    )
    coached_ids = {a.person_id for a in coached}
    person_ids = (
        set(visible.filter(running_in_week(monday)).filter(mine_q).values_list("person_id", flat=True))
        | coached_ids
    )
    participations = list(
        visible.filter(running_in_week(monday), person_id__in=person_ids)
        .select_related("person__municipality", "activity", "placement", "unit")
        .order_by("person_id", "starts_on", "pk")
    )
    persons = {p.person_id: p.person for p in participations} | {a.person_id: a.person for a in coached}
    rows = {pk: ParticipantRow(person) for pk, person in persons.items()}
    _sums(rows, participations, monday)
    for assignment in coached:
        row = rows[assignment.person_id]
        row.coach, row.first_contact = assignment, first_contact(assignment)
    result = sorted(rows.values(), key=lambda r: (r.person.last_name, r.person.first_name, r.person.pk))
    log_list(user, [r.person for r in result], "Aktivitetskrav: mina deltagare")
    return result


@dataclass
class WeekLine:
    participation: Participation
    weeks: dict[dt.date, Attendance]
    may_record: bool


@dataclass
class PersonWeek:
    person: Person
    monday: dt.date
    weeks: list[dt.date]  # the weeks shown, newest first
    lines: list[WeekLine]
    ended: list[Participation]
    coach: JobCoachAssignment | None
    first_contact: Deadline | None
    coaches: list[JobCoachAssignment]
    planned: Decimal = Decimal(0)


def get_person(user, public_id) -> Person:
    from etablera.access.selectors import person_basis

    person = get_for_user(user, Person.objects.select_related("municipality"), public_id=public_id)
    log_read(user, person, "Aktivitetskrav: veckan", basis=person_basis(user, person))
    return person


def person_week(user, public_id, monday: dt.date) -> PersonWeek:
    """The person's participations running that week with the last weeks' attendance, those ended, and the job
    coach (the one now and those before)."""
    person = get_person(user, public_id)
    weeks = [monday - dt.timedelta(weeks=n) for n in range(HISTORY_WEEKS)]
    all_parts = list(
        restrict(user, Participation.objects.filter(person=person)).select_related(
            "activity", "placement", "unit"
        )
    )
    running = [
        p
        for p in all_parts
        if p.starts_on <= monday + dt.timedelta(days=6) and (p.ends_on is None or p.ends_on >= monday)
    ]
    ended = [p for p in all_parts if p.ends_on is not None and p.ends_on < monday]
    by_line: dict[int, dict[dt.date, Attendance]] = defaultdict(dict)
    for a in restrict(user, Attendance.objects.filter(participation__person=person, week__in=weeks)):
        by_line[a.participation_id][a.week] = a
    coaches = list(
        restrict(user, JobCoachAssignment.objects.filter(person=person)).select_related("coach", "unit")
    )
    coach = next((c for c in coaches if c.ended_on is None), None)
    return PersonWeek(
        person=person,
        monday=monday,
        weeks=weeks,
        lines=[WeekLine(p, by_line.get(p.pk, {}), may_record(user, p)) for p in running],
        ended=ended,
        coach=coach,
        first_contact=first_contact(coach),
        coaches=coaches,
        planned=sum((p.hours_per_week for p in running), Decimal(0)),
    )


@dataclass
class SheetLine:
    participation: Participation
    attendance: Attendance | None


@dataclass
class AttendanceSheet:
    activity: Activity
    monday: dt.date
    lines: list[SheetLine]
    may_record: bool


def get_activity(user, public_id) -> Activity:
    return get_for_user(user, Activity.objects.select_related("unit"), public_id=public_id)


def attendance_sheet(user, public_id, monday: dt.date) -> AttendanceSheet:
    """Every running participation of the activity that week that the user sees, with the week's record: one
    query for the activity, one for the participations with their persons, one for the week's attendance."""
    activity = get_activity(user, public_id)
    participations = list(
        restrict(user, Participation.objects.filter(activity=activity))
        .filter(running_in_week(monday))
        .select_related("person__municipality")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    records = {
        a.participation_id: a
        for a in Attendance.objects.filter(participation__in=[p.pk for p in participations], week=monday)
    }
    log_list(
        user, [p.person for p in participations], f"Närvaro {activity.name} vecka {rules.week_label(monday)}"
    )
    probe = Participation(unit_id=activity.unit_id, municipality_id=activity.municipality_id)
    return AttendanceSheet(
        activity=activity,
        monday=monday,
        lines=[SheetLine(p, records.get(p.pk)) for p in participations],
        may_record=may_record(user, probe),
    )
