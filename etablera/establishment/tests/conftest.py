"""The establishment tests' people: the received family of etablera/testing/page_fixtures.py (adults 40 and 38, a
child of 9 and a toddler), and the units beyond the shared fixtures that own the mapping's sections.

alice   reception caseworker in Nyköping: everyone's establishment, not the health part or a child's mapping
bob     SFI caseworker: the family while SFI has a task in its open reception case (it has)
rita    caseworker of the region's unit in Nyköping: owns HEALTH
sara    caseworker of Nyköping's school: owns SCHOOL
charlie reception caseworker in Enköping: nothing of Nyköping's
stina   statistics: no person
"""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.access.models import Consent
from etablera.organisation.models import Role, Unit
from etablera.testing.factories import UnitFactory, UserFactory
from etablera.testing.page_fixtures import *  # noqa: F403


@pytest.fixture
def rita(nykoping, received):
    unit = UnitFactory(municipality=nykoping, name="Regionens vårdcentral", function=Unit.Function.REGION)
    return UserFactory.with_role("rita", unit, Role.CASEWORKER, first_name="Rita")


@pytest.fixture
def sara(units, received):
    return UserFactory.with_role("sara", units[Unit.Function.SCHOOL], Role.CASEWORKER, first_name="Sara")


@pytest.fixture
def adult(received):
    return received.household.members.order_by("birth_date", "pk").first()


@pytest.fixture
def child(received, today):
    members = received.household.members.order_by("birth_date", "pk")
    return [p for p in members if 5 < (today - p.birth_date).days / 365 < 18][0]


@pytest.fixture
def make_consent(alice, today):
    def make(person, units, sections, *, given=None, purpose="SIP"):
        consent = Consent.objects.create(
            person=person,
            municipality_id=person.municipality_id,
            sections=list(sections),
            purpose=purpose,
            given_date=given or today - dt.timedelta(days=1),
            method=Consent.Method.WRITTEN,
            recorded_by=alice,
        )
        consent.units.set(units)
        return consent

    return make
