"""The consent and access API's schemas: consents, section notes, the protected address and break-glass."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from etablera import limits
from etablera.access.models import Consent
from etablera.api.bounds import BodyId, column_length, column_text
from etablera.api.schemas import PersonRef, UnitRef, UserRef
from etablera.people.models import Note

# --- consent, section notes, protected address, break-glass -----------------------------------------------------


class ConsentOut(Schema):
    public_id: UUID
    person: PersonRef
    given_by: str = Field(
        description="PERSON (personen själv) eller GUARDIAN (vårdnadshavare eller god man)."
    )
    guardian_name: str
    units: list[UnitRef] = Field(description="Enheterna som får ta del av uppgifterna.")
    sections: list[str] = Field(description="Delarna samtycket gäller: BASIC, SOCIAL, SCHOOL, HEALTH.")
    purpose: str
    given_date: dt.date
    valid_until: dt.date | None = Field(description="Sista dagen samtycket gäller; null = tills vidare.")
    method: str = Field(description="WRITTEN (skriftligt) eller ORAL (muntligt).")
    method_note: str
    document_reference: str
    withdrawn_date: dt.date | None
    withdrawn_note: str
    state: str = Field(
        description="ACTIVE (gäller), EXPIRED (har upphört), WITHDRAWN (återkallat) eller NOT_STARTED."
    )
    recorded_by: UserRef | None
    recorded_at: dt.datetime

    @staticmethod
    def resolve_units(obj) -> list[Any]:
        return list(obj.units.all())


def _consent(field: str) -> int:
    return column_length(Consent, field)


class ConsentIn(Schema):
    units: list[BodyId] = Field(description="Id för enheterna i personens kommun som samtycket gäller.")
    sections: list[column_text(Note, "section")] = Field(
        max_length=10, description="BASIC, SOCIAL, SCHOOL och/eller HEALTH."
    )
    purpose: str = Field(max_length=_consent("purpose"), description="Syftet med samtycket.")
    given_date: dt.date = Field(description="Dagen samtycket lämnades (inte i framtiden).")
    valid_until: dt.date | None = Field(None, description="Sista dagen det gäller; utelämnat = tills vidare.")
    given_by: str = Field(
        "PERSON", max_length=_consent("given_by"), description="PERSON eller GUARDIAN (krävs för ett barn)."
    )
    guardian_name: str = Field(
        "", max_length=_consent("guardian_name"), description="Vårdnadshavarens eller den gode mannens namn."
    )
    method: str = Field(max_length=_consent("method"), description="WRITTEN eller ORAL.")
    method_note: str = Field(
        "",
        max_length=_consent("method_note"),
        description="Vid muntligt samtycke: vem som tog emot det och hur.",
    )
    document_reference: str = Field(
        "", max_length=_consent("document_reference"), description="T.ex. diarienummer för blanketten."
    )


class WithdrawConsentIn(Schema):
    note: str = Field(
        "", max_length=_consent("withdrawn_note"), description="Valfri anteckning om återkallelsen."
    )
    withdrawn_date: dt.date | None = Field(None, description="Utelämnad = i dag.")


class NoteOut(Schema):
    public_id: UUID
    section: str = Field(description="BASIC, SOCIAL, SCHOOL eller HEALTH.")
    section_display: str
    unit: UnitRef = Field(description="Enheten anteckningen skrevs i.")
    author: UserRef
    text: str
    created_at: dt.datetime

    @staticmethod
    def resolve_section_display(obj) -> str:
        return obj.get_section_display()


class SectionNoteIn(Schema):
    # Not "NoteIn": housing.api.schemas has one, and the OpenAPI document names a schema by its class name, so this
    # endpoint was documented with the housing note's body.
    section: str = Field(
        max_length=column_length(Note, "section"),
        description="En del du har tillgång till: BASIC, SOCIAL, SCHOOL eller HEALTH.",
    )
    text: str = Field(max_length=limits.SECTION_NOTE, description="Anteckningen.")


class RevealAddressIn(Schema):
    reason: str = Field(
        max_length=limits.REVEAL_REASON,
        description="Varför du behöver se adressen (minst 15 tecken); sparas i åtkomstloggen.",
    )


class BreakGlassIn(Schema):
    identity_number: str = Field(
        max_length=limits.IDENTITY_NUMBER_INPUT,
        description="Personens hela personnummer, samordningsnummer eller dossiernummer (i innehållet, aldrig i "
        "adressen).",
    )
    reason: str = Field(
        max_length=limits.BREAK_GLASS_REASON,
        description="Varför du behöver nödåtkomst (minst 15 tecken); loggas och granskas.",
    )


class BreakGlassOut(Schema):
    household: UUID = Field(description="Hushållets publika id (det senast registrerade, om de är flera).")
    households: list[UUID] = Field(
        description="Alla personens hushåll i din kommun; nödåtkomsten gäller alla."
    )
    granted: bool = Field(description="Falskt när du redan hade tillgång och ingen nödåtkomst behövdes.")
    expires_at: dt.datetime | None = Field(description="När nödåtkomsten upphör; null om ingen behövdes.")
