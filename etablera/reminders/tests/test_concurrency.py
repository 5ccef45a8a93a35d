"""Two clients at the same moment (threads with their own database connections, committed data; PostgreSQL only,
etablera/testing/concurrency.py says why): the send task delivered twice at once sends one SMS, and two members of
staff pressing "Skicka om" together put the message back on the queue once."""

from __future__ import annotations

import pytest

from etablera.access.policy import capabilities
from etablera.reminders import delivery, services, sms
from etablera.reminders.models import Channel, OutgoingMessage
from etablera.testing.concurrency import CONCURRENT, at_once
from etablera.transitions import StateConflict

pytestmark = CONCURRENT


@pytest.fixture
def queued(health_check, adult, alice, today):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    services.make_reminders(today)
    return OutgoingMessage.objects.get(channel=Channel.SMS, status=OutgoingMessage.Status.QUEUED)


def test_two_deliveries_at_once_send_one_sms(queued):
    results = at_once(lambda: delivery.deliver(queued.pk), lambda: delivery.deliver(queued.pk))
    assert sorted(results, key=str) == [None, OutgoingMessage.Status.SENT], results
    assert len(sms.outbox) == 1
    queued.refresh_from_db()
    assert queued.status == OutgoingMessage.Status.SENT and queued.attempts == 1


def test_two_resends_at_once_one_wins(queued, alice, carol):
    OutgoingMessage.objects.filter(pk=queued.pk).update(status=OutgoingMessage.Status.FAILED, error="503")
    for user in (alice, carol):
        capabilities(user)
    results = at_once(
        lambda: services.resend(actor=alice, message=OutgoingMessage.objects.get(pk=queued.pk)),
        lambda: services.resend(actor=carol, message=OutgoingMessage.objects.get(pk=queued.pk)),
    )
    won = [r for r in results if isinstance(r, OutgoingMessage)]
    lost = [r for r in results if isinstance(r, StateConflict)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "Bara ett meddelande som misslyckades kan skickas om" in lost[0].detail
    queued.refresh_from_db()
    assert queued.status == OutgoingMessage.Status.SENT and len(sms.outbox) == 1
