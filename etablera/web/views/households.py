"""Hushåll: search before see, and the household page (members, anvisning, reception, tasks, timeline)."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.views.decorators.http import require_GET, require_http_methods

from etablera.people.selectors import reveal_identity_number
from etablera.reception import selectors
from etablera.reception.models import Task
from etablera.web.forms import HouseholdSearchForm
from etablera.web.views.common import page, persons_required

SEARCH_LIMIT = 50


@persons_required
@require_GET
def household_search(request):
    form = HouseholdSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_bound and form.is_valid() else ""
    results = (
        selectors.search_households(request.user, query, limit=SEARCH_LIMIT) if len(query) >= 2 else None
    )
    return page(
        request,
        "web/households/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "too_short": 0 < len(query) < 2,
            "limited": results is not None and len(results) >= SEARCH_LIMIT,
        },
        nav="households",
    )


@persons_required
@require_http_methods(["GET", "POST"])
def household_detail(request, public_id):
    data = selectors.household_page(request.user, public_id)
    revealed = {}
    if request.method == "POST":
        # "Visa": the full identity number of one member, on request only; the selector logs that it was shown.
        try:
            person_id = uuid.UUID(request.POST.get("visa", ""))
        except ValueError as error:
            raise Http404 from error
        person = reveal_identity_number(request.user, data.household, person_id)
        revealed[person.pk] = person.identity_number_display
    for member in data.members:
        member.revealed_number = revealed.get(member.person_id, "")
    groups = [
        (status, label, [t for t in data.tasks if t.status == status])
        for status, label in Task.Status.choices
    ]
    return page(
        request,
        "web/households/detail.html",
        {"data": data, "household": data.household, "task_groups": groups},
        nav="households",
    )
