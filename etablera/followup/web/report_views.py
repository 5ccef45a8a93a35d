"""The board report's page and PDF (issue #16): /uppfoljning/rapport/?kommun=0480&ar=2025, for one of the user's
municipalities and a year — the content of followup/board_report.py, each indicator as a chart with its table;
`?format=pdf` the same as a PDF (board_pdf.py), the download logged. The follow-up page's guard and municipalities.

`?format=pdf` builds the PDF while the request waits (scripts use it); the page's button "Skapa pdf i bakgrunden"
POSTs to /uppfoljning/rapport/skapa/, which starts a background job (followup/jobs.py, etablera/background/) and
sends the user to the job's page, where its progress shows (issue #18)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from etablera.access.guards import municipalities_where, outcomes_required
from etablera.access.policy import capabilities
from etablera.background import services as background
from etablera.followup import board_pdf, board_report, jobs
from etablera.followup.web.arrival_chart import arrivals_chart, month_name
from etablera.followup.web.report_chart import comparison_chart
from etablera.web.pages import page

FIRST_YEAR = 2016  # bosättningslagen (2016:38)


class ReportForm(forms.Form):
    kommun = forms.ChoiceField(label=_("Kommun"))
    ar = forms.TypedChoiceField(label=_("År"), coerce=int)

    def __init__(self, *args, municipalities=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = [(m.code, m.name) for m in municipalities]
        self.fields["ar"].choices = [(year, str(year)) for year in years]


def _form(request, data, today) -> ReportForm:
    """The choice of municipality and year, among the user's outcome municipalities and the years there are."""
    municipalities = municipalities_where(request.user, capabilities(request.user).outcome_municipality_ids)
    if "ar" not in data:
        # First visit: the user's first municipality and last year, the year a board usually reports on.
        data = {"kommun": municipalities[0].code, "ar": str(today.year - 1)}
    return ReportForm(data, municipalities=municipalities, years=range(today.year, FIRST_YEAR - 1, -1))


@outcomes_required
@require_GET
def board_report_page(request):
    today = timezone.localdate()
    form = _form(request, request.GET, today)
    wants_pdf = request.GET.get("format") == "pdf"
    if not form.is_valid():
        if wants_pdf:
            raise Http404
        return page(request, "followup/board_report.html", {"form": form, "report": None}, nav="followup")
    report = board_report.build(form.cleaned_data["kommun"], form.cleaned_data["ar"], today)
    if wants_pdf:
        return _pdf(request.user, report)
    sections = [
        {
            "section": s,
            "id": f"nyckeltal-{i}",
            "chart": comparison_chart(s, report.min_cell, f"rapport-diagram-{i}"),
        }
        for i, s in enumerate(report.sections)
    ]
    arrivals = None
    if report.forecast is not None:
        arrivals = {
            "chart": arrivals_chart(report.forecast, "rapport-ankomster"),
            "months": [(month_name(report.year, m.month), m) for m in report.forecast.months],
        }
    return page(
        request,
        "followup/board_report.html",
        {"form": form, "report": report, "sections": sections, "arrivals": arrivals},
        nav="followup",
    )


@outcomes_required
@require_POST
def board_report_start(request):
    """The PDF made in the background: a job for the chosen municipality and year, then the job's page."""
    form = _form(request, request.POST, timezone.localdate())
    if "ar" not in request.POST or not form.is_valid():
        raise Http404
    job = background.start(
        user=request.user,
        kind=jobs.KIND,
        parameters={"kommun": form.cleaned_data["kommun"], "ar": form.cleaned_data["ar"]},
    )
    return redirect("background_job", public_id=job.public_id)


def _pdf(user, report: board_report.BoardReport) -> HttpResponse:
    content = board_pdf.render_report(report)
    jobs.log_export(
        user,
        code=report.municipality_code,
        municipality=report.municipality,
        year=report.year,
        as_of=report.as_of,
    )
    name = jobs.file_name(report.municipality_code, report.year, report.as_of)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("uppfoljning/rapport/", board_report_page, name="followup_board_report"),
    path("uppfoljning/rapport/skapa/", board_report_start, name="followup_board_report_start"),
]
