"""Hushåll: search before see — by name, identity number (current or former) or anvisning reference."""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from etablera.access.guards import persons_required
from etablera.access.policy import capabilities
from etablera.reception import selectors
from etablera.reception.selectors.search import MIN_LENGTH, is_identity_number
from etablera.reception.web.search_forms import HouseholdSearchForm
from etablera.web.pages import page

SEARCH_LIMIT = 50


@persons_required
@require_http_methods(["GET", "POST"])
def household_search(request):
    """Search before see, by POST: a name or an identity number typed here must not end up in a URL, where it
    would be written to server and proxy logs and kept in the browser's history. A GET shows the empty form (a `q`
    in the address is ignored); the POST renders the results in its response and keeps what was typed in the
    field. The first SEARCH_LIMIT hits are shown; when there are more, how many (one COUNT more)."""
    form = HouseholdSearchForm(request.POST if request.method == "POST" else None)
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    results = count = None
    if len(query) >= MIN_LENGTH:
        results = selectors.search_households(request.user, query, limit=SEARCH_LIMIT)
        count = len(results)
        if count >= SEARCH_LIMIT:
            count = selectors.count_households(request.user, query)
    shown_query = query
    if is_identity_number(query):
        # Not even the page answering the POST repeats an identity number: the field is emptied, the caption
        # speaks of "the number".
        shown_query, form = "", HouseholdSearchForm()
    return page(
        request,
        "reception/households/search.html",
        {
            "form": form,
            "query": query,
            "shown_query": shown_query,
            "results": results,
            "count": count,
            "too_short": form.is_bound and form.is_valid() and len(query) < MIN_LENGTH,
            "limited": results is not None and count is not None and count > len(results),
            "can_register_reception": capabilities(request.user).can_register_reception,
        },
        nav="households",
    )
