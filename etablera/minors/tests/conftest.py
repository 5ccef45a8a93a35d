"""The minors tests' people: an unaccompanied child of 16 received in Nyköping (so Nyköping's social services, who
have a task in its reception, see it), and the shared users.

sigrid  social services in Nyköping: owns SOCIAL, opens and keeps the child's case
alice   reception caseworker: sees the child, never the case
charlie reception caseworker in Enköping: nothing of Nyköping's
"""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.minors import services
from etablera.people.models import Category
from etablera.reception import services as reception_services
from etablera.testing.factories import HouseholdFactory
from etablera.testing.page_fixtures import *  # noqa: F403


def received_child(alice, nykoping, today, *, age: int = 16, reference: str = "MIG-2026-000777"):
    household = HouseholdFactory.with_members(
        [age], municipality=nykoping, name="Barnet", category=Category.UNACCOMPANIED_MINOR
    )
    assignment = reception_services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference=reference,
        category="UNACCOMPANIED_MINOR",
        decision_date=today - dt.timedelta(days=20),
        household=household,
    )
    reception_services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=10)
    )
    return household.members.get()


@pytest.fixture
def child(alice, nykoping, today):
    return received_child(alice, nykoping, today)


@pytest.fixture
def case(sigrid, child, today):
    return services.open_case(
        sigrid, child, arrived_on=today - dt.timedelta(days=10), asylum_status="SEEKING"
    )
