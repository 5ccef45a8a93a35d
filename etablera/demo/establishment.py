"""The demo's establishment phase (issue #12): the households of `demo.data` at every stage, and the earlier
arrivals of `demo.cohort`. The plan stories (Khaled, Rania, Dawit, Samir) are in demo/establishment_plans.py, the
writes they share in demo/establishment_writes.py.

- Karwan Hussein came three days ago: his mapping is started and due in three weeks.
- Selam Ghebre (16 days): her mapping is under way; her son Yonas's mapping is done by the reception school.
- Olena Kovalenko (35 days) is mapped and studies SFI; temporary protection gives no programme.
- Zahra Rahimi (60 days) is mapped and has her plan; her husband Farid works.
- Hodan Warsame (95 days) is mapped, has a plan and is referred to the programme, which starts in three weeks:
  the gap ("glappet") before the establishment allowance, on försörjningsstöd meanwhile.
- Khaled Haddad (115 days) has a plan across units — SFI, the labour-market unit and Arbetsförmedlingen — with two
  follow-up meetings; he is in the programme and has had a break in SFI. Rania Haddad has a SIP, started the day
  after she gave her written consent to Socialtjänsten and Region Sörmland.
- Dawit Tesfay (125 days): his work placement does not work (a bad back), and his plan is marked for revision.
- Ahmad Sultani (17): his mapping as a child, handed over to the reception school.
- The Nasser family (about two years): Samir's programme ends in seven weeks, Huda's ended in work.
- Twelve families and four resettled refugees who came four and three years ago: the cohorts with outcomes.

Each demo user of an establishment unit reaches the people of its work: SFI, Socialtjänsten and the labour-market
unit (`arbetsmarknad`) give interventions in the plans or lead them, which keeps them involved after the reception
case closes (access/visibility/establishment.py).

Written through `establishment.services` as the staff who would do it. Dates are relative to the demo's `today`
(the day the demo is loaded); the services refuse dates after the real today, and the demo writes none. The days a
mapping, plan or meeting was started are moved back to their simulated day (as the timelines are), so that a
mapping can be completed on its day. Idempotent: a person who has a mapping has had the story told.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from etablera.demo import data
from etablera.demo.cohort import load_earlier_arrivals
from etablera.demo.establishment_plans import _dawit, _khaled, _rania, _samir
from etablera.demo.establishment_writes import MS, _arrival, _mapping, _person, _plan, _statuses
from etablera.establishment import services as establishment
from etablera.establishment.models import Assessment
from etablera.organisation.models import User

# --- the stories ----------------------------------------------------------------------------------------------------


def _karwan(person, today, users, units) -> None:
    """Just arrived: the mapping is started the day after, due three weeks from arrival."""
    establishment.start_assessment(actor=users["handlaggare"], person=person)


def _selam(person, today, users, units) -> None:
    arrival = _arrival(person)
    _mapping(
        users["handlaggare"],
        person,
        arrival + dt.timedelta(days=4),
        literacy=Assessment.Literacy.GOOD,
        goals="Vill arbeta inom barnomsorg.",
        educations=(("UPPER_SECONDARY", 3, "Allmän linje", "Eritrea"),),
        languages=(("tigrinja", "MOTHER_TONGUE"), ("svenska", "NONE")),
    )
    yonas = _person("DEMO-ANV-006", "Yonas")
    if yonas and not Assessment.objects.filter(person=yonas).exists():
        child = _mapping(users["handlaggare"], yonas, arrival + dt.timedelta(days=5))
        establishment.set_child_assessment(
            actor=users["skola"],
            assessment=child,
            pedagogical="Har gått två år i skola i Eritrea; läser och skriver på tigrinja.",
            social="Trivs med andra barn; saknar sina vänner.",
            placement_recommendation="Förberedelseklass på deltid, årskurs 1 med modersmålsstöd.",
            school="Mottagningsskolan",
            handover_on=min(arrival + dt.timedelta(days=14), today),
        )


def _olena(person, today, users, units) -> None:
    arrival = _arrival(person)
    _mapping(
        users["handlaggare"],
        person,
        arrival + dt.timedelta(days=3),
        completed=arrival + dt.timedelta(days=20),
        literacy=Assessment.Literacy.GOOD,
        driving_licence=Assessment.DrivingLicence.FOREIGN,
        goals="Arbeta som sjuksköterska igen.",
        needs="Bedömning av sjuksköterskeexamen (Socialstyrelsen).",
        educations=(("POST_SECONDARY", 4, "Sjuksköterska", "Ukraina"),),
        work=(("2221", "Sjuksköterska", 15),),
        languages=(("ukrainska", "MOTHER_TONGUE"), ("ryska", "FLUENT"), ("engelska", "BASIC")),
    )
    establishment.record_sfi(
        actor=users["sfi"],
        person=person,
        enrolled_on=arrival + dt.timedelta(days=10),
        course="C",
        study_path=3,
        start_date=arrival + dt.timedelta(days=24),
        hours_per_week=15,
    )
    _statuses(users["sfi"], person, arrival, today, lambda month: MS.SFI)


def _zahra(person, today, users, units) -> None:
    arrival = _arrival(person)
    actor = users["handlaggare"]
    _mapping(
        actor,
        person,
        arrival + dt.timedelta(days=2),
        completed=arrival + dt.timedelta(days=18),
        literacy=Assessment.Literacy.GOOD,
        goals="Studera till undersköterska.",
        educations=(("UPPER_SECONDARY", 3, "Naturvetenskap", "Afghanistan"),),
        languages=(("dari", "MOTHER_TONGUE"), ("engelska", "GOOD")),
    )
    plan = _plan(
        actor, person, arrival + dt.timedelta(days=25), responsible_unit=units["Integrationsenheten"]
    )
    goal = establishment.add_goal(
        actor=actor,
        plan=plan,
        area="WORK_STUDIES",
        description="Börja vård- och omsorgsutbildning på komvux",
        target_date=arrival + relativedelta(months=18),
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        goal=goal,
        unit=units["SFI"],
        what="SFI studieväg 3, kurs C",
        start_date=arrival + dt.timedelta(days=20),
        hours_per_week=Decimal(15),
        status="ONGOING",
    )
    start = arrival + dt.timedelta(days=35)
    establishment.record_programme(
        actor=actor,
        person=person,
        referral_date=arrival + dt.timedelta(days=7),
        plan_date=start,
        start_date=start,
    )
    _statuses(actor, person, arrival, today, lambda m: MS.PROGRAMME if m >= start.replace(day=1) else MS.SFI)
    farid = _person("DEMO-ANV-004", "Farid")
    if farid and not Assessment.objects.filter(person=farid).exists():
        _mapping(
            actor,
            farid,
            arrival + dt.timedelta(days=2),
            completed=arrival + dt.timedelta(days=9),
            work=(("7114", "Betongarbetare", 8),),
            languages=(("dari", "MOTHER_TONGUE"),),
        )
        _statuses(actor, farid, arrival, today, lambda month: MS.WORK)


def _hodan(person, today, users, units) -> None:
    """Referred to the programme, whose start is three weeks away: glappet, on försörjningsstöd meanwhile."""
    arrival = _arrival(person)
    actor = users["handlaggare"]
    _mapping(
        actor,
        person,
        arrival + dt.timedelta(days=5),
        completed=arrival + dt.timedelta(days=21),
        literacy=Assessment.Literacy.BASIC,
        goals="Arbeta inom hemtjänsten.",
        needs="Körkort; barnomsorg om hon får barn till sig.",
        educations=(("PRIMARY_SHORT", 6, "", "Somalia"),),
        languages=(("somaliska", "MOTHER_TONGUE"), ("engelska", "BASIC")),
    )
    plan = _plan(
        actor, person, arrival + dt.timedelta(days=30), responsible_unit=units["Integrationsenheten"]
    )
    establishment.add_goal(
        actor=actor,
        plan=plan,
        area="LANGUAGE",
        description="Klara SFI kurs B",
        target_date=arrival + relativedelta(months=12),
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        unit=units["Socialtjänsten"],
        what="Försörjningsstöd tills etableringsersättningen börjar",
        start_date=arrival + dt.timedelta(days=10),
        status="ONGOING",
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        external_actor="Arbetsförmedlingen",
        what="Etableringsprogrammet",
        start_date=today + dt.timedelta(days=21),
    )
    establishment.record_programme(
        actor=actor,
        person=person,
        referral_date=arrival + dt.timedelta(days=40),
        plan_date=arrival + dt.timedelta(days=70),
        start_date=today + dt.timedelta(days=21),
    )
    _statuses(actor, person, arrival, today, lambda month: MS.SOCIAL_ASSISTANCE)


def _ahmad(person, today, users, units) -> None:
    arrival = _arrival(person)
    child = _mapping(users["handlaggare"], person, arrival + dt.timedelta(days=4))
    establishment.set_child_assessment(
        actor=users["skola"],
        assessment=child,
        pedagogical="Sju års skolgång i Iran; god matematik, läser engelska.",
        social="Bor i stödboende; har kontakt med sin farbror i Stockholm.",
        placement_recommendation="Språkintroduktion på gymnasiet.",
        school="Mottagningsskolan",
        handover_on=arrival + dt.timedelta(days=20),
    )
    establishment.complete_assessment(
        actor=users["handlaggare"], assessment=child, on=arrival + dt.timedelta(days=20)
    )


STORIES = (
    ("DEMO-ANV-008", "Karwan", _karwan),
    ("DEMO-ANV-006", "Selam", _selam),
    ("DEMO-ANV-005", "Olena", _olena),
    ("DEMO-ANV-004", "Zahra", _zahra),
    ("DEMO-ANV-003", "Hodan", _hodan),
    ("DEMO-ANV-002", "Khaled", _khaled),
    ("DEMO-ANV-002", "Rania", _rania),
    ("DEMO-ANV-001", "Dawit", _dawit),
    ("DEMO-ANV-015", "Ahmad", _ahmad),
)


def load_establishment(today: dt.date, users: dict[str, User], units: dict) -> None:
    """Tell each story not yet told, then add the earlier arrivals that are missing."""
    today = min(today, timezone.localdate())  # the services refuse a date after the real today
    nykoping = {name: unit for (code, name), unit in units.items() if code == data.NYKOPING}
    for reference, first_name, story in STORIES:
        person = _person(reference, first_name)
        if person is None or Assessment.objects.filter(person=person).exists():
            continue
        story(person, today, users, nykoping)
    for household in load_earlier_arrivals(today, users):
        if household.assignments.filter(reference="DEMO-ANV-401").exists():
            _samir(household.members.get(first_name="Samir"), today, users, nykoping)
