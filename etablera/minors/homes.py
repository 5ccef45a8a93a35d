"""The housing module's homes as the child's placements use them (issue #14): the homes a caseworker may choose for a
placement in the municipality's own housing, and how a placement's home is shown on the child's page and in the
API. The rule of which kinds of placement may have a home is the service's (services.placements.IN_OWN_HOUSING).

A home's address is protected when a household with a protected identity lives or lived there (housing.protection);
a placement's home is also masked when the child has a protected identity, since the home is then the child's
address — as a contract's home is masked beside a protected household."""

from __future__ import annotations

from etablera.access.policy import capabilities, restrict
from etablera.housing.models import HousingUnit
from etablera.housing.protection import mark_units, protected_unit_ids
from etablera.minors.models import ChildCase


def units_to_choose(user, case: ChildCase) -> list[HousingUnit]:
    """The active homes of the case's municipality that the user sees (the housing staff's stock: restrict), by
    address, with `address_masked` set. Homes name nobody: not logged."""
    units = (
        restrict(user, HousingUnit.objects.all())
        .filter(municipality_id=case.municipality_id, is_active=True)
        .order_by("address_street", "reference", "pk")
    )
    return mark_units(units)


def mark_placement_homes(user, person, placements) -> list:
    """Set `unit_masked` (show neither address nor id) and `unit_seen` (the user may open the home's page) on each
    placement; two queries for all, none when no placement has a home."""
    placements = list(placements)
    ids = {p.housing_unit_id for p in placements if p.housing_unit_id}
    protected = protected_unit_ids(ids) if ids else set()
    # The home's page is the housing staff's: social services see their placements' homes, but get no link.
    seen = (
        set(
            restrict(user, HousingUnit.objects.filter(pk__in=ids))
            .filter(municipality_id__in=capabilities(user).housing_municipality_ids)
            .values_list("pk", flat=True)
        )
        if ids and user is not None
        else set()
    )
    for placement in placements:
        unit_id = placement.housing_unit_id
        placement.unit_masked = unit_id is not None and (person.is_protected or unit_id in protected)
        placement.unit_seen = unit_id in seen and not placement.unit_masked
    return placements
