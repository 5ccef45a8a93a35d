"""The money overview (issue #15): /ersattning/ — the year per month, expected by kind, received and the difference,
per category and the costs beside them, as a chart with its table and as CSV or Excel; /ersattning/manad/<yyyy-mm>/
— one month's lines, each explaining itself (the only page that names persons: those the user sees, logged);
/ersattning/berakna/ — computing the year again; /ersattning/belopp/ — the rates, and the ones an administrator
enters for years the rules don't know.

Who: the money capability reads (policy.money_municipality_ids), the manage capability computes, administrators
enter rates. Others get 403."""

from __future__ import annotations

import datetime as dt

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.audit import log_event
from etablera.access.guards import money_required, municipalities_where
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.money import selectors
from etablera.money.models import Kind, Rate
from etablera.money.selectors_claims import overdue_count
from etablera.money.services import entitlements, rates
from etablera.money.web.forms import RateForm
from etablera.web.exports import CONTENT_TYPES
from etablera.web.exports import safe_cell as export_cell
from etablera.web.forms import attach_errors
from etablera.web.pages import page

KIND_LABELS = dict(Kind.choices)


def _municipality(request, ids=None):
    caps = capabilities(request.user)
    municipalities = municipalities_where(
        request.user, ids if ids is not None else caps.money_municipality_ids
    )
    if not municipalities:
        raise PermissionDenied(_("Ersättningarna följs av controllern och integrationsenheten."))
    code = request.GET.get("kommun", "") or request.POST.get("kommun", "")
    return next((m for m in municipalities if m.code == code), municipalities[0]), municipalities


def _year(text: str, today: dt.date) -> int:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return today.year
    return year if 2016 <= year <= today.year + 2 else today.year


def _month(text: str) -> dt.date | None:
    try:
        year, month = (int(part) for part in text.split("-", 1))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return None


@money_required
@require_GET
def money_overview(request):
    municipality, municipalities = _municipality(request)
    today = timezone.localdate()
    year = _year(request.GET.get("ar", ""), today)
    data = selectors.overview(request.user, municipality.pk, year)
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        return _export(request, municipality, data, fmt)
    can_compute = municipality.pk in capabilities(request.user).money_manage_municipality_ids
    return page(
        request,
        "money/overview.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "year": year,
            "years": list(range(today.year + 1, 2015, -1)),
            "data": data,
            "kinds": [(k, KIND_LABELS[k]) for k in selectors.EXPECTED_KINDS],
            "cost_kinds": list(selectors.COST_KINDS.items()),
            "can_compute": can_compute,
            "chart_max": max([1, *(max(m.expected_total, m.received) for m in data.months)]),
            "overdue_claims": overdue_count(request.user, today, municipality.pk),
        },
        nav="money",
    )


def _export(request, municipality, data, fmt):
    headers = [_("Månad")] + [str(KIND_LABELS[k]) for k in selectors.EXPECTED_KINDS]
    headers += [_("Förväntat totalt"), _("Mottaget"), _("Skillnad")]
    headers += [str(label) for label in selectors.COST_KINDS.values()] + [_("Kostnader totalt")]
    dataset = tablib.Dataset(headers=headers, title=f"{data.year}")
    for m in data.months:
        row = [f"{m.month:%Y-%m}"] + [m.expected_of(k) for k in selectors.EXPECTED_KINDS]
        row += [m.expected_total, m.received, m.difference]
        row += [m.costs.get(k, 0) for k in selectors.COST_KINDS] + [m.costs_total]
        dataset.append([export_cell(v) for v in row])
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="money.Entitlement",
        summary=f"Ersättningar per månad {data.year}, som {fmt}",
        municipality_code=municipality.code,
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="ersattning-{municipality.code}-{data.year}.{fmt}"'
    )
    return response


@money_required
@require_GET
def money_month(request, month: str):
    municipality, _all = _municipality(request)
    first = _month(month)
    if first is None:
        raise PermissionDenied(_("Ange månaden som ÅÅÅÅ-MM."))
    kind = request.GET.get("typ", "")
    kind = kind if kind in KIND_LABELS else ""
    lines, count, total = selectors.month_lines(request.user, municipality.pk, first, kind or None)
    return page(
        request,
        "money/month.html",
        {
            "municipality": municipality,
            "month": first,
            "kind": kind,
            "kind_label": KIND_LABELS.get(kind, ""),
            "kinds": [(k, KIND_LABELS[k]) for k in selectors.EXPECTED_KINDS],
            "lines": lines,
            "count": count,
            "total": total,
            "shown": len(lines),
        },
        nav="money",
    )


@money_required
@require_POST
def money_compute(request):
    municipality, _all = _municipality(request, capabilities(request.user).money_manage_municipality_ids)
    year = _year(request.POST.get("ar", ""), timezone.localdate())
    result = entitlements.compute(year, [municipality.pk], actor=request.user)
    messages.success(
        request,
        _("Ersättningarna för %(year)s är beräknade: %(lines)s rader, %(amount)s kr.")
        % {
            "year": year,
            "lines": sum(result.lines.values()),
            "amount": f"{sum(result.amounts.values()):,}".replace(",", " "),
        },
    )
    return redirect(f"{reverse('money_overview')}?kommun={municipality.code}&ar={year}")


@money_required
@require_http_methods(["GET", "POST"])
def money_rates(request):
    is_admin = capabilities(request.user).is_administrator
    form = RateForm(request.POST or None)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied(_("Belopp anges av kommunens administratörer."))
        if "verify" in request.POST:
            try:
                rates.verify_rate(request.user, int(request.POST.get("verify", "0")))
            except (ValueError, Rate.DoesNotExist):
                messages.error(request, _("Beloppet finns inte."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Beloppet är markerat som kontrollerat mot författningen."))
            return redirect("money_rates")
        if form.is_valid():
            try:
                rates.enter_rate(request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(error, form)
            else:
                messages.success(request, _("Beloppet är sparat. Beräkna året igen för att använda det."))
                return redirect("money_rates")
    return page(
        request,
        "money/rates.html",
        {"form": form, "is_admin": is_admin, "table": rates.rate_table(), "missing": rates.missing()},
        nav="money",
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("ersattning/", money_overview, name="money_overview"),
    path("ersattning/manad/<str:month>/", money_month, name="money_month"),
    path("ersattning/berakna/", money_compute, name="money_compute"),
    path("ersattning/belopp/", money_rates, name="money_rates"),
]
