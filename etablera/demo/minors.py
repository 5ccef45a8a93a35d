"""The demo's unaccompanied minors and young adults (issue #14), in Nyköping.

- Mustafa Haidari, 15, came alone from Afghanistan half a year ago. He lives in an HVB home, has a god man, was
  visited three weeks ago (when his plan was updated), and Röda korset is tracing his parents.
- Liban Jama, 17, is still seeking asylum and lives in a family home. He turns 18 next month, so the report of
  continued responsibility to Migrationsverket is due this month (three weeks before the birthday) — the list's
  first row.
- Filmon Tesfay, 19, came at 16. At 18 the social board kept the responsibility; he now lives in exit housing
  (utslussboende) with a plan for the young-adult years.
- Mustafa's mother and sister have an anvisning as family reunification, not yet received: their household is
  linked to him.

The children are received households like the rest of the demo (demo.services._create_household, passed in: registered,
assigned and received through the reception services, their tasks worked on); their cases are written through
etablera.minors.services as `soc` at Socialtjänsten, who sees them through the reception's tasks. Idempotent: a
household whose reference exists is left alone, and a story is told only to a person without a case.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from decimal import Decimal
from itertools import groupby

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.demo import data
from etablera.demo.common import _on
from etablera.demo.establishment_writes import _person
from etablera.housing import services as housing
from etablera.housing.models import HousingNeed
from etablera.minors import services
from etablera.minors.models import ChildCase, Guardian, Placement
from etablera.minors.services.plan import record_care_plan
from etablera.people.models import Category, Household, Person
from etablera.reception import services as reception
from etablera.reception.models import Assignment, ReceptionCase, Task
from etablera.rules import minors as rules
from etablera.rules.parameters import parameter_value

# The households' fictional references (DEMO-ANV-3xx and -401 are the earlier arrivals', demo/cohort.py).
MUSTAFA, LIBAN, FILMON, RELATIVES = "DEMO-ANV-501", "DEMO-ANV-502", "DEMO-ANV-503", "DEMO-ANV-504"
REPORT_LEAD_DAYS = 10  # Liban's report falls this many days from today (within the month, when it can)


def report_birth_date(today: dt.date) -> dt.date:
    """A birth date whose report of continued responsibility falls in today's month, after today when the month
    has days left (the tenth day from today, or the month's last), and which the demo's `_birth_date` gives back
    exactly from the 18th birthday (not 29 February)."""
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    wanted = [today + dt.timedelta(days=n) for n in range(REPORT_LEAD_DAYS, 0, -1)]
    wanted = [day for day in wanted if day <= last] + [today]
    for due in wanted:
        adult = due + dt.timedelta(weeks=parameter_value("minors.continued_responsibility_notice_weeks", due))
        born = adult - relativedelta(years=rules.care_age(adult))
        if rules.turns_adult(born) == adult and rules.continued_responsibility_report(born).date == due:
            return born
    raise ValueError("no birth date gives a report due this month")  # pragma: no cover — a rule change


def _child(
    reference: str, surname: str, first_name: str, age: int, turns_in_days: int, **facts
) -> data.HouseholdSpec:
    """An unaccompanied child's household: the child alone, an interpreter in the first language."""
    return data.HouseholdSpec(
        reference=reference,
        name=surname,
        surname=surname,
        category=Category.UNACCOMPANIED_MINOR,
        members=(data.MemberSpec(first_name, "M", age, data.CHILD, turns_next_in_days=turns_in_days),),
        **facts,
    )


def _specs(today: dt.date) -> tuple[data.HouseholdSpec, ...]:
    liban_adult = rules.turns_adult(report_birth_date(today))
    return (
        _child(
            MUSTAFA,
            "Haidari",
            "Mustafa",
            15,
            140,
            citizenship="Afghanistan",
            languages="dari",
            interpreter="dari",
            permit=data.TUT,
            id_type=data.S,
            decided_days_ago=205,
            arrived_days_ago=185,
            progress=0.9,
        ),
        _child(
            LIBAN,
            "Jama",
            "Liban",
            17,
            (liban_adult - today).days,
            citizenship="Somalia",
            languages="somaliska, engelska",
            interpreter="somaliska",
            permit=Person.ResidencePermit.NONE,  # an asylum seeker: no permit yet
            id_type=data.D,
            decided_days_ago=250,
            arrived_days_ago=232,
            progress=0.9,
        ),
        _child(
            FILMON,
            "Tesfay",
            "Filmon",
            19,
            150,
            citizenship="Eritrea",
            languages="tigrinja, svenska",
            interpreter="tigrinja",
            permit=data.TUT,
            id_type=data.S,
            decided_days_ago=1205,
            arrived_days_ago=1190,
            progress=1.0,
        ),
    )


def _relatives_spec() -> data.HouseholdSpec:
    return data.HouseholdSpec(
        reference=RELATIVES,
        name="Familjen Haidari",
        surname="Haidari",
        category=Category.FAMILY_REUNIFICATION,
        citizenship="Afghanistan",
        languages="dari",
        interpreter="dari",
        permit=data.TUT,
        id_type=data.S,
        members=(data.MemberSpec("Zarghuna", "F", 41), data.MemberSpec("Parwana", "F", 10, data.CHILD)),
        decided_days_ago=12,
        anchor=(MUSTAFA, "Mustafa"),
    )


def _open(soc, person, arrived: dt.date, asylum_status: str, investigated_in_days: int, **facts) -> ChildCase:
    """The case opened on arrival, with the investigation started that day and decided `investigated_in_days` on."""
    return services.open_case(
        soc,
        person,
        arrived_on=arrived,
        asylum_status=asylum_status,
        investigation_started_on=arrived,
        investigation_decided_on=arrived + dt.timedelta(days=investigated_in_days),
        **facts,
    )


def _good_man(soc, case, name: str, arrived: dt.date, applied: int, appointed: int, **contact) -> Guardian:
    """A god man, applied for `applied` days and appointed `appointed` days after the arrival."""
    return services.add_guardian(
        soc,
        case,
        kind=Guardian.Kind.GOOD_MAN,
        name=name,
        applied_on=arrived + dt.timedelta(days=applied),
        appointed_on=arrived + dt.timedelta(days=appointed),
        **contact,
    )


def _mustafa(person, today: dt.date, soc) -> ChildCase:
    arrived = today - dt.timedelta(days=185)
    case = _open(
        soc,
        person,
        arrived,
        ChildCase.AsylumStatus.TEMPORARY_PERMIT,
        90,
        permit_decided_on=arrived - dt.timedelta(days=40),
    )
    home = services.add_placement(
        soc,
        case,
        kind=Placement.Kind.HVB,
        provider="HVB Solgläntan",
        decided_on=arrived,
        starts_on=arrived,
        cost_per_day=Decimal("2950"),
    )
    _good_man(
        soc, case, "Birgitta Ålund", arrived, 1, 16, phone="070-123 45 67", email="birgitta.alund@example.org"
    )
    services.record_visit(
        soc,
        case,
        placement=home,
        visited_on=today - dt.timedelta(weeks=3),
        note="Trivs på boendet och har börjat träna fotboll. Saknar sin mamma och sin syster.",
    )
    services.record_tracing(
        soc,
        case,
        requested_on=arrived + dt.timedelta(days=30),
        via="Röda korset",
        note="Mamman och systern tros vara i Iran; Röda korset söker genom sin efterforskningstjänst.",
    )
    record_care_plan(
        soc,
        case,
        care_plan="Mustafa bor kvar på HVB Solgläntan under utredningen om familjeåterförening. Han går i "
        "förberedelseklass på Tessinskolan och ska få en plats i ordinarie klass till vårterminen. "
        "Hälsoundersökningen är gjord; uppföljning hos BUP om sömnen. Kontakt med mamman och systern via "
        "Röda korset; god man följer med på mötena med Migrationsverket.",
        updated_on=today - dt.timedelta(weeks=3),
    )
    return case


def _liban(person, today: dt.date, soc) -> None:
    arrived = today - dt.timedelta(days=232)
    case = _open(soc, person, arrived, ChildCase.AsylumStatus.SEEKING, 75)
    emergency_ends = arrived + dt.timedelta(days=20)
    services.add_placement(
        soc,
        case,
        kind=Placement.Kind.EMERGENCY_HOME,
        provider="Jourhemmet Karlsson",
        decided_on=arrived,
        starts_on=arrived,
        ends_on=emergency_ends,
        cost_per_day=Decimal("1800"),
    )
    home = services.add_placement(
        soc,
        case,
        kind=Placement.Kind.FAMILY_HOME,
        provider="Familjehemmet Lindgren, Stigtomta",
        decided_on=emergency_ends - dt.timedelta(days=5),
        starts_on=emergency_ends + dt.timedelta(days=1),
        cost_per_day=Decimal("1650"),
    )
    _good_man(soc, case, "Göran Wikström", arrived, 1, 12, phone="070-987 65 43")
    services.record_visit(
        soc,
        case,
        placement=home,
        visited_on=today - dt.timedelta(days=30),
        note="Går på gymnasiets språkintroduktion. Familjehemmet vill att han bor kvar efter 18.",
    )


def _filmon(person, today: dt.date, soc) -> None:
    arrived = today - dt.timedelta(days=1190)
    adult = rules.turns_adult(person.birth_date)
    report_due = rules.continued_responsibility_report(person.birth_date).date
    case = _open(soc, person, arrived, ChildCase.AsylumStatus.SEEKING, 80)
    services.add_placement(
        soc,
        case,
        kind=Placement.Kind.HVB,
        provider="HVB Ekbacken",
        decided_on=arrived,
        starts_on=arrived,
        ends_on=adult - dt.timedelta(days=1),
        cost_per_day=Decimal("3100"),
    )
    good_man = _good_man(soc, case, "Ingrid Sandberg", arrived, 2, 20)
    services.end_guardian(soc, good_man, ended_on=adult, reason=Guardian.EndReason.ADULT)
    services.record_report_sent(soc, case, sent_on=report_due - dt.timedelta(days=6))
    services.decide_after_18(
        soc, case, decision=ChildCase.After18.KEEP, decided_on=report_due - dt.timedelta(days=9)
    )
    exit_housing = services.add_placement(
        soc,
        case,
        kind=Placement.Kind.EXIT_HOUSING,
        provider="Utslussboendet Kvarngatan",
        decided_on=adult - dt.timedelta(days=14),
        starts_on=adult,
        cost_per_day=Decimal("1200"),
    )
    services.update_case(
        soc,
        case,
        asylum_status=ChildCase.AsylumStatus.TEMPORARY_PERMIT,
        permit_decided_on=adult + dt.timedelta(days=70),
        young_adult_plan="Bor i utslussboendet med stöd två gånger i veckan och lär sig sköta ekonomi, tvätt och "
        "matlagning. Läser klart gymnasiets vård- och omsorgsprogram till sommaren. Söker egen lägenhet genom "
        "bostadsenheten inför 20-årsdagen; ansvaret upphör vid 21.",
    )
    services.record_visit(
        soc,
        case,
        placement=exit_housing,
        visited_on=today - dt.timedelta(days=40),
        note="Klarar vardagen allt bättre. Har sommarjobb på ett äldreboende.",
    )


def _address(reference: str, street: str, postal_code: str) -> None:
    """The child's address where the child lives, as the loader writes the received households' (demo.services
    _ensure_addresses: they come from the population register, which has no page), once."""
    for person in Person.objects.filter(
        household_memberships__household__assignments__reference=reference, address_street=""
    ):
        Person.objects.filter(pk=person.pk).update(
            address_street=street, address_postal_code=postal_code, address_city="Nyköping"
        )
        log_change(None, AuditEvent.Action.UPDATE, person, "Adress registrerad (demodata)")


def _close_reception(reference: str, today: dt.date, users: dict) -> None:
    """Filmon's reception ended a year after his arrival, as the earlier arrivals' did (demo/cohort.py): every task
    finished, the case closed, the housing need closed (social services house him). After his child case is open,
    which keeps social services' sight of him when the reception's tasks no longer do."""
    actor = users["handlaggare"]
    case = ReceptionCase.objects.filter(
        household__assignments__reference=reference, status=ReceptionCase.Status.OPEN
    ).first()
    if case is None:
        return
    rng = random.Random(f"{data.SEED}-{reference}-closing")  # noqa: S311 — fictional data, not secrets
    tasks = Task.objects.filter(case=case, status=Task.Status.OPEN).order_by("due_date", "pk")
    for day, same_day in groupby(tasks, key=lambda task: min(max(task.due_date, case.arrival_date), today)):
        with _on(day, rng):
            for task in same_day:
                reception.complete_task(actor=actor, task=task)
    closed = min(case.arrival_date + relativedelta(years=1), today)
    with _on(closed, rng):
        reception.close_reception_case(actor=actor, case=case, closed_date=closed)
        if HousingNeed.objects.filter(
            household=case.household, status__in=HousingNeed.OPEN_STATUSES
        ).exists():
            housing.close_housing_need(
                actor=users["bostad"],
                household=case.household,
                note="Socialtjänsten ordnar boendet (HVB, sedan utslussboende).",
            )


def _receive(spec: data.HouseholdSpec, today: dt.date, users: dict, units: dict, create_household) -> None:
    if Assignment.objects.filter(reference=spec.reference).exists():
        return
    rng = random.Random(f"{data.SEED}-{spec.reference}")  # noqa: S311 — fictional data, not secrets
    create_household(spec, today, users, units, rng)


def load_minors(today: dt.date, users: dict, units: dict, create_household) -> None:
    """Tell the stories once: a household is made when its reference is unknown, a case only when the child has
    none. `create_household` is demo.services' own (passed in: demo.services imports this module)."""
    today = min(today, timezone.localdate())
    soc = users["soc"]
    for spec in _specs(today):
        _receive(spec, today, users, units, create_household)
    stories = ((MUSTAFA, "Mustafa", _mustafa), (LIBAN, "Liban", _liban), (FILMON, "Filmon", _filmon))
    for reference, first_name, story in stories:
        person = _person(reference, first_name)
        if person is not None and not ChildCase.objects.filter(person=person).exists():
            story(person, today, soc)
    _close_reception(FILMON, today, users)
    for reference, street, postal_code in (
        (MUSTAFA, "Solgläntans väg 4", "611 38"),
        (LIBAN, "Ängsvägen 12", "611 35"),
        (FILMON, "Kvarngatan 8", "611 32"),
    ):
        _address(reference, street, postal_code)
    _receive(
        _relatives_spec(), today, users, units, create_household
    )  # after Mustafa: he is the household's anchor
    mustafa = _person(MUSTAFA, "Mustafa")
    case = ChildCase.objects.filter(person=mustafa).first() if mustafa else None
    relatives = Household.objects.filter(assignments__reference=RELATIVES).first()
    if case is not None and relatives is not None and not case.relatives.filter(household=relatives).exists():
        # The anvisning waits: no reception yet, so no unit of social services is involved in the household and
        # the link is written as the system (as the import of Migrationsverket's decisions would).
        services.link_relative(
            None,
            case,
            household=relatives,
            relation="mamma och syster",
            noted_on=today - dt.timedelta(days=10),
        )
