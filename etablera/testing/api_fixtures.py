"""Fixtures for API tests: a client per user, and a received household with tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.reception import services
from etablera.testing.api_client import ApiClient

# What a test folder's conftest.py takes with `import *`: the fixtures, not this module's imports.
__all__ = ["api", "assignment", "received"]


@pytest.fixture
def api():
    """`api(user)` gives a client authenticated as `user` with a fresh token."""
    return ApiClient


@pytest.fixture
def assignment(alice, family, today):
    return services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-2026-API-001",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=family,
    )


@pytest.fixture
def received(alice, assignment, today):
    """The family received two days ago: a reception case with tasks for several units."""
    return services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=2)
    )
