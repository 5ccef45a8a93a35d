"""Hushåll: search before see."""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from etablera.access.guards import persons_required
from etablera.access.policy import capabilities
from etablera.reception import selectors
from etablera.reception.web.forms import HouseholdSearchForm
from etablera.web.pages import page

SEARCH_LIMIT = 50


@persons_required
@require_http_methods(["GET", "POST"])
def household_search(request):
    """Search before see, by POST: a name typed here must not end up in a URL, where it would be written to
    server and proxy logs and kept in the browser's history. A GET shows the empty form (a `q` in the address
    is ignored); the POST renders the results in its response and keeps what was typed in the field."""
    form = HouseholdSearchForm(request.POST if request.method == "POST" else None)
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    results = (
        selectors.search_households(request.user, query, limit=SEARCH_LIMIT) if len(query) >= 2 else None
    )
    return page(
        request,
        "reception/households/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "too_short": form.is_bound and form.is_valid() and len(query) < 2,
            "limited": results is not None and len(results) >= SEARCH_LIMIT,
            "can_register_reception": capabilities(request.user).can_register_reception,
        },
        nav="households",
    )
