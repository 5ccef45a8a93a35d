"""Tillfälligt boende och kostnader, and unga vuxna. The temporary housing page has two parts: the households (for
the housing staff, from a selector that gives the statistics role none) and the figures (counts and costs for the
municipality, which the statistics role may read)."""

from __future__ import annotations

from django.utils import timezone
from django.views.decorators.http import require_GET

from etablera.access.guards import housing_figures_required, housing_required
from etablera.housing import reports, selectors
from etablera.housing.web import exports
from etablera.housing.web.views.homes import downloads, export_format
from etablera.web.pages import page


@housing_figures_required
@require_GET
def housing_temporary(request):
    today = timezone.localdate()
    rows = selectors.temporary_housing(request.user, on=today)
    figures = reports.housing_figures(request.user, on=today)
    if fmt := export_format(request):
        return exports.temporary_housing_export(request.user, rows, figures, fmt, today)
    return page(
        request,
        "housing/temporary.html",
        {
            "rows": rows,
            "figures": figures,
            "comparison_total": figures.comparison_total,
            "downloads": downloads(),
        },
        nav="housing",
    )


@housing_required
@require_GET
def housing_young_adults(request):
    today = timezone.localdate()
    rows = selectors.young_adults(request.user, on=today)
    if fmt := export_format(request):
        return exports.young_adults_export(request.user, rows, fmt, today)
    return page(request, "housing/young_adults.html", {"rows": rows, "downloads": downloads()}, nav="housing")
