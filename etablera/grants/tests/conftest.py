"""Grants' fixtures: an open programme in Nyköping, an association in the register, the unit manager who decides,
and a helper that makes a confirmed application in a given state."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from etablera.civil.models import Association
from etablera.grants.models import Application, GrantProgramme
from etablera.organisation.models import Role, Unit
from etablera.testing.factories import UserFactory
from etablera.testing.page_fixtures import *  # noqa: F403

ORGNR = "802000-1239"  # valid check digit (Luhn)


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def erik(units):
    """Unit manager (enhetschef) of Nyköping's reception unit: decides grants."""
    return UserFactory.with_role("erik", units[Unit.Function.RECEPTION], Role.UNIT_MANAGER, first_name="Erik")


@pytest.fixture
def programme(nykoping, today):
    return GrantProgramme.objects.create(
        municipality=nykoping,
        name="Integrationsbidraget 2026",
        criteria="Verksamhet där nyanlända och andra möts.",
        budget=50000,
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=20),
        status=GrantProgramme.Status.OPEN,
        extra_fields=[
            {"name": "malgrupp", "label": "Vilka vänder ni er till?", "max_length": 50, "required": True}
        ],
    )


@pytest.fixture
def association(nykoping):
    return Association.objects.create(
        municipality=nykoping, name="IK Eken", kind=Association.Kind.SPORTS, organisation_number=ORGNR
    )


@pytest.fixture
def make_application(programme):
    counter = iter(range(1, 1000))

    def make(status=Application.Status.SUBMITTED, amount=10000, **extra):
        number = next(counter)
        values = {
            "programme": programme,
            "municipality": programme.municipality,
            "reference": f"BID-TEST-{number:04d}",
            "association_name": f"Förening {number}",
            "organisation_number": ORGNR,
            "contact_name": "Kim Kontakt",
            "contact_email": "kim@example.se",
            "contact_phone": "070-1234567",
            "description": "Läxhjälp på lördagar.",
            "amount_applied": amount,
            "status": status,
            "confirmed_at": timezone.now(),
        }
        values.update(extra)
        return Application.objects.create(**values)

    return make


def link_in(body: str, part: str) -> str:
    """The path of the link in an e-mail's body, e.g. part="bekrafta"."""
    match = re.search(rf"https?://[^/\s]+(/medverka/bidrag/{part}/[^\s]+/)", body)
    assert match, body
    return match.group(1)
