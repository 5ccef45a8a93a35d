"""`etablera notices digest [--date DAY]`: send the day's e-mail digests (the worker's schedule runs it each
morning; background/schedule.py). Prints counts only."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.command_args import iso_date
from etablera.notices.digest import send_digests


class Command(BaseCommand):
    help = "Aviseringar: skicka dagens sammanfattningar med e-post (digest)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["digest"])
        parser.add_argument("--date", type=iso_date, default=None, help="dagen (standard: i dag), ÅÅÅÅ-MM-DD")

    def handle(self, *args, action, date, **options):
        day = date or timezone.localdate()
        with channel(AuditEvent.Channel.CLI):
            sent, failed = send_digests(day)
        self.stdout.write(f"Sammanfattningar {day.isoformat()}: {sent} skickade, {failed} misslyckades.")
        if failed:
            raise CommandError(f"{failed} sammanfattningar kunde inte skickas (se loggen).")
