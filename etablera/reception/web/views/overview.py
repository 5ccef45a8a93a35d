"""Översikt: the municipality's year in figures — kommuntal progress, upcoming arrivals, open tasks per unit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from etablera.access.policy import STAFF_ROLES, capabilities
from etablera.organisation.models import Role, Unit
from etablera.reception import selectors
from etablera.reception.reports import quota_report
from etablera.web.pages import page


@login_required
@require_GET
def overview(request):
    caps = capabilities(request.user)
    if caps.county_ids and not caps.memberships:
        return redirect("county_overview")  # the county board has no municipality of its own to show
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
    """Each role's natural start page (issue #11): the statistics role — and anyone who sees figures but no
    persons, a county's analysts among them — the overview's figures; the housing unit's staff the housing queue;
    a unit manager the unit's tasks (the caseload); every other caseworker, coordinator and administrator their
    own tasks. Someone who also works in the reception unit, or administers, starts with the tasks: the housing
    queue is one of the reception's pages for them. The county board (Länsstyrelsen) starts with its county."""
    caps = capabilities(request.user)
    if caps.county_ids and not caps.memberships:
        return redirect("county_overview")
    if not caps.sees_persons:
        return redirect("overview")
    staff = [m for m in caps.memberships if m.role in STAFF_ROLES]
    functions = {m.unit.function for m in staff}
    if functions == {Unit.Function.HOUSING} and not caps.is_administrator:
        return redirect("housing_queue")
    if {m.role for m in staff} == {Role.UNIT_MANAGER}:
        return redirect("unit_tasks")
    return redirect("my_tasks")
