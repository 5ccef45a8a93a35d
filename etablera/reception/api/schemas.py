"""The reception API's schemas: households, anvisningar, kommuntal, mottaganden and tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from etablera import limits
from etablera.api.bounds import BodyCount, BodyId, column_length
from etablera.api.schemas import (
    DeadlineOut,
    HouseholdRef,
    MunicipalityRef,
    PersonOut,
    PersonRef,
    UnitRef,
    UserRef,
)
from etablera.organisation.models import Municipality, User
from etablera.people.models import Household, HouseholdMember, Person
from etablera.reception.models import Assignment, MunicipalQuota, Task


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
    planned_arrival_date: dt.date | None = Field(
        description="Planerad ankomst, om den är känd: uppgifterna före ankomst räknas från den."
    )
    cancelled_date: dt.date | None
    cancel_reason: str
    household: HouseholdRef | None


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
    planned_arrival_date: dt.date | None = Field(
        None,
        description="Planerad ankomst, om den är känd; utelämnad = uppgifterna före ankomst räknas från sista "
        "mottagningsdag.",
    )


class MembersIn(Schema):
    household_name: str = Field(
        "",
        max_length=column_length(Household, "name"),
        description="Hushållets benämning när anvisningen inte har något hushåll än; tomt = första personens "
        "efternamn.",
    )
    members: list[PersonIn] = Field(description="Personerna; kategorin är alltid anvisningens.")


class SelfSettledIn(Schema):
    municipality: str = Field(
        max_length=column_length(Municipality, "code"), description="Kommunkod (fyra siffror)."
    )
    registered_date: dt.date = Field(description="Dagen då hushållet folkbokfördes i kommunen.")
    household: HouseholdIn = Field(description="Hushållet och dess medlemmar (alla egenbosatta, EBO).")


class MembersImportErrorOut(Schema):
    row: int = Field(description="Radnummer i filen (rubrikraden = 1; 0 = filen som helhet).")
    column: str = Field(
        description="Kolumnen som filens rubrikrad skriver den (t.ex. Referens eller reference); tom = hela raden."
    )
    code: str = Field(description="Felkod, se docs/import-formats.md.")
    message: str = Field(description="Vad som är fel, på användarens språk (svenska eller engelska).")
    value: str = Field(
        description="Cellens värde, förkortat och ofarligt att öppna i ett kalkylark; aldrig ett identitetsnummer."
    )


class MembersImportOut(Schema):
    ok: bool = Field(description="Sant när filen importerades (eller skulle importeras, vid provkörning).")
    dry_run: bool
    rows: int = Field(description="Rader i filen.")
    created: int = Field(description="Nya personer.")
    updated: int = Field(description="Personer som redan fanns i Etablera och nu är medlemmar.")
    unchanged: int = Field(description="Personer som redan var medlemmar i hushållet.")
    errors: list[MembersImportErrorOut]


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
    assignment: AssignmentRef | None = Field(description="null för ett egenbosatt hushåll (EBO).")
    self_settled: bool = Field(
        description="Egenbosatt (EBO): kom utan anvisning, räknas inte mot kommuntalet; ankomstdatum = "
        "folkbokförd."
    )
    closed_date: dt.date | None
    template_name: str
    open_tasks: int
    overdue_tasks: int
    done_tasks: int

    @staticmethod
    def resolve_self_settled(obj) -> bool:
        return obj.assignment_id is None


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
    case_id: int | None = Field(description="Mottagandet; tomt för en uppgift före ankomst (på anvisningen).")
    assignment_id: int | None = Field(
        description="Anvisningen, för en uppgift som skapades före ankomst; tomt för hushåll i eget boende."
    )
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
