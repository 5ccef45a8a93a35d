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
