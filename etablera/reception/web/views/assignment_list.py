"""The list of anvisningar: filtered (year, status, category), searched (a reference, or a member's name) and paged.

The filters and a reference are no personal data and go by GET, so a filtered list can be bookmarked and its pages
are links. A member's name goes by POST only (issue #11): the name form carries the filters along as hidden fields,
and the pages of a name search are buttons of a form, so the name never stands in an address."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from etablera.access.guards import reception_required
from etablera.reception import selectors
from etablera.reception.web.search_forms import AssignmentFilterForm, AssignmentNameSearchForm
from etablera.web.pages import page

PAGE_SIZE = 50


@reception_required
@require_http_methods(["GET", "POST"])
def assignment_list(request):
    data = request.POST if request.method == "POST" else request.GET
    form = AssignmentFilterForm(data or None, years=selectors.assignment_years(request.user))
    name_form = AssignmentNameSearchForm(request.POST if request.method == "POST" else None)
    filters = form.filters()
    name = name_form.name()
    result = selectors.list_assignments(
        request.user,
        **filters,
        name=name,
        limit=PAGE_SIZE,
        offset=(form.page_number() - 1) * PAGE_SIZE,
    )
    kept = {key: value for key, value in _as_params(filters).items() if value}
    return page(
        request,
        "reception/assignments/list.html",
        {
            "form": form,
            "name_form": name_form,
            "name": name,
            "result": result,
            "assignments": result.rows,
            "filtered": bool(kept or name),
            "kept": kept,
            "previous_page": result.number - 1 if result.number > 1 else None,
            "next_page": result.number + 1 if result.number < result.pages else None,
            "previous_url": _page_url(kept, result.number - 1) if result.number > 1 else "",
            "next_url": _page_url(kept, result.number + 1) if result.number < result.pages else "",
        },
        nav="assignments",
    )


def _as_params(filters: dict) -> dict[str, str]:
    """The filters as the form's field names, for the pages' links and the name form's hidden fields."""
    return {
        "ar": str(filters.get("year") or ""),
        "status": filters.get("status") or "",
        "kategori": filters.get("category") or "",
        "referens": filters.get("reference") or "",
    }


def _page_url(kept: dict[str, str], number: int) -> str:
    return f"{reverse('assignment_list')}?{urlencode({**kept, 'sida': number})}"
