"""Reads for the reminders: the outbox of the persons a user may see (restrict() on the person), a person's
consents and what would stop a reminder to them now; each read of a person logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from etablera.access.audit import log_list, log_read
from etablera.access.policy import get_for_user, restrict
from etablera.people.models import Person
from etablera.reminders import delivery
from etablera.reminders.models import Channel, OutgoingMessage, ReminderConsent


def outbox(
    user,
    *,
    status: str = "",
    channel: str = "",
    day_from: dt.date | None = None,
    day_to: dt.date | None = None,
) -> QuerySet[OutgoingMessage]:
    """The messages to persons the user may see, newest meeting first, with the filters asked for."""
    rows = OutgoingMessage.objects.filter(person__in=restrict(user, Person.objects.all()))
    if status:
        rows = rows.filter(status=status)
    if channel:
        rows = rows.filter(channel=channel)
    if day_from:
        rows = rows.filter(appointment_date__gte=day_from)
    if day_to:
        rows = rows.filter(appointment_date__lte=day_to)
    return rows.select_related("person__municipality", "municipality").order_by("-appointment_date", "-pk")


def log_page(user, messages) -> None:
    log_list(user, [message.person for message in messages], "Påminnelser")


def message_for_user(user, public_id) -> OutgoingMessage:
    """One message to a person the user may see, or 404 (the same for missing and forbidden)."""
    message = (
        OutgoingMessage.objects.filter(public_id=public_id, person__in=restrict(user, Person.objects.all()))
        .select_related("person__municipality")
        .first()
    )
    if message is None:
        raise Http404
    log_read(user, message.person, "Påminnelse")
    return message


@dataclass(frozen=True)
class ChannelState:
    channel: str
    label: str
    consent: ReminderConsent | None
    address: str
    reason: str  # "" when a reminder would go; else why not (OutgoingMessage.Reason)

    @property
    def reason_label(self) -> str:
        return str(OutgoingMessage.Reason(self.reason).label) if self.reason else ""


@dataclass(frozen=True)
class PersonReminders:
    person: Person
    channels: list[ChannelState]
    consents: list[ReminderConsent]
    messages: list[OutgoingMessage]


def person_reminders(user, public_id) -> PersonReminders:
    person = get_for_user(user, Person.objects.select_related("municipality"), public_id=public_id)
    log_read(user, person, "Påminnelser")
    consents = list(ReminderConsent.objects.filter(person=person).select_related("given_by", "withdrawn_by"))
    in_force = {consent.channel: consent for consent in consents if consent.withdrawn_at is None}
    household_ids = list(person.household_memberships.values_list("household_id", flat=True))
    protected_household = any(delivery.household_protected(pk) for pk in household_ids)
    channels = [
        ChannelState(
            value,
            str(label),
            in_force.get(value),
            OutgoingMessage(to_address=delivery.address_of(person, value)).to_masked,
            delivery.blocked(
                person, value, consented=value in in_force, protected_household=protected_household
            ),
        )
        for value, label in Channel.choices
    ]
    messages = list(OutgoingMessage.objects.filter(person=person).order_by("-appointment_date", "-pk")[:50])
    return PersonReminders(person, channels, consents, messages)
