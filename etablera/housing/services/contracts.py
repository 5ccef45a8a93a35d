"""The writes of contracts: check one (`clean_contract`: the planned end the rules give, the home's capacity),
draft it, sign it (the household's earlier contract ends the day before: it moves), end it, or cancel a draft.
Every change refreshes the household's housing status (etablera.housing.status)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.housing import status
from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.housing.services.common import _jsonable, _require_housing_staff
from etablera.people.models import Household
from etablera.rules import housing as rules
from etablera.transitions import StateConflict


def _default_end(kind: str, start: dt.date):
    if kind == Contract.Kind.ESTABLISHMENT:
        return rules.establishment_housing_end(start)
    if kind == Contract.Kind.TEMPORARY:
        return rules.temporary_contract_end(start)
    return None


def clean_contract(
    *,
    household: Household,
    unit: HousingUnit,
    kind: str,
    start_date: dt.date | None,
    end_date: dt.date | None,
    payer: str,
    monthly_cost: int | None,
    nightly_cost: int | None,
    exclude_pk: int | None = None,
) -> dict:
    """Validate a contract and fill in what follows from the rules: the planned end of a temporary or
    establishment contract and the monthly cost of a per-night price. Checks the home's capacity."""
    errors: dict[str, str] = {}
    if unit.municipality_id != household.municipality_id:
        errors["unit"] = "Bostaden hör till en annan kommun än hushållet."
    elif not unit.is_active:
        errors["unit"] = "Bostaden är inte aktiv och kan inte erbjudas."
    if kind not in Contract.Kind.values:
        errors["kind"] = "Välj typ av kontrakt."
    if payer not in Contract.Payer.values:
        errors["payer"] = "Välj vem som betalar."
    if start_date is None:
        errors["start_date"] = "Ange första dag."
    if errors:
        raise ValidationError(errors)
    rule = _default_end(kind, start_date)
    if end_date is None and rule is not None:
        end_date = rule.date
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "Sista dag kan inte vara före första dag."
    else:
        broken = rules.contract_end_within_limit(kind, start_date, end_date)
        if broken is not None:
            errors["end_date"] = (
                f"Etableringsboende får vara högst {rules.max_contract_months(kind, start_date)} månader: "
                f"sista dag senast {broken.date.isoformat()}."
            )
    if nightly_cost is not None and nightly_cost < 0:
        errors["nightly_cost"] = "Kostnaden per natt kan inte vara negativ."
    if kind == Contract.Kind.PER_NIGHT and monthly_cost is None and nightly_cost is not None:
        monthly_cost = rules.monthly_cost_from_nightly(nightly_cost, start_date)
    if monthly_cost is None:
        monthly_cost = unit.monthly_cost
    if monthly_cost < 0:
        errors["monthly_cost"] = "Kostnaden kan inte vara negativ."
    if errors:
        raise ValidationError(errors)
    others = unit.contracts.exclude(status=Contract.Status.CANCELLED)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    existing = [(c.start_date, c.end_date) for c in others]
    if not rules.fits_capacity(existing, (start_date, end_date), unit.capacity):
        errors["unit"] = (
            "Bostaden är redan upptagen under perioden "
            f"({unit.capacity} {'hushåll' if unit.capacity == 1 else 'hushåll eller platser'} samtidigt)."
        )
    household_drafts = Contract.objects.filter(household=household, status=Contract.Status.DRAFT)
    if exclude_pk:
        household_drafts = household_drafts.exclude(pk=exclude_pk)
    if any(rules.overlaps((c.start_date, c.end_date), (start_date, end_date)) for c in household_drafts):
        errors.setdefault("start_date", "Hushållet har redan ett utkast till kontrakt för perioden.")
    if errors:
        raise ValidationError(errors)
    return {
        "end_date": end_date,
        "planned_end_rule": rule.as_json() if rule is not None and end_date == rule.date else {},
        "monthly_cost": monthly_cost,
        "nightly_cost": nightly_cost,
    }


@transaction.atomic
def create_contract(
    *,
    actor,
    household: Household,
    unit: HousingUnit,
    kind: str,
    start_date: dt.date,
    payer: str,
    end_date: dt.date | None = None,
    monthly_cost: int | None = None,
    nightly_cost: int | None = None,
    note: str = "",
    sign: bool = False,
) -> Contract:
    """Draft a contract (an offer that holds the home), or register a signed one at once with `sign=True`."""
    _require_housing_staff(actor, household.municipality_id)
    unit = HousingUnit.objects.select_for_update().get(pk=unit.pk)  # one booking of a home at a time
    cleaned = clean_contract(
        household=household,
        unit=unit,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        payer=payer,
        monthly_cost=monthly_cost,
        nightly_cost=nightly_cost,
    )
    contract = Contract.objects.create(
        municipality_id=household.municipality_id,
        household=household,
        unit=unit,
        kind=kind,
        start_date=start_date,
        payer=payer,
        note=note.strip(),
        created_by=actor,
        **cleaned,
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        contract,
        f"Kontrakt (utkast): {contract.get_kind_display()} från {start_date.isoformat()}",
        {"unit": unit.reference, "kind": kind, "start_date": start_date.isoformat()},
    )
    if sign:
        sign_contract(actor=actor, contract=contract)
    return contract


def _require_contract_status(contract: Contract, wanted: str, refusal: str) -> None:
    """Refuse a change from the wrong state, saying what the contract now is; the caller holds its row lock."""
    if contract.status == wanted:
        return
    now = {
        Contract.Status.DRAFT: "Kontraktet är ett utkast och är inte undertecknat.",
        Contract.Status.ACTIVE: "Kontraktet är redan undertecknat.",
        Contract.Status.ENDED: f"Kontraktet är redan avslutat (sista dag {_jsonable(contract.end_date)}).",
        Contract.Status.CANCELLED: "Utkastet är redan makulerat.",
    }[contract.status]
    raise StateConflict(f"{now} {refusal}")


@transaction.atomic
def sign_contract(*, actor, contract: Contract) -> Contract:
    """The contract is signed: it becomes the household's home from its first day. A signed contract the household
    already has that runs past that day ends the day before (the household moves), so its moves form a history."""
    _require_housing_staff(actor, contract.municipality_id)
    contract = Contract.objects.select_for_update().select_related("unit", "household").get(pk=contract.pk)
    _require_contract_status(
        contract, Contract.Status.DRAFT, "Bara ett utkast kan registreras som undertecknat."
    )
    previous = (
        Contract.objects.select_for_update()
        .filter(household=contract.household, status__in=[Contract.Status.ACTIVE, Contract.Status.ENDED])
        .exclude(pk=contract.pk)
        .exclude(end_date__lt=contract.start_date)
    )
    for old in previous:
        if old.start_date >= contract.start_date:
            raise ValidationError(
                {"start_date": "Hushållet har redan ett kontrakt som börjar samma dag eller senare."}
            )
        moved_out = contract.start_date - dt.timedelta(days=1)
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            old,
            f"Kontrakt avslutat {moved_out.isoformat()}: hushållet flyttar",
            {"end_date": {"before": _jsonable(old.end_date), "after": moved_out.isoformat()}},
        )
        old.end_date = moved_out
        old.status = Contract.Status.ENDED
        old.end_reason = Contract.EndReason.MOVED
        old.save(update_fields=["end_date", "status", "end_reason", "updated_at"])
    contract.status = Contract.Status.ACTIVE
    contract.save(update_fields=["status", "updated_at"])
    log_change(actor, AuditEvent.Action.UPDATE, contract, "Kontrakt undertecknat", {"status": "ACTIVE"})
    need = HousingNeed.objects.filter(household=contract.household).first()
    if need is not None:
        status.refresh_status(need, timezone.localdate())
    return contract


@transaction.atomic
def end_contract(
    *, actor, contract: Contract, end_date: dt.date | None, reason: str, note: str = ""
) -> Contract:
    """Terminate a signed contract: its last day and why. The household returns to the queue if it still has an
    open housing need."""
    _require_housing_staff(actor, contract.municipality_id)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _require_contract_status(contract, Contract.Status.ACTIVE, "Bara ett gällande kontrakt kan avslutas.")
    errors: dict[str, str] = {}
    if end_date is None:
        errors["end_date"] = "Ange sista dag."
    elif end_date < contract.start_date:
        errors["end_date"] = "Sista dag kan inte vara före kontraktets första dag."
    elif contract.end_date is not None and end_date > contract.end_date:
        errors["end_date"] = f"Kontraktet gäller bara till {contract.end_date.isoformat()}."
    if reason not in Contract.EndReason.values:
        errors["end_reason"] = "Välj skäl till avslutet."
    elif reason == Contract.EndReason.OTHER and not note.strip():
        errors["end_note"] = "Beskriv skälet."
    if errors:
        raise ValidationError(errors)
    before = _jsonable(contract.end_date)
    contract.end_date = end_date
    contract.status = Contract.Status.ENDED
    contract.end_reason = reason
    contract.end_note = note.strip()
    contract.save(update_fields=["end_date", "status", "end_reason", "end_note", "updated_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        contract,
        f"Kontrakt avslutat {end_date.isoformat()}: {contract.get_end_reason_display()}",
        {"end_date": {"before": before, "after": end_date.isoformat()}, "end_reason": reason},
    )
    need = HousingNeed.objects.filter(household=contract.household_id).first()
    if need is not None:
        status.refresh_status(need, timezone.localdate())
    return contract


@transaction.atomic
def cancel_draft(*, actor, contract: Contract, note: str) -> Contract:
    """Withdraw an offer that was never signed; the home is free again."""
    _require_housing_staff(actor, contract.municipality_id)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    _require_contract_status(contract, Contract.Status.DRAFT, "Bara ett utkast kan makuleras.")
    if not note.strip():
        raise ValidationError({"end_note": "Ange varför utkastet makuleras."})
    contract.status = Contract.Status.CANCELLED
    contract.end_note = note.strip()
    contract.save(update_fields=["status", "end_note", "updated_at"])
    log_change(actor, AuditEvent.Action.UPDATE, contract, "Utkast till kontrakt makulerat", {"note": note})
    return contract
