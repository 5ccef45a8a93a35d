"""Översikt: the municipality's year in figures — kommuntal progress, upcoming arrivals, open tasks per unit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from etablera.access.policy import capabilities
from etablera.reception import selectors
from etablera.reception.reports import quota_report
from etablera.web.pages import page


@login_required
@require_GET
def overview(request):
    caps = capabilities(request.user)
    municipality = caps.home_municipality
    today = timezone.localdate()
    context = {"municipality": municipality, "year": today.year}
    if municipality is not None:
        report = quota_report(year=today.year, municipality_code=municipality.code, as_of=today)
        row = report.total
        context.update(
            {
                "quota": row,
                "percent": round(100 * row.received / row.quota) if row.quota else None,
                # Counts only, no names: every member of the municipality's staff and the statistics role.
                "per_unit": selectors.overdue_per_unit(request.user, municipality.pk, today=today),
                # Households are personal data: only those who may see them get the list.
                "arrivals": selectors.upcoming_arrivals(request.user, limit=20)
                if caps.can_register_reception
                else None,
            }
        )
    return page(request, "reception/overview.html", context, nav="overview")


@login_required
def home(request):
    """The start page: my tasks, or the overview for those who see figures but no persons."""
    if capabilities(request.user).sees_persons:
        return redirect("my_tasks")
    return redirect("overview")
