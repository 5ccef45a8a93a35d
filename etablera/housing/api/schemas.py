"""What the housing API (etablera/housing/api/units.py and contracts.py) returns and accepts.

A home next to a household with a protected identity — or a home whose address is protected — is not identified:
its id, objektnummer, address and area are null and `address_masked` is true (the selectors decide; docs/security.md).
A home's own record lists no contract of a protected household, and the address and area of a home that such a
household lives in, has lived in or holds a draft for are null (`address_masked`; etablera.housing.protection, issue
#9). Other homes alone are the housing stock, not personal data.
"""

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import StringConstraints

from etablera import limits
from etablera.api.bounds import BodyCount, BodyId
from etablera.api.schemas import DeadlineOut, HouseholdRef, MunicipalityRef

# Text that fits its column: longer text, or a NUL character (which PostgreSQL cannot store), is a 422 at the
# field rather than a database error.
_NO_NUL = r"^[^\x00]*$"


def Text(max_length: int):  # noqa: N802 - reads as a type in the schemas below
    return Annotated[str, StringConstraints(max_length=max_length, pattern=_NO_NUL)]


# Dates the rules can compute with (36 months on, a night price per month): far enough either way for any home.
BodyDate = Annotated[dt.date, Field(ge=dt.date(1990, 1, 1), le=dt.date(2199, 12, 31))]


# --- homes ------------------------------------------------------------------------------------------------------


class HousingUnitFields(Schema):
    reference: Text(40) = Field(description="Hyresvärdens objektnummer; unikt i kommunen.")
    # Not required by the schema: a client changing a home with a protected address cannot know it (issue #9).
    address_street: Text(200) = Field(
        "",
        description="Gatuadress; krävs (422 annars). Ändras en bostad med skyddad adress (`address_masked`) "
        "behålls de adressfält som utelämnas.",
    )
    address_postal_code: Text(10) = Field("", description="Postnummer, t.ex. 611 30.")
    address_city: Text(100) = Field("", description="Postort.")
    area: Text(100) = Field("", description="Område (stadsdel eller ort).")
    landlord: Text(20) = Field(
        description="HOUSING_COMPANY (kommunalt bostadsbolag), PRIVATE eller MUNICIPALITY."
    )
    landlord_name: Text(200) = Field("", description="Hyresvärdens namn.")
    kind: Text(20) = Field(
        description="FLAT, HOUSE, MODULE, SHARED_ROOM, HOTEL, TRANSITIONAL, HVB, SUPPORTED eller EXIT."
    )
    rooms: BodyCount = Field(description="Antal rum utöver kök, minst 1.")
    bedrooms: BodyCount = Field(description="Antal sovrum (0 eller fler, högst antal rum).")
    floor_area: BodyCount | None = Field(None, description="Yta i m².")
    monthly_cost: BodyCount | None = Field(
        None, description="Kostnad per månad i kronor; utelämnad räknas den från priset per natt."
    )
    nightly_cost: BodyCount | None = Field(
        None, description="Pris per natt i kronor (hotell och vandrarhem)."
    )
    capacity: BodyCount = Field(1, description="Hur många hushåll eller platser som kan bo här samtidigt.")
    accessible: bool = Field(False, description="Tillgänglighetsanpassad.")
    accessibility_note: Text(200) = Field("", description="Om tillgängligheten.")
    near: list[Text(20)] = Field(
        [], max_length=10, description="Vad bostaden ligger nära: SCHOOL, SFI, WORK, TRANSPORT."
    )
    available_from: BodyDate | None = Field(None, description="Ledig från (ÅÅÅÅ-MM-DD).")
    available_to: BodyDate | None = Field(None, description="Ledig till (ÅÅÅÅ-MM-DD); tomt = tills vidare.")
    is_active: bool = Field(True, description="Bostaden kan erbjudas.")
    notes: Text(limits.HOUSING_NOTES) = Field("", description="Anteckningar.")


class HousingUnitIn(HousingUnitFields):
    municipality: Text(4) = Field(description="Kommunkod, fyra siffror (t.ex. 0480).")


_MASKED = "null när adressen är skyddad (`address_masked`)."


class HousingUnitOut(Schema):
    id: int
    municipality: MunicipalityRef
    reference: str = Field(description="Hyresvärdens objektnummer.")
    address_street: str | None = Field(description=f"Gatuadress; {_MASKED}")
    address_postal_code: str | None = Field(description=f"Postnummer; {_MASKED}")
    address_city: str | None = Field(description=f"Postort; {_MASKED}")
    area: str | None = Field(description=f"Område; {_MASKED}")
    address_masked: bool = Field(
        description="Sant när ett hushåll med skyddade personuppgifter bor, har bott eller ska bo i bostaden: "
        "då är adressen den skyddade adressen och visas inte."
    )
    landlord: str = Field(description="HOUSING_COMPANY, PRIVATE eller MUNICIPALITY.")
    landlord_display: str
    landlord_name: str
    kind: str = Field(
        description="FLAT, HOUSE, MODULE, SHARED_ROOM, HOTEL, TRANSITIONAL, HVB, SUPPORTED eller EXIT."
    )
    kind_display: str
    is_temporary: bool = Field(description="Tillfälligt boende (modul, rum, hotell, genomgångsbostad).")
    rooms: int
    bedrooms: int
    floor_area: int | None
    monthly_cost: int = Field(description="Kostnad per månad i kronor.")
    nightly_cost: int | None
    capacity: int
    accessible: bool
    accessibility_note: str
    near: list[str]
    available_from: dt.date | None
    available_to: dt.date | None
    is_active: bool
    notes: str

    # The selectors mark each home (etablera.housing.protection); an unmarked one is shown as protected.
    @staticmethod
    def resolve_address_masked(obj) -> bool:
        return getattr(obj, "address_masked", True)

    @staticmethod
    def resolve_address_street(obj) -> str | None:
        return None if getattr(obj, "address_masked", True) else obj.address_street

    @staticmethod
    def resolve_address_postal_code(obj) -> str | None:
        return None if getattr(obj, "address_masked", True) else obj.address_postal_code

    @staticmethod
    def resolve_address_city(obj) -> str | None:
        return None if getattr(obj, "address_masked", True) else obj.address_city

    @staticmethod
    def resolve_area(obj) -> str | None:
        return None if getattr(obj, "address_masked", True) else obj.area

    @staticmethod
    def resolve_landlord_display(obj) -> str:
        return obj.get_landlord_display()

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return obj.get_kind_display()


class FreeUnitOut(Schema):
    unit: HousingUnitOut
    free_places: int = Field(description="Lediga platser i dag.")
    free_from: dt.date | None = Field(description="Första dag en plats är ledig inom perioden.")


class UnitContractOut(Schema):
    """A contract on a home's own record. A protected household's contract is not listed at all (issue #9), so
    `household_hidden` is always false; it is kept for the clients that read it."""

    public_id: UUID
    kind: str
    status: str = Field(description="DRAFT, ACTIVE, ENDED eller CANCELLED.")
    start_date: dt.date
    end_date: dt.date | None
    household: HouseholdRef | None = Field(description="Hushållet (alltid angivet).")
    household_hidden: bool = Field(
        description="Alltid false: kontrakt för hushåll med skyddade personuppgifter visas inte här."
    )


class HousingUnitDetailOut(HousingUnitOut):
    free_places: int = Field(description="Lediga platser i dag.")
    free_from: dt.date | None = Field(description="Första dag inom ett år som en plats är ledig.")
    contracts: list[UnitContractOut]

    @staticmethod
    def resolve_contracts(obj) -> list[dict]:
        return obj.contract_rows


class UnitBriefOut(Schema):
    """A home beside a household; for a household with a protected identity, or a home with a protected address,
    not identified (see above)."""

    id: int | None
    reference: str | None
    address: str | None = Field(
        description="Adressen; null när hushållet har skyddade personuppgifter eller adressen är skyddad."
    )
    area: str | None
    kind: str
    kind_display: str
    rooms: int
    bedrooms: int
    address_masked: bool


def unit_brief(unit, masked: bool) -> dict[str, Any]:
    return {
        "id": None if masked else unit.pk,
        "reference": None if masked else unit.reference,
        "address": None if masked else unit.address,
        "area": None if masked else unit.area,
        "kind": unit.kind,
        "kind_display": unit.get_kind_display(),
        "rooms": unit.rooms,
        "bedrooms": unit.bedrooms,
        "address_masked": masked,
    }


class ImportErrorOut(Schema):
    row: int = Field(description="Radnummer i filen (rubrikraden = 1; 0 = filen som helhet).")
    column: str = Field(
        description="Kolumnen som filens rubrikrad skriver den (t.ex. Referens eller reference); tom = hela raden."
    )
    code: str = Field(description="Felkod, se docs/import-formats.md.")
    message: str = Field(description="Vad som är fel, på användarens språk (svenska eller engelska).")
    value: str = Field(description="Cellens värde, förkortat och ofarligt att öppna i ett kalkylark.")


class ImportOut(Schema):
    ok: bool = Field(description="Sant när filen importerades (eller skulle importeras, vid provkörning).")
    dry_run: bool
    rows: int = Field(description="Rader i filen.")
    created: int
    updated: int
    unchanged: int
    errors: list[ImportErrorOut]


# --- contracts --------------------------------------------------------------------------------------------------


class ContractOut(Schema):
    public_id: UUID
    municipality: str = Field(description="Kommunkod.")
    household: HouseholdRef
    unit: UnitBriefOut
    kind: str = Field(description="FIRST_HAND, SECOND_HAND, TEMPORARY, ESTABLISHMENT eller PER_NIGHT.")
    kind_display: str
    status: str = Field(description="DRAFT (utkast), ACTIVE, ENDED eller CANCELLED.")
    start_date: dt.date
    end_date: dt.date | None
    planned_end: DeadlineOut | None = Field(
        description="Varför kontraktet slutar då (regeln), om den gäller."
    )
    payer: str = Field(description="HOUSEHOLD, MUNICIPALITY eller SOCIAL_SERVICES.")
    monthly_cost: int
    nightly_cost: int | None
    is_temporary: bool = Field(
        description="Tillfälligt boende (inte ett permanent kontrakt i en vanlig bostad)."
    )
    end_reason: str
    end_note: str
    note: str
    address_masked: bool


class ContractIn(Schema):
    household: UUID = Field(description="Hushållets publika id.")
    unit: BodyId = Field(description="Bostadens id.")
    kind: Text(20) = Field(description="FIRST_HAND, SECOND_HAND, TEMPORARY, ESTABLISHMENT eller PER_NIGHT.")
    start_date: BodyDate = Field(description="Första dag.")
    end_date: BodyDate | None = Field(
        None,
        description="Sista dag; utelämnad för tidsbegränsade kontrakt och etableringsboende: enligt regeln.",
    )
    payer: Text(20) = Field(description="HOUSEHOLD, MUNICIPALITY eller SOCIAL_SERVICES.")
    monthly_cost: BodyCount | None = Field(None, description="Kostnad per månad; utelämnad: bostadens.")
    nightly_cost: BodyCount | None = Field(None, description="Pris per natt (hotell).")
    note: Text(300) = Field("", description="Anteckning.")
    sign: bool = Field(False, description="Sant: registrera som undertecknat direkt; annars ett utkast.")


class EndContractIn(Schema):
    end_date: BodyDate = Field(description="Sista dag.")
    reason: Text(20) = Field(
        description="MOVED, TENANT_TERMINATED, LANDLORD_TERMINATED, PERIOD_ENDED, NOT_PARTICIPATING, MOVED_AWAY "
        "eller OTHER (beskriv då i note)."
    )
    note: Text(300) = Field("", description="Om avslutet.")


class NoteIn(Schema):
    note: Text(300) = Field(description="Varför (krävs).")


# --- housing needs ----------------------------------------------------------------------------------------------


class BedroomsOut(Schema):
    bedrooms: int = Field(description="Sovrum som behövs (trångboddhetsnormen eller bedömning).")
    adults: int
    children: int
    explanation: str


class CurrentHomeOut(Schema):
    contract: UUID
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    unit: UnitBriefOut


class NeedOut(Schema):
    household: HouseholdRef
    municipality: str = Field(description="Kommunkod.")
    status: str = Field(description="WAITING, TEMPORARY, PERMANENT eller CLOSED.")
    reason: str
    registered_date: dt.date
    house_by: dt.date | None = Field(
        description="Bostad senast (sista mottagningsdag om inget annat angetts)."
    )
    house_by_rule: dict[str, Any] = Field(description="Förklaringen av datumet.")
    days_left: int | None = Field(
        description="Dagar kvar till bostad senast; negativt när datumet har passerat."
    )
    bedrooms: BedroomsOut
    needs_accessible: bool
    wishes: list[str]
    preferred_area: str
    max_monthly_cost: int | None
    current_bedrooms: int | None
    bedrooms_override: int | None
    bedrooms_override_reason: str
    overcrowded: bool = Field(description="Trångbott i nuvarande boende enligt normen.")
    current: CurrentHomeOut | None = Field(description="Nuvarande kontrakt, om hushållet har ett.")
    address_masked: bool
    note: str


class NeedIn(Schema):
    reason: Text(20) = Field(
        "ASSIGNMENT",
        description="ASSIGNMENT, OVERCROWDED, TEMPORARY_ENDING, LEAVING_PLACEMENT eller OTHER.",
    )
    house_by: BodyDate | None = Field(
        None, description="Bostad senast; utelämnad: anvisningens sista mottagningsdag."
    )
    needs_accessible: bool = Field(False, description="Behöver tillgänglighetsanpassad bostad.")
    wishes: list[Text(20)] = Field([], max_length=10, description="SCHOOL, SFI, WORK, TRANSPORT.")
    preferred_area: Text(100) = Field("", description="Önskat område.")
    bedrooms_override: BodyCount | None = Field(None, description="Sovrum enligt bedömning (skäl krävs).")
    bedrooms_override_reason: Text(200) = Field("", description="Skäl till bedömningen.")
    current_bedrooms: BodyCount | None = Field(None, description="Sovrum i nuvarande eget boende.")
    max_monthly_cost: BodyCount | None = Field(None, description="Högsta kostnad per månad.")
    note: Text(300) = Field("", description="Anteckning.")


class ProposalBriefOut(Schema):
    id: int
    unit: UnitBriefOut
    move_in: dt.date
    on_time: bool
    explanation: list[str]


class HouseholdHousingOut(Schema):
    household: HouseholdRef
    status: str = Field(description="WAITING, TEMPORARY, PERMANENT eller CLOSED.")
    bedrooms: BedroomsOut
    need: NeedOut | None = Field(description="Det registrerade bostadsbehovet; null om inget finns.")
    contracts: list[ContractOut] = Field(description="Hushållets kontrakt, senaste först: flyttarna.")
    proposals: list[ProposalBriefOut] = Field(description="Öppna matchningsförslag.")
    address_masked: bool


# --- matching ---------------------------------------------------------------------------------------------------


class MatchRunIn(Schema):
    municipality: Text(4) = Field(description="Kommunkod.")
    on: BodyDate | None = Field(None, description="Matcha per denna dag; standard i dag.")


class MatchRunOut(Schema):
    id: int
    municipality: str = Field(description="Kommunkod.")
    on_date: dt.date
    created_at: dt.datetime
    households: int = Field(description="Väntande hushåll.")
    units: int = Field(description="Lediga bostäder.")
    summary: dict[str, Any] = Field(description="Vad matchningen uppnådde.")
    proposals: int = Field(description="Antal förslag.")


class ProposalOut(Schema):
    id: int
    run: int
    household: HouseholdRef
    unit: UnitBriefOut
    move_in: dt.date
    on_time: bool = Field(description="Inflyttning före bostad senast.")
    explanation: list[str] = Field(description="Motiveringen i ord.")
    status: str = Field(description="PROPOSED, ACCEPTED, REJECTED eller SUPERSEDED.")
    reject_reason: str
    address_masked: bool


class AcceptIn(Schema):
    kind: Text(20) = Field(description="FIRST_HAND, SECOND_HAND, TEMPORARY, ESTABLISHMENT eller PER_NIGHT.")
    start_date: BodyDate | None = Field(None, description="Första dag; standard förslagets inflyttning.")
    payer: Text(20) = Field(description="HOUSEHOLD, MUNICIPALITY eller SOCIAL_SERVICES.")
    monthly_cost: BodyCount | None = Field(None, description="Kostnad per månad; utelämnad: bostadens.")


class RejectIn(Schema):
    reason: Text(300) = Field(description="Varför förslaget avböjs (krävs).")
