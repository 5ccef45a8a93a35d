"""The demo's activity requirement and the work that fills it (issue #13), in Nyköping.

- The catalogue: a language café at the library (Kultur och fritid), work training in the municipality's workshop
  and a job-seeking workshop (Arbetsmarknadsenheten), SFI in the evening (SFI).
- The praktikplatsbank: three fictional employers with their contacts and supervisors — a builder, a care company
  and a café — and their placements: open ones, one filled, one ended in employment.
- Yohannes Kidane came four years ago; his programme ended without work and he has had försörjningsstöd since. The
  requirement covers him: Socialtjänsten has drawn up his plan, his week is work training, the language café and
  job seeking, a job coach met him within the three days, and he has accepted a placement at the warehouse.
- Samuel Tekle (three years ago) is covered too, but has no plan yet. He declined a placement without a reason and
  missed the language café without a word: two deviations for Socialtjänsten to assess — Etablera decides nothing.
- Hodan Warsame waits for the programme on försörjningsstöd: her requirement would start later, and the programme,
  full time, is recorded as her exemption from its first day.
- Tesfalem Habte's placement at the café ended in employment: the report's outcomes have something to count.

Written through the services as the staff who would do it (`soc` at Socialtjänsten, `arbetsmarknad` at the
labour-market unit, `admin` for Kultur och fritid). Idempotent: nothing is written when the catalogue exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from etablera.activity.models import Activity, Participation
from etablera.activity.services import (
    attendance,
    catalogue,
    deviations,
    employers,
    job_coach,
    placements,
    requirement,
    support,
    week,
)
from etablera.demo import data
from etablera.demo.establishment_writes import _person
from etablera.organisation.models import Municipality

MARK = "Stadsbiblioteket, Stora torget"  # the language café's place: the catalogue is written once


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _catalogue(nykoping, users, units, start):
    labour = users["arbetsmarknad"]
    cafe = catalogue.create_activity(
        actor=users["admin"],
        municipality=nykoping,
        unit=units["Kultur och fritid"],
        name="Språkcafé på Stadsbiblioteket",
        kind=Activity.Kind.LANGUAGE_CAFE,
        description="Samtal på svenska i små grupper med volontärer från Röda korset.",
        organiser="Röda korset Nyköping",
        place=MARK,
        postcode="61130",
        schedule="tis och tors 13–16",
        hours_per_week=Decimal(6),
        places=20,
        languages=["sv", "ar", "ti"],
        language_support=True,
        starts_on=start,
    )
    workshop = catalogue.create_activity(
        actor=labour,
        municipality=nykoping,
        unit=units["Arbetsmarknadsenheten"],
        name="Arbetsträning i kommunens verkstad",
        kind=Activity.Kind.WORK_TRAINING,
        description="Snickeri, montering och lager med handledare.",
        place="Kommunens verkstad, Brunnsgatan 12",
        postcode="61132",
        schedule="mån–fre 8–12",
        hours_per_week=Decimal(20),
        places=12,
        languages=["sv"],
        language_support=False,
        starts_on=start,
    )
    jobs = catalogue.create_activity(
        actor=labour,
        municipality=nykoping,
        unit=units["Arbetsmarknadsenheten"],
        name="Jobbsökarverkstad",
        kind=Activity.Kind.JOB_SEEKING,
        description="CV, personligt brev och intervjuträning; datorer finns.",
        place="Arbetsmarknadsenheten, Västra Storgatan 3",
        postcode="61131",
        schedule="ons 9–14",
        hours_per_week=Decimal(5),
        places=15,
        languages=["sv", "en", "ar"],
        language_support=True,
        starts_on=start,
    )
    catalogue.create_activity(
        actor=users["sfi"],
        municipality=nykoping,
        unit=units["SFI"],
        name="SFI kvällstid",
        kind=Activity.Kind.SFI_EXTRA,
        description="Extra lektioner för den som arbetar eller praktiserar på dagtid.",
        place="Campus Nyköping",
        postcode="61134",
        schedule="mån och ons 18–20",
        hours_per_week=Decimal(4),
        places=25,
        languages=["sv"],
        language_support=False,
        starts_on=start,
    )
    return cafe, workshop, jobs


def _bank(nykoping, users, today):
    actor = users["arbetsmarknad"]
    builder = employers.create_employer(
        actor=actor,
        municipality=nykoping,
        name="Nyköpings Bygg & Montage AB",
        organisation_number="556677-8899",
        industry="Bygg",
        address="Industrigatan 4, Nyköping",
        postcode="61138",
    )
    employers.add_contact(
        actor=actor,
        employer=builder,
        name="Mats Berglund",
        role="Platschef",
        phone="0155-22 33 44",
        email="mats.berglund@example.org",
        is_supervisor=True,
    )
    care = employers.create_employer(
        actor=actor,
        municipality=nykoping,
        name="Omsorgsbolaget i Sörmland AB",
        organisation_number="559012-3450",
        industry="Vård och omsorg",
        postcode="61136",
    )
    employers.add_contact(
        actor=actor,
        employer=care,
        name="Eva Lund",
        role="Enhetschef",
        phone="0155-10 20 30",
        email="eva.lund@example.org",
        is_supervisor=True,
    )
    cafe = employers.create_employer(
        actor=actor,
        municipality=nykoping,
        name="Café Kvarnen AB",
        organisation_number="556123-4567",
        industry="Restaurang och café",
        postcode="61130",
    )
    employers.add_contact(
        actor=actor, employer=cafe, name="Lina Öberg", role="Ägare", phone="0155-55 66 77", is_supervisor=True
    )

    def placement(employer, title, ssyk, start, weeks, hours, **extra):
        return placements.create_placement(
            actor=actor,
            employer=employer,
            title=title,
            ssyk=ssyk,
            tasks=extra.pop("tasks", "Arbetsuppgifter enligt handledarens plan."),
            starts_on=start,
            ends_on=start + dt.timedelta(weeks=weeks),
            hours_per_week=Decimal(hours),
            **extra,
        )

    warehouse = placement(
        builder,
        "Praktik på lager och montering",
        "4321",
        today + dt.timedelta(days=7),
        12,
        30,
        tasks="Ta emot gods, plocka order och montera stommar.",
        swedish_level="BASIC",
        postcode="61138",
    )
    carpenter = placement(
        builder,
        "Praktik som snickare",
        "7111",
        today + dt.timedelta(days=21),
        16,
        40,
        swedish_level="BASIC",
        driving_licence=True,
        postcode="61138",
    )
    assistant = placement(
        care,
        "Praktik som vårdbiträde",
        "5321",
        today + dt.timedelta(days=14),
        12,
        30,
        tasks="Stöd i vardagen på ett äldreboende, tillsammans med en undersköterska.",
        swedish_level="GOOD",
        languages=["ar", "ti", "so"],
        postcode="61136",
    )
    barista = placement(
        cafe,
        "Praktik i café",
        "9412",
        today - dt.timedelta(weeks=20),
        12,
        30,
        swedish_level="BASIC",
        postcode="61130",
    )
    return warehouse, carpenter, assistant, barista


def _support(household, persons, months, today):
    """The months as the monthly import from the social-services system writes them (as the system: the import
    runs on its own, and it is what makes the household social services' to see)."""
    first = today.replace(day=1) - relativedelta(months=months - 1)
    for n in range(months):
        support.record_support_month(
            actor=None,
            household=household,
            month=first + relativedelta(months=n),
            amount=9800 + 150 * n % 600,
            persons=persons,
            source="IMPORT",
        )


def _yohannes(person, today, users, cafe, workshop, jobs, warehouse) -> None:
    soc, labour = users["soc"], users["arbetsmarknad"]
    household = person.household_memberships.get().household
    _support(household, [person], 14, today)
    assigned = today - dt.timedelta(days=28)
    coach = job_coach.assign_job_coach(soc, person, coach=labour, assigned_on=assigned)
    job_coach.record_first_contact(labour, coach, on=assigned + dt.timedelta(days=2))
    requirement.draw_up_plan(
        actor=soc,
        person=person,
        hours_per_week=Decimal(40),
        job_seeking_hours=Decimal(5),
        content="Arbetsträning 20 timmar, språkcafé 6 timmar, jobbsökarverkstad 5 timmar och eget jobbsökande. "
        "Praktik på lager från nästa vecka, som ersätter arbetsträningen.",
        drawn_up_on=today - dt.timedelta(days=30),
        follow_up_on=today + dt.timedelta(days=30),
    )
    started = _monday(today) - dt.timedelta(weeks=4)
    lines = [
        week.add_participation(
            labour, person, kind="ACTIVITY", activity=workshop, hours_per_week=Decimal(20), starts_on=started
        ),
        week.add_participation(
            labour, person, kind="ACTIVITY", activity=cafe, hours_per_week=Decimal(6), starts_on=started
        ),
        week.add_participation(
            labour, person, kind="ACTIVITY", activity=jobs, hours_per_week=Decimal(5), starts_on=started
        ),
    ]
    for back in (4, 3, 2, 1):
        monday = _monday(today) - dt.timedelta(weeks=back)
        for line in lines:
            absent = Decimal(2) if (back == 2 and line.activity_id == cafe.pk) else Decimal(0)
            attendance.record_attendance(
                users["admin"]
                if line.activity_id == cafe.pk
                else labour,  # Kultur och fritid has no demo login
                line,
                week=monday,
                hours_attended=line.hours_per_week - absent,
                hours_absent=absent,
                absence_reason="APPOINTMENT" if absent else "",
            )
    offer = placements.offer_placement(
        labour,
        warehouse,
        person,
        explanation=[["Har arbetat på lager i Eritrea.", {}]],
        offered_on=today - dt.timedelta(days=3),
    )
    placements.accept_offer(actor=labour, offer=offer, answered_on=today - dt.timedelta(days=1))


def _samuel(person, today, users, cafe, assistant) -> None:
    labour = users["arbetsmarknad"]
    household = person.household_memberships.get().household
    _support(household, [person], 10, today)
    job_coach.assign_job_coach(users["soc"], person, coach=labour, assigned_on=today - dt.timedelta(days=21))
    started = _monday(today) - dt.timedelta(weeks=3)
    line = week.add_participation(
        labour, person, kind="ACTIVITY", activity=cafe, hours_per_week=Decimal(6), starts_on=started
    )
    for back in (3, 2, 1):
        missed = back == 1
        attendance.record_attendance(
            users["admin"],  # the café is Kultur och fritid's, which has no demo login
            line,
            week=_monday(today) - dt.timedelta(weeks=back),
            hours_attended=Decimal(0) if missed else Decimal(6),
            hours_absent=Decimal(6) if missed else Decimal(0),
            absence_reason="NO_REASON" if missed else "",
        )
    deviations.report_deviation(
        labour,
        person,
        kind="ABSENCE",
        occurred_on=_monday(today) - dt.timedelta(weeks=1, days=-1),
        description="Kom inte till språkcaféet tisdag och torsdag och hörde inte av sig.",
        participation=line,
    )
    offer = placements.offer_placement(
        labour,
        assistant,
        person,
        explanation=[["Talar tigrinja och arabiska.", {}]],
        offered_on=today - dt.timedelta(days=6),
    )
    placements.decline_offer(
        actor=labour,
        offer=offer,
        reason="Vill inte arbeta inom vården.",
        answered_on=today - dt.timedelta(days=2),
    )
    deviations.report_deviation(
        labour,
        person,
        kind="DECLINED_PLACEMENT",
        occurred_on=today - dt.timedelta(days=2),
        description="Ville inte ta praktiken som vårdbiträde och angav inget annat skäl än att han inte vill "
        "arbeta inom vården.",
    )


def _hodan(person, today, users) -> None:
    household = person.household_memberships.get().household
    _support(household, [person], 2, today)
    programme = person.programme_periods.order_by("-referral_date").first()
    starts = programme.start_date if programme and programme.start_date else today + dt.timedelta(days=21)
    requirement.record_exemption(
        actor=users["soc"],
        person=person,
        ground="AF_PROGRAMME",
        valid_from=starts,
        note="Etableringsprogrammet på heltid från sin start.",
    )


def _tesfalem(person, today, users, barista) -> None:
    labour = users["admin"]  # he has left försörjningsstöd and the unit's sight: the administrator records it
    offer = placements.offer_placement(
        labour,
        barista,
        person,
        explanation=[["Vill arbeta med service.", {}]],
        offered_on=barista.starts_on - dt.timedelta(days=10),
    )
    placements.accept_offer(actor=labour, offer=offer, answered_on=barista.starts_on - dt.timedelta(days=7))
    placements.end_placement(actor=labour, placement=barista, outcome="EMPLOYMENT", ended_on=barista.ends_on)
    placements.record_follow_up(
        actor=labour,
        placement=barista,
        text="Anställd på deltid från praktikens sista vecka; arbetsgivaren är mycket nöjd.",
        on=barista.ends_on,
    )


def load_activity(today: dt.date, users: dict, units: dict) -> None:
    """Tell the stories once: nothing when the catalogue is there."""
    today = min(today, timezone.localdate())
    if Activity.objects.filter(place=MARK).exists():
        return
    nykoping_units = {name: unit for (code, name), unit in units.items() if code == data.NYKOPING}
    nykoping = Municipality.objects.get(code=data.NYKOPING)
    start = today - relativedelta(months=6)
    cafe, workshop, jobs = _catalogue(nykoping, users, nykoping_units, start)
    warehouse, _carpenter, assistant, barista = _bank(nykoping, users, today)
    stories = (
        ("DEMO-ANV-206", "Yohannes", lambda p: _yohannes(p, today, users, cafe, workshop, jobs, warehouse)),
        ("DEMO-ANV-210", "Samuel", lambda p: _samuel(p, today, users, cafe, assistant)),
        ("DEMO-ANV-003", "Hodan", lambda p: _hodan(p, today, users)),
        ("DEMO-ANV-202", "Tesfalem", lambda p: _tesfalem(p, today, users, barista)),
    )
    for reference, first_name, story in stories:
        person = _person(reference, first_name)
        if person is not None and not Participation.objects.filter(person=person).exists():
            story(person)
