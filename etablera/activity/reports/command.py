"""`etablera report activity --municipality 0480 [--week 2026-W50] [--format table|csv|json]`: Räcker utbudet? —
the same figures as the page /aktivitetskrav/utbud/. The report command (reception/management/commands/report.py)
calls `activity`. The table's columns are shared with the page's CSV and Excel (`week_headers`, `week_cells`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.activity.models import Placement
from etablera.activity.reports.offer import (
    OUTCOMES,
    OfferReport,
    OfferWeek,
    OutcomeRow,
    UnknownMunicipality,
    municipality_by_code,
    offer_report,
)
from etablera.rules import activity as rules
from etablera.web.exports import safe_cell


def _num(value) -> str:
    """Hours as written: 12, 12.5."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def week_headers() -> list[str]:
    return [
        _("Vecka"),
        _("Omfattas"),
        _("Timmar som krävs"),
        _("Timmar i aktiviteter"),
        _("Timmar i praktik"),
        _("Timmar som erbjuds"),
        _("Timmar som saknas"),
        _("Planerade timmar"),
        _("Närvarotimmar"),
    ]


def week_cells(row: OfferWeek) -> list:
    return [
        row.week,
        row.covered,
        _num(row.hours_demanded),
        _num(row.hours_activities),
        _num(row.hours_placements),
        _num(row.hours_offered),
        _num(row.shortfall),
        _num(row.hours_planned),
        _num(row.hours_attended),
    ]


def sex_label(sex: str | None) -> str:
    return {None: _("Alla"), "F": _("Kvinnor"), "M": _("Män"), "X": _("Annat eller okänt")}[sex]


def outcome_headers() -> list[str]:
    labels = dict(Placement.Outcome.choices)
    return [
        _("Kön"),
        _("Avslutade praktikplatser"),
        *(str(labels[o]) for o in OUTCOMES),
        _("Andel till arbete eller studier (%)"),
    ]


def outcome_cells(row: OutcomeRow) -> list:
    share = "" if row.share_work_or_studies is None else row.share_work_or_studies
    return [sex_label(row.sex), row.total, *(row.counts[o] for o in OUTCOMES), share]


def render_table(report: OfferReport) -> str:
    headers = week_headers()
    widths = [max(len(h), 8) for h in headers]
    line = "  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))
    out = [
        _("Räcker utbudet? %(name)s från vecka %(week)s")
        % {"name": report.municipality.name, "week": report.week},
        "",
        line,
        "-" * len(line),
    ]
    for row in report.weeks:
        out.append("  ".join(str(c).rjust(w) for c, w in zip(week_cells(row), widths, strict=True)))
    out += ["", _("Praktikplatsernas utfall"), ""]
    o_headers = outcome_headers()
    o_widths = [max(len(h), 6) for h in o_headers]
    out.append("  ".join(h.rjust(w) for h, w in zip(o_headers, o_widths, strict=True)))
    for row in report.outcomes:
        out.append("  ".join(str(c).rjust(w) for c, w in zip(outcome_cells(row), o_widths, strict=True)))
    out += [
        "",
        _(
            "– betyder färre än %(n)s. Timmar som krävs: de som omfattas av aktivitetskravet den veckans måndag."
        )
        % {"n": report.min_cell},
    ]
    return "\n".join(out)


def render_csv(report: OfferReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([_("Kommun"), *week_headers()])
    for row in report.weeks:
        writer.writerow([report.municipality.code, *week_cells(row)])
    return buffer.getvalue().rstrip("\n")


def _week_json(row: OfferWeek) -> dict:
    return {
        "week": row.week,
        "monday": row.monday.isoformat(),
        "covered_persons": row.covered,
        "hours_demanded": float(row.hours_demanded),
        "hours_offered": float(row.hours_offered),
        "hours_offered_activities": float(row.hours_activities),
        "hours_offered_placements": float(row.hours_placements),
        "hours_planned": float(row.hours_planned),
        "hours_attended": float(row.hours_attended),
        "hours_short": float(row.shortfall),
    }


def as_json(report: OfferReport) -> dict:
    first = _week_json(report.first)
    return {
        "municipality": report.municipality.code,
        "municipality_name": report.municipality.name,
        **first,
        "weeks": [_week_json(row) for row in report.weeks],
        "placement_outcomes": [
            {
                "sex": row.sex or "ALL",
                "ended": row.total,
                **{o.lower(): row.counts[o] for o in OUTCOMES},
                "work_or_studies_percent": row.share_work_or_studies,
            }
            for row in report.outcomes
        ],
        "suppressed": "–",
        "min_cell": report.min_cell,
    }


def render_json(report: OfferReport) -> str:
    return json.dumps(as_json(report), ensure_ascii=False, indent=2)


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json}


def activity(options: dict, as_of: dt.date) -> str:
    code = (options.get("municipality") or "").strip()
    if not code:
        raise CommandError("Ange kommunen med --municipality, t.ex. 0480.")
    text = (options.get("week") or "").strip()
    monday = rules.week_monday(text) if text else as_of - dt.timedelta(days=as_of.weekday())
    if monday is None:
        raise CommandError(f"Ogiltig vecka: {safe_cell(text[:20])}. Skriv den som ÅÅÅÅ-Www, t.ex. 2026-W50.")
    with channel(AuditEvent.Channel.CLI):
        try:
            municipality = municipality_by_code(code)
        except UnknownMunicipality as error:
            raise CommandError(f"Okänd kommunkod: {safe_cell(code[:20])}.") from error
        report = offer_report(municipality, monday)
    return RENDERERS[options["format"]](report)
