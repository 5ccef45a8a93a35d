"""Issue #11: two people adding the same members to an imported anvisning at the same moment (a page and the API,
each in its own thread and connection, on PostgreSQL). The second waits for the first's lock on the anvisning, then
sees the household the first registered: one household, each person once."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.people.models import Household, HouseholdMember, Person
from etablera.people.services import PersonInput
from etablera.reception import services
from etablera.reception.models import Assignment
from etablera.testing.api_client import ApiClient
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.testing.factories import AssignmentFactory

pytestmark = CONCURRENT

MEMBER = {"first_name": "Amal", "last_name": "Samtidig", "birth_date": "1990-05-05"}


@pytest.fixture
def bare(nykoping, units, today):
    return AssignmentFactory(
        reference="MIG-SAMTIDIG",
        municipality=nykoping,
        decision_date=today - dt.timedelta(days=3),
        person_count=2,
    )


def _answer(result):
    if isinstance(result, BaseException):
        raise result
    return result


def test_the_second_waits_for_the_lock_and_adds_no_one_twice(alice, carol, bare):
    first, second, waited = while_locked(
        bare,
        lambda: services.add_members(
            actor=alice,
            assignment=Assignment.objects.get(pk=bare.pk),
            members=[
                PersonInput(
                    category=bare.category,
                    birth_date=dt.date(1990, 5, 5),
                    first_name="Amal",
                    last_name="Samtidig",
                )
            ],
        ),
        lambda: ApiClient(carol).post(f"/assignments/{bare.pk}/members", {"members": [MEMBER]}),
    )
    assert waited, "the API's request did not wait for the lock on the anvisning"
    assert _answer(first).created == 1
    assert _answer(second).status_code == 200
    assert Household.objects.filter(assignments=bare).count() == 1
    assert Person.objects.filter(last_name="Samtidig").count() == 1


def test_at_once_one_household_each_person_once(alice, carol, bare):
    first, second = at_once(
        lambda: ApiClient(alice).post(f"/assignments/{bare.pk}/members", {"members": [MEMBER]}),
        lambda: ApiClient(carol).post(f"/assignments/{bare.pk}/members", {"members": [MEMBER]}),
    )
    assert sorted([_answer(first).status_code, _answer(second).status_code]) == [200, 200]
    bare.refresh_from_db()
    assert HouseholdMember.objects.filter(household=bare.household).count() == 1
    assert Person.objects.filter(last_name="Samtidig").count() == 1
