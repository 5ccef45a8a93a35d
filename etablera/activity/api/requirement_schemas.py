"""What the activity requirement's API (etablera/activity/api/requirement.py) accepts and returns: where a person
stands and why (the reasons in the reader's language), support months, exemptions, capacity, plans and deviations.
Texts bounded by their columns or etablera/limits-style constants, hours JSON numbers, persons by public id, never
an address or an identity number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import Strict, StringConstraints

from etablera.activity.models import CapacityAssessment, Deviation, Exemption, RequirementPlan
from etablera.activity.models.common import TEXT
from etablera.api.bounds import column_length
from etablera.api.schemas import PersonRef

_NO_NUL = r"^[^\x00]*$"
BodyDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]
Hours = Annotated[float, Strict(), Field(ge=-999, le=999, description="Timmar i veckan (0–168, en decimal).")]
Month = Annotated[str, StringConstraints(max_length=7, pattern=r"^\d{4}-\d{2}$")]
LongText = Annotated[str, StringConstraints(max_length=TEXT, pattern=_NO_NUL)]


def _text(model, field: str):
    return Annotated[str, StringConstraints(max_length=column_length(model, field), pattern=_NO_NUL)]


class CoverageOut(Schema):
    person: PersonRef
    state: str = Field(description="COVERED, UPCOMING, EXEMPT eller NOT_COVERED.")
    starts_on: dt.date | None = Field(description="COVERED: sedan; UPCOMING: från, om stödet fortsätter.")
    ground: str | None = Field(description="EXEMPT: skälet.")
    exempt_until: dt.date | None
    reasons: list[str] = Field(description="Varför, i läsarens språk.")
    demanded_hours: Decimal | None = Field(description="Krav, timmar i veckan (COVERED och UPCOMING).")
    demanded_reasons: list[str]
    plan: UUID | None = Field(description="Planen som gäller, om någon.")


class SupportMonthOut(Schema):
    id: int
    household: UUID
    month: str = Field(description="ÅÅÅÅ-MM.")
    amount: int
    persons: list[UUID]
    source: str


class SupportMonthIn(Schema):
    month: Month = Field(description="ÅÅÅÅ-MM; högst en månad framåt.")
    amount: int = Field(ge=-(2**31), le=2**31 - 1, description="Belopp i hela kronor, 1–1 000 000.")
    persons: list[UUID] = Field(
        default_factory=list, max_length=50, description="Personer som stödet omfattar (tom: bara personen)."
    )


class ExemptionOut(Schema):
    public_id: UUID
    ground: str
    valid_from: dt.date
    valid_until: dt.date | None
    note: str


class ExemptionIn(Schema):
    ground: str = Field(
        max_length=20, description="SCHOOL, FULL_TIME_WORK, FULL_TIME_STUDIES, AF_PROGRAMME eller SICKNESS."
    )
    valid_from: BodyDate
    valid_until: BodyDate | None = None
    note: _text(Exemption, "note") = ""


class ExemptionEndIn(Schema):
    valid_until: BodyDate


class CapacityOut(Schema):
    public_id: UUID
    hours_per_week: Decimal
    valid_from: dt.date
    valid_until: dt.date | None
    assessor: str
    reason: str
    section: str


class CapacityIn(Schema):
    hours_per_week: Hours
    valid_from: BodyDate
    valid_until: BodyDate | None = None
    assessor: _text(CapacityAssessment, "assessor")
    reason: LongText
    section: Literal["SOCIAL", "HEALTH"] = "SOCIAL"


class RequirementPlanOut(Schema):
    public_id: UUID
    status: str
    drawn_up_on: dt.date
    hours_per_week: Decimal
    job_seeking_hours: Decimal
    content: str
    follow_up_on: dt.date | None
    closed_on: dt.date | None
    closed_reason: str
    individual_plan: UUID | None


class RequirementPlanIn(Schema):
    hours_per_week: Hours
    job_seeking_hours: Hours = 0
    content: LongText
    drawn_up_on: BodyDate | None = None
    follow_up_on: BodyDate | None = None
    individual_plan: UUID | None = Field(None, description="Personens individuella plan i etableringen.")


class RequirementPlanCloseIn(Schema):
    reason: _text(RequirementPlan, "closed_reason") = ""


class DeviationOut(Schema):
    public_id: UUID
    person: UUID
    kind: str
    occurred_on: dt.date
    description: str
    status: str = Field(
        description="TO_ASSESS, ACCEPTABLE eller REFERRED (lämnad till beslut i socialtjänstens system)."
    )
    assessment: str
    assessed_on: dt.date | None
    decision_reference: str


class DeviationIn(Schema):
    kind: str = Field(
        max_length=20, description="REFUSED_ACTIVITY, DECLINED_PLACEMENT, ABSENCE, LEFT_ACTIVITY eller OTHER."
    )
    occurred_on: BodyDate
    description: LongText
    participation: UUID | None = Field(None, description="Den planerade aktivitetens publika id.")


class DeviationAssessmentIn(Schema):
    status: Literal["ACCEPTABLE", "REFERRED"]
    assessment: LongText
    decision_reference: _text(Deviation, "decision_reference") = ""


class SupportImportErrorOut(Schema):
    row: int = Field(description="Radnummer i filen (rubrikraden = 1; 0 = filen som helhet).")
    column: str = Field(description="Kolumnen som filens rubrikrad skriver den; tom = hela raden.")
    code: str = Field(description="Felkod, se docs/import-formats.md.")
    message: str
    value: str = Field(description="Cellens värde, förkortat; aldrig ett identitetsnummer.")


class SupportImportOut(Schema):
    ok: bool = Field(description="Sant när filen importerades (eller skulle importeras, vid provkörning).")
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[SupportImportErrorOut]
