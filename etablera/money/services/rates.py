"""Rates an administrator enters (issue #15): the schablon, the prisbasbelopp or the minors' amount per day for a
year the built-in rules don't know, with its source. It stays `unverified` until someone marks it checked against
the law; the audit log keeps who entered and who checked it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.money.models import Rate
from etablera.money.rates import missing_years, versions_by_key

MAX_AMOUNT = 10_000_000


def _require_admin(actor) -> None:
    if not capabilities(actor).is_administrator:
        raise ValidationError(_("Belopp anges av kommunens administratörer."))


def _amount(value, field: str, errors: dict) -> int | None:
    if value is None:
        errors[field] = _("Ange beloppet i hela kronor.")
        return None
    if not 1 <= value <= MAX_AMOUNT:
        errors[field] = _("Beloppet ska vara mellan 1 och 10 000 000 kr.")
        return None
    return value


@transaction.atomic
def enter_rate(
    actor,
    *,
    key: str,
    effective_from: dt.date,
    source: str,
    amount: int | None = None,
    amount_over: int | None = None,
) -> Rate:
    _require_admin(actor)
    errors: dict[str, str] = {}
    if key not in Rate.Key.values:
        errors["key"] = _("Välj vilket belopp som gäller.")
    source = (source or "").strip()
    if not source:
        errors["source"] = _("Ange källan: författningen eller beslutet som beloppet kommer från.")
    elif len(source) > 300:
        errors["source"] = _("Källan får vara högst 300 tecken.")
    if effective_from is None or not dt.date(2016, 1, 1) <= effective_from <= dt.date(2100, 12, 31):
        errors["effective_from"] = _("Ange ett datum från 2016-01-01.")
    value = _amount(amount, "amount", errors)
    if key == Rate.Key.SCHABLON:
        over = _amount(amount_over, "amount_over", errors)
        value = {"under": value, "over": over}
    if not errors and Rate.objects.filter(key=key, effective_from=effective_from).exists():
        errors["effective_from"] = _("Det finns redan ett angivet belopp från det datumet.")
    if errors:
        raise ValidationError(errors)
    rate = Rate.objects.create(
        key=key, effective_from=effective_from, value=value, source=source, entered_by=actor
    )
    log_event(
        actor,
        AuditEvent.Action.CREATE,
        object_type="money.Rate",
        summary=f"Angav {key} från {effective_from}: {value} ({source[:100]})",
    )
    return rate


@transaction.atomic
def verify_rate(actor, rate_id: int) -> Rate:
    _require_admin(actor)
    rate = Rate.objects.select_for_update().get(pk=rate_id)
    if rate.status == Rate.Status.IN_FORCE:
        raise ValidationError(_("Beloppet är redan kontrollerat."))
    rate.status = Rate.Status.IN_FORCE
    rate.verified_by = actor
    rate.verified_at = timezone.now()
    rate.save(update_fields=["status", "verified_by", "verified_at"])
    log_event(actor, AuditEvent.Action.UPDATE, object_type="money.Rate", summary=f"Kontrollerade {rate}")
    return rate


def rate_table() -> list[tuple[str, list]]:
    """Every version of every rate, newest first, by rate."""
    known = versions_by_key()
    return [(str(label), list(reversed(known[key]))) for key, label in Rate.Key.choices]


def missing() -> list[int]:
    """The reception years up to next year whose schablon nobody has entered yet."""
    return missing_years("money.schablon", timezone.localdate().year + 1)
