"""The praktikplatsbank's and the catalogue's test fixtures (issue #13): a labour-market caseworker (lars), an
employer with a supervisor, an open placement, an activity, and a person of the received family to offer to.

lars    caseworker of Nyköping's labour-market unit: keeps the bank (employers, placements)
alice   reception caseworker: reads the catalogue and the bank, offers to persons she sees; keeps no employers
charlie reception caseworker in Enköping: nothing of Nyköping's

Take them with `from etablera.activity.tests.bank_fixtures import *` in a test module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from etablera.activity.services import catalogue, employers, placements
from etablera.organisation.models import Role, Unit
from etablera.testing.factories import UserFactory

__all__ = ["lars", "employer", "supervisor", "placement", "activity", "offered", "ORGNR", "ORGNR_2"]

ORGNR = "559900-0014"  # fictional, with a valid check digit
ORGNR_2 = "559900-0022"


@pytest.fixture
def lars(units):
    return UserFactory.with_role(
        "lars", units[Unit.Function.LABOUR_MARKET], Role.CASEWORKER, first_name="Lars", last_name="Arbetsson"
    )


@pytest.fixture
def employer(lars, nykoping):
    return employers.create_employer(
        actor=lars,
        municipality=nykoping,
        name="Bageriet Exempel AB",
        organisation_number=ORGNR,
        industry="Bageri",
    )


@pytest.fixture
def supervisor(lars, employer):
    return employers.add_contact(
        actor=lars, employer=employer, name="Berit Handledare", phone="070-123 45 67", is_supervisor=True
    )


@pytest.fixture
def placement(lars, employer, supervisor, today):
    return placements.create_placement(
        actor=lars,
        employer=employer,
        title="Bagerilärling",
        ssyk="7512",
        tasks="Baka bröd, diska, städa.",
        starts_on=today + dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=97),
        hours_per_week=Decimal("30"),
        supervisor=supervisor,
        languages=["ar", "sv"],
    )


@pytest.fixture
def activity(alice, nykoping, today):
    return catalogue.create_activity(
        actor=alice,
        municipality=nykoping,
        name="Språkcafé på biblioteket",
        kind="LANGUAGE_CAFE",
        place="Stadsbiblioteket",
        postcode="611 30",
        schedule="Tisdagar 14–16",
        hours_per_week=Decimal("2"),
        places=2,
        languages=["ar", "so"],
        starts_on=today - dt.timedelta(days=30),
    )


@pytest.fixture
def offered(alice, placement, adult):
    return placements.offer_placement(alice, placement, adult, explanation=["Har erfarenhet av bageri"])
