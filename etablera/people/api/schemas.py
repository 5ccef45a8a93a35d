"""The persons API's schemas: search and the person with their households and (masked) address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from etablera import limits
from etablera.api.schemas import AddressOut, HouseholdRef, MunicipalityRef, PersonOut


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
