"""Gallring of the associations' contact persons (issue #17): deleted `retention.civil_contact_years` after the
association left the network, never while it is in it; the association stays; the execution logged without a name."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.access import gallring
from etablera.access.models import AuditEvent
from etablera.civil.models import Association, ContactPerson
from etablera.civil.services import associations
from etablera.rules.parameters import parameter
from etablera.rules.retention import civil_contact_cutoff

pytestmark = pytest.mark.django_db


def test_the_period_has_its_legal_ground(today):
    rule = parameter("retention.civil_contact_years", today)
    assert rule.value == 2 and "art. 5.1 e" in rule.source
    assert civil_contact_cutoff(dt.date(2026, 6, 30)) == dt.date(2024, 6, 30)


def test_contacts_go_two_years_after_the_association_left(alice, association, today):
    associations.leave_network(actor=alice, association=association, on=today - dt.timedelta(days=800))
    kept = Association.objects.create(
        municipality=association.municipality, name="Aktiv förening", kind="ASSOCIATION"
    )
    ContactPerson.objects.create(association=kept, name="Kvar Kvarsson", email="kvar@example.se")
    recent = Association.objects.create(
        municipality=association.municipality,
        name="Nyss",
        kind="ASSOCIATION",
        active=False,
        left_on=today - dt.timedelta(days=300),
    )
    ContactPerson.objects.create(association=recent, name="Nyss Nyssön", email="nyss@example.se")

    planned = gallring.plan(today=today)
    assert planned.counts()["civil"] == {"contacts": 1}
    assert ContactPerson.objects.filter(association=association).exists()  # a dry run changes nothing

    done = gallring.execute(today=today)
    assert done.civil == {"contacts": 1}
    assert not ContactPerson.objects.filter(association=association).exists()
    assert set(ContactPerson.objects.values_list("name", flat=True)) == {"Kvar Kvarsson", "Nyss Nyssön"}
    assert Association.objects.filter(pk=association.pk).exists()
    event = AuditEvent.objects.get(summary__startswith="Gallring av föreningars kontaktpersoner")
    assert event.municipality_code == "0480" and event.changes["civil"] == {"contacts": 1}
    assert "Kerstin" not in event.summary and "Kerstin" not in str(event.changes)


def test_an_association_back_in_the_network_keeps_its_contacts(alice, association, today):
    associations.leave_network(actor=alice, association=association, on=today - dt.timedelta(days=900))
    associations.rejoin_network(actor=alice, association=association)
    assert gallring.plan(today=today).civil == {"contacts": 0}
