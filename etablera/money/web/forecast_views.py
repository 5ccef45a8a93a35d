"""The forecast page (issue #15): /ersattning/prognos/ — for the next 24 months, how many leave the establishment
programme, what their försörjningsstöd may cost (KEFU's method) and what the state is expected to pay in schablon
and initial costs, as a chart with its table and as CSV or Excel; the method and each parameter explained; the
parameters editable for those who keep the money records.

Who: the money capability reads (policy.money_municipality_ids, the page falls back to the user's own
municipality); the manage capability (money_manage_municipality_ids) saves the parameters — a POST from anyone else,
or for a municipality the user does not keep, is 403. No names: the page is counts and sums."""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from etablera.access.audit import log_event
from etablera.access.guards import money_required, municipalities_where
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.money import selectors_forecast as selectors
from etablera.money.services import forecast as services
from etablera.money.web.forecast_forms import ForecastSettingForm
from etablera.rules.dates import add_months
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

MONTHS = 24


def _next_month():
    return add_months(timezone.localdate().replace(day=1), 1)


def _readable(request):
    """The municipality asked for (kommun) among those whose money pages the user reads, else the first."""
    municipalities = municipalities_where(request.user, capabilities(request.user).money_municipality_ids)
    if not municipalities:
        raise PermissionDenied(_("Ersättningarna följs av controllern och integrationsenheten."))
    code = request.GET.get("kommun", "")
    return next((m for m in municipalities if m.code == code), municipalities[0]), municipalities


def _managed(request):
    """The municipality whose parameters a POST saves: one the user keeps the money records of, else 403."""
    managed = municipalities_where(request.user, capabilities(request.user).money_manage_municipality_ids)
    if not managed:
        raise PermissionDenied(_("Du kan läsa prognosen men inte ändra dess värden."))
    code = request.POST.get("kommun", "")
    if not code:
        return managed[0]
    chosen = next((m for m in managed if m.code == code), None)
    if chosen is None:
        raise PermissionDenied(_(services.NOT_YOURS))
    return chosen


@money_required
@require_http_methods(["GET", "POST"])
def money_forecast(request):
    form = None
    status = 200
    if request.method == "POST":
        municipality = _managed(request)
        setting = selectors.setting_for(municipality.pk)
        form = ForecastSettingForm.for_setting(setting, data=request.POST)
        if form.is_valid():
            try:
                services.save_settings(request.user, municipality, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Prognosens värden är sparade."))
                return redirect(f"{reverse('money_forecast')}?kommun={municipality.code}")
        status = 422
        municipalities = municipalities_where(request.user, capabilities(request.user).money_municipality_ids)
    else:
        municipality, municipalities = _readable(request)
    data = selectors.forecast(request.user, municipality.pk, _next_month(), MONTHS)
    fmt = request.GET.get("format", "") if request.method == "GET" else ""
    if fmt in CONTENT_TYPES:
        return _export(request, municipality, data, fmt)
    can_manage = municipality.pk in capabilities(request.user).money_manage_municipality_ids
    if form is None and can_manage:
        form = ForecastSettingForm.for_setting(data.setting)
    return page(
        request,
        "money/forecast.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "data": data,
            "form": form,
            "can_manage": can_manage,
            "months_count": MONTHS,
        },
        nav="money",
        status=status,
    )


def _export(request, municipality, data, fmt):
    dataset = tablib.Dataset(
        headers=[
            _("Månad"),
            _("Lämnar programmet (personer)"),
            _("Utan arbete eller studier (personer)"),
            _("Med försörjningsstöd (personer)"),
            _("Försörjningsstöd (kr)"),
            _("Schablonersättning (kr)"),
            _("Initiala kostnader (kr)"),
            _("Förväntad ersättning (kr)"),
            _("Ersättning minus försörjningsstöd (kr)"),
        ],
        title=_("Prognos")[:31],
    )
    for m in data.months:
        dataset.append(
            [
                safe_cell(value)
                for value in (
                    f"{m.month:%Y-%m}",
                    m.leaving,
                    round(float(m.without_work), 2),
                    round(float(m.on_support), 2),
                    m.cost,
                    m.schablon,
                    m.initial_costs,
                    m.income,
                    m.net,
                )
            ]
        )
    dataset.append(
        [
            _("Totalt"),
            data.leaving,
            round(float(data.without_work), 2),
            "",
            data.cost,
            data.schablon,
            data.initial_costs,
            data.income,
            data.net,
        ]
    )
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="money.ForecastSetting",
        summary=f"Prognos {data.start:%Y-%m}–{data.end:%Y-%m}, som {fmt}",
        municipality_code=municipality.code,
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="prognos-{municipality.code}-{data.start:%Y-%m}.{fmt}"'
    )
    return response


urlpatterns = [
    path("ersattning/prognos/", money_forecast, name="money_forecast"),
]
