"""The reads of background work. A job is its requester's alone: for anyone else — an administrator too — it does not
exist (404, the same answer as for a job that is not there). The file is read again only by one who may still read
what it holds (the kind's `may_read`), and every download is logged as the page's own export would be."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from etablera.background import registry
from etablera.background.models import Job


def get_job_for_user(user, public_id) -> Job:
    """The user's own job, without its file; Http404 for anyone else's or a missing one."""
    job = Job.objects.defer("result").filter(public_id=public_id, requested_by=user).first()
    if job is None:
        raise Http404
    return job


def job_file_for_user(user, public_id) -> Job:
    """The user's finished job with its file, its download logged; Http404 when it is not theirs or not done,
    PermissionDenied when they may no longer read what it holds."""
    job = Job.objects.filter(public_id=public_id, requested_by=user, status=Job.Status.DONE).first()
    if job is None or job.result is None:
        raise Http404
    kind = registry.get(job.kind)
    if kind.template:  # its result is read on the job's page, there is no file
        raise Http404
    if not kind.may_read(user, job.parameters):
        raise PermissionDenied(_("Du har inte längre behörighet till det här underlaget."))
    kind.log_download(user, job)
    return job


def shows_result(job: Job) -> bool:
    """Is the job done, with a result its page shows (an import's counts and errors) instead of a file?"""
    if job.status != Job.Status.DONE:
        return False
    try:
        return bool(registry.get(job.kind).template)
    except LookupError:
        return False


def result_for_user(user, job: Job) -> tuple[str, dict]:
    """The template and context that show the user's finished job's result on its page; PermissionDenied when the
    user may no longer read what it holds (the kind's `may_read`, asked again as for a download)."""
    kind = registry.get(job.kind)
    if not kind.may_read(user, job.parameters):
        raise PermissionDenied(_("Du har inte längre behörighet till det här underlaget."))
    job.result = Job.objects.filter(pk=job.pk).values_list("result", flat=True).get()
    return kind.template, kind.show(user, job) if kind.show else {}


def title(job: Job) -> str:
    """The kind's title and what the job is about: "Rapport till nämnden som pdf, Nyköpings kommun 2025"."""
    try:
        kind = registry.get(job.kind)
    except LookupError:
        return job.kind
    about = kind.describe(job.parameters) if kind.describe else ""
    return f"{kind.title}, {about}" if about else str(kind.title)
