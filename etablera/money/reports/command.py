"""`etablera report compensation --municipality 0480 --year 2024 [--format table|csv|json]` (issue #15): per month,
the expected schablon, initial costs and minors' days, what was received, and the difference — the figures of the
money overview, for the finance system or a spreadsheet. No names. The report command
(reception/management/commands/report.py) calls `compensation`. It reads the computed lines: run
`etablera compute_entitlements --year 2024` (or the page's "Beräkna igen") first."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management.base import CommandError

from etablera.access.audit import channel, log_event
from etablera.access.models import AuditEvent
from etablera.money.models import Kind
from etablera.money.selectors import Overview, overview
from etablera.organisation.models import Municipality
from etablera.web.exports import safe_cell

COLUMNS = (
    ("schablon", Kind.SCHABLON),
    ("initial_costs", Kind.INITIAL_COSTS),
    ("minors_days", Kind.MINORS_DAYS),
)


def as_json(municipality: Municipality, data: Overview) -> dict:
    months = []
    for m in data.months:
        row = {"month": f"{m.month:%Y-%m}"}
        row.update({name: m.expected_of(kind) for name, kind in COLUMNS})
        row.update({"expected": m.expected_total, "received": m.received, "difference": m.difference})
        months.append(row)
    totals = {name: data.total(kind) for name, kind in COLUMNS}
    totals.update(
        {"expected": data.expected_total, "received": data.received_total, "difference": data.difference}
    )
    return {
        "municipality": municipality.code,
        "municipality_name": municipality.name,
        "year": data.year,
        "computed_at": data.computed_at.isoformat() if data.computed_at else None,
        "estimated_lines": data.estimated_lines,
        "months": months,
        "total": totals,
    }


def render_table(municipality: Municipality, data: Overview) -> str:
    headers = ["Månad", "Schablon", "Initiala", "Ensamk. dygn", "Förväntat", "Mottaget", "Skillnad"]
    out = [
        f"Statlig ersättning {data.year}, {municipality.name} (kr)",
        "",
        "  ".join(h.rjust(12) for h in headers),
    ]
    report = as_json(municipality, data)
    for row in [*report["months"], {"month": "Året", **report["total"]}]:
        cells = [row["month"], *(row[k] for k in ("schablon", "initial_costs", "minors_days"))]
        cells += [row["expected"], row["received"], row["difference"]]
        out.append("  ".join(str(c).rjust(12) for c in cells))
    if data.estimated_lines:
        out += ["", f"Obs: {data.estimated_lines} rader är uppskattade (årets schablonbelopp saknas)."]
    return "\n".join(out)


def render_csv(municipality: Municipality, data: Overview) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(
        [
            "Kommun",
            "Månad",
            "Schablon",
            "Initiala kostnader",
            "Ensamkommande dygn",
            "Förväntat",
            "Mottaget",
            "Skillnad",
        ]
    )
    for row in as_json(municipality, data)["months"]:
        writer.writerow(
            [
                municipality.code,
                row["month"],
                row["schablon"],
                row["initial_costs"],
                row["minors_days"],
                row["expected"],
                row["received"],
                row["difference"],
            ]
        )
    return buffer.getvalue().rstrip("\n")


RENDERERS = {
    "table": render_table,
    "csv": render_csv,
    "json": lambda m, d: json.dumps(as_json(m, d), ensure_ascii=False, indent=2),
}


def compensation(options: dict, as_of: dt.date) -> str:
    code = (options.get("municipality") or "").strip()
    if code.isdigit() and len(code) == 3:
        code = code.zfill(4)  # Excel drops the leading zero
    if not code:
        raise CommandError("Ange kommunen med --municipality, t.ex. 0480.")
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise CommandError(
            f"Okänd kommunkod: {safe_cell(code[:20])}. Kommunkoden har fyra siffror, t.ex. 0480."
        )
    year = options.get("year") or as_of.year
    with channel(AuditEvent.Channel.CLI):
        data = overview(None, municipality.pk, year)
        log_event(
            None,
            AuditEvent.Action.EXPORT,
            object_type="money.Entitlement",
            summary=f"Rapport statlig ersättning {year} (utan namn)",
            municipality_code=municipality.code,
        )
    return RENDERERS[options["format"]](municipality, data)
