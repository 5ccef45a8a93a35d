"""The demo's establishment phase (issue #12): the households of `demo.data` at every stage, and the earlier
arrivals of `demo.cohort`.

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

from etablera.access import services as access
from etablera.access.models import Consent
from etablera.demo import data
from etablera.demo.cohort import load_earlier_arrivals
from etablera.establishment import services as establishment
from etablera.establishment.models import Assessment, IndividualPlan, MonthlyStatus, PlanMeeting
from etablera.organisation.models import User
from etablera.people.models import Person

MS = MonthlyStatus.Status
SIP_CONSENT = "DEMO-SAMTYCKE-SIP-001"


def _person(reference: str, first_name: str) -> Person | None:
    return Person.objects.filter(
        household_memberships__household__assignments__reference=reference, first_name=first_name
    ).first()


def _arrival(person: Person) -> dt.date:
    return establishment.assessment.arrival_date(person)


def _at(day: dt.date) -> dt.datetime:
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30))), timezone.now())


def _mapping(
    actor, person: Person, started: dt.date, *, completed: dt.date | None = None, **parts
) -> Assessment:
    """Start the mapping (dated `started`), fill in its parts and complete it on `completed`."""
    assessment = establishment.start_assessment(actor=actor, person=person)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=_at(started))
    assessment.refresh_from_db()
    establishment.update_assessment(
        actor=actor,
        assessment=assessment,
        literacy=parts.get("literacy", ""),
        driving_licence=parts.get("driving_licence", ""),
        goals=parts.get("goals", ""),
        needs=parts.get("needs", ""),
    )
    for level, years, field, country in parts.get("educations", ()):
        establishment.add_education(
            actor=actor, assessment=assessment, level=level, years=years, field=field, country=country
        )
    for code, occupation, years in parts.get("work", ()):
        establishment.add_work_experience(
            actor=actor, assessment=assessment, ssyk_code=code, occupation=occupation, years=years
        )
    for language, level in parts.get("languages", ()):
        establishment.add_language(actor=actor, assessment=assessment, language=language, level=level)
    if completed:
        establishment.complete_assessment(actor=actor, assessment=assessment, on=completed)
    return assessment


def _plan(actor, person: Person, started: dt.date, **options) -> IndividualPlan:
    plan = establishment.create_plan(actor=actor, person=person, started_on=started, **options)
    IndividualPlan.objects.filter(pk=plan.pk).update(created_at=_at(started))
    return plan


def _meeting(actor, plan: IndividualPlan, held_on: dt.date, **options) -> PlanMeeting:
    meeting = establishment.record_meeting(actor=actor, plan=plan, held_on=held_on, **options)
    PlanMeeting.objects.filter(pk=meeting.pk).update(recorded_at=_at(held_on))
    return meeting


def _statuses(actor, person: Person, first: dt.date, today: dt.date, status_for) -> None:
    """A status for each month from `first` to the month before today's."""
    month = first.replace(day=1)
    while month < today.replace(day=1):
        establishment.set_monthly_status(actor=actor, person=person, month=month, status=status_for(month))
        month += relativedelta(months=1)


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


def _khaled(person, today, users, units) -> None:
    """A plan across units, two follow-ups, the programme running, and a break in SFI."""
    arrival = _arrival(person)
    actor = users["handlaggare"]
    _mapping(
        actor,
        person,
        arrival + dt.timedelta(days=3),
        completed=arrival + dt.timedelta(days=19),
        literacy=Assessment.Literacy.GOOD,
        driving_licence=Assessment.DrivingLicence.FOREIGN,
        goals="Arbeta som elektriker; få sin yrkeserfarenhet bedömd.",
        needs="Validering av yrkeskunskaper; svenskt körkort.",
        educations=(("UPPER_SECONDARY", 3, "El", "Syrien"),),
        work=(("7411", "Elektriker", 16),),
        languages=(("arabiska", "MOTHER_TONGUE"), ("engelska", "BASIC"), ("svenska", "NONE")),
    )
    started = arrival + dt.timedelta(days=28)
    plan = _plan(actor, person, started, responsible_unit=units["Integrationsenheten"])
    language = establishment.add_goal(
        actor=actor,
        plan=plan,
        area="LANGUAGE",
        description="Klara SFI kurs C",
        target_date=started + relativedelta(months=10),
    )
    work = establishment.add_goal(
        actor=actor,
        plan=plan,
        area="WORK_STUDIES",
        description="Anställning som elektriker efter validering",
        target_date=started + relativedelta(months=20),
    )
    establishment.add_goal(
        actor=actor,
        plan=plan,
        area="SOCIAL",
        description="Barnen i simskola och fritidsaktivitet",
        target_date=started + relativedelta(months=4),
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        goal=language,
        unit=units["SFI"],
        what="SFI studieväg 2, kurs B",
        start_date=arrival + dt.timedelta(days=30),
        hours_per_week=Decimal(15),
        status="ONGOING",
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        goal=work,
        unit=units["Arbetsmarknadsenheten"],
        what="Validering av elkunskaper och språkpraktik hos elföretag",
        start_date=started + dt.timedelta(days=40),
        end_date=started + relativedelta(months=8),
        hours_per_week=Decimal(10),
        status="ONGOING",
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        goal=work,
        external_actor="Arbetsförmedlingen",
        what="Etableringsprogrammet och arbetsmarknadsutbildning",
        start_date=arrival + dt.timedelta(days=45),
        end_date=arrival + dt.timedelta(days=45) + relativedelta(months=24),
        status="ONGOING",
    )
    _meeting(
        actor,
        plan,
        started + dt.timedelta(days=30),
        participants="Khaled Haddad, Integrationsenheten, SFI, Arbetsförmedlingen, tolk på arabiska",
        agreed_actions="SFI på förmiddagar; valideringen börjar när kurs B är halvvägs.",
    )
    _meeting(
        actor,
        plan,
        min(started + dt.timedelta(days=75), today),
        participants="Khaled Haddad, Integrationsenheten, Arbetsmarknadsenheten",
        agreed_actions="Språkpraktik hos elföretag två dagar i veckan från nästa månad.",
    )
    programme = arrival + dt.timedelta(days=45)
    establishment.record_programme(
        actor=actor,
        person=person,
        referral_date=arrival + dt.timedelta(days=10),
        plan_date=programme - dt.timedelta(days=7),
        start_date=programme,
    )
    sfi = establishment.record_sfi(
        actor=users["sfi"],
        person=person,
        enrolled_on=arrival + dt.timedelta(days=12),
        course="B",
        study_path=2,
        start_date=arrival + dt.timedelta(days=30),
        hours_per_week=15,
    )
    establishment.add_sfi_interruption(
        actor=users["sfi"],
        enrolment=sfi,
        start_date=arrival + dt.timedelta(days=60),
        end_date=arrival + dt.timedelta(days=74),
        reason="Sjukdom i familjen",
    )
    _statuses(
        actor,
        person,
        arrival,
        today,
        lambda m: MS.PROGRAMME if m >= programme.replace(day=1) else MS.SOCIAL_ASSISTANCE,
    )


def _rania(person, today, users, units) -> None:
    """A SIP: the consent first (Socialtjänsten registers it, for its own section), the plan the day after."""
    arrival = _arrival(person)
    soc = users["soc"]
    _mapping(
        users["handlaggare"],
        person,
        arrival + dt.timedelta(days=3),
        completed=arrival + dt.timedelta(days=20),
        literacy=Assessment.Literacy.GOOD,
        goals="Må bättre och kunna börja SFI på heltid.",
        needs="Samordnat stöd från socialtjänsten och vården.",
        languages=(("arabiska", "MOTHER_TONGUE"),),
    )
    given = arrival + dt.timedelta(days=40)
    consent = Consent.objects.filter(document_reference=SIP_CONSENT).first()
    if consent is None:
        consent = access.record_consent(
            actor=soc,
            person=person,
            units=[units["Socialtjänsten"], units["Region Sörmland"]],
            sections=["BASIC", "SOCIAL"],
            purpose="Samordnad individuell plan (SIP) med socialtjänsten och Region Sörmland",
            given_date=given,
            valid_until=given + relativedelta(years=1),
            method=Consent.Method.WRITTEN,
            document_reference=SIP_CONSENT,
        )
    plan = _plan(
        soc,
        person,
        given + dt.timedelta(days=1),
        kind=IndividualPlan.Kind.SIP,
        consent=consent,
        need_known_on=given - dt.timedelta(days=5),
        municipality_responsibility="Socialtjänsten: stödsamtal varannan vecka och hjälp med barnomsorg.",
        region_responsibility="Region Sörmland: traumabehandling på vårdcentralen, bedömning av sömnbesvär.",
        responsible_unit=units["Socialtjänsten"],
        responsible_name="Linnea Berg, Socialtjänsten",
    )
    goal = establishment.add_goal(
        actor=soc,
        plan=plan,
        area="HEALTH",
        description="Sova bättre och orka studera",
        target_date=given + relativedelta(months=6),
    )
    establishment.add_intervention(
        actor=soc,
        plan=plan,
        goal=goal,
        unit=units["Socialtjänsten"],
        what="Stödsamtal varannan vecka",
        start_date=given + dt.timedelta(days=7),
        hours_per_week=Decimal("0.5"),
        status="ONGOING",
    )
    establishment.add_intervention(
        actor=soc,
        plan=plan,
        goal=goal,
        external_actor="Region Sörmland, vårdcentralen",
        what="Traumabehandling",
        start_date=given + dt.timedelta(days=14),
        status="ONGOING",
    )
    _meeting(
        soc,
        plan,
        min(given + dt.timedelta(days=30), today),
        participants="Rania Haddad, Socialtjänsten, Region Sörmland, tolk på arabiska",
        agreed_actions="Behandlingen fortsätter; SFI på deltid prövas från nästa kursstart.",
    )


def _dawit(person, today, users, units) -> None:
    """The work placement does not work: the follow-up marks the plan for revision ("planen fungerar inte")."""
    arrival = _arrival(person)
    actor = users["handlaggare"]
    _mapping(
        actor,
        person,
        arrival + dt.timedelta(days=3),
        completed=arrival + dt.timedelta(days=17),
        literacy=Assessment.Literacy.GOOD,
        goals="Arbete på lager eller inom logistik.",
        work=(("9331", "Lagerarbetare", 6),),
        languages=(("tigrinja", "MOTHER_TONGUE"), ("arabiska", "GOOD")),
    )
    started = arrival + dt.timedelta(days=30)
    plan = _plan(actor, person, started, responsible_unit=units["Arbetsmarknadsenheten"])
    goal = establishment.add_goal(
        actor=actor,
        plan=plan,
        area="WORK_STUDIES",
        description="Anställning inom logistik",
        target_date=started + relativedelta(months=18),
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        goal=goal,
        unit=units["Arbetsmarknadsenheten"],
        what="Praktik på lager",
        start_date=started + dt.timedelta(days=20),
        hours_per_week=Decimal(20),
        status="ONGOING",
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        unit=units["SFI"],
        what="SFI studieväg 2, kurs B på kvällstid",
        start_date=started,
        hours_per_week=Decimal(8),
        status="ONGOING",
    )
    _meeting(
        actor,
        plan,
        min(started + dt.timedelta(days=80), today),
        participants="Dawit Tesfay, Arbetsmarknadsenheten, tolk på tigrinja",
        agreed_actions="Praktiken avbryts efter ryggbesvär. Ny inriktning mot utbildning inom lokalvård "
        "diskuteras med Arbetsförmedlingen.",
        revise_plan=True,
    )
    programme = arrival + dt.timedelta(days=40)
    establishment.record_programme(
        actor=actor,
        person=person,
        referral_date=arrival + dt.timedelta(days=8),
        plan_date=programme,
        start_date=programme,
    )
    sfi = establishment.record_sfi(
        actor=users["sfi"],
        person=person,
        enrolled_on=arrival + dt.timedelta(days=15),
        course="B",
        study_path=2,
        start_date=arrival + dt.timedelta(days=40),
        hours_per_week=8,
    )
    establishment.add_sfi_interruption(
        actor=users["sfi"],
        enrolment=sfi,
        start_date=today - dt.timedelta(days=10),
        reason="Sjukskriven för ryggbesvär",
    )
    _statuses(
        actor,
        person,
        arrival,
        today,
        lambda m: MS.PROGRAMME if m >= programme.replace(day=1) else MS.SOCIAL_ASSISTANCE,
    )


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


def _samir(person, today, users, units) -> None:
    """His programme ends in seven weeks: a plan with Socialtjänsten for what comes after."""
    actor = users["handlaggare"]
    started = today - dt.timedelta(days=120)
    plan = _plan(actor, person, started, responsible_unit=units["Arbetsmarknadsenheten"])
    goal = establishment.add_goal(
        actor=actor,
        plan=plan,
        area="WORK_STUDIES",
        description="Anställning som busschaufför när programmet slutar",
        target_date=today + dt.timedelta(days=90),
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        goal=goal,
        unit=units["Arbetsmarknadsenheten"],
        what="Yrkessvenska och körkortsutbildning (buss)",
        start_date=started,
        end_date=today + dt.timedelta(days=50),
        hours_per_week=Decimal(25),
        status="ONGOING",
    )
    establishment.add_intervention(
        actor=actor,
        plan=plan,
        unit=units["Socialtjänsten"],
        what="Planering av försörjningen när etableringsersättningen upphör",
        start_date=today - dt.timedelta(days=20),
        status="PLANNED",
    )
    _meeting(
        actor,
        plan,
        today - dt.timedelta(days=21),
        participants="Samir Nasser, Arbetsmarknadsenheten, Socialtjänsten",
        agreed_actions="Ansökan om försörjningsstöd förbereds om anställningen inte är klar när programmet slutar.",
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
