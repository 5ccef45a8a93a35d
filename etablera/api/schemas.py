"""What every endpoint's schemas share: references to a municipality, unit, user, household and person, a deadline
that explains itself, and the error bodies. Knows no domain; each domain's schemas are in
`etablera/<domain>/api/schemas.py` (docs/architecture.md).

In every schema, persons and households are named by public_id, never by internal keys; identity numbers are masked
except on a person's own detail; a protected-identity person is flagged, and no address or location is output for
anyone without the stated-reason reveal."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Field, Schema


class MunicipalityRef(Schema):
    code: str = Field(description="Kommunkod, fyra siffror (t.ex. 0480).")
    name: str


class UnitRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    username: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.get_full_name() or obj.username


class HouseholdRef(Schema):
    public_id: UUID
    name: str


class PersonRef(Schema):
    public_id: UUID
    first_name: str
    last_name: str
    protected_identity: bool = Field(description="Sant om personen har skyddade personuppgifter.")

    @staticmethod
    def resolve_protected_identity(obj) -> bool:
        return obj.is_protected


class DeadlineOut(Schema):
    """A date that explains itself: the rule, its source and the dates it was computed from."""

    date: dt.date
    rule: str
    title: str
    explanation: str
    source: str
    status: str = Field(description="in_force, proposed, unverified eller local.")
    based_on: dict[str, dt.date]


# --- persons and households -----------------------------------------------------------------------------------


class PersonOut(PersonRef):
    birth_date: dt.date | None
    sex: str = Field(description="F, M, X eller U.")
    category: str = Field(
        description="Kategori, t.ex. RESETTLED, ASSIGNED_FROM_FACILITY, FAMILY_REUNIFICATION."
    )
    identity_number_type: str = Field(
        description="PERSONNUMMER, SAMORDNINGSNUMMER, DOSSIERNUMMER eller NONE."
    )
    identity_number_masked: str = Field(description="Identitetsnumret maskerat (ÅÅÅÅMMDD-****).")
    needs_interpreter: bool
    interpreter_language: str


class AddressOut(Schema):
    street: str = Field(description="Gatuadress.")
    postal_code: str = Field(description="Postnummer.")
    city: str = Field(description="Postort.")


class Message(Schema):
    detail: str


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    code: str


class ValidationErrorOut(Schema):
    detail: list[ErrorItem]
