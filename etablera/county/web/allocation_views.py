"""The allocation model on the county board's page (issue #16): /lan/fordelning/ — a länstal split into kommuntal by
the model (docs/allocation.md): the criteria each municipality is weighed by, with their source and status, the
weights and theirs, each step per municipality, the county's adjustments with their reasons, and the kommuntal
decided beside it where it is known. An adjustment is recorded or removed here (POST), and logged.

Figures only. Who: the county board of the county (guards.county_required; the services check again)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from etablera.access.guards import county_required
from etablera.county import report, selectors, services
from etablera.county.allocation import AllocationError
from etablera.county.models import Adjustment
from etablera.organisation.models import County, Municipality
from etablera.rules.county import DEDUCTIONS, SHARE_CRITERIA
from etablera.web.forms import attach_errors
from etablera.web.pages import page

MAX_LANSTAL = 100_000  # beyond any länstal so far

CRITERIA_LABELS = {
    "labour_market": gettext_lazy("Arbetsmarknad"),
    "population": gettext_lazy("Befolkning"),
    "asylum_seekers": gettext_lazy("Asylsökande"),
    "earlier_newcomers": gettext_lazy("Tidigare mottagna nyanlända"),
    "earlier_minors": gettext_lazy("Tidigare mottagna ensamkommande barn"),
}


class RunForm(forms.Form):
    ar = forms.IntegerField(label=gettext_lazy("År"), min_value=2016, max_value=2100)
    lanstal = forms.IntegerField(label=gettext_lazy("Länstal"), min_value=0, max_value=MAX_LANSTAL)


class AdjustmentForm(forms.Form):
    municipality = forms.ChoiceField(label=gettext_lazy("Kommun"))
    kommuntal = forms.IntegerField(label=gettext_lazy("Kommuntal"), min_value=0, max_value=MAX_LANSTAL)
    reason = forms.CharField(label=gettext_lazy("Skäl"), max_length=500)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(m.code, m.name) for m in municipalities]


def _county(request) -> County:
    counties = selectors.counties_of(request.user)
    code = (request.GET.get("lan") or request.POST.get("lan") or "")[:2]
    county = get_object_or_404(County, code=code) if code else counties[0]
    selectors.require_county(request.user, county)
    return county


@county_required
@require_http_methods(["GET", "POST"])
def county_allocation(request):
    county = _county(request)
    municipalities = list(Municipality.objects.filter(county=county).order_by("name"))
    today = timezone.localdate()
    data = request.GET if "ar" in request.GET else {"ar": today.year, "lanstal": ""}
    run_form = RunForm(data)
    adjustment_form = AdjustmentForm(
        request.POST if "kommuntal" in request.POST else None, municipalities=municipalities
    )
    if request.method == "POST":
        response = _post(request, county, adjustment_form)
        if response is not None:
            return response
    run = error = None
    if run_form.is_valid():
        try:
            run = report.run(county, run_form.cleaned_data["ar"], run_form.cleaned_data["lanstal"])
        except AllocationError as problem:
            error = str(problem)
    year = run_form.cleaned_data.get("ar", today.year) if run_form.is_valid() else today.year
    return page(
        request,
        "county/allocation.html",
        {
            "county": county,
            "run_form": run_form,
            "adjustment_form": adjustment_form,
            "adjustments": Adjustment.objects.filter(county=county, year=year)
            .select_related("municipality")
            .order_by("municipality__name"),
            "run": run,
            "error": error,
            "year": year,
            "share_criteria": [CRITERIA_LABELS[name] for name in SHARE_CRITERIA],
            "weights": [(CRITERIA_LABELS[name], run.weights.values[name]) for name in SHARE_CRITERIA]
            if run
            else [],
            "deductions": [(CRITERIA_LABELS[name], run.weights.values[name]) for name in DEDUCTIONS]
            if run
            else [],
            "rows": _rows(run) if run else [],
        },
        nav="county",
        status=400 if request.method == "POST" else 200,
    )


def _rows(run) -> list[dict]:
    criteria = {row.code: row for row in run.underlag.rows}
    return [
        {
            "line": line,
            "criteria": criteria[line.code],
            "values": [getattr(criteria[line.code], name) for name in SHARE_CRITERIA],
            "earlier": criteria[line.code].earlier_newcomers + criteria[line.code].earlier_minors,
            "status": run.underlag.statuses[line.code],
            "from_register": [
                CRITERIA_LABELS[name]
                for name, origin in run.underlag.origins[line.code].items()
                if origin == "REGISTER"
            ],
            "percent": f"{float(line.share) * 100:.1f}".replace(".", ","),
            "published": run.published.get(line.code),
            "difference": line.adjusted - run.published[line.code] if line.code in run.published else None,
        }
        for line in run.result.lines
    ]


def _post(request, county, form):
    year = request.POST.get("ar", "")
    back = f"{reverse('county_allocation')}?{urlencode({'lan': county.code, 'ar': year, 'lanstal': request.POST.get('lanstal', '')})}"
    try:
        year = int(year)
    except ValueError:
        raise PermissionDenied(_("Ange året.")) from None
    if "remove" in request.POST:
        adjustment = get_object_or_404(Adjustment, pk=request.POST.get("remove", "0"), county=county)
        services.remove_adjustment(actor=request.user, adjustment=adjustment)
        messages.success(request, _("Justeringen är borttagen."))
        return redirect(back)
    if not form.is_valid():
        return None
    municipality = Municipality.objects.get(county=county, code=form.cleaned_data["municipality"])
    try:
        services.record_adjustment(
            actor=request.user,
            county=county,
            year=year,
            municipality=municipality,
            kommuntal=form.cleaned_data["kommuntal"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as problem:
        attach_errors(problem, form)
        return None
    messages.success(request, _("Justeringen är sparad."))
    return redirect(back)


urlpatterns = [path("lan/fordelning/", county_allocation, name="county_allocation")]
