"""One month's costs per household (issue #15): /ersattning/kostnader/<yyyy-mm>/ — the drill-down from the
overview's "Kostnader per månad": what each household's försörjningsstöd and municipality-paid housing, and each
child's placements, cost in the month, the largest first; ?format=csv|xlsx downloads every row.

Households and children are named only when the user sees them (selectors_costs), and each one shown is logged; the
others are counted without a name, so the sums equal the overview's. Who: the money capability (403 for others)."""

from __future__ import annotations

import tablib
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from etablera.access.audit import log_event
from etablera.access.guards import money_required
from etablera.access.models import AuditEvent
from etablera.money import selectors_costs as selectors
from etablera.money.web.views import _month, _municipality
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.pages import page

EXPORT_LIMIT = 1_000_000  # every row: the largest municipality's month has a few thousand


@money_required
@require_GET
def money_costs(request, month: str):
    municipality, _all = _municipality(request)
    first = _month(month)
    if first is None:
        raise PermissionDenied(_("Ange månaden som ÅÅÅÅ-MM."))
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        return _export(request, municipality, first, fmt)
    costs = selectors.month_costs(request.user, municipality.pk, first)
    return page(
        request,
        "money/costs.html",
        {"municipality": municipality, "month": first, "costs": costs},
        nav="money",
    )


def _who(row) -> str:
    if row.household is not None:
        return row.household.name
    if row.child is not None:
        return row.child.full_name
    if row.is_child:
        return _("Ett barn du inte har behörighet att se")
    return _("Ett hushåll du inte har behörighet att se")


def _export(request, municipality, month, fmt):
    costs = selectors.month_costs(request.user, municipality.pk, month, limit=EXPORT_LIMIT)
    dataset = tablib.Dataset(
        headers=[
            _("Hushåll eller barn"),
            _("Försörjningsstöd"),
            _("Boende som kommunen betalar"),
            _("Placeringar av ensamkommande barn"),
            _("Totalt"),
        ],
        title=f"{month:%Y-%m}",
    )
    for row in costs.rows:
        values = [_who(row), row.support, row.housing, row.placements, row.total]
        dataset.append([safe_cell(v) for v in values])
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="money.Costs",
        summary=f"Kostnader per hushåll {month:%Y-%m}, som {fmt}",
        municipality_code=municipality.code,
    )
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="kostnader-{municipality.code}-{month:%Y-%m}.{fmt}"'
    )
    return response


urlpatterns = [
    path("ersattning/kostnader/<str:month>/", money_costs, name="money_costs"),
]
