"""The reads of housing needs: the queue (bostadskö) for the pages and, a page at a time, for the API; and one
household's housing — its need, the crowding norm, its contracts (its moves) and open proposals — for the household
page, the housing need and new-contract forms, and the API. Each household shown is logged; the address of a
protected household is masked."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, QuerySet

from etablera.access.audit import log_list, log_read
from etablera.access.policy import get_for_user, restrict
from etablera.housing.models import Contract, HousingNeed, MatchProposal
from etablera.housing.protection import mark_beside_households, mark_units
from etablera.housing.selectors.common import SIGNED, _current_contracts, _today, bedroom_need
from etablera.housing.selectors.homes import UnitRow, unit_rows
from etablera.housing.status import status_for
from etablera.people.models import Household, HouseholdMember, ProtectedIdentity
from etablera.rules import housing as rules

# --- the queue --------------------------------------------------------------------------------------------------


@dataclass
class NeedRow:
    need: HousingNeed
    bedrooms: rules.BedroomNeed
    contract: Contract | None  # the current signed contract, if any
    address_masked: bool
    overcrowded: bool
    days_left: int | None  # until house_by; negative when passed

    @property
    def household(self) -> Household:
        return self.need.household


def needs_for_user(user) -> QuerySet[HousingNeed]:
    return restrict(user, HousingNeed.objects.all())


def waiting_list(user, *, on: dt.date | None = None, municipality_id: int | None = None) -> list[NeedRow]:
    """The households waiting for a home or living in temporary housing, the nearest deadline first (those
    without a date last, oldest registration first). Logged: one row per household shown. Four queries."""
    on = _today(on)
    needs = (
        needs_for_user(user)
        .filter(status__in=HousingNeed.OPEN_STATUSES)
        .select_related("household__municipality")
    )
    if municipality_id is not None:
        needs = needs.filter(municipality_id=municipality_id)
    needs = list(needs.order_by(F("house_by").asc(nulls_last=True), "registered_date", "pk"))
    return _need_rows(user, needs, on, "Bostadskö")


def waiting_list_page(
    user, *, offset: int, limit: int, municipality_id: int | None = None, on: dt.date | None = None
) -> tuple[list[NeedRow], int]:
    """One page of the waiting list in its order, and how many in all; only the households on the page are
    logged. A fixed number of queries."""
    on = _today(on)
    needs = needs_for_user(user).filter(status__in=HousingNeed.OPEN_STATUSES)
    if municipality_id is not None:
        needs = needs.filter(municipality_id=municipality_id)
    ordered = needs.order_by(F("house_by").asc(nulls_last=True), "registered_date", "pk")
    shown = list(ordered.select_related("household__municipality", "municipality")[offset : offset + limit])
    count = len(shown) if offset == 0 and len(shown) < limit else needs.count()
    return _need_rows(user, shown, on, "Bostadskö (API)"), count


def _need_rows(user, needs: list[HousingNeed], on: dt.date, summary: str) -> list[NeedRow]:
    ids = [n.household_id for n in needs]
    current = _current_contracts(ids, on)
    # The members' birth dates (for the norm) and protected identities in one query of plain values: a queue of a
    # hundred households would otherwise make some six hundred model instances (docs/performance.md).
    births: dict[int, list] = defaultdict(list)
    masked: set[int] = set()
    members = HouseholdMember.objects.filter(household_id__in=ids).values_list(
        "household_id", "person__birth_date", "person__protected_identity"
    )
    for household_id, birth_date, protected in members:
        births[household_id].append(birth_date)
        if protected != ProtectedIdentity.NONE:
            masked.add(household_id)
    mark_units(c.unit for c in current.values())  # a home a protected household lives in, too
    rows = []
    for need in needs:
        bedrooms = bedroom_need(need, births[need.household_id], on)
        contract = current.get(need.household_id)
        home_bedrooms = contract.unit.bedrooms if contract else need.current_bedrooms
        rows.append(
            NeedRow(
                need=need,
                bedrooms=bedrooms,
                contract=contract,
                address_masked=need.household_id in masked
                or (contract is not None and contract.unit.address_masked),
                overcrowded=home_bedrooms is not None
                and rules.is_overcrowded(bedrooms.bedrooms, home_bedrooms),
                days_left=(need.house_by - on).days if need.house_by else None,
            )
        )
    log_list(user, [n.household for n in needs], summary)
    return rows


# --- one household ----------------------------------------------------------------------------------------------


@dataclass
class HouseholdHousing:
    household: Household
    need: HousingNeed | None
    bedrooms: rules.BedroomNeed
    contracts: list[Contract]  # newest first: the household's moves
    current: Contract | None
    proposals: list[MatchProposal]
    address_masked: bool  # the household is protected (each contract and proposal has its own flag)
    status: str


def household_housing(user, household: Household, *, on: dt.date | None = None) -> HouseholdHousing:
    """The housing part of a household page, for a household already fetched for the user (and logged there)."""
    on = _today(on)
    members = list(household.memberships.select_related("person"))
    need = HousingNeed.objects.filter(household=household).first()
    bedrooms = bedroom_need(need, [m.person.birth_date for m in members], on)
    contracts = list(
        household.housing_contracts.exclude(status=Contract.Status.CANCELLED)
        .select_related("unit")
        .order_by("-start_date", "-pk")
    )
    current = next(
        (
            c
            for c in contracts
            if c.status in SIGNED and c.start_date <= on and (c.end_date is None or c.end_date >= on)
        ),
        None,
    )
    proposals = list(
        household.housing_proposals.filter(status=MatchProposal.Status.PROPOSED).select_related("unit", "run")
    )
    mark_beside_households([*contracts, *proposals])  # the household's or the home's protection
    return HouseholdHousing(
        household=household,
        need=need,
        bedrooms=bedrooms,
        contracts=contracts,
        current=current,
        proposals=proposals,
        address_masked=any(m.person.is_protected for m in members),
        status=need.status if need else status_for(current),
    )


def household_housing_for_user(user, public_id, *, on: dt.date | None = None) -> HouseholdHousing:
    """A household's housing by its public id, or 404; the read is logged."""
    household = get_for_user(user, Household.objects.select_related("municipality"), public_id=public_id)
    log_read(user, household, "Hushållets boende")
    return household_housing(user, household, on=on)


@dataclass
class HousingNeedPage:
    household: Household
    housing: HouseholdHousing
    default_house_by: object  # the Deadline from the anvisning (None when the household has none to wait for)
    units: list[UnitRow] = field(default_factory=list)  # homes that can be offered (the contract form)


def housing_need_page(user, public_id, *, on: dt.date | None = None, with_units: bool = False):
    """A household's housing need form or new-contract form: the household (404 unless the user may see it and
    keeps housing in its municipality), its housing, the date the anvisning sets, and for a contract the homes
    free now or within 90 days in the household's municipality. Logged as a read of the household."""
    from etablera.access.policy import can_manage_housing
    from etablera.housing.services import default_house_by

    on = _today(on)
    household = get_for_user(user, Household.objects.select_related("municipality"), public_id=public_id)
    if not can_manage_housing(user, household.municipality_id):
        from django.http import Http404

        raise Http404
    housing = household_housing(user, household, on=on)
    log_read(user, household, "Bostadsbehov", protected=housing.address_masked)
    units = []
    if with_units:
        units = [r for r in unit_rows(user, on=on) if r.unit.municipality_id == household.municipality_id]
    return HousingNeedPage(household, housing, default_house_by(household), units)
