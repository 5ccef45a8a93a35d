"""The rows for reminders to newcomers (issue #18): the outbox (every role that sees persons opens it and finds only
the messages of persons it sees), "Skicka om" for a failed message, and a person's reminder page with its consent
and withdrawal — seen as the person is (SEES_H). The message and the consent asked about are made inside the row's
savepoint, for the row's person."""

from __future__ import annotations

import datetime as dt

from etablera.access.tests.matrix.cases import SEES_H, Case, expect, page

WRITES = expect(302, colleague=404, outsider=404, anonymous=302)


def _failed_message(w) -> str:
    from django.utils import timezone

    from etablera.reminders.models import Channel, OutgoingMessage

    message = OutgoingMessage.objects.get_or_create(
        person=w.person,
        channel=Channel.SMS,
        appointment=None,
        defaults={
            "municipality_id": w.person.municipality_id,
            "appointment_date": timezone.localdate() + dt.timedelta(days=1),
            "language": "sv",
            "status": OutgoingMessage.Status.FAILED,
        },
    )[0]
    return str(message.public_id)


def _consent(w) -> str:
    from etablera.reminders.models import Channel, ReminderConsent

    consent = ReminderConsent.objects.get_or_create(
        person=w.person, channel=Channel.EMAIL, withdrawn_at=None, defaults={"given_by": w.users["owner"]}
    )[0]
    return str(consent.public_id)


ROWS: list[Case] = [
    page("reminders_outbox", lambda w: "/paminnelser/", expect(200, anonymous=302)),
    page(
        "reminders_resend",
        lambda w: f"/paminnelser/{_failed_message(w)}/skicka-om/",
        WRITES,
        method="post",
        body=lambda w: {},
    ),
    page("reminders_person", lambda w: f"/personer/{w.person.public_id}/paminnelser/", SEES_H),
    # The row's person has no phone number: the consent is refused at the field (200) for whoever sees them.
    page(
        "reminders_person",
        lambda w: f"/personer/{w.person.public_id}/paminnelser/",
        SEES_H,
        method="post",
        body=lambda w: {"channel": "SMS"},
    ),
    page(
        "reminders_consent_withdraw",
        lambda w: f"/personer/{w.person.public_id}/paminnelser/{_consent(w)}/aterkalla/",
        WRITES,
        method="post",
        body=lambda w: {},
    ),
]
