"""The policy's rules for involvement, consent, break-glass and sections, at the queryset level."""

import datetime as dt

import pytest
from django.utils import timezone

from etablera.access import services as access_services
from etablera.access.models import BreakGlassAccess
from etablera.access.policy import Basis, household_basis, restrict, visible_sections
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.people.models import Household, Person
from etablera.reception import services
from etablera.reception.models import ReceptionCase, Task
from etablera.testing.factories import HouseholdFactory


@pytest.fixture
def received(alice, family, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-P3-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=10),
        household=family,
    )
    return services.receive_household(actor=alice, assignment=assignment, arrival_date=today)


@pytest.fixture
def quiet(nykoping):
    """A household no unit but reception is involved with."""
    return HouseholdFactory.with_members([34, 33, 7], municipality=nykoping, name="Familjen Tyst")


def test_involvement_ends_when_the_reception_case_closes(bob, received):
    assert restrict(bob, Household.objects.all()).filter(pk=received.household_id).exists()
    ReceptionCase.objects.filter(pk=received.pk).update(status=ReceptionCase.Status.CLOSED)
    assert not restrict(bob, Household.objects.all()).filter(pk=received.household_id).exists()
    assert not restrict(bob, Task.objects.all()).exists()


def test_a_consent_shows_the_person_but_not_the_rest_of_the_household(alice, bob, units, quiet, today):
    person = quiet.members.order_by("birth_date").first()
    assert not restrict(bob, Person.objects.all()).filter(household_memberships__household=quiet).exists()
    consent = access_services.record_consent(
        actor=alice,
        person=person,
        units=[units[Unit.Function.SFI]],
        sections=[Section.BASIC],
        purpose="Planering av SFI-start",
        given_date=today,
        method="WRITTEN",
    )
    assert list(restrict(bob, Person.objects.filter(household_memberships__household=quiet))) == [person]
    assert restrict(bob, Household.objects.all()).filter(pk=quiet.pk).exists()
    assert household_basis(bob, quiet) == Basis.CONSENT
    assert visible_sections(bob, [person])[person.pk] == {Section.BASIC}
    access_services.withdraw_consent(actor=alice, consent=consent)
    # At once: the very next query no longer finds the person or the household.
    assert not restrict(bob, Person.objects.filter(pk=person.pk)).exists()
    assert not restrict(bob, Household.objects.filter(pk=quiet.pk)).exists()


def test_an_expired_or_future_consent_gives_nothing(alice, bob, units, quiet, today):
    person = quiet.members.order_by("birth_date").first()
    consent = access_services.record_consent(
        actor=alice,
        person=person,
        units=[units[Unit.Function.SFI]],
        sections=[Section.BASIC],
        purpose="Tidsbegränsat",
        given_date=today - dt.timedelta(days=30),
        valid_until=today - dt.timedelta(days=1),
        method="WRITTEN",
    )
    assert not consent.is_active(today)
    assert not restrict(bob, Person.objects.filter(pk=person.pk)).exists()


def test_sections_follow_the_unit_and_the_consent(alice, bob, units, received, today):
    person = received.household.members.order_by("birth_date").first()
    social = Unit.objects.get(pk=units[Unit.Function.SOCIAL_SERVICES].pk)
    from etablera.testing.factories import UserFactory

    sara = UserFactory.with_role("sara", social)
    assert visible_sections(sara, [person])[person.pk] == {Section.BASIC, Section.SOCIAL}
    assert visible_sections(bob, [person])[person.pk] == {Section.BASIC}
    access_services.record_consent(
        actor=sara,  # the owner of the section registers the consent that opens it
        person=person,
        units=[units[Unit.Function.SFI]],
        sections=[Section.SOCIAL],
        purpose="Samordning av insatser",
        given_date=today,
        method="ORAL",
        method_note="Lämnat vid möte med tolk, antecknat av Alice",
    )
    assert visible_sections(bob, [person])[person.pk] == {Section.BASIC, Section.SOCIAL}


def test_break_glass_opens_one_household_for_a_limited_time(bob, charlie, quiet):
    assert not restrict(bob, Household.objects.filter(pk=quiet.pk)).exists()
    with pytest.raises(Exception, match="egen kommun"):
        access_services.open_break_glass(actor=charlie, household=quiet, reason="Akut ärende en fredagskväll")
    grant = access_services.open_break_glass(actor=bob, household=quiet, reason="Akut ärende en fredagskväll")
    assert 59 <= (grant.expires_at - grant.started_at).total_seconds() / 60 <= 60
    assert restrict(bob, Household.objects.filter(pk=quiet.pk)).exists()
    assert household_basis(bob, quiet) == Basis.BREAK_GLASS
    person = quiet.members.first()
    assert visible_sections(bob, [person])[person.pk] == set(Section.values)
    BreakGlassAccess.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert not restrict(bob, Household.objects.filter(pk=quiet.pk)).exists()


def test_a_childs_consent_must_come_from_a_guardian(alice, units, quiet, today):
    from django.core.exceptions import ValidationError

    child = quiet.members.order_by("-birth_date").first()
    with pytest.raises(ValidationError) as error:
        access_services.record_consent(
            actor=alice,
            person=child,
            units=[units[Unit.Function.SFI]],
            sections=[Section.BASIC],
            purpose="Skolstart",
            given_date=today,
            method="WRITTEN",
        )
    assert "vårdnadshavare" in error.value.message_dict["given_by"][0]
