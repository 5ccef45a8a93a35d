"""The status per month from a CSV file (issue #12, docs/import-formats.md "Status per månad"): one row per person
and month, written with establishment.services.set_monthly_status. The same file again changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from etablera.establishment import services
from etablera.establishment.importers.common import (
    NUMBER,
    NUMBER_ALIASES,
    find_person,
    key,
    no_numbers,
    swedish_choices,
    trial,
)
from etablera.establishment.models import MonthlyStatus
from etablera.people.models import Person
from etablera.reception.importers.base import Plan, Row, Table, read_table

REQUIRED = [NUMBER, "month", "status"]
OPTIONAL = ["note"]
ALIASES = {**NUMBER_ALIASES, "månad": "month", "anteckning": "note"}
STATUSES = swedish_choices(MonthlyStatus.Status.choices)
NOTE_LENGTH = MonthlyStatus._meta.get_field("note").max_length
# The service's fields as the file's columns.
COLUMNS = {"month": "month", "status": "status", "note": "note", "person": NUMBER}
_MONTH = re.compile(r"(\d{4})-(\d{2})(-\d{2})?")


@dataclass
class Operation:
    person: Person
    month: dt.date
    status: str
    note: str
    outcome: str  # created, updated or unchanged


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def _month(row: Row) -> dt.date | None:
    raw = row.text("month", required=True)
    if not raw:
        return None
    match = _MONTH.fullmatch(raw)
    try:
        if match is None:
            raise ValueError(raw)
        return dt.date(int(match[1]), int(match[2]), 1)
    except ValueError:
        row.error("month", "invalid_date", _("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-03."))
        return None


def plan(table: Table, *, actor=None) -> Plan:
    result = Plan()
    seen: dict[tuple[int, dt.date], int] = {}
    for number, values in table.rows:
        row = Row(number, values)
        person = find_person(row, actor)
        month = _month(row)
        raw_status = row.text("status", required=True)
        status = STATUSES.get(key(raw_status)) if raw_status else None
        if raw_status and status is None:
            row.error(
                "status",
                "unknown_status",
                _("Okänd status. Ange en av: %(choices)s.")
                % {"choices": ", ".join(str(label) for _v, label in MonthlyStatus.Status.choices)},
            )
        note = row.text("note", max_length=NOTE_LENGTH)
        if person is not None and month is not None:
            first = seen.setdefault((person.pk, month), number)
            if first != number:
                row.error(
                    "month",
                    "duplicate_person",
                    _("Samma person och månad finns redan på rad %(row)s.") % {"row": first},
                )
        if not row.errors and person is not None:
            trial(
                row,
                lambda p=person, m=month, s=status, n=note: services.set_monthly_status(
                    actor=actor, person=p, month=m, status=s, note=n
                ),
                COLUMNS,
            )
        if row.errors:
            result.errors.extend(no_numbers(row.errors))
            continue
        existing = MonthlyStatus.objects.filter(person=person, month=month).first()
        if existing is None:
            outcome = "created"
        elif (existing.status, existing.note) == (status, note):
            outcome = "unchanged"
        else:
            outcome = "updated"
        result.operations.append(Operation(person, month, status, note, outcome))
    return result


def write(operation: Operation, actor) -> str:
    if operation.outcome != "unchanged":
        services.set_monthly_status(
            actor=actor,
            person=operation.person,
            month=operation.month,
            status=operation.status,
            note=operation.note,
        )
    return operation.outcome
