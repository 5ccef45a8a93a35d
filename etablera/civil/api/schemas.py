"""What the civil register's API (etablera/civil/api/associations.py) accepts and returns. Every text a client sends
is bounded by its column (api/bounds.column_length) or a stated limit; a contact person is given only in an
association's own answer (its read is logged), never in a list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from etablera.activity.models import Activity
from etablera.api.bounds import (
    BodyDate,
    BodyHours,
    BodyPlaces,
    LanguageCodes,
    body_text,
    limited_text,
)
from etablera.civil.models import Association

# The bounds of a body's texts, dates and numbers are the API's own (api/bounds.py), named here as the schemas read.
Text = body_text
Limited = limited_text
Hours = BodyHours
Places = BodyPlaces
Languages = LanguageCodes


class AssociationContactOut(Schema):
    id: int
    name: str
    role: str
    email: str
    phone: str = Field(description="E.164, t.ex. +46701234567.")


class AssociationOfferOut(Schema):
    id: int
    kind: str
    description: str
    languages: list[str] = Field(description="Språkkoder enligt ISO 639-1.")
    venues: str
    target_groups: str


class AssociationAgreementOut(Schema):
    id: int
    kind: str = Field(description="IOP eller OTHER.")
    starts_on: dt.date
    ends_on: dt.date
    description: str
    document_reference: str


class AssociationOut(Schema):
    public_id: UUID
    name: str
    kind: str
    organisation_number: str = Field(description="NNNNNN-NNNN, eller tomt för en aktör utan eget nummer.")
    description: str
    email: str
    phone: str
    website: str
    active: bool = Field(description="Med i nätverket.")
    left_on: dt.date | None = Field(description="Dagen föreningen lämnade nätverket.")
    languages: list[str] = Field(description="Språken föreningens erbjudanden hålls på (ISO 639-1).")


class AssociationDetailOut(AssociationOut):
    contacts: list[AssociationContactOut]
    offers: list[AssociationOfferOut]
    agreements: list[AssociationAgreementOut]


class AssociationIn(Schema):
    name: Text(Association, "name") = Field(description="Namn.")
    kind: Text(Association, "kind") = Field(
        description="ASSOCIATION, FAITH, STUDY, SPORTS, LIBRARY eller OTHER."
    )
    organisation_number: Limited(20) = Field(
        "", description="Organisationsnummer, t.ex. 802000-1239; tomt om inget."
    )
    description: Limited(2000) = ""
    email: Text(Association, "email") = ""
    phone: Limited(30) = Field("", description="Telefon, t.ex. 0155-24 50 00; sparas i E.164.")
    website: Text(Association, "website") = ""


class AssociationActivityOut(Schema):
    public_id: UUID
    name: str
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
    unit_name: str


class AssociationActivityIn(Schema):
    name: Text(Activity, "name") = Field(description="Namn.")
    description: Limited(2000) = ""
    place: Text(Activity, "place") = Field(description="Var aktiviteten hålls.")
    postcode: Limited(6) = ""
    schedule: Text(Activity, "schedule") = Field(description="När, t.ex. ”tis 17–19”.")
    hours_per_week: Hours = Field(description="Timmar i veckan, mer än 0 och högst 40.")
    places: Places = Field(description="Antal platser, fler än 0.")
    languages: Languages = Field(default_factory=list, description="Språkkoder enligt ISO 639-1.")
    language_support: bool = False
    starts_on: BodyDate = Field(description="Startdatum.")
    ends_on: BodyDate | None = Field(None, description="Slutdatum; tomt om aktiviteten pågår tills vidare.")
