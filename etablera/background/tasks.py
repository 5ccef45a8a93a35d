"""The queue's task: run one job (django-tasks' `@task`, Django 6's django.tasks API; decision 0014).

Idempotent, as an at-least-once queue needs: `claim` takes only a QUEUED job, so a second delivery does nothing.
The work runs outside any transaction, so each progress report is committed and seen by the job's page."""

from __future__ import annotations

import logging

from django.utils import translation
from django_tasks import task

from etablera.background import lifecycle, registry

logger = logging.getLogger(__name__)


@task()
def run_job(job_pk: int) -> None:
    job = lifecycle.claim(job_pk)
    if job is None:
        return

    def progress(step: int, steps: int, label: str) -> None:
        lifecycle.report_progress(job.pk, step, steps, label)

    try:
        with translation.override(job.language):
            content, name, content_type = registry.get(job.kind).run(job, progress)
    except Exception:
        # The traceback to the log (whose filter takes exception messages off: they may hold personal data), a plain
        # Swedish message to the user. Not raised again: the queue would store the traceback with its result.
        logger.exception("Background job %s (%s) failed", job.public_id, job.kind)
        lifecycle.fail(job.pk)
        return
    lifecycle.finish(job.pk, content=content, name=name, content_type=content_type)


@task()
def run_scheduled(name: str, slot: str) -> None:
    """One slot of a scheduled job (etablera/background/schedule.py). Idempotent: the run's row is locked and marked
    started before the command runs, so a second delivery finds it started and does nothing."""
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from etablera.background import schedule
    from etablera.background.models import ScheduledRun

    entry = schedule.get(name)
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
