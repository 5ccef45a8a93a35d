"""Fixtures of the activity requirement's tests (issue #13, the "requirement" part): Nyköping's social services,
support months for the received family, and the region with a consent for HEALTH.

sigrid  caseworker of Nyköping's social services (etablera/testing/fixtures.py): owns SOCIAL, draws up plans
rita    caseworker of the region's unit (establishment's conftest): HEALTH, and here a consent of the adult for it
alice   reception caseworker: sees the family, never its SOCIAL records
charlie Enköping: nothing of Nyköping's
"""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.access.sections import Section
from etablera.activity.services import support as support_services
from etablera.organisation.models import Role, Unit
from etablera.rules.dates import add_months
from etablera.testing.factories import UnitFactory, UserFactory

__all__ = ["household", "numbered", "adults", "support", "rita_consent", "enkoping_social", "this_month"]


@pytest.fixture
def this_month(today):
    return today.replace(day=1)


@pytest.fixture
def household(received):
    return received.household


def _number(person):
    from etablera.people.models import Person
    from etablera.testing.factories import personnummer

    number = personnummer(person.birth_date)
    Person.objects.filter(pk=person.pk).update(identity_number=number, identity_number_type="PERSONNUMMER")
    person.refresh_from_db()
    return person


@pytest.fixture
def numbered(household):
    """Every member with a (fictional) personnummer, as the import finds them."""
    return [_number(p) for p in household.members.order_by("birth_date", "pk")]


@pytest.fixture
def adults(household):
    members = household.members.order_by("birth_date", "pk")
    return [p for p in members if p.birth_date <= dt.date(2000, 1, 1)] or list(members[:2])


@pytest.fixture
def support(sigrid, household, adults, this_month):
    """Five months in a row up to this month for the two adults: the requirement applies to them."""
    months = []
    for back in range(4, -1, -1):
        month, _outcome = support_services.record_support_month(
            actor=sigrid,
            household=household,
            month=add_months(this_month, -back),
            amount=12000,
            persons=adults,
        )
        months.append(month)
    return months


@pytest.fixture
def rita_consent(rita, adult, make_consent):
    unit = rita.memberships.first().unit
    return make_consent(adult, [unit], [Section.BASIC, Section.HEALTH], purpose="Bedömning av arbetsförmåga")


@pytest.fixture
def enkoping_social(enkoping):
    unit = UnitFactory(
        municipality=enkoping, name="Socialtjänsten Enköping", function=Unit.Function.SOCIAL_SERVICES
    )
    return UserFactory.with_role("erik", unit, Role.CASEWORKER, first_name="Erik")
