"""The reminder before a report back is due: sent once per application (marked `reminded_at` in the same
transaction as the e-mail is handed over, so a second run — or two workers at once — sends nothing more). Called by
`etablera grants remind`, which the worker's schedule runs daily (#18)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.grants import mail
from etablera.grants.models import Application
from etablera.grants.tokens import new_token
from etablera.rules.grants import reminder_days


def due_reminders(today: dt.date):
    """Granted or paid, no report back yet, not reminded, the deadline within the reminder's days (or passed)."""
    return Application.objects.filter(
        status__in=(Application.Status.GRANTED, Application.Status.PAID),
        report_submitted_at=None,
        reminded_at=None,
        report_deadline__lte=today + dt.timedelta(days=reminder_days(today)),
        report_deadline__gte=today,
    ).exclude(contact_email="")


def send_reminders(today: dt.date | None = None) -> int:
    """Send the reminders due on `today`; returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for pk in list(due_reminders(today).values_list("pk", flat=True)):
        with transaction.atomic():
            application = Application.objects.select_for_update().select_related("programme").get(pk=pk)
            if application.reminded_at is not None or application.report_submitted_at is not None:
                continue  # someone else was first
            token, hashed = new_token()
            application.report_token_hash = hashed
            application.reminded_at = timezone.now()
            application.save(update_fields=["report_token_hash", "reminded_at", "updated_at"])
            log_change(None, AuditEvent.Action.UPDATE, application, f"Påminnelse {application.reference}")
            # Inside the transaction: a failed send rolls the mark back, and the next run tries again.
            mail.send_reminder(application, token)
            sent += 1
    return sent
