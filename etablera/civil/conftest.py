"""Fixtures of the civil register's tests (services, pages, API): an association of Nyköping with a contact, an
offer in Arabic and Somali, and a network meeting with a follow-up. alice (reception unit) and carol (administrator)
work with civil society in Nyköping; bob (SFI) and sigrid (social services) do not; charlie works in Enköping."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.civil.services import associations, contacts, network
from etablera.testing.api_fixtures import api  # noqa: F401 - the API tests' client fixture

ORGNR = "802000-1239"  # hypothetical; its check digit is right (Luhn)


@pytest.fixture
def association(alice, nykoping):
    club = associations.create_association(
        actor=alice,
        municipality=nykoping,
        name="Nyköpings IF",
        kind="SPORTS",
        organisation_number=ORGNR,
        email="kansli@nykopingsif.example",
    )
    contacts.add_contact(
        actor=alice, association=club, name="Kerstin Ledare", role="Ordförande", phone="070-123 45 67"
    )
    contacts.add_offer(
        actor=alice,
        association=club,
        kind="SPORTS",
        languages="ar, so",
        venues="Rosvalla",
        target_groups="barn",
    )
    return club


@pytest.fixture
def meeting(alice, nykoping, association, today):
    held = network.create_meeting(
        actor=alice,
        municipality=nykoping,
        held_on=today - dt.timedelta(days=7),
        place="Stadsbiblioteket",
        notes="Sommarlovets aktiviteter.",
        attending=[association],
    )
    network.add_follow_up(
        actor=alice, meeting=held, text="Skicka programmet", responsible="Kerstin", due_on=today
    )
    return held
