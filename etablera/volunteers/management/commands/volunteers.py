"""`etablera volunteers renew [--date ÅÅÅÅ-MM-DD]`: the yearly renewal (volunteers/renewal.py) — e-mail each
approved volunteer whose renewal is due, once, and make inactive those who did not renew in time. Idempotent: run
twice the same day, it sends and changes nothing more. Meant for the worker's daily schedule (#18); prints counts
only (its last line is kept as the run's summary)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.volunteers.renewal import deactivate_lapsed, send_requests


class Command(BaseCommand):
    help = "Volontärer: skicka årets förnyelse och gör den vilande som inte förnyat i tid (renew)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["renew"])
        parser.add_argument("--date", help="som om det vore detta datum (ÅÅÅÅ-MM-DD), för provkörning")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Ogiltigt datum. Skriv ÅÅÅÅ-MM-DD.") from error
        with channel(AuditEvent.Channel.CLI):
            sent = send_requests(today)
            inactive = deactivate_lapsed(today)
        self.stdout.write(
            f"Förnyelse av volontärer per {today.isoformat()}: {sent} brev skickade, {inactive} blev vilande."
        )
