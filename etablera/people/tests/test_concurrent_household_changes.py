"""Two clients changing one household or one person at the same moment (issue #11), each in its own thread with its
own database connection (etablera/testing/concurrency.py; PostgreSQL). The household's row lock makes the changes
one after the other: the second sees the first's result and is refused with a message, never a half-made change."""

from __future__ import annotations

import json

from django.test import Client

from etablera.organisation.models import ApiToken
from etablera.people.models import FormerHouseholdMember, HouseholdMember, Person
from etablera.testing.concurrency import CONCURRENT, at_once
from etablera.testing.factories import PersonFactory

pytestmark = CONCURRENT


def _client(user) -> Client:
    _, token = ApiToken.issue(user=user, name="samtidigt")
    return Client(headers={"Authorization": f"Bearer {token}"})


def _post(client, path, body):
    return lambda: (
        client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json").status_code
    )


def test_the_same_member_moving_out_twice_at_once_is_one_move(alice, carol, family, today):
    person = family.members.order_by("birth_date", "pk").first()
    body = {"person": str(person.public_id), "reason": "MOVED_OUT", "on_date": today.isoformat()}
    path = f"/households/{family.public_id}/members/leave"
    answers = at_once(_post(_client(alice), path, body), _post(_client(carol), path, body))
    assert sorted(answers) in ([200, 409], [200, 422]), answers
    assert not HouseholdMember.objects.filter(household=family, person=person).exists()
    assert FormerHouseholdMember.objects.filter(household=family, person=person).count() == 1


def test_one_duplicate_merged_into_two_persons_at_once_goes_to_one(alice, carol, family):
    first, second = family.members.order_by("birth_date", "pk")[:2]
    twin = PersonFactory(
        municipality=family.municipality,
        first_name=first.first_name,
        last_name=first.last_name,
        birth_date=first.birth_date,
    )
    body = {"duplicate": str(twin.public_id), "reason": "Samma person"}
    answers = at_once(
        _post(_client(alice), f"/persons/{first.public_id}/merge", body),
        _post(_client(carol), f"/persons/{second.public_id}/merge", body),
    )
    assert sorted(answers) == [200, 409], answers  # the second finds the duplicate gone
    assert not Person.objects.filter(pk=twin.pk).exists()
