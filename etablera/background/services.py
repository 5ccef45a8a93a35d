"""Starting background work from a page. What the worker does with a job is tasks.run_job and lifecycle.py."""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.background import registry
from etablera.background.models import Job
from etablera.background.tasks import run_job


@transaction.atomic
def start(*, user, kind: str, parameters: dict) -> Job:
    """A new job for `user`, queued: the task is sent to the queue when the transaction commits, so the worker never
    looks for a row that is not there yet."""
    entry = registry.get(kind)
    if not entry.may_read(user, parameters):
        raise PermissionDenied(_("Du har inte behörighet till det här underlaget."))
    job = Job.objects.create(
        kind=kind,
        requested_by=user,
        parameters=parameters,
        language=translation.get_language() or "sv",
    )
    log_event(
        user,
        AuditEvent.Action.CREATE,
        object_type="BackgroundJob",
        summary=f"Bakgrundsjobb {kind} {job.public_id}",
    )
    transaction.on_commit(functools.partial(_enqueue, job.pk))
    return job


def _enqueue(job_pk: int) -> None:
    result = run_job.enqueue(job_pk)
    # An immediate backend has run the job by now; the id is for finding the queue's own record when debugging.
    Job.objects.filter(pk=job_pk).update(task_id=str(result.id))
