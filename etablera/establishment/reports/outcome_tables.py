"""The cohort outcomes as a table: the column names, each row's labels and cells as shown (suppressed cells "–"),
and the command's three formats (table, CSV, JSON). The page and its downloads use `headers()` and `cells()` too, so
that every form shows the same figures."""

from __future__ import annotations

import csv
import io
import json

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from etablera.establishment.reports.outcomes import OutcomeReport, OutcomeRow
from etablera.people.models import Category


def sex_label(code: str | None) -> str:
    return {"F": _("Kvinnor"), "M": _("Män"), "X": _("Annat eller okänt")}.get(code or "", _("Alla"))


def category_label(code: str | None) -> str:
    return str(Category(code).label) if code else _("Alla")


def age_label(band: str | None) -> str:
    return _("%(band)s år") % {"band": band} if band else _("Alla")


def headers() -> list[str]:
    return [
        _("Ankomstår"),
        _("Kön"),
        _("Kategori"),
        _("Åldersgrupp"),
        _("Personer"),
        _("Följda 90 dagar efter programmet"),
        _("I arbete eller studier (%)"),
        _("Egen försörjning"),
        _("Median månader till egen försörjning"),
        _("Börjat SFI"),
        _("Median dagar till SFI"),
    ]


def labels(row: OutcomeRow) -> list[str]:
    return [str(row.year), sex_label(row.sex), category_label(row.category), age_label(row.age_band)]


def figures(row: OutcomeRow) -> list:
    """The row's figures as they are shown: numbers, "–" where suppressed, "" where there is nothing to compute."""
    return [
        "" if value is None else value
        for value in (
            row.persons,
            row.followed,
            row.work_or_studies_percent,
            row.self_supporting,
            row.median_months_to_self_support,
            row.sfi_started,
            row.median_sfi_wait_days,
        )
    ]


def cells(row: OutcomeRow) -> list:
    return labels(row) + figures(row)


def shown(value) -> str:
    """A figure on the page or in the table: decimals in the language's own way ("10,5")."""
    if isinstance(value, float):
        return number_format(value, decimal_pos=1)
    return str(value)


def notes(report: OutcomeReport) -> list[str]:
    bands = ", ".join(f"{low}–{high}" for low, high in report.age_bands)
    return [
        _(
            "Kohort: personer som kommunen tagit emot under ankomståret, %(bands)s år vid ankomsten. "
            "– = färre än %(n)s personer (eller en cell som annars kan räknas fram); tomt = inget att räkna på."
        )
        % {"bands": bands, "n": report.min_cell},
        _(
            "I arbete eller studier: status för månaden med dagen 90 dagar efter programmets slut (Kolada N00973). "
            "Egen försörjning: första månaden med arbete eller studier."
        ),
    ]


def render_table(report: OutcomeReport) -> str:
    head = headers()
    body = [[shown(cell) for cell in cells(row)] for row in report.rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(head)]
    line = "  ".join(
        h.ljust(w) if i < 4 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths, strict=True))
    )
    out = [
        _("Utfall för ankomståren %(first)s–%(last)s – %(title)s")
        % {"first": report.cohorts[0], "last": report.cohorts[1], "title": report.title},
        _("Per %(date)s") % {"date": report.as_of.isoformat()},
        "",
        line,
        "-" * len(line),
    ]
    for values in body:
        out.append(
            "  ".join(
                v.ljust(w) if i < 4 else v.rjust(w)
                for i, (v, w) in enumerate(zip(values, widths, strict=True))
            )
        )
    return "\n".join([*out, "", *notes(report)])


def render_csv(report: OutcomeReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(headers())
    for row in report.rows:
        writer.writerow(cells(row))
    return buffer.getvalue().rstrip("\n")


def render_json(report: OutcomeReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json}
