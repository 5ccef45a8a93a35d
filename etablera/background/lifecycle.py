"""What the worker's task (tasks.run_job) writes on its job: `claim` it, `report_progress`, `finish` or `fail`.

The queue delivers a task at least once (docs/decisions/0014-task-queue.md): claiming locks the row and takes only a
QUEUED job, so a task delivered twice runs the work once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from etablera.background import registry
from etablera.background.models import Job

# Stored on the job as the msgid, shown in the reader's language (Job.error_shown).
FAILED_MESSAGE = gettext_noop(
    "Det gick inte att göra klart jobbet. Försök igen om en stund. Händer det igen, kontakta den som "
    "förvaltar Etablera i kommunen."
)


def claim(job_pk: int) -> Job | None:
    """The job, marked RUNNING, if it is still QUEUED; None if it is gone or already taken (a second delivery)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_pk).first()
        if job is None or job.status != Job.Status.QUEUED:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def report_progress(job_pk: int, step: int, steps: int, label: str) -> None:
    """Written at once, outside any transaction of the work, so that the job's page sees it while the work goes on."""
    Job.objects.filter(pk=job_pk).update(step=min(step, steps), steps=steps, label=str(label)[:200])


def _drop_transient(job: Job) -> None:
    """The kind's transient parameters (an uploaded file) go when the job ends: kept no longer than the work."""
    try:
        transient = registry.get(job.kind).transient
    except LookupError:
        return
    job.parameters = {key: value for key, value in job.parameters.items() if key not in transient}


def finish(job_pk: int, *, content: bytes, name: str, content_type: str) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_pk)
        job.status = Job.Status.DONE
        job.finished_at = timezone.now()
        job.result, job.result_name, job.result_type = content, name[:200], content_type[:100]
        job.step = job.steps
        _drop_transient(job)
        job.save(
            update_fields=[
                "status",
                "finished_at",
                "result",
                "result_name",
                "result_type",
                "step",
                "parameters",
            ]
        )


def fail(job_pk: int) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_pk)
        job.status = Job.Status.FAILED
        job.finished_at = timezone.now()
        job.error = FAILED_MESSAGE
        _drop_transient(job)
        job.save(update_fields=["status", "finished_at", "error", "parameters"])
