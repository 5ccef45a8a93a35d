"""A run of the allocation model for a county and year, as data and as JSON, CSV or a table for the terminal
(`etablera allocate`). Reads the criteria, the county's adjustments and the published kommuntal; writes nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from etablera.county.allocation import Result, allocate
from etablera.county.criteria import Underlag, load_adjustments, load_criteria, published_kommuntal
from etablera.organisation.models import County
from etablera.reception.importers.base import safe_cell
from etablera.rules.county import Weights, weights_for


@dataclass
class Run:
    county: County
    year: int
    weights: Weights
    underlag: Underlag
    result: Result
    published: dict[str, int]
    published_source: str

    def as_json(self) -> dict:
        criteria = {row.code: row for row in self.underlag.rows}
        return {
            "county": {"code": self.county.code, "name": self.county.name},
            "year": self.year,
            "lanstal": self.result.lanstal,
            "weights": self.weights.as_json(),
            "earlier_reception_years": list(self.underlag.years),
            "published_source": self.published_source,
            "total": self.result.total,
            "municipalities": [
                {
                    **line.as_json(),
                    "criteria": {
                        "population": criteria[line.code].population,
                        "labour_market": criteria[line.code].labour_market,
                        "asylum_seekers": criteria[line.code].asylum_seekers,
                        "earlier_newcomers": criteria[line.code].earlier_newcomers,
                        "earlier_minors": criteria[line.code].earlier_minors,
                        "earlier_from": self.underlag.origins[line.code],
                        "source": self.underlag.sources[line.code],
                        "status": self.underlag.statuses[line.code],
                    },
                    "published": self.published.get(line.code),
                }
                for line in self.result.lines
            ],
        }


def run(county: County, year: int, lanstal: int, weights: Weights | None = None) -> Run:
    weights = weights or weights_for(year)
    underlag = load_criteria(county, year)
    result = allocate(lanstal, underlag.rows, weights, load_adjustments(county, year))
    published, source = published_kommuntal(county, year)
    return Run(county, year, weights, underlag, result, published, source)


CSV_COLUMNS = (
    "municipality_code",
    "municipality",
    "population",
    "labour_market",
    "asylum_seekers",
    "earlier_newcomers",
    "earlier_minors",
    "earlier_from",
    "share",
    "raw",
    "after_deduction",
    "exact",
    "rounded",
    "adjusted",
    "adjustment_reason",
    "published",
)


def as_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in data["municipalities"]:
        criteria = line["criteria"]
        origin = criteria["earlier_from"]
        writer.writerow(
            safe_cell(value, limit=500)
            for value in (
                line["municipality_code"],
                line["municipality"],
                criteria["population"],
                criteria["labour_market"],
                criteria["asylum_seekers"],
                criteria["earlier_newcomers"],
                criteria["earlier_minors"],
                f"{origin['earlier_newcomers']}/{origin['earlier_minors']}",
                line["share"],
                line["raw"],
                line["after_deduction"],
                line["exact"],
                line["rounded"],
                line["adjusted"],
                line["adjustment_reason"],
                "" if line["published"] is None else line["published"],
            )
        )
    return out.getvalue()


def as_table(data: dict) -> str:
    weights = data["weights"]
    values = weights["values"]
    lines = [
        _("Fördelning av länstal %(lanstal)s i %(county)s %(year)s")
        % {"lanstal": data["lanstal"], "county": data["county"]["name"], "year": data["year"]},
        _(
            "Vikter (%(status)s): arbetsmarknad %(labour)s %%, befolkning %(population)s %%, asylsökande "
            "%(asylum)s %%; avdrag för tidigare mottagna nyanlända %(newcomers)s %% och ensamkommande barn "
            "%(minors)s %%."
        )
        % {
            "status": weights["status"],
            "labour": values["labour_market"],
            "population": values["population"],
            "asylum": values["asylum_seekers"],
            "newcomers": values["earlier_newcomers"],
            "minors": values["earlier_minors"],
        },
        _("Källa: %(source)s") % {"source": weights["source"]},
        _("Tidigare mottagande: åren %(first)s–%(last)s; ur fil eller register per kommun (kolumnen Från).")
        % {"first": data["earlier_reception_years"][0], "last": data["earlier_reception_years"][1]},
        "",
    ]
    header = (
        _("Kommun"),
        _("Andel"),
        _("Tidigare"),
        _("Från"),
        _("Rått"),
        _("Efter avdrag"),
        _("Exakt"),
        _("Avrundat"),
        _("Justerat"),
        _("Beslutat"),
    )
    rows = [header]
    for line in data["municipalities"]:
        origin = line["criteria"]["earlier_from"]
        rows.append(
            (
                safe_cell(line["municipality"]),
                f"{line['share']:.4f}",
                f"{line['earlier_reception']:.0f}",
                f"{origin['earlier_newcomers']}/{origin['earlier_minors']}",
                f"{line['raw']:.1f}",
                f"{line['after_deduction']:.1f}",
                f"{line['exact']:.2f}",
                str(line["rounded"]),
                str(line["adjusted"]),
                "–" if line["published"] is None else str(line["published"]),
            )
        )
    rows.append((_("Summa"), "", "", "", "", "", "", "", str(data["total"]), ""))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        lines.append(
            "  ".join(
                cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
            )
        )
    reasons = [line for line in data["municipalities"] if line["adjustment_reason"]]
    if reasons:
        lines.append("")
        lines.append(_("Länsstyrelsens justeringar:"))
        lines.extend(
            f"  {safe_cell(line['municipality'])}: {safe_cell(line['adjustment_reason'], limit=500)}"
            for line in reasons
        )
    if data["published_source"]:
        lines.append("")
        lines.append(_("Beslutade kommuntal ur %(source)s.") % {"source": data["published_source"]})
    return "\n".join(lines)
