"""`etablera housing refresh|snapshot`: the daily housing housekeeping (run it from cron or the task runner).

- `refresh` brings every household's stored housing status up to date: contracts start and end as days pass, and
  the queue is filtered on the stored status.
- `snapshot` counts households by housing status per municipality for a day (the series behind the chart of
  households by housing status over time); `--since DATE --every DAYS` fills in past days from the contracts as
  they were then. Running it again for a day replaces that day's figures.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.command_args import iso_date
from etablera.housing import status


class Command(BaseCommand):
    help = "Bostäder: uppdatera hushållens boendestatus (refresh) eller spara dagens siffror per status (snapshot)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh", "snapshot"])
        parser.add_argument("--date", type=iso_date, default=None, help="dagen (standard: i dag), ÅÅÅÅ-MM-DD")
        parser.add_argument(
            "--since", type=iso_date, default=None, help="snapshot: fyll i bakåt från detta datum"
        )
        parser.add_argument(
            "--every", type=int, default=7, help="snapshot med --since: dagar mellan punkterna"
        )

    def handle(self, *args, action, date, since, every, **options):
        today = date or timezone.localdate()
        with channel(AuditEvent.Channel.CLI):
            if action == "refresh":
                changed = status.refresh_housing_statuses(on=today)
                self.stdout.write(
                    f"Boendestatus uppdaterad per {today.isoformat()}: {changed} hushåll ändrade."
                )
                return
            if every < 1:
                raise CommandError("--every ska vara minst 1 dag.")
            days = [today]
            if since is not None:
                if since > today:
                    raise CommandError("--since kan inte vara efter --date.")
                days = []
                day = since
                while day < today:
                    days.append(day)
                    day += dt.timedelta(days=every)
                days.append(today)
            written = sum(status.snapshot_housing_status(on=day) for day in days)
            self.stdout.write(f"Sparade {written} kommundagar ({len(days)} dagar) av boendestatus.")
