"""The county board's room (issue #16): /lan/ — the county's municipalities side by side for a year (kommuntal,
assigned, received, left to settle, and the share received), with the county's total; as CSV or Excel.

Figures only: nothing here names a person. Who: the county board of the county (guards.county_required); another
county's page is refused."""

from __future__ import annotations

import tablib
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from etablera.access.audit import log_event
from etablera.access.guards import county_required
from etablera.access.models import AuditEvent
from etablera.county import selectors
from etablera.organisation.models import County
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.pages import page

FIRST_YEAR = 2016  # the settlement act (2016:38): the first kommuntal


def _year(text: str, today) -> int:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return today.year
    return year if FIRST_YEAR <= year <= today.year + 1 else today.year


def chosen_county(request) -> tuple[County, list[County]]:
    """The county asked for (`?lan=`), else the user's first, and the user's counties. Another county's code is
    refused by the selectors (403); an unknown one is 404."""
    counties = selectors.counties_of(request.user)
    code = request.GET.get("lan", "")
    return (get_object_or_404(County, code=code[:2]) if code else counties[0]), counties


@county_required
@require_GET
def county_overview(request):
    county, counties = chosen_county(request)
    today = timezone.localdate()
    year = _year(request.GET.get("ar", ""), today)
    data = selectors.county_overview(request.user, county, year, today)
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        return _export(request, data, fmt)
    return page(
        request,
        "county/overview.html",
        {
            "data": data,
            "counties": counties,
            "years": list(range(today.year + 1, FIRST_YEAR - 1, -1)),
        },
        nav="county",
    )


def _export(request, data, fmt):
    """The page's rows as a file: the quota columns, the year's visit, and a column per indicator."""
    indicators = data.indicators.indicators if data.indicators else []
    found = data.indicators.values if data.indicators else {}
    blank = [None] * len(indicators)
    dataset = tablib.Dataset(
        headers=[
            _("Kommunkod"),
            _("Kommun"),
            _("Kommuntal"),
            _("Anvisade totalt"),
            _("Mottagna"),
            _("Kvar att avräkna"),
            _("Kommunbesök"),
            *[f"{indicator.title} ({indicator.unit})" for indicator in indicators],
        ],
        title=f"{data.county.code}-{data.year}",
    )
    for row, visit, key in [*((r, v, r.code) for r, v in data.municipality_rows), (data.total, None, None)]:
        values = [row.code, row.name, row.quota, row.assigned_total, row.received, row.remaining]
        values.append(visit.get_status_display() if visit else "")
        values += ["" if value is None else value for value in found.get(key, blank)]
        dataset.append([safe_cell(v) for v in values])
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="county.Overview",
        summary=f"Länets kommuner {data.county.code} {data.year}, som {fmt}",
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="lan-{data.county.code}-{data.year}.{fmt}"'
    return response


urlpatterns = [path("lan/", county_overview, name="county_overview")]
