"""Attendance per week from a CSV file (issue #13, docs/import-formats.md "Närvaro per vecka (aktivitetskravet)"):
one row per participation and week, written with activity.services.attendance.record_attendance. All or nothing;
the same file again changes nothing. The participation is named by its public id, or by the person's identity
number and the activity (its public id or its name); an identity number is never echoed in the report."""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils.translation import gettext as _

from etablera.access.policy import restrict
from etablera.activity.models import Attendance, Participation
from etablera.activity.services import attendance as services
from etablera.activity.services.week import running_in_week
from etablera.establishment.importers.common import (
    NUMBER,
    NUMBER_ALIASES,
    find_person,
    key,
    no_numbers,
    swedish_choices,
    trial,
)
from etablera.reception.importers.base import ImportResult, Plan, Row, Table, read_table, run_import
from etablera.rules import activity as rules

KIND = "attendance"
REQUIRED = ["week", "hours_attended"]
OPTIONAL = ["participation", NUMBER, "activity", "hours_absent", "absence_reason", "note"]
ALIASES = {
    **NUMBER_ALIASES,
    "deltagande": "participation",
    "aktivitet": "activity",
    "vecka": "week",
    "närvaro": "hours_attended",
    "närvarotimmar": "hours_attended",
    "frånvaro": "hours_absent",
    "frånvarotimmar": "hours_absent",
    "skäl": "absence_reason",
    "frånvaroskäl": "absence_reason",
    "anteckning": "note",
}
REASONS = swedish_choices([c for c in Attendance.AbsenceReason.choices if c[0]])
COLUMNS = {
    "week": "week",
    "hours_attended": "hours_attended",
    "hours_absent": "hours_absent",
    "absence_reason": "absence_reason",
    "note": "note",
    "participation": "participation",
}
_HOURS = re.compile(r"\d{1,3}([.,]\d)?")


@dataclass
class Operation:
    participation: Participation
    week: dt.date
    hours_attended: Decimal
    hours_absent: Decimal
    absence_reason: str
    note: str


def read(data: bytes) -> Table:
    return read_table(data, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)


def _hours(row: Row, column: str, *, required: bool) -> Decimal | None:
    raw = row.text(column, required=required).strip()
    if not raw:
        return None if required else Decimal(0)
    if not _HOURS.fullmatch(raw):
        row.error(column, "invalid_number", _("Ange timmar med högst en decimal, t.ex. 12 eller 7,5."))
        return None
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
        row.error(column, "invalid_number", _("Ange timmar med högst en decimal, t.ex. 12 eller 7,5."))
        return None


def _week(row: Row) -> dt.date | None:
    raw = row.text("week", required=True)
    if not raw:
        return None
    monday = rules.week_monday(raw)
    if monday is None:
        row.error("week", "invalid_week", _("Ange veckan som ÅÅÅÅ-Www, t.ex. 2026-W50."))
    return monday


def _participation(row: Row, actor, week: dt.date | None) -> Participation | None:
    visible = Participation.objects.select_related("person")
    if actor is not None:
        visible = restrict(actor, visible)
    raw = row.text("participation")
    if raw:
        try:
            public_id = uuid.UUID(raw)
        except ValueError:
            public_id = None
        found = visible.filter(public_id=public_id).first() if public_id else None
        if found is None:
            row.error(
                "participation",
                "not_permitted",
                _("Ingen planerad aktivitet med det id som du har behörighet att registrera närvaro för."),
            )
        return found
    if not row.values.get(NUMBER) and not row.values.get("activity"):
        row.error(
            "participation", "missing_value", _("Ange deltagandets id, eller personnummer och aktivitet.")
        )
        return None
    person = find_person(row, actor)
    activity = row.text("activity", required=True, max_length=200)
    if person is None or not activity or week is None:
        return None
    try:
        by_activity = Q(activity__public_id=uuid.UUID(activity))
    except ValueError:
        by_activity = Q(activity__name__iexact=activity)
    found = list(visible.filter(by_activity, person=person).filter(running_in_week(week))[:2])
    if len(found) != 1:
        row.error(
            "activity",
            "unknown_activity",
            _("Personen deltar inte i någon sådan aktivitet den veckan.")
            if not found
            else _("Personen har flera sådana deltaganden den veckan: ange deltagandets id."),
        )
        return None
    return found[0]


def plan(table: Table, *, actor=None) -> Plan:
    result = Plan()
    seen: dict[tuple[int, dt.date], int] = {}
    for number, values in table.rows:
        row = Row(number, values)
        week = _week(row)
        participation = _participation(row, actor, week)
        attended = _hours(row, "hours_attended", required=True)
        absent = _hours(row, "hours_absent", required=False)
        raw_reason = row.text("absence_reason")
        reason = REASONS.get(key(raw_reason), None) if raw_reason else ""
        if reason is None:
            row.error(
                "absence_reason",
                "unknown_reason",
                _("Okänt skäl. Ange ett av: %(choices)s.")
                % {"choices": ", ".join(str(label) for v, label in Attendance.AbsenceReason.choices if v)},
            )
        note = row.text("note", max_length=services.NOTE)
        if participation is not None and not services.may_record(actor, participation):
            row.error(
                "participation" if row.values.get("participation") else "activity",
                "not_permitted",
                _(
                    "Närvaron registreras av enheten som har aktiviteten, socialtjänsten eller en administratör."
                ),
            )
            participation = None
        if participation is not None and week is not None:
            first = seen.setdefault((participation.pk, week), number)
            if first != number:
                row.error(
                    "week",
                    "duplicate_row",
                    _("Samma deltagande och vecka finns redan på rad %(row)s.") % {"row": first},
                )
        if not row.errors and participation is not None:
            trial(
                row,
                lambda p=participation, w=week, a=attended, b=absent, r=reason, n=note: (
                    services.record_attendance(
                        actor, p, week=w, hours_attended=a, hours_absent=b, absence_reason=r, note=n
                    )
                ),
                COLUMNS,
            )
        if row.errors:
            result.errors.extend(no_numbers(row.errors))
            continue
        result.operations.append(Operation(participation, week, attended, absent, reason, note))
    return result


def write(operation: Operation, actor) -> str:
    _record, outcome = services.record_attendance(
        actor,
        operation.participation,
        week=operation.week,
        hours_attended=operation.hours_attended,
        hours_absent=operation.hours_absent,
        absence_reason=operation.absence_reason,
        note=operation.note,
        source=Attendance.Source.IMPORT,
    )
    return outcome


def import_attendance(data: bytes, *, actor=None, dry_run: bool = False) -> ImportResult:
    return run_import(
        kind=KIND,
        data=data,
        read=read,
        plan=functools.partial(plan, actor=actor),
        write=write,
        actor=actor,
        dry_run=dry_run,
    )
