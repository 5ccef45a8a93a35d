"""The payments of the money domain over the API (issue #15): the payments received (list, record one by hand,
delete one recorded by hand, the CSV import) and the reconciliation of a year — expected against received per month
and kind, the differences, and per person counted without names. The same selectors and services as the pages.

Who: the money capability reads (policy.money_municipality_ids: 403 for others), the manage capability writes (403
for the statistics role and unit managers). A payment of a municipality the user does not read is 404. A payment
names a person only by public id, and only a person the user sees (the others: null); those returned are logged."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Path, Query, Router

from etablera.access.guards import municipalities_where
from etablera.access.policy import capabilities, restrict
from etablera.api.auth import current_user
from etablera.api.bounds import Id, column_length
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page_of, page_queryset
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.api.uploads import CSV_BODY, csv_file
from etablera.money import selectors_payments as selectors
from etablera.money.api.schemas_payments import (
    KIND_HELP,
    KindCode,
    PaymentImportOut,
    PaymentIn,
    PaymentOut,
    PaymentReconciliationOut,
)
from etablera.money.importers import import_payments as run_payment_import
from etablera.money.models import Claim, Payment
from etablera.money.services import payments as services
from etablera.organisation.models import Municipality
from etablera.organisation.selectors import get_municipality
from etablera.people.models import Person

router = Router(tags=["money"])

READ_ERRORS = {403: Message, 422: ValidationErrorOut}
WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
PaymentId = Annotated[Id, Path(description="Inbetalningens id.")]
MUNICIPALITY_HELP = "Kommunkod, t.ex. 0480."
KIND_QUERY = Query(None, description="Bara denna ersättning: " + KIND_HELP)
CODE_LENGTH = column_length(Municipality, "code")
NO_MONEY = "Ersättningarna följs av controllern och integrationsenheten."
READERS = (
    " För controllern, integrationsenheten, enhetschefer, administratörer och statistik (403 för andra)."
)
WRITERS = " Bara controllern, integrationsenheten och administratörer i kommunen (403 för statistik och enhetschefer)."


def _readable(user, code: str | None) -> Municipality:
    """The municipality `code` (or the user's first) among those whose money the user reads; 403 otherwise."""
    ids = capabilities(user).money_municipality_ids
    if not ids:
        raise PermissionDenied(NO_MONEY)
    if not code:
        return municipalities_where(user, ids)[0]
    municipality = get_municipality(code)
    if municipality is None or municipality.pk not in ids:
        raise PermissionDenied("Du följer inte ersättningarna i den kommunen.")
    return municipality


def _month(text: str, where: str = "query") -> dt.date:
    try:
        month = services.parse_month(text)
    except ValueError:
        month = None
    if month is None or not services.FIRST_YEAR <= month.year <= services.LAST_YEAR:
        raise LocatedValidationError({"month": "Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-03."}, default=where)
    return month


def payment_dict(payment: Payment, persons: dict[int, Person]) -> dict:
    person = persons.get(payment.person_id) if payment.person_id else None
    return {
        "id": payment.pk,
        "municipality": payment.municipality.code,
        "kind": payment.kind,
        "month": f"{payment.month:%Y-%m}",
        "paid_on": payment.paid_on,
        "amount": payment.amount,
        "reference": payment.reference,
        "description": payment.description,
        "source": payment.source,
        "person": person.public_id if person else None,
        "claim": payment.claim_id,
    }


@router.get(
    "/money/payments",
    response={200: page_of(PaymentOut), **READ_ERRORS},
    summary="Inbetalningar",
    description="Inbetalningarna från staten i dina kommuner (eller en av dem), senaste betalningsdag först, med "
    "filter på år och månad som betalningen avser och på ersättning. En person anges bara med publikt id och "
    "bara om du ser personen; de personer som visas loggas." + READERS,
)
def list_payments(
    request,
    paging: Query[Paging],
    municipality: str | None = Query(None, max_length=CODE_LENGTH, description=MUNICIPALITY_HELP),
    year: int | None = Query(None, ge=services.FIRST_YEAR, le=services.LAST_YEAR, description="Avser år."),
    month: str | None = Query(
        None, max_length=7, pattern=r"^\d{4}-\d{2}$", description="Avser månad, ÅÅÅÅ-MM."
    ),
    kind: KindCode | None = KIND_QUERY,
):
    user = current_user(request)
    chosen = _readable(user, municipality)  # 403 without the money capability
    payments = selectors.filtered(
        selectors.payments_for_user(user, municipality_id=chosen.pk if municipality else None),
        year=year,
        month=_month(month) if month else None,
        kind=kind or "",
    )
    result = page_queryset(payments, paging)
    persons = selectors.seen_persons(user, result["items"], "Inbetalningar")
    result["items"] = [payment_dict(payment, persons) for payment in result["items"]]
    return result


def _person(user, public_id) -> Person | None:
    if public_id is None:
        return None
    person = restrict(user, Person.objects.filter(public_id=public_id)).first()
    if person is None:
        raise ValidationError({"person": services.NOT_SEEN})
    return person


def _claim(user, claim_id) -> Claim | None:
    if claim_id is None:
        return None
    claim = restrict(user, Claim.objects.filter(pk=claim_id)).first()
    if claim is None:
        raise ValidationError(
            {"claim": "Ingen ansökan om ersättning som du har behörighet till har det id:t."}
        )
    return claim


@router.post(
    "/money/payments",
    response={201: PaymentOut, **WRITE_ERRORS},
    summary="Registrera en inbetalning",
    description="En inbetalning från staten som inte kommer med ekonomisystemets fil. Beloppet i hela kronor "
    "(negativt för en återbetalning), månaden den avser och betalningsdagen (inte i framtiden). Registreringen "
    "loggas." + WRITERS,
)
def record_payment(request, body: PaymentIn):
    user = current_user(request)
    municipality = get_municipality(body.municipality)
    if municipality is None:
        raise ValidationError({"municipality": "Okänd kommunkod: ange fyra siffror, t.ex. 0480."})
    person = _person(user, body.person)
    payment = services.record_payment(
        actor=user,
        municipality=municipality,
        kind=body.kind,
        month=_month(body.month, "body"),
        paid_on=body.paid_on,
        amount=body.amount,
        reference=body.reference,
        description=body.description,
        person=person,
        claim=_claim(user, body.claim),
    )
    return 201, payment_dict(payment, {person.pk: person} if person else {})


@router.post(
    "/money/payments/import",
    response={200: PaymentImportOut, 403: Message, 422: ValidationErrorOut},
    summary="Importera inbetalningar (CSV)",
    description="En rad per inbetalning för kommunen `municipality` (formatet i docs/import-formats.md, avsnittet "
    "Inbetalningar), som `text/csv` i innehållet eller som fältet `file` i `multipart/form-data`, högst 2 MB. Alla "
    "rader kontrolleras först; har en enda rad fel sparas ingenting och svaret har `ok: false` och alla fel per "
    "rad och kolumn. Ett personnummer som ingen du ser har är `not_permitted`; numret upprepas aldrig. Samma fil "
    "igen lägger inte till något (`unchanged`)." + WRITERS,
    openapi_extra=CSV_BODY,
)
def import_payments(
    request,
    municipality: str = Query(..., max_length=CODE_LENGTH, description=MUNICIPALITY_HELP),
    dry_run: bool = Query(False, description="true: kontrollera och räkna, spara ingenting."),
):
    user = current_user(request)
    chosen = get_municipality(municipality)
    if chosen is None:
        raise LocatedValidationError(
            {"municipality": "Okänd kommunkod: ange fyra siffror, t.ex. 0480."}, default="query"
        )
    services.require_manage(user, chosen.pk)
    result = run_payment_import(csv_file(request), municipality=chosen, actor=user, dry_run=dry_run)
    return {**result.as_json(), "ok": result.ok, "dry_run": result.dry_run, "rows": result.rows}


@router.delete(
    "/money/payments/{payment_id}",
    response={204: None, **WRITE_ERRORS, 409: Message},
    summary="Ta bort en inbetalning som registrerats för hand",
    description="För en inbetalning som registrerats fel. En importerad inbetalning tas inte bort här (409): den "
    "rättas i ekonomisystemet och rättelsen importeras. 404 för en inbetalning i en kommun vars ersättningar du "
    "inte följer. Borttagningen loggas." + WRITERS,
)
def delete_payment(request, payment_id: PaymentId):
    user = current_user(request)
    payment = selectors.get_payment_for_user(user, payment_id)
    if payment is None:
        raise Http404
    services.delete_payment(actor=user, payment=payment)
    return 204, None


def _line(line) -> dict:
    return {
        "month": f"{line.month:%Y-%m}",
        "kind": line.kind,
        "expected": line.expected,
        "received": line.received,
        "difference": line.difference,
    }


@router.get(
    "/money/reconciliation",
    response={200: PaymentReconciliationOut, **READ_ERRORS},
    summary="Avstämning: förväntat, mottaget och skillnad",
    description="Årets förväntade belopp (summan av de beräknade ersättningsraderna) mot inbetalningarna, per "
    "månad och ersättning, och skillnaderna (missing = mindre än förväntat, more = mer). Där inbetalningar anger "
    "en person räknas skillnaderna per person, utan namn. Standard: ditt första kommun och i år." + READERS,
)
def get_reconciliation(
    request,
    year: int | None = Query(
        None, ge=services.FIRST_YEAR, le=services.LAST_YEAR, description="Året (standard: i år)."
    ),
    municipality: str | None = Query(None, max_length=CODE_LENGTH, description=MUNICIPALITY_HELP),
):
    user = current_user(request)
    chosen = _readable(user, municipality)
    year = year or timezone.localdate().year
    data = selectors.reconciliation(chosen.pk, year)
    total = data.total
    return {
        "municipality": chosen.code,
        "year": year,
        "lines": [_line(line) for line in data.lines],
        "differences": [{**_line(line), "sign": line.sign} for line in data.differences],
        "totals": [
            {
                "kind": line.kind,
                "expected": line.expected,
                "received": line.received,
                "difference": line.difference,
            }
            for line in [*data.totals, total]
        ],
        "persons": dataclasses.asdict(data.persons),
    }
