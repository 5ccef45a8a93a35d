"""Gallring and the register's history (issue #11): a person's phone, e-mail, search key, former numbers, birth-date
changes and permit decisions, a merged duplicate's trace and the household's own history go with the rest of the
person's data; a change in the household's history keeps a household alive."""

from __future__ import annotations

import datetime as dt

from etablera.access import gallring
from etablera.access.tests.test_gallring import LONG_AGO, _at, make_household  # noqa: F401 (fixture)
from etablera.people.models import (
    BirthDateChange,
    FormerIdentityNumber,
    HouseholdChange,
    Person,
    PersonMerge,
    ResidencePermitDecision,
)
from etablera.people.names import search_key


def _history(person: Person, household) -> None:
    Person.objects.filter(pk=person.pk).update(
        phone="+46701234567", email="karin.exempel@example.org", deceased_on=dt.date(2018, 6, 14)
    )
    FormerIdentityNumber.objects.create(person=person, number_type="DOSSIERNUMMER", number="12-345678")
    BirthDateChange.objects.create(
        person=person,
        kind=BirthDateChange.Kind.CORRECTION,
        old_date=dt.date(1980, 2, 3),
        new_date=person.birth_date,
        reason="Felskrivet vid registreringen av Karin",
    )
    ResidencePermitDecision.objects.create(
        person=person,
        kind="TEMPORARY",
        decided_on=dt.date(2017, 8, 17),
        valid_from=dt.date(2017, 8, 20),
        valid_until=dt.date(2020, 8, 19),
    )
    PersonMerge.objects.create(
        kept=person,
        removed_public_id=person.public_id,
        removed_name="Karin Dubblettsson",
        removed_birth_date=dt.date(1980, 2, 3),
        removed_number_masked="19800203-****",
        reason="Samma person registrerad två gånger av Karin",
    )
    HouseholdChange.objects.create(
        household=household,
        kind=HouseholdChange.Kind.MEMBER_DIED,
        person=person,
        on_date=dt.date(2018, 6, 14),
        text="Karin har avlidit",
        at=_at(LONG_AGO + dt.timedelta(days=30)),
    )


def test_the_register_history_goes_with_the_person(make_household):  # noqa: F811 (the fixture imported above)
    household = make_household("Familjen Historia", [40, 12])
    person = household.members.order_by("birth_date").first()
    _history(person, household)
    assert search_key(person.first_name) in Person.objects.get(pk=person.pk).name_key

    gallring.execute(actor=None)

    person.refresh_from_db()
    assert (person.phone, person.email) == ("", "")
    assert person.name_key == search_key(gallring.ANONYMISED)
    assert person.deceased_on == dt.date(2018, 1, 1)
    assert not FormerIdentityNumber.objects.filter(person=person).exists()
    assert not BirthDateChange.objects.filter(person=person).exists()
    decision = ResidencePermitDecision.objects.get(person=person)
    assert (decision.kind, decision.decided_on, decision.valid_from, decision.valid_until) == (
        "TEMPORARY",
        dt.date(2017, 1, 1),
        dt.date(2017, 1, 1),
        dt.date(2020, 1, 1),
    )
    trace = PersonMerge.objects.get(kept=person)
    assert (trace.removed_name, trace.removed_number_masked, trace.reason) == (gallring.ANONYMISED, "", "")
    assert trace.removed_birth_date == dt.date(1980, 1, 1)
    change = HouseholdChange.objects.get(household=household)
    assert change.text == "" and change.kind == HouseholdChange.Kind.MEMBER_DIED


def test_a_recent_change_in_the_household_history_keeps_it(make_household):  # noqa: F811 (the fixture imported above)
    household = make_household("Familjen Nyligen", [35])
    HouseholdChange.objects.create(
        household=household,
        kind=HouseholdChange.Kind.MEMBER_ADDED,
        on_date=dt.date.today(),
        text="Ett barn fött",
    )
    planned = gallring.plan()
    assert household.pk not in {record.pk for record in planned.households}


def test_establishment_texts_go_and_a_plans_consent_stays_as_its_basis(make_household):  # noqa: F811
    from etablera.access.models import Consent
    from etablera.establishment.models import (
        Assessment,
        HealthAssessment,
        IndividualPlan,
        PlanGoal,
        PlanMeeting,
    )

    household = make_household("Familjen Plan", [44])
    person = household.members.get()
    consent = Consent.objects.create(
        person=person,
        municipality=household.municipality,
        purpose="SIP med regionen om Karins rehabilitering",
        given_date=LONG_AGO,
        method="WRITTEN",
        guardian_name="Karins god man",
    )
    assessment = Assessment.objects.create(
        person=person,
        municipality=household.municipality,
        goals="Karin vill bli sjuksköterska",
        needs="Stöd med bostaden",
        due_date=LONG_AGO,
    )
    health = HealthAssessment.objects.create(assessment=assessment, health="Ryggskada sedan flykten")
    plan = IndividualPlan.objects.create(
        person=person,
        municipality=household.municipality,
        kind=IndividualPlan.Kind.SIP,
        status=IndividualPlan.Status.CLOSED,  # a plan that runs keeps the household (establishment/gallring.py)
        closed_on=LONG_AGO,
        consent=consent,
        started_on=LONG_AGO,
        created_at=_at(LONG_AGO),
        municipality_responsibility="Försörjningsstöd till Karin",
        responsible_name="Handläggare Lisa",
    )
    PlanGoal.objects.create(plan=plan, area="WORK_STUDIES", description="Karin i praktik på vårdcentralen")
    meeting = PlanMeeting.objects.create(
        plan=plan, held_on=LONG_AGO, participants="Karin, Lisa", agreed_actions="Karin söker praktik"
    )
    # The records' own entries are as old as the household's (an entry restarts the period).
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=_at(LONG_AGO))
    HealthAssessment.objects.filter(pk=health.pk).update(updated_at=_at(LONG_AGO))
    PlanMeeting.objects.filter(pk=meeting.pk).update(recorded_at=_at(LONG_AGO))

    gallring.execute(actor=None)

    assessment.refresh_from_db()
    assert (assessment.goals, assessment.needs) == ("", "")
    # The health part is kept by its own section's ten years (patientdatalagen), then it goes.
    assert HealthAssessment.objects.filter(assessment=assessment).exists()
    gallring.execute(actor=None, today=dt.date(LONG_AGO.year + 11, 3, 2))
    assert not HealthAssessment.objects.filter(assessment=assessment).exists()
    plan.refresh_from_db()
    assert plan.kind == "SIP" and plan.consent_id == consent.pk
    assert (plan.municipality_responsibility, plan.responsible_name) == ("", "")
    assert PlanGoal.objects.get(plan=plan).description == gallring.CLEARED_REASON
    meeting = PlanMeeting.objects.get(plan=plan)
    assert (meeting.participants, meeting.agreed_actions) == ("", "")
    consent.refresh_from_db()
    assert (consent.purpose, consent.guardian_name) == (gallring.CLEARED_REASON, "")
