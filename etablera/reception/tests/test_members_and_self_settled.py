"""Issue #11: members for an anvisning registered without them (by hand, the service under the page and the API),
the refusal to receive a household with no members, and self-settled households (EBO) received without an
anvisning — and never as one."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.people.models import Category, HouseholdMember, Person
from etablera.people.services import PersonInput
from etablera.reception import services
from etablera.reception.models import Assignment, CaseEvent, ReceptionCase, Task
from etablera.testing.factories import PersonFactory, personnummer
from etablera.transitions import StateConflict


@pytest.fixture
def imported(nykoping, units, today):
    """An anvisning as an import leaves it: a person count, no household."""
    return services.create_assignment(
        actor=None,
        municipality=nykoping,
        reference="MIG-IMP-1",
        category=Category.ASSIGNED_FROM_FACILITY,
        decision_date=today - dt.timedelta(days=10),
        person_count=3,
    )


def adult(first="Amina", number="", birth=dt.date(1990, 4, 2), **kwargs) -> PersonInput:
    return PersonInput(
        first_name=first,
        last_name="Haddad",
        category=Category.ASSIGNED_FROM_FACILITY,
        relation=kwargs.pop("relation", HouseholdMember.Relation.ADULT),
        identity_number_type="PERSONNUMMER" if number else "NONE",
        identity_number=number,
        birth_date=None if number else birth,
        **kwargs,
    )


def test_an_anvisning_without_members_cannot_be_received(alice, imported, today):
    with pytest.raises(ValidationError) as error:
        services.receive_household(actor=alice, assignment=imported, arrival_date=today)
    assert "inga hushållsmedlemmar" in error.value.message_dict["household"][0]
    imported.refresh_from_db()
    assert imported.status == Assignment.Status.ASSIGNED


def test_members_added_by_hand_make_the_anvisning_receivable(alice, imported, today):
    number = personnummer(dt.date(1988, 3, 1))
    outcome = services.add_members(
        actor=alice,
        assignment=imported,
        members=[adult(number=number), adult("Sami", relation="CHILD", birth=dt.date(2015, 5, 5))],
        household_name="Familjen Haddad",
    )
    imported.refresh_from_db()
    assert (outcome.created, outcome.linked, outcome.unchanged) == (2, 0, 0)
    assert imported.household.name == "Familjen Haddad"
    assert imported.household.memberships.count() == 2
    person = Person.objects.get(identity_number=number)
    assert person.category == Category.ASSIGNED_FROM_FACILITY and person.birth_date == dt.date(1988, 3, 1)
    assert AuditEvent.objects.filter(object_type="Household", action=AuditEvent.Action.CREATE).exists()
    assert CaseEvent.objects.filter(household=imported.household, kind=CaseEvent.Kind.ASSIGNED).exists()

    case = services.receive_household(actor=alice, assignment=imported, arrival_date=today)
    assert case.tasks.exists()


def test_the_same_members_again_change_nothing(alice, imported):
    members = [adult(number=personnummer(dt.date(1988, 3, 1), 11)), adult("Sami", birth=dt.date(2015, 5, 5))]
    services.add_members(actor=alice, assignment=imported, members=members)
    events = AuditEvent.objects.count()

    again = services.add_members(actor=alice, assignment=imported, members=members)

    assert (again.created, again.linked, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.count() == events
    imported.refresh_from_db()
    assert HouseholdMember.objects.filter(household=imported.household_id).count() == 2


def test_a_known_person_is_linked_not_registered_twice(alice, imported, nykoping):
    number = personnummer(dt.date(1979, 7, 7), 12)
    known = PersonFactory(
        municipality=nykoping, identity_number_type="PERSONNUMMER", identity_number=number, birth_date=None
    )
    outcome = services.add_members(actor=alice, assignment=imported, members=[adult(number=number)])
    assert (outcome.created, outcome.linked) == (0, 1)
    assert Person.objects.filter(identity_number=number).count() == 1
    imported.refresh_from_db()
    assert imported.household.memberships.get().person == known


def test_a_known_person_of_another_municipality_is_refused(alice, imported, enkoping):
    number = personnummer(dt.date(1979, 7, 7), 13)
    PersonFactory(municipality=enkoping, identity_number_type="PERSONNUMMER", identity_number=number)
    with pytest.raises(ValidationError) as error:
        services.add_members(actor=alice, assignment=imported, members=[adult(number=number)])
    message = error.value.message_dict["members.1.identity_number"][0]
    assert "annan kommun" in message and number not in message
    imported.refresh_from_db()
    assert imported.household is None


def test_every_error_comes_back_and_nothing_is_kept(alice, imported):
    members = [adult(number="19900101-0000"), adult(first=""), adult(), adult(), adult()]
    with pytest.raises(ValidationError) as error:
        services.add_members(actor=alice, assignment=imported, members=members)
    errors = error.value.message_dict
    assert "members.1.identity_number" in errors and "members.2.first_name" in errors
    imported.refresh_from_db()
    assert imported.household is None and not Person.objects.filter(last_name="Haddad").exists()


def test_more_members_than_the_anvisning_is_refused(alice, imported):
    members = [adult(f"P{n}", birth=dt.date(1990, 1, n + 1)) for n in range(4)]
    with pytest.raises(ValidationError) as error:
        services.add_members(actor=alice, assignment=imported, members=members)
    assert "gäller 3 personer" in error.value.message_dict["members"][0]


def test_members_only_for_a_waiting_anvisning_and_by_its_reception_staff(
    alice, bob, charlie, imported, today
):
    for user in (bob, charlie):
        with pytest.raises(PermissionDenied):
            services.add_members(actor=user, assignment=imported, members=[adult()])
    services.cancel_assignment(actor=alice, assignment=imported, cancelled_date=today, reason="Flyttat")
    with pytest.raises(StateConflict) as conflict:
        services.add_members(actor=alice, assignment=imported, members=[adult()])
    assert "avbruten" in conflict.value.detail


# --- self-settled (EBO) -------------------------------------------------------------------------------------------


def test_an_anvisning_with_the_ebo_category_is_refused(alice, nykoping, today):
    with pytest.raises(ValidationError) as error:
        services.create_assignment(
            actor=alice,
            municipality=nykoping,
            reference="MIG-EBO",
            category=Category.SELF_SETTLED,
            decision_date=today,
            person_count=2,
        )
    assert "Registrera hushållet under Hushåll" in error.value.message_dict["category"][0]
    assert not Assignment.objects.filter(reference="MIG-EBO").exists()


def test_a_self_settled_household_is_received_without_an_anvisning(alice, nykoping, units, today):
    registered = today - dt.timedelta(days=3)
    case = services.register_self_settled_household(
        actor=alice,
        municipality=nykoping,
        household_name="Familjen Eget",
        members=[adult(), adult("Sami", relation="CHILD", birth=dt.date(2016, 2, 2))],
        registered_date=registered,
    )
    assert case.is_self_settled and case.assignment is None
    assert case.arrival_date == registered and case.status == ReceptionCase.Status.OPEN
    assert {p.category for p in case.household.members.all()} == {Category.SELF_SETTLED}
    assert Task.objects.filter(case=case).count() > 3  # the same template as a received anvisning
    assert not Assignment.objects.filter(household=case.household).exists()
    timeline = CaseEvent.objects.get(household=case.household, kind=CaseEvent.Kind.RECEIVED)
    assert "Egenbosatt (EBO)" in timeline.text
    assert AuditEvent.objects.filter(object_type="ReceptionCase", action=AuditEvent.Action.CREATE).exists()


def test_self_settled_registration_checks_everything_and_keeps_nothing(
    alice, bob, charlie, nykoping, units, today
):
    with pytest.raises(ValidationError) as error:
        services.register_self_settled_household(
            actor=alice,
            municipality=nykoping,
            household_name="",
            members=[adult(number="19900101-0000")],
            registered_date=today + dt.timedelta(days=1),
        )
    errors = error.value.message_dict
    assert {"registered_date", "name", "members.1.identity_number"} <= set(errors)
    assert not ReceptionCase.objects.exists() and not Person.objects.filter(last_name="Haddad").exists()
    for user in (bob, charlie):
        with pytest.raises(PermissionDenied):
            services.register_self_settled_household(
                actor=user,
                municipality=nykoping,
                household_name="X",
                members=[adult()],
                registered_date=today,
            )
