"""What the API returns and accepts. Persons and households are named by public_id, never by internal keys;
identity numbers are masked except on a person's own detail; a protected-identity person is flagged, and no
address or location is output for anyone."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Schema

from etablera import limits
from etablera.access.models import Consent
from etablera.api.bounds import BodyCount, BodyId, column_length, column_text
from etablera.organisation.models import Municipality, User
from etablera.people.models import Household, HouseholdMember, Note, Person
from etablera.reception.models import Assignment, MunicipalQuota, Task

# --- references -----------------------------------------------------------------------------------------------


class CountyOut(Schema):
    code: str = Field(description="Länskod, två siffror (t.ex. 04).")
    name: str


class MunicipalityRef(Schema):
    code: str = Field(description="Kommunkod, fyra siffror (t.ex. 0480).")
    name: str


class MunicipalityOut(MunicipalityRef):
    county: CountyOut


class UnitRef(Schema):
    id: int
    name: str


class UnitOut(UnitRef):
    municipality: MunicipalityRef
    kind: str = Field(description="BOARD, DEPARTMENT, TEAM eller EXTERNAL (extern aktör).")
    function: str = Field(description="Ansvarsområde, t.ex. RECEPTION, SFI, SCHOOL, SOCIAL_SERVICES.")
    function_display: str
    parent_id: int | None = None

    @staticmethod
    def resolve_function_display(obj) -> str:
        return obj.get_function_display()


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
    category: str = Field(description="Kategori, t.ex. RESETTLED, ASSIGNED_FROM_FACILITY, SELF_SETTLED.")
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


class HouseholdOut(HouseholdRef):
    municipality: MunicipalityRef
    member_count: int


class MemberOut(Schema):
    relation: str = Field(description="ADULT, CHILD eller GUARDIAN.")
    person: PersonOut


class AssignmentRef(Schema):
    id: int
    reference: str
    status: str
    decision_date: dt.date
    latest_reception_date: dt.date
    received_date: dt.date | None


class CaseRef(Schema):
    id: int
    arrival_date: dt.date
    status: str


class EventOut(Schema):
    at: dt.datetime
    kind: str
    kind_display: str
    text: str
    actor: str | None = Field(description="Användarnamn för den som gjorde ändringen.")
    text_hidden: bool = Field(
        description="Sant när texten hör till en del du inte har tillgång till (t.ex. socialtjänstens anteckning "
        "eller skäl när en uppgift klarmarkerades eller markerades ej aktuell); texten säger då bara vad som hände."
    )

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_text_hidden(obj) -> bool:
        return getattr(obj, "text_hidden", False)

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.username if obj.actor_id else None


class HouseholdDetailOut(HouseholdRef):
    municipality: MunicipalityRef
    anchor_person: PersonRef | None = Field(description="Anknytningsperson (anhöriginvandring).")
    members: list[MemberOut]
    assignments: list[AssignmentRef]
    reception_case: CaseRef | None = Field(description="Det senaste mottagandet.")
    events: list[EventOut] = Field(description="Hushållets tidslinje, senaste först (högst 100).")


# --- quotas, assignments, reception cases -----------------------------------------------------------------------


class MonthOut(Schema):
    month: int
    count: int


class QuotaOut(Schema):
    municipality: MunicipalityRef
    county: str = Field(description="Länskod.")
    year: int
    quota: int = Field(description="Kommuntal.")
    months: list[MonthOut] = Field(description="Fördelning per månad, om en sådan finns.")
    note: str

    @staticmethod
    def resolve_county(obj) -> str:
        return obj.municipality.county.code

    @staticmethod
    def resolve_months(obj) -> list[Any]:
        return list(obj.months.all())


class QuotaIn(Schema):
    quota: BodyCount = Field(description="Kommuntal (antal personer), 0 eller mer.")
    months: dict[int, BodyCount] | None = Field(
        None, description="Valfri fördelning per månad {månad: antal}; summan får inte överstiga kommuntalet."
    )
    note: str = Field(
        "",
        max_length=column_length(MunicipalQuota, "note"),
        description="Anteckning, t.ex. beslutets diarienummer.",
    )


class AssignmentOut(AssignmentRef):
    municipality: MunicipalityRef
    category: str
    person_count: int = Field(description="Antal personer som anvisas (räknas mot kommuntalet).")
    quota_year: int
    latest_reception_deadline: DeadlineOut | None = Field(
        description="Varför sista mottagningsdag är den den är."
    )
    cancelled_date: dt.date | None
    cancel_reason: str
    household: HouseholdRef | None


class PersonSearchIn(Schema):
    q: str = Field(
        ...,
        min_length=2,
        max_length=limits.SEARCH,
        description="Del av för- eller efternamn, eller ett helt personnummer/samordningsnummer (12 siffror).",
    )


class HouseholdSearchIn(Schema):
    q: str = Field(
        ...,
        min_length=2,
        max_length=limits.SEARCH,
        description="Del av hushållets namn eller av en medlems för- eller efternamn.",
    )


def _person(field: str) -> int:
    return column_length(Person, field)


class PersonIn(Schema):
    first_name: str = Field(max_length=_person("first_name"))
    last_name: str = Field(max_length=_person("last_name"))
    relation: str = Field(
        "ADULT",
        max_length=column_length(HouseholdMember, "relation"),
        description="ADULT, CHILD eller GUARDIAN.",
    )
    category: str | None = Field(
        None, max_length=_person("category"), description="Kategori; utelämnad = anvisningens kategori."
    )
    identity_number_type: str = Field(
        "NONE",
        max_length=_person("identity_number_type"),
        description="PERSONNUMMER, SAMORDNINGSNUMMER, DOSSIERNUMMER eller NONE.",
    )
    identity_number: str = Field(
        "",
        max_length=limits.IDENTITY_NUMBER_INPUT,
        description="Kontrolleras (personnummer med kontrollsiffra).",
    )
    birth_date: dt.date | None = None
    sex: str = Field("U", max_length=_person("sex"), description="F, M, X eller U.")
    languages: str = Field("", max_length=_person("languages"))
    interpreter_language: str = Field("", max_length=_person("interpreter_language"))
    needs_interpreter: bool = False
    citizenship: str = Field("", max_length=_person("citizenship"))
    residence_permit: str = Field(
        "NONE", max_length=_person("residence_permit"), description="PERMANENT, TEMPORARY eller NONE."
    )
    residence_permit_date: dt.date | None = None
    protected_identity: str = Field(
        "NONE",
        max_length=_person("protected_identity"),
        description="NONE, CONFIDENTIALITY_MARKING, PROTECTED_REGISTRATION eller FICTITIOUS_IDENTITY.",
    )


class HouseholdIn(Schema):
    name: str = Field(
        max_length=column_length(Household, "name"), description="Hushållets benämning, t.ex. efternamnet."
    )
    members: list[PersonIn]


class AssignmentIn(Schema):
    municipality: str = Field(
        max_length=column_length(Municipality, "code"), description="Kommunkod (fyra siffror)."
    )
    reference: str = Field(
        max_length=column_length(Assignment, "reference"), description="Migrationsverkets referens (unik)."
    )
    category: str = Field(
        max_length=column_length(Assignment, "category"),
        description="Kategori, t.ex. RESETTLED eller ASSIGNED_FROM_FACILITY.",
    )
    decision_date: dt.date
    latest_reception_date: dt.date | None = Field(
        None, description="Utelämnad = beräknas enligt regeln (högst två månader efter beslutet)."
    )
    person_count: BodyCount | None = Field(
        None, description="Antal personer; utelämnat = antalet hushållsmedlemmar. Används utan hushåll."
    )
    household: HouseholdIn | None = Field(None, description="Hushållets medlemmar, om de är kända.")


class ArrivalIn(Schema):
    arrival_date: dt.date = Field(description="Dagen då hushållet togs emot (kommunmottaget).")


class CancelIn(Schema):
    cancelled_date: dt.date | None = Field(None, description="Utelämnad = i dag.")
    reason: str = Field(
        max_length=column_length(Assignment, "cancel_reason"),
        description="Skälet till att anvisningen avbryts.",
    )


class CaseOut(CaseRef):
    household: HouseholdRef
    municipality: MunicipalityRef
    assignment: AssignmentRef | None
    closed_date: dt.date | None
    template_name: str
    open_tasks: int
    overdue_tasks: int
    done_tasks: int


# --- tasks ----------------------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    title: str
    description: str
    status: str = Field(description="OPEN, DONE eller NOT_APPLICABLE.")
    due_date: dt.date
    overdue: bool = Field(description="Öppen och senaste dag har passerat.")
    deadline: DeadlineOut | None = Field(description="Varför datumet är det det är.")
    unit: UnitRef
    assignee: UserRef | None
    household: HouseholdRef
    person: PersonRef | None = Field(description="Personen uppgiften gäller, om den gäller en person.")
    case_id: int
    not_applicable_reason: str = Field(
        description="Varför uppgiften inte är aktuell; tom när skälet hör till en del du inte har tillgång till."
    )
    not_applicable_reason_hidden: bool = Field(
        description="Sant när det finns ett skäl som hör till en del du inte har tillgång till (t.ex. "
        "socialtjänst)."
    )
    completed_at: dt.datetime | None
    completed_by: UserRef | None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(timezone.localdate())

    # A section task's reason is shown only where the selector has said the user may read it (fail closed):
    # reception.selectors.mark_section_text.
    @staticmethod
    def resolve_not_applicable_reason(obj) -> str:
        return "" if TaskOut.resolve_not_applicable_reason_hidden(obj) else obj.not_applicable_reason

    @staticmethod
    def resolve_not_applicable_reason_hidden(obj) -> bool:
        shown = obj.section == "BASIC" or getattr(obj, "section_text_visible", False)
        return bool(obj.not_applicable_reason) and not shown


class TaskEventOut(EventOut):
    text_hidden: bool = Field(
        description="Sant när händelsen är en anteckning i en del du inte har tillgång till (t.ex. socialtjänst); "
        "texten är då tom."
    )

    @staticmethod
    def resolve_text_hidden(obj) -> bool:
        return getattr(obj, "text_hidden", False)


class TaskDetailOut(TaskOut):
    events: list[TaskEventOut] = Field(description="Uppgiftens historik, äldst först.")

    @staticmethod
    def resolve_events(obj) -> list[Any]:
        return obj.event_list


class TaskNoteIn(Schema):
    text: str = Field(max_length=limits.TASK_NOTE, description="Anteckningen.")


class CompleteIn(Schema):
    note: str = Field("", max_length=limits.COMPLETION_NOTE, description="Valfri kommentar.")


class NotApplicableIn(Schema):
    reason: str = Field(
        max_length=column_length(Task, "not_applicable_reason"),
        description="Varför uppgiften inte är aktuell.",
    )


class ReassignIn(Schema):
    unit: BodyId = Field(description="Id för enheten som ska ta över (samma kommun).")
    assignee: str | None = Field(
        None,
        max_length=column_length(User, "username"),
        description="Användarnamn för en handläggare i den enheten.",
    )


# --- reports --------------------------------------------------------------------------------------------------


class QuotaRowOut(Schema):
    code: str
    name: str
    kind: str = Field(description="municipality, county eller country.")
    quota: int = Field(description="Tal (kommuntal).")
    assigned_total: int = Field(description="Anvisade totalt (inklusive avbrutna).")
    received: int = Field(description="Varav avräknade.")
    remaining: int = Field(description="Kvar att avräkna = max(0, tal − avräknade).")


class QuotaReportOut(Schema):
    year: int
    as_of: dt.date
    scope: str = Field(description="municipality, county eller country.")
    title: str
    rows: list[QuotaRowOut]
    total: QuotaRowOut | None


class Message(Schema):
    detail: str


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    code: str


class ValidationErrorOut(Schema):
    detail: list[ErrorItem]


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
    # Not "NoteIn": housing_schemas has one, and the OpenAPI document names a schema by its class name, so this
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
