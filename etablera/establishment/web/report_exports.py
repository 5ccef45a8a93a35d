"""The establishment reports' downloads (CSV and Excel through tablib, each logged as an EXPORT) and the outcome
chart, drawn on the server as SVG (no script: the CSP forbids inline ones, and the page works without)."""

from __future__ import annotations

import tablib
from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.establishment.reports import outcome_tables
from etablera.establishment.reports.ending import ENDING
from etablera.establishment.reports.outcomes import SUPPRESSED, OutcomeReport
from etablera.web.exports import CONTENT_TYPES, safe_cell


def _response(content, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _blank(value):
    return "" if value is None else value


def _date(value) -> str:
    return value.isoformat() if value else ""


def ending_export(user, data, fmt: str) -> HttpResponse:
    """The list as shown (every row of the filter, not only the page), persons by name: it is a working list."""
    ending = data.kind == ENDING
    headers = [
        _("Namn"),
        _("Född"),
        _("Anvisad till programmet"),
        _("Programmets start"),
        _("Planerat slut") if ending else _("Ankomst"),
        _("Dagar kvar") if ending else _("Dagar sedan ankomsten"),
        _("Senaste status"),
        _("Månad"),
        _("Försörjningsstöd"),
        _("Plan"),
    ]
    title = _("Program som slutar") if ending else _("Väntar på programstart")
    dataset = tablib.Dataset(headers=headers, title=title)
    for row in data.rows:
        person = row.person
        values = (
            person.full_name,
            _date(person.birth_date),
            _date(row.period.referral_date),
            _date(row.period.start_date),
            _date(row.period.planned_end) if ending else _date(row.arrival),
            _blank(row.days_left if ending else row.waiting_days),
            str(row.status_label),
            row.status_month.strftime("%Y-%m") if row.status_month else "",
            _("Ja") if row.social_assistance else _("Nej"),
            str(row.plan_label) or _("Ingen plan"),
        )
        dataset.append([safe_cell(value) for value in values])
    name = (
        f"program-slutar-{data.days}-dagar-{data.on.isoformat()}"
        if ending
        else f"glappet-{data.on.isoformat()}"
    )
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="ProgrammePeriod",
        summary=f"{title} per {data.on.isoformat()}, {len(data.rows)} personer, som {fmt}",
    )
    return _response(dataset.export(fmt), fmt, name)


def outcome_dataset(report: OutcomeReport) -> tablib.Dataset:
    dataset = tablib.Dataset(
        headers=outcome_tables.headers(),
        title=_("Utfall %(first)s–%(last)s") % {"first": report.cohorts[0], "last": report.cohorts[1]},
    )
    for row in report.rows:
        dataset.append([safe_cell(cell) for cell in outcome_tables.cells(row)])
    return dataset


def outcome_export(user, report: OutcomeReport, fmt: str) -> HttpResponse:
    dataset = outcome_dataset(report)
    if fmt == "xlsx":
        notes = tablib.Dataset(headers=[_("Så räknas det")], title=_("Metod"))
        for note in outcome_tables.notes(report):
            notes.append([safe_cell(note)])
        content = tablib.Databook([dataset, notes]).export("xlsx")
    else:
        content = dataset.export("csv")
    first, last = report.cohorts
    years = str(first) if first == last else f"{first}-{last}"
    log_event(
        user,
        AuditEvent.Action.EXPORT,
        object_type="OutcomeReport",
        summary=f"Utfall {years} ({report.title}) per {report.as_of.isoformat()} som {fmt}",
        municipality_code=report.code if report.scope == "municipality" else "",
    )
    return _response(content, fmt, f"utfall-{years}-{report.code}-{report.as_of.isoformat()}")


# --- the chart ----------------------------------------------------------------------------------------------------

WIDTH, LEFT, RIGHT, BAR, GAP, TOP = 720, 300, 60, 18, 8, 28


def row_label(row) -> str:
    parts = [str(row.year)]
    if row.sex:
        parts.append(outcome_tables.sex_label(row.sex))
    if row.category:
        parts.append(outcome_tables.category_label(row.category))
    if row.age_band:
        parts.append(outcome_tables.age_label(row.age_band))
    if row.is_total:
        parts.append(_("alla"))
    return ", ".join(parts)


def outcome_chart(report: OutcomeReport, chart_id: str = "utfall-diagram") -> str:
    """A horizontal bar per row: the share in work or studies 90 days after the programme. A suppressed row or one
    without figures gets no bar, its value written as in the table ("–", or nothing)."""
    rows = report.rows
    if not rows:
        return ""
    height = TOP + len(rows) * (BAR + GAP) + 24
    plot = WIDTH - LEFT - RIGHT

    def x(percent: int) -> str:
        return f"{LEFT + plot * percent / 100:.1f}"

    grid = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="chart__tick" x="{}" y="{}" text-anchor="middle">{} %</text>',
        ((x(v), TOP - 4, x(v), height - 24, x(v), height - 6, v) for v in (0, 50, 100)),
    )
    bars = []
    for index, row in enumerate(rows):
        y = TOP + index * (BAR + GAP)
        value = row.work_or_studies_percent
        label = format_html(
            '<text class="chart__tick" x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT - 8,
            y + BAR - 4,
            row_label(row),
        )
        if isinstance(value, int):
            bar = format_html(
                '<rect class="chart__cell" x="{}" y="{}" width="{}" height="{}"/>'
                '<text class="chart__label" x="{}" y="{}">{} %</text>',
                LEFT,
                y,
                f"{plot * value / 100:.1f}",
                BAR,
                f"{LEFT + plot * value / 100 + 6:.1f}",
                y + BAR - 4,
                value,
            )
        else:
            bar = format_html(
                '<text class="chart__tick" x="{}" y="{}">{}</text>',
                LEFT + 6,
                y + BAR - 4,
                SUPPRESSED if value == SUPPRESSED else _("inget att räkna på"),
            )
        bars.append(format_html("{}{}", label, bar))
    description = _(
        "Stapeldiagram: andelen i arbete eller studier 90 dagar efter programmet, en stapel per rad i tabellen. "
        "– betyder färre än %(n)s personer. Samma siffror finns i tabellen."
    ) % {"n": report.min_cell}
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        _("I arbete eller studier 90 dagar efter programmet"),
        chart_id,
        description,
        grid,
        format_html_join("", "{}", ((bar,) for bar in bars)),
    )
