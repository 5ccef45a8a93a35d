"""`etablera report arrivals --municipality 0480 [--year 2026] [--as-of DATE] [--format table|csv|json]`: the
expected arrivals per month for the rest of the year and the homes they need (followup/arrivals.py, issue #16).
Figures only. The report command (reception/management/commands/report.py) calls `arrivals`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.followup.arrivals import ArrivalForecast, PastYear, UnknownMunicipality, forecast
from etablera.reception.importers.base import safe_cell


def _month(result: ArrivalForecast, month: int) -> str:
    return f"{result.year}-{month:02d}"


def headers(result: ArrivalForecast) -> list[str]:
    return [
        _("Kommunkod"),
        _("Månad"),
        _("Anvisade"),
        _("Ännu inte anvisade"),
        _("Totalt"),
        _("Hushåll"),
        *(_("%(n)s sovrum") % {"n": size} for size in result.bedroom_sizes),
    ]


def _cells(result: ArrivalForecast) -> list[list[str]]:
    return [
        [
            result.municipality_code,
            _month(result, m.month),
            str(m.on_hand),
            str(m.not_assigned),
            str(m.total),
            str(m.households),
            *(str(m.homes.get(size, 0)) for size in result.bedroom_sizes),
        ]
        for m in result.months
    ]


def render_csv(result: ArrivalForecast) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(headers(result))
    writer.writerows(_cells(result))
    return buffer.getvalue().rstrip("\n")


def render_json(result: ArrivalForecast) -> str:
    mix = result.mix
    data = {
        "municipality_code": result.municipality_code,
        "area": result.area,
        "year": result.year,
        "as_of": result.as_of.isoformat(),
        "quota": result.quota,
        "received": result.received,
        "remaining": result.remaining,
        "on_hand": result.on_hand,
        "not_assigned": result.not_assigned,
        "later": result.later,
        "months": [
            {
                "month": m.month,
                "on_hand": m.on_hand,
                "not_assigned": m.not_assigned,
                "total": m.total,
                "homes": {str(size): n for size, n in m.homes.items()},
                "on_hand_homes": {str(size): n for size, n in m.on_hand_homes.items()},
                "not_assigned_homes": {str(size): n for size, n in m.not_assigned_homes.items()},
            }
            for m in result.months
        ],
        "mix": None
        if mix is None
        else {
            "source": mix.source,
            "area": mix.area,
            "households": mix.households,
            "persons": mix.persons,
            "by_bedrooms": {str(size): n for size, n in mix.by_bedrooms.items()},
        },
        "assumptions": [str(text) for text in result.assumptions],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_table(result: ArrivalForecast) -> str:
    head = [h for i, h in enumerate(headers(result)) if i]  # the code is in the title
    body = [row[1:] for row in _cells(result)]
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(head)]

    def line(cells):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [
        _("Väntade mottagna resten av %(year)s – %(area)s") % {"year": result.year, "area": result.area},
        _("Per %(date)s. Tal %(quota)s, avräknade %(received)s, kvar att avräkna %(remaining)s.")
        % {
            "date": result.as_of.isoformat(),
            "quota": result.quota,
            "received": result.received,
            "remaining": result.remaining,
        },
        "",
        line(head),
        *(line(r) for r in body),
        "",
        *(f"- {text}" for text in result.assumptions),
    ]
    return "\n".join(out)


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json}


def arrivals(options: dict, as_of: dt.date) -> str:
    year = options.get("year") or as_of.year
    municipality = (options.get("municipality") or "").strip()
    if municipality.isdigit() and len(municipality) == 3:
        municipality = municipality.zfill(4)  # Excel drops the leading zero
    if not municipality:
        raise CommandError("Ange kommunen med --municipality (t.ex. 0480).")
    with channel(AuditEvent.Channel.CLI):
        try:
            result = forecast(municipality, year, as_of)
        except UnknownMunicipality as error:
            raise CommandError(f"Okänd kommunkod: {safe_cell(municipality, limit=20)}.") from error
        except PastYear as error:
            raise CommandError(f"År {year} är slut: prognosen gäller i år eller ett kommande år.") from error
    return RENDERERS[options["format"]](result)
