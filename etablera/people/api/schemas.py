"""The persons API's schemas: search, the person with their households and (masked) address, and the changes of
the register data (issue #11): the plain fields, a new identity number, residence permit decisions, the address and
protected identity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from etablera import limits
from etablera.api.schemas import AddressOut, HouseholdRef, MunicipalityRef, PersonOut
from etablera.people.services.details import MIN_LIFT_REASON


class PersonHouseholdOut(HouseholdRef):
    relation: str = Field(description="ADULT, CHILD eller GUARDIAN.")


class PersonDetailOut(PersonOut):
    municipality: MunicipalityRef
    identity_number: str = Field(description="Hela identitetsnumret (visas bara i persondetaljen).")
    protected_identity_level: str = Field(
        description="NONE, CONFIDENTIALITY_MARKING, PROTECTED_REGISTRATION eller FICTITIOUS_IDENTITY."
    )
    languages: str
    citizenship: str
    residence_permit: str = Field(description="PERMANENT, TEMPORARY eller NONE.")
    residence_permit_date: dt.date | None
    phone: str = Field(description="Telefonnummer i E.164 (+46701234567), eller tomt.")
    email: str = Field(description="E-postadress, eller tomt.")
    version: str = Field(
        description="När personen senast ändrades. Skicka med den i en ändring: har någon annan ändrat personen "
        "sedan dess avvisas ändringen med 409."
    )
    households: list[PersonHouseholdOut] = Field(
        description="Hushåll du har tillgång till där personen ingår."
    )
    address_protected: bool = Field(
        description="Sant när adressen inte visas: personen eller någon i något av personens hushåll har "
        "skyddade personuppgifter. Behörig användare kan se den med POST /persons/{public_id}/address."
    )
    address: AddressOut | None = Field(
        description="Personens adress, eller null när den är skyddad (se address_protected) eller saknas."
    )

    @staticmethod
    def resolve_identity_number(obj) -> str:
        return obj.identity_number_display

    @staticmethod
    def resolve_protected_identity_level(obj) -> str:
        return obj.protected_identity

    @staticmethod
    def resolve_version(obj) -> str:
        return obj.updated_at.isoformat()

    @staticmethod
    def resolve_households(obj) -> list[Any]:
        return obj.visible_households

    @staticmethod
    def resolve_address_protected(obj) -> bool:
        return getattr(obj, "address_masked", True)

    @staticmethod
    def resolve_address(obj) -> dict[str, str] | None:
        # Masked unless the selector has established that no one in the person's households is protected.
        if getattr(obj, "address_masked", True):
            return None
        if not (obj.address_street or obj.address_postal_code or obj.address_city):
            return None
        return {
            "street": obj.address_street,
            "postal_code": obj.address_postal_code,
            "city": obj.address_city,
        }


class PersonSearchIn(Schema):
    q: str = Field(
        ...,
        min_length=2,
        max_length=limits.SEARCH,
        description="Del av för- eller efternamn, eller ett helt personnummer/samordningsnummer (12 siffror).",
    )


VERSION = Field(
    None,
    max_length=40,
    description="Personens version (fältet version i GET /persons/{public_id}) när ändringen gjordes; "
    "utelämnad ändras personen som den är nu.",
)


class PersonPatchIn(Schema):
    """Only the fields sent are changed."""

    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    sex: str | None = Field(None, max_length=1, description="F, M, X eller U.")
    languages: str | None = Field(
        None, max_length=200, description="Kommaseparerade, t.ex. arabiska, engelska."
    )
    needs_interpreter: bool | None = None
    interpreter_language: str | None = Field(None, max_length=60)
    citizenship: str | None = Field(None, max_length=60)
    phone: str | None = Field(
        None,
        max_length=30,
        description="Svenskt nummer eller med landsnummer; sparas i E.164. Tomt tar bort det.",
    )
    email: str | None = Field(None, max_length=254)
    version: str | None = VERSION


class IdentityNumberIn(Schema):
    identity_number_type: str = Field(
        ..., max_length=20, description="PERSONNUMMER, SAMORDNINGSNUMMER eller DOSSIERNUMMER."
    )
    identity_number: str = Field(..., max_length=limits.IDENTITY_NUMBER_INPUT)
    version: str | None = VERSION


class AddressIn(Schema):
    street: str = Field("", max_length=200, description="Gatuadress. Alla tre tomma tar bort adressen.")
    postal_code: str = Field("", max_length=10, description="Fem siffror; sparas som 611 30.")
    city: str = Field("", max_length=100, description="Postort.")
    version: str | None = VERSION


class ProtectedIdentityIn(Schema):
    level: str = Field(
        ...,
        max_length=30,
        description="NONE (häver skyddet), CONFIDENTIALITY_MARKING, PROTECTED_REGISTRATION eller FICTITIOUS_IDENTITY.",
    )
    reason: str = Field(
        "",
        max_length=limits.REVEAL_REASON,
        description=f"Skäl; krävs (minst {MIN_LIFT_REASON} tecken) när skyddet hävs.",
    )
    version: str | None = VERSION


class ResidencePermitIn(Schema):
    kind: str = Field(..., max_length=10, description="PERMANENT eller TEMPORARY.")
    decided_on: dt.date = Field(..., description="Beslutsdatum.")
    valid_from: dt.date | None = Field(None, description="Gäller från; utelämnat gäller beslutsdatumet.")
    valid_until: dt.date | None = Field(
        None, description="Gäller till och med; krävs för TEMPORARY, ska utelämnas för PERMANENT."
    )


class ResidencePermitOut(Schema):
    public_id: str
    kind: str = Field(description="PERMANENT eller TEMPORARY.")
    decided_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    current: bool = Field(description="Sant för det gällande beslutet (det senast fattade).")
    created_at: dt.datetime

    @staticmethod
    def resolve_public_id(obj) -> str:
        return str(obj.public_id)

    @staticmethod
    def resolve_current(obj) -> bool:
        return getattr(obj, "current", False)
