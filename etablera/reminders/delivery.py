"""Sending one outbox row: the queue's task `send_message` (django-tasks' `@task`, as background/schedule.py's
run_scheduled) and what it does.

At-least-once queues deliver a task twice now and then, and two workers may take the same row: the row is locked
(SELECT … FOR UPDATE) and sent only if it is still QUEUED, and the lock is held while the provider is called, so a
second delivery waits, then finds it SENT (or FAILED) and does nothing. A message is sent at most once; a failure is
kept with its reason and sent again only when staff press "Skicka om" (services.resend).

Consent, protected identity and the meeting are checked again here, at the moment of sending: a consent withdrawn
or a protection registered after the reminder was made stops it."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.people.models import Person, ProtectedIdentity
from etablera.reminders import sms, texts
from etablera.reminders.models import Channel, OutgoingMessage, ReminderConsent

logger = logging.getLogger(__name__)
Status = OutgoingMessage.Status
Reason = OutgoingMessage.Reason


def address_of(person: Person, channel: str) -> str:
    return person.phone if channel == Channel.SMS else person.email


def household_protected(household_id: int) -> bool:
    return (
        Person.objects.filter(household_memberships__household_id=household_id)
        .exclude(protected_identity=ProtectedIdentity.NONE)
        .exists()
    )


def blocked(person: Person, channel: str, *, consented: bool, protected_household: bool) -> str:
    """Why no reminder may go to the person on the channel ("" when one may). Protection first: it is the reason
    staff must see even where there is no consent."""
    if person.is_protected:
        return Reason.PROTECTED
    if protected_household:
        return Reason.PROTECTED_HOUSEHOLD
    if not consented:
        return Reason.NO_CONSENT
    if not address_of(person, channel):
        return Reason.NO_ADDRESS
    return ""


def consented(person_id: int, channel: str) -> bool:
    return ReminderConsent.objects.filter(
        person_id=person_id, channel=channel, withdrawn_at__isnull=True
    ).exists()


def _send(channel: str, address: str, composed: texts.Composed) -> str:
    if channel == Channel.SMS:
        return sms.send_sms(address, composed.text)
    message_id = make_msgid(domain="etablera")
    EmailMessage(
        subject=composed.subject, body=composed.text + "\n", to=[address], headers={"Message-ID": message_id}
    ).send()
    return message_id.strip("<>")[:100]


def _skip(message: OutgoingMessage, reason: str) -> str:
    message.status, message.reason = Status.SKIPPED, reason
    message.to_address, message.text, message.subject = "", "", ""
    message.save(update_fields=["status", "reason", "to_address", "text", "subject"])
    return Status.SKIPPED


def deliver(message_pk: int) -> str | None:
    """Send the row if it is still QUEUED; return its new status (None when there was nothing to do)."""
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_pk).first()
        if message is None or message.status != Status.QUEUED:
            return None
        person = Person.objects.select_related("municipality").get(pk=message.person_id)
        appointment = message.appointment
        if appointment is None or appointment.date < timezone.localdate():
            return _skip(message, Reason.TOO_LATE)
        if appointment.date != message.appointment_date:
            # Moved since the reminder was made: that day's run makes it again (services.make_reminders).
            return _skip(message, Reason.MOVED)
        reason = blocked(
            person,
            message.channel,
            consented=consented(person.pk, message.channel),
            protected_household=household_protected(appointment.household_id),
        )
        if reason:
            return _skip(message, reason)
        # Composed again now: the meeting may have been changed since the reminder was made.
        composed = texts.compose(appointment, message.language)
        message.to_address = address_of(person, message.channel)
        message.text, message.subject = composed.text, composed.subject
        message.parts = sms.parts(composed.text) if message.channel == Channel.SMS else 0
        message.attempts += 1
        try:
            message.provider_id = _send(message.channel, message.to_address, composed)
        except Exception as error:
            # The provider's own words are kept only when they are ours (SmsError: no number, no text); anything
            # else by its type, since an exception's message may quote the address.
            message.status = Status.FAILED
            message.error = str(error)[:300] if isinstance(error, sms.SmsError) else type(error).__name__
            logger.warning("Reminder %s could not be sent (%s)", message.public_id, type(error).__name__)
        else:
            message.status, message.error, message.sent_at = Status.SENT, "", timezone.now()
            log_change(
                None,
                AuditEvent.Action.EXPORT,
                person,
                f"Påminnelse om möte skickad ({message.get_channel_display().lower()})",
                {"message": str(message.public_id), "appointment_date": message.appointment_date.isoformat()},
            )
        message.save()
        return message.status


@task()
def send_message(message_pk: int) -> None:
    deliver(message_pk)
