"""The writes of housing needs: register, change and close a household's need; the anvisning that opens one and
the cancelled anvisning that closes it again (called by etablera.reception.services); and the date the household
must be housed by, and the crowding norm, that the forms and matching start from."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.housing import status
from etablera.housing.models import Contract, HousingNeed, Wish
from etablera.housing.services.common import _jsonable, _require_housing_staff
from etablera.people.models import Household
from etablera.rules import housing as rules
from etablera.rules.deadlines import Deadline, gettext_noop

# A house-by date the housing caseworker entered: its explanation, shown in the reader's language.
ENTERED = gettext_noop("Datumet %(date)s är angivet av bostadshandläggaren.")
ENTERED_SOURCE = gettext_noop("Bostadsenhetens bedömning")


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
        house_by_rule = Deadline.make(
            date=house_by,
            rule="housing.house_by_entered",
            title=[rules.HOUSE_BY, {}],
            explanation=[[ENTERED, {"date": house_by.isoformat()}]],
            source=[ENTERED_SOURCE, {}],
            status="local",
        ).as_json()
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
