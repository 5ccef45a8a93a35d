"""What the minors API (etablera/minors/api/cases.py) accepts and returns: the child's case with its placements,
representatives, visits, tracing and relatives, the next legal dates (in the reader's language), the list by next
date and the placement days per month. Texts bounded by their columns (or the model's TEXT limit), municipalities by
code, persons, cases and records by public id — never an identity number or an address."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema
from pydantic import Strict, StringConstraints

from etablera.api.bounds import BodyId, column_length
from etablera.api.schemas import PersonRef
from etablera.minors.models import ChildCase, Guardian, Placement, RelativeLink, TracingRequest
from etablera.minors.models.case import TEXT
from etablera.minors.services.follow_up import REFERENCE_LENGTH
from etablera.organisation.models import Municipality

_NO_NUL = r"^[^\x00]*$"
BodyDate = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2199, 12, 31))]
LongText = Annotated[str, StringConstraints(max_length=TEXT, pattern=_NO_NUL)]
# A kronor amount as a JSON number; the service says in Swedish what range makes sense (0–100 000 a day).
Kronor = Annotated[
    float, Strict(), Field(ge=-(10**12), le=10**12, description="Kronor per dygn, t.ex. 2450.")
]
MunicipalityCode = Annotated[
    str, StringConstraints(max_length=column_length(Municipality, "code"), pattern=_NO_NUL)
]


def _text(model, field: str):
    return Annotated[str, StringConstraints(max_length=column_length(model, field), pattern=_NO_NUL)]


# --- the case ------------------------------------------------------------------------------------------------------


class ChildCaseOut(Schema):
    public_id: UUID = Field(description="Ärendets publika id.")
    person: UUID = Field(description="Barnets publika id.")
    status: str = Field(description="OPEN eller CLOSED.")
    asylum_status: str = Field(
        description="SEEKING, TEMPORARY_PERMIT, PERMANENT_PERMIT, REFUSED eller OTHER."
    )
    municipality: str = Field(description="Ansvarig kommun (kommunkod).")
    arrival_municipality: str | None = Field(description="Ankomstkommun (kommunkod).")
    assigned_municipality: str | None = Field(description="Anvisningskommun (kommunkod).")
    residing_municipality: str | None = Field(description="Vistelsekommun (kommunkod).")
    arrived_on: dt.date | None
    permit_decided_on: dt.date | None
    investigation_started_on: dt.date | None
    investigation_decided_on: dt.date | None
    report_sent_on: dt.date | None = Field(
        description="Anmälan om fortsatt ansvar skickad till Migrationsverket."
    )
    after_18: str = Field(description="UNDECIDED, KEEP, RETURN eller NOT_NEEDED.")
    after_18_decided_on: dt.date | None
    young_adult_plan: str
    care_plan: str = Field(description="Barnets plan (socialtjänstens plan för barnet).")
    care_plan_updated_on: dt.date | None = Field(description="Dagen barnets plan senast uppdaterades.")
    closed_on: dt.date | None
    closed_reason: str


class ChildPlacementOut(Schema):
    public_id: UUID
    kind: str = Field(
        description="HVB, FAMILY_HOME, EMERGENCY_HOME, SUPPORTED_HOUSING, EXIT_HOUSING eller OWN_FLAT."
    )
    provider: str
    decided_on: dt.date
    starts_on: dt.date
    ends_on: dt.date | None
    cost_per_day: Decimal = Field(description="Kronor per dygn.")
    special_reasons: str
    end_reason: str = Field(
        description="PLANNED, BREAKDOWN, MOVED, ADULT, RESPONSIBILITY_ENDED eller OTHER; tom medan den pågår."
    )
    housing_unit: int | None = Field(
        description="Bostadens id i kommunens bestånd (som i /housing/units), för stödboende, utslussboende och "
        "egen lägenhet; null när ingen bostad är vald eller när adressen är skyddad."
    )
    housing_unit_masked: bool = Field(
        description="Sant när bostaden har skyddad adress (eller barnet skyddade personuppgifter): då visas inte "
        "bostadens id."
    )

    # `unit_masked` is set by minors.homes.mark_placement_homes; a placement not marked shows no id.
    @staticmethod
    def resolve_housing_unit(obj) -> int | None:
        return None if ChildPlacementOut.resolve_housing_unit_masked(obj) else obj.housing_unit_id

    @staticmethod
    def resolve_housing_unit_masked(obj) -> bool:
        return obj.housing_unit_id is not None and getattr(obj, "unit_masked", True)


class ChildGuardianOut(Schema):
    public_id: UUID
    kind: str = Field(
        description="GOOD_MAN (god man) eller APPOINTED_CUSTODIAN (särskilt förordnad vårdnadshavare)."
    )
    name: str
    phone: str
    email: str
    applied_on: dt.date | None
    appointed_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str = Field(description="ADULT, CUSTODIAN, REPLACED eller OTHER; tom medan uppdraget pågår.")


class ChildVisitOut(Schema):
    public_id: UUID
    visited_on: dt.date
    note: str
    placement: UUID | None = Field(description="Placeringen besöket gällde, om någon.")


class ChildTracingOut(Schema):
    public_id: UUID
    requested_on: dt.date
    via: str
    outcome: str = Field(description="PENDING, FOUND, NOT_FOUND eller CLOSED.")
    closed_on: dt.date | None
    note: str


class ChildRelativeOut(Schema):
    household: UUID = Field(description="Den anhöriges hushålls publika id.")
    relation: str
    noted_on: dt.date


class ChildNextDateOut(Schema):
    kind: str = Field(description="REPORT, ADULT, END_21, PLACEMENT_ENDS, VISIT eller HOUSING_NEED.")
    date: dt.date
    title: str = Field(description="I läsarens språk.")
    explanation: str = Field(description="Hur datumet räknats fram, i läsarens språk.")
    source: str = Field(description="Lagrummet eller kommunens rutin.")
    status: str = Field(description="in_force, proposed, unverified eller local.")


class ChildPageOut(Schema):
    person: PersonRef
    age: int | None
    case: ChildCaseOut
    may_write: bool = Field(description="Sant om du får ändra ärendet (socialtjänsten, ärendet pågår).")
    placements: list[ChildPlacementOut] = Field(description="Nyast först.")
    running_placement: UUID | None = Field(description="Placeringen som pågår i dag, om någon.")
    guardians: list[ChildGuardianOut]
    visits: list[ChildVisitOut] = Field(description="Nyast först.")
    tracing: list[ChildTracingOut] = Field(description="Efterforskningar av föräldrar, nyast först.")
    relatives: list[ChildRelativeOut]
    next_dates: list[ChildNextDateOut] = Field(
        description="Kommande datum enligt lag och rutin, tidigast först."
    )


# --- writing the case ----------------------------------------------------------------------------------------------


class ChildCaseOpenIn(Schema):
    asylum_status: _text(ChildCase, "asylum_status") = Field(
        "SEEKING", description="SEEKING, TEMPORARY_PERMIT, PERMANENT_PERMIT, REFUSED eller OTHER."
    )
    arrived_on: BodyDate | None = None
    arrival_municipality: MunicipalityCode | None = Field(None, description="Ankomstkommun (kommunkod).")
    assigned_municipality: MunicipalityCode | None = Field(None, description="Anvisningskommun (kommunkod).")
    residing_municipality: MunicipalityCode | None = Field(None, description="Vistelsekommun (kommunkod).")
    permit_decided_on: BodyDate | None = None
    investigation_started_on: BodyDate | None = None
    investigation_decided_on: BodyDate | None = None
    young_adult_plan: LongText = ""


class ChildCasePatchIn(Schema):
    """Only the fields sent are changed; null empties a date or a municipality."""

    asylum_status: _text(ChildCase, "asylum_status") = Field(
        None, description="SEEKING, TEMPORARY_PERMIT, PERMANENT_PERMIT, REFUSED eller OTHER."
    )
    arrived_on: BodyDate | None = None
    arrival_municipality: MunicipalityCode | None = Field(None, description="Ankomstkommun (kommunkod).")
    assigned_municipality: MunicipalityCode | None = Field(None, description="Anvisningskommun (kommunkod).")
    residing_municipality: MunicipalityCode | None = Field(None, description="Vistelsekommun (kommunkod).")
    permit_decided_on: BodyDate | None = None
    investigation_started_on: BodyDate | None = None
    investigation_decided_on: BodyDate | None = None
    young_adult_plan: LongText | None = None


class ChildReportSentIn(Schema):
    sent_on: BodyDate = Field(description="Dagen anmälan om fortsatt ansvar skickades till Migrationsverket.")


class ChildAfter18In(Schema):
    decision: _text(ChildCase, "after_18") = Field(description="KEEP, RETURN eller NOT_NEEDED.")
    decided_on: BodyDate


class ChildCaseCloseIn(Schema):
    closed_on: BodyDate
    reason: _text(ChildCase, "closed_reason")


# --- placements, representatives, visits, tracing -----------------------------------------------------------------


class ChildPlacementIn(Schema):
    kind: _text(Placement, "kind") = Field(
        description="HVB, FAMILY_HOME, EMERGENCY_HOME, SUPPORTED_HOUSING, EXIT_HOUSING eller OWN_FLAT."
    )
    provider: _text(Placement, "provider") = Field(description="Hemmet, familjen eller boendet.")
    decided_on: BodyDate
    starts_on: BodyDate
    ends_on: BodyDate | None = None
    cost_per_day: Kronor
    special_reasons: LongText = Field("", description="Stödboende för 16–17 år kräver särskilda skäl.")
    external_id: _text(Placement, "external_id") = Field(
        "", description="Id i socialtjänstens verksamhetssystem."
    )
    housing_unit: BodyId | None = Field(
        None,
        description="Bostadens id i kommunens bestånd (som i /housing/units), bara för stödboende, utslussboende och "
        "egen lägenhet; en bostad du inte har behörighet till eller i en annan kommun ger 422 vid fältet.",
    )


class ChildPlacementEndIn(Schema):
    ends_on: BodyDate
    end_reason: _text(Placement, "end_reason") = Field(
        description="PLANNED, BREAKDOWN, MOVED, ADULT, RESPONSIBILITY_ENDED eller OTHER."
    )


class ChildGuardianIn(Schema):
    kind: _text(Guardian, "kind") = Field(description="GOOD_MAN eller APPOINTED_CUSTODIAN.")
    name: _text(Guardian, "name")
    phone: _text(Guardian, "phone") = ""
    email: _text(Guardian, "email") = ""
    applied_on: BodyDate | None = None
    appointed_on: BodyDate | None = None


class ChildGuardianEndIn(Schema):
    ended_on: BodyDate
    end_reason: _text(Guardian, "end_reason") = Field(description="ADULT, CUSTODIAN, REPLACED eller OTHER.")


class ChildVisitIn(Schema):
    visited_on: BodyDate
    note: LongText = ""
    placement: UUID | None = Field(None, description="Placeringen besöket gällde (dess publika id).")


class ChildTracingIn(Schema):
    requested_on: BodyDate
    via: _text(TracingRequest, "via") = Field(description="Genom vem, t.ex. Röda korset.")
    note: LongText = ""


class ChildRelativeIn(Schema):
    reference: Annotated[str, StringConstraints(max_length=REFERENCE_LENGTH, pattern=_NO_NUL)] = Field(
        description="Referensen i Migrationsverkets beslut om anvisning för den anhöriges hushåll, t.ex. "
        "MIG-2026-000123."
    )
    relation: _text(RelativeLink, "relation") = Field(description="Släktskapet, t.ex. mamma och syster.")
    noted_on: BodyDate


# --- the lists -----------------------------------------------------------------------------------------------------


class MinorNextDateOut(Schema):
    kind: str = Field(description="REPORT, ADULT, END_21, PLACEMENT_ENDS, VISIT eller HOUSING_NEED.")
    date: dt.date
    title: str = Field(description="I läsarens språk.")


class MinorRowOut(Schema):
    person: PersonRef
    case: UUID = Field(description="Ärendets publika id.")
    age: int | None
    placement_kind: str | None = Field(description="Den pågående placeringens form, om någon.")
    next_date: MinorNextDateOut | None = Field(description="Nästa datum enligt lag och rutin, om något.")


class MinorPlacementDayOut(Schema):
    person_id: UUID = Field(description="Barnets publika id.")
    case_id: UUID = Field(description="Ärendets publika id.")
    month: str = Field(description="ÅÅÅÅ-MM.")
    kind: str = Field(description="Placeringsform.")
    days: int = Field(description="Placeringsdygn i månaden.")
    cost: Decimal = Field(description="Kostnad i kronor (dygn × kostnad per dygn).")


class MinorPlacementDaysOut(Schema):
    municipality: str = Field(description="Kommunkod.")
    month: str = Field(description="ÅÅÅÅ-MM.")
    rows: list[MinorPlacementDayOut] = Field(description="En rad per barn och placering.")
    total_days: int
    total_cost: Decimal
