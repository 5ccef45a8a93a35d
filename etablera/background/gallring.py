"""Gallring of background jobs: a job's file is kept `background.result_days` days after the job ended
(rules/background.py), then the job goes with it. A job still queued or running that long after it was started
was abandoned (its worker stopped) and goes too. Run by `etablera gallring` (access/management/commands/gallring.py).

The files are the kind's own exports (the board report: figures only); the audit log keeps who downloaded them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from etablera.background.models import Job
from etablera.rules.background import result_days


def _cutoff(today: dt.date | None) -> dt.datetime:
    if today is None:
        moment = timezone.now()
        today = timezone.localdate(moment)
    else:
        moment = timezone.make_aware(dt.datetime.combine(today, dt.time.max))
    return moment - dt.timedelta(days=result_days(today))


def due(today: dt.date | None = None):
    """The jobs whose time is up on `today` (default now)."""
    cutoff = _cutoff(today)
    return Job.objects.filter(Q(finished_at__lt=cutoff) | Q(finished_at=None, created_at__lt=cutoff))


def plan(today: dt.date | None = None) -> int:
    return due(today).count()


def execute() -> int:
    deleted, _by_model = due().delete()
    return deleted
