"""`etablera report quota --year Y [--county CC | --municipality MMMM] [--as-of DATE] [--format table|csv|json]`.

The quota report (Migrationsverket's "Anvisningar enligt kommuntal – översikt") from the individual records, through
etablera.reception.reports.quota_report. Column headers and JSON keys are documented in docs/import-formats.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.reception.importers import safe_cell
from etablera.reception.reports import QuotaReport, QuotaRow, UnknownArea, quota_report

HEADERS = ("Tal", "Anvisade totalt", "varav avräknade", "Kvar att avräkna")
TOTAL_LABEL = {"county": "Länet", "country": "Riket"}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Ogiltigt datum för --as-of: {safe_cell(value)}. Skriv ÅÅÅÅ-MM-DD.") from error


def _rows(report: QuotaReport, include_empty: bool) -> list[tuple[str, QuotaRow]]:
    """(label, row) in the published order: the total first, then the areas."""
    if report.scope == "municipality":
        return [(report.total.name, report.total)]
    shown = [(TOTAL_LABEL[report.scope], report.total)]
    shown += [(row.name, row) for row in report.rows if include_empty or not row.is_empty]
    return shown


def _numbers(row: QuotaRow) -> tuple[int, int, int, int]:
    return row.quota, row.assigned_total, row.received, row.remaining


def render_table(report: QuotaReport, include_empty: bool = False) -> str:
    rows = _rows(report, include_empty)
    width = max(len("Område"), *(len(name) for name, _ in rows))
    widths = [max(len(h), 6) for h in HEADERS]
    line = "  ".join(["Område".ljust(width), *(h.rjust(w) for h, w in zip(HEADERS, widths, strict=True))])
    out = [
        f"Anvisningar enligt {report.year} års kommuntal – {report.title}",
        f"Per {report.as_of.isoformat()}",
        "",
        line,
        "-" * len(line),
    ]
    for name, row in rows:
        cells = (str(n).rjust(w) for n, w in zip(_numbers(row), widths, strict=True))
        out.append("  ".join([safe_cell(name, limit=200).ljust(width), *cells]))
    out += [
        "",
        "Anvisade totalt räknar med avbrutna anvisningar. Kvar att avräkna = tal − avräknade, aldrig under noll;",
        "för län och riket är det summan av kommunernas.",
    ]
    return "\n".join(out)


def render_csv(report: QuotaReport, include_empty: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["Kod", "Område", *HEADERS])
    for name, row in _rows(report, include_empty):
        writer.writerow([safe_cell(row.code), safe_cell(name, limit=200), *_numbers(row)])
    return buffer.getvalue().rstrip("\n")


def _row_json(row: QuotaRow) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "quota": row.quota,
        "assigned_total": row.assigned_total,
        "received": row.received,
        "remaining": row.remaining,
    }


def render_json(report: QuotaReport, include_empty: bool = False) -> str:
    data = {
        "year": report.year,
        "as_of": report.as_of.isoformat(),
        "scope": report.scope,
        "title": report.title,
        "total": _row_json(report.total),
        "rows": [
            _row_json(row)
            for row in report.rows
            if report.scope == "municipality" or include_empty or not row.is_empty
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json}


class Command(BaseCommand):
    help = (
        "Rapporter. quota: anvisningar enligt kommuntal för ett år per ett datum – Tal, Anvisade totalt (med "
        "avbrutna), varav avräknade och Kvar att avräkna – för en kommun, ett län eller hela riket."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "report",
            choices=["quota", "outcomes", "activity", "minors", "compensation", "indicators", "arrivals"],
            help="quota = kommuntalsrapporten, outcomes = utfall per kohort, activity = räcker utbudet?, "
            "minors = ensamkommande barn och unga vuxna, indicators = uppföljningens indikatorer, "
            "arrivals = väntade mottagna och bostäder resten av året",
        )
        parser.add_argument("--year", type=int, help="kommuntalsåret (standard: i år)")
        area = parser.add_mutually_exclusive_group()
        area.add_argument("--county", help="länskod, två siffror (t.ex. 04)")
        area.add_argument("--municipality", help="kommunkod, fyra siffror (t.ex. 0480)")
        parser.add_argument("--as-of", dest="as_of", help="per datum ÅÅÅÅ-MM-DD (standard: i dag)")
        parser.add_argument("--format", choices=sorted(RENDERERS), default="table")
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_empty",
            help="visa även områden utan tal och anvisningar",
        )
        # outcomes (issue #12): etablera.establishment.reports.command
        parser.add_argument("--cohort", type=int, help="outcomes: ankomståret (kohorten)")
        parser.add_argument(
            "--cohort-to", dest="cohort_to", type=int, help="outcomes: till och med ankomståret"
        )
        parser.add_argument(
            "--by",
            help="outcomes: dela upp efter sex,category,age (standard alla tre; none = inget); "
            "indicators: sex, age_band eller category (standard inget)",
        )
        # activity (issue #13): etablera.activity.reports.command
        parser.add_argument(
            "--week", help="activity: första veckan, ÅÅÅÅ-Www (t.ex. 2026-W50; standard: denna)"
        )

    def handle(self, *args, **options):
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        if options["report"] == "outcomes":
            from etablera.establishment.reports.command import outcomes

            self.stdout.write(outcomes(options, as_of))
            return
        if options["report"] == "activity":
            from etablera.activity.reports.command import activity

            self.stdout.write(activity(options, as_of))
            return
        if options["report"] == "compensation":
            from etablera.money.reports.command import compensation

            self.stdout.write(compensation(options, as_of))
            return
        if options["report"] == "indicators":
            from etablera.followup.reports.command import indicators

            self.stdout.write(indicators(options, as_of))
            return
        if options["report"] == "arrivals":
            from etablera.followup.reports.arrivals import arrivals

            self.stdout.write(arrivals(options, as_of))
            return
        if options["report"] == "minors":
            from etablera.minors.reports.command import minors

            self.stdout.write(minors(options, as_of))
            return
        year = options["year"] or as_of.year
        county = (options["county"] or "").strip()
        municipality = (options["municipality"] or "").strip()
        if county.isdigit() and len(county) == 1:
            county = county.zfill(2)
        if municipality.isdigit() and len(municipality) == 3:
            municipality = municipality.zfill(4)  # Excel drops the leading zero
        with channel(AuditEvent.Channel.CLI):
            try:
                report = quota_report(
                    year=year, county_code=county or None, municipality_code=municipality or None, as_of=as_of
                )
            except UnknownArea as error:
                raise CommandError(_unknown(county, municipality)) from error
        self.stdout.write(RENDERERS[options["format"]](report, options["include_empty"]))


def _unknown(county: str, municipality: str) -> str:
    if municipality:
        return (
            f"Okänd kommunkod: {safe_cell(municipality)}. Kommunkoden har fyra siffror, t.ex. 0480 för Nyköping; "
            "se etablera/organisation/data/municipalities.csv."
        )
    return (
        f"Okänd länskod: {safe_cell(county)}. Länskoden har två siffror, t.ex. 04 för Södermanlands län; "
        "se etablera/organisation/data/counties.csv."
    )
