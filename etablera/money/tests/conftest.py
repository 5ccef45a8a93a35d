"""The money tests' people and helpers.

olof    controller (ADMINISTRATION unit, caseworker) in Nyköping: reads and keeps the money records
alice   reception caseworker in Nyköping: keeps claims and payments too (the integration unit applies)
stina   statistics role in Nyköping: reads the money pages, writes nothing
bob     SFI caseworker in Nyköping: no money pages
charlie reception caseworker in Enköping: Enköping's money only

`receive(...)` makes a received person directly (household, member, reception case), for the computations: the
rules need a birth date, a category and a reception date, not a whole reception with tasks.
"""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.organisation.models import Role, Unit
from etablera.people.models import Category, HouseholdMember
from etablera.reception.models import ReceptionCase
from etablera.testing.factories import HouseholdFactory, PersonFactory, UnitFactory, UserFactory, municipality
from etablera.testing.page_fixtures import *  # noqa: F403


def receive(
    birth_date: dt.date,
    received_on: dt.date,
    *,
    category: str = Category.ASSIGNED_FROM_FACILITY,
    code: str = "0480",
    household=None,
):
    """A person received on `received_on` in municipality `code` (in `household`, or a new one)."""
    place = municipality(code)
    if household is None:
        household = HouseholdFactory(municipality=place)
        ReceptionCase.objects.create(household=household, municipality=place, arrival_date=received_on)
    person = PersonFactory(municipality=place, birth_date=birth_date, category=category)
    HouseholdMember.objects.create(
        household=household, person=person, relation=HouseholdMember.Relation.ADULT
    )
    return person


@pytest.fixture
def controller_unit(nykoping):
    return UnitFactory(municipality=nykoping, name="Ekonomienheten", function=Unit.Function.ADMINISTRATION)


@pytest.fixture
def olof(controller_unit):
    return UserFactory.with_role("olof", controller_unit, Role.CASEWORKER, first_name="Olof")
