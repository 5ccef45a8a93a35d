"""What the demo holds, as data: Nyköping's units and staff, this year's kommuntal and the households.

Everything here is fictional. Dates are given relative to the day the demo is loaded ("decided 150 days ago"),
so the demo always looks current; `etablera.demo.services.load_demo` turns this into records through the same
services the pages use, so the audit log, the timelines and the tasks are real.

A household is identified by its (fictional) Migrationsverket reference: a household whose reference exists is
left alone, which is what makes the demo idempotent.

One module, not one per domain, and over 600 lines (issue #10): most of it is HOUSEHOLDS, whose every record holds
people, the anvisning and the staff's task actions together, and the rest (units, users, consents, notes) refers to them by
reference and username; load_demo reads it as one story. A split by domain would cut each household in two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from etablera.organisation.models import Role, Unit
from etablera.people.models import Category, HouseholdMember, Person, ProtectedIdentity

SEED = 480  # random.Random(SEED): the same demo every time
PASSWORD = "demo-etablera-2026"  # noqa: S105 — the documented demo password, printed by the command
ADDRESS = "http://127.0.0.1:8000/"

NYKOPING = "0480"
ENKOPING = "0381"

QUOTAS = {
    # municipality code: (kommuntal this year, per-month split or None)
    NYKOPING: (60, {month: 5 for month in range(1, 13)}),
    ENKOPING: (25, None),
}
PREVIOUS_YEAR_QUOTA = {
    NYKOPING: 55,
    ENKOPING: 21,
}  # only used when a demo decision falls in the previous year
QUOTA_SET_BY = {
    NYKOPING: "admin",
    ENKOPING: "enkoping",
}  # the municipality's own staff registers its kommuntal

K, F = Unit.Kind, Unit.Function


@dataclass(frozen=True)
class UnitSpec:
    municipality: str
    name: str
    kind: str
    function: str
    parent: str = ""
    email: str = ""


UNITS: tuple[UnitSpec, ...] = (
    # Departments first: they are the parents of the teams.
    UnitSpec(NYKOPING, "Kommunledningskontoret", K.DEPARTMENT, F.ADMINISTRATION),
    UnitSpec(NYKOPING, "Socialförvaltningen", K.DEPARTMENT, F.SOCIAL_SERVICES),
    UnitSpec(NYKOPING, "Barn- och utbildningsförvaltningen", K.DEPARTMENT, F.SCHOOL),
    UnitSpec(NYKOPING, "Arbetsmarknads- och vuxenutbildningsförvaltningen", K.DEPARTMENT, F.LABOUR_MARKET),
    UnitSpec(
        NYKOPING,
        "Integrationsenheten",
        K.TEAM,
        F.RECEPTION,
        "Kommunledningskontoret",
        "integrationsenheten@example.org",
    ),
    UnitSpec(NYKOPING, "Bostadsenheten", K.TEAM, F.HOUSING, "Kommunledningskontoret"),
    UnitSpec(NYKOPING, "Ekonomienheten", K.TEAM, F.ADMINISTRATION, "Kommunledningskontoret"),
    UnitSpec(NYKOPING, "Socialtjänsten", K.TEAM, F.SOCIAL_SERVICES, "Socialförvaltningen"),
    UnitSpec(NYKOPING, "Mottagningsskolan", K.TEAM, F.SCHOOL, "Barn- och utbildningsförvaltningen"),
    UnitSpec(NYKOPING, "SFI", K.TEAM, F.SFI, "Arbetsmarknads- och vuxenutbildningsförvaltningen"),
    UnitSpec(
        NYKOPING,
        "Arbetsmarknadsenheten",
        K.TEAM,
        F.LABOUR_MARKET,
        "Arbetsmarknads- och vuxenutbildningsförvaltningen",
    ),
    UnitSpec(NYKOPING, "Kultur och fritid", K.TEAM, F.CULTURE_LEISURE),
    # The actors the municipality works with.
    UnitSpec(NYKOPING, "Migrationsverket", K.EXTERNAL, F.MIGRATION_AGENCY),
    UnitSpec(NYKOPING, "Arbetsförmedlingen", K.EXTERNAL, F.EMPLOYMENT_SERVICE),
    UnitSpec(NYKOPING, "Försäkringskassan", K.EXTERNAL, F.SOCIAL_INSURANCE),
    UnitSpec(NYKOPING, "Region Sörmland", K.EXTERNAL, F.REGION),
    UnitSpec(NYKOPING, "Nyköpingshem", K.EXTERNAL, F.HOUSING_COMPANY),
    # The county administrative board, placed at the county seat: it sees the county's figures, never a person.
    UnitSpec(NYKOPING, "Länsstyrelsen i Södermanlands län", K.EXTERNAL, F.COUNTY_BOARD),
    # Another municipality, so that the outsider's view can be tried.
    UnitSpec(ENKOPING, "Integrationsenheten", K.TEAM, F.RECEPTION),
)


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    municipality: str
    unit: str
    role: str


# Municipal logins only: none of them is staff or superuser (the Django admin is the operators', who make their own
# account with `etablera createsuperuser`; a test checks that the demo makes no such account).
USERS: tuple[UserSpec, ...] = (
    UserSpec("handlaggare", "Karin", "Lindqvist", NYKOPING, "Integrationsenheten", Role.CASEWORKER),
    UserSpec("samordnare", "Johan", "Ekström", NYKOPING, "Integrationsenheten", Role.COORDINATOR),
    UserSpec("enhetschef", "Maria", "Holm", NYKOPING, "Integrationsenheten", Role.UNIT_MANAGER),
    UserSpec("admin", "Anders", "Sjöberg", NYKOPING, "Integrationsenheten", Role.ADMINISTRATOR),
    UserSpec("statistik", "Lena", "Forsberg", NYKOPING, "Kommunledningskontoret", Role.STATISTICS),
    UserSpec("sfi", "Sara", "Mahmoud", NYKOPING, "SFI", Role.CASEWORKER),
    UserSpec("skola", "Erik", "Johansson", NYKOPING, "Mottagningsskolan", Role.CASEWORKER),
    UserSpec("soc", "Linnea", "Berg", NYKOPING, "Socialtjänsten", Role.CASEWORKER),
    UserSpec("bostad", "Nadia", "Lund", NYKOPING, "Bostadsenheten", Role.CASEWORKER),
    UserSpec("arbetsmarknad", "Jonas", "Nyberg", NYKOPING, "Arbetsmarknadsenheten", Role.CASEWORKER),
    UserSpec("ekonomi", "Olof", "Strand", NYKOPING, "Ekonomienheten", Role.CASEWORKER),
    UserSpec(
        "lansstyrelsen", "Eva", "Granberg", NYKOPING, "Länsstyrelsen i Södermanlands län", Role.CASEWORKER
    ),
    UserSpec("enkoping", "Per", "Andersson", ENKOPING, "Integrationsenheten", Role.CASEWORKER),
)

# Who does the work of a unit in the demo (the reception unit may act on any task of its municipality).
WORKER_BY_UNIT = {
    "Integrationsenheten": "handlaggare",
    "SFI": "sfi",
    "Mottagningsskolan": "skola",
    "Socialtjänsten": "soc",
}
DEFAULT_WORKER = "samordnare"

# Done on the arrival day at the latest: the household has been received, so these happened.
DONE_BY_ARRIVAL = ("Planera hämtning", "Ta emot hushållet")

# Tasks that in real life wait for others (a course start, the region, a reply), and so stay overdue.
LINGERING = (
    "Hälsoundersökning erbjuds",
    "Samhällsorientering",
    "Kontakt med bibliotek och föreningar",
    "Anmälan till SFI",
    "Anmälan till Försäkringskassan",
    "Skolplacering",
    "Förskoleplats",
)

N = Person.IdentityNumberType
P, S, D = N.PERSONNUMMER, N.SAMORDNINGSNUMMER, N.DOSSIERNUMMER
R = HouseholdMember.Relation
ADULT, CHILD, GUARDIAN = R.ADULT, R.CHILD, R.GUARDIAN
PUT, TUT = Person.ResidencePermit.PERMANENT, Person.ResidencePermit.TEMPORARY


@dataclass(frozen=True)
class MemberSpec:
    first_name: str
    sex: str  # "F" / "M"
    age: int  # completed years on the day the demo is loaded
    relation: str = ADULT
    last_name: str = ""  # the household's surname when empty
    protected: str = ProtectedIdentity.NONE
    turns_next_in_days: int | None = None  # place the next birthday exactly (for the age boundaries)


@dataclass(frozen=True)
class TaskAction:
    """Something staff did with a generated task: `task` is the start of its title, `person` a first name.

    kind: "done", "na" (not applicable; `text` is the reason), "note", "assign" (to `user` in the same unit)
    or "move" (to `unit`, and to `user` when given).
    """

    kind: str
    task: str
    by: str  # the username who acts
    person: str = ""
    text: str = ""  # the note, the reason, or the note added to a completion
    user: str = ""  # for assign / move: the new assignee
    unit: str = ""  # for move: the new unit


@dataclass(frozen=True)
class HouseholdSpec:
    reference: str
    name: str
    surname: str
    category: str
    citizenship: str
    languages: str
    interpreter: str
    permit: str
    id_type: str
    members: tuple[MemberSpec, ...]
    decided_days_ago: int
    arrived_days_ago: int | None = None  # received when set
    cancelled_days_ago: int | None = None  # cancelled when set
    cancel_reason: str = ""
    latest_days_after_decision: int | None = None  # a later date stated by Migrationsverket (resettled only)
    anchor: tuple[str, str] | None = None  # (reference of the anchor's household, anchor's first name)
    progress: float = 0.0  # the share of tasks more than a week overdue that staff have finished
    actions: tuple[TaskAction, ...] = field(default_factory=tuple)
    municipality: str = NYKOPING
    registered_by: str = "handlaggare"


SOC = "Registrering hos socialtjänsten"
SFI_TASK = "Anmälan till SFI"
AF = "Inskrivning hos Arbetsförmedlingen"
ASSESSMENT = "Kartläggning av barnet"

HOUSEHOLDS: tuple[HouseholdSpec, ...] = (
    # --- received (kommunmottagna), oldest first ------------------------------------------------------------
    HouseholdSpec(
        reference="DEMO-ANV-001",
        name="Tesfay",
        surname="Tesfay",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Eritrea",
        languages="tigrinja, arabiska",
        interpreter="tigrinja",
        permit=TUT,
        id_type=P,
        members=(MemberSpec("Dawit", "M", 34),),
        decided_days_ago=160,
        arrived_days_ago=125,
        progress=1.0,
        actions=(
            TaskAction(
                "done",
                AF,
                "samordnare",
                person="Dawit",
                text="Etableringsplan klar; praktik på lager planeras via Arbetsmarknadsenheten.",
            ),
        ),
    ),
    HouseholdSpec(
        reference="DEMO-ANV-002",
        name="Familjen Haddad",
        surname="Haddad",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Syrien",
        languages="arabiska",
        interpreter="arabiska",
        permit=TUT,
        id_type=P,
        members=(
            MemberSpec("Khaled", "M", 41),
            MemberSpec("Rania", "F", 36),
            MemberSpec("Omar", "M", 12, CHILD),
            MemberSpec("Yasmin", "F", 8, CHILD),
            MemberSpec("Lina", "F", 2, CHILD),
        ),
        decided_days_ago=150,
        arrived_days_ago=115,
        progress=0.9,
        actions=(
            TaskAction(
                "na",
                "Förskoleplats",
                "skola",
                person="Lina",
                text="Vårdnadshavarna vill vänta med förskola till våren. "
                "Nytt erbjudande skickas i februari.",
            ),
            TaskAction(
                "note",
                "Kontakt med bibliotek och föreningar",
                "handlaggare",
                text="Barnen vill börja simma. "
                "Simklubben är kontaktad om en nybörjargrupp; vi väntar på svar.",
            ),
            TaskAction("assign", "Samhällsorientering", "samordnare", person="Khaled", user="handlaggare"),
            TaskAction(
                "note",
                "Samhällsorientering",
                "handlaggare",
                person="Khaled",
                text="Väntar på plats i samhällsorientering på arabiska. Nästa kursstart är i januari.",
            ),
        ),
    ),
    HouseholdSpec(
        reference="DEMO-ANV-003",
        name="Warsame",
        surname="Warsame",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Somalia",
        languages="somaliska, engelska",
        interpreter="somaliska",
        permit=TUT,
        id_type=P,
        members=(MemberSpec("Hodan", "F", 29),),
        decided_days_ago=130,
        arrived_days_ago=95,
        progress=0.8,
        actions=(
            TaskAction(
                "move",
                "Hälsoundersökning erbjuds",
                "samordnare",
                person="Hodan",
                unit="Integrationsenheten",
                user="handlaggare",
            ),
            TaskAction(
                "note",
                "Hälsoundersökning erbjuds",
                "samordnare",
                person="Hodan",
                text="Regionen har inte fått kallelsen. "
                "Integrationsenheten bokar tid direkt med vårdcentralen.",
            ),
        ),
    ),
    HouseholdSpec(
        reference="DEMO-ANV-004",
        name="Rahimi",
        surname="Rahimi",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Afghanistan",
        languages="dari, persiska",
        interpreter="dari",
        permit=TUT,
        id_type=P,
        members=(MemberSpec("Farid", "M", 27), MemberSpec("Zahra", "F", 24)),
        decided_days_ago=90,
        arrived_days_ago=60,
        progress=0.7,
        actions=(
            TaskAction("done", SFI_TASK, "sfi", person="Zahra"),
            TaskAction("assign", SFI_TASK, "sfi", person="Farid", user="sfi"),
            TaskAction(
                "note",
                SFI_TASK,
                "sfi",
                person="Farid",
                text="Har fått plats från nästa kursstart; väntar på intyg från Arbetsförmedlingen.",
            ),
            TaskAction(
                "na",
                AF,
                "samordnare",
                person="Farid",
                text="Har fått heltidsanställning hos ett byggföretag; "
                "etableringsprogrammet är inte aktuellt nu.",
            ),
        ),
    ),
    HouseholdSpec(
        reference="DEMO-ANV-005",
        name="Kovalenko",
        surname="Kovalenko",
        category=Category.TEMPORARY_PROTECTION,
        citizenship="Ukraina",
        languages="ukrainska, ryska",
        interpreter="ukrainska",
        permit=TUT,
        id_type=S,
        members=(
            MemberSpec("Olena", "F", 44),
            MemberSpec("Maksym", "M", 15, CHILD),
            MemberSpec("Halyna", "F", 67),  # outside the establishment programme's age
        ),
        decided_days_ago=60,
        arrived_days_ago=35,
        progress=0.75,
        actions=(
            TaskAction(
                "na",
                "Bostadskontrakt klart",
                "samordnare",
                text="Hushållet bor hos släktingar i kommunen och har ett eget andrahandskontrakt.",
            ),
            TaskAction(
                "na",
                AF,
                "samordnare",
                person="Olena",
                text="Personer med tillfälligt skydd omfattas inte av etableringsprogrammet. "
                "Hänvisad till Arbetsförmedlingen som arbetssökande.",
            ),
            TaskAction(
                "na",
                SFI_TASK,
                "sfi",
                person="Halyna",
                text="Vill inte börja SFI nu; erbjuds språkcafé på biblioteket i stället.",
            ),
            TaskAction("assign", ASSESSMENT, "skola", person="Maksym", user="skola"),
            TaskAction(
                "note",
                ASSESSMENT,
                "skola",
                person="Maksym",
                text="Kartläggningen är bokad med tolk på ukrainska.",
            ),
            TaskAction("assign", "Skolplacering", "skola", person="Maksym", user="skola"),
        ),
    ),
    HouseholdSpec(
        reference="DEMO-ANV-006",
        name="Ghebre",
        surname="Ghebre",
        category=Category.FAMILY_REUNIFICATION,
        citizenship="Eritrea",
        languages="tigrinja",
        interpreter="tigrinja",
        permit=TUT,
        id_type=S,
        members=(
            MemberSpec("Selam", "F", 31),
            MemberSpec("Yonas", "M", 7, CHILD),
            MemberSpec("Hanna", "F", 3, CHILD),
        ),
        decided_days_ago=45,
        arrived_days_ago=16,
        anchor=("DEMO-ANV-001", "Dawit"),
        progress=0.8,
        actions=(
            TaskAction("done", SOC, "soc"),
            TaskAction(
                "na",
                "Bostadskontrakt klart",
                "samordnare",
                text="Familjen flyttar in i anknytningspersonens lägenhet (tre rum och kök).",
            ),
            TaskAction("assign", ASSESSMENT, "skola", person="Yonas", user="skola"),
            TaskAction("assign", SFI_TASK, "sfi", person="Selam", user="sfi"),
        ),
    ),
    HouseholdSpec(
        reference="DEMO-ANV-007",
        name="Familjen Karimi",
        surname="Karimi",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Iran",
        languages="persiska",
        interpreter="persiska",
        permit=TUT,
        id_type=P,
        members=(
            MemberSpec("Shirin", "F", 35, protected=ProtectedIdentity.CONFIDENTIALITY_MARKING),
            MemberSpec("Dara", "M", 10, CHILD),
            MemberSpec("Nika", "F", 4, CHILD),
        ),
        decided_days_ago=40,
        arrived_days_ago=8,
        progress=0.7,
        actions=(
            TaskAction("assign", SOC, "soc", user="soc"),
            TaskAction(
                "note",
                SOC,
                "soc",
                text="Ärendet handläggs av socialtjänstens mottagningsgrupp. "
                "Adressuppgifter lämnas inte ut till andra enheter.",
            ),
            TaskAction("move", "Bankkonto", "samordnare", unit="Socialtjänsten", user="soc"),
            TaskAction("assign", ASSESSMENT, "skola", person="Dara", user="skola"),
        ),
    ),
    HouseholdSpec(
        reference="DEMO-ANV-008",
        name="Hussein",
        surname="Hussein",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Irak",
        languages="kurdiska (sorani), arabiska",
        interpreter="kurdiska (sorani)",
        permit=TUT,
        id_type=D,
        # A young adult: 19 on arrival, so no establishment programme yet — he turns 20 in a few weeks.
        members=(MemberSpec("Karwan", "M", 19, turns_next_in_days=40),),
        decided_days_ago=35,
        arrived_days_ago=3,
        progress=0.3,
        actions=(
            TaskAction("assign", SOC, "soc", user="soc"),
            TaskAction("assign", SFI_TASK, "sfi", person="Karwan", user="sfi"),
            TaskAction("assign", "Informationsmöte med tolk", "handlaggare", user="handlaggare"),
            TaskAction(
                "note", "Informationsmöte med tolk", "handlaggare", text="Tolk på sorani är bokad till mötet."
            ),
            TaskAction("assign", "Bankkonto", "handlaggare", user="handlaggare"),
        ),
    ),
    # --- assigned, not yet received -------------------------------------------------------------------------
    HouseholdSpec(
        reference="DEMO-ANV-009",
        name="Familjen Mukendi",
        surname="Mukendi",
        category=Category.RESETTLED,
        citizenship="Demokratiska republiken Kongo",
        languages="swahili, franska, lingala",
        interpreter="swahili",
        permit=PUT,
        id_type=D,
        members=(
            MemberSpec("Jean-Pierre", "M", 45),
            MemberSpec("Esther", "F", 39, last_name="Mbuyi"),
            MemberSpec("Grace", "F", 16, CHILD),
            MemberSpec("Daniel", "M", 13, CHILD),
            MemberSpec("Ruth", "F", 9, CHILD),
            MemberSpec("Emmanuel", "M", 5, CHILD),
        ),
        decided_days_ago=25,
        latest_days_after_decision=110,  # resettled: Migrationsverket may state a later date (2016:39 10 §)
    ),
    HouseholdSpec(
        reference="DEMO-ANV-010",
        name="Familjen Demir",
        surname="Demir",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Turkiet",
        languages="kurdiska (kurmanji), turkiska",
        interpreter="kurdiska (kurmanji)",
        permit=TUT,
        id_type=D,
        members=(
            MemberSpec("Serkan", "M", 32),
            MemberSpec("Rojda", "F", 29),
            MemberSpec("Baran", "M", 0, CHILD),
        ),
        decided_days_ago=47,
    ),
    HouseholdSpec(
        reference="DEMO-ANV-011",
        name="Abebe",
        surname="Abebe",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Etiopien",
        languages="amhariska, engelska",
        interpreter="amhariska",
        permit=TUT,
        id_type=D,
        members=(MemberSpec("Meron", "F", 26),),
        decided_days_ago=53,
    ),
    HouseholdSpec(
        reference="DEMO-ANV-012",
        name="Familjen Osman",
        surname="Osman",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Sudan",
        languages="arabiska",
        interpreter="arabiska",
        permit=TUT,
        id_type=D,
        members=(
            MemberSpec("Ibrahim", "M", 38, GUARDIAN),
            MemberSpec("Amna", "F", 11, CHILD),
            MemberSpec("Musa", "M", 8, CHILD),
        ),
        decided_days_ago=72,  # the latest reception date has passed
    ),
    HouseholdSpec(
        reference="DEMO-ANV-013",
        name="Noori",
        surname="Noori",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Afghanistan",
        languages="dari, pashto",
        interpreter="dari",
        permit=TUT,
        id_type=D,
        members=(MemberSpec("Gulalai", "F", 52),),
        decided_days_ago=9,
    ),
    # A young person placed in stödboende, who turns 18 in two and a half months (the housing page for young
    # adults shows him; issue #5).
    HouseholdSpec(
        reference="DEMO-ANV-015",
        name="Sultani",
        surname="Sultani",
        category=Category.UNACCOMPANIED_MINOR,
        citizenship="Afghanistan",
        languages="dari, engelska",
        interpreter="dari",
        permit=TUT,
        id_type=S,
        members=(MemberSpec("Ahmad", "M", 17, CHILD, turns_next_in_days=75),),
        decided_days_ago=140,
        arrived_days_ago=118,
        progress=0.8,
    ),
    # --- cancelled ------------------------------------------------------------------------------------------
    HouseholdSpec(
        reference="DEMO-ANV-014",
        name="Begum",
        surname="Begum",
        category=Category.ASSIGNED_FROM_FACILITY,
        citizenship="Statslös (Myanmar)",
        languages="rohingya, engelska",
        interpreter="rohingya",
        permit=TUT,
        id_type=D,
        members=(MemberSpec("Nur", "F", 30), MemberSpec("Ayesha", "F", 6, CHILD)),
        decided_days_ago=80,
        cancelled_days_ago=62,
        cancel_reason="Migrationsverket har upphävt anvisningen: "
        "hushållet har ordnat eget boende hos anhöriga i en annan kommun.",
    ),
    # --- Enköping: what the outsider sees of their own municipality -----------------------------------------
    HouseholdSpec(
        reference="DEMO-ANV-101",
        name="Bondarenko",
        surname="Bondarenko",
        category=Category.TEMPORARY_PROTECTION,
        citizenship="Ukraina",
        languages="ukrainska, ryska",
        interpreter="ukrainska",
        permit=TUT,
        id_type=S,
        members=(MemberSpec("Iryna", "F", 38), MemberSpec("Sofiia", "F", 9, CHILD)),
        decided_days_ago=20,
        municipality=ENKOPING,
        registered_by="enkoping",
    ),
)


# --- issue #3: addresses, a consent, a social-services note, an authorisation for protected addresses -----------

# Where the received households live: invented streets (no real address, no real person). Everyone in a household
# has its address. Familjen Karimi's is shown to nobody without an authorisation and a stated reason, because
# Shirin has sekretessmarkering; households not yet received have no address in the municipality.
ADDRESSES: dict[str, tuple[str, str, str]] = {
    "DEMO-ANV-001": ("Lärkbergsgatan 7", "611 34", "Nyköping"),
    "DEMO-ANV-002": ("Tranbärsvägen 22 B", "611 46", "Nyköping"),
    "DEMO-ANV-003": ("Ekbackens gränd 3", "611 38", "Nyköping"),
    "DEMO-ANV-004": ("Sjöbrisvägen 15", "611 62", "Nyköping"),
    "DEMO-ANV-005": ("Stenkullavägen 41 A", "611 55", "Nyköping"),
    "DEMO-ANV-006": ("Lärkbergsgatan 7", "611 34", "Nyköping"),  # moved in with the anchor person
    "DEMO-ANV-007": ("Kopparslagargränd 9", "611 31", "Nyköping"),
    "DEMO-ANV-008": ("Lindåsgatan 2", "611 44", "Nyköping"),
    "DEMO-ANV-015": ("Ängsgårdsvägen 4", "611 37", "Nyköping"),
}

# Who may see a protected address (after stating a reason): the unit manager of the reception unit.
PROTECTED_ADDRESS_USERS = ("enhetschef",)

# Who may produce a register extract for the data subject (with a stated reason): the municipality's administrator,
# as the registrar. A unit manager's role alone does not give it (issue #9).
REGISTER_EXTRACT_USERS = ("admin",)


@dataclass(frozen=True)
class ConsentSpec:
    reference: str  # the household's Migrationsverket reference
    person: str  # first name
    units: tuple[str, ...]  # unit names in the household's municipality
    sections: tuple[str, ...]
    purpose: str
    given_days_ago: int
    method: str
    document_reference: str  # also what makes the consent idempotent
    recorded_by: str
    valid_days: int | None = None


# Serkan Demir is not yet received, so SFI has no task for him; his written consent lets SFI plan his start.
CONSENTS: tuple[ConsentSpec, ...] = (
    ConsentSpec(
        reference="DEMO-ANV-010",
        person="Serkan",
        units=("SFI",),
        sections=("BASIC",),
        purpose="Planera SFI-start inför bosättningen i kommunen",
        given_days_ago=6,
        method="WRITTEN",
        document_reference="DEMO-SAMTYCKE-001",
        recorded_by="handlaggare",
        valid_days=365,
    ),
)


@dataclass(frozen=True)
class RegisterHistorySpec:
    """A person's register history (issue #11): the dossiernummer they had before their personnummer, and the
    decision on their residence permit (valid `permit_years` from the decision; none for a PUT)."""

    reference: str
    person: str
    former_dossiernummer: str
    kind: str
    permit_years: int | None

    @property
    def former_number(self) -> dict:
        return {"number_type": D, "number": self.former_dossiernummer}

    def permit(self, decided_on: dt.date) -> dict:
        years = relativedelta(years=self.permit_years, days=-1) if self.permit_years else None
        return {
            "kind": self.kind,
            "decided_on": decided_on,
            "valid_until": decided_on + years if years else None,
        }


# Dawit Tesfay came with a dossiernummer and was folkbokförd later: the identity page shows both numbers and his TUT.
REGISTER_HISTORY: tuple[RegisterHistorySpec, ...] = (
    RegisterHistorySpec(
        reference="DEMO-ANV-001", person="Dawit", former_dossiernummer="19-741852", kind=TUT, permit_years=3
    ),
)


@dataclass(frozen=True)
class NoteSpec:
    reference: str
    person: str
    section: str
    by: str
    text: str
    days_after_arrival: int


# A social-services note: only Socialtjänsten (and those a consent names) can read it.
NOTES: tuple[NoteSpec, ...] = (
    NoteSpec(
        reference="DEMO-ANV-002",
        person="Khaled",
        section="SOCIAL",
        by="soc",
        text="Försörjningsstöd beviljat för första månaden i väntan på etableringsersättning. "
        "Uppföljning bokad med tolk på arabiska.",
        days_after_arrival=4,
    ),
)
