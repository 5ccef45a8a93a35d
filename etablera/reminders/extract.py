"""A person's reminders, for the register extract (access/extract/content.py, GDPR art. 15): their consents to
reminders by SMS and e-mail, and every reminder made for them — channel, day, status, and the address and text
while they are kept (reminders/gallring.py)."""

from __future__ import annotations

from typing import Any

from etablera.reminders.models import OutgoingMessage, ReminderConsent

COVERED = ("reminders.OutgoingMessage", "reminders.ReminderConsent")


def _time(value) -> str | None:
    return value.isoformat() if value else None


def reminders_extract(person) -> dict[str, list[dict[str, Any]]]:
    consents = ReminderConsent.objects.filter(person=person).order_by("given_at", "pk")
    messages = OutgoingMessage.objects.filter(person=person).order_by("appointment_date", "pk")
    return {
        "consents": [
            {
                "channel": str(consent.get_channel_display()),
                "given_at": _time(consent.given_at),
                "withdrawn_at": _time(consent.withdrawn_at),
            }
            for consent in consents
        ],
        "messages": [
            {
                "channel": str(message.get_channel_display()),
                "appointment_date": message.appointment_date.isoformat(),
                "language": message.language,
                "status": str(message.get_status_display()),
                "reason": str(message.get_reason_display()) if message.reason else "",
                "to": message.to_address,
                "text": message.text,
                "sent_at": _time(message.sent_at),
            }
            for message in messages
        ],
    }
