import datetime as dt

import pytest
from django.http import Http404

from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.people.models import Household, Person
from etablera.reception import services
from etablera.reception.models import Assignment, Task
from etablera.testing.factories import HouseholdFactory


@pytest.fixture
def received(alice, family, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-POL-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=10),
        household=family,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today)
    return family


def test_reception_staff_see_every_household_of_their_municipality(alice, received, enkoping):
    other = HouseholdFactory.with_members([30], municipality=received.municipality)
    elsewhere = HouseholdFactory.with_members([30], municipality=enkoping)
    visible = set(restrict(alice, Household.objects.all()))
    assert visible == {received, other}
    assert elsewhere not in visible


def test_another_unit_sees_only_households_it_has_tasks_for(bob, received, nykoping):
    quiet = HouseholdFactory.with_members([30], municipality=nykoping)
    assert list(restrict(bob, Household.objects.all())) == [received]  # SFI has SFI tasks for the adults
    with pytest.raises(Http404):
        get_for_user(bob, Household.objects.all(), public_id=quiet.public_id)
    assert set(restrict(bob, Person.objects.all())) == set(received.members.all())
    assert restrict(bob, Task.objects.all()).count() == Task.objects.filter(household=received).count()


def test_an_outsider_municipality_sees_nothing(charlie, received):
    assert not restrict(charlie, Household.objects.all()).exists()
    assert not restrict(charlie, Assignment.objects.all()).exists()
    assert not restrict(charlie, Task.objects.all()).exists()
    with pytest.raises(Http404):
        get_for_user(charlie, Household.objects.all(), public_id=received.public_id)


def test_the_statistics_role_sees_figures_but_no_persons(stina, received):
    assert not capabilities(stina).sees_persons
    assert not restrict(stina, Household.objects.all()).exists()
    assert not restrict(stina, Person.objects.all()).exists()


def test_an_anonymous_visitor_sees_nothing(received):
    from django.contrib.auth.models import AnonymousUser

    assert not restrict(AnonymousUser(), Household.objects.all()).exists()


def test_an_inactive_user_sees_nothing(alice, received):
    alice.is_active = False
    alice.save()
    alice = type(alice).objects.get(pk=alice.pk)
    assert not restrict(alice, Household.objects.all()).exists()


@pytest.mark.parametrize("who", ["alice", "bob", "stina"])
def test_a_model_without_a_visibility_rule_fails_loudly_whoever_asks(who, request):
    from etablera.access.models import AuditEvent

    user = request.getfixturevalue(who)
    with pytest.raises(TypeError, match="AuditEvent.*etablera/access/visibility/"):
        restrict(user, AuditEvent.objects.all())


def test_each_model_is_dispatched_to_its_domains_rule(alice):
    from etablera.access import visibility
    from etablera.access.policy import _reception_only

    for model, rule in visibility.RULES.items():
        assert visibility.rule_for(model) is rule
        if rule.reception_only is not None:
            assert _reception_only(capabilities(alice), model.objects.all()) is not None


def test_two_domains_cannot_both_rule_one_model():
    from django.core.exceptions import ImproperlyConfigured

    from etablera.access import visibility

    with pytest.raises(ImproperlyConfigured, match="two visibility rules for Household"):
        visibility._rules_by_model((visibility.people, visibility.people))
