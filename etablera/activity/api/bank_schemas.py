"""What the catalogue's and the praktikplatsbank's API (etablera/activity/api/bank.py) accepts and returns.

Every text a client sends is bounded by its column (api/bounds.column_length) or by the model's TextField limit,
every number is a JSON number (Strict), every date in a range the rules can compute with. A placement's participant
and an offer's person are given by public id, and only when the user sees the person; never an address."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import Strict

from etablera.activity.models import Activity, Employer, EmployerContact, Placement, PlacementOffer
from etablera.activity.models.common import TEXT
from etablera.api.bounds import (
    BodyDate,
    BodyHours,
    BodyPlaces,
    LanguageCodes,
    body_text,
    limited_text,
)

# The bounds of a body's texts, dates and numbers are the API's own (api/bounds.py), named here as the schemas read.
Text = body_text
Limited = limited_text
Hours = BodyHours
Places = BodyPlaces
Languages = LanguageCodes


# --- answers ----------------------------------------------------------------------------------------------------


class ActivityOut(Schema):
    public_id: UUID
    name: str
    kind: str
    description: str
    organiser: str
    place: str
    postcode: str
    schedule: str
    hours_per_week: Decimal
    places: int
    free_places: int = Field(description="Platser minus deltagare som är inplanerade och inte har slutat.")
    languages: list[str] = Field(description="Språkkoder enligt ISO 639-1.")
    language_support: bool
    starts_on: dt.date
    ends_on: dt.date | None
    active: bool
    unit_id: int
    unit_name: str


class ContactOut(Schema):
    id: int
    name: str
    role: str
    phone: str = Field(description="E.164, t.ex. +46701234567.")
    email: str
    is_supervisor: bool


class EmployerOut(Schema):
    public_id: UUID
    name: str
    organisation_number: str = Field(description="NNNNNN-NNNN.")
    industry: str
    address: str
    postcode: str
    notes: str
    active: bool
    contacts: list[ContactOut]


class OfferOut(Schema):
    public_id: UUID
    placement: UUID
    person: UUID | None = Field(
        description="Personens publika id; null om du inte har tillgång till personen."
    )
    status: str
    offered_on: dt.date
    answered_on: dt.date | None
    decline_reason: str = Field(description="Tomt om du inte har tillgång till personen.")
    explanation: list[Any] = Field(
        description="Förslagets förklaring som katalogmeddelanden ([text, värden])."
    )


class PlacementOut(Schema):
    public_id: UUID
    employer: UUID
    employer_name: str
    title: str
    ssyk: str
    tasks: str
    swedish_level: str
    languages: list[str]
    driving_licence: bool
    postcode: str
    starts_on: dt.date
    ends_on: dt.date
    hours_per_week: Decimal
    supervisor_id: int | None
    state: str
    participant: UUID | None = Field(
        description="Deltagarens publika id; null om du inte har tillgång till personen."
    )
    ended_on: dt.date | None
    outcome: str
    employer_follow_up: str
    followed_up_on: dt.date | None
    unit_id: int


# --- what a client sends -----------------------------------------------------------------------------------------


class ActivityIn(Schema):
    name: Text(Activity, "name") = Field(description="Namn.")
    kind: Text(Activity, "kind") = Field(description="Slag: " + ", ".join(Activity.Kind.values) + ".")
    description: Limited(TEXT) = ""
    organiser: Text(Activity, "organiser") = ""
    place: Text(Activity, "place") = Field(description="Var aktiviteten hålls.")
    postcode: Limited(6) = Field("", description="Fem siffror (ett mellanslag går bra).")
    schedule: Text(Activity, "schedule") = Field(description="När, t.ex. ”mån och ons 9–12”.")
    hours_per_week: Hours = Field(description="Timmar i veckan, mer än 0 och högst 40.")
    places: Places = Field(description="Antal platser, fler än 0.")
    languages: Languages = Field(default_factory=list, description="Språkkoder enligt ISO 639-1.")
    language_support: bool = False
    starts_on: BodyDate = Field(description="Startar.")
    ends_on: BodyDate | None = Field(None, description="Slutar; utelämnat: tills vidare.")
    unit: Annotated[int, Strict(), Field(ge=1, le=2**63 - 1)] | None = Field(
        None, description="Ansvarig enhet (id); utelämnad: din egen enhet i kommunen."
    )


class ActivityPatch(Schema):
    name: Text(Activity, "name") | None = None
    kind: Text(Activity, "kind") | None = None
    description: Limited(TEXT) | None = None
    organiser: Text(Activity, "organiser") | None = None
    place: Text(Activity, "place") | None = None
    postcode: Limited(6) | None = None
    schedule: Text(Activity, "schedule") | None = None
    hours_per_week: Hours | None = None
    places: Places | None = None
    languages: Languages | None = None
    language_support: bool | None = None
    starts_on: BodyDate | None = None
    ends_on: BodyDate | None = None
    active: bool | None = Field(None, description="false inaktiverar aktiviteten (kan inte ångras här).")


class EmployerIn(Schema):
    name: Text(Employer, "name") = Field(description="Namn.")
    organisation_number: Limited(20) = Field(description="Organisationsnummer, t.ex. 556036-0793.")
    industry: Text(Employer, "industry") = ""
    address: Text(Employer, "address") = ""
    postcode: Limited(6) = ""
    notes: Limited(TEXT) = ""


class ContactIn(Schema):
    name: Text(EmployerContact, "name") = Field(description="Namn.")
    role: Text(EmployerContact, "role") = ""
    phone: Limited(30) = Field("", description="Telefon, t.ex. 070-123 45 67; sparas som +46701234567.")
    email: Text(EmployerContact, "email") = ""
    is_supervisor: bool = Field(False, description="Handledare för praktikanter.")


class PlacementIn(Schema):
    employer: UUID = Field(description="Arbetsgivarens publika id.")
    title: Text(Placement, "title") = Field(description="Benämning.")
    ssyk: Limited(4) = Field(description="Yrke som SSYK 2012-kod, fyra siffror.")
    tasks: Limited(TEXT) = Field(description="Arbetsuppgifter.")
    swedish_level: Limited(10) = Field(
        "NONE", description="Krav på svenska: " + ", ".join(Placement.SwedishLevel.values) + "."
    )
    languages: Languages = Field(
        default_factory=list, description="Andra språk som är till hjälp (ISO 639-1)."
    )
    driving_licence: bool = False
    postcode: Limited(6) = ""
    starts_on: BodyDate
    ends_on: BodyDate
    hours_per_week: Hours = Field(description="Timmar i veckan, mer än 0 och högst 40.")
    supervisor: Annotated[int, Strict(), Field(ge=1, le=2**63 - 1)] | None = Field(
        None, description="Handledare (kontaktpersonens id hos arbetsgivaren)."
    )


ExplanationItem = Annotated[list[Any], Field(max_length=2)] | Limited(500)


class OfferIn(Schema):
    person: UUID = Field(description="Personens publika id.")
    explanation: Annotated[list[ExplanationItem], Field(max_length=20)] = Field(
        default_factory=list,
        description="Förslagets förklaring: katalogmeddelanden ([text, värden]) eller text.",
    )
    offered_on: BodyDate | None = Field(None, description="Erbjuden; utelämnat: i dag.")


class AnswerIn(Schema):
    answered_on: BodyDate | None = Field(None, description="Svarsdatum; utelämnat: i dag.")


class DeclineIn(AnswerIn):
    reason: Text(PlacementOffer, "decline_reason") = Field(description="Varför personen tackade nej.")


class EndIn(Schema):
    outcome: Limited(12) = Field(description="Utfall: " + ", ".join(Placement.Outcome.values) + ".")
    ended_on: BodyDate | None = Field(None, description="Avslutad; utelämnat: i dag.")


class FollowUpIn(Schema):
    text: Limited(TEXT) = Field(description="Arbetsgivarens uppföljning.")
    on: BodyDate | None = Field(None, description="Uppföljd; utelämnat: i dag.")
