"""The demo's reminders (issue #18), in Nyköping: Dawit of the Tesfay household (DEMO-ANV-001) has agreed to reminders
by SMS, Selam of the Ghebre family reunited with him (DEMO-ANV-006; the Tesfay household has one adult) to
reminders by e-mail; the reception unit's number for questions; and Selam's health examination today, whose reminder
went by e-mail yesterday — so the outbox and both persons' reminder pages have something to show.

No QUEUED row: the demo's next meetings (etablera/demo/letters.py) are a week off, and a reminder is made the day
before. No SKIPPED row for a protected person: the demo's protected person (DEMO-ANV-007) has no meeting. The phone
numbers are from the series PTS keeps for fiction (070-174 06 xx), the e-mail address is at example.org. Staff
steps through the services as `handlaggare`; the sent message as its result, so the demo sends nothing.
Idempotent: nothing is written when Dawit's consent is there."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.demo import data
from etablera.letters import services as letters
from etablera.letters.models import Appointment
from etablera.organisation.models import Municipality, Unit
from etablera.people.models import Person
from etablera.people.services.details import update_person
from etablera.reminders import services, texts
from etablera.reminders.models import Channel, OutgoingMessage, ReminderConsent, UnitPhone

DAWIT_PHONE = "070-174 06 41"
SELAM_EMAIL = "selam.ghebre@example.org"
QUESTIONS_PHONE = "070-174 06 90"


def _member(reference: str, first_name: str) -> Person | None:
    return Person.objects.filter(
        household_memberships__household__assignments__reference=reference, first_name=first_name
    ).first()


def _health_examination(today: dt.date, actor, selam: Person, reception: Unit | None) -> Appointment:
    household = selam.household_memberships.select_related("household").first().household
    return letters.create_appointment(
        actor=actor,
        household=household,
        persons=[selam],
        kind=Appointment.Kind.HEALTH_EXAMINATION,
        date=today,
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 0),
        place_name="Hälsocentralen för nyanlända",
        place_address="Brunnsgatan 12, 611 32 Nyköping",
        responsible_unit=reception,
        interpreter_language="ti",
        interpreter_status=Appointment.InterpreterStatus.BOOKED,
    )


def _sent_yesterday(appointment: Appointment, person: Person, today: dt.date) -> OutgoingMessage:
    """The e-mail as the day's run and the send task left it yesterday afternoon (reminders/delivery.py)."""
    language = texts.language_for(person)
    composed = texts.compose(appointment, language)
    sent = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time(16, 0)))
    return OutgoingMessage.objects.create(
        channel=Channel.EMAIL,
        person=person,
        municipality=appointment.household.municipality,
        appointment=appointment,
        appointment_date=appointment.date,
        language=language,
        to_address=person.email,
        subject=composed.subject,
        text=composed.text,
        parts=0,
        status=OutgoingMessage.Status.SENT,
        attempts=1,
        provider_id="demo-epost-1",
        created_at=sent - dt.timedelta(hours=9),
        sent_at=sent,
    )


def load_reminders(today: dt.date, users: dict, units: dict) -> None:
    today = min(today, timezone.localdate())
    dawit, selam = _member("DEMO-ANV-001", "Dawit"), _member("DEMO-ANV-006", "Selam")
    if dawit is None or ReminderConsent.objects.filter(person=dawit).exists():
        return
    actor = users["handlaggare"]
    nykoping = Municipality.objects.get(code=data.NYKOPING)
    reception = next(
        (
            unit
            for unit in units.values()
            if unit.municipality_id == nykoping.pk and unit.function == Unit.Function.RECEPTION
        ),
        None,
    )
    if reception is not None:
        UnitPhone.objects.get_or_create(unit=reception, defaults={"phone": QUESTIONS_PHONE})
    if not dawit.phone:
        dawit = update_person(actor=actor, person=dawit, changes={"phone": DAWIT_PHONE})
    services.give_consent(actor=actor, person=dawit, channel=Channel.SMS)
    if selam is None:
        return
    if not selam.email:
        selam = update_person(actor=actor, person=selam, changes={"email": SELAM_EMAIL})
    services.give_consent(actor=actor, person=selam, channel=Channel.EMAIL)
    appointment = _health_examination(today, actor, selam, reception)
    _sent_yesterday(appointment, selam, today)
