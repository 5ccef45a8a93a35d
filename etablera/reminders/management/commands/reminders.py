"""`etablera reminders send [--date DAY]`: make the reminders for the meetings `reminders.lead_days` after DAY (the
day before: tomorrow's meetings), put every waiting one on the queue, and clear the outbox's old addresses and texts
(reminders/gallring.py). The worker's schedule runs it each morning (background/schedule.py). Prints counts only."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.command_args import iso_date
from etablera.reminders import gallring, services


class Command(BaseCommand):
    help = "Påminnelser: skicka påminnelser med sms och e-post om morgondagens möten."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["send"])
        parser.add_argument("--date", type=iso_date, default=None, help="dagen (standard: i dag), ÅÅÅÅ-MM-DD")

    def handle(self, *args, action, date, **options):
        day = date or timezone.localdate()
        with channel(AuditEvent.Channel.CLI):
            made = services.make_reminders(day)
            sent_to_queue = services.enqueue(services.waiting(max(day, timezone.localdate())))
            cleared = gallring.execute(timezone.localdate())["reminder_messages"]
        skipped = sum(made.skipped.values())
        self.stdout.write(
            f"Påminnelser {day.isoformat()}: {made.queued} nya, {skipped} skickas inte, "
            f"{sent_to_queue} lagda i kön, {cleared} gallrade."
        )
