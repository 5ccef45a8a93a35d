"""`etablera scheduler`: the worker's schedule alone (etablera/background/schedule.py) — for a deployment whose
workers are not `etablera worker` (RQ's workers, say). Ticks every `--interval` seconds; `--once` ticks once."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from etablera.background import schedule


class Command(BaseCommand):
    help = "Lägg schemalagda jobb i kön när de ska köras (samma schema som etablera worker har inbyggt)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="kör schemat en gång och avsluta")
        parser.add_argument("--interval", type=float, default=30.0, help="sekunder mellan varven (30)")

    def handle(self, *args, once, interval, **options):
        while True:
            enqueued = schedule.tick()
            if enqueued and options["verbosity"]:
                self.stdout.write("I kön: " + ", ".join(enqueued))
            if once:
                return
            time.sleep(interval)
            # A long-lived process drops a connection the database has closed or that outlived CONN_MAX_AGE, as a
            # request does. Between ticks only: the first runs on the connection it was given (in the tests, one
            # inside the test's transaction, which closing would break).
            close_old_connections()
