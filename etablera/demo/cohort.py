"""The demo's earlier arrivals (issue #12): a family near the end of its two programme years, and the cohorts of
four and three years ago whose programmes have ended — so that "programme ends soon" and the cohort outcomes
have something true to show.

All fictional. The households are registered, assigned and received through the reception services on their own
days (the timelines dated as in `demo.services`), every task finished, the reception case closed a year after the
arrival and the housing need closed (the household rents its own flat); then each adult's establishment — the
mapping, the programme, SFI, civic orientation and a status for every month since arrival — goes through
`establishment.services`. Idempotent as the rest of the demo: a household whose reference exists is left alone.

The cohorts are built so that the outcome figures show cells of at least five persons (two arrival years, each
with six men and six women aged 35–39 on arrival, all anvisade från anläggningsboende) next to small cells that
the report must suppress (a resettled man and woman in their late forties each year).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from itertools import groupby

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from etablera.demo import data
from etablera.demo.common import _identity, _on
from etablera.establishment import services as establishment
from etablera.establishment.models import MonthlyStatus, ProgrammePeriod, SfiEnrolment
from etablera.housing import services as housing
from etablera.organisation.models import Municipality, User
from etablera.people.models import Category, Household, HouseholdMember, Person
from etablera.people.services import PersonInput, create_household
from etablera.reception import services as reception
from etablera.reception.models import Assignment, Task

ABO, KVOT = Category.ASSIGNED_FROM_FACILITY, Category.RESETTLED
MS = MonthlyStatus.Status


@dataclass(frozen=True)
class Adult:
    first_name: str
    sex: str
    age: int  # on arrival
    outcome: str  # what the person does after the programme (a MonthlyStatus status, or "TIME_OUT_WORK")
    months: int = 24  # in the programme (24: it ran its time)
    sfi_path: int = 2


@dataclass(frozen=True)
class Earlier:
    reference: str
    surname: str
    category: str
    citizenship: str
    languages: str
    adults: tuple[Adult, ...]
    children: tuple[tuple[str, str, int], ...]  # (first name, sex, age on arrival)
    years_ago: int  # the arrival year is today.year - years_ago
    arrival_month: int
    street: str


def _cohort() -> tuple[Earlier, ...]:
    W, ST, TW, SA, PL = MS.WORK, MS.STUDIES, "TIME_OUT_WORK", MS.SOCIAL_ASSISTANCE, MS.PARENTAL_LEAVE
    couples = (
        # (surname, citizenship, language, man, woman, children)
        ("Alkhatib", "Syrien", "arabiska", ("Bassam", 36, W, 18), ("Nour", 35, ST, 20), (("Sami", "M", 9),)),
        ("Habte", "Eritrea", "tigrinja", ("Tesfalem", 38, W, 24), ("Saba", 36, TW, 24), ()),
        ("Ahmadi", "Afghanistan", "dari", ("Reza", 37, TW, 24), ("Mahnaz", 35, PL, 24), ()),
        (
            "Mohamud",
            "Somalia",
            "somaliska",
            ("Abdi", 39, W, 15),
            ("Faduma", 37, TW, 24),
            (("Hawa", "F", 12),),
        ),
        ("Darwish", "Syrien", "arabiska", ("Tarek", 35, ST, 21), ("Rasha", 38, W, 22), ()),
        (
            "Kidane",
            "Eritrea",
            "tigrinja",
            ("Yohannes", 36, SA, 24),
            ("Helen", 36, W, 19),
            (),
        ),
        (
            "Hosseini",
            "Afghanistan",
            "dari",
            ("Jawad", 38, W, 20),
            ("Fatima", 35, TW, 24),
            (),
        ),
        ("Suleiman", "Sudan", "arabiska", ("Hassan", 37, TW, 24), ("Amal", 39, ST, 24), ()),
        (
            "Barzani",
            "Irak",
            "kurdiska (sorani)",
            ("Kawa", 36, W, 16),
            ("Shilan", 37, W, 23),
            (),
        ),
        ("Tekle", "Eritrea", "tigrinja", ("Samuel", 35, SA, 24), ("Ruth", 38, PL, 24), (("Eden", "F", 1),)),
        ("Nazari", "Iran", "persiska", ("Kamran", 39, W, 12), ("Leila", 36, W, 20), ()),
        ("Qasim", "Irak", "arabiska", ("Mustafa", 37, ST, 24), ("Zainab", 35, TW, 24), ()),
    )
    households = []
    for index, (surname, country, language, man, woman, children) in enumerate(couples):
        years_ago = 4 if index < 6 else 3  # six couples a year
        households.append(
            Earlier(
                reference=f"DEMO-ANV-2{index + 1:02d}",
                surname=surname,
                category=ABO,
                citizenship=country,
                languages=language,
                adults=(
                    Adult(man[0], "M", man[1], man[2], man[3], sfi_path=1 + index % 3),
                    Adult(woman[0], "F", woman[1], woman[2], woman[3], sfi_path=1 + (index + 1) % 3),
                ),
                children=children,
                years_ago=years_ago,
                arrival_month=2 + index % 6,
                street=f"Brunnsgatan {10 + index}",
            )
        )
    # Resettled refugees in their late forties: one man and one woman each year, cells the report suppresses.
    for index, (first, sex, surname, years_ago) in enumerate(
        (("Emmanuel", "M", "Ndayishimiye", 4), ("Grace", "F", "Uwimana", 4), ("Joseph", "M", "Habimana", 3))
        + (("Esperance", "F", "Mukamana", 3),)
    ):
        households.append(
            Earlier(
                reference=f"DEMO-ANV-3{index + 1:02d}",
                surname=surname,
                category=KVOT,
                citizenship="Demokratiska republiken Kongo",
                languages="swahili, franska",
                adults=(Adult(first, sex, 47 + index, (W, TW, SA, ST)[index], 24, sfi_path=1),),
                children=(),
                years_ago=years_ago,
                arrival_month=9 + index,
                street=f"Västra Storgatan {3 + index}",
            )
        )
    return tuple(households)


# A family that came about two years ago: Samir's programme ends in seven weeks, Huda's ended in work.
ENDING_SOON = Earlier(
    reference="DEMO-ANV-401",
    surname="Nasser",
    category=ABO,
    citizenship="Syrien",
    languages="arabiska, engelska",
    adults=(Adult("Samir", "M", 40, MS.PROGRAMME, 24, sfi_path=2), Adult("Huda", "F", 37, MS.WORK, 19)),
    children=(("Adam", "M", 8),),
    years_ago=0,  # dated from the programme's end instead (see _ending_soon_arrival)
    arrival_month=0,
    street="Fruängsgatan 12",
)
ENDS_IN_DAYS = 50  # Samir's planned end, from the demo's today: within the 90/60-day lists


def _ending_soon_arrival(today: dt.date) -> dt.date:
    """Samir's programme started 75 days after arrival and ends in ENDS_IN_DAYS, after its 24 months."""
    start = today + dt.timedelta(days=ENDS_IN_DAYS) - relativedelta(months=24)
    return start - dt.timedelta(days=75)


def _arrival(spec: Earlier, today: dt.date, rng: random.Random) -> dt.date:
    if spec is ENDING_SOON:
        return _ending_soon_arrival(today)
    return dt.date(today.year - spec.years_ago, spec.arrival_month, rng.randint(3, 26))


def _members(spec: Earlier, arrival: dt.date, rng: random.Random) -> list[PersonInput]:
    taken: set[str] = set()
    decision = arrival - dt.timedelta(days=30)
    people = [(a.first_name, a.sex, a.age, HouseholdMember.Relation.ADULT) for a in spec.adults]
    people += [(name, sex, age, HouseholdMember.Relation.CHILD) for name, sex, age in spec.children]
    members = []
    for first_name, sex, age, relation in people:
        birth = arrival - relativedelta(years=age) - dt.timedelta(days=rng.randint(20, 340))
        members.append(
            PersonInput(
                first_name=first_name,
                last_name=spec.surname,
                category=spec.category,
                relation=relation,
                identity_number_type=data.P,
                identity_number=_identity(data.P, birth, sex, rng, taken),
                birth_date=birth,
                sex=sex,
                languages=spec.languages,
                citizenship=spec.citizenship,
                residence_permit=data.TUT if spec.category == ABO else data.PUT,
                residence_permit_date=decision - dt.timedelta(days=rng.randint(14, 45)),
            )
        )
    return members


def _receive(spec: Earlier, arrival: dt.date, users: dict[str, User], rng: random.Random) -> Household:
    """Registered, assigned and received on its days; every task done and the reception case closed a year later
    (or today); the housing need closed when the household signed its own lease."""
    actor = users["handlaggare"]
    municipality = Municipality.objects.get(code=data.NYKOPING)
    decision = arrival - dt.timedelta(days=30)
    with _on(decision + dt.timedelta(days=1), rng):
        household = create_household(
            actor=actor,
            municipality=municipality,
            name=f"Familjen {spec.surname}" if len(spec.adults) + len(spec.children) > 1 else spec.surname,
            members=_members(spec, arrival, rng),
        )
        assignment = reception.create_assignment(
            actor=actor,
            municipality=municipality,
            reference=spec.reference,
            category=spec.category,
            decision_date=decision,
            household=household,
        )
    with _on(arrival, rng, hour=10):
        case = reception.receive_household(
            actor=actor, assignment=assignment, arrival_date=arrival, recorded_on=arrival
        )
    today = timezone.localdate()
    tasks = Task.objects.filter(case=case, status=Task.Status.OPEN).order_by("due_date", "pk")
    for day, same_day in groupby(tasks, key=lambda task: min(max(task.due_date, arrival), today)):
        with _on(day, rng):
            for task in same_day:
                reception.complete_task(actor=actor, task=task)
    closed = min(arrival + relativedelta(years=1), today)
    with _on(closed, rng):
        reception.close_reception_case(actor=actor, case=case, closed_date=closed)
        housing.close_housing_need(
            actor=users["bostad"], household=household, note="Hushållet har ett eget förstahandskontrakt."
        )
    for person in household.members.all():
        Person.objects.filter(pk=person.pk).update(
            address_street=spec.street, address_postal_code="611 32", address_city="Nyköping"
        )
    return household


def _months(first: dt.date, last: dt.date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month += relativedelta(months=1)


STATUS_MONTHS_AFTER = 4
END_REASON = {
    MS.WORK: ProgrammePeriod.EndReason.WORK,
    MS.STUDIES: ProgrammePeriod.EndReason.STUDIES,
    MS.PARENTAL_LEAVE: ProgrammePeriod.EndReason.PARENTAL_LEAVE,
}


def _adult(adult: Adult, person: Person, arrival: dt.date, today: dt.date, actor, rng: random.Random) -> None:
    """The adult's mapping, programme, SFI, civic orientation and a status for each month until last month."""
    assessment = establishment.start_assessment(actor=actor, person=person, arrival=arrival)
    mapped = arrival + dt.timedelta(days=rng.randint(10, 20))
    type(assessment).objects.filter(pk=assessment.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(arrival + dt.timedelta(days=3), dt.time(10)))
    )
    assessment.refresh_from_db()
    establishment.add_language(actor=actor, assessment=assessment, language="svenska", level="NONE")
    establishment.complete_assessment(actor=actor, assessment=assessment, on=mapped)

    start = arrival + dt.timedelta(days=rng.randint(55, 75) if adult.outcome != MS.PROGRAMME else 75)
    period = establishment.record_programme(
        actor=actor,
        person=person,
        referral_date=arrival + dt.timedelta(days=14),
        plan_date=start - dt.timedelta(days=10),
        start_date=start,
    )
    ended = None
    if adult.outcome != MS.PROGRAMME:
        ended = min(start + relativedelta(months=adult.months) - dt.timedelta(days=1), today)
        reason = ProgrammePeriod.EndReason.TIME_OUT  # it ran its 24 months
        if adult.outcome == MS.PARENTAL_LEAVE or adult.months < 24:
            reason = END_REASON.get(adult.outcome, ProgrammePeriod.EndReason.OTHER)
        establishment.end_programme(actor=actor, period=period, actual_end=ended, reason=reason)

    enrolled = arrival + dt.timedelta(days=rng.randint(10, 25))
    sfi_start = enrolled + dt.timedelta(days=rng.randint(20, 70))
    course = "ABCD"[adult.sfi_path - 1] if adult.sfi_path < 3 else "C"
    enrolment = establishment.record_sfi(
        actor=actor,
        person=person,
        enrolled_on=enrolled,
        course=course,
        study_path=adult.sfi_path,
        start_date=sfi_start,
        hours_per_week=15,
    )
    if adult.outcome == MS.PARENTAL_LEAVE:
        pause = sfi_start + relativedelta(months=8)
        establishment.add_sfi_interruption(
            actor=actor,
            enrolment=enrolment,
            start_date=pause,
            end_date=pause + relativedelta(months=6),
            reason="Föräldraledig",
        )
    done = sfi_start + relativedelta(months=10 + 2 * adult.sfi_path + rng.randint(0, 4))
    if done < today and adult.outcome != MS.PROGRAMME:
        establishment.complete_sfi(
            actor=actor, enrolment=enrolment, on=done, completed=adult.outcome != MS.SOCIAL_ASSISTANCE
        )
    orientation = arrival + dt.timedelta(days=rng.randint(40, 80))
    establishment.record_civic_orientation(
        actor=actor,
        person=person,
        start_date=orientation,
        language=person.languages.split(",")[0],
        hours=100,
        completed_on=min(orientation + relativedelta(months=4), today),
    )
    # The statuses as imported month by month (the system writes them, as `etablera import monthly-status` does):
    # up to last month, and for an ended programme four months past its end (enough for the outcome figures).
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if ended is not None:
        last = min(last, ended.replace(day=1) + relativedelta(months=STATUS_MONTHS_AFTER))
    for month in _months(arrival, last):
        establishment.set_monthly_status(
            actor=None, person=person, month=month, status=_status(adult, month, start, ended)
        )


def _status(adult: Adult, month: dt.date, start: dt.date, ended: dt.date | None) -> str:
    if month < start.replace(day=1):
        return MS.SOCIAL_ASSISTANCE  # glappet: before the establishment allowance
    if ended is None or month <= ended.replace(day=1):
        return MS.PROGRAMME
    if adult.outcome == "TIME_OUT_WORK":  # some months on försörjningsstöd, then work
        return MS.WORK if month >= ended.replace(day=1) + relativedelta(months=4) else MS.SOCIAL_ASSISTANCE
    if adult.outcome == MS.PARENTAL_LEAVE and month >= ended.replace(day=1) + relativedelta(months=10):
        return MS.STUDIES
    return adult.outcome


def _load(spec: Earlier, today: dt.date, users: dict[str, User]) -> None:
    rng = random.Random(f"{data.SEED}-{spec.reference}")  # noqa: S311 — fictional data, not secrets
    arrival = _arrival(spec, today, rng)
    household = _receive(spec, arrival, users, rng)
    for adult in spec.adults:
        person = household.members.get(first_name=adult.first_name)
        _adult(adult, person, arrival, today, users["handlaggare"], rng)
    if spec is ENDING_SOON:
        samir = household.members.get(first_name="Samir")
        sfi = SfiEnrolment.objects.get(person=samir)
        establishment.complete_sfi(
            actor=users["handlaggare"], enrolment=sfi, on=today - dt.timedelta(days=40)
        )


def load_earlier_arrivals(today: dt.date, users: dict[str, User]) -> list[Household]:
    """The households of earlier years that are not yet in the database; returns those it created."""
    created = []
    for spec in (*_cohort(), ENDING_SOON):
        if Assignment.objects.filter(reference=spec.reference).exists():
            continue
        _load(spec, today, users)
        created.append(Household.objects.get(assignments__reference=spec.reference))
    return created


COHORT = _cohort()
