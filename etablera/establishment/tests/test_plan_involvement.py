"""A unit involved in a plan sees the person while the plan runs (access.visibility.establishment.involvement): the
plan's lead unit and the units that give its interventions, also after the reception case is closed; not once the
plan is closed, and never a unit outside the plan. Sections and a protected address stay as they were."""

import datetime as dt

import pytest
from django.test import Client

from etablera.access.policy import Basis, household_basis, restrict, visible_sections
from etablera.access.sections import Section
from etablera.establishment import services
from etablera.establishment.models import HealthAssessment, Intervention
from etablera.organisation.models import Unit
from etablera.people.models import Household, Person, ProtectedIdentity
from etablera.reception.models import ReceptionCase, Task
from etablera.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leisure(nykoping):
    """A caseworker of Kultur och fritid: no task in the family's reception case."""
    unit = UnitFactory(
        municipality=nykoping, name="Kultur och fritid", function=Unit.Function.CULTURE_LEISURE
    )
    return UserFactory.with_role("kerstin", unit)


@pytest.fixture
def coach(nykoping):
    """A job coach of the labour-market unit's second team: no task either."""
    unit = UnitFactory(municipality=nykoping, name="Jobbcoacherna", function=Unit.Function.LABOUR_MARKET)
    return UserFactory.with_role("jonas", unit)


@pytest.fixture
def outsider_unit_user(nykoping):
    unit = UnitFactory(municipality=nykoping, name="Överförmyndaren", function=Unit.Function.OTHER)
    return UserFactory.with_role("olle", unit)


def _sees(user, person) -> bool:
    return restrict(user, Person.objects.filter(pk=person.pk)).exists()


def _close_case(received, today):
    Task.objects.filter(case=received).update(status=Task.Status.DONE)
    ReceptionCase.objects.filter(pk=received.pk).update(status=ReceptionCase.Status.CLOSED, closed_date=today)


def _plan(alice, adult, *, lead=None, intervention_unit=None, today):
    plan = services.create_plan(
        actor=alice, person=adult, started_on=today - dt.timedelta(days=10), responsible_unit=lead
    )
    if intervention_unit is not None:
        services.add_intervention(
            actor=alice, plan=plan, what="Föreningsintroduktion", start_date=today, unit=intervention_unit
        )
    return plan


def test_a_unit_with_an_intervention_sees_the_person_after_the_reception_case_closes(
    alice, adult, received, leisure, outsider_unit_user, today
):
    assert not _sees(leisure, adult)
    plan = _plan(alice, adult, intervention_unit=leisure.memberships.get().unit, today=today)
    _close_case(received, today)
    assert _sees(leisure, adult)
    assert household_basis(leisure, received.household) == Basis.INVOLVED
    assert restrict(leisure, Household.objects.filter(pk=received.household_id)).exists()
    assert not _sees(outsider_unit_user, adult)  # a unit not in the plan
    # the section stays its owners': involvement opens BASIC only
    assert visible_sections(leisure, [adult])[adult.pk] == {Section.BASIC}
    services.close_plan(actor=alice, plan=plan, outcome="GOALS_REACHED")
    assert not _sees(leisure, adult)


def test_the_lead_unit_sees_the_person_while_the_plan_runs(alice, adult, received, coach, today):
    plan = _plan(alice, adult, lead=coach.memberships.get().unit, today=today)
    _close_case(received, today)
    assert _sees(coach, adult)
    services.record_meeting(actor=coach, plan=plan, held_on=today, agreed_actions="Praktik", revise_plan=True)
    assert _sees(coach, adult)  # a plan being revised still runs
    services.close_plan(actor=coach, plan=plan, outcome="WORK_OR_STUDIES")
    assert not _sees(coach, adult)


def test_a_unit_of_another_municipality_is_never_involved(alice, adult, received, charlie, today):
    # the services refuse another municipality's unit; even a row written around them opens nothing
    plan = _plan(alice, adult, today=today)
    Intervention.objects.create(
        plan=plan, unit=charlie.memberships.get().unit, what="Fel kommun", start_date=today
    )
    assert not _sees(charlie, adult)


def test_involvement_keeps_the_health_part_and_the_protected_address_hidden(
    alice, rita, adult, received, leisure, today
):
    Person.objects.filter(pk=adult.pk).update(
        protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING, address_street="Hemlighetsgatan 3"
    )
    assessment = services.start_assessment(actor=alice, person=adult)
    HealthAssessment.objects.create(assessment=assessment, health="Ryggbesvär")
    _plan(alice, adult, intervention_unit=leisure.memberships.get().unit, today=today)
    _close_case(received, today)
    assert _sees(leisure, adult)
    assert not restrict(leisure, HealthAssessment.objects.all()).exists()
    # the page: the person is there, the address and the health part are not
    client = Client()
    client.force_login(leisure)
    page = client.get(f"/personer/{adult.public_id}/etablering/").content.decode()
    assert adult.full_name in page
    assert "Hemlighetsgatan" not in page and "Ryggbesvär" not in page
    detail = client.get(f"/personer/{adult.public_id}/")
    assert detail.status_code == 200 and "Hemlighetsgatan" not in detail.content.decode()
