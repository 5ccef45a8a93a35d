"""Fixtures for linking a relative's household and choosing a placement's home (issue #14), shared by the page and
API tests (minors/web/tests/test_relatives_and_homes.py, minors/api/tests/test_relatives_and_homes_api.py).

relatives          the child's mother and sister, anvisade and received in Nyköping (social services have a task
                   in their reception, so sigrid sees the household)
waiting_relatives  another household, anvisad but not received: no task of social services, so sigrid does not
                   see it (alice of the reception unit does)
hedda              social services *and* the housing unit in Nyköping: she sees the municipality's homes
exit_home          a place in Nyköping's exit housing (social services see it too: access/visibility/housing.py);
                   nykoping_flat a flat in Nyköping (the housing staff's only); enkoping_home a flat in Enköping
"""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.organisation.models import Membership, Role, Unit
from etablera.people.models import Category
from etablera.reception import services as reception_services
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory, UserFactory

__all__ = ["relatives", "waiting_relatives", "hedda", "exit_home", "nykoping_flat", "enkoping_home"]

RELATIVES = "MIG-2026-000555"
WAITING = "MIG-2026-000556"


def _household(alice, nykoping, today, reference: str, *, receive: bool):
    household = HouseholdFactory.with_members(
        [41, 10],
        municipality=nykoping,
        name=f"Familjen {reference[-3:]}",
        category=Category.FAMILY_REUNIFICATION,
    )
    assignment = reception_services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference=reference,
        category="FAMILY_REUNIFICATION",
        decision_date=today - dt.timedelta(days=12),
        household=household,
    )
    if receive:
        reception_services.receive_household(
            actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=4)
        )
    return household


@pytest.fixture
def relatives(alice, nykoping, today):
    return _household(alice, nykoping, today, RELATIVES, receive=True)


@pytest.fixture
def waiting_relatives(alice, nykoping, today):
    return _household(alice, nykoping, today, WAITING, receive=False)


@pytest.fixture
def hedda(units):
    user = UserFactory.with_role("hedda", units[Unit.Function.SOCIAL_SERVICES], Role.CASEWORKER)
    Membership.objects.create(user=user, unit=units[Unit.Function.HOUSING], role=Role.CASEWORKER)
    return user


@pytest.fixture
def exit_home(nykoping):
    return HousingUnitFactory(
        municipality=nykoping,
        reference="UT-8",
        address_street="Kvarngatan 8",
        kind="EXIT",
        rooms=1,
        bedrooms=1,
    )


@pytest.fixture
def nykoping_flat(nykoping):
    return HousingUnitFactory(
        municipality=nykoping,
        reference="NY-3",
        address_street="Ängsvägen 3",
        kind="FLAT",
        rooms=2,
        bedrooms=1,
    )


@pytest.fixture
def enkoping_home(enkoping):
    return HousingUnitFactory(municipality=enkoping, reference="EN-1", address_street="Långgatan 1")
