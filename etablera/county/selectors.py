"""What the county board's pages read (issue #16): the figures of every municipality in a county, side by side —
figures only, never a person. Each source adds columns to the same rows: the quota report (kommuntal, assigned,
received, left to settle), the year's municipality visit (its state: the municipality's readiness as the county
follows it), and the follow-up's indicators (followup/indicators.py: a column per indicator, already
suppressed where a figure rests on fewer than five persons).

Who: the county board of the county (policy.Capabilities.county_ids); a county the user is not the board of is
refused before anything is read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from etablera.access.policy import capabilities
from etablera.county.selectors_visits import county_visits
from etablera.followup import indicators as followup
from etablera.organisation.models import County
from etablera.reception.reports import QuotaRow, quota_report


@dataclass
class IndicatorColumns:
    """The indicators as columns: for each municipality (by code; None is the county) the value of each, in the
    catalogue's order — a figure, "–" where it is suppressed, None where there is nothing to compute."""

    indicators: list
    values: dict[str | None, list]
    notes: list[str]


@dataclass
class CountyOverview:
    county: County
    year: int
    as_of: dt.date
    rows: list[QuotaRow]  # the county's municipalities, in Swedish order
    total: QuotaRow
    indicators: IndicatorColumns | None = None
    visits: dict[str, object] = field(default_factory=dict)  # municipality code -> the year's visit

    @property
    def municipality_rows(self) -> list[tuple[QuotaRow, object]]:
        """Each municipality's quota row with its visit of the year (None: not planned)."""
        return [(row, self.visits.get(row.code)) for row in self.rows]

    def indicator_rows(self) -> list[tuple[str, list]]:
        """(name, values) per municipality in the rows' order, and the county last."""
        if self.indicators is None:
            return []
        found = self.indicators.values
        blank = [None] * len(self.indicators.indicators)
        return [(row.name, found.get(row.code, blank)) for row in self.rows] + [
            (self.county.name, found.get(None, blank))
        ]

    @property
    def received_percent(self) -> int | None:
        return round(100 * self.total.received / self.total.quota) if self.total.quota else None


def counties_of(user) -> list[County]:
    """The counties the user is the county board of, by code."""
    return list(County.objects.filter(pk__in=capabilities(user).county_ids).order_by("code"))


def require_county(user, county: County) -> None:
    if county.pk not in capabilities(user).county_ids:
        raise PermissionDenied(_("Du arbetar inte på Länsstyrelsen i det länet."))


def county_overview(user, county: County, year: int, as_of: dt.date) -> CountyOverview:
    require_county(user, county)
    report = quota_report(year=year, county_code=county.code, as_of=as_of)
    return CountyOverview(
        county=county,
        year=year,
        as_of=as_of,
        rows=report.rows,
        total=report.total,
        indicators=indicator_columns(county, year, as_of),
        visits={visit.municipality.code: visit for visit in county_visits(user, county, year)},
    )


def indicator_columns(county: County, year: int, as_of: dt.date) -> IndicatorColumns:
    tables = followup.compute_all(year=year, county_code=county.code, as_of=as_of)
    values: dict[str | None, list] = {}
    for position, table in enumerate(tables):
        for row in table.rows:
            if row.group is None:
                values.setdefault(row.municipality_code, [None] * len(tables))[position] = row.value
    notes = [f"{table.indicator.title}: {table.note}" for table in tables if table.note]
    return IndicatorColumns([table.indicator for table in tables], values, notes)


def county_indicators(
    user, county: County, year: int, by: str | None, as_of: dt.date
) -> list[followup.IndicatorTable]:
    """Every indicator of the catalogue for the county's municipalities and the county, broken down by `by` (sex,
    age band, category) where the indicator has that breakdown — the women and men apart that the overview's single
    column cannot show. Suppressed as every figure that leaves the register (followup/suppression.py)."""
    require_county(user, county)
    return followup.compute_all(year=year, county_code=county.code, by=by, as_of=as_of)
