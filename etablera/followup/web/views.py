"""The follow-up's page (issue #16): every indicator of the catalogue for one of the user's municipalities and a
year, as tables (and a chart for the shares) — figures only, small cells "–". For the statistics role, unit
managers, administrators and boards: the guard and the municipalities of the cohort outcomes' page."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from etablera.access.guards import municipalities_where, outcomes_required
from etablera.access.policy import capabilities
from etablera.establishment.reports.outcome_tables import shown
from etablera.followup.arrivals import forecast
from etablera.followup.indicators import BREAKDOWN_CHOICES, compute_all
from etablera.followup.reports.command import group_label
from etablera.followup.web.arrival_chart import arrivals_chart, month_name
from etablera.followup.web.charts import share_chart
from etablera.money.selectors_forecast import outcome
from etablera.web.pages import page

FIRST_YEAR = 2016  # bosättningslagen (2016:38)


class IndicatorForm(forms.Form):
    kommun = forms.ChoiceField(label=_("Kommun"))
    ar = forms.TypedChoiceField(label=_("År"), coerce=int)
    dela = forms.ChoiceField(label=_("Dela upp efter"), choices=BREAKDOWN_CHOICES, required=False)

    def __init__(self, *args, municipalities=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = [(m.code, m.name) for m in municipalities]
        self.fields["ar"].choices = [(year, str(year)) for year in years]


def _shown(value) -> str:
    return "" if value is None else shown(value)


@outcomes_required
@require_GET
def indicators(request):
    today = timezone.localdate()
    municipalities = municipalities_where(request.user, capabilities(request.user).outcome_municipality_ids)
    years = list(range(today.year, FIRST_YEAR - 1, -1))
    data = request.GET
    if "ar" not in data:
        # First visit: the user's first municipality, three years back (the outcomes need time to show).
        data = {"kommun": municipalities[0].code, "ar": str(today.year - 3), "dela": ""}
    form = IndicatorForm(data, municipalities=municipalities, years=years)
    sections = []
    arrivals = cost_outcome = None
    if form.is_valid():
        cleaned = form.cleaned_data
        tables = compute_all(
            year=cleaned["ar"], municipality_code=cleaned["kommun"], by=cleaned["dela"] or None, as_of=today
        )
        for index, table in enumerate(tables):
            labels = [group_label(table.by, row.group) if row.group else str(_("Alla")) for row in table.rows]
            rows = [
                (row, label, [_shown(row.numerator), _shown(row.denominator), _shown(row.value)])
                for row, label in zip(table.rows, labels, strict=True)
            ]
            chart = share_chart(table, labels, f"diagram-{index}") if table.by else ""
            sections.append({"table": table, "rows": rows, "chart": chart, "id": f"indikator-{index}"})
        if cleaned["ar"] == today.year:
            arrivals = _arrivals(cleaned["kommun"], today)
        elif cleaned["ar"] < today.year:
            cost_outcome = _cost_outcome(request.user, cleaned["kommun"], cleaned["ar"], municipalities)
    return page(
        request,
        "followup/indicators.html",
        {
            "form": form,
            "sections": sections,
            "min_cell": sections[0]["table"].min_cell if sections else 5,
            "arrivals": arrivals,
            "cost_outcome": cost_outcome,
        },
        nav="followup",
    )


def _cost_outcome(user, code: str, year: int, municipalities) -> dict | None:
    """The money's KEFU forecast of a past year beside what was paid (money/selectors_forecast.outcome) — for those
    who read the municipality's money; None for the others (a board reads the outcomes but not the money)."""
    municipality = next(m for m in municipalities if m.code == code)
    if municipality.pk not in capabilities(user).money_municipality_ids:
        return None
    months = outcome(user, municipality.pk, year)
    return {
        "months": [(month_name(year, m.month.month), m) for m in months],
        "forecast": sum(m.forecast for m in months),
        "actual": sum(m.actual for m in months),
        "difference": sum(m.difference for m in months),
    }


def _arrivals(code: str, today) -> dict:
    """The arrivals forecast for the rest of this year (followup/arrivals.py): its figures as the table's rows."""
    result = forecast(code, today.year, today)
    sizes = result.bedroom_sizes
    months = [(month_name(result.year, m.month), m) for m in result.months]
    return {
        "forecast": result,
        "chart": arrivals_chart(result, "diagram-ankomster"),
        "months": months,
        "totals": (
            sum(m.on_hand for m in result.months),
            sum(m.not_assigned for m in result.months),
            sum(m.total for m in result.months),
        ),
        "sizes": sizes,
        "homes": [(name, [m.homes.get(size, 0) for size in sizes], m.households) for name, m in months],
        "homes_totals": (
            [sum(m.homes.get(size, 0) for m in result.months) for size in sizes],
            sum(m.households for m in result.months),
        ),
    }
