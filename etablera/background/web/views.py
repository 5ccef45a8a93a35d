"""The job's pages: /bakgrund/<id>/ (title, status, progress, the error, the file or the result its kind shows), /bakgrund/<id>/status/ (the
same as JSON, for the page's script to poll) and /bakgrund/<id>/fil/ (the file, as an attachment).

Signed in, and the requester's own job only (selectors.get_job_for_user): 404 for anyone else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from etablera.access.guards import administrator_required
from etablera.background import schedule, selectors
from etablera.background.models import Job
from etablera.web.pages import page


def _progress_text(job: Job) -> str:
    if job.status == Job.Status.QUEUED:
        return _("Jobbet väntar på sin tur.")
    if job.status == Job.Status.FAILED:
        return job.error_shown
    if job.status == Job.Status.DONE:
        if selectors.shows_result(job):
            return _("Klart. Resultatet visas på sidan.")
        return _("Klart. Filen kan laddas ner.")
    if not job.steps:
        return _("Jobbet har startat.")
    return _("Steg %(step)s av %(steps)s: %(label)s") % {
        "step": job.step,
        "steps": job.steps,
        "label": job.label,
    }


def _state(job: Job) -> dict:
    state = {
        "status": job.status,
        "status_label": job.get_status_display(),
        "active": job.is_active,
        "step": job.step,
        "steps": job.steps,
        "text": _progress_text(job),
    }
    if selectors.shows_result(job):
        # The result is on the page itself: the page's script loads it again once, to show it.
        state["reload"] = True
    elif job.status == Job.Status.DONE:
        state["file_url"] = reverse("background_job_file", args=[job.public_id])
        state["file_label"] = _("Ladda ner %(name)s") % {"name": job.result_name}
    return state


@login_required
@never_cache
@require_GET
def job_page(request, public_id):
    job = selectors.get_job_for_user(request.user, public_id)
    result_template, result = "", {}
    if selectors.shows_result(job):
        result_template, result = selectors.result_for_user(request.user, job)
    return page(
        request,
        "background/job.html",
        {
            "job": job,
            "title": selectors.title(job),
            "state": _state(job),
            "result_template": result_template,
            "result": result,
        },
    )


@login_required
@never_cache
@require_GET
def job_status(request, public_id):
    job = selectors.get_job_for_user(request.user, public_id)
    return JsonResponse(_state(job))


@login_required
@never_cache
@require_GET
def job_file(request, public_id):
    job = selectors.job_file_for_user(request.user, public_id)
    response = HttpResponse(bytes(job.result), content_type=job.result_type)
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    return response


@administrator_required
@never_cache
@require_GET
def schedule_page(request):
    """The worker's schedule for administrators (issue #18): each daily job, its time, its last run and the next."""
    return page(request, "background/schedule.html", {"rows": schedule.overview()})
