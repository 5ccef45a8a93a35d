"""Gallring of the outbox through the house's gallring (access/gallring.py and `etablera gallring`): the counts in
the plan, the command's text and JSON; an anonymised person's outbox rows lose their addresses and texts at once and
their consents go."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from etablera.access import gallring
from etablera.access.models import AuditEvent
from etablera.people.models import Person
from etablera.reminders.models import Channel, OutgoingMessage, ReminderConsent
from etablera.reminders.tests.conftest import PHONE
from etablera.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db
Status = OutgoingMessage.Status
LONG_AGO = dt.date(2018, 3, 1)


def _message(person, *, days_ago: int, channel=Channel.SMS, to=PHONE) -> OutgoingMessage:
    sent = timezone.now() - dt.timedelta(days=days_ago)
    return OutgoingMessage.objects.create(
        channel=channel,
        person=person,
        municipality=person.municipality,
        appointment_date=timezone.localdate(sent) + dt.timedelta(days=1),
        language="sv",
        to_address=to,
        text="Påminnelse: du har en tid hos Nyköping.",
        parts=1,
        status=Status.SENT,
        sent_at=sent,
        provider_id="demo-1",
    )


def test_the_house_gallring_plans_and_clears_the_outbox(nykoping, enkoping, today):
    person = PersonFactory(municipality=nykoping)
    old, young = (
        _message(person, days_ago=31),
        _message(person, days_ago=2, channel=Channel.EMAIL, to="a@b.se"),
    )
    assert gallring.plan(today=today).counts()["reminders"] == {"reminder_messages": 1}
    assert gallring.plan(today=today, municipality_ids=[enkoping.pk]).reminders == {"reminder_messages": 0}
    done = gallring.execute(today=today)
    assert done.reminders == {"reminder_messages": 1}
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.to_address == old.text == "" and old.cleared_at and old.status == Status.SENT
    assert young.to_address == "a@b.se" and young.cleared_at is None
    event = AuditEvent.objects.get(object_type="Gallring", summary__startswith="Gallring av påminnelser")
    assert event.changes["reminders"] == {"reminder_messages": 1}
    assert PHONE not in json.dumps(event.changes)


def test_the_command_prints_the_reminders_in_text_and_json(nykoping):
    _message(PersonFactory(municipality=nykoping), days_ago=40)
    out = io.StringIO()
    call_command("gallring", "--dry-run", stdout=out)
    assert "Påminnelser vars mottagare och text töms: 1" in out.getvalue()
    assert "Ingenting att gallra." not in out.getvalue()
    out = io.StringIO()
    call_command("gallring", "--execute", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["counts"]["reminders"] == {"reminder_messages": 1}
    out = io.StringIO()
    call_command("gallring", "--dry-run", stdout=out)
    assert "Påminnelser vars mottagare och text töms: 0" in out.getvalue()


def test_an_anonymised_persons_outbox_and_consents_are_cleared(nykoping, alice, today):
    lone = PersonFactory(municipality=nykoping, first_name="Ensam", birth_date=dt.date(1980, 1, 2))
    Person.objects.filter(pk=lone.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(LONG_AGO, dt.time(10))),
        updated_at=timezone.make_aware(dt.datetime.combine(LONG_AGO, dt.time(10))),
    )
    ReminderConsent.objects.create(person=lone, channel=Channel.SMS, given_by=alice)
    recent = _message(lone, days_ago=1)  # within its own period: only the anonymisation clears it
    other = _message(PersonFactory(municipality=nykoping), days_ago=1)
    assert gallring.plan(today=today).persons == {lone.pk: nykoping.pk}
    gallring.execute(today=today)
    recent.refresh_from_db()
    other.refresh_from_db()
    assert recent.to_address == recent.text == "" and recent.cleared_at and recent.status == Status.SENT
    assert other.to_address == PHONE
    assert not ReminderConsent.objects.filter(person=lone).exists()
