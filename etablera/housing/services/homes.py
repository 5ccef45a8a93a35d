"""The writes of the housing stock: what a home is (`UnitInput`, as a form, the API or an import row gives it),
its checks (`clean_unit`, shared with etablera.housing.importers), and `save_unit`, which creates a home or updates
it by its reference so that an import run again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.housing.models import Contract, HousingUnit, Wish
from etablera.housing.protection import ADDRESS_FIELDS, home_address_protected
from etablera.housing.services.common import _jsonable, _require_housing_staff
from etablera.organisation.models import Municipality
from etablera.rules import housing as rules


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
