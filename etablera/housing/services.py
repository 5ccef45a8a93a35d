"""Every write in housing: homes, housing needs and contracts. Keyword-only, validated first, atomic, audited.

A household's housing status follows its contracts (etablera.housing.status): every contract change here refreshes
it, and the daily `etablera housing refresh` brings it up to date as days pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import can_manage_housing
from etablera.housing import status
from etablera.housing.models import Contract, HousingNeed, HousingUnit, Wish
from etablera.housing.protection import ADDRESS_FIELDS, home_address_protected
from etablera.organisation.models import Municipality
from etablera.people.models import Household
from etablera.rules import housing as rules
from etablera.transitions import StateConflict


def _require_housing_staff(actor, municipality_id: int) -> None:
    if actor is None:  # the CLI and imports run as the system, already authorised by who may run them
        return
    if not can_manage_housing(actor, municipality_id):
        raise PermissionDenied("Du har inte behörighet att hantera bostäder i denna kommun.")


# --- homes ------------------------------------------------------------------------------------------------------


@dataclass
class UnitInput:
    """What a home is, as a form, the API or an import row gives it."""

    reference: str
    address_street: str
    landlord: str
    kind: str
    rooms: int | None
    bedrooms: int | None
    monthly_cost: int | None
    address_postal_code: str = ""
    address_city: str = ""
    area: str = ""
    landlord_name: str = ""
    floor_area: int | None = None
    nightly_cost: int | None = None
    capacity: int = 1
    accessible: bool = False
    accessibility_note: str = ""
    near: list[str] = field(default_factory=list)
    available_from: dt.date | None = None
    available_to: dt.date | None = None
    is_active: bool = True
    notes: str = ""

    def as_fields(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def clean_unit(data: UnitInput, *, on: dt.date | None = None) -> UnitInput:
    """Check a home's data; Swedish messages per field. Returns the data with derived values (the monthly cost of
    a per-night price) filled in."""
    errors: dict[str, str] = {}
    data.reference = (data.reference or "").strip()
    data.address_street = (data.address_street or "").strip()
    if not data.reference:
        errors["reference"] = "Ange hyresvärdens objektnummer."
    if not data.address_street:
        errors["address_street"] = "Ange gatuadress."
    if data.landlord not in HousingUnit.Landlord.values:
        errors["landlord"] = "Välj hyresvärd: kommunalt bostadsbolag, privat hyresvärd eller kommunen."
    if data.kind not in HousingUnit.Kind.values:
        errors["kind"] = "Välj typ av bostad."
    if data.rooms is None or data.rooms < 1:
        errors["rooms"] = "Antal rum ska vara minst 1."
    if data.bedrooms is None or data.bedrooms < 0:
        errors["bedrooms"] = "Ange antal sovrum (0 eller fler)."
    elif data.rooms is not None and data.bedrooms > data.rooms:
        errors["bedrooms"] = f"Bostaden kan inte ha fler sovrum ({data.bedrooms}) än rum ({data.rooms})."
    if data.nightly_cost is not None and data.nightly_cost < 0:
        errors["nightly_cost"] = "Kostnaden per natt kan inte vara negativ."
    if data.monthly_cost is None and data.nightly_cost is not None and data.nightly_cost >= 0:
        data.monthly_cost = rules.monthly_cost_from_nightly(data.nightly_cost, on or timezone.localdate())
    if data.monthly_cost is None:
        errors["monthly_cost"] = "Ange kostnad per månad (eller per natt för hotell och vandrarhem)."
    elif data.monthly_cost < 0:
        errors["monthly_cost"] = "Kostnaden kan inte vara negativ."
    if data.floor_area is not None and data.floor_area <= 0:
        errors["floor_area"] = "Ytan ska vara större än 0 m²."
    if data.capacity is None or data.capacity < 1:
        errors["capacity"] = "Antal hushåll eller platser ska vara minst 1."
    unknown = [w for w in data.near if w not in Wish.values]
    if unknown:
        errors["near"] = "Okänt värde: " + ", ".join(unknown) + "."
    if data.available_from and data.available_to and data.available_to < data.available_from:
        errors["available_to"] = "Ledig till kan inte vara före ledig från."
    if errors:
        raise ValidationError(errors)
    return data


def _unit_changes(unit: HousingUnit, values: dict) -> dict:
    changes = {}
    for name, value in values.items():
        before = getattr(unit, name)
        if before != value:
            changes[name] = {"before": _jsonable(before), "after": _jsonable(value)}
    return changes


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def save_unit(*, actor, municipality: Municipality, data: UnitInput, unit: HousingUnit | None = None):
    """Create a home, or update one (found by `unit`, or by its reference in the municipality).
    Returns the home and 'created', 'updated' or 'unchanged' — so an import can be run again without effect."""
    _require_housing_staff(actor, municipality.pk)
    data = clean_unit(data)
    values = data.as_fields()
    if unit is None:
        unit = HousingUnit.objects.filter(municipality=municipality, reference=data.reference).first()
    elif unit.municipality_id != municipality.pk:
        raise PermissionDenied("Bostaden hör till en annan kommun.")
    if unit is None:
        duplicate = None
    else:
        duplicate = (
            HousingUnit.objects.filter(municipality=municipality, reference=data.reference)
            .exclude(pk=unit.pk)
            .exists()
        )
    if duplicate:
        raise ValidationError({"reference": "Det finns redan en bostad med det objektnumret i kommunen."})
    if unit is None:
        unit = HousingUnit.objects.create(municipality=municipality, **values)
        log_change(actor, AuditEvent.Action.CREATE, unit, f"Bostad {unit.reference} registrerad")
        return unit, "created"
    changes = _unit_changes(unit, values)
    if not changes:
        return unit, "unchanged"
    # the audit log keeps no protected address, only that it changed (issue #9)
    if home_address_protected(unit):
        changes.update({name: {"protected": True} for name in ADDRESS_FIELDS if name in changes})
    if "capacity" in changes:
        _check_capacity_after_change(unit, values["capacity"])
    for name, value in values.items():
        setattr(unit, name, value)
    unit.save()
    log_change(actor, AuditEvent.Action.UPDATE, unit, f"Bostad {unit.reference} ändrad", changes)
    return unit, "updated"


def _check_capacity_after_change(unit: HousingUnit, capacity: int) -> None:
    intervals = [(c.start_date, c.end_date) for c in unit.contracts.exclude(status=Contract.Status.CANCELLED)]
    if rules.peak_occupancy(intervals) > capacity:
        raise ValidationError(
            {"capacity": f"Bostaden har fler kontrakt samtidigt än {capacity}; avsluta kontrakt först."}
        )


# --- housing needs ----------------------------------------------------------------------------------------------


def household_bedroom_need(household: Household, on: dt.date) -> rules.BedroomNeed:
    """The crowding norm applied to the household's members on `on` (members must be prefetched for lists)."""
    return rules.bedrooms_needed([m.person.birth_date for m in household.memberships.all()], on)


def default_house_by(household: Household):
    """The anvisning's latest reception date, while the household is still to be received."""
    from etablera.reception.models import Assignment

    assignment = (
        Assignment.objects.filter(household=household, status=Assignment.Status.ASSIGNED)
        .order_by("latest_reception_date")
        .first()
    )
    return rules.must_be_housed_by(assignment.latest_reception_date if assignment else None)


@transaction.atomic
def set_housing_need(
    *,
    actor,
    household: Household,
    reason: str = HousingNeed.Reason.ASSIGNMENT,
    house_by: dt.date | None = None,
    needs_accessible: bool = False,
    wishes: list[str] | None = None,
    preferred_area: str = "",
    bedrooms_override: int | None = None,
    bedrooms_override_reason: str = "",
    current_bedrooms: int | None = None,
    max_monthly_cost: int | None = None,
    note: str = "",
) -> HousingNeed:
    """Register or change a household's housing need. Without `house_by`, an assigned household must be housed by
    its anvisning's latest reception date; the date stored explains itself."""
    _require_housing_staff(actor, household.municipality_id)
    errors: dict[str, str] = {}
    wishes = list(dict.fromkeys(wishes or []))
    if reason not in HousingNeed.Reason.values:
        errors["reason"] = "Välj skäl till bostadsbehovet."
    if any(w not in Wish.values for w in wishes):
        errors["wishes"] = "Okänt önskemål."
    if bedrooms_override is not None:
        if bedrooms_override < 1:
            errors["bedrooms_override"] = "Antal sovrum ska vara minst 1."
        elif not bedrooms_override_reason.strip():
            errors["bedrooms_override_reason"] = "Ange skäl när antalet sovrum avviker från normen."
    if current_bedrooms is not None and current_bedrooms < 0:
        errors["current_bedrooms"] = "Antal sovrum kan inte vara negativt."
    if max_monthly_cost is not None and max_monthly_cost < 0:
        errors["max_monthly_cost"] = "Kostnaden kan inte vara negativ."
    if errors:
        raise ValidationError(errors)
    if house_by is None:
        deadline = default_house_by(household)
        house_by, house_by_rule = (deadline.date, deadline.as_json()) if deadline else (None, {})
    else:
        house_by_rule = {
            "date": house_by.isoformat(),
            "rule": "housing.house_by_entered",
            "title": "Bostad senast",
            "explanation": f"Datumet {house_by.isoformat()} är angivet av bostadshandläggaren.",
            "source": "Bostadsenhetens bedömning",
            "status": "local",
            "based_on": {},
        }
    values = {
        "reason": reason,
        "house_by": house_by,
        "house_by_rule": house_by_rule,
        "needs_accessible": needs_accessible,
        "wishes": wishes,
        "preferred_area": preferred_area.strip(),
        "bedrooms_override": bedrooms_override,
        "bedrooms_override_reason": bedrooms_override_reason.strip() if bedrooms_override else "",
        "current_bedrooms": current_bedrooms,
        "max_monthly_cost": max_monthly_cost,
        "note": note.strip(),
    }
    need = HousingNeed.objects.select_for_update().filter(household=household).first()
    if need is None:
        need = HousingNeed.objects.create(
            household=household, municipality_id=household.municipality_id, **values
        )
        status.refresh_status(need, timezone.localdate())
        log_change(actor, AuditEvent.Action.CREATE, need, "Bostadsbehov registrerat")
        return need
    changes = {
        name: {"before": _jsonable(getattr(need, name)), "after": _jsonable(value)}
        for name, value in values.items()
        if name != "house_by_rule" and getattr(need, name) != value
    }
    for name, value in values.items():
        setattr(need, name, value)
    if need.status == HousingNeed.Status.CLOSED:
        need.status = HousingNeed.Status.WAITING
        changes["status"] = {"before": HousingNeed.Status.CLOSED, "after": "reopened"}
    need.save()
    status.refresh_status(need, timezone.localdate())
    log_change(actor, AuditEvent.Action.UPDATE, need, "Bostadsbehov ändrat", changes)
    return need


def open_need_for_assignment(*, actor, assignment) -> HousingNeed | None:
    """An anvisning with a household of a category the municipality must house opens the household's housing need,
    to be housed by the latest reception date — so the housing unit sees it in the queue from the first day, before
    the household arrives. Called by reception.services.create_assignment; an existing need is left as it is."""
    if assignment.household_id is None or not rules.municipality_houses_on_assignment(assignment.category):
        return None
    if HousingNeed.objects.filter(household_id=assignment.household_id).exists():
        return None
    deadline = rules.must_be_housed_by(assignment.latest_reception_date)
    need = HousingNeed.objects.create(
        household_id=assignment.household_id,
        municipality_id=assignment.municipality_id,
        reason=HousingNeed.Reason.ASSIGNMENT,
        registered_date=assignment.decision_date,
        house_by=deadline.date,
        house_by_rule=deadline.as_json(),
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        need,
        f"Bostadsbehov registrerat med anvisning {assignment.reference}",
    )
    return need


def close_need_for_cancelled_assignment(*, actor, assignment) -> None:
    """A cancelled anvisning closes the housing need it opened, unless the household already lives in, or has been
    offered, a home (then the housing officer decides)."""
    need = HousingNeed.objects.filter(
        household_id=assignment.household_id,
        reason=HousingNeed.Reason.ASSIGNMENT,
        status=HousingNeed.Status.WAITING,
    ).first()
    if (
        need is None
        or Contract.objects.filter(household_id=assignment.household_id)
        .exclude(status=Contract.Status.CANCELLED)
        .exists()
    ):
        return
    need.status = HousingNeed.Status.CLOSED
    need.note = f"Anvisningen {assignment.reference} avbröts."
    need.save(update_fields=["status", "note", "updated_at"])
    log_change(actor, AuditEvent.Action.UPDATE, need, "Bostadsbehov avslutat: anvisningen avbröts")


@transaction.atomic
def close_housing_need(*, actor, household: Household, note: str) -> HousingNeed:
    """The household no longer needs the municipality's help with housing (it arranged its own, or moved)."""
    _require_housing_staff(actor, household.municipality_id)
    if not note.strip():
        raise ValidationError({"note": "Ange varför bostadsbehovet avslutas."})
    need = HousingNeed.objects.select_for_update().filter(household=household).first()
    if need is None:
        raise ValidationError({"household": "Hushållet har inget registrerat bostadsbehov."})
    need.status = HousingNeed.Status.CLOSED
    need.note = note.strip()
    need.save(update_fields=["status", "note", "updated_at"])
    log_change(actor, AuditEvent.Action.UPDATE, need, "Bostadsbehov avslutat", {"note": need.note})
    return need


# --- contracts --------------------------------------------------------------------------------------------------


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
