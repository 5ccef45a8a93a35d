"""`etablera worker`: the database queue's worker (django-tasks-db's `db_worker`, with every option it has) that also
keeps the schedule (etablera/background/schedule.py): a thread ticks every 30 seconds while the worker runs, and
`--batch` ticks once before it runs what is queued — so a one-shot run does the day's due jobs as well. Several
workers may run at once: the schedule's rows make each slot run once."""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from etablera.background import schedule

logger = logging.getLogger(__name__)
TICK_SECONDS = 30.0


def _keep_schedule(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            schedule.tick()
        except Exception:
            # A tick that fails (the database restarting, say) is tried again at the next one.
            logger.exception("The schedule's tick failed")
        finally:
            connection.close()
        stop.wait(TICK_SECONDS)


class Command(db_worker.Command):
    help = "Kör bakgrundsjobben i kön och de schemalagda jobben (dagliga bostadsuppdateringen med flera)."

    def handle(self, *args, **options):
        if options.get("batch"):
            schedule.tick()
            return super().handle(*args, **options)
        stop = threading.Event()
        thread = threading.Thread(target=_keep_schedule, args=(stop,), name="etablera-schedule", daemon=True)
        thread.start()
        time.sleep(0)  # let the first tick start before the worker's loop
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
