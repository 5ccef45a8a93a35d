"""The list of anvisningar: filtered, searched and paged."""

from __future__ import annotations

from django.views.decorators.http import require_GET

from etablera.access.guards import reception_required
from etablera.reception import selectors
from etablera.reception.web.forms import AssignmentFilterForm
from etablera.web.pages import page


@reception_required
@require_GET
def assignment_list(request):
    form = AssignmentFilterForm(request.GET or None, years=selectors.assignment_years(request.user))
    status = year = None
    if form.is_bound and form.is_valid():
        status, year = form.cleaned_data["status"] or None, form.cleaned_data["ar"]
    rows = selectors.list_assignments(request.user, status=status, year=year)
    return page(
        request,
        "reception/assignments/list.html",
        {"form": form, "assignments": rows, "filtered": bool(status or year)},
        nav="assignments",
    )
