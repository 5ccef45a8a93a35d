"""Gallring of the outbox (issue #18; the period in rules/reminders.py, `retention.reminder_days`).

A reminder's address (a phone number, an e-mail address) and its text are personal data kept for one purpose: to
send it, and for a short while after to answer "did I get a reminder?". They go `retention.reminder_days` after the
message was sent — or, for one that never went (failed, held back), after its meeting. The row stays as the log of
the message: channel, person, day, status, provider id (dataskyddsförordningen art. 5.1 c och e).

Run each day by `etablera reminders send` (the worker's schedule); `plan`/`execute` have the shape of the other
domains' gallring modules (volunteers/gallring.py) so that access/gallring.py can run them too. When a person is
anonymised, `clear_persons` clears their rows at once."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.reminders.models import OutgoingMessage, ReminderConsent
from etablera.rules.reminders import retention_days

Status = OutgoingMessage.Status


def due(today: dt.date, municipality_ids=None):
    cutoff_day = today - dt.timedelta(days=retention_days(today))
    cutoff = timezone.make_aware(dt.datetime.combine(cutoff_day, dt.time.min))
    rows = OutgoingMessage.objects.filter(cleared_at__isnull=True).filter(
        Q(status=Status.SENT, sent_at__lt=cutoff)
        | Q(status__in=(Status.FAILED, Status.SKIPPED), appointment_date__lt=cutoff_day)
    )
    return rows if municipality_ids is None else rows.filter(municipality_id__in=municipality_ids)


def plan(today: dt.date, municipality_ids=None) -> dict[str, int]:
    return {"reminder_messages": due(today, municipality_ids).count()}


def _clear(rows) -> int:
    return rows.update(to_address="", text="", subject="", cleared_at=timezone.now())


def execute(today: dt.date, municipality_ids=None, actor=None) -> dict[str, int]:
    """Within the caller's transaction; one audit event with the count when anything was cleared."""
    done = {"reminder_messages": _clear(due(today, municipality_ids))}
    if done["reminder_messages"]:
        log_event(
            actor,
            AuditEvent.Action.DELETE,
            object_type="Gallring",
            summary=(
                f"Gallring av påminnelser {today.isoformat()}: mottagare och text tömda i "
                f"{done['reminder_messages']} meddelanden"
            ),
            changes={"date": today.isoformat(), "reminders": done},
        )
    return done


def clear_persons(person_ids) -> int:
    """The person is anonymised (access/gallring.py): every outbox row's address and text go at once, and so do
    their consents — an anonymised person is reminded of nothing. The outbox rows stay as the log."""
    person_ids = list(person_ids)
    ReminderConsent.objects.filter(person_id__in=person_ids).delete()
    return _clear(OutgoingMessage.objects.filter(person_id__in=person_ids, cleared_at__isnull=True))
