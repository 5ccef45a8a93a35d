"""The board report as background work (issues #16 and #18): the "board_report" kind of etablera/background/,
registered when the app is ready (apps.py). The runner builds the report as the page does (board_report.build,
whose progress becomes the job's), renders the PDF as its last step, and returns the file; who may read it and how a
download is logged are the report page's own rules (followup/web/report_views.py uses the same functions)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.background import registry
from etablera.followup import board_pdf, board_report
from etablera.organisation.models import Municipality
from etablera.reception.reports import municipality_title

KIND = "board_report"


def may_read(user, parameters: dict) -> bool:
    """The report page's rule: figures of one of the user's outcome municipalities (outcomes_required)."""
    ids = capabilities(user).outcome_municipality_ids
    return bool(ids) and Municipality.objects.filter(pk__in=ids, code=str(parameters.get("kommun"))).exists()


def file_name(code: str, year: int, as_of: dt.date) -> str:
    return f"rapport-{code}-{year}-{as_of.isoformat()}.pdf"


def log_export(user, *, code: str, municipality: str, year: int, as_of: dt.date) -> None:
    """The PDF's download, logged the same way from the page and from a background job."""
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="BoardReport",
        summary=f"Rapport till nämnden {year} ({municipality}) per {as_of.isoformat()} som pdf",
        municipality_code=code,
    )


def _as_of(job) -> dt.date:
    # The report is as of the day the worker started it; the download's log says the same date.
    return timezone.localdate(job.started_at)


def run(job, progress: registry.Progress) -> registry.Result:
    code, year = str(job.parameters["kommun"]), int(job.parameters["ar"])
    as_of = _as_of(job)
    total = 0

    def report_step(step: int, steps: int, label: str) -> None:
        nonlocal total
        total = steps + 1  # and the PDF
        progress(step, total, label)

    report = board_report.build(code, year, as_of, progress=report_step)
    content = board_pdf.render_report(report)
    progress(total, total, _("Pdf-filen"))
    return content, file_name(code, year, as_of), "application/pdf"


def describe(parameters: dict) -> str:
    municipality = Municipality.objects.filter(code=str(parameters.get("kommun"))).first()
    name = municipality_title(municipality.name) if municipality else str(parameters.get("kommun"))
    return f"{name} {parameters.get('ar')}"


def log_download(user, job) -> None:
    code = str(job.parameters["kommun"])
    name = Municipality.objects.get(code=code).name
    log_export(
        user,
        code=code,
        municipality=municipality_title(name),
        year=int(job.parameters["ar"]),
        as_of=_as_of(job),
    )


def register() -> None:
    registry.register(
        KIND,
        run,
        gettext_lazy("Rapport till nämnden som pdf"),
        may_read=may_read,
        log_download=log_download,
        describe=describe,
    )
