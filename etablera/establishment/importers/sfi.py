"""SFI enrolments from a CSV file (issue #12, docs/import-formats.md "SFI-anmälningar"): one row per person and
enrolment, written with establishment.services.record_sfi and, with a completion date, complete_sfi. An enrolment
is known by the person and its enrolment date: the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.establishment import services
from etablera.establishment.importers.common import (
    NUMBER,
    NUMBER_ALIASES,
    find_person,
    key,
    no_numbers,
    trial,
)
from etablera.establishment.models import SfiEnrolment
from etablera.people.models import Person
from etablera.reception.importers.base import Plan, Row, Table, read_table

REQUIRED = [NUMBER, "enrolled_on", "course", "study_path"]
OPTIONAL = ["start_date", "hours_per_week", "completed_on", "result"]
ALIASES = {
    **NUMBER_ALIASES,
    "anmäld": "enrolled_on",
    "kurs": "course",
    "studieväg": "study_path",
    "start": "start_date",
    "timmar_per_vecka": "hours_per_week",
    "avslutad": "completed_on",
    "resultat": "result",
}
RESULTS = {"klar": True, "completed": True, "avbruten": False, "ended": False}
COLUMNS = {
    "enrolled_on": "enrolled_on",
    "course": "course",
    "study_path": "study_path",
    "start_date": "start_date",
    "hours_per_week": "hours_per_week",
    "completed_on": "completed_on",
    "person": NUMBER,
    "status": "completed_on",
}


@dataclass
class Operation:
    person: Person
    values: dict
    completed_on: dt.date | None
    completed: bool
    outcome: str


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def _record(actor, person, values, completed_on, completed):
    enrolment = services.record_sfi(actor=actor, person=person, **values)
    if completed_on is not None:
        services.complete_sfi(actor=actor, enrolment=enrolment, on=completed_on, completed=completed)
    return enrolment


def _outcome(person, values, completed_on, completed) -> tuple[str, str]:
    """(outcome, error): the enrolment of that date unchanged, or to be created or updated; an error when it is
    already ended with other values (an ended enrolment is not changed by a file)."""
    existing = SfiEnrolment.objects.filter(person=person, enrolled_on=values["enrolled_on"]).first()
    if existing is None:
        closed = SfiEnrolment.objects.filter(person=person).exclude(
            status__in=[SfiEnrolment.Status.COMPLETED, SfiEnrolment.Status.ENDED]
        )
        return ("updated" if closed.exists() else "created"), ""
    same = all(getattr(existing, name) == value for name, value in values.items())
    status = (
        ""
        if completed_on is None
        else (SfiEnrolment.Status.COMPLETED if completed else SfiEnrolment.Status.ENDED)
    )
    ended = existing.status in (SfiEnrolment.Status.COMPLETED, SfiEnrolment.Status.ENDED)
    if same and (
        (not status and not ended) or (status == existing.status and existing.completed_on == completed_on)
    ):
        return "unchanged", ""
    if ended:
        return "", _("SFI-anmälan från %(date)s är redan avslutad %(end)s med andra uppgifter.") % {
            "date": f"{existing.enrolled_on:%Y-%m-%d}",
            "end": f"{existing.completed_on:%Y-%m-%d}",
        }
    return "updated", ""


def plan(table: Table, *, actor=None) -> Plan:
    result = Plan()
    seen: dict[int, int] = {}
    today = timezone.localdate()
    for number, values in table.rows:
        row = Row(number, values)
        person = find_person(row, actor)
        enrolled_on = row.date("enrolled_on", required=True)
        course = row.text("course", required=True, max_length=1).upper()
        study_path = row.integer("study_path", required=True, minimum=1, maximum=3)
        start_date = row.date("start_date")
        hours = row.integer("hours_per_week", minimum=0, maximum=40)
        completed_on = row.date("completed_on")
        raw_result = row.text("result")
        completed = RESULTS.get(key(raw_result)) if raw_result else True
        if completed is None:
            row.error("result", "unknown_status", _("Ange klar eller avbruten."))
        for column, day in (("enrolled_on", enrolled_on), ("completed_on", completed_on)):
            if day is not None and day > today:
                row.error(column, "future_date", _("Datumet kan inte vara i framtiden."))
        if person is not None:
            first = seen.setdefault(person.pk, number)
            if first != number:
                row.error(
                    NUMBER,
                    "duplicate_person",
                    _("Samma person finns redan på rad %(row)s: en rad per person.") % {"row": first},
                )
        fields = {
            "enrolled_on": enrolled_on,
            "course": course,
            "study_path": study_path,
            "start_date": start_date,
            "hours_per_week": hours,
        }
        outcome = ""
        if not row.errors and person is not None:
            outcome, conflict = _outcome(person, fields, completed_on, completed)
            if conflict:
                row.error("completed_on", "status_conflict", conflict)
            elif outcome != "unchanged":
                trial(
                    row,
                    lambda p=person, v=fields, c=completed_on, k=completed: _record(actor, p, v, c, k),
                    COLUMNS,
                )
        if row.errors:
            result.errors.extend(no_numbers(row.errors))
            continue
        result.operations.append(Operation(person, fields, completed_on, completed, outcome))
    return result


def write(operation: Operation, actor) -> str:
    if operation.outcome != "unchanged":
        _record(actor, operation.person, operation.values, operation.completed_on, operation.completed)
    return operation.outcome
