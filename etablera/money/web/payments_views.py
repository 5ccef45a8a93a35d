"""The payments pages of the money domain (issue #15):

GET        /ersattning/inbetalningar/                          the year's reconciliation — expected, received and the
                                                               difference per month and kind, the differences first
                                                               — and the year's payments; ?format=csv|xlsx
GET, POST  /ersattning/inbetalningar/import/                   a CSV file from the finance system, previewed first
GET, POST  /ersattning/inbetalningar/ny/                       a payment recorded by hand
POST       /ersattning/inbetalningar/<id>/ta-bort/             a payment recorded by hand, deleted (entered by mistake)

No names on these pages: figures, and per-person differences only counted. Who: the money capability reads
(policy.money_municipality_ids: 403 for others), the manage capability writes (403 for the statistics role and unit
managers). The selectors and services check again."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import tablib
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from etablera.access.audit import log_event
from etablera.access.guards import money_required, municipalities_where
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.money import selectors_payments as selectors
from etablera.money.importers import import_payments
from etablera.money.importers.payments import read
from etablera.money.models import Kind
from etablera.money.services import payments as services
from etablera.reception.importers.base import safe_cell as preview_cell
from etablera.transitions import StateConflict
from etablera.web.exports import CONTENT_TYPES, safe_cell
from etablera.web.forms import CsvFileForm, attach_errors, date_field
from etablera.web.import_view import ImportPage, file_rows
from etablera.web.pages import page

PAGE_ROWS = 200  # payments shown on the page; the download has them all
FIRST_YEAR = 2016  # the year the compensation rules (and Etablera's entitlements) start
PREVIEW_COLUMNS = ("paid_on", "amount", "month", "kind", "reference", "description")
READ_ONLY = gettext_lazy("Inbetalningar registreras av controllern och integrationsenheten. Du kan läsa dem.")


def kronor(amount: int) -> str:
    """12345 → '12 345', -1200 → '−1 200' (non-breaking spaces, a real minus), as Swedish figures are written."""
    text = f"{abs(amount):,}".replace(",", "\u00a0")
    return f"\u2212{text}" if amount < 0 else text


# --- forms ------------------------------------------------------------------------------------------------------


class _MunicipalityChoice:
    """Most staff keep one municipality's money: then there is nothing to choose."""

    def _set_municipalities(self, municipalities) -> None:
        self.municipalities = {m.code: m for m in municipalities}
        if len(municipalities) == 1:
            del self.fields["kommun"]
        else:
            self.fields["kommun"].choices = [(m.code, m.name) for m in municipalities]

    @property
    def chosen_municipality(self):
        if "kommun" not in self.fields:
            return next(iter(self.municipalities.values()))
        return self.municipalities.get(self.cleaned_data.get("kommun", ""))


class PaymentForm(_MunicipalityChoice, forms.Form):
    kommun = forms.ChoiceField(label=gettext_lazy("Kommun"))
    kind = forms.ChoiceField(label=gettext_lazy("Ersättning"), choices=Kind.choices)
    month = forms.CharField(
        label=gettext_lazy("Avser månad"),
        max_length=10,
        help_text=gettext_lazy("ÅÅÅÅ-MM, t.ex. 2026-03."),
        error_messages={"max_length": gettext_lazy("Skriv månaden som ÅÅÅÅ-MM, t.ex. 2026-03.")},
    )
    paid_on = date_field(gettext_lazy("Betalningsdag"))
    amount = forms.CharField(
        label=gettext_lazy("Belopp (kr)"),
        max_length=20,
        help_text=gettext_lazy("Hela kronor, t.ex. 12 345. En återbetalning skrivs med minus: -1 200."),
        error_messages={"max_length": gettext_lazy("Skriv beloppet i kronor, t.ex. 12 345.")},
    )
    reference = forms.CharField(
        label=gettext_lazy("Verifikation"),
        max_length=services.REFERENCE,
        required=False,
        help_text=gettext_lazy("Verifikationsnumret i ekonomisystemet, om det finns."),
        error_messages={"max_length": gettext_lazy("Högst %(limit_value)d tecken.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=services.DESCRIPTION,
        required=False,
        error_messages={"max_length": gettext_lazy("Högst %(limit_value)d tecken.")},
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_municipalities(list(municipalities))

    def clean_month(self):
        try:
            return services.parse_month(self.cleaned_data["month"])
        except ValueError:
            raise forms.ValidationError(_("Skriv månaden som ÅÅÅÅ-MM, t.ex. 2026-03.")) from None

    def clean_amount(self):
        try:
            return services.parse_amount(self.cleaned_data["amount"])
        except services.AmountError as error:
            raise forms.ValidationError(str(error)) from None


class PaymentImportForm(_MunicipalityChoice, CsvFileForm):
    field_order = ["kommun", "file"]
    kommun = forms.ChoiceField(label=gettext_lazy("Kommun"))
    file_label = gettext_lazy("CSV-fil med inbetalningar")

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_municipalities(list(municipalities))


# --- helpers ----------------------------------------------------------------------------------------------------


def _municipality(request, ids: set[int]):
    """The municipality asked for (?kommun=), or the user's first among `ids`; and all of them."""
    municipalities = municipalities_where(request.user, ids)
    if not municipalities:
        raise PermissionDenied(READ_ONLY)
    code = request.GET.get("kommun", "")
    return next((m for m in municipalities if m.code == code), municipalities[0]), municipalities


def _managed(request) -> list:
    municipalities = municipalities_where(
        request.user, capabilities(request.user).money_manage_municipality_ids
    )
    if not municipalities:
        raise PermissionDenied(READ_ONLY)
    return municipalities


def _year(text: str, today: dt.date) -> int:
    try:
        year = int(text)
    except (TypeError, ValueError):
        return today.year
    return year if FIRST_YEAR <= year <= today.year + 1 else today.year


def _list_url(municipality, year: int) -> str:
    return f"{reverse('money_payments')}?{urlencode({'kommun': municipality.code, 'ar': year})}"


def _shown(line) -> dict:
    """A reconciliation line as the page shows it: figures written the Swedish way."""
    return {
        "month": line.month,
        "label": line.label,
        "expected": kronor(line.expected),
        "received": kronor(line.received),
        "difference": kronor(line.difference),
        "sign": line.sign,
    }


def _line_cells(line) -> list:
    return [f"{line.month:%Y-%m}", line.label, line.expected, line.received, line.difference]


def _export(request, municipality, year: int, data, payments, fmt: str) -> HttpResponse:
    headers = [_("Månad"), _("Ersättning"), _("Förväntat (kr)"), _("Mottaget (kr)"), _("Skillnad (kr)")]
    lines = tablib.Dataset(headers=headers, title=_("Avstämning"))
    for line in data.lines:
        lines.append([safe_cell(cell) for cell in _line_cells(line)])
    rows = tablib.Dataset(
        headers=[
            _("Betalningsdag"),
            _("Avser månad"),
            _("Ersättning"),
            _("Belopp (kr)"),
            _("Verifikation"),
            _("Text"),
            _("Källa"),
        ],
        title=_("Inbetalningar"),
    )
    for payment in payments:
        values = (
            payment.paid_on.isoformat(),
            f"{payment.month:%Y-%m}",
            payment.get_kind_display(),
            payment.amount,
            payment.reference,
            payment.description,
            payment.get_source_display(),
        )
        rows.append([safe_cell(value) for value in values])
    only_payments = request.GET.get("visa") == "inbetalningar"
    if fmt == "xlsx":
        content = tablib.Databook([lines, rows]).export("xlsx")
    else:
        content = (rows if only_payments else lines).export("csv")
    what = "inbetalningar" if only_payments and fmt == "csv" else "avstamning"
    log_event(
        request.user,
        AuditEvent.Action.EXPORT,
        object_type="Payment",
        summary=f"Inbetalningar och avstämning {municipality.code} {year} ({what}) som {fmt}",
        municipality_code=municipality.code,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{what}-{municipality.code}-{year}.{fmt}"'
    return response


# --- pages ------------------------------------------------------------------------------------------------------


@money_required
@require_GET
def money_payments(request):
    caps = capabilities(request.user)
    municipality, municipalities = _municipality(request, caps.money_municipality_ids)
    today = timezone.localdate()
    year = _year(request.GET.get("ar", ""), today)
    data = selectors.reconciliation(municipality.pk, year)
    payments = selectors.filtered(
        selectors.payments_for_user(request.user, municipality_id=municipality.pk), year=year
    )
    fmt = request.GET.get("format", "")
    if fmt in CONTENT_TYPES:
        return _export(request, municipality, year, data, payments, fmt)
    shown = list(payments[: PAGE_ROWS + 1])
    params = {"kommun": municipality.code, "ar": year}
    return page(
        request,
        "money/payments.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "year": year,
            "years": list(range(today.year + 1, FIRST_YEAR - 1, -1)),
            "lines": [_shown(line) for line in data.lines],
            "differences": [_shown(line) for line in data.differences],
            "totals": [_shown(line) for line in data.totals],
            "total": _shown(data.total),
            "missing_total": kronor(data.missing_total),
            "more_total": kronor(data.more_total),
            "persons": data.persons,
            "person_amounts": {
                "missing": kronor(data.persons.missing_amount),
                "more": kronor(data.persons.more_amount),
            },
            "payments": [(payment, kronor(payment.amount)) for payment in shown[:PAGE_ROWS]],
            "more_payments": len(shown) > PAGE_ROWS,
            "may_write": municipality.pk in caps.money_manage_municipality_ids,
            "downloads": [
                (_("Avstämningen som CSV"), urlencode({**params, "format": "csv"})),
                (
                    _("Inbetalningarna som CSV"),
                    urlencode({**params, "format": "csv", "visa": "inbetalningar"}),
                ),
                (_("Båda som Excel"), urlencode({**params, "format": "xlsx"})),
            ],
        },
        nav="money",
    )


@money_required
@require_http_methods(["GET", "POST"])
def money_payment_new(request):
    municipalities = _managed(request)
    data = request.POST if request.method == "POST" else None
    initial = {"paid_on": timezone.localdate(), "month": f"{timezone.localdate():%Y-%m}"}
    code = request.GET.get("kommun", "")
    if any(m.code == code for m in municipalities):
        initial["kommun"] = code
    form = PaymentForm(data, municipalities=municipalities, initial=initial)
    if data is not None and form.is_valid():
        municipality = form.chosen_municipality
        values = form.cleaned_data
        try:
            payment = services.record_payment(
                actor=request.user,
                municipality=municipality,
                kind=values["kind"],
                month=values["month"],
                paid_on=values["paid_on"],
                amount=values["amount"],
                reference=values["reference"],
                description=values["description"],
            )
        except ValidationError as error:
            attach_errors(error, form)
        else:
            messages.success(
                request,
                _("Inbetalningen på %(amount)s kr för %(month)s är registrerad.")
                % {"amount": kronor(payment.amount), "month": f"{payment.month:%Y-%m}"},
            )
            return redirect(_list_url(municipality, payment.month.year))
    return page(request, "money/payments_new.html", {"form": form}, nav="money")


@money_required
@require_POST
def money_payment_delete(request, payment_id: int):
    payment = selectors.get_payment_for_user(request.user, payment_id)
    if payment is None:
        raise Http404
    try:
        services.delete_payment(actor=request.user, payment=payment)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
    else:
        messages.success(request, _("Inbetalningen är borttagen."))
    return redirect(_list_url(payment.municipality, payment.month.year))


class PaymentImport(ImportPage):
    """The finance system's file, imported into one of the user's municipalities (chosen, or the only one)."""

    template, nav = "money/payments_import.html", "money"
    session_key, url_name, done_url_name = "etablera_payment_import", "money_payment_import", "money_payments"
    done = gettext_lazy("Importen är klar: %(created)s nya inbetalningar och %(unchanged)s som redan fanns.")
    refusal_at_file = True

    def form(self, request, *args, **kwargs):
        return PaymentImportForm(*args, municipalities=_managed(request), **kwargs)

    def kept(self, form):
        return {"municipality": form.chosen_municipality.pk}

    def restored(self, request, stored):
        if self._municipality(request, stored.get("municipality")) is None:  # the user's memberships changed
            return _("Du har inte längre behörighet att importera inbetalningar i kommunen.")
        return {"municipality": stored["municipality"]}

    def run(self, request, data, kept, *, dry_run):
        municipality = self._municipality(request, kept["municipality"])
        if municipality is None:
            raise PermissionDenied(READ_ONLY)
        return import_payments(data, municipality=municipality, actor=request.user, dry_run=dry_run)

    def preview(self, data, kept):
        return file_rows(read(data), PREVIEW_COLUMNS, preview_cell)

    def context(self, request, kept, result):
        municipality = self._municipality(request, kept["municipality"]) if kept else None
        return {"numeric_columns": (2,), "municipality": municipality}

    @staticmethod
    def _municipality(request, pk):
        return next((m for m in _managed(request) if m.pk == pk), None)


IMPORT_PAGE = PaymentImport()


@money_required
@require_http_methods(["GET", "POST"])
def money_payment_import(request):
    _managed(request)  # the statistics role and unit managers read only: 403 before any form
    return IMPORT_PAGE.handle(request)


urlpatterns = [
    path("ersattning/inbetalningar/", money_payments, name="money_payments"),
    path("ersattning/inbetalningar/import/", money_payment_import, name="money_payment_import"),
    path("ersattning/inbetalningar/ny/", money_payment_new, name="money_payment_new"),
    path(
        "ersattning/inbetalningar/<int:payment_id>/ta-bort/",
        money_payment_delete,
        name="money_payment_delete",
    ),
]
