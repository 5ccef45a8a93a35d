"""The worker's schedule (issue #18): the daily housekeeping that used to need someone's cron — the housing statuses
as contracts start and end, the day's housing snapshot, expired sign-ins, the queue's old rows — run by the worker
itself.

Every worker process ticks (`etablera worker` runs the tick beside the queue; `etablera scheduler` is the same tick
alone, for a deployment whose workers are not Etablera's own, such as RQ's). A tick puts each job's latest due slot on
the queue once: a `ScheduledRun` row per (job, slot), unique in the database, so however many workers tick, one of
them enqueues the slot and the others find the row. A slot missed while no worker ran is caught up by the next tick;
only the latest slot is, since each job brings the present up to date (running yesterday's refresh after today's
would be work for nothing). Times are the municipality's local time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from etablera.background.models import ScheduledRun

logger = logging.getLogger(__name__)


def _database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class Scheduled:
    """A daily job: `command` is an `etablera` management command with its arguments; `dated` adds
    `--date=<the slot's day>`, so a run delivered late still works on the day it was due. Commands here print counts
    only, never a person, since their last line is kept as the run's summary."""

    name: str
    title: Promise
    at: dt.time
    command: tuple[str, ...]
    dated: bool = False
    applies: Callable[[], bool] = field(default=lambda: True)

    def arguments(self, slot: dt.datetime) -> list[str]:
        arguments = list(self.command)
        if self.dated:
            arguments.append(f"--date={timezone.localtime(slot).date().isoformat()}")
        return arguments

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        """The last time this job was due at or before `now`."""
        local = timezone.localtime(now)
        slot = timezone.make_aware(dt.datetime.combine(local.date(), self.at))
        if slot > now:
            slot = timezone.make_aware(dt.datetime.combine(local.date() - dt.timedelta(days=1), self.at))
        return slot

    def next_slot(self, now: dt.datetime) -> dt.datetime:
        latest = timezone.localtime(self.latest_slot(now))
        return timezone.make_aware(dt.datetime.combine(latest.date() + dt.timedelta(days=1), self.at))


SCHEDULE: tuple[Scheduled, ...] = (
    Scheduled(
        "housing_refresh",
        _("Uppdatera hushållens boendestatus (kontrakt som börjar och slutar)"),
        dt.time(0, 5),
        ("housing", "refresh"),
        dated=True,
    ),
    Scheduled(
        "housing_snapshot",
        _("Spara dagens hushåll per boendestatus (diagrammet över tid)"),
        dt.time(0, 15),
        ("housing", "snapshot"),
        dated=True,
    ),
    Scheduled(
        "notices_digest",
        _("Skicka dagens sammanfattningar med e-post till personalen"),
        dt.time(6, 30),
        ("notices", "digest"),
        dated=True,
    ),
    Scheduled(
        "grants_remind",
        _("Påminn föreningar om återrapporter som snart ska in"),
        dt.time(7, 0),
        ("grants", "remind"),
        dated=True,
    ),
    Scheduled(
        "volunteers_renew",
        _("Be volontärer förnya sin anmälan och gör den vilande som inte förnyat i tid"),
        dt.time(7, 10),
        ("volunteers", "renew"),
        dated=True,
    ),
    Scheduled(
        "reminders_send",
        _("Skicka påminnelser med sms och e-post om morgondagens möten"),
        dt.time(8, 0),
        ("reminders", "send"),
        dated=True,
    ),
    Scheduled("clearsessions", _("Ta bort utgångna inloggningar"), dt.time(3, 0), ("clearsessions",)),
    Scheduled(
        "prune_task_results",
        _("Rensa köns poster äldre än en vecka"),
        dt.time(3, 15),
        ("prune_db_task_results", "--min-age-days=7", "--queue-name=*"),
        applies=_database_queue,
    ),
)


def get(name: str) -> Scheduled:
    for entry in SCHEDULE:
        if entry.name == name:
            return entry
    raise KeyError(name)


def tick(now: dt.datetime | None = None) -> list[str]:
    """Put every job whose latest slot has no run yet on the queue; return the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for entry in SCHEDULE:
        if not entry.applies():
            continue
        slot = entry.latest_slot(now)
        try:
            # The row and the task together: if the queue refuses the task, the row goes too and the next tick tries
            # again; if another worker made the row first, the unique constraint says so and this one leaves it.
            with transaction.atomic():
                ScheduledRun.objects.create(name=entry.name, slot=slot)
                run_scheduled.enqueue(entry.name, slot.isoformat())
        except IntegrityError:
            continue
        enqueued.append(entry.name)
    return enqueued


def overview(now: dt.datetime | None = None) -> list[dict]:
    """Each job with its time, its last run and its next slot: the administrators' page of the schedule."""
    now = now or timezone.now()
    last = {}
    for run in ScheduledRun.objects.filter(name__in=[entry.name for entry in SCHEDULE]).order_by(
        "name", "-slot"
    ):
        last.setdefault(run.name, run)
    return [
        {
            "entry": entry,
            "last": last.get(entry.name),
            "next": entry.next_slot(now),
            "applies": entry.applies(),
        }
        for entry in SCHEDULE
    ]


@task()
def run_scheduled(name: str, slot: str) -> None:
    """One slot of a scheduled job (etablera/background/schedule.py). Idempotent: the run's row is locked and marked
    started before the command runs, so a second delivery finds it started and does nothing."""
    from django.core.management import call_command  # looked up when it runs (the tests replace it)

    entry = get(name)
    slot_at = dt.datetime.fromisoformat(slot)
    with transaction.atomic():
        run, _created = ScheduledRun.objects.select_for_update().get_or_create(name=name, slot=slot_at)
        if run.started_at is not None:
            return
        run.started_at = timezone.now()
        run.save(update_fields=["started_at"])
    output = StringIO()
    try:
        call_command(*entry.arguments(slot_at), stdout=output, stderr=output)
    except Exception:
        logger.exception("Scheduled job %s (%s) failed", name, slot)
        ScheduledRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), succeeded=False, summary="")
        return
    lines = [line for line in output.getvalue().splitlines() if line.strip()]
    summary = lines[-1][:300] if lines else ""
    ScheduledRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), succeeded=True, summary=summary)
