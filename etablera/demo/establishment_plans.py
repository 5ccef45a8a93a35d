"""The demo's plan stories (issue #12; told by demo/establishment.py): Khaled's plan across units, Rania's SIP on
her consent, Dawit's plan that is not working, and Samir's plan for the end of his programme."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from etablera.access import services as access
from etablera.access.models import Consent
from etablera.demo.establishment_writes import MS, _arrival, _mapping, _meeting, _plan, _statuses
from etablera.establishment import services as establishment
from etablera.establishment.models import Assessment, IndividualPlan

SIP_CONSENT = "DEMO-SAMTYCKE-SIP-001"


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
            purpose="SIP med socialtjänsten och Region Sörmland om stöd till arbete och vård",
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
