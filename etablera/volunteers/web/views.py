"""The staff's volunteer pages (issue #17), behind civil_required: the list with filters and its CSV, a volunteer's
review, the report. Wishes and matches are in match_views.py."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.audit import log_event
from etablera.access.guards import civil_required
from etablera.access.models import AuditEvent
from etablera.volunteers import renewal, selectors, services
from etablera.volunteers.codes import LANGUAGE_NAMES, OFFER_NAMES
from etablera.volunteers.models import Match
from etablera.volunteers.web.forms import FilterForm, ReviewForm
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

NAV = "civil"


@civil_required
@require_GET
def volunteer_list(request):
    form = FilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    volunteers = selectors.volunteers_for(
        request.user,
        status=filters.get("status", ""),
        offer=filters.get("offer", ""),
        language=filters.get("language", ""),
    )
    if request.GET.get("format") == "csv":
        return _csv(request, volunteers)
    return page(request, "volunteers/list.html", {"form": form, "volunteers": volunteers[:500]}, nav=NAV)


def _csv(request, volunteers) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = 'attachment; filename="volontarer.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "Kommun",
            "Namn",
            "E-post",
            "Telefon",
            "Erbjuder",
            "Språk",
            "Område",
            "Status",
            "Anmäld",
            "Bekräftad",
        ]
    )
    rows = 0
    for v in volunteers:
        rows += 1
        writer.writerow(
            [
                safe_cell(value)
                for value in (
                    v.municipality.code,
                    v.name,
                    v.email,
                    v.phone,
                    v.offer_names,
                    v.language_names,
                    v.area,
                    str(v.get_status_display()),
                    v.created_at.date().isoformat(),
                    v.confirmed_at.date().isoformat() if v.confirmed_at else "",
                )
            ]
        )
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="Volunteer",
        summary=f"Volontärer (CSV), {rows} rader",
    )
    return response


@civil_required
@require_http_methods(["GET", "POST"])
def volunteer_detail(request, public_id):
    volunteer = selectors.read_volunteer(request.user, public_id)
    form = ReviewForm(
        request.POST or None, initial={"background_check_note": volunteer.background_check_note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review(
                actor=request.user,
                volunteer=volunteer,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                background_check_note=form.cleaned_data["background_check_note"],
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(request, _("Granskningen är sparad."))
            return redirect("volunteers_detail", public_id=volunteer.public_id)
    matches = volunteer.matches.select_related("wish").order_by("-created_at")
    context = {
        "volunteer": volunteer,
        "form": form,
        "matches": matches,
        "renewal": renewal.renewal_dates(volunteer),
    }
    return page(request, "volunteers/detail.html", context, nav=NAV)


@civil_required
@require_GET
def volunteer_report(request):
    data = selectors.report(request.user)
    languages = sorted(set(data["by_language"]) | set(data["waiting_by_language"]))
    context = {
        "offers": [(OFFER_NAMES.get(code, code), n) for code, n in sorted(data["by_offer"].items())],
        "languages": [
            (
                LANGUAGE_NAMES.get(code, code),
                data["by_language"].get(code, 0),
                data["waiting_by_language"].get(code, 0),
            )
            for code in languages
        ],
        "statuses": [(label, data["match_status"].get(value, 0)) for value, label in Match.Status.choices],
        "reasons": [
            (label, n) for value, label in Match.EndReason.choices if (n := data["end_reasons"].get(value))
        ],
    }
    return page(request, "volunteers/report.html", context, nav=NAV)
