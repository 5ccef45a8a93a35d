"""The week's people and records (issue #13), for the week's tests: import them with `from
etablera.activity.tests.week_fixtures import *`.

lars    caseworker of Nyköping's labour-market unit: owns the language café (records its attendance), job coach
sigrid  caseworker of social services (etablera/testing/fixtures.py): records any attendance, owns SOCIAL
alice   reception: sees the family and plans the week; bob (SFI) sees the family but plans nothing; charlie nothing
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from etablera.activity.models import Activity, Participation
from etablera.organisation.models import Role, Unit
from etablera.testing.factories import UserFactory, personnummer

__all__ = ["lars", "cafe", "monday", "participation", "numbered"]


@pytest.fixture
def lars(units):
    return UserFactory.with_role(
        "lars", units[Unit.Function.LABOUR_MARKET], Role.CASEWORKER, first_name="Lars", last_name="Coach"
    )


@pytest.fixture
def cafe(units, nykoping, today):
    return Activity.objects.create(
        municipality=nykoping,
        unit=units[Unit.Function.LABOUR_MARKET],
        name="Språkcafé Stadsbiblioteket",
        kind=Activity.Kind.LANGUAGE_CAFE,
        place="Stadsbiblioteket",
        schedule="mån och ons 9–12",
        hours_per_week=Decimal(6),
        places=3,
        starts_on=today - dt.timedelta(days=365),
    )


@pytest.fixture
def monday(today):
    return today - dt.timedelta(days=today.weekday())


@pytest.fixture
def participation(adult, cafe, monday):
    return Participation.objects.create(
        person=adult,
        municipality_id=adult.municipality_id,
        kind=Participation.Kind.ACTIVITY,
        activity=cafe,
        hours_per_week=Decimal(6),
        starts_on=monday - dt.timedelta(weeks=4),
        unit_id=cafe.unit_id,
    )


@pytest.fixture
def numbered(adult):
    """The adult's personnummer as a file writes it (ÅÅÅÅMMDD-NNNN)."""
    adult.identity_number_type = "PERSONNUMMER"
    adult.identity_number = personnummer(adult.birth_date, serial=501)
    adult.save()
    return f"{adult.identity_number[:8]}-{adult.identity_number[8:]}"
