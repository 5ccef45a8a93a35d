"""`etablera grants remind [--date ÅÅÅÅ-MM-DD]`: e-mail the reminders of report backs that are due soon (once each).
Meant for the worker's daily schedule (#18)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.grants.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Bidrag till föreningar: skicka påminnelser om återrapporter (remind)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["remind"])
        parser.add_argument("--date", help="som om det vore detta datum (ÅÅÅÅ-MM-DD), för provkörning")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Ogiltigt datum. Skriv ÅÅÅÅ-MM-DD.") from error
        with channel(AuditEvent.Channel.CLI):
            sent = send_reminders(today)
        self.stdout.write(f"Påminnelser skickade: {sent}")
