"""The API of the log review and the register extract: /access-log, /access-log/search, POST /persons/{id}/extract."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.people.models import Person
from etablera.testing.api_client import ApiClient
from etablera.testing.factories import personnummer


@pytest.fixture
def member(family):
    person = family.members.order_by("birth_date").first()
    Person.objects.filter(pk=person.pk).update(
        identity_number=personnummer(person.birth_date), identity_number_type="PERSONNUMMER"
    )
    person.refresh_from_db()
    return person


@pytest.fixture
def logged(alice, bob, member, family):
    now = timezone.now()
    common = {"channel": "PAGE", "municipality_code": "0480"}
    return [
        AuditEvent.objects.create(
            at=now - dt.timedelta(minutes=5),
            actor=alice,
            actor_name="alice",
            action="VIEW",
            object_type="Person",
            person_public_id=member.public_id,
            basis="RECEPTION",
            **common,
        ),
        AuditEvent.objects.create(
            at=now - dt.timedelta(minutes=4),
            actor=bob,
            actor_name="bob",
            action="VIEW",
            object_type="Household",
            household_public_id=family.public_id,
            basis="BREAK_GLASS",
            break_glass=True,
            **common,
        ),
    ]


def test_a_reviewer_reads_the_log_with_flags(maja, logged, member):
    response = ApiClient(maja).get("/access-log", {"user": logged[1].actor_id})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["user"], item["action"], item["basis"]) == ("bob", "VIEW", "BREAK_GLASS")
    assert item["flags"] == ["BREAK_GLASS", "OUTSIDE_UNIT"]
    assert item["units"] == ["SFI"]
    flagged = ApiClient(maja).get("/access-log", {"flagged": "true"}).json()
    assert [i["household"] for i in flagged["items"]] == [str(logged[1].household_public_id)]


def test_the_person_filter_takes_a_public_id_in_the_url_or_a_number_in_the_body(maja, logged, member):
    client = ApiClient(maja)
    by_id = client.get("/access-log", {"person": str(member.public_id), "user": logged[0].actor_id}).json()
    assert [i["person_name"] for i in by_id["items"]] == [member.full_name]
    by_number = client.post("/access-log/search", {"identity_number": member.identity_number}).json()
    assert {(i["user"], i["object_type"]) for i in by_number["items"]} >= {
        ("alice", "Person"),
        ("bob", "Household"),
    }
    assert (
        client.post("/access-log/search", {"identity_number": personnummer(dt.date(1970, 2, 3))}).status_code
        == 404
    )


def test_the_log_is_for_reviewers_only(alice, bob, charlie, stina, logged):
    for user in (alice, bob, charlie, stina):
        response = ApiClient(user).get("/access-log")
        assert response.status_code == 403
        assert response.json() == {"detail": "Åtkomstloggen följs upp av enhetschefer och administratörer."}
    assert ApiClient().get("/access-log").status_code == 401


def test_a_person_of_another_municipality_is_not_found(maja, charlie, enkoping):
    from etablera.testing.factories import PersonFactory

    elsewhere = PersonFactory(municipality=enkoping)
    assert ApiClient(maja).get("/access-log", {"person": str(elsewhere.public_id)}).status_code == 404


def test_the_register_extract_as_json(maja, alice, carol, member):
    """POST with a reason, for those authorised to produce extracts (the whole act:
    access/tests/test_register_extract.py)."""
    from etablera.organisation.models import Membership

    url = f"/persons/{member.public_id}/extract"
    reason = {"reason": "Begäran i receptionen, dnr 2026/88"}
    assert ApiClient(maja).post(url, reason).status_code == 403  # a reviewer's role is not enough
    Membership.objects.filter(user=maja).update(may_produce_register_extract=True)
    response = ApiClient(maja).post(url, reason)
    assert response.status_code == 200
    data = response.json()
    assert data["person"]["identity_number"] == member.identity_number_display
    assert data["households"][0]["name"] == "Familjen Exempel"
    event = AuditEvent.objects.get(actor=maja, action="EXPORT")
    assert (event.channel, event.person_public_id, event.object_type) == (
        "API",
        member.public_id,
        "RegisterExtract",
    )
    assert event.changes["reason"] == reason["reason"]
    assert ApiClient(carol).post(url, reason).status_code == 403
    assert ApiClient(alice).post(url, reason).status_code == 403
