"""Boende (issue #5): the queue, free and soon-free homes, contracts ending, and one home (create, edit, its page).
The households' pages for housing are in housing_households.py, matching and import in housing_matching.py, the
temporary housing figures and young adults in housing_figures.py."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from etablera.access.guards import housing_required, municipalities_where
from etablera.access.policy import capabilities
from etablera.housing import selectors, services
from etablera.housing.models import Wish
from etablera.housing.web import exports
from etablera.housing.web.forms import HomeFilterForm, UnitForm
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def export_format(request) -> str:
    fmt = request.GET.get("format", "")
    return fmt if fmt in exports.CONTENT_TYPES else ""


def downloads(params: dict | None = None) -> list[tuple[str, str]]:
    """(label, query string) for the CSV and Excel links of a list, keeping its filters."""
    params = {k: v for k, v in (params or {}).items() if v}
    return [
        (label, urlencode({**params, "format": fmt})) for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))
    ]


@housing_required
@require_GET
def housing_queue(request):
    today = timezone.localdate()
    rows = selectors.waiting_list(request.user, on=today)
    if fmt := export_format(request):
        return exports.housing_queue_export(request.user, rows, fmt, today)
    return page(
        request,
        "housing/queue.html",
        {"rows": rows, "downloads": downloads(), "overdue": sum(1 for r in rows if (r.days_left or 0) < 0)},
        nav="housing",
    )


@housing_required
@require_GET
def housing_units(request):
    today = timezone.localdate()
    form = HomeFilterForm(request.GET or None)
    filters = form.filters()
    rows = selectors.unit_list(request.user, on=today, **filters)
    if fmt := export_format(request):
        return exports.housing_units_export(request.user, rows, fmt, today)
    params = {"visa": filters["show"], "typ": filters["kind"], "sovrum": filters["min_bedrooms"]}
    return page(
        request,
        "housing/units.html",
        {
            "form": form,
            "rows": rows,
            "show": filters["show"],
            "filtered": form.is_bound,
            "downloads": downloads(params),
        },
        nav="housing",
    )


@housing_required
@require_GET
def housing_contracts_ending(request):
    today = timezone.localdate()
    rows = selectors.contracts_ending(request.user, on=today)
    if fmt := export_format(request):
        return exports.contracts_ending_export(request.user, rows, fmt, today)
    return page(request, "housing/contracts.html", {"rows": rows, "downloads": downloads()}, nav="housing")


@housing_required
@require_GET
def housing_unit_detail(request, unit_id: int):
    data = selectors.unit_page(request.user, unit_id)
    near = [Wish(value).label for value in data.unit.near if value in Wish.values]
    return page(
        request,
        "housing/unit_detail.html",
        {"data": data, "unit": data.unit, "near_labels": near},
        nav="housing",
    )


def _unit_form(request, unit=None):
    municipalities = municipalities_where(request.user, capabilities(request.user).housing_municipality_ids)
    if unit is not None:  # a home stays in its municipality
        municipalities = [unit.municipality]
    # A home with a protected address: the form neither shows nor takes the address (issue #9).
    protected = unit if unit is not None and unit.address_masked else None
    if request.method != "POST":
        initial = UnitForm.initial_for(unit) if unit is not None else {}
        return UnitForm(initial=initial, municipalities=municipalities, protected_unit=protected)
    form = UnitForm(request.POST, municipalities=municipalities, protected_unit=protected)
    if form.is_valid():
        try:
            saved, outcome = services.save_unit(
                actor=request.user, municipality=form.chosen_municipality, data=form.to_input(), unit=unit
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            form.saved, form.outcome = saved, outcome
    return form


@housing_required
@require_http_methods(["GET", "POST"])
def housing_unit_create(request):
    form = _unit_form(request)
    if getattr(form, "saved", None) is not None:
        messages.success(
            request, _("Bostaden %(reference)s är registrerad.") % {"reference": form.saved.reference}
        )
        return redirect("housing_unit_detail", form.saved.pk)
    return page(request, "housing/unit_form.html", {"form": form, "unit": None}, nav="housing")


@housing_required
@require_http_methods(["GET", "POST"])
def housing_unit_edit(request, unit_id: int):
    unit = selectors.get_unit_for_user(request.user, unit_id)
    form = _unit_form(request, unit)
    if getattr(form, "saved", None) is not None:
        if form.outcome == "unchanged":
            messages.success(request, _("Inget ändrades."))
        else:
            messages.success(request, _("Bostaden är ändrad."))
        return redirect("housing_unit_detail", unit.pk)
    return page(request, "housing/unit_form.html", {"form": form, "unit": unit}, nav="housing")
