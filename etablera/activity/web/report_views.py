"""Räcker utbudet? (/aktivitetskrav/utbud/, issue #13): the hours the activity requirement demands against the hours
the catalogue and the placements offer, this week and seven ahead — a chart (drawn on the server as SVG, no script)
with the table beside it, the placements' outcomes by sex (small counts "–"), and CSV and Excel downloads. The same
figures as `etablera report activity`. For those who work with the requirement (`activity_municipality_ids`) and
those who read outcomes (`outcome_municipality_ids`: statistics, unit managers, boards) — figures, no names."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import tablib
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from etablera.access.audit import log_event
from etablera.access.guards import municipalities_where
from etablera.access.models import AuditEvent
from etablera.activity.reports import command as tables
from etablera.activity.reports.offer import OfferReport, offer_report, report_municipality_ids
from etablera.activity.selectors.week import parse_week
from etablera.rules import activity as rules
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.pages import page


class OfferForm(forms.Form):
    kommun = forms.ChoiceField(label=gettext_lazy("Kommun"))
    vecka = forms.CharField(
        label=gettext_lazy("Från vecka"),
        max_length=8,
        required=False,
        help_text=gettext_lazy("ÅÅÅÅ-Www, t.ex. 2026-W50. Tomt: denna vecka."),
        error_messages={"max_length": gettext_lazy("Skriv veckan som ÅÅÅÅ-Www, t.ex. 2026-W50.")},
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = [(m.code, m.name) for m in municipalities]
        self.municipalities = {m.code: m for m in municipalities}

    def clean_vecka(self):
        text = self.cleaned_data["vecka"].strip()
        if text and rules.week_monday(text) is None:
            raise forms.ValidationError(_("Skriv veckan som ÅÅÅÅ-Www, t.ex. 2026-W50."))
        return text


@login_required
@never_cache
@require_GET
def activity_offer_report(request):
    ids = report_municipality_ids(request.user)
    if not ids:
        raise PermissionDenied(
            _("Rapporten är för dem som arbetar med aktivitetskravet, statistik och nämnder.")
        )
    municipalities = municipalities_where(request.user, ids)
    data = request.GET.copy()
    if not data.get("kommun"):
        data["kommun"] = municipalities[
            0
        ].code  # first visit (or a download link without one): the user's first
    form = OfferForm(data, municipalities=municipalities)
    report = None
    if form.is_valid():
        monday = parse_week(form.cleaned_data["vecka"])
        report = offer_report(form.municipalities[form.cleaned_data["kommun"]], monday)
        fmt = request.GET.get("format", "")
        if fmt in CONTENT_TYPES:
            return offer_export(request.user, report, fmt)
    params = {"kommun": form.data.get("kommun", ""), "vecka": form.data.get("vecka", "")}
    return page(
        request,
        "activity/week/offer.html",
        {
            "form": form,
            "report": report,
            "headers": tables.week_headers(),
            "rows": [tables.week_cells(row) for row in report.weeks] if report else [],
            "outcome_headers": tables.outcome_headers(),
            "outcome_rows": [tables.outcome_cells(row) for row in report.outcomes] if report else [],
            "chart": offer_chart(report) if report else "",
            "downloads": [
                (label, urlencode({**params, "format": fmt}))
                for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))
            ]
            if report
            else [],
        },
        nav="activity_offer_report",
    )


def offer_export(user, report: OfferReport, fmt: str) -> HttpResponse:
    weeks = tablib.Dataset(headers=tables.week_headers(), title=_("Timmar per vecka"))
    for row in report.weeks:
        weeks.append([safe_cell(cell) for cell in tables.week_cells(row)])
    if fmt == "xlsx":
        outcomes = tablib.Dataset(headers=tables.outcome_headers(), title=_("Praktikplatsernas utfall"))
        for row in report.outcomes:
            outcomes.append([safe_cell(cell) for cell in tables.outcome_cells(row)])
        content = tablib.Databook([weeks, outcomes]).export("xlsx")
    else:
        content = weeks.export("csv")
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="OfferReport",
        summary=f"Räcker utbudet? {report.municipality.code} från {report.week} som {fmt}",
        municipality_code=report.municipality.code,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="racker-utbudet-{report.municipality.code}-{report.week}.{fmt}"'
    )
    return response


# --- the chart -------------------------------------------------------------------------------------------------------

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 300, 60, 20, 20, 40


def _f(value: float) -> str:
    return f"{value:.1f}"


def offer_chart(report: OfferReport, chart_id: str = "utbud-diagram") -> str:
    """Two bars a week — hours demanded and hours offered — and a line of the hours attended. The same figures are
    in the table beside it."""
    weeks = report.weeks
    top = max([*(float(w.hours_demanded) for w in weeks), *(float(w.hours_offered) for w in weeks), 1.0])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(weeks)
    bar = slot * 0.35

    def y(value) -> float:
        return TOP + plot_h - plot_h * float(value) / top

    grid = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (
                LEFT,
                _f(y(v)),
                WIDTH - RIGHT,
                _f(y(v)),
                LEFT - 6,
                _f(y(v) + 4),
                tables._num(Decimal(str(round(v, 1)))),
            )
            for v in (0, top / 2, top)
        ),
    )
    parts = []
    points = []
    for i, w in enumerate(weeks):
        x0 = LEFT + i * slot + slot * 0.15
        parts.append(
            format_html(
                '<rect class="chart__cell" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>'
                '<rect class="chart__cell chart__cell--alt" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}</title></rect>"
                '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                _f(x0),
                _f(y(w.hours_demanded)),
                _f(bar),
                _f(TOP + plot_h - y(w.hours_demanded)),
                _("%(week)s: %(hours)s timmar krävs")
                % {"week": w.week, "hours": tables._num(w.hours_demanded)},
                _f(x0 + bar),
                _f(y(w.hours_offered)),
                _f(bar),
                _f(TOP + plot_h - y(w.hours_offered)),
                _("%(week)s: %(hours)s timmar erbjuds")
                % {"week": w.week, "hours": tables._num(w.hours_offered)},
                _f(x0 + bar),
                HEIGHT - BOTTOM + 16,
                w.week[-3:],
            )
        )
        points.append(f"{x0 + bar:.1f},{y(w.hours_attended):.1f}")
    line = format_html('<polyline class="chart__line" fill="none" points="{}"/>', " ".join(points))
    description = _(
        "Stapeldiagram per vecka: timmar som krävs (första stapeln) och timmar som erbjuds (andra stapeln); linjen "
        "är närvarotimmarna. Samma siffror finns i tabellen."
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        _("Timmar som krävs och timmar som erbjuds per vecka"),
        chart_id,
        description,
        grid,
        format_html_join("", "{}", ((p,) for p in parts)),
        line,
    )
