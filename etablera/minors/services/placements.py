"""The child's placements: a history in which at most one runs at a time. A new placement starts after the last one
ended (or ends it the day before, when the caseworker moves the child); supported housing is for ages 16–20, 16–17
only with special reasons (rules.minors.placement_problem). A placement in the municipality's own housing (supported
housing, exit housing, the young adult's own flat) may name its home, one of the housing module's units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import restrict
from etablera.housing.models import HousingUnit
from etablera.minors.models import ChildCase, Placement
from etablera.minors.services.case import check_length, require_social_services
from etablera.rules import minors as rules
from etablera.transitions import StateConflict, lock

MAX_COST_PER_DAY = Decimal(100_000)  # kronor a day: beyond any placement, a typo's guard
# The kinds of placement that live in the municipality's own housing (a home of the housing module); an HVB, a family
# home or an emergency home is the provider's own.
IN_OWN_HOUSING = (rules.SUPPORTED_HOUSING, rules.EXIT_HOUSING, rules.OWN_FLAT)
# The homes that fit each kind: a place in supported or exit housing for those, a home of one's own for an own flat.
UNIT_KINDS = {
    rules.SUPPORTED_HOUSING: {HousingUnit.Kind.SUPPORTED},
    rules.EXIT_HOUSING: {HousingUnit.Kind.EXIT},
    rules.OWN_FLAT: {HousingUnit.Kind.FLAT, HousingUnit.Kind.HOUSE},
}
# The same answer for a home that does not exist and one the actor may not see: which homes exist is not told.
UNIT_NOT_SEEN = "Bostaden finns inte bland kommunens bostäder som du har behörighet till."


def clean_cost(errors: dict, value, name: str = "cost_per_day") -> Decimal | None:
    if value is None or value == "":
        errors[name] = "Ange kostnaden per dygn i kronor."
        return None
    try:
        cost = Decimal(str(value).replace(",", ".").replace(" ", "")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[name] = "Ange kostnaden per dygn som ett tal, till exempel 2450."
        return None
    if not cost.is_finite() or not Decimal(0) <= cost <= MAX_COST_PER_DAY:
        errors[name] = "Kostnaden per dygn ska vara från 0 till 100 000 kronor."
        return None
    return cost


def _housing_unit(actor, case: ChildCase, kind: str, unit, errors: dict) -> HousingUnit | None:
    """The placement's home, given as the unit or its id (the API's, the page's choice): one the actor sees (the
    system sees every one), of the case's municipality, and only for a kind that lives in the municipality's own
    housing."""
    if unit is None or unit == "":
        return None
    units = HousingUnit.objects.all() if actor is None else restrict(actor, HousingUnit.objects.all())
    pk = unit.pk if isinstance(unit, HousingUnit) else unit
    found = units.filter(pk=pk).first() if isinstance(pk, int) and not isinstance(pk, bool) else None
    if found is None:
        errors["housing_unit"] = UNIT_NOT_SEEN
    elif found.municipality_id != case.municipality_id:
        errors["housing_unit"] = "Bostaden hör till en annan kommun."
    elif kind in Placement.Kind.values and kind not in IN_OWN_HOUSING:
        errors["housing_unit"] = (
            "En bostad i kommunens bestånd väljs bara för stödboende, utslussboende och egen lägenhet."
        )
    elif kind in UNIT_KINDS and found.kind not in UNIT_KINDS[kind]:
        unit = found.get_kind_display().lower()
        errors["housing_unit"] = f"Bostaden är av ett annat slag än placeringen ({unit})."
    return found


def _overlapping(case: ChildCase, starts_on: dt.date, ends_on: dt.date | None, exclude_pk=None):
    q = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        q &= Q(starts_on__lte=ends_on)
    others = case.placements.filter(q)
    return others.exclude(pk=exclude_pk) if exclude_pk else others


@transaction.atomic
def add_placement(
    actor,
    case: ChildCase,
    *,
    kind: str,
    provider: str,
    decided_on: dt.date | None,
    starts_on: dt.date | None,
    cost_per_day,
    ends_on: dt.date | None = None,
    end_reason: str = "",
    special_reasons: str = "",
    housing_unit: HousingUnit | int | None = None,
    external_id: str = "",
) -> Placement:
    require_social_services(actor, case.person, case.municipality_id)
    provider, special_reasons = (provider or "").strip(), (special_reasons or "").strip()
    errors: dict[str, str] = {}
    if kind not in Placement.Kind.values:
        errors["kind"] = "Välj placeringsform."
    if not provider:
        errors["provider"] = "Ange utföraren (hemmet, familjen eller boendet)."
    if decided_on is None:
        errors["decided_on"] = "Ange datum för placeringsbeslutet."
    if starts_on is None:
        errors["starts_on"] = "Ange när placeringen börjar."
    elif decided_on is not None and decided_on > starts_on:
        errors["decided_on"] = "Beslutet ska vara fattat senast den dag placeringen börjar."
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "Slutet kan inte vara före starten."
    if end_reason and end_reason not in Placement.EndReason.values:
        errors["end_reason"] = "Välj skälet till att placeringen slutar."
    elif end_reason and ends_on is None:
        errors["end_reason"] = "Ange sista dagen när skälet till avslut är ifyllt."
    cost = clean_cost(errors, cost_per_day)
    check_length(
        errors,
        {"provider": provider, "special_reasons": special_reasons, "external_id": external_id},
        Placement,
    )
    housing_unit = _housing_unit(actor, case, kind, housing_unit, errors)
    if "kind" not in errors and starts_on is not None:
        problem = rules.placement_problem(kind, case.person.birth_date, starts_on, special_reasons)
        if problem:
            errors["special_reasons" if "särskilda skäl" in problem else "starts_on"] = problem
    if errors:
        raise ValidationError(errors)
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict("Barnärendet är avslutat.", field="starts_on")
    if external_id and case.placements.filter(external_id=external_id).exists():
        raise ValidationError({"external_id": "Placeringen finns redan (samma id i verksamhetssystemet)."})
    clash = _overlapping(case, starts_on, ends_on).first()
    if clash is not None:
        until = f"till {clash.ends_on}" if clash.ends_on else "och pågår"
        raise ValidationError(
            {
                "starts_on": f"Placeringen överlappar {clash.get_kind_display().lower()} hos {clash.provider} från "
                f"{clash.starts_on} {until}. Avsluta den först."
            }
        )
    # The case is locked, so a second placement with the same id waits here; the constraint is the last guard.
    placement = Placement.objects.create(
        case=case,
        kind=kind,
        provider=provider,
        decided_on=decided_on,
        starts_on=starts_on,
        ends_on=ends_on,
        end_reason=(end_reason or Placement.EndReason.PLANNED) if ends_on else "",
        cost_per_day=cost,
        special_reasons=special_reasons,
        housing_unit=housing_unit,
        external_id=external_id,
        created_by=actor,
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        placement,
        f"Placering: {placement.get_kind_display()} från {starts_on}",
        {"kind": kind, "starts_on": starts_on.isoformat(), "cost_per_day": str(cost)}
        | ({"housing_unit": housing_unit.pk} if housing_unit else {}),
    )
    return placement


@transaction.atomic
def end_placement(actor, placement: Placement, *, ends_on: dt.date | None, reason: str) -> Placement:
    require_social_services(actor, placement.case.person, placement.case.municipality_id)
    errors: dict[str, str] = {}
    if ends_on is None:
        errors["ends_on"] = "Ange när placeringen slutar."
    if reason not in Placement.EndReason.values:
        errors["end_reason"] = "Välj skälet till att placeringen slutar."
    if errors:
        raise ValidationError(errors)
    lock(placement)
    if placement.ends_on is not None:
        raise StateConflict(f"Placeringen är redan avslutad {placement.ends_on}.", field="ends_on")
    if ends_on < placement.starts_on:
        raise ValidationError({"ends_on": f"Slutet kan inte vara före starten {placement.starts_on}."})
    placement.ends_on, placement.end_reason = ends_on, reason
    placement.save(update_fields=["ends_on", "end_reason", "updated_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        placement,
        f"Placeringen avslutad {ends_on}: {placement.get_end_reason_display().lower()}",
        {"ends_on": [None, ends_on.isoformat()], "end_reason": reason},
    )
    return placement
