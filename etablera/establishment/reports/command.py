"""`etablera report outcomes --municipality 0480 --cohort 2024 [--cohort-to 2025] [--county 04] [--by sex,category,age]
[--as-of DATE] [--format table|csv|json]`: the cohort outcomes, the same figures as the page /etablering/utfall/
(small cells "–" here too). The report command (reception/management/commands/report.py) calls `outcomes`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError

from etablera.access.audit import channel
from etablera.access.models import AuditEvent
from etablera.establishment.reports.outcome_tables import RENDERERS
from etablera.establishment.reports.outcomes import DIMENSIONS, UnknownArea, outcome_report
from etablera.web.exports import safe_cell


def _shown(value: str) -> str:
    """What the user typed, in a message: defused and cut short."""
    return safe_cell(value[:100])


BY_NAMES = {"sex": "sex", "kon": "sex", "category": "category", "kategori": "category", "age": "age_band"}


def parse_by(value: str | None) -> tuple[str, ...]:
    if value is None:
        return DIMENSIONS
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    if names in ([], ["none"]):
        return ()
    unknown = [name for name in names if name not in BY_NAMES]
    if unknown:
        raise CommandError(
            f"Okänd uppdelning: {_shown(', '.join(unknown))}. Välj bland sex, category och age "
            "(kommaseparerat), eller none."
        )
    return tuple(dict.fromkeys(BY_NAMES[name] for name in names))


def outcomes(options: dict, as_of: dt.date) -> str:
    cohort = options.get("cohort")
    if not cohort:
        raise CommandError("Ange ankomståret med --cohort, t.ex. --cohort 2024.")
    municipality = (options.get("municipality") or "").strip()
    county = (options.get("county") or "").strip()
    if municipality.isdigit() and len(municipality) == 3:
        municipality = municipality.zfill(4)
    if county.isdigit() and len(county) == 1:
        county = county.zfill(2)
    if not (municipality or county):
        raise CommandError(
            "Ange kommunen med --municipality (t.ex. 0480) eller länet med --county (t.ex. 04)."
        )
    by = parse_by(options.get("by"))
    with channel(AuditEvent.Channel.CLI):
        try:
            report = outcome_report(
                cohort=cohort,
                cohort_to=options.get("cohort_to"),
                municipality_code=municipality or None,
                county_code=county or None,
                by=by,
                as_of=as_of,
            )
        except UnknownArea as error:
            what = "kommunkod" if municipality else "länskod"
            raise CommandError(f"Okänd {what}: {_shown(municipality or county)}.") from error
    return RENDERERS[options["format"]](report)
