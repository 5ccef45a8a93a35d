"""`etablera report indicators --county 04 --year 2017 [--by sex|age_band|category] [--as-of DATE]
[--format table|csv|json]` (or `--municipality 0480` for one municipality): every indicator of the catalogue
(followup/indicators.py) for the year, per municipality and the county, small cells "–". Figures only. The report
command (reception/management/commands/report.py) calls `indicators`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.establishment.reports.outcome_tables import age_label, category_label, sex_label, shown
from etablera.followup.indicators import IndicatorTable, UnknownArea, compute_all
from etablera.followup.suppression import SUPPRESSED
from etablera.followup.table import UNKNOWN, Row
from etablera.reception.importers.base import safe_cell

BY_NAMES = {
    "sex": "sex",
    "kon": "sex",
    "kön": "sex",
    "age": "age_band",
    "age_band": "age_band",
    "alder": "age_band",
    "ålder": "age_band",
    "category": "category",
    "kategori": "category",
}


def parse_by(value: str | None) -> str | None:
    name = (value or "").strip().lower()
    if name in ("", "none"):
        return None
    if name not in BY_NAMES:
        raise CommandError(
            f"Okänd uppdelning: {safe_cell(name, limit=40)}. Välj en av sex, age_band och category, eller none."
        )
    return BY_NAMES[name]


def group_label(by: str | None, value: str | None) -> str:
    if value == UNKNOWN:
        return _("Okänd")
    if by == "sex":
        return sex_label(value)
    if by == "category":
        return category_label(value)
    if by == "age_band":
        return age_label(value)
    return _("Alla")


def _cell(value) -> str:
    return "" if value is None else shown(value)


def _area(row: Row) -> str:
    return (
        row.municipality
        if row.municipality_code
        else _("%(county)s (hela länet)") % {"county": row.municipality}
    )


def render_json(tables: list[IndicatorTable]) -> str:
    first = tables[0]
    data = {
        "year": first.year,
        "as_of": first.as_of.isoformat(),
        "area_code": first.area_code,
        "area": first.area,
        "by": first.by,
        "min_cell": first.min_cell,
        "suppressed": SUPPRESSED,
        "indicators": [table.as_dict() for table in tables],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def headers() -> list[str]:
    return [
        _("Indikator"),
        _("Rubrik"),
        _("Kommunkod"),
        _("Område"),
        _("Grupp"),
        _("Täljare"),
        _("Nämnare"),
        _("Värde"),
        _("Enhet"),
    ]


def render_csv(tables: list[IndicatorTable]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(headers())
    for table in tables:
        indicator = table.indicator
        for row in table.rows:
            writer.writerow(
                [
                    indicator.key,
                    str(indicator.title),
                    row.municipality_code or table.area_code,
                    safe_cell(_area(row), limit=200),
                    group_label(table.by, row.group) if row.group else _("Alla"),
                    *("" if v is None else v for v in (row.numerator, row.denominator, row.value)),
                    str(indicator.unit),
                ]
            )
    return buffer.getvalue().rstrip("\n")


def _block(table: IndicatorTable) -> list[str]:
    indicator = table.indicator
    out = [f"{indicator.title} ({indicator.unit})"]
    if str(indicator.official):
        out.append(_("Motsvarar: %(official)s") % {"official": indicator.official})
    if table.note:
        return [*out, "  " + table.note, ""]
    head = [_("Område"), _("Grupp"), _("Täljare"), _("Nämnare"), _("Värde")]
    body = [
        [
            _area(row),
            group_label(table.by, row.group) if row.group else _("Alla"),
            _cell(row.numerator),
            _cell(row.denominator),
            _cell(row.value),
        ]
        for row in table.rows
    ]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(head)]

    def line(cells):
        return "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return [*out, "  " + line(head), *("  " + line(r) for r in body), ""]


def render_table(tables: list[IndicatorTable]) -> str:
    first = tables[0]
    out = [
        _("Indikatorer %(year)s – %(area)s") % {"year": first.year, "area": first.area},
        _("Per %(date)s") % {"date": first.as_of.isoformat()},
        "",
    ]
    for table in tables:
        out += _block(table)
    out.append(
        _(
            "– = färre än %(n)s personer, eller en cell som annars kan räknas fram ur summan; tomt = inget att räkna på."
        )
        % {"n": first.min_cell}
    )
    return "\n".join(out)


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json}


def indicators(options: dict, as_of: dt.date) -> str:
    year = options.get("year") or as_of.year
    municipality = (options.get("municipality") or "").strip()
    county = (options.get("county") or "").strip()
    if municipality.isdigit() and len(municipality) == 3:
        municipality = municipality.zfill(4)
    if county.isdigit() and len(county) == 1:
        county = county.zfill(2)
    if not (municipality or county):
        raise CommandError(
            "Ange länet med --county (t.ex. 04) eller kommunen med --municipality (t.ex. 0480)."
        )
    by = parse_by(options.get("by"))
    with channel(AuditEvent.Channel.CLI):
        try:
            tables = compute_all(
                year=year,
                county_code=county or None,
                municipality_code=municipality or None,
                by=by,
                as_of=as_of,
            )
        except UnknownArea as error:
            what = "kommunkod" if municipality else "länskod"
            raise CommandError(f"Okänd {what}: {safe_cell(municipality or county, limit=20)}.") from error
    return RENDERERS[options["format"]](tables)
