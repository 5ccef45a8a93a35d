"""Two clients editing the same person at the same moment (issue #11), each in its own thread with its own database
connection (etablera/testing/concurrency.py; PostgreSQL). The row lock makes the edits one after the other: with the
version they read, the second is refused (409) instead of overwriting the first; without it, both are made and the
audit log's old values follow each other — nothing is lost unseen."""

from __future__ import annotations

import json

from django.test import Client

from etablera.access.models import AuditEvent
from etablera.organisation.models import ApiToken
from etablera.people.models import Person
from etablera.testing.concurrency import CONCURRENT, at_once

pytestmark = CONCURRENT


def _client(user) -> Client:
    _, token = ApiToken.issue(user=user, name="samtidigt")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _patch(client, person, body):
    return lambda: (
        client.patch(
            f"/api/v1/persons/{person.public_id}", json.dumps(body), content_type="application/json"
        ).status_code
    )


def test_two_edits_from_the_same_reading_one_is_made_and_the_other_refused(alice, carol, family):
    person = family.members.order_by("birth_date", "pk").first()
    version = person.updated_at.isoformat()
    first, second = _client(alice), _client(carol)
    answers = at_once(
        _patch(first, person, {"citizenship": "Syrien", "version": version}),
        _patch(second, person, {"citizenship": "Irak", "version": version}),
    )
    assert sorted(answers) == [200, 409], answers
    kept = Person.objects.get(pk=person.pk).citizenship
    assert kept == ("Syrien" if answers[0] == 200 else "Irak")
    events = AuditEvent.objects.filter(person_public_id=person.public_id, action=AuditEvent.Action.UPDATE)
    assert [e.changes["citizenship"] for e in events] == [["", kept]]


def test_two_edits_without_a_version_are_made_one_after_the_other(alice, carol, family):
    person = family.members.order_by("birth_date", "pk").first()
    answers = at_once(
        _patch(_client(alice), person, {"citizenship": "Syrien"}),
        _patch(_client(carol), person, {"citizenship": "Irak"}),
    )
    assert answers == [200, 200]
    events = list(
        AuditEvent.objects.filter(
            person_public_id=person.public_id, action=AuditEvent.Action.UPDATE
        ).order_by("pk")
    )
    assert len(events) == 2
    # The second saw the first's value as the old one: it waited for the lock and read the row again.
    assert events[1].changes["citizenship"][0] == events[0].changes["citizenship"][1]
    assert Person.objects.get(pk=person.pk).citizenship == events[1].changes["citizenship"][1]
