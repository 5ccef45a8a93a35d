"""The establishment's reports as pages (issue #12):

/etablering/program-slutar/  programmes that end within 90, 60 or 30 days, and "glappet" (referred, not started):
                             for social services, the reception and labour-market units and administrators; only
                             the persons the user may see, each logged; filters by GET, paged, CSV and Excel.
/etablering/utfall/          the cohort outcomes of a municipality (figures only, small cells "–"): for the
                             statistics role, unit managers, administrators and boards; a bar chart beside the
                             table, CSV and Excel — the same figures as `etablera report outcomes`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from etablera.access.guards import municipalities_where, outcomes_required, programme_followup_required
from etablera.access.policy import capabilities
from etablera.establishment.reports import outcome_tables
from etablera.establishment.reports.ending import ENDING, PAGE_SIZE, WAITING, programme_page
from etablera.establishment.reports.outcomes import DIMENSIONS, outcome_report
from etablera.establishment.web import report_exports as exports
from etablera.reception.models import ReceptionCase
from etablera.rules import establishment as rules
from etablera.web.exports import CONTENT_TYPES
from etablera.web.pages import page

MAX_PAGE = 100_000
FIRST_COHORT = 2016  # bosättningslagen (2016:38): the first arrivals Etablera's reception knows of


def _export_format(request) -> str:
    fmt = request.GET.get("format", "")
    return fmt if fmt in CONTENT_TYPES else ""


def _downloads(params: dict) -> list[tuple[str, str]]:
    kept = {key: value for key, value in params.items() if value not in ("", None, False)}
    return [
        (label, urlencode({**kept, "format": fmt}, doseq=True))
        for label, fmt in (("CSV", "csv"), ("Excel", "xlsx"))
    ]


# --- programmes that end soon -------------------------------------------------------------------------------------


class EndingFilterForm(forms.Form):
    lista = forms.ChoiceField(
        label=_("Lista"),
        required=False,
        choices=[(ENDING, _("Programmet slutar")), (WAITING, _("Väntar på programstart (glappet)"))],
    )
    dagar = forms.TypedChoiceField(label=_("Slutar inom"), required=False, coerce=int, empty_value=None)
    forsorjningsstod = forms.BooleanField(
        label=_("Bara de vars senaste status är försörjningsstöd"), required=False
    )
    utan_plan = forms.BooleanField(label=_("Bara de utan plan"), required=False)
    sida = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)

    def __init__(self, *args, choices=(90, 60, 30), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dagar"].choices = [(n, _("%(n)s dagar") % {"n": n}) for n in choices]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            "kind": data.get("lista") or ENDING,
            "days": data.get("dagar"),
            "social_assistance": bool(data.get("forsorjningsstod")),
            "without_plan": bool(data.get("utan_plan")),
            "page": data.get("sida") or 1,
        }


def _ending_params(filters: dict, days: int) -> dict:
    return {
        "lista": filters["kind"],
        "dagar": days,
        "forsorjningsstod": "on" if filters["social_assistance"] else "",
        "utan_plan": "on" if filters["without_plan"] else "",
    }


@programme_followup_required
@require_GET
def programme_ending(request):
    today = timezone.localdate()
    form = EndingFilterForm(request.GET or None, choices=rules.ending_soon_choices(today))
    filters = form.filters()
    fmt = _export_format(request)
    data = programme_page(
        request.user,
        on=today,
        kind=filters["kind"],
        days=filters["days"],
        social_assistance=filters["social_assistance"],
        without_plan=filters["without_plan"],
        page=1 if fmt else filters["page"],
        page_size=MAX_PAGE if fmt else PAGE_SIZE,
    )
    if fmt:
        return exports.ending_export(request.user, data, fmt)
    params = _ending_params(filters, data.days)
    base = reverse("establishment_programme_ending")

    def page_url(number):
        return f"{base}?{urlencode({**{k: v for k, v in params.items() if v}, 'sida': number})}"

    return page(
        request,
        "establishment/ending.html",
        {
            "form": form,
            "data": data,
            "rows": data.rows,
            "ending": data.kind == ENDING,
            "tabs": [
                (
                    ENDING,
                    _("Programmet slutar"),
                    f"{base}?{urlencode({'lista': ENDING, 'dagar': data.days})}",
                ),
                (WAITING, _("Väntar på programstart (glappet)"), f"{base}?{urlencode({'lista': WAITING})}"),
            ],
            "downloads": _downloads(params),
            "previous_url": page_url(data.number - 1) if data.number > 1 else "",
            "next_url": page_url(data.number + 1) if data.number < data.pages else "",
        },
        nav="programme_ending",
    )


# --- cohort outcomes ----------------------------------------------------------------------------------------------


class OutcomeForm(forms.Form):
    kommun = forms.ChoiceField(label=_("Kommun"))
    kohort = forms.TypedChoiceField(label=_("Ankomstår från"), coerce=int)
    till = forms.TypedChoiceField(label=_("till och med"), coerce=int, required=False, empty_value=None)
    dela = forms.MultipleChoiceField(
        label=_("Dela upp efter"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[("sex", _("Kön")), ("category", _("Kategori")), ("age_band", _("Åldersgrupp"))],
    )

    def __init__(self, *args, municipalities=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = [(m.code, m.name) for m in municipalities]
        year_choices = [(year, str(year)) for year in years]
        self.fields["kohort"].choices = year_choices
        self.fields["till"].choices = [("", "—"), *year_choices]

    def clean(self):
        data = super().clean()
        first, last = data.get("kohort"), data.get("till")
        if first and last and last < first:
            self.add_error("till", _("Till och med-året kan inte vara före från-året."))
        return data


def _years(municipality_ids: set[int], today) -> list[int]:
    first = (
        ReceptionCase.objects.filter(municipality_id__in=municipality_ids)
        .order_by("arrival_date")
        .values_list("arrival_date", flat=True)
        .first()
    )
    start = max(FIRST_COHORT, first.year) if first else today.year
    return list(range(today.year, start - 1, -1))


@outcomes_required
@require_GET
def outcomes(request):
    today = timezone.localdate()
    ids = capabilities(request.user).outcome_municipality_ids
    municipalities = municipalities_where(request.user, ids)
    years = _years(ids, today)
    data = request.GET
    if "kohort" not in data:
        # First visit: the user's first municipality, the cohort two years back (a programme runs 24 months).
        default = today.year - 2 if today.year - 2 in years else years[-1]
        data = {"kommun": municipalities[0].code, "kohort": str(default), "dela": list(DIMENSIONS)}
        form = OutcomeForm(data, municipalities=municipalities, years=years)
    else:
        form = OutcomeForm(data, municipalities=municipalities, years=years)
    report = None
    if form.is_valid():
        cleaned = form.cleaned_data
        report = outcome_report(
            cohort=cleaned["kohort"],
            cohort_to=cleaned["till"],
            municipality_code=cleaned["kommun"],
            by=tuple(cleaned["dela"]),
            as_of=today,
        )
        if fmt := _export_format(request):
            return exports.outcome_export(request.user, report, fmt)
    params = {
        "kommun": form.data.get("kommun", ""),
        "kohort": form.data.get("kohort", ""),
        "till": form.data.get("till", ""),
        "dela": form.data.getlist("dela") if hasattr(form.data, "getlist") else form.data.get("dela", []),
    }
    return page(
        request,
        "establishment/outcomes.html",
        {
            "form": form,
            "report": report,
            "table": [
                (
                    row,
                    outcome_tables.labels(row),
                    [outcome_tables.shown(v) for v in outcome_tables.figures(row)],
                )
                for row in (report.rows if report else [])
            ],
            "headers": outcome_tables.headers(),
            "notes": outcome_tables.notes(report) if report else [],
            "chart": exports.outcome_chart(report) if report else "",
            "chart_rows": [
                (
                    exports.row_label(row),
                    outcome_tables.shown("" if row.followed is None else row.followed),
                    outcome_tables.shown(
                        "" if row.work_or_studies_percent is None else row.work_or_studies_percent
                    ),
                )
                for row in (report.rows if report else [])
            ],
            "downloads": _downloads(params) if report else [],
        },
        nav="outcomes",
    )
