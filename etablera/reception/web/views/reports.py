"""Kommuntal: the quota report for a municipality, a county or the whole country, with CSV and Excel downloads.
It holds no personal data, so every signed-in user may read it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from etablera.access.policy import capabilities
from etablera.organisation import selectors as organisation
from etablera.reception.reports import quota_report as build_quota_report
from etablera.reception.web.exports import quota_export, quota_rows
from etablera.reception.web.forms import QuotaReportForm
from etablera.web.exports import CONTENT_TYPES
from etablera.web.pages import page


@login_required
@require_GET
def quota_report(request):
    today = timezone.localdate()
    data = request.GET
    if "year" not in data:
        # First visit: this year, the user's county, today.
        county = capabilities(request.user).home_county
        data = {
            "year": str(today.year),
            "county": county.code if county else "",
            "as_of": today.isoformat(),
        }
    form = QuotaReportForm(
        data, counties=list(organisation.counties()), municipalities=list(organisation.municipalities())
    )
    report = None
    if form.is_valid():
        cleaned = form.cleaned_data
        report = build_quota_report(
            year=cleaned["year"],
            county_code=cleaned["county"] or None,
            municipality_code=cleaned["municipality"] or None,
            as_of=cleaned["as_of"] or today,
        )
        fmt = request.GET.get("format", "")
        if fmt in CONTENT_TYPES:
            return quota_export(request.user, report, fmt)
    params = {name: data.get(name, "") for name in ("year", "county", "municipality", "as_of")}
    return page(
        request,
        "reception/reports/quota.html",
        {
            "form": form,
            "report": report,
            # The report names the whole country "Riket" (as in Migrationsverket's table); counties and
            # municipalities keep their Swedish names.
            "report_title": (_("Riket") if report.scope == "country" else report.title) if report else "",
            "rows": quota_rows(report) if report else [],
            "downloads": [(fmt.upper(), urlencode({**params, "format": fmt})) for fmt in ("csv", "xlsx")],
        },
        nav="quota_report",
    )
