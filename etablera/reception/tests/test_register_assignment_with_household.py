import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.people.models import Household, Person
from etablera.people.services import PersonInput
from etablera.reception.models import Assignment
from etablera.reception.services import register_assignment_with_household
from etablera.testing.factories import personnummer


def _register(actor, municipality, today, members, **overrides):
    arguments = {
        "actor": actor,
        "municipality": municipality,
        "reference": "MIG-2026-000777",
        "category": "RESETTLED",
        "decision_date": today - dt.timedelta(days=2),
        "household_name": "Familjen Prov",
        "members": members,
        **overrides,
    }
    return register_assignment_with_household(**arguments)


ADULT = PersonInput(
    first_name="Nadia",
    last_name="Prov",
    category="RESETTLED",
    identity_number_type="PERSONNUMMER",
    identity_number=personnummer(dt.date(1985, 2, 3)),
)
CHILD = PersonInput(first_name="Rami", last_name="Prov", category="RESETTLED", relation="CHILD")


def test_it_registers_the_household_and_the_assignment_together(alice, nykoping, today):
    assignment = _register(alice, nykoping, today, [ADULT, CHILD])
    assert assignment.person_count == 2
    assert set(assignment.household.members.values_list("first_name", flat=True)) == {"Nadia", "Rami"}
    assert AuditEvent.objects.filter(object_type="Household", action="CREATE").count() == 1
    assert AuditEvent.objects.filter(object_type="Assignment", action="CREATE").count() == 1


def test_when_the_assignment_is_invalid_no_household_remains(alice, nykoping, today):
    with pytest.raises(ValidationError) as error:
        _register(alice, nykoping, today, [ADULT], decision_date=today + dt.timedelta(days=1))
    assert "decision_date" in error.value.message_dict
    assert not Household.objects.exists() and not Person.objects.exists() and not Assignment.objects.exists()
    assert not AuditEvent.objects.exists()


def test_errors_of_both_parts_come_back_together(alice, nykoping, today):
    bad_child = PersonInput(first_name="", last_name="Prov", category="RESETTLED", relation="CHILD")
    with pytest.raises(ValidationError) as error:
        _register(alice, nykoping, today, [ADULT, bad_child], reference="  ")
    errors = error.value.message_dict
    assert "reference" in errors
    assert errors["members.2.first_name"] == ["Ange förnamn."]
    assert not Household.objects.exists()


def test_no_members_is_one_message_not_two(alice, nykoping, today):
    with pytest.raises(ValidationError) as error:
        _register(alice, nykoping, today, [])
    assert error.value.message_dict["members"] == ["Ett hushåll måste ha minst en person."]


def test_a_duplicate_reference_leaves_nothing(alice, nykoping, today):
    _register(alice, nykoping, today, [CHILD])
    with pytest.raises(ValidationError) as error:
        _register(alice, nykoping, today, [ADULT])
    assert error.value.message_dict["reference"] == ["Det finns redan en anvisning med denna referens."]
    assert Household.objects.count() == 1


def test_only_reception_staff_may_register(bob, nykoping, today):
    with pytest.raises(PermissionDenied):
        _register(bob, nykoping, today, [ADULT])
    assert not Household.objects.exists()
