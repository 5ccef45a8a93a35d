"""Page fixtures: a received family in Nyköping with tasks, and helpers to sign in."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest

from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import Task
from etablera.testing.factories import HouseholdFactory

# What a test folder's conftest.py takes with `import *`: the fixtures, not this module's imports.
__all__ = ["assignment", "received", "sfi_task", "reception_task", "child_household", "signed_in"]


@pytest.fixture
def assignment(alice, family, today):
    return services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-2026-000123",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=30),
        household=family,
    )


@pytest.fixture
def received(alice, assignment, today):
    """The family arrived 25 days ago and was registered that day: tasks exist, some overdue (a task is never
    created overdue, so the arrival is registered as on its own day)."""
    arrival = today - dt.timedelta(days=25)
    with mock.patch("django.utils.timezone.localdate", return_value=arrival):
        return services.receive_household(actor=alice, assignment=assignment, arrival_date=arrival)


@pytest.fixture
def sfi_task(received, units):
    return Task.objects.filter(case=received, unit=units[Unit.Function.SFI]).order_by("pk").first()


@pytest.fixture
def reception_task(received, units):
    return Task.objects.filter(case=received, unit=units[Unit.Function.RECEPTION]).order_by("pk").first()


@pytest.fixture
def child_household(alice, nykoping, units, today):
    """A household of one child: no SFI tasks, so bob (SFI) may not see it."""
    household = HouseholdFactory.with_members([10], municipality=nykoping, name="Hushållet Barn")
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-2026-000999",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=10),
        household=household,
    )
    services.receive_household(actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=5))
    return household


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
