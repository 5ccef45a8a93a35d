"""The household search's schemas (issue #11): what a hit shows to tell households apart — the members' birth
years (neither name nor year for a protected identity), the anvisningar's references, where the household stands
and its municipality. Never an identity number."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from etablera import limits
from etablera.api.schemas import HouseholdRef, MunicipalityRef


class HouseholdQueryIn(Schema):
    q: str = Field(
        ...,
        min_length=2,
        max_length=limits.SEARCH,
        description="Del av hushållets namn eller av en medlems namn (accenter och stora eller små bokstäver "
        "spelar ingen roll; varje ord ska finnas), ett helt personnummer, samordningsnummer eller "
        "dossiernummer som en medlem har eller har haft (med eller utan bindestreck och sekel), eller "
        "anvisningens referens (hel eller en del med siffror).",
    )


class SearchMemberOut(Schema):
    protected_identity: bool = Field(
        description="Sant om personen har skyddade personuppgifter; då utelämnas namn och födelseår."
    )
    first_name: str | None
    last_name: str | None
    birth_year: int | None = Field(description="Födelseåret, för att skilja personer åt.")
    relation: str = Field(description="ADULT, CHILD eller GUARDIAN.")


class HouseholdSearchOut(HouseholdRef):
    municipality: MunicipalityRef
    member_count: int = Field(description="Antal medlemmar i hushållet.")
    members: list[SearchMemberOut] = Field(description="De medlemmar du har tillgång till, äldst först.")
    references: list[str] = Field(description="Hushållets anvisningar (Migrationsverkets referenser).")
    status: str = Field(
        description="IN_RECEPTION (pågående mottagande), CLOSED (avslutat), ASSIGNED (anvisad), RECEIVED "
        "(mottagen), CANCELLED (anvisningen avbruten) eller NONE."
    )
    status_label: str = Field(description="Statusen i klartext.")
    status_date: dt.date | None = Field(
        description="Ankomstdatum för ett pågående eller avslutat mottagande, annars tomt."
    )

    @staticmethod
    def resolve_members(obj) -> list[dict]:
        return obj.members_shown

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.status_label)
