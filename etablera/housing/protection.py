"""Whose address a home is: the one place that decides whether a home's address is protected (issue #9).

A household's home is its address. So the address of a home that a household with a protected identity (any
member) lives in, has lived in, or holds a draft for is the protected address, as much as the members' own: it is
masked in every list, page, export, API answer and matching proposal, for everyone — housing pages have no reveal
(the only reveal is the person page's, access.services.reveal_protected_address). A cancelled draft protects
nothing: the household never lived there. An ended contract still does: a protected person's former address is
protected too, and it would tell where to look.

The reads (etablera.housing.selectors) set `address_masked` on what they return from these functions; pages,
exports and the API only read that flag.
"""

from __future__ import annotations

from collections.abc import Iterable

from etablera.housing.models import Contract, HousingUnit
from etablera.people.models import HouseholdMember, ProtectedIdentity

# The contracts that make a home a protected household's address: drafts, signed and ended ones (not cancelled).
PROTECTING = (Contract.Status.DRAFT, Contract.Status.ACTIVE, Contract.Status.ENDED)

# The fields of a home that are its address (the area is part of it: a district narrows where to look).
ADDRESS_FIELDS = ("address_street", "address_postal_code", "address_city", "area")


def protected_household_ids(household_ids: Iterable[int]) -> set[int]:
    """Households with a member who has a protected identity: their address is masked everywhere. One query."""
    ids = list(set(household_ids))
    if not ids:
        return set()
    return set(
        HouseholdMember.objects.filter(household_id__in=ids)
        .exclude(person__protected_identity=ProtectedIdentity.NONE)
        .values_list("household_id", flat=True)
    )


def protected_unit_ids(unit_ids: Iterable[int]) -> set[int]:
    """The homes (of `unit_ids`) whose address is protected: a protected household has a draft, signed or ended
    contract there. One query."""
    ids = list(set(unit_ids))
    if not ids:
        return set()
    protected_members = HouseholdMember.objects.exclude(person__protected_identity=ProtectedIdentity.NONE)
    return set(
        Contract.objects.filter(
            unit_id__in=ids,
            status__in=PROTECTING,
            household_id__in=protected_members.values("household_id"),
        ).values_list("unit_id", flat=True)
    )


def mark_units(units: Iterable[HousingUnit]) -> list[HousingUnit]:
    """Set `address_masked` on each home (one query for all) and return them."""
    units = list(units)
    protected = protected_unit_ids(u.pk for u in units)
    for unit in units:
        unit.address_masked = unit.pk in protected
    return units


def home_address_protected(unit: HousingUnit) -> bool:
    """Whether this one home's address is protected (one query)."""
    return bool(protected_unit_ids([unit.pk]))


def mark_beside_households(items: Iterable, *, unit=lambda item: item.unit) -> list:
    """Set `address_masked` on each item that puts a household beside a home (a contract, a proposal): true when
    the household is protected or the home's address is. Two queries for all."""
    items = list(items)
    households = protected_household_ids(item.household_id for item in items)
    homes = protected_unit_ids(unit(item).pk for item in items)
    for item in items:
        item.address_masked = item.household_id in households or unit(item).pk in homes
    return items
