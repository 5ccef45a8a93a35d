"""The rows for the money domain's payments (issue #15): the year's payments and reconciliation, a payment recorded
by hand, the import, deleting a manual payment — pages and API.

The money capability (policy.money_municipality_ids) is the integration unit's (function reception), the
controller's and administrators': owner (alice) and admin (carol) read and write Nyköping's; outsider (charlie,
Enköping's reception unit) reads and writes Enköping's — the pages show him his own, and a payment of Nyköping's is
404 to him, a write for Nyköping 403; colleague and consent (units of function "other") have no money pages (403).
The payment a delete row asks about is a manual one of Nyköping's, made as the system."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from etablera.access.tests.matrix.cases import Case, api, expect, page

READERS = expect(200, colleague=403, consent=403, anonymous=302)
WRITERS_POST = expect(302, colleague=403, consent=403, anonymous=302)
DELETE_PAGE = expect(302, colleague=403, consent=403, outsider=404, anonymous=302)
API_READERS = expect(200, colleague=403, consent=403, anonymous=401)
API_WRITE = expect(201, colleague=403, consent=403, outsider=403, anonymous=401)
API_IMPORT = expect(200, colleague=403, consent=403, outsider=403, anonymous=401)
API_DELETE = expect(204, colleague=404, consent=404, outsider=404, anonymous=401)


def _month() -> dt.date:
    return timezone.localdate().replace(day=1)


def _payment(w):
    """A manual payment of the world's municipality (Nyköping) this month."""
    from etablera.money.models import Kind, Payment

    return Payment.objects.create(
        municipality=w.municipality,
        kind=Kind.SCHABLON,
        month=_month(),
        paid_on=timezone.localdate(),
        amount=6875,
        reference="MATRIS-1",
    )


def _form(w) -> dict:
    return {
        "kind": "SCHABLON",
        "month": f"{_month():%Y-%m}",
        "paid_on": timezone.localdate().isoformat(),
        "amount": "6 875",
        "reference": "MATRIS-2",
    }


ROWS: list[Case] = [
    page("money_payments", lambda w: "/ersattning/inbetalningar/", READERS),
    page(
        "money_payment_new",
        lambda w: "/ersattning/inbetalningar/ny/",
        WRITERS_POST,
        method="post",
        body=_form,
    ),
    page("money_payment_import", lambda w: "/ersattning/inbetalningar/import/", READERS),
    page(
        "money_payment_delete",
        lambda w: f"/ersattning/inbetalningar/{_payment(w).pk}/ta-bort/",
        DELETE_PAGE,
        method="post",
    ),
    api("get", "/money/payments", lambda w: "/money/payments", API_READERS),
    api(
        "post",
        "/money/payments",
        lambda w: "/money/payments",
        API_WRITE,
        body=lambda w: {
            "municipality": w.municipality.code,
            "kind": "SCHABLON",
            "month": f"{_month():%Y-%m}",
            "paid_on": timezone.localdate().isoformat(),
            "amount": 6875,
        },
    ),
    # The matrix sends a JSON body: read as a CSV file it has no header row, so the answer is 200 with ok false.
    api(
        "post",
        "/money/payments/import",
        lambda w: f"/money/payments/import?municipality={w.municipality.code}&dry_run=true",
        API_IMPORT,
    ),
    api(
        "delete",
        "/money/payments/{payment_id}",
        lambda w: f"/money/payments/{_payment(w).pk}",
        API_DELETE,
    ),
    api("get", "/money/reconciliation", lambda w: "/money/reconciliation", API_READERS),
]
