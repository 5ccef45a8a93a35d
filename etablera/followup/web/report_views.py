"""The board report's page and PDF (issue #16): /uppfoljning/rapport/?kommun=0480&ar=2025, for one of the user's
municipalities and a year — the content of followup/board_report.py, each indicator as a chart with its table;
`?format=pdf` the same as a PDF (board_pdf.py), the download logged. The follow-up page's guard and municipalities.

Built while the request waits for now; board_report.build() reports its progress for the background queue of a
later issue."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from etablera.access.audit import log_event
from etablera.access.guards import municipalities_where, outcomes_required
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.followup import board_pdf, board_report
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


@outcomes_required
@require_GET
def board_report_page(request):
    today = timezone.localdate()
    municipalities = municipalities_where(request.user, capabilities(request.user).outcome_municipality_ids)
    data = request.GET
    if "ar" not in data:
        # First visit: the user's first municipality and last year, the year a board usually reports on.
        data = {"kommun": municipalities[0].code, "ar": str(today.year - 1)}
    form = ReportForm(data, municipalities=municipalities, years=range(today.year, FIRST_YEAR - 1, -1))
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


def _pdf(user, report: board_report.BoardReport) -> HttpResponse:
    content = board_pdf.render_report(report)
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="BoardReport",
        summary=f"Rapport till nämnden {report.year} ({report.municipality}) per {report.as_of.isoformat()} som pdf",
        municipality_code=report.municipality_code,
    )
    name = f"rapport-{report.municipality_code}-{report.year}-{report.as_of.isoformat()}.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [
    path("uppfoljning/rapport/", board_report_page, name="followup_board_report"),
]
