"""The matching's pages (issue #13): a person's ranked proposals (open placements, activities with free places),
a placement's ranked candidates, and the person's job profile. Each proposal is shown with its explanation in words;
a person chooses — the buttons post to the offer and week pages, which record the choice. The ranking and the words
are etablera.activity.matching's, the reads selectors.matching's; these views parse, call one and render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.guards import persons_required
from etablera.activity.selectors import matching as selectors
from etablera.activity.services.profile import parse_codes, set_job_profile
from etablera.activity.web.matching_forms import JobProfileForm
from etablera.rules.deadlines import render
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page

NAV = "activity"


def _url(name: str, *args) -> str:
    """The URL of another part's page, or "" until that part has landed (the button is then left out)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _shown(row: selectors.Row) -> dict:
    """A proposal as the page shows it: the words in the reader's language, and the messages for the offer."""
    p = row.proposal
    return {
        "row": row,
        "score": p.score,
        "raised": [render(message, _) for message in p.raised],
        "lowered": [render(message, _) for message in p.lowered],
        "explanation_json": json.dumps(p.explanation, ensure_ascii=False),
    }


@require_GET
@persons_required
def person_proposals(request, public_id):
    data = selectors.person_proposals(request.user, public_id)
    person = data.person
    placements = []
    for row in data.placements:
        shown = _shown(row)
        shown["offer_url"] = _url("activity_placement_offer", row.placement.public_id)
        placements.append(shown)
    return page(
        request,
        "activity/matching/person_proposals.html",
        {
            "data": data,
            "person": person,
            "placements": placements,
            "activities": [_shown(row) for row in data.activities],
            "participation_url": _url("activity_participation_add", person.public_id),
            "starts_on": timezone.localdate(),
        },
        nav=NAV,
    )


@require_GET
@persons_required
def placement_candidates(request, public_id):
    data = selectors.placement_candidates(request.user, public_id)
    offer_url = ""
    if data.placement.state == data.placement.State.OPEN:
        offer_url = _url("activity_placement_offer", data.placement.public_id)
    return page(
        request,
        "activity/matching/placement_candidates.html",
        {
            "data": data,
            "placement": data.placement,
            "rows": [_shown(r) for r in data.rows],
            "offer_url": offer_url,
        },
        nav=NAV,
    )


@require_http_methods(["GET", "POST"])
@persons_required
def job_profile(request, public_id):
    data = selectors.job_profile_page(request.user, public_id)
    person, profile = data.person, data.profile
    if request.method == "POST":
        form = JobProfileForm(request.POST)
        if form.is_valid():
            values = form.cleaned_data
            try:
                set_job_profile(
                    actor=request.user,
                    person=person,
                    wished_ssyk=parse_codes(values["wished_ssyk"]),
                    travel=values["travel"],
                    wishes=values["wishes"],
                )
            except StateConflict as conflict:
                messages.error(request, conflict.detail)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Önskemålen är sparade."))
                return redirect("activity_person_proposals", public_id=person.public_id)
    else:
        form = JobProfileForm(
            initial={
                "wished_ssyk": " ".join(profile.wished_ssyk) if profile else "",
                "travel": profile.travel if profile else "AREA",
                "wishes": profile.wishes if profile else "",
            }
        )
    return page(
        request,
        "activity/matching/job_profile.html",
        {"person": person, "form": form, "profile": profile},
        nav=NAV,
    )
