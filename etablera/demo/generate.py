"""`etablera generate`: fictional data at national scale, deterministic from a seed, for benchmarks and load tests.

What it makes (everything is invented; no real person, household or reference):

- for every one of the 290 municipalities: the units the process template needs (departments, teams, the external
  actors), a few staff users (caseworkers per unit, a reception coordinator and unit manager, a statistics reader)
  with unusable passwords — and in the benchmark municipality (Nyköping, sized as a mid-size municipality) a few
  documented benchmark logins with the password `BENCH_PASSWORD`;
- ten years of kommuntal (`--years`, ending this year), set from each municipality's own flow;
- about `--persons` persons (default 1 000 000) in households of 1–8, in the national proportions of 2017 between
  the categories (Migrationsverket, in seed 003 and PROCESS.md): assigned from a facility (ABO) 40.66 %,
  self-settled (EBO) 27.83 %, resettled and family 4.97 % (Etablera's RESETTLED and FAMILY_REUNIFICATION), other
  26.54 % (TEMPORARY_PROTECTION and UNACCOMPANIED_MINOR) — proportions of persons, met exactly per year;
- an anvisning per household in every state: received (most of the past years), pending (a share of this year,
  some past their latest reception date), cancelled;
- for every received household a reception case whose tasks are those `receive_household` would create: the same
  template (`tasks_generation.template_for`), the same conditions (`person_matches`, `household_matches`), the same
  owning unit rule and the same due dates with their `Deadline` JSON (`rules.tasks.task_deadline`) — computed in
  bulk, not through one service call per household; tasks in every state (done, not applicable, open, overdue),
  cases older than two years closed; task histories, household timelines and consents as the services write them;
- audit events for what the services would have logged (registrations, arrivals, cancellations, closings, the
  household page read on arrival), dated when it happened and marked `changes["generated"] = true`.

Writes go in bulk, in one transaction: on PostgreSQL with COPY (psycopg 3's `cursor.copy`), with the big tables'
foreign keys and plain indexes dropped during the load and re-created at the end (which checks every row again);
on SQLite with `bulk_create` in batches. Progress lines go to stderr.

Generated data is recognisable: anvisningar have references starting with `GEN-`, kommuntal a note starting with
`GEN`, staff users names starting with `gen-`, audit events `changes.generated`. The command refuses to run when
generated data exists; `--reset` first deletes the generated reception and people data (anvisningar, households,
persons, cases, tasks, timelines, consents, kommuntal). It cannot delete the generated audit events — the audit log
is append-only, and on PostgreSQL a trigger refuses DELETE — so they stay (marked), and so do the generated units
and users, which those events refer to and which the next run reuses. For a clean benchmark database, generate into
a fresh database (`dropdb`/`createdb`, then `etablera migrate`); docs/performance.md says how.
"""

# ruff: noqa: S608 — SQL below is built from model table and column names (quoted), never from input.

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import math
import queue
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from stdnum import luhn

from etablera.access.models import AuditEvent, Consent
from etablera.access.sections import Section, section_for_function
from etablera.organisation.models import Membership, Municipality, Role, Unit, User
from etablera.people.models import Category, Household, HouseholdMember, Person, ProtectedIdentity
from etablera.reception import services as reception_services
from etablera.reception import tasks_generation
from etablera.reception.models import (
    Assignment,
    CaseEvent,
    MunicipalQuota,
    ReceptionCase,
    Task,
    TaskEvent,
    TemplateStep,
)
from etablera.rules import identity
from etablera.rules import reception as reception_rules
from etablera.rules.dates import age_on
from etablera.rules.parameters import parameter
from etablera.rules.tasks import task_deadline

DEFAULT_SEED = 2017
DEFAULT_PERSONS = 1_000_000
DEFAULT_YEARS = 10

REFERENCE_PREFIX = "GEN-"
QUOTA_NOTE = "GEN: genererat kommuntal (påhittat)"
USERNAME_PREFIX = "gen-"
GENERATED = "generated"  # AuditEvent.changes[GENERATED] is true for generated events

BENCH_MUNICIPALITY = "0480"  # Nyköping, the demo's municipality, sized as a mid-size municipality
BENCH_PASSWORD = "bench-etablera-2026"  # noqa: S105 — documented, for the benchmark logins of a generated database


# --- the national picture ---------------------------------------------------------------------------------------

# Persons in each category, as shares of all persons (Sweden 2017, kommunmottagna: PROCESS.md, seed 003). The
# 2017 figures give four groups; within a group the split between Etablera's categories is a modelling choice.
C = Category
CATEGORY_SHARES: dict[str, float] = {
    C.ASSIGNED_FROM_FACILITY: 0.4066,
    C.SELF_SETTLED: 0.2783,
    C.RESETTLED: 0.0497 * 0.65,
    C.FAMILY_REUNIFICATION: 0.0497 * 0.35,
    C.TEMPORARY_PROTECTION: 0.2654 * 0.80,
    C.UNACCOMPANIED_MINOR: 0.2654 * 0.20,
}
# The four groups of the 2017 statistics, for checking the proportions.
CATEGORY_GROUPS: dict[str, tuple[str, ...]] = {
    "ABO": (C.ASSIGNED_FROM_FACILITY,),
    "EBO": (C.SELF_SETTLED,),
    "kvot och anhöriga": (C.RESETTLED, C.FAMILY_REUNIFICATION),
    "övriga": (C.TEMPORARY_PROTECTION, C.UNACCOMPANIED_MINOR),
}
GROUP_SHARES = {"ABO": 0.4066, "EBO": 0.2783, "kvot och anhöriga": 0.0497, "övriga": 0.2654}

# Household sizes 1–8 by category (weights).
HOUSEHOLD_SIZES: dict[str, tuple[int, ...]] = {
    C.ASSIGNED_FROM_FACILITY: (38, 12, 12, 12, 11, 7, 5, 3),
    C.SELF_SETTLED: (30, 14, 14, 14, 12, 8, 5, 3),
    C.RESETTLED: (15, 10, 14, 18, 17, 12, 8, 6),
    C.FAMILY_REUNIFICATION: (20, 25, 20, 15, 10, 5, 3, 2),
    C.TEMPORARY_PROTECTION: (35, 30, 20, 10, 3, 1, 1, 0),
    C.UNACCOMPANIED_MINOR: (1,),
}

# Relative number of persons received per calendar year (the 2016–2017 peak, the 2022 temporary protection).
YEAR_WEIGHTS = {
    2016: 1.7,
    2017: 1.5,
    2018: 1.0,
    2019: 0.75,
    2020: 0.55,
    2021: 0.5,
    2022: 1.0,
    2023: 0.8,
    2024: 0.6,
    2025: 0.5,
    2026: 0.45,
}

# The largest municipalities receive many more than the median one (relative weights; the rest are drawn).
LARGE_MUNICIPALITIES = {
    "0180": 25.0,  # Stockholm
    "1480": 16.0,  # Göteborg
    "1280": 12.0,  # Malmö
    "0380": 6.0,  # Uppsala
    "0580": 5.0,  # Linköping
    "1880": 5.0,  # Örebro
    "1980": 5.0,  # Västerås
    "1283": 4.5,  # Helsingborg
    "0581": 4.5,  # Norrköping
    "0680": 4.5,  # Jönköping
    "2480": 4.0,  # Umeå
    "1281": 4.0,  # Lund
    "0484": 3.5,  # Eskilstuna
}
BENCH_PERCENTILE = 0.8  # the benchmark municipality's size among the others

CANCEL_SHARE = 0.03
LATE_SHARE = 0.02
CLOSE_AFTER_DAYS = 730  # reception cases are closed about two years after the arrival …
STILL_OPEN_SHARE = 0.1  # … except this share, still open
CONSENT_SHARE = 0.25  # persons 16+ in an open case who consent to sharing with SFI and the labour-market unit
PROTECTED_SHARES = (
    (ProtectedIdentity.CONFIDENTIALITY_MARKING, 0.004),
    (ProtectedIdentity.PROTECTED_REGISTRATION, 0.0015),
    (ProtectedIdentity.FICTITIOUS_IDENTITY, 0.0002),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Where people come from: citizenship, languages, interpreter language, first names of men and women, surnames.
ORIGINS: dict[str, tuple[str, str, str, list[str], list[str], list[str]]] = {
    code: (citizenship, languages, interpreter, men.split(), women.split(), surnames.split())
    for code, citizenship, languages, interpreter, men, women, surnames in (
        (
            "SY", "Syrien", "arabiska", "arabiska",
            "Ahmad Mohammed Khaled Omar Yousef Rami Fadi Bassel Samer Tarek Hassan",
            "Rania Lina Yasmin Nour Hala Dima Reem Sara Amal Rasha Lama",
            "Haddad Khalil Hamdan Al-Hassan Nasser Saleh Darwish Mansour Ibrahim Kassem",
        ),
        (
            "AF", "Afghanistan", "dari", "dari",
            "Ali Reza Mustafa Jawad Hamid Farid Naser Sohrab Mahdi Murtaza",
            "Zahra Fatima Maryam Shabnam Parisa Roya Nargis Freshta Mina Laila",
            "Ahmadi Hosseini Rahimi Karimi Mohammadi Sultani Hakimi Noori Rezaei",
        ),
        (
            "ER", "Eritrea", "tigrinja", "tigrinja",
            "Dawit Yonas Samuel Tesfay Filmon Kidane Mehari Biniam Robel Aron",
            "Hanna Selam Senait Mebrat Luwam Helen Saba Ruta Eden Yordanos",
            "Tesfay Gebremedhin Haile Kidane Tekle Berhe Ghebre Weldu Asmerom",
        ),
        (
            "SO", "Somalia", "somaliska", "somaliska",
            "Abdi Mohamed Abdullahi Hassan Yusuf Ahmed Ismail Abdirahman Omar",
            "Hodan Fadumo Amina Hawa Sahra Ifrah Asha Khadija Nimco Hibo",
            "Warsame Farah Abdi Hussein Jama Osman Aden Mohamud Egal Nur",
        ),
        (
            "IQ", "Irak", "arabiska, kurdiska", "arabiska",
            "Karwan Ali Hussein Ahmed Mustafa Sherzad Dilshad Haider Sinan",
            "Zainab Shilan Noor Hawre Ruqaya Zhiyan Tara Huda Maryam",
            "Al-Jaburi Rashid Aziz Karim Salih Barzani Hamid Abbas Qadir",
        ),
        (
            "IR", "Iran", "persiska", "persiska",
            "Dariush Babak Kaveh Arash Behzad Payam Siavash Kian",
            "Nika Shirin Leila Azadeh Parvaneh Mahsa Nasrin Yalda",
            "Rahimi Tehrani Sadeghi Moradi Jafari Kazemi Shirazi Bagheri",
        ),
        (
            "UA", "Ukraina", "ukrainska, ryska", "ukrainska",
            "Maksym Oleksandr Andrii Dmytro Serhii Bohdan Ivan Mykola Taras Yurii",
            "Olena Iryna Oksana Natalia Kateryna Yulia Svitlana Tetiana Anna Sofiia",
            "Kovalenko Bondarenko Shevchenko Tkachenko Kravchenko Melnyk Boiko Moroz",
        ),
        (
            "CD", "Kongo-Kinshasa", "franska, lingala", "lingala",
            "Jean Patrick Emmanuel Joseph Christian Pascal Didier Gloire",
            "Grace Esther Marie Chantal Ruth Divine Josephine Nathalie",
            "Mbuyi Kabila Ilunga Tshibanda Mukendi Kalala Lumbala Nsimba",
        ),
        (
            "SD", "Sudan", "arabiska", "arabiska",
            "Osman Elfatih Musa Adam Ibrahim Hamid Yasir Tariq",
            "Fatima Awadia Safaa Ikhlas Mona Samah Rabab Hiba",
            "Elamin Osman Abdelrahman Idris Babiker Elhassan Ahmed Yagoub",
        ),
        (
            "ET", "Etiopien", "amhariska", "amhariska",
            "Abebe Girma Tadesse Mulugeta Yared Dawit Henok Bereket",
            "Almaz Tigist Meron Hirut Selamawit Bethlehem Mahlet Kidist",
            "Bekele Tesfaye Alemu Getachew Haile Wolde Assefa Mekonnen",
        ),
        (
            "XX", "Statslös", "arabiska", "arabiska",
            "Mahmoud Youssef Nabil Walid Ziad Majd Anas Karim",
            "Heba Rawan Aya Dalia Ghada Jana Maysa Salma",
            "Abu-Zaid Shihab Awad Qasim Haj Musa Sabbagh Tamimi",
        ),
    )
}  # fmt: skip
ORIGIN_WEIGHTS: dict[str, dict[str, int]] = {
    C.TEMPORARY_PROTECTION: {"UA": 1},
    C.RESETTLED: {"SY": 3, "CD": 3, "SD": 2, "ER": 1, "AF": 2, "SO": 1},
    C.UNACCOMPANIED_MINOR: {"AF": 60, "SO": 10, "ER": 10, "SY": 10, "IQ": 5, "ET": 5},
}
DEFAULT_ORIGINS = {
    "SY": 40,
    "AF": 12,
    "ER": 12,
    "SO": 8,
    "IQ": 8,
    "IR": 5,
    "XX": 5,
    "ET": 3,
    "SD": 2,
    "CD": 2,
}

STREETS = _words(
    "Storgatan Kungsgatan Skolgatan Parkvägen Björkvägen Ekvägen Granvägen Lärkvägen Torggatan Järnvägsgatan "
    "Ängsvägen Stationsvägen Kyrkogatan Tallvägen Solvägen Hantverkargatan"
)
STAFF_FIRST = _words(
    "Anna Eva Maria Karin Sara Emma Elin Linnea Johanna Sofia Erik Lars Anders Johan Per Karl Mikael Fredrik "
    "Oskar Jonas Amira Dragana Ahmed Mehmet"
)
STAFF_LAST = _words(
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson "
    "Lindberg Lindqvist Holm Berg Sjöberg Ekström Forsberg Öberg Hussein Kovačević Yilmaz"
)

K, F = Unit.Kind, Unit.Function


@dataclass(frozen=True)
class UnitSpec:
    key: str  # stable key for users and the benchmark logins
    name: str
    kind: str
    function: str
    parent: str = ""  # key of the parent unit
    staff: tuple[int, int] = (0, 0)  # caseworkers: (minimum, maximum by size)


UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("klk", "Kommunledningskontoret", K.DEPARTMENT, F.ADMINISTRATION),
    UnitSpec("soc", "Socialförvaltningen", K.DEPARTMENT, F.SOCIAL_SERVICES),
    UnitSpec("utb", "Utbildningsförvaltningen", K.DEPARTMENT, F.SCHOOL),
    UnitSpec("av", "Arbetsmarknads- och vuxenutbildningsförvaltningen", K.DEPARTMENT, F.LABOUR_MARKET),
    UnitSpec("mottagning", "Integrationsenheten", K.TEAM, F.RECEPTION, "klk", (2, 8)),
    UnitSpec("bostad", "Bostadsenheten", K.TEAM, F.HOUSING, "klk", (1, 3)),
    UnitSpec("forsorjning", "Försörjningsstöd", K.TEAM, F.SOCIAL_SERVICES, "soc", (1, 4)),
    UnitSpec("skola", "Mottagningsenheten för nyanlända elever", K.TEAM, F.SCHOOL, "utb", (1, 3)),
    UnitSpec("sfi", "SFI", K.TEAM, F.SFI, "av", (1, 3)),
    UnitSpec("arbete", "Arbetsmarknadsenheten", K.TEAM, F.LABOUR_MARKET, "av", (1, 3)),
    UnitSpec("so", "Samhällsorientering", K.TEAM, F.CIVIC_ORIENTATION, "av", (1, 1)),
    UnitSpec("kultur", "Kultur och fritid", K.TEAM, F.CULTURE_LEISURE, "klk", (1, 1)),
    UnitSpec("migrationsverket", "Migrationsverket", K.EXTERNAL, F.MIGRATION_AGENCY),
    UnitSpec("af", "Arbetsförmedlingen", K.EXTERNAL, F.EMPLOYMENT_SERVICE),
    UnitSpec("fk", "Försäkringskassan", K.EXTERNAL, F.SOCIAL_INSURANCE),
    UnitSpec("region", "Regionen", K.EXTERNAL, F.REGION),
    UnitSpec("bostadsbolag", "Bostadsbolaget", K.EXTERNAL, F.HOUSING_COMPANY),
)


@dataclass(frozen=True)
class BenchLogin:
    username: str
    first_name: str
    last_name: str
    unit: str  # UnitSpec.key
    role: str
    description: str


BENCH_LOGINS: tuple[BenchLogin, ...] = (
    BenchLogin(
        "bench.mottagning", "Karin", "Lindqvist", "mottagning", Role.CASEWORKER, "handläggare, mottagningen"
    ),
    BenchLogin(
        "bench.samordnare", "Johan", "Ekström", "mottagning", Role.COORDINATOR, "samordnare, mottagningen"
    ),
    BenchLogin("bench.sfi", "Sara", "Mahmoud", "sfi", Role.CASEWORKER, "handläggare, SFI"),
    BenchLogin("bench.skola", "Erik", "Johansson", "skola", Role.CASEWORKER, "handläggare, skolan"),
    BenchLogin("bench.statistik", "Lena", "Forsberg", "klk", Role.STATISTICS, "statistik (bara siffror)"),
    BenchLogin("bench.admin", "Anders", "Sjöberg", "mottagning", Role.ADMINISTRATOR, "administratör"),
)

# Reasons staff give when a task is not applicable, by the start of the step's title.
NOT_APPLICABLE = {
    "Anmälan till SFI": ("Har redan godkända betyg i svenska.", "Studerar på gymnasiet i stället."),
    "Bankkonto": ("Hushållet har redan bankkonto.",),
    "Skolplacering": ("Barnet går redan i skola i kommunen.",),
    "Förskoleplats": ("Vårdnadshavarna tackade nej till förskoleplats.",),
    "Hälsoundersökning": ("Tackade nej till hälsoundersökning.",),
    "Inskrivning hos Arbetsförmedlingen": ("Har redan arbete.", "Studerar på heltid."),
    "Bostadskontrakt": ("Hushållet ordnade egen bostad.",),
    "Planera hämtning": ("Hushållet tog sig själv till kommunen.",),
}
NOT_APPLICABLE_DEFAULT = ("Redan ordnat före ankomsten.", "Tackade nej.")
LINGERING = (
    "Hälsoundersökning",
    "Samhällsorientering",
    "Kontakt med bibliotek",
    "Anmälan till SFI",
    "Anmälan till Försäkringskassan",
    "Skolplacering",
    "Förskoleplats",
)
CANCEL_REASONS = (
    "Hushållet har fått anvisning till en annan kommun.",
    "Personen har ordnat eget boende i en annan kommun.",
    "Migrationsverket har återkallat anvisningen.",
)
CONSENT_PURPOSE = "Samordning av etableringsinsatser mellan mottagningen, SFI och arbetsmarknadsenheten"


class GenerateRefused(Exception):
    """Generated data exists already (or the options make no sense); nothing was written."""


@dataclass
class Options:
    seed: int = DEFAULT_SEED
    persons: int = DEFAULT_PERSONS
    years: int = DEFAULT_YEARS
    today: dt.date | None = None
    reset: bool = False
    analyze: bool = True  # PostgreSQL: VACUUM ANALYZE afterwards (outside a transaction only)
    bench_share: float | None = (
        None  # the benchmark municipality's share of households (tests: so it has some)
    )
    progress: TextIO | None = None  # where progress lines go (stderr in the command); None: silent


@dataclass
class Summary:
    seed: int
    today: dt.date
    years: tuple[int, int]
    counts: dict[str, int] = field(default_factory=dict)  # label -> rows written
    households: int = 0
    persons: int = 0
    seconds: float = 0.0
    backend: str = ""
    bench_municipality: str = ""
    bench_logins: tuple[BenchLogin, ...] = BENCH_LOGINS
    reset: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# --- what was made ---------------------------------------------------------------------------------------------


def state_counts(today: dt.date) -> dict[str, int]:
    """How many generated anvisningar, cases and tasks are in each state (for the command's summary and tests)."""
    assignments = Assignment.objects.filter(reference__startswith=REFERENCE_PREFIX)
    cases = ReceptionCase.objects.filter(assignment__reference__startswith=REFERENCE_PREFIX)
    tasks = Task.objects.filter(case__assignment__reference__startswith=REFERENCE_PREFIX)
    S, T = Assignment.Status, Task.Status
    counts = assignments.aggregate(
        received=models.Count("pk", filter=models.Q(status=S.RECEIVED)),
        pending=models.Count("pk", filter=models.Q(status=S.ASSIGNED)),
        pending_late=models.Count("pk", filter=models.Q(status=S.ASSIGNED, latest_reception_date__lt=today)),
        cancelled=models.Count("pk", filter=models.Q(status=S.CANCELLED)),
    )
    counts.update(
        cases.aggregate(
            cases_open=models.Count("pk", filter=models.Q(status=ReceptionCase.Status.OPEN)),
            cases_closed=models.Count("pk", filter=models.Q(status=ReceptionCase.Status.CLOSED)),
        )
    )
    counts.update(
        tasks.aggregate(
            open=models.Count("pk", filter=models.Q(status=T.OPEN, due_date__gte=today)),
            overdue=models.Count("pk", filter=models.Q(status=T.OPEN, due_date__lt=today)),
            done=models.Count("pk", filter=models.Q(status=T.DONE)),
            not_applicable=models.Count("pk", filter=models.Q(status=T.NOT_APPLICABLE)),
        )
    )
    return counts


# --- detection and reset ----------------------------------------------------------------------------------------


def has_generated_data() -> bool:
    return Assignment.objects.filter(reference__startswith=REFERENCE_PREFIX).exists()


def generated_audit_events() -> models.QuerySet:
    return AuditEvent.objects.filter(**{f"changes__{GENERATED}": True})


def _t(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model: type[models.Model], field_name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field_name).column)


def reset_generated() -> dict[str, int]:
    """Delete the generated people and reception data (not the audit log, not units and users), in one
    transaction. Returns the number of rows deleted per table."""
    done: dict[str, int] = {}
    consent_units = Consent.units.through
    with transaction.atomic(), connection.cursor() as cursor:

        def run(label: str, sql: str, params: Iterable[Any] = ()) -> None:
            cursor.execute(sql, list(params))
            done[label] = done.get(label, 0) + max(cursor.rowcount, 0)

        for name in ("etablera_gen_households", "etablera_gen_persons", "etablera_gen_tasks"):
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE etablera_gen_households AS SELECT DISTINCT {_c(Assignment, 'household')} "
            f"AS id FROM {_t(Assignment)} WHERE {_c(Assignment, 'reference')} LIKE %s "
            f"AND {_c(Assignment, 'household')} IS NOT NULL",
            [REFERENCE_PREFIX + "%"],
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE etablera_gen_persons AS SELECT DISTINCT {_c(HouseholdMember, 'person')} AS id "
            f"FROM {_t(HouseholdMember)} WHERE {_c(HouseholdMember, 'household')} IN "
            "(SELECT id FROM etablera_gen_households)"
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE etablera_gen_tasks AS SELECT id FROM {_t(Task)} "
            f"WHERE {_c(Task, 'household')} IN (SELECT id FROM etablera_gen_households)"
        )
        households = "(SELECT id FROM etablera_gen_households)"
        persons = "(SELECT id FROM etablera_gen_persons)"
        # Housing (etablera generate --housing-only) refers to the households and is protected from their
        # deletion: it goes first, and the generated homes with it.
        from etablera.demo.generate_housing import UNIT_PREFIX
        from etablera.housing.models import Contract, HousingNeed, HousingUnit, MatchProposal

        generated_units = f"(SELECT id FROM {_t(HousingUnit)} WHERE {_c(HousingUnit, 'reference')} LIKE %s)"
        run(
            "matchningsförslag",
            f"DELETE FROM {_t(MatchProposal)} WHERE {_c(MatchProposal, 'household')} IN {households} "
            f"OR {_c(MatchProposal, 'unit')} IN {generated_units}",
            [UNIT_PREFIX + "%"],
        )
        run("kontrakt", f"DELETE FROM {_t(Contract)} WHERE {_c(Contract, 'household')} IN {households}")
        run(
            "bostadsbehov",
            f"DELETE FROM {_t(HousingNeed)} WHERE {_c(HousingNeed, 'household')} IN {households}",
        )
        run(
            "bostäder",
            f"DELETE FROM {_t(HousingUnit)} WHERE id IN {generated_units} AND id NOT IN "
            f"(SELECT {_c(Contract, 'unit')} FROM {_t(Contract)})",
            [UNIT_PREFIX + "%"],
        )
        run(
            "samtycken",
            f"DELETE FROM {connection.ops.quote_name(consent_units._meta.db_table)} WHERE "
            f"{_c(consent_units, 'consent')} IN (SELECT id FROM {_t(Consent)} "
            f"WHERE {_c(Consent, 'person')} IN {persons})",
        )
        run("samtycken", f"DELETE FROM {_t(Consent)} WHERE {_c(Consent, 'person')} IN {persons}")
        run(
            "uppgiftshändelser",
            f"DELETE FROM {_t(TaskEvent)} WHERE {_c(TaskEvent, 'task')} IN (SELECT id FROM etablera_gen_tasks)",
        )
        run("uppgifter", f"DELETE FROM {_t(Task)} WHERE id IN (SELECT id FROM etablera_gen_tasks)")
        run("tidslinjer", f"DELETE FROM {_t(CaseEvent)} WHERE {_c(CaseEvent, 'household')} IN {households}")
        run(
            "mottaganden",
            f"DELETE FROM {_t(ReceptionCase)} WHERE {_c(ReceptionCase, 'household')} IN {households} "
            f"OR {_c(ReceptionCase, 'assignment')} IN (SELECT id FROM {_t(Assignment)} "
            f"WHERE {_c(Assignment, 'reference')} LIKE %s)",
            [REFERENCE_PREFIX + "%"],
        )
        run(
            "anvisningar",
            f"DELETE FROM {_t(Assignment)} WHERE {_c(Assignment, 'reference')} LIKE %s",
            [REFERENCE_PREFIX + "%"],
        )
        run(
            "hushållsmedlemmar",
            f"DELETE FROM {_t(HouseholdMember)} WHERE {_c(HouseholdMember, 'household')} IN {households}",
        )
        run("hushåll", f"DELETE FROM {_t(Household)} WHERE id IN {households}")
        run("personer", f"DELETE FROM {_t(Person)} WHERE id IN {persons}")
        run(
            "kommuntal",
            f"DELETE FROM {_t(MunicipalQuota)} WHERE {_c(MunicipalQuota, 'note')} LIKE %s",
            ["GEN%"],
        )
        for name in ("etablera_gen_households", "etablera_gen_persons", "etablera_gen_tasks"):
            cursor.execute(f"DROP TABLE {name}")
    return done


# --- writing in bulk --------------------------------------------------------------------------------------------


class _Table:
    """Rows for one model, as tuples in `columns` order (attnames); JSON columns hold JSON text."""

    def __init__(self, label: str, model: type[models.Model], columns: str):
        self.label = label
        self.model = model
        self.columns = columns = tuple(columns.split())
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(by_attname)
        if unknown:
            raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
        self.json_positions = tuple(
            i for i, name in enumerate(columns) if isinstance(by_attname[name], models.JSONField)
        )
        # A field added to the model later and not written here gets its default (a constant, the same for all).
        self.extra = tuple(f for name, f in by_attname.items() if name not in columns)
        self.extra_values = tuple(f.get_default() for f in self.extra)
        self.db_columns = tuple(by_attname[name].column for name in columns) + tuple(
            f.column for f in self.extra
        )
        self.rows: list[tuple] = []
        self.oids: list[int] = []  # PostgreSQL column types, for binary COPY
        self.written = 0
        self.next_id = 0

    def take_ids(self, count: int = 1) -> int:
        first = self.next_id
        self.next_id += count
        return first


class _Writer:
    flush_rows = 200_000

    def __init__(self, tables: list[_Table]):
        self.tables = tables  # in the order they are written (referenced tables first)

    def maybe_flush(self) -> None:
        if sum(len(table.rows) for table in self.tables) >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        batch = [(table, table.rows) for table in self.tables if table.rows]
        for table, rows in batch:
            table.written += len(rows)
            table.rows = []
        if batch:
            self.write(batch)

    def write(self, batch: list[tuple[_Table, list[tuple]]]) -> None:
        raise NotImplementedError

    def start(self) -> None:
        pass

    def finish(self) -> None:
        self.flush()

    def close(self) -> None:
        """Stop any background work (after an error, too)."""


def _json_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class _CopyWriter(_Writer):
    """PostgreSQL: COPY … FROM STDIN, from a background thread on the same connection and transaction, so that
    the database parses and stores one batch while Python makes the next (the main thread does not use the
    connection meanwhile). The big tables' foreign keys and plain indexes are dropped for the load and re-created at
    the end, in the same transaction: re-creating a foreign key checks every row, and a failure leaves the schema
    as it was."""

    def __init__(self, tables: list[_Table], progress: _Progress):
        super().__init__(tables)
        self.progress = progress
        self.saved: list[tuple[str, str, str, str]] = []  # (kind, table, name, definition)
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self) -> None:
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            # Deferred foreign-key checks of rows written earlier in this transaction must not block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for table in self.tables:
                name = table.model._meta.db_table
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                    [name],
                )
                self.saved += [("fk", name, item, definition) for item, definition in cursor.fetchall()]
                cursor.execute(
                    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                    "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname",
                    [name],
                )
                self.saved += [("index", name, item, definition) for item, definition in cursor.fetchall()]
            for kind, name, item, _definition in self.saved:
                if kind == "fk":
                    cursor.execute(f"ALTER TABLE {qn(name)} DROP CONSTRAINT {qn(item)}")
                else:
                    cursor.execute(f"DROP INDEX {qn(item)}")
            self._types(cursor)
        self.raw = connection.connection  # the psycopg connection of this transaction
        self.thread = threading.Thread(target=self._work, name="etablera-generate-copy", daemon=True)
        self.thread.start()

    def write(self, batch: list[tuple[_Table, list[tuple]]]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(batch)  # waits while two batches are queued: memory stays bounded

    def _types(self, cursor) -> None:
        """The column types (oids) of every table, for binary COPY: the server then reads numbers, dates and
        times as they are instead of parsing text."""
        for table in self.tables:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                "AND NOT attisdropped",
                [table.model._meta.db_table],
            )
            oids = dict(cursor.fetchall())
            table.oids = [oids[column] for column in table.db_columns]

    def _work(self) -> None:
        from psycopg.types.json import set_json_dumps

        qn = connection.ops.quote_name
        while True:
            batch = self.queue.get()
            if batch is None:
                return
            if self.error is not None:
                continue  # keep draining so that the main thread never blocks on a full queue
            try:
                with self.raw.cursor() as cursor:
                    # JSON columns hold JSON text already: hand it to the jsonb dumper as it is.
                    set_json_dumps(_json_text, context=cursor)
                    for table, rows in batch:
                        columns = ", ".join(qn(c) for c in table.db_columns)
                        extra = table.extra_values
                        sql = f"COPY {qn(table.model._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
                        with cursor.copy(sql) as copy:
                            copy.set_types(table.oids)
                            write_row = copy.write_row
                            for row in rows:
                                write_row(row + extra if extra else row)
            except BaseException as error:  # noqa: BLE001 — handed to the main thread
                self.error = error

    def close(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self.thread = None

    def finish(self) -> None:
        super().finish()
        self.close()
        if self.error is not None:
            raise self.error
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            indexes = [item for item in self.saved if item[0] == "index"]
            for number, (_kind, _table, name, definition) in enumerate(indexes, start=1):
                self.progress.note(f"index {number}/{len(indexes)}: {name}")
                cursor.execute(definition)
            keys = [item for item in self.saved if item[0] == "fk"]
            for number, (_kind, table_name, name, definition) in enumerate(keys, start=1):
                self.progress.note(f"främmande nyckel {number}/{len(keys)}: {name}")
                cursor.execute(f"ALTER TABLE {qn(table_name)} ADD CONSTRAINT {qn(name)} {definition}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in self.tables:
                pk = table.model._meta.pk.column
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST((SELECT MAX({qn(pk)}) "
                    f"FROM {qn(table.model._meta.db_table)}), 1))",
                    [table.model._meta.db_table, pk],
                )


class _BulkCreateWriter(_Writer):
    """SQLite (and any other database): bulk_create in batches."""

    flush_rows = 50_000

    def write(self, batch: list[tuple[_Table, list[tuple]]]) -> None:
        for table, rows in batch:
            names = table.columns + tuple(f.attname for f in table.extra)
            model = table.model
            objects = []
            for row in rows:
                values = list(row) + list(table.extra_values)
                for position in table.json_positions:
                    values[position] = json.loads(values[position])
                objects.append(model(**dict(zip(names, values, strict=True))))
            model.objects.bulk_create(objects, batch_size=500)


# --- progress ---------------------------------------------------------------------------------------------------


def _n(number: float) -> str:
    """1 234 567 (Swedish thousands separator)."""
    return f"{number:,.0f}".replace(",", "\u00a0")


class _Progress:
    """Progress lines on a stream: counts, percentage, rows per second. At most one line per `every` seconds."""

    def __init__(self, stream: TextIO | None, every: float = 2.0):
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self.last = 0.0

    def note(self, text: str) -> None:
        if self.stream is not None:
            self._write(f"generate: {text} ({time.monotonic() - self.started:.0f} s)")

    def _write(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def update(
        self,
        label: str,
        persons: int,
        target: int,
        households: int,
        rows: Callable[[], int],
        force: bool = False,
    ) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        rows = rows()
        elapsed = max(now - self.started, 1e-6)
        share = 100 * persons / target if target else 100
        bar = "#" * int(share / 5)
        self._write(
            f"generate: [{bar:<20}] {share:5.1f} % {label}: {_n(persons)} av {_n(target)} personer, "
            f"{_n(households)} hushåll, {_n(rows)} rader, {_n(rows / elapsed)} rader/s, {elapsed:.0f} s"
        )


# --- organisation -----------------------------------------------------------------------------------------------


@dataclass
class _Staff:
    pk: int
    username: str
    full_name: str


@dataclass
class _Place:
    """A municipality and what generation needs of it."""

    municipality: Municipality
    weight: float
    units: dict[str, Unit] = field(default_factory=dict)  # by UnitSpec.key
    units_by_function: dict[str, Unit] = field(default_factory=dict)
    reception_unit: Unit | None = None
    workers: dict[int, list[_Staff]] = field(default_factory=dict)  # unit pk -> caseworkers
    registrars: list[_Staff] = field(default_factory=list)  # reception caseworkers
    coordinator: _Staff | None = None
    template_name: str = ""
    steps: list[TemplateStep] = field(default_factory=list)
    adults: list[int] = field(default_factory=list)  # received adults: anchors for family reunification
    postal_prefix: str = ""
    plan: list | None = None  # _Step for each template step, made on first use
    counter: dict[int, int] = field(default_factory=dict)  # year -> anvisningar so far
    persons: dict[int, int] = field(default_factory=dict)  # year -> persons assigned


def _unit_name(spec: UnitSpec, municipality: Municipality) -> str:
    if spec.key == "region":
        return f"Regionen i {municipality.county.name}"
    if spec.key == "bostadsbolag":
        return f"Bostadsbolaget i {municipality.name}"
    return spec.name


def _weights(municipalities: list[Municipality], rng: random.Random) -> dict[str, float]:
    weights = {}
    for m in municipalities:
        drawn = min(3.0, rng.lognormvariate(0.0, 0.7))  # below the large cities
        weights[m.code] = LARGE_MUNICIPALITIES.get(m.code, drawn)
    others = sorted(w for code, w in weights.items() if code not in LARGE_MUNICIPALITIES)
    if BENCH_MUNICIPALITY in weights and others:
        weights[BENCH_MUNICIPALITY] = others[min(len(others) - 1, int(BENCH_PERCENTILE * len(others)))]
    return weights


def _ensure_organisation(
    places: dict[str, _Place], rng: random.Random, progress: _Progress
) -> dict[str, int]:
    """Units and staff for every municipality: looked up by name, created when missing (so a second run and
    existing demo units are reused). Users are named gen-<code>-<unit>-<n>; the benchmark logins bench.*."""
    made = {"enheter": 0, "användare": 0, "medlemskap": 0}
    existing = {(u.municipality_id, u.name): u for u in Unit.objects.all()}
    for kind_pass in (("DEPARTMENT", "EXTERNAL"), ("TEAM",)):
        new = []
        for place in places.values():
            m = place.municipality
            for spec in UNITS:
                if spec.kind not in kind_pass:
                    continue
                name = _unit_name(spec, m)
                unit = existing.get((m.pk, name))
                if unit is None:
                    parent = place.units.get(spec.parent) if spec.parent else None
                    unit = Unit(
                        municipality=m,
                        name=name,
                        kind=spec.kind,
                        function=spec.function,
                        parent=parent,
                        email=f"{spec.key}.{m.code}@example.org" if spec.kind != K.EXTERNAL else "",
                    )
                    new.append(unit)
                place.units[spec.key] = unit
        Unit.objects.bulk_create(new, batch_size=500)
        made["enheter"] += len(new)
    if connection.vendor != "postgresql" and made["enheter"]:
        # Not every backend returns the new primary keys from bulk_create: read them back by name.
        fresh = {(u.municipality_id, u.name): u for u in Unit.objects.all()}
        for place in places.values():
            for key, unit in place.units.items():
                if unit.pk is None:
                    place.units[key] = fresh[(place.municipality.pk, unit.name)]

    wanted: list[tuple[str, str, str, Unit, str]] = []  # username, first, last, unit, role
    for place in places.values():
        m = place.municipality
        size = place.weight
        for spec in UNITS:
            low, high = spec.staff
            if not high:
                continue
            count = max(low, min(high, round(low + math.log2(1 + size) * (high - low) / 3)))
            for n in range(1, count + 1):
                wanted.append(
                    (
                        f"{USERNAME_PREFIX}{m.code}-{spec.key}-{n}",
                        rng.choice(STAFF_FIRST),
                        rng.choice(STAFF_LAST),
                        place.units[spec.key],
                        Role.CASEWORKER,
                    )
                )
        for key, role in (
            ("mottagning", Role.COORDINATOR),
            ("mottagning", Role.UNIT_MANAGER),
            ("klk", Role.STATISTICS),
        ):
            wanted.append(
                (
                    f"{USERNAME_PREFIX}{m.code}-{role.lower().replace('_', '')}",
                    rng.choice(STAFF_FIRST),
                    rng.choice(STAFF_LAST),
                    place.units[key],
                    role,
                )
            )
        if m.code == BENCH_MUNICIPALITY:
            for login in BENCH_LOGINS:
                wanted.append(
                    (login.username, login.first_name, login.last_name, place.units[login.unit], login.role)
                )

    have = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    bench_names = {login.username for login in BENCH_LOGINS}
    new_users = []
    for username, first, last, _unit, _role in wanted:
        if username in have:
            continue
        if username in bench_names:
            password = make_password(BENCH_PASSWORD)
        else:
            # Unusable (Django's "!" prefix), but deterministic, so two runs with one seed write the same rows.
            password = "!" + uuid.UUID(int=rng.getrandbits(128)).hex
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            password=password,
            is_active=True,
        )
        new_users.append(user)
    User.objects.bulk_create(new_users, batch_size=500)
    made["användare"] = len(new_users)
    users = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    have_memberships = set(
        Membership.objects.filter(user__in=users.values()).values_list("user_id", "unit_id", "role")
    )
    memberships = []
    for username, _first, _last, unit, role in wanted:
        user = users[username]
        if (user.pk, unit.pk, role) not in have_memberships:
            memberships.append(Membership(user=user, unit=unit, role=role))
            have_memberships.add((user.pk, unit.pk, role))
    Membership.objects.bulk_create(memberships, batch_size=500)
    made["medlemskap"] = len(memberships)
    if new_users:
        now = timezone.now()
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    at=now,
                    actor=None,
                    action=AuditEvent.Action.CREATE,
                    channel=AuditEvent.Channel.CLI,
                    object_type="User",
                    object_id=str(users[u.username].pk),
                    summary=f"Användare {u.username} skapad (genererade data)",
                    changes={GENERATED: True},
                )
                for u in new_users
            ],
            batch_size=500,
        )
    progress.note(
        f"organisation: {_n(made['enheter'])} nya enheter, {_n(made['användare'])} nya användare "
        f"i {len(places)} kommuner"
    )
    return made


def _staff_of(places: dict[str, _Place]) -> None:
    """Who works where (from the database, so reused and new staff alike), and each municipality's template."""
    by_unit: dict[int, list[_Staff]] = {}
    coordinators: dict[int, _Staff] = {}
    rows = (
        Membership.objects.filter(unit__municipality__code__in=list(places))
        .select_related("user")
        .order_by("user__username", "pk")
    )
    for membership in rows:
        user = membership.user
        staff = _Staff(user.pk, user.username, user.get_full_name() or user.username)
        if membership.role == Role.CASEWORKER:
            by_unit.setdefault(membership.unit_id, []).append(staff)
        elif membership.role == Role.COORDINATOR:
            coordinators.setdefault(membership.unit_id, staff)
    templates: dict[int, list[TemplateStep]] = {}
    for place in places.values():
        m = place.municipality
        # As tasks_generation.build_tasks: a team before its department (teams sort after departments and win).
        units = sorted(
            (u for u in Unit.objects.filter(municipality=m, is_active=True)), key=lambda u: (u.kind, u.pk)
        )
        for unit in units:
            if unit.kind == Unit.Kind.TEAM or unit.function not in place.units_by_function:
                place.units_by_function[unit.function] = unit
        try:
            place.reception_unit = reception_services._reception_unit(m)  # the unit receive_household uses
        except ValidationError:
            place.reception_unit = None
        place.workers = {unit.pk: by_unit.get(unit.pk, []) for unit in units}
        if place.reception_unit is not None:
            place.registrars = place.workers.get(place.reception_unit.pk, [])
            place.coordinator = coordinators.get(place.reception_unit.pk) or (
                place.registrars[0] if place.registrars else None
            )
        template = tasks_generation.template_for(m)
        if template is not None:
            if template.pk not in templates:
                templates[template.pk] = list(template.steps.all())
            place.template_name = template.name
            place.steps = templates[template.pk]


# --- the generator ----------------------------------------------------------------------------------------------


_DAY = dt.timedelta(days=1)
_MINUTES = [dt.timedelta(minutes=n) for n in range(24 * 60)]
_GENERATED_JSON = json.dumps({GENERATED: True})


@dataclass
class _Step:
    """A template step and what build_tasks decides for it once per municipality."""

    step: TemplateStep
    pk: int
    title: str
    description: str
    per_member: bool
    on_decision: bool
    unit_id: int
    unit_name: str
    workers: list[_Staff]
    lingering: bool
    reasons: tuple[str, ...]
    section: str


class _P:
    """What tasks_generation.person_matches and household_matches read of a person, without a model instance."""

    __slots__ = ("birth_date", "category", "first_name")

    def __init__(self, birth_date: dt.date | None, category: str, first_name: str):
        self.birth_date = birth_date
        self.category = category
        self.first_name = first_name


class _M:
    __slots__ = ("person", "relation")

    def __init__(self, person: _P, relation: str):
        self.person = person
        self.relation = relation


def _weighted(rng: random.Random, weights: dict[str, float]) -> Callable[[], str]:
    keys = list(weights)
    cumulative = list(itertools.accumulate(weights[k] for k in keys))
    total = cumulative[-1]

    def choose() -> str:
        return keys[bisect.bisect_right(cumulative, rng.random() * total)]

    return choose


class _Generator:
    def __init__(self, options: Options, today: dt.date, progress: _Progress):
        self.options = options
        self.today = today
        self.progress = progress
        self.rng = random.Random(f"etablera-generate-{options.seed}")  # noqa: S311 — reproducible fiction
        self.tz = timezone.get_current_timezone()
        # Nothing is dated after now; with a given day, "now" is the end of that day, so that runs repeat exactly.
        self.now = (
            dt.datetime.combine(today, dt.time(23, 59), tzinfo=self.tz) if options.today else timezone.now()
        )
        self.last_year = today.year
        self.first_year = today.year - options.years + 1
        first_day = max(
            dt.date(self.first_year, 1, 1), dt.date(2016, 3, 1)
        )  # bosättningslagen from 2016-03-01
        self.first_day = first_day
        self.persons_done = 0
        self.households_done = 0
        self.writer: _Writer | None = None
        # Read before the load: the main thread does not query while the COPY thread uses the connection.
        self.existing_quotas: dict[int, set[int]] = {}
        for municipality_id, year in MunicipalQuota.objects.values_list("municipality_id", "year"):
            self.existing_quotas.setdefault(year, set()).add(municipality_id)
        self.origin_choosers: dict[str, Callable[[], str]] = {}
        self._due_cache: dict[tuple[int, dt.date], tuple[dt.date, str]] = {}
        self._match_cache: dict[tuple, bool] = {}
        self._epoch_cache: dict[dt.date, tuple] = {}
        self._midnight: dict[dt.date, dt.datetime] = {}
        self._latest_cache: dict[tuple[dt.date, bool], tuple[dt.date, str]] = {}
        self.taken_numbers: set[str] = set(
            Person.objects.filter(
                identity_number_type__in=[identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER]
            ).values_list("identity_number", flat=True)
        )

        self.persons = _Table(
            "personer",
            Person,
            "id public_id municipality_id identity_number_type identity_number first_name last_name "
            "birth_date sex languages interpreter_language needs_interpreter citizenship residence_permit "
            "residence_permit_date category address_street address_postal_code address_city anonymised_at "
            "protected_identity created_at updated_at",
        )
        self.households = _Table(
            "hushåll",
            Household,
            "id public_id municipality_id name anchor_person_id anonymised_at created_at",
        )
        self.members = _Table("hushållsmedlemmar", HouseholdMember, "id household_id person_id relation")
        self.assignments = _Table(
            "anvisningar",
            Assignment,
            "id reference municipality_id household_id category person_count quota_year decision_date "
            "latest_reception_date latest_reception_rule status received_date cancelled_date cancel_reason "
            "created_at updated_at",
        )
        self.cases = _Table(
            "mottaganden",
            ReceptionCase,
            "id assignment_id household_id municipality_id arrival_date status closed_date template_name "
            "created_at",
        )
        self.tasks = _Table(
            "uppgifter",
            Task,
            "id case_id household_id person_id step_id municipality_id title description unit_id "
            "assignee_id section due_date due_rule status not_applicable_reason completed_at "
            "completed_by_id created_at updated_at",
        )
        self.task_events = _Table("uppgiftshändelser", TaskEvent, "id task_id at actor_id kind text")
        self.case_events = _Table("tidslinjehändelser", CaseEvent, "id household_id at actor_id kind text")
        self.consents = _Table(
            "samtycken",
            Consent,
            "id public_id person_id municipality_id given_by guardian_name sections purpose given_date "
            "valid_until method method_note document_reference withdrawn_date withdrawn_note "
            "recorded_by_id recorded_at",
        )
        self.consent_units = _Table("samtyckets enheter", Consent.units.through, "id consent_id unit_id")
        self.audit = _Table(
            "loggposter",
            AuditEvent,
            "id at actor_id actor_name action channel object_type object_id person_public_id "
            "household_public_id municipality_code summary changes basis break_glass protected",
        )
        self.quotas = _Table("kommuntal", MunicipalQuota, "id municipality_id year quota note")
        self.tables = [
            self.persons,
            self.households,
            self.members,
            self.assignments,
            self.cases,
            self.tasks,
            self.task_events,
            self.case_events,
            self.consents,
            self.consent_units,
            self.audit,
            self.quotas,
        ]
        for table in self.tables:
            table.next_id = (table.model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    # --- small helpers ------------------------------------------------------------------------------------------

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _at(self, day: dt.date, low: int = 8, high: int = 16) -> dt.datetime:
        """A time during the working day on `day`, never later than now."""
        midnight = self._midnight.get(day)
        if midnight is None:
            midnight = self._midnight[day] = dt.datetime(day.year, day.month, day.day, tzinfo=self.tz)
        when = midnight + _MINUTES[low * 60 + int(self.rng.random() * (high - low + 1) * 60)]
        return when if day < self.today else min(when, self.now)

    def _epoch(self, on: dt.date) -> tuple:
        """The versions of the age rules in force on `on`: two dates with the same epoch decide ages alike."""
        epoch = self._epoch_cache.get(on)
        if epoch is None:
            epoch = tuple(
                parameter(key, on).effective_from
                for key in ("establishment.min_age", "establishment.max_age_exclusive", "adulthood.age")
            )
            self._epoch_cache[on] = epoch
        return epoch

    def _person_matches(
        self, step: _Step, person: _P, age: int | None, category: str, epoch: tuple, on: dt.date
    ) -> bool:
        """tasks_generation.person_matches, remembered: its answer depends only on the step, the categories, the
        age on `on` and the age rules in force then (`epoch`)."""
        key = (step.pk, category, person.category, age, epoch)
        matched = self._match_cache.get(key)
        if matched is None:
            matched = tasks_generation.person_matches(step.step, person, category, on)
            self._match_cache[key] = matched
        return matched

    def _due(self, step: _Step, template_name: str, anchor_date: dt.date) -> tuple[dt.date, str]:
        """rules.tasks.task_deadline for the step, with its Deadline JSON, remembered per anchor date."""
        key = (step.pk, anchor_date)
        cached = self._due_cache.get(key)
        if cached is None:
            template_step = step.step
            deadline = task_deadline(
                title=template_step.title,
                anchor=template_step.anchor,
                anchor_date=anchor_date,
                offset_days=template_step.offset_days,
                rule_key=template_step.rule,
                template_name=template_name,
            )
            cached = (deadline.date, json.dumps(deadline.as_json(), ensure_ascii=False))
            self._due_cache[key] = cached
        return cached

    def _latest(self, decision: dt.date, category: str) -> tuple[dt.date, str]:
        key = (decision, category == reception_rules.RESETTLED)
        cached = self._latest_cache.get(key)
        if cached is None:
            deadline = reception_rules.latest_reception_date(decision, category)
            cached = (deadline.date, json.dumps(deadline.as_json(), ensure_ascii=False))
            self._latest_cache[key] = cached
        return cached

    def _number(self, kind: str, birth: dt.date, sex: str) -> tuple[str, str]:
        """A fictional identity number that is valid and not taken; serials 000–799 (the demo uses 800–989)."""
        rng = self.rng
        if kind == identity.DOSSIERNUMMER:
            return kind, f"{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
        if kind == identity.NONE:
            return kind, ""
        day = birth.day + 60 if kind == identity.SAMORDNINGSNUMMER else birth.day
        digits = (1, 3, 5, 7, 9) if sex == "M" else (0, 2, 4, 6, 8)
        for _ in range(30):
            serial = rng.randrange(80) * 10 + rng.choice(digits)
            base = f"{birth:%y%m}{day:02d}{serial:03d}"
            number = f"{birth.year // 100:02d}{base}{luhn.calc_check_digit(base)}"
            if number not in self.taken_numbers:
                self.taken_numbers.add(number)
                return kind, number
        return identity.DOSSIERNUMMER, f"{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"

    def _audit(
        self,
        at: dt.datetime,
        actor: _Staff | None,
        action: str,
        object_type: str,
        object_id: str,
        municipality_code: str,
        summary: str,
        *,
        person: uuid.UUID | None = None,
        household: uuid.UUID | None = None,
        changes: dict | None = None,
        basis: str = "",
        protected: bool = False,
    ) -> None:
        data = (
            _GENERATED_JSON
            if changes is None
            else json.dumps({GENERATED: True, **changes}, ensure_ascii=False)
        )
        self.audit.rows.append(
            (
                self.audit.take_ids(),
                at,
                actor.pk if actor else None,
                actor.username if actor else "",
                action,
                AuditEvent.Channel.PAGE,
                object_type,
                object_id,
                person,
                household,
                municipality_code,
                summary[:300],
                data,
                basis,
                False,
                protected,
            ),
        )

    # --- planning -----------------------------------------------------------------------------------------------

    def year_targets(self) -> dict[int, int]:
        years = list(range(self.first_year, self.last_year + 1))
        weights = {}
        for year in years:
            weight = YEAR_WEIGHTS.get(year, 0.8)
            if year == self.last_year:
                start = dt.date(year, 1, 1)
                weight *= ((self.today - start).days + 1) / (dt.date(year, 12, 31) - start).days
            if year == self.first_day.year and self.first_day > dt.date(year, 1, 1):
                weight *= (dt.date(year, 12, 31) - self.first_day).days / 365
            weights[year] = weight
        total = sum(weights.values())
        targets = {year: int(round(self.options.persons * w / total)) for year, w in weights.items()}
        targets[self.last_year] += self.options.persons - sum(targets.values())
        return targets

    # --- one household ------------------------------------------------------------------------------------------

    def _members(self, category: str, size: int, origin: str) -> list[tuple[str, str, int, str, str]]:
        """(first name, sex, age at the decision, relation, surname) for each member, adults first."""
        rng = self.rng
        _citizenship, _languages, _interpreter, men, women, surnames = ORIGINS[origin]
        surname = rng.choice(surnames)
        members: list[tuple[str, str, int, str, str]] = []  # first, sex, age, relation, surname
        if category == C.UNACCOMPANIED_MINOR:
            sex = "M" if rng.random() < 0.85 else "F"
            members.append(
                (rng.choice(men if sex == "M" else women), sex, rng.randint(13, 17), "CHILD", surname)
            )
            return members
        if size == 1:
            sex = "M" if rng.random() < (0.35 if category == C.TEMPORARY_PROTECTION else 0.65) else "F"
            age = min(75, 18 + int(rng.gammavariate(2.2, 6.0)))
            members.append((rng.choice(men if sex == "M" else women), sex, age, "ADULT", surname))
            return members
        couple = rng.random() < (0.35 if category == C.TEMPORARY_PROTECTION else 0.75)
        elder = size >= 4 and rng.random() < 0.1
        mother_age = int(rng.triangular(21, 52, 32))
        if couple:
            members.append((rng.choice(men), "M", min(75, mother_age + rng.randint(0, 8)), "ADULT", surname))
            members.append(
                (
                    rng.choice(women),
                    "F",
                    mother_age,
                    "ADULT",
                    surname if rng.random() < 0.7 else rng.choice(surnames),
                )
            )
        else:
            sex = "F" if rng.random() < 0.75 else "M"
            relation = "GUARDIAN" if rng.random() < 0.05 else "ADULT"
            members.append((rng.choice(women if sex == "F" else men), sex, mother_age, relation, surname))
        if elder:
            sex = "F" if rng.random() < 0.6 else "M"
            members.append(
                (rng.choice(women if sex == "F" else men), sex, rng.randint(58, 80), "ADULT", surname)
            )
        oldest = max(0, min(17, mother_age - 17))
        for _ in range(size - len(members)):
            sex = "F" if rng.random() < 0.49 else "M"
            members.append(
                (rng.choice(women if sex == "F" else men), sex, rng.randint(0, oldest), "CHILD", surname)
            )
        return members

    def household(self, place: _Place, category: str, size: int, decision: dt.date, choose_origin) -> int:
        rng = self.rng
        today = self.today
        m = place.municipality
        origin = self.origin_choosers.get(category, choose_origin)()
        citizenship, languages, interpreter, _men, _women, _surnames = ORIGINS[origin]
        members = self._members(category, size, origin)
        size = len(members)
        registrar = rng.choice(place.registrars) if place.registrars else None

        # What happens to the anvisning.
        latest, latest_rule = self._latest(decision, category)
        registered = min(decision + dt.timedelta(days=rng.randint(0, 3)), today)
        registered_at = self._at(registered)
        status = Assignment.Status.ASSIGNED
        received = cancelled = None
        if rng.random() < CANCEL_SHARE:
            day = decision + dt.timedelta(days=rng.randint(5, 45))
            if day <= today:
                status, cancelled = Assignment.Status.CANCELLED, day
        else:
            if category == C.TEMPORARY_PROTECTION:
                delay = rng.randint(2, 25)  # most already live in the municipality
            elif rng.random() < LATE_SHARE:
                delay = (latest - decision).days + rng.randint(1, 30)
            else:
                delay = int(rng.triangular(5, (latest - decision).days, 30))
            day = decision + dt.timedelta(days=delay)
            if day <= today:
                status, received = Assignment.Status.RECEIVED, day
        settled = received is not None and (today - received).days > 45

        # Protected identity: the whole household.
        protected = ProtectedIdentity.NONE
        draw = rng.random()
        for level, share in PROTECTED_SHARES:
            if draw < share:
                protected = level
                break
            draw -= share
        is_protected = protected != ProtectedIdentity.NONE

        household_id = self.households.take_ids()
        household_uuid = self._uuid()
        name = members[0][4] if size == 1 else f"Familjen {members[0][4]}"
        street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}" if received else ""
        postal = f"{place.postal_prefix} {rng.randint(30, 99)}" if received else ""
        city = m.name if received else ""
        permit = (
            Person.ResidencePermit.PERMANENT if category == C.RESETTLED else Person.ResidencePermit.TEMPORARY
        )
        permit_date = decision - dt.timedelta(days=rng.randint(14, 45))

        persons: list[tuple[int, uuid.UUID, _P, str, str]] = []  # id, public id, person, relation, sex
        person_first = self.persons.take_ids(size)
        anchor = None
        if category == C.FAMILY_REUNIFICATION and place.adults:
            anchor = place.adults[rng.randrange(len(place.adults))]
        for index, (first, sex, age, relation, last) in enumerate(members):
            birth = decision - dt.timedelta(days=365 * age + rng.randint(0, 364))
            if settled:
                kind = (
                    identity.PERSONNUMMER
                    if rng.random() < 0.92
                    else (identity.SAMORDNINGSNUMMER if rng.random() < 0.6 else identity.DOSSIERNUMMER)
                )
            else:
                draw = rng.random()
                kind = (
                    identity.DOSSIERNUMMER
                    if draw < 0.6
                    else identity.SAMORDNINGSNUMMER
                    if draw < 0.75
                    else identity.PERSONNUMMER
                    if draw < 0.9
                    else identity.NONE
                )
            kind, number = self._number(kind, birth, sex)
            person_id = person_first + index
            public_id = self._uuid()
            needs_interpreter = age >= 16 and rng.random() < 0.85
            person_category = category
            self.persons.rows.append(
                (
                    person_id,
                    public_id,
                    m.pk,
                    kind,
                    number,
                    first,
                    last,
                    birth,
                    sex,
                    languages,
                    interpreter if needs_interpreter else "",
                    needs_interpreter,
                    citizenship,
                    permit,
                    permit_date,
                    person_category,
                    street,
                    postal,
                    city,
                    None,
                    protected,
                    registered_at,
                    registered_at,
                ),
            )
            self.members.rows.append((self.members.take_ids(), household_id, person_id, relation))
            persons.append((person_id, public_id, _P(birth, person_category, first), relation, sex))
            self._audit(
                registered_at,
                registrar,
                AuditEvent.Action.CREATE,
                "Person",
                str(public_id),
                m.code,
                "Person registrerad",
                person=public_id,
                protected=is_protected,
            )
        self.households.rows.append((household_id, household_uuid, m.pk, name, anchor, None, registered_at))
        self._audit(
            registered_at,
            registrar,
            AuditEvent.Action.CREATE,
            "Household",
            str(household_uuid),
            m.code,
            f"Hushåll registrerat med {size} personer",
            household=household_uuid,
            protected=is_protected,
        )

        year = decision.year
        serial = place.counter.get(year, 0) + 1
        place.counter[year] = serial
        place.persons[year] = place.persons.get(year, 0) + size
        reference = f"{REFERENCE_PREFIX}{m.code}-{year}-{serial:06d}"
        assignment_id = self.assignments.take_ids()
        self._audit(
            registered_at,
            registrar,
            AuditEvent.Action.CREATE,
            "Assignment",
            str(assignment_id),
            m.code,
            f"Anvisning {reference} registrerad",
            household=household_uuid,
        )
        self._case_event(
            household_id,
            registered_at,
            registrar,
            "ASSIGNED",
            f"Anvisning {reference}, sista mottagningsdag {latest}",
        )
        updated_at = registered_at
        cancel_reason = ""
        if cancelled is not None:
            cancel_reason = rng.choice(CANCEL_REASONS)
            when = self._at(cancelled)
            updated_at = when
            self._case_event(household_id, when, registrar, "CANCELLED", cancel_reason)
            self._audit(
                when,
                registrar,
                AuditEvent.Action.UPDATE,
                "Assignment",
                str(assignment_id),
                m.code,
                "Anvisningen avbruten",
                household=household_uuid,
                changes={"reason": cancel_reason},
            )
        if received is not None:
            arrival_at = self._at(received, 9, 11)
            updated_at = arrival_at
            self._receive(
                place,
                household_id,
                household_uuid,
                assignment_id,
                category,
                decision,
                received,
                arrival_at,
                latest,
                persons,
                registrar,
                is_protected,
            )
            for person_id, _public_id, person, _relation, _sex in persons:
                if person.birth_date and age_on(person.birth_date, received) >= 18:
                    place.adults.append(person_id)
        self.assignments.rows.append(
            (
                assignment_id,
                reference,
                m.pk,
                household_id,
                category,
                size,
                year,
                decision,
                latest,
                latest_rule,
                status,
                received,
                cancelled,
                cancel_reason,
                registered_at,
                updated_at,
            ),
        )
        self.households_done += 1
        self.persons_done += size
        return size

    def _case_event(
        self, household_id: int, at: dt.datetime, actor: _Staff | None, kind: str, text: str
    ) -> None:
        self.case_events.rows.append(
            (self.case_events.take_ids(), household_id, at, actor.pk if actor else None, kind, text[:300]),
        )

    def _plan(self, place: _Place) -> list[_Step]:
        """The template's steps with what build_tasks decides once per municipality (the owning unit)."""
        if place.plan is None:
            place.plan = []
            for step in place.steps:
                unit = tasks_generation.owning_unit(
                    place.units_by_function, step.responsible_function, place.reception_unit
                )
                place.plan.append(
                    _Step(
                        step=step,
                        pk=step.pk,
                        title=step.title,
                        description=step.description,
                        per_member=step.scope == TemplateStep.Scope.MEMBER,
                        on_decision=step.anchor == TemplateStep.Anchor.DECISION,
                        unit_id=unit.pk,
                        unit_name=unit.name,
                        workers=place.workers.get(unit.pk) or place.registrars,
                        lingering=step.title.startswith(LINGERING),
                        reasons=_na_reasons(step.title),
                        section=section_for_function(step.responsible_function),  # as build_tasks
                    )
                )
        return place.plan

    def _receive(
        self,
        place: _Place,
        household_id: int,
        household_uuid: uuid.UUID,
        assignment_id: int,
        category: str,
        decision: dt.date,
        arrival: dt.date,
        arrival_at: dt.datetime,
        latest: dt.date,
        persons: list[tuple[int, uuid.UUID, _P, str, str]],
        registrar: _Staff | None,
        is_protected: bool,
    ) -> None:
        """What receive_household writes: the case, the template's tasks with their due dates and histories, the
        timeline and the audit event — and then what staff did over the following months."""
        rng = self.rng
        random_ = rng.random
        today = self.today
        m = place.municipality
        m_pk = m.pk
        case_id = self.cases.take_ids()
        closed = (today - arrival).days > CLOSE_AFTER_DAYS and random_() >= STILL_OPEN_SHARE
        closed_date = None
        if closed:
            closed_date = min(arrival + dt.timedelta(days=CLOSE_AFTER_DAYS - int(random_() * 31)), today)
        self.cases.rows.append(
            (
                case_id,
                assignment_id,
                household_id,
                m.pk,
                arrival,
                ReceptionCase.Status.CLOSED if closed else ReceptionCase.Status.OPEN,
                closed_date,
                place.template_name,
                arrival_at,
            )
        )

        # The tasks, exactly as tasks_generation.build_tasks makes them (the parity test compares the two).
        members = [_M(person, relation) for _pk, _uuid, person, relation, _sex in persons]
        epoch = self._epoch(arrival)
        aged = [
            (person_id, person, age_on(person.birth_date, arrival) if person.birth_date else None)
            for person_id, _uuid, person, _relation, _sex in persons
        ]
        planned: list[tuple[_Step, int | None, str, dt.date, str]] = []
        for step in self._plan(place):
            due, rule = self._due(step, place.template_name, decision if step.on_decision else arrival)
            if step.per_member:
                for person_id, person, age in aged:
                    if self._person_matches(step, person, age, category, epoch, arrival):
                        planned.append((step, person_id, f"{step.title}: {person.first_name}", due, rule))
            elif tasks_generation.household_matches(step.step, members, category, arrival):
                planned.append((step, None, step.title, due, rule))

        late = arrival > latest
        registrar_id = registrar.pk if registrar else None
        case_events = self.case_events.rows
        task_events = self.task_events.rows
        tasks = self.tasks.rows
        case_events.append(
            (
                self.case_events.take_ids(),
                household_id,
                arrival_at,
                registrar_id,
                "RECEIVED",
                f"Mottaget {arrival}; {len(planned)} uppgifter skapade"
                + (f" (efter sista mottagningsdag {latest})" if late else ""),
            )
        )
        self._audit(
            arrival_at,
            registrar,
            AuditEvent.Action.UPDATE,
            "Assignment",
            str(assignment_id),
            m.code,
            f"Hushållet mottaget {arrival}",
            household=household_uuid,
            changes={"status": ["ASSIGNED", "RECEIVED"], "received_date": str(arrival)},
        )
        read_at = min(arrival_at + dt.timedelta(minutes=5 + int(random_() * 235)), self.now)
        self._audit(
            read_at,
            registrar,
            AuditEvent.Action.VIEW,
            "Household",
            str(household_uuid),
            m.code,
            "Hushållssida",
            household=household_uuid,
            basis="RECEPTION",
            protected=is_protected,
        )

        tables = self.tasks, self.task_events, self.case_events
        task_id = tables[0].take_ids(len(planned))
        event_id = tables[1].next_id
        case_event_id = tables[2].next_id
        coordinator = place.coordinator or registrar
        coordinator_id = coordinator.pk if coordinator else None
        next_day_at = self._at(min(arrival + _DAY, today))
        last_done = arrival_at
        end = closed_date or today
        for step, person_id, title, due, rule in planned:
            workers = step.workers
            assignee = None
            if not closed and workers and random_() < 0.5:
                assignee = workers[int(random_() * len(workers))]
            days_late = (today - due).days
            draw = random_()
            if closed:
                status = "DONE" if draw < 0.93 else "NOT_APPLICABLE"
            elif days_late > 14:
                # What waits on others lingers; after four months most of it is done too.
                open_share = (
                    (0.15 if step.lingering else 0.04)
                    if days_late <= 120
                    else (0.03 if step.lingering else 0.005)
                )
                status = (
                    "OPEN"
                    if draw < open_share
                    else ("NOT_APPLICABLE" if draw < open_share + 0.06 else "DONE")
                )
            elif days_late >= 0:
                status = "DONE" if draw < 0.45 else ("NOT_APPLICABLE" if draw < 0.48 else "OPEN")
            else:
                status = "DONE" if draw < 0.12 else "OPEN"
            task_events.append(
                (event_id, task_id, arrival_at, registrar_id, "CREATED", "Skapad från processmallen")
            )
            event_id += 1
            updated_at = arrival_at
            if assignee is not None:
                text = f"{title}: ansvar {step.unit_name} → {step.unit_name} / {assignee.full_name}"
                task_events.append((event_id, task_id, next_day_at, coordinator_id, "REASSIGNED", text))
                event_id += 1
                case_events.append(
                    (case_event_id, household_id, next_day_at, coordinator_id, "TASK_REASSIGNED", text[:300])
                )
                case_event_id += 1
                updated_at = next_day_at
            reason = ""
            completed_at = None
            completed_by = None
            if status != "OPEN":
                if days_late <= 0 or random_() < 0.75:
                    day = due - dt.timedelta(days=int(random_() * 6))
                else:
                    day = due + dt.timedelta(days=1 + int(random_() * 20))
                if day > end:
                    day = end
                if day < arrival:
                    day = arrival
                completed_at = self._at(day)
                if completed_at < arrival_at:
                    completed_at = arrival_at
                doer = assignee or (workers[int(random_() * len(workers))] if workers else registrar)
                completed_by = doer.pk if doer else None
                if status == "DONE":
                    text = f"{title}: klar"
                    kind, case_kind = "DONE", "TASK_DONE"
                else:
                    reasons = step.reasons
                    reason = reasons[int(random_() * len(reasons))]
                    text = f"{title}: ej aktuell – {reason}"
                    kind, case_kind = "NOT_APPLICABLE", "TASK_NOT_APPLICABLE"
                task_events.append((event_id, task_id, completed_at, completed_by, kind, text))
                event_id += 1
                case_events.append(
                    (case_event_id, household_id, completed_at, completed_by, case_kind, text[:300])
                )
                case_event_id += 1
                if completed_at > updated_at:
                    updated_at = completed_at
                if completed_at > last_done:
                    last_done = completed_at
            tasks.append(
                (
                    task_id,
                    case_id,
                    household_id,
                    person_id,
                    step.pk,
                    m_pk,
                    title,
                    step.description,
                    step.unit_id,
                    assignee.pk if assignee else None,
                    step.section,
                    due,
                    rule,
                    status,
                    reason,
                    completed_at,
                    completed_by,
                    arrival_at,
                    updated_at,
                )
            )
            task_id += 1
        tables[1].next_id = event_id
        tables[2].next_id = case_event_id

        if closed:
            when = max(self._at(closed_date), last_done)
            self._case_event(household_id, when, coordinator, "NOTE", f"Mottagandet avslutat {closed_date}")
            self._audit(
                when,
                coordinator,
                AuditEvent.Action.UPDATE,
                "ReceptionCase",
                str(case_id),
                m.code,
                f"Mottagandet avslutat {closed_date}",
                household=household_uuid,
                changes={"status": ["OPEN", "CLOSED"], "closed_date": str(closed_date)},
            )
        else:
            self._consents(place, persons, arrival, registrar)

    def _consents(self, place: _Place, persons, arrival: dt.date, registrar: _Staff | None) -> None:
        """Persons 16+ in an open case who let the reception share social-services data with SFI and the
        labour-market unit (access.Consent; sections as the consent pages record them)."""
        rng = self.rng
        units = [place.units[key].pk for key in ("sfi", "arbete") if key in place.units]
        for person_id, _public_id, person, _relation, _sex in persons:
            if (
                not person.birth_date
                or age_on(person.birth_date, arrival) < 16
                or rng.random() >= CONSENT_SHARE
            ):
                continue
            given = min(arrival + dt.timedelta(days=rng.randint(1, 20)), self.today)
            withdrawn = None
            note = ""
            if rng.random() < 0.05:
                withdrawn = min(given + dt.timedelta(days=rng.randint(10, 200)), self.today)
                note = "Återkallat muntligt vid uppföljningsmöte."
            consent_id = self.consents.take_ids()
            self.consents.rows.append(
                (
                    consent_id,
                    self._uuid(),
                    person_id,
                    place.municipality.pk,
                    Consent.GivenBy.PERSON,
                    "",
                    json.dumps([Section.BASIC, Section.SOCIAL]),
                    CONSENT_PURPOSE,
                    given,
                    given + dt.timedelta(days=730),
                    Consent.Method.WRITTEN,
                    "",
                    f"GEN-SAMTYCKE-{consent_id}",
                    withdrawn,
                    note,
                    registrar.pk if registrar else None,
                    self._at(given),
                ),
            )
            for unit_id in units:
                self.consent_units.rows.append((self.consent_units.take_ids(), consent_id, unit_id))

    # --- the whole run ------------------------------------------------------------------------------------------

    def run(self, places: dict[str, _Place]) -> None:
        rng = self.rng
        targets = self.year_targets()
        total = sum(targets.values())
        codes = [code for code, place in places.items() if place.reception_unit is not None and place.steps]
        if not codes:
            raise GenerateRefused("Ingen kommun har en mottagningsenhet och en processmall.")
        weights = {code: places[code].weight for code in codes}
        share = self.options.bench_share
        if share and BENCH_MUNICIPALITY in weights and 0 < share < 1:
            others = sum(w for code, w in weights.items() if code != BENCH_MUNICIPALITY)
            weights[BENCH_MUNICIPALITY] = others * share / (1 - share)
        choose_place = _weighted(rng, weights)
        choose_origin = _weighted(rng, DEFAULT_ORIGINS)
        self.origin_choosers = {
            category: _weighted(rng, weights) for category, weights in ORIGIN_WEIGHTS.items()
        }
        size_choosers = {
            category: _weighted(rng, {str(i + 1): w for i, w in enumerate(weights)})
            for category, weights in HOUSEHOLD_SIZES.items()
        }
        for year in sorted(targets):
            start = max(dt.date(year, 1, 1), self.first_day)
            end = min(dt.date(year, 12, 31), self.today)
            span = (end - start).days
            remaining = {
                category: int(round(targets[year] * share)) for category, share in CATEGORY_SHARES.items()
            }
            while True:
                left = {category: n for category, n in remaining.items() if n > 0}
                if not left:
                    break
                categories = list(left)
                weights = list(itertools.accumulate(left[c] for c in categories))
                category = categories[bisect.bisect_right(weights, rng.random() * weights[-1])]
                size = min(int(size_choosers[category]()), left[category])
                decision = start + dt.timedelta(days=rng.randint(0, span))
                place = places[choose_place()]
                made = self.household(place, category, size, decision, choose_origin)
                remaining[category] -= made
                if not self.households_done % 64:
                    self.writer.maybe_flush()
                self.progress.update(str(year), self.persons_done, total, self.households_done, self._rows)
            self._year_quotas(places, year)
        self.writer.flush()
        self.progress.update("klart", self.persons_done, total, self.households_done, self._rows, force=True)

    def _rows(self) -> int:
        return sum(t.written + len(t.rows) for t in self.tables)

    def _year_quotas(self, places: dict[str, _Place], year: int) -> None:
        """Kommuntal from each municipality's flow: about the persons it was assigned, a few at zero (2016:39 6 §
        allows it); this year's from the share of the year gone."""
        rng = self.rng
        existing = self.existing_quotas.get(year, set())
        elapsed = 1.0
        if year == self.today.year:
            elapsed = ((self.today - dt.date(year, 1, 1)).days + 1) / 365
        for place in places.values():
            m = place.municipality
            assigned = place.persons.get(year, 0)
            quota = 0 if rng.random() < 0.02 else int(round(assigned / elapsed * rng.uniform(0.85, 1.15)))
            if m.pk in existing:
                continue
            self.quotas.rows.append((self.quotas.take_ids(), m.pk, year, quota, QUOTA_NOTE))


def _na_reasons(title: str) -> tuple[str, ...]:
    for prefix, reasons in NOT_APPLICABLE.items():
        if title.startswith(prefix):
            return reasons
    return NOT_APPLICABLE_DEFAULT


# --- entry point ------------------------------------------------------------------------------------------------


def generate(options: Options) -> Summary:
    """Generate the data set (see the module docstring). Raises GenerateRefused when generated data exists and
    `options.reset` is not set."""
    if options.persons < 1 or options.years < 1:
        raise GenerateRefused("Antal personer och år måste vara minst 1.")
    today = options.today or timezone.localdate()
    first_year = today.year - options.years + 1
    if first_year < 2016:
        raise GenerateRefused("Bosättningslagen gäller från 2016: välj färre år.")
    progress = _Progress(options.progress)
    summary = Summary(
        seed=options.seed, today=today, years=(first_year, today.year), backend=connection.vendor
    )
    if has_generated_data():
        if not options.reset:
            raise GenerateRefused(
                "Databasen har redan genererade data (anvisningar med referens GEN-…). Kör med --reset för att "
                "ta bort dem först, eller generera i en ny databas."
            )
        progress.note("tar bort tidigare genererade data (--reset)")
        summary.reset = reset_generated()
    started = time.monotonic()
    with transaction.atomic():
        municipalities = list(Municipality.objects.select_related("county").order_by("code"))
        org_rng = random.Random(f"etablera-generate-organisation-{options.seed}")  # noqa: S311
        weights = _weights(municipalities, org_rng)
        places = {
            m.code: _Place(
                municipality=m,
                weight=weights[m.code],
                postal_prefix=f"{100 + (int(m.code) * 37) % 880:03d}",
            )
            for m in municipalities
        }
        made = _ensure_organisation(places, org_rng, progress)
        _staff_of(places)
        generator = _Generator(options, today, progress)
        writer: _Writer = (
            _CopyWriter(generator.tables, progress)
            if connection.vendor == "postgresql"
            else _BulkCreateWriter(generator.tables)
        )
        generator.writer = writer
        writer.start()
        try:
            generator.run(places)
            progress.note("skriver index och kontrollerar främmande nycklar")
            writer.finish()
        finally:
            writer.close()
        summary.counts = {"nya enheter": made["enheter"], "nya användare": made["användare"]}
        for table in generator.tables:
            summary.counts[table.label] = summary.counts.get(table.label, 0) + table.written
        summary.households = generator.households_done
        summary.persons = generator.persons_done
        summary.bench_municipality = (
            places[BENCH_MUNICIPALITY].municipality.name if BENCH_MUNICIPALITY in places else ""
        )
    if connection.vendor == "postgresql" and options.analyze and not connection.in_atomic_block:
        progress.note("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            for table in generator.tables:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table.model._meta.db_table)}")
    summary.seconds = time.monotonic() - started
    progress.note(f"klart: {_n(summary.rows)} rader på {summary.seconds:.0f} s")
    return summary
