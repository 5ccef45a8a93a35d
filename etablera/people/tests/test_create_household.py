import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.people.models import Household, HouseholdMember, Person
from etablera.people.services import PersonInput, create_household
from etablera.testing.factories import personnummer


def adult(**kwargs) -> PersonInput:
    data = {"first_name": "Amal", "last_name": "Exempel", "category": "ASSIGNED_FROM_FACILITY"}
    data.update(kwargs)
    return PersonInput(**data)


def test_it_creates_the_household_with_members_and_derives_the_birth_date(alice, nykoping):
    number = personnummer(dt.date(1988, 4, 2))
    household = create_household(
        actor=alice,
        municipality=nykoping,
        name="Familjen Exempel",
        members=[
            adult(identity_number_type="PERSONNUMMER", identity_number=f"{number[2:8]}-{number[8:]}"),
            adult(first_name="Yara", relation=HouseholdMember.Relation.CHILD, birth_date=dt.date(2017, 3, 3)),
        ],
    )
    first = household.memberships.get(relation="ADULT").person
    assert first.identity_number == number  # stored with the century
    assert first.birth_date == dt.date(1988, 4, 2)
    assert household.memberships.count() == 2
    assert AuditEvent.objects.filter(action="CREATE", person_public_id=first.public_id).exists()
    # the personnummer is never written to the log
    assert not AuditEvent.objects.filter(summary__contains=number[2:8]).exists()


def test_an_invalid_personnummer_is_reported_at_the_member_field_and_nothing_is_saved(alice, nykoping):
    with pytest.raises(ValidationError) as error:
        create_household(
            actor=alice,
            municipality=nykoping,
            name="Familjen Fel",
            members=[adult(), adult(identity_number_type="PERSONNUMMER", identity_number="811218-9875")],
        )
    assert error.value.message_dict["members.2.identity_number"] == ["Personnumret har fel kontrollsiffra."]
    assert not Household.objects.exists() and not Person.objects.exists()


def test_a_birth_date_in_the_future_is_refused(alice, nykoping):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        create_household(actor=alice, municipality=nykoping, name="X", members=[adult(birth_date=tomorrow)])
    assert "framtiden" in error.value.message_dict["members.1.birth_date"][0]


def test_a_birth_date_that_contradicts_the_personnummer_is_refused(alice, nykoping):
    number = personnummer(dt.date(1990, 1, 2))
    with pytest.raises(ValidationError) as error:
        create_household(
            actor=alice,
            municipality=nykoping,
            name="X",
            members=[
                adult(
                    identity_number_type="PERSONNUMMER",
                    identity_number=number,
                    birth_date=dt.date(1990, 1, 3),
                )
            ],
        )
    assert "stämmer inte" in error.value.message_dict["members.1.birth_date"][0]


def test_the_same_personnummer_cannot_be_registered_twice(alice, nykoping):
    number = personnummer(dt.date(1990, 1, 2))
    create_household(
        actor=alice,
        municipality=nykoping,
        name="A",
        members=[adult(identity_number_type="PERSONNUMMER", identity_number=number)],
    )
    with pytest.raises(ValidationError) as error:
        create_household(
            actor=alice,
            municipality=nykoping,
            name="B",
            members=[adult(identity_number_type="PERSONNUMMER", identity_number=number)],
        )
    assert "redan en person" in error.value.message_dict["members.1.identity_number"][0]


def test_a_household_needs_a_name_and_members(alice, nykoping):
    with pytest.raises(ValidationError) as error:
        create_household(actor=alice, municipality=nykoping, name=" ", members=[])
    assert set(error.value.message_dict) == {"name", "members"}
