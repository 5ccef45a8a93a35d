"""The county's indicators in detail (issue #16): /lan/nyckeltal/ — every indicator of the follow-up's catalogue for
each of the county's municipalities and the county, women and men apart by default (or by age band or category),
with its definition and source; as CSV or Excel. The overview (/lan/) has one column per indicator and no breakdown.

Figures only, suppressed as everywhere (a cell under five persons and a cell that would reveal it are "–"). Who:
the county board of the county; another county's is refused."""

from __future__ import annotations

import tablib
from django import forms
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from etablera.access.audit import log_event
from etablera.access.guards import county_required
from etablera.access.models import AuditEvent
from etablera.county import selectors
from etablera.county.web.views import FIRST_YEAR, chosen_county
from etablera.establishment.reports.outcome_tables import shown
from etablera.followup.indicators import BREAKDOWN_CHOICES
from etablera.followup.reports.command import group_label
from etablera.organisation.models import County
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.pages import page


class IndicatorForm(forms.Form):
    ar = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int)
    dela = forms.ChoiceField(label=gettext_lazy("Dela upp efter"), choices=BREAKDOWN_CHOICES, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [(year, str(year)) for year in years]


def _cells(row) -> list[str]:
    return ["" if value is None else shown(value) for value in (row.numerator, row.denominator, row.value)]


def _sections(tables) -> list[dict]:
    sections = []
    for index, table in enumerate(tables):
        rows = [
            (row, row.municipality, group_label(table.by, row.group) if row.group else _("Alla"), _cells(row))
            for row in table.rows
        ]
        sections.append({"table": table, "rows": rows, "id": f"nyckeltal-{index}"})
    return sections


@county_required
@require_GET
def county_indicators(request):
    county, counties = chosen_county(request)
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("ar", str(today.year - 1))  # the last whole year, as a board reads it
    data.setdefault("dela", "sex")  # women and men apart unless asked otherwise
    form = IndicatorForm(data, years=range(today.year, FIRST_YEAR - 1, -1))
    sections = []
    if form.is_valid():
        year, by = form.cleaned_data["ar"], form.cleaned_data["dela"] or None
        tables = selectors.county_indicators(request.user, county, year, by, today)
        fmt = request.GET.get("format", "")
        if fmt in CONTENT_TYPES:
            return _export(request, county, year, by, tables, fmt)
        sections = _sections(tables)
    return page(
        request,
        "county/indicators.html",
        {
            "form": form,
            "county": county,
            "counties": counties,
            "sections": sections,
            "min_cell": sections[0]["table"].min_cell if sections else 5,
        },
        nav="county",
    )


def _export(request, county: County, year: int, by: str | None, tables, fmt: str):
    dataset = tablib.Dataset(
        headers=[
            _("Nyckeltal"),
            _("Enhet"),
            _("Kommunkod"),
            _("Kommun"),
            _("Grupp"),
            _("Täljare"),
            _("Nämnare"),
            _("Värde"),
        ],
        title=f"{county.code}-{year}",
    )
    for table in tables:
        for row in table.rows:
            group = group_label(table.by, row.group) if row.group else _("Alla")
            values = [
                str(table.indicator.title),
                str(table.indicator.unit),
                row.municipality_code or county.code,
            ]
            dataset.append([safe_cell(v) for v in [*values, row.municipality, group, *_cells(row)]])
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="county.Indicators",
        summary=f"Länets nyckeltal {county.code} {year} efter {by or 'ingen uppdelning'}, som {fmt}",
    )
    name = f"lan-{county.code}-{year}-nyckeltal.{fmt}"
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns = [path("lan/nyckeltal/", county_indicators, name="county_indicators")]
