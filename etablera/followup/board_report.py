"""The board report (issue #16): for one municipality and a year, what the municipality's board reads — an
introduction in plain Swedish made from the figures, every indicator of the catalogue with the municipality's
figure beside the county's and the country's (women and men apart where the indicator has the breakdown), its
definition and source, and the arrivals forecast when the year is the current one. The page
(followup/web/report_views.py) and the PDF (board_pdf.py) draw the same `BoardReport`.

Figures only: every figure is a row of compute()'s tables, small cells already "–" (suppression.py); the quota
report's counts are the published kind (reception/reports.py). Nothing here names or dates a person.

`build()` calls `progress(step, total, label)` after each part, so that a background job (followup/jobs.py, run
by etablera/background/'s worker) can show how far it has come; the page's `?format=pdf` builds it while it waits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from etablera.establishment.reports.outcome_tables import shown
from etablera.followup.arrivals import ArrivalForecast, forecast
from etablera.followup.indicators import (
    CATALOGUE,
    COUNTRY,
    SEXES,
    Indicator,
    IndicatorTable,
    area,
    compute,
    scope,
)
from etablera.followup.reports.command import group_label
from etablera.followup.suppression import SUPPRESSED
from etablera.followup.table import UNKNOWN, Row
from etablera.organisation.models import Municipality
from etablera.reception.reports import QuotaRow, municipality_title, quota_report
from etablera.rules import followup as rules

SEX_ORDER = [*SEXES, UNKNOWN]
Progress = Callable[[int, int, str], None]


def _no_progress(step: int, total: int, label: str) -> None:
    pass


@dataclass(frozen=True)
class Figure:
    """One area's figure for an indicator (or one group of it): as compute() gives it, "–" when suppressed."""

    area: str
    numerator: Any
    denominator: Any
    value: Any

    @property
    def shown(self) -> list[str]:
        return [_text(self.numerator), _text(self.denominator), _text(self.value)]


@dataclass
class Section:
    indicator: Indicator
    figures: list[Figure]  # the municipality, the county, the country
    by_sex: list[tuple[str, list[str]]] = field(default_factory=list)  # group, its value in the three areas
    note: str = ""  # why there are no figures (not measurable yet)

    @property
    def title(self) -> str:
        return str(self.indicator.title)

    @property
    def scale(self) -> float:
        """The value a chart's full bar stands for: 100 for a share, else the largest figure shown."""
        if self.indicator.aggregate == "share":
            return 100
        numbers = [f.value for f in self.figures if isinstance(f.value, int | float)]
        return max(numbers, default=0) or 1

    @property
    def has_figures(self) -> bool:
        return not self.note and any(f.value not in (None, SUPPRESSED) for f in self.figures)


@dataclass
class BoardReport:
    municipality_code: str
    municipality: str  # "Nyköpings kommun"
    county: str
    year: int
    as_of: dt.date
    min_cell: int
    title: str
    introduction: list[str]
    quota: QuotaRow
    county_quota: QuotaRow
    sections: list[Section] = field(default_factory=list)
    forecast: ArrivalForecast | None = None

    @property
    def areas(self) -> list[str]:
        return [self.municipality, self.county, _("Riket")]


def _text(value) -> str:
    return "" if value is None else shown(value)


def _total(table: IndicatorTable, code: str | None) -> Row | None:
    return next((r for r in table.rows if r.municipality_code == code and r.group is None), None)


def _figure(name: str, row: Row | None) -> Figure:
    return (
        Figure(name, None, None, None)
        if row is None
        else Figure(name, row.numerator, row.denominator, row.value)
    )


def _by_sex(tables: list[IndicatorTable], codes: list[str | None]) -> list[tuple[str, list[str]]]:
    groups: list[str] = []
    for table in tables:
        for row in table.rows:
            if row.group is not None and row.group not in groups:
                groups.append(row.group)
    groups.sort(key=lambda g: SEX_ORDER.index(g) if g in SEX_ORDER else len(SEX_ORDER))
    lines = []
    for group in groups:
        values = []
        for table, code in zip(tables, codes, strict=True):
            row = next((r for r in table.rows if r.municipality_code == code and r.group == group), None)
            values.append(_text(row.value) if row else "")
        lines.append((group_label("sex", group), values))
    return lines


def section(
    indicator: Indicator, *, year: int, as_of: dt.date, areas: list[tuple[dict, Any, str]]
) -> Section:
    """One indicator in the three areas. `areas`: (compute()'s area keywords, its shared scope, its name)."""
    by = "sex" if "sex" in indicator.breakdowns else None
    tables = [
        compute(indicator, year=year, by=by, as_of=as_of, shared=shared, **where)
        for where, shared, _name in areas
    ]
    notes = [t.note for t in tables if t.note]
    if notes:
        return Section(indicator, [_figure(name, None) for *_rest, name in areas], note=notes[0])
    # The municipality's rows carry its code; the county's and the country's totals have none.
    codes = [tables[0].area_code, None, None]
    figures = [
        _figure(name, _total(table, code))
        for table, code, (*_rest, name) in zip(tables, codes, areas, strict=True)
    ]
    return Section(indicator, figures, _by_sex(tables, codes) if by else [])


def introduction(report: BoardReport) -> list[str]:
    """The opening paragraphs, written from the figures."""
    quota, county = report.quota, report.county_quota
    values = {"municipality": report.municipality, "year": report.year, "date": report.as_of.isoformat()}
    texts = [
        _(
            "Den här rapporten visar hur %(municipality)s har tagit emot nyanlända under %(year)s och hur det har "
            "gått för dem, jämfört med länet och hela landet. Siffrorna gäller den %(date)s."
        )
        % values
    ]
    if quota.quota:
        texts.append(
            _(
                "Kommuntalet för %(year)s är %(quota)s personer. Kommunen har tagit emot %(received)s av dem, och "
                "%(remaining)s är kvar att ta emot. Anvisade totalt: %(assigned)s personer."
            )
            % {
                **values,
                "quota": quota.quota,
                "received": quota.received,
                "remaining": quota.remaining,
                "assigned": quota.assigned_total,
            }
        )
        share = round(100 * quota.received / quota.quota)
        county_share = round(100 * county.received / county.quota) if county.quota else None
        if county_share is not None:
            texts.append(
                _(
                    "Det är %(share)s procent av kommuntalet. Länets kommuner har tillsammans tagit emot "
                    "%(county_share)s procent av sina kommuntal."
                )
                % {"share": share, "county_share": county_share}
            )
    else:
        texts.append(_("Kommunen har inget kommuntal för %(year)s.") % values)
    measured = [s for s in report.sections if s.has_figures]
    texts.append(
        _(
            "Av rapportens %(all)s nyckeltal finns siffror för kommunen i %(measured)s. En siffra som bygger på "
            "färre än %(n)s personer visas som –, så att ingen enskild person kan pekas ut."
        )
        % {"all": len(report.sections), "measured": len(measured), "n": report.min_cell}
    )
    return texts


def build(
    municipality: Municipality | str,
    year: int,
    as_of: dt.date,
    progress: Progress = _no_progress,
) -> BoardReport:
    """The report's content. `progress(step, total, label)` is called after each part (the quota figures, every
    indicator, the forecast), steps 1 … total, for a background job to show (followup/jobs.py)."""
    code = municipality if isinstance(municipality, str) else municipality.code
    municipalities, code, name, _county = area(municipality_code=code)
    place = Municipality.objects.select_related("county").get(pk=municipalities[0].pk)
    county_code = place.county.code
    total = 1 + len(CATALOGUE) + 1
    step = 0

    def done(label: str) -> None:
        nonlocal step
        step += 1
        progress(step, total, label)

    quota = quota_report(year=year, municipality_code=code, as_of=as_of).total
    county_quota = quota_report(year=year, county_code=county_code, as_of=as_of).total
    done(_("Kommuntalet"))
    areas = []
    for where, shown_name in (
        ({"municipality_code": code}, municipality_title(name)),
        ({"county_code": county_code}, place.county.name),
        ({"county_code": COUNTRY}, _("Riket")),
    ):
        members, *_rest = area(**where)
        # One scope per area for the whole report: the indicators share its cohort (Scope.memo).
        areas.append((where, scope(members, year, as_of), shown_name))
    report = BoardReport(
        municipality_code=code,
        municipality=municipality_title(name),
        county=place.county.name,
        year=year,
        as_of=as_of,
        min_cell=rules.min_cell(as_of),
        title=_("Rapport till nämnden: %(municipality)s %(year)s")
        % {"municipality": municipality_title(name), "year": year},
        introduction=[],
        quota=quota,
        county_quota=county_quota,
    )
    for indicator in CATALOGUE:
        report.sections.append(section(indicator, year=year, as_of=as_of, areas=areas))
        done(str(indicator.title))
    if year == as_of.year:
        report.forecast = forecast(place, year, as_of)
    done(_("Prognos för resten av året"))
    report.introduction = introduction(report)
    return report
