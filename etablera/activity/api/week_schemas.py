"""What the week's API (etablera/activity/api/week.py) accepts and returns: participations, attendance, the job
coach and "Räcker utbudet?". Texts bounded by their columns, hours JSON numbers (Strict), dates in a range the
rules compute with; persons by public id, never an address."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema
from pydantic import Strict, StringConstraints

from etablera.activity.models import Attendance, Participation
from etablera.api.bounds import column_length
from etablera.api.schemas import DeadlineOut

_NO_NUL = r"^[^\x00]*$"
BodyDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]
Hours = Annotated[float, Strict(), Field(ge=-999, le=999)]
Week = Annotated[str, StringConstraints(max_length=8, pattern=r"^\d{4}-W\d{2}$")]


def _text(model, field: str):
    return Annotated[str, StringConstraints(max_length=column_length(model, field), pattern=_NO_NUL)]


class ParticipationOut(Schema):
    public_id: UUID
    person: UUID
    kind: str
    activity: UUID | None
    activity_name: str
    placement: UUID | None
    description: str
    hours_per_week: Decimal
    starts_on: dt.date
    ends_on: dt.date | None
    unit_name: str = Field(description="Enheten som registrerar närvaron.")


class ParticipationIn(Schema):
    kind: str = Field(max_length=12, description="ACTIVITY, PLACEMENT, JOB_SEEKING, WORK, SFI eller OTHER.")
    hours_per_week: Hours
    starts_on: BodyDate
    ends_on: BodyDate | None = None
    activity: UUID | None = Field(None, description="Aktivitetens publika id (för ACTIVITY).")
    placement: UUID | None = Field(None, description="Praktikplatsens publika id (för PLACEMENT).")
    description: _text(Participation, "description") = ""


class ParticipationEndIn(Schema):
    ends_on: BodyDate


class AttendanceIn(Schema):
    participation: UUID
    week: Week = Field(description="ISO-vecka, t.ex. 2026-W50.")
    hours_attended: Hours
    hours_absent: Hours = 0
    absence_reason: str = Field(
        "",
        max_length=15,
        description="SICK, CHILD_SICK, APPOINTMENT, OTHER_ACCEPTED, NO_REASON; tomt utan frånvaro.",
    )
    note: _text(Attendance, "note") = ""


class AttendanceOut(Schema):
    participation: UUID
    person: UUID
    person_name: str
    hours_per_week: Decimal
    week: str
    recorded: bool
    hours_attended: Decimal | None
    hours_absent: Decimal | None
    absence_reason: str
    note: str


class AttendanceRecordOut(AttendanceOut):
    outcome: str = Field(description="created, updated eller unchanged.")


class AttendanceSheetOut(Schema):
    activity: UUID
    activity_name: str
    week: str
    may_record: bool
    rows: list[AttendanceOut]


class JobCoachIn(Schema):
    coach: int = Field(description="Jobbcoachens användar-id (arbetsmarknadsenheten eller socialtjänsten).")
    assigned_on: BodyDate | None = None


class FirstContactIn(Schema):
    first_contact_on: BodyDate


class JobCoachOut(Schema):
    public_id: UUID
    person: UUID
    coach: int
    coach_name: str
    unit_name: str
    assigned_on: dt.date
    first_contact_due: dt.date
    first_contact: DeadlineOut | None
    first_contact_on: dt.date | None
    ended_on: dt.date | None


class OfferWeekOut(Schema):
    week: str
    monday: dt.date
    covered_persons: int
    hours_demanded: float
    hours_offered: float
    hours_offered_activities: float
    hours_offered_placements: float
    hours_planned: float
    hours_attended: float
    hours_short: float


class PlacementOutcomeOut(Schema):
    sex: str = Field(description="ALL, F, M eller X (annat eller okänt).")
    ended: int | str = Field(description="Antal avslutade; – när färre än 5.")
    employment: int | str
    studies: int | str
    none: int | str
    work_or_studies_percent: int | str | None


class OfferReportOut(OfferWeekOut):
    municipality: str
    municipality_name: str
    weeks: list[OfferWeekOut]
    placement_outcomes: list[PlacementOutcomeOut]
    suppressed: str
    min_cell: int


# --- the attendance import -------------------------------------------------------------------------------------------


class AttendanceImportErrorOut(Schema):
    row: int = Field(description="Radnummer i filen (rubrikraden = 1; 0 = filen som helhet).")
    column: str = Field(description="Kolumnen som filens rubrikrad skriver den; tom = hela raden.")
    code: str = Field(description="Felkod, se docs/import-formats.md.")
    message: str
    value: str = Field(description="Cellens värde, förkortat; aldrig ett personnummer.")


class AttendanceImportOut(Schema):
    ok: bool = Field(description="Sant när filen importerades (eller skulle importeras, vid provkörning).")
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[AttendanceImportErrorOut]
