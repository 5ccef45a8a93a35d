"""The activities catalogue's pages (issue #13).

GET  /aktiviteter/                  the catalogue: filters by kind, language and active, free places; a form to add
POST /aktiviteter/                  add an activity (any staff member: owned by one of their units)
GET  /aktiviteter/<id>/             one activity: details, free places, and the form to change it (its unit's staff)
POST /aktiviteter/<id>/             change it (action=update) or make it inactive (action=deactivate)
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from etablera.access.guards import persons_required
from etablera.access.policy import capabilities
from etablera.activity.models import Activity
from etablera.activity.selectors import bank as selectors
from etablera.activity.services import catalogue as services
from etablera.activity.services.catalogue import ISO_639_1
from etablera.activity.web import bank_forms as bf
from etablera.organisation.models import Unit
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def _filters(query) -> selectors.CatalogueFilters:
    kind = query.get("slag", "")
    language = query.get("sprak", "").strip().lower()
    return selectors.CatalogueFilters(
        kind=kind if kind in Activity.Kind.values else "",
        language=language if language in ISO_639_1 else "",
        active=None if query.get("inaktiva") in ("on", "1", "true") else True,
    )


def _creatable_units(user) -> list[Unit]:
    """The units a new activity may be owned by: the user's own, and every unit where they administer."""
    caps = capabilities(user)
    units = {u.pk: u for u in caps.units}
    if caps.admin_municipality_ids:
        for unit in (
            Unit.objects.municipal().filter(municipality_id__in=caps.admin_municipality_ids).order_by("name")
        ):
            units.setdefault(unit.pk, unit)
    return sorted(units.values(), key=lambda u: u.name)


def _chosen_unit(form, units):
    chosen = form.cleaned_data.get("unit") or ""
    return next((u for u in units if str(u.pk) == chosen), None)


@persons_required
@require_http_methods(["GET", "POST"])
def activity_catalogue(request):
    filters = _filters(request.GET)
    units = _creatable_units(request.user)
    form = bf.ActivityForm(units=units)
    status = 200
    if request.method == "POST":
        form = bf.ActivityForm(request.POST, units=units)
        if form.is_valid():
            unit = _chosen_unit(form, units)
            municipality = unit.municipality if unit else capabilities(request.user).home_municipality
            try:
                activity = services.create_activity(
                    actor=request.user, municipality=municipality, unit=unit, **form.values()
                )
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Aktiviteten är tillagd i katalogen."))
                return redirect("activity_detail", public_id=activity.public_id)
        status = 200  # the form again, with its errors at the fields
    activities = list(selectors.catalogue(request.user, filters)[: selectors.PAGE_SIZE * 4])
    for activity in activities:
        activity.free = selectors.free_places(activity)
    return page(
        request,
        "activity/bank/catalogue.html",
        {
            "activities": activities,
            "filter_form": bf.ActivityFilterForm(
                initial={"slag": filters.kind, "sprak": filters.language, "inaktiva": filters.active is None}
            ),
            "form": form,
            "may_create": bool(units),
        },
        nav="activities",
        status=status,
    )


@persons_required
@require_http_methods(["GET", "POST"])
def activity_detail(request, public_id):
    activity = selectors.get_activity(request.user, public_id)
    may_write = services.may_write_activity(request.user, activity)
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    initial["languages"] = ", ".join(activity.languages)
    form = bf.ActivityForm(initial=initial)
    status = 200
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied(_("Aktiviteten ändras av den ansvariga enheten."))
        try:
            if request.POST.get("action") == "deactivate":
                services.deactivate_activity(actor=request.user, activity=activity)
                messages.success(request, _("Aktiviteten är inaktiverad."))
                return redirect("activity_detail", public_id=activity.public_id)
            form = bf.ActivityForm(request.POST)
            if form.is_valid():
                services.update_activity(actor=request.user, activity=activity, **form.values())
                messages.success(request, _("Aktiviteten är ändrad."))
                return redirect("activity_detail", public_id=activity.public_id)
        except StateConflict as conflict:
            messages.error(request, conflict.detail)
            return redirect("activity_detail", public_id=activity.public_id)
        except ValidationError as error:
            attach_errors(error, form)
        status = 200  # the form again, with its errors at the fields
    return page(
        request,
        "activity/bank/activity.html",
        {
            "activity": activity,
            "free": selectors.free_places(activity),
            "form": form,
            "may_write": may_write and activity.active,
        },
        nav="activities",
        status=status,
    )
