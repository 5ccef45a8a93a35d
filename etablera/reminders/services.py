"""Writes for the reminders: a person's consent to reminders (given and withdrawn by staff who see the person), the
day's reminders made into the outbox and put on the queue, and a failed message sent again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import get_for_user
from etablera.letters.models import Appointment
from etablera.letters.selectors import participants
from etablera.people.models import Person
from etablera.reminders import delivery, texts
from etablera.reminders.models import Channel, OutgoingMessage, ReminderConsent
from etablera.rules.reminders import appointment_day
from etablera.transitions import StateConflict, lock

Status = OutgoingMessage.Status


# --- consent ---------------------------------------------------------------------------------------------------


def give_consent(*, actor, person: Person, channel: str) -> ReminderConsent:
    """The person agreed, told to `actor`, to reminders on `channel`."""
    person = get_for_user(actor, Person.objects.select_related("municipality"), pk=person.pk)
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Välj sms eller e-post.")})
    if person.is_protected:
        raise ValidationError(
            {"channel": _("Personen har skyddade personuppgifter: påminnelser skickas inte till personen.")}
        )
    if not delivery.address_of(person, channel):
        message = (
            _("Personen har inget telefonnummer. Lägg in numret först.")
            if channel == Channel.SMS
            else _("Personen har ingen e-postadress. Lägg in adressen först.")
        )
        raise ValidationError({"channel": message})
    try:
        with transaction.atomic():
            lock(person)  # two staff recording the same consent at once: the second waits and is refused
            if ReminderConsent.objects.filter(
                person=person, channel=channel, withdrawn_at__isnull=True
            ).exists():
                raise StateConflict(_("Samtycket till påminnelser är redan registrerat."), field="channel")
            consent = ReminderConsent.objects.create(person=person, channel=channel, given_by=actor)
            log_change(
                actor,
                AuditEvent.Action.CREATE,
                person,
                f"Samtycke till påminnelser registrerat ({consent.get_channel_display().lower()})",
            )
    except IntegrityError:
        raise StateConflict(_("Samtycket till påminnelser är redan registrerat."), field="channel") from None
    return consent


def withdraw_consent(*, actor, consent: ReminderConsent) -> ReminderConsent:
    get_for_user(actor, Person.objects.all(), pk=consent.person_id)
    with transaction.atomic():
        consent = lock(consent)
        if consent.withdrawn_at is not None:
            raise StateConflict(_("Samtycket är redan återkallat."), field="consent")
        consent.withdrawn_at, consent.withdrawn_by = timezone.now(), actor
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        # Nothing waiting goes out after a withdrawal (the send task checks again as well).
        OutgoingMessage.objects.filter(
            person_id=consent.person_id, channel=consent.channel, status=Status.QUEUED
        ).update(status=Status.SKIPPED, reason=OutgoingMessage.Reason.NO_CONSENT, to_address="", text="")
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            consent.person,
            f"Samtycke till påminnelser återkallat ({consent.get_channel_display().lower()})",
        )
    return consent


# --- the day's reminders ---------------------------------------------------------------------------------------


@dataclass
class Made:
    queued: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0


def _one(appointment, person, channel, *, consented: bool, protected_household: bool, made: Made) -> None:
    reason = delivery.blocked(person, channel, consented=consented, protected_household=protected_household)
    status = Status.SKIPPED if reason else Status.QUEUED
    language = texts.language_for(person)
    with transaction.atomic():
        message, created = OutgoingMessage.objects.select_for_update().get_or_create(
            appointment=appointment,
            person=person,
            channel=channel,
            kind=OutgoingMessage.Kind.APPOINTMENT_REMINDER,
            defaults={
                "municipality_id": appointment.household.municipality_id,
                "appointment_date": appointment.date,
                "language": language,
                "status": status,
                "reason": reason,
                "to_address": "" if reason else delivery.address_of(person, channel),
            },
        )
        # A reminder made before stays as it is, unless it was held back and may go now (a consent given since, the
        # meeting moved to this day) or was waiting and may not (a consent withdrawn, a protection registered): sent
        # and failed ones are history.
        changed = message.status != status or message.appointment_date != appointment.date
        if not created and message.status in (Status.SKIPPED, Status.QUEUED) and changed:
            message.status, message.reason, message.language = status, reason, language
            message.appointment_date = appointment.date
            message.to_address = "" if reason else delivery.address_of(person, channel)
            message.save(update_fields=["status", "reason", "language", "appointment_date", "to_address"])
        elif not created:
            made.unchanged += 1
            return
    if status == Status.QUEUED:
        made.queued += 1
    else:
        made.skipped[reason] = made.skipped.get(reason, 0) + 1


def make_reminders(run_day: dt.date) -> Made:
    """The reminders for the meetings `reminders.lead_days` after `run_day`, one row per participant and channel —
    QUEUED where consent, address and protection allow it, SKIPPED with the reason where the person has an address
    or a consent on the channel but may not get the message (nothing at all where they have neither)."""
    made = Made()
    day = appointment_day(run_day)
    appointments = (
        Appointment.objects.filter(date=day).select_related("household__municipality").order_by("pk")
    )
    for appointment in appointments:
        persons = [
            person
            for person in participants(appointment)
            if person.anonymised_at is None and person.deceased_on is None
        ]
        consents = set(
            ReminderConsent.objects.filter(person__in=persons, withdrawn_at__isnull=True).values_list(
                "person_id", "channel"
            )
        )
        protected_household = delivery.household_protected(appointment.household_id)
        for person in persons:
            for channel in Channel.values:
                has_consent = (person.pk, channel) in consents
                if not has_consent and not delivery.address_of(person, channel):
                    continue
                _one(
                    appointment,
                    person,
                    channel,
                    consented=has_consent,
                    protected_household=protected_household,
                    made=made,
                )
    return made


def waiting(today: dt.date) -> list[int]:
    """The QUEUED rows for meetings from `today` on: what the run puts on the queue (again, if a queue lost one)."""
    return list(
        OutgoingMessage.objects.filter(status=Status.QUEUED, appointment_date__gte=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def enqueue(message_pks) -> int:
    for pk in message_pks:
        delivery.send_message.enqueue(pk)
    return len(message_pks)


# --- sending again ---------------------------------------------------------------------------------------------


def resend(*, actor, message: OutgoingMessage) -> OutgoingMessage:
    """A FAILED message back on the queue, sent once more after the commit."""
    get_for_user(actor, Person.objects.all(), pk=message.person_id)
    with transaction.atomic():
        message = lock(message)
        if message.status != Status.FAILED:
            raise StateConflict(
                _("Bara ett meddelande som misslyckades kan skickas om. Det här är: %(status)s.")
                % {"status": message.get_status_display().lower()}
            )
        if message.appointment_date < timezone.localdate():
            raise StateConflict(_("Mötet har redan varit. Påminnelsen skickas inte om."))
        message.status, message.error = Status.QUEUED, ""
        message.save(update_fields=["status", "error"])
        log_change(actor, AuditEvent.Action.UPDATE, message, "Påminnelse skickas om")
        pk = message.pk
        transaction.on_commit(lambda: delivery.send_message.enqueue(pk))
    return message
