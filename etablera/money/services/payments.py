"""Payments received (issue #15): a payment recorded by hand, and a manual one deleted when it was entered by
mistake. The import (money/importers/payments.py) checks every row with `clean_payment` and writes with
`record_payment`, so a file and the form follow the same rules and say the same things.

Who writes: the money manage capability of the payment's municipality (policy.money_manage_municipality_ids: the
controller, the integration unit, administrators); the command line writes as the system (actor None). An imported
payment is not deleted by hand: the finance system's file is the record, and a correction comes as a new line in
it (a negative amount)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, restrict
from etablera.money.models import Claim, Kind, Payment
from etablera.organisation.models import Municipality
from etablera.people.models import Person
from etablera.transitions import StateConflict, lock

# Kronor, either way: beyond any single payment from the state (a year's schablon for a large municipality is a few
# hundred million, paid monthly), inside the column's 32 bits. A typo's guard.
MAX_AMOUNT = 999_999_999
FIRST_YEAR = 2000
LAST_YEAR = 2100
REFERENCE = Payment._meta.get_field("reference").max_length
DESCRIPTION = Payment._meta.get_field("description").max_length
NOT_SEEN = gettext_lazy("Ingen person som du har behörighet att se.")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "12 345", "12345,00", "-1 200", "1.200,00", "12345.00", "−500 kr": a sign, whole kronor (thousands by dot or not),
# and öre after a comma or a dot. Spaces (also non-breaking, as Excel shows them) and "kr" are removed first.
_AMOUNT = re.compile(r"([-+]?)(\d{1,3}(?:\.\d{3})+|\d{1,12})(?:,(\d{1,2}))?", re.ASCII)
_DOT_DECIMALS = re.compile(r"([-+]?)(\d{1,12})\.(\d{1,2})", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", re.ASCII)


class AmountError(ValueError):
    """The text is no amount in whole kronor; the message says why (Swedish)."""


def parse_amount(text: str) -> int:
    """Whole kronor from an amount as Swedish finance systems and Excel write it. Öre other than zero are refused
    rather than rounded: a sum that is off by a rounding would not reconcile."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "").replace("\u2212", "-")
    cleaned = re.sub(r"(?i)(kr|sek)\.?$", "", cleaned)
    match = _AMOUNT.fullmatch(cleaned) or _DOT_DECIMALS.fullmatch(cleaned)
    if match is None:
        raise AmountError("Ange beloppet i kronor, t.ex. 12 345 eller -1 200.")
    sign, whole, ore = match.groups()
    if ore and int(ore):
        raise AmountError("Ange beloppet i hela kronor (öre kan inte registreras).")
    amount = int(whole.replace(".", ""))
    return -amount if sign == "-" else amount


def parse_month(text: str) -> dt.date:
    """The first day of the month of `2024-03` or of a date `2024-03-15`; ValueError for anything else."""
    match = _MONTH.fullmatch((text or "").strip())
    if match is None:
        raise ValueError(text)
    year, month, day = match.groups()
    if day is not None:
        dt.date(int(year), int(month), int(day))  # a date must be a real one
    return dt.date(int(year), int(month), 1)


def require_manage(actor, municipality_id: int) -> None:
    """The actor keeps the municipality's money records (the system, actor None, keeps every one)."""
    if actor is not None and municipality_id not in capabilities(actor).money_manage_municipality_ids:
        raise PermissionDenied(
            _("Inbetalningar registreras av controllern och integrationsenheten i kommunen. Du kan läsa dem.")
        )


def person_seen(actor, person: Person | None) -> bool:
    if person is None or actor is None:
        return True
    return restrict(actor, Person.objects.filter(pk=person.pk)).exists()


@dataclass(frozen=True)
class CleanPayment:
    kind: str
    month: dt.date
    paid_on: dt.date
    amount: int
    reference: str
    description: str
    person: Person | None
    claim: Claim | None


def _text(errors: dict, name: str, value, limit: int) -> str:
    text = _CONTROL.sub("", str(value or "")).strip()
    if len(text) > limit:
        errors[name] = ValidationError(_("Högst %(limit)s tecken.") % {"limit": limit}, code="too_long")
    return text


def clean_payment(
    *,
    actor,
    municipality: Municipality,
    kind,
    month,
    paid_on,
    amount,
    reference="",
    description="",
    person: Person | None = None,
    claim: Claim | None = None,
) -> CleanPayment:
    """Every rule of a payment, each error at its field (with the import's code): nothing is written."""
    errors: dict[str, ValidationError] = {}
    if kind not in Kind.values:
        errors["kind"] = ValidationError(_("Välj vilken ersättning betalningen avser."), code="unknown_kind")
    if not isinstance(month, dt.date):
        errors["month"] = ValidationError(
            _("Ange månaden betalningen avser (ÅÅÅÅ-MM)."), code="missing_value"
        )
    elif not FIRST_YEAR <= month.year <= LAST_YEAR:
        errors["month"] = ValidationError(_("Ange en månad från år 2000 till 2100."), code="invalid_date")
    else:
        month = month.replace(day=1)
    if not isinstance(paid_on, dt.date):
        errors["paid_on"] = ValidationError(_("Ange betalningsdagen."), code="missing_value")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = ValidationError(
            _("Betalningsdagen kan inte ligga i framtiden."), code="future_date"
        )
    elif paid_on.year < FIRST_YEAR:
        errors["paid_on"] = ValidationError(_("Ange en betalningsdag från år 2000."), code="invalid_date")
    if amount is None or isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = ValidationError(_("Ange beloppet i hela kronor."), code="invalid_number")
    elif amount == 0:
        errors["amount"] = ValidationError(
            _("Beloppet kan inte vara 0 kr (en återbetalning är negativ)."), code="invalid_number"
        )
    elif abs(amount) > MAX_AMOUNT:
        errors["amount"] = ValidationError(
            _("Beloppet får vara högst 999 999 999 kr åt något håll."), code="invalid_number"
        )
    reference = _text(errors, "reference", reference, REFERENCE)
    description = _text(errors, "description", description, DESCRIPTION)
    if person is not None and not person_seen(actor, person):
        errors["person"] = ValidationError(NOT_SEEN, code="not_permitted")
    if claim is not None and claim.municipality_id != municipality.pk:
        errors["claim"] = ValidationError(_("Ansökan hör till en annan kommun."), code="invalid_value")
    if errors:
        raise ValidationError(errors)
    return CleanPayment(kind, month, paid_on, amount, reference, description, person, claim)


@transaction.atomic
def record_payment(
    *,
    actor,
    municipality: Municipality,
    kind,
    month,
    paid_on,
    amount,
    reference="",
    description="",
    person: Person | None = None,
    claim: Claim | None = None,
    source: str = Payment.Source.MANUAL,
    import_key: str | None = None,
) -> Payment:
    """A payment received by `municipality` (`month` any day of the month it is for: kept as the 1st). Logged;
    the log names the kind, month and amount, and the person only by the record (never a number)."""
    clean = clean_payment(
        actor=actor,
        municipality=municipality,
        kind=kind,
        month=month,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        description=description,
        person=person,
        claim=claim,
    )
    require_manage(actor, municipality.pk)
    payment = Payment.objects.create(
        municipality=municipality,
        kind=clean.kind,
        month=clean.month,
        paid_on=clean.paid_on,
        amount=clean.amount,
        reference=clean.reference,
        description=clean.description,
        person=clean.person,
        claim=clean.claim,
        source=source,
        import_key=import_key,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        payment,
        f"Inbetalning {clean.kind} {clean.month:%Y-%m}: {clean.amount} kr",
        {
            "kind": clean.kind,
            "month": clean.month.isoformat(),
            "paid_on": clean.paid_on.isoformat(),
            "amount": clean.amount,
            "source": source,
            "claim": clean.claim.pk if clean.claim else None,
        },
    )
    return payment


@transaction.atomic
def delete_payment(*, actor, payment: Payment) -> None:
    """Delete a payment recorded by hand (entered by mistake). Its row is locked first: of two deletions at the
    same moment, the second is told the payment is gone. An imported payment is refused (StateConflict)."""
    require_manage(actor, payment.municipality_id)
    try:
        lock(payment)
    except Payment.DoesNotExist:
        raise StateConflict(_("Inbetalningen är redan borttagen."), field="payment") from None
    if payment.source != Payment.Source.MANUAL:
        raise StateConflict(
            _(
                "En importerad inbetalning tas inte bort för hand: rätta den i ekonomisystemet och importera "
                "rättelsen (ett negativt belopp)."
            ),
            field="source",
        )
    log_change(
        actor,
        AuditEvent.Action.DELETE,
        payment,
        f"Inbetalning borttagen: {payment.kind} {payment.month:%Y-%m}: {payment.amount} kr",
        {"kind": payment.kind, "month": payment.month.isoformat(), "amount": payment.amount},
    )
    payment.delete()
