"""Every read in housing, filtered by the access policy, logged, and for a fixed number of queries.

A contract's home is the household's address. Wherever a household with a protected identity (any member) would
appear next to a home, the address is masked (`row.address_masked`). The address of a home such a household lives
in, or has a draft or signed contract for, is masked wherever the home is shown (`unit.address_masked`; issue #9,
decided in etablera.housing.protection), and a home's own page lists no contract of a protected household: the two
together would give away where the household lives.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from etablera.access.audit import log_list, log_read
from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.housing.models import (
    Contract,
    HousingNeed,
    HousingUnit,
    MatchProposal,
    MatchRun,
)
from etablera.housing.protection import mark_beside_households, mark_units, protected_household_ids
from etablera.housing.status import status_for, temporary_housing_q
from etablera.people.models import Category, Household, HouseholdMember, Person, ProtectedIdentity
from etablera.rules import housing as rules
from etablera.rules.parameters import parameter_value

OCCUPYING = [Contract.Status.DRAFT, Contract.Status.ACTIVE, Contract.Status.ENDED]
SIGNED = [Contract.Status.ACTIVE, Contract.Status.ENDED]


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def members_prefetch() -> Prefetch:
    return Prefetch(
        "household__memberships",
        queryset=HouseholdMember.objects.select_related("person").order_by("person__birth_date", "pk"),
    )


def bedroom_need(need: HousingNeed | None, birth_dates, on: dt.date) -> rules.BedroomNeed:
    """The norm for the household's members, or the housing officer's assessment with its reason."""
    norm = rules.bedrooms_needed(birth_dates, on)
    if need is not None and need.bedrooms_override:
        return rules.BedroomNeed(
            need.bedrooms_override,
            norm.adults,
            norm.children,
            f"{need.bedrooms_override} sovrum enligt bedömning: {need.bedrooms_override_reason} "
            f"(normen: {norm.bedrooms}).",
            "Bostadsenhetens bedömning",
        )
    return norm


def member_birth_dates(household: Household) -> list:
    """The members' birth dates, from the prefetched memberships."""
    return [m.person.birth_date for m in household.memberships.all()]


# --- homes ------------------------------------------------------------------------------------------------------


def units_for_user(user) -> QuerySet[HousingUnit]:
    return restrict(user, HousingUnit.objects.all()).select_related("municipality")


@dataclass
class UnitRow:
    unit: HousingUnit
    free_places: int  # places free on the day asked about
    free_from: dt.date | None  # the first day a place is free within the period, None if not within it
    contracts: list[Contract] = field(default_factory=list)

    @property
    def is_free_now(self) -> bool:
        return self.free_places > 0


def _free_from(
    unit: HousingUnit, contracts: list[Contract], on: dt.date, until: dt.date
) -> tuple[int, dt.date | None]:
    """How many places are free on `on`, and the first day within [on, until] a place is free."""
    if not unit.is_active:
        return 0, None
    start = max(on, unit.available_from) if unit.available_from else on
    if unit.available_to is not None and unit.available_to < start:
        return 0, None
    intervals = [(c.start_date, c.end_date) for c in contracts]

    def occupied(day: dt.date) -> int:
        return sum(1 for s, e in intervals if s <= day and (e is None or e >= day))

    free_now = unit.capacity - occupied(on) if start == on else 0
    # The first free day is the start, or the day after a contract ends (where occupancy drops).
    candidates = sorted({start, *(e + dt.timedelta(days=1) for _s, e in intervals if e is not None)})
    for day in candidates:
        if day < start or day > until:
            continue
        if unit.available_to is not None and day > unit.available_to:
            break
        if occupied(day) < unit.capacity:
            return max(free_now, 0), day
    return max(free_now, 0), None


def unit_rows(user, *, on: dt.date | None = None, within_days: int | None = None, free_only: bool = True):
    """Homes with their free places today and the first day a place is free within `within_days` (90 by local
    policy): free now first, then soon free; each home's `address_masked` set. Three queries."""
    on = _today(on)
    days = within_days if within_days is not None else parameter_value("housing.ending_soon_days", on)
    until = on + dt.timedelta(days=days)
    occupying = Contract.objects.filter(status__in=OCCUPYING).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    units = units_for_user(user).filter(is_active=True) if free_only else units_for_user(user)
    units = units.prefetch_related(Prefetch("contracts", queryset=occupying, to_attr="current_contracts"))
    rows = []
    for unit in units:
        free_places, free_from = _free_from(unit, unit.current_contracts, on, until)
        if free_only and free_from is None:
            continue
        rows.append(UnitRow(unit, free_places, free_from, unit.current_contracts))
    mark_units(row.unit for row in rows)
    rows.sort(key=lambda r: (r.free_from or dt.date.max, r.unit.bedrooms, r.unit.reference))
    return rows


@dataclass
class UnitPage:
    unit: HousingUnit  # with `address_masked`
    contracts: list[Contract]  # none of a protected household (each with `household_hidden` false)
    free_places: int
    free_from: dt.date | None


def unit_page(user, unit_id: int, *, on: dt.date | None = None) -> UnitPage:
    """A home, its free places and the contracts the user may see. A protected household's contract is left out
    altogether — not even a masked row or a count: its dates, joined with the household's own housing page, would
    tell where the household lives. Its place still counts in the free places (issue #9)."""
    on = _today(on)
    unit = get_for_user(user, HousingUnit.objects.select_related("municipality"), pk=unit_id)
    mark_units([unit])
    contracts = list(
        restrict(user, unit.contracts.all()).select_related("household").order_by("-start_date", "-pk")
    )
    hidden = protected_household_ids(c.household_id for c in contracts)
    shown = [c for c in contracts if c.household_id not in hidden]
    for contract in shown:
        contract.household_hidden = False
    log_list(
        user, {c.household_id: c.household for c in shown}.values(), f"Bostad {unit.reference}: kontrakt"
    )
    occupying = [c for c in contracts if c.status in OCCUPYING and (c.end_date is None or c.end_date >= on)]
    free_places, free_from = _free_from(unit, occupying, on, on + dt.timedelta(days=365))
    return UnitPage(unit, shown, free_places, free_from)


# --- housing needs: the queue -----------------------------------------------------------------------------------


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


def _current_contracts(household_ids, on: dt.date) -> dict[int, Contract]:
    current: dict[int, Contract] = {}
    contracts = (
        Contract.objects.filter(household_id__in=household_ids, status__in=SIGNED, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("unit")
        .order_by("start_date", "pk")
    )
    for contract in contracts:
        current[contract.household_id] = contract  # the newest wins
    return current


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


# --- contracts --------------------------------------------------------------------------------------------------


def contracts_for_user(user) -> QuerySet[Contract]:
    return restrict(user, Contract.objects.all()).select_related("household__municipality", "unit")


@dataclass
class ContractRow:
    contract: Contract
    address_masked: bool
    months: float = 0.0  # how long the household has lived there (temporary housing)

    @property
    def household(self) -> Household:
        return self.contract.household


def _contract_rows(
    user, contracts: list[Contract], summary: str, on: dt.date | None = None
) -> list[ContractRow]:
    mark_beside_households(contracts)
    rows = [
        ContractRow(c, c.address_masked, ((on - c.start_date).days / (365 / 12)) if on else 0.0)
        for c in contracts
    ]
    log_list(user, {c.household_id: c.household for c in contracts}.values(), summary)
    return rows


def contracts_ending(user, *, on: dt.date | None = None, within_days: int | None = None) -> list[ContractRow]:
    """Signed contracts whose last day falls within the next 90 days (local policy), the soonest first."""
    on = _today(on)
    days = within_days if within_days is not None else parameter_value("housing.ending_soon_days", on)
    contracts = list(
        contracts_for_user(user)
        .filter(status__in=SIGNED, end_date__gte=on, end_date__lte=on + dt.timedelta(days=days))
        .order_by("end_date", "pk")
    )
    return _contract_rows(user, contracts, "Kontrakt som slutar snart")


def temporary_housing(user, *, on: dt.date | None = None) -> list[ContractRow]:
    """Households living in temporary housing today, the longest first, with how long and at what monthly cost.
    "How long" counts from the start of the household's first temporary contract in an unbroken run of them."""
    on = _today(on)
    contracts = list(
        contracts_for_user(user)
        .filter(temporary_housing_q(), status__in=SIGNED, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("start_date", "pk")
    )
    earlier = defaultdict(list)
    for c in (
        Contract.objects.filter(
            temporary_housing_q(), household_id__in=[c.household_id for c in contracts], status__in=SIGNED
        )
        .only("household_id", "start_date", "end_date")
        .order_by("-start_date")
    ):
        earlier[c.household_id].append(c)
    rows = _contract_rows(user, contracts, "Tillfälligt boende")
    for row in rows:
        since = row.contract.start_date
        for previous in earlier[row.contract.household_id]:  # newest first: walk back while the runs join up
            if previous.end_date is not None and previous.end_date >= since - dt.timedelta(days=1):
                since = min(since, previous.start_date)
        row.since = since
        row.months = (on - since).days / (365 / 12)
    rows.sort(key=lambda r: r.since)
    return rows


# --- young adults -----------------------------------------------------------------------------------------------


@dataclass
class YoungAdultRow:
    person: Person
    household: Household | None
    transition: rules.AgeTransition
    contract: Contract | None
    has_need: bool
    address_masked: bool


def young_adults(
    user, *, on: dt.date | None = None, horizon_months: int | None = None
) -> list[YoungAdultRow]:
    """Young people who turn 18 or 21 within the horizon (twelve months, local policy) and will need housing of
    their own: unaccompanied minors, and anyone living in a place in HVB, stödboende or utslussboende. The minors
    work (placements) will feed this list as well; it is the link between the two."""
    on = _today(on)
    months = (
        horizon_months
        if horizon_months is not None
        else parameter_value("housing.young_adult_horizon_months", on)
    )
    oldest = dt.date(on.year - parameter_value("minors.responsibility_end_age", on) - 1, 1, 1)
    in_placement = Contract.objects.filter(
        status__in=SIGNED, unit__kind__in=HousingUnit.PLACEMENT_KINDS, start_date__lte=on
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    persons = list(
        restrict(user, Person.objects.all())
        .filter(birth_date__gte=oldest, birth_date__lte=on)
        .filter(
            Q(category=Category.UNACCOMPANIED_MINOR)
            | Q(household_memberships__household__housing_contracts__in=in_placement)
        )
        .distinct()
        .select_related("municipality")  # the audit row names the person's municipality
        .prefetch_related("household_memberships__household")
        .order_by("birth_date", "pk")
    )
    households = {p.pk: next(iter(m.household for m in p.household_memberships.all()), None) for p in persons}
    household_ids = [h.pk for h in households.values() if h is not None]
    current = _current_contracts(household_ids, on)
    with_need = set(
        HousingNeed.objects.filter(
            household_id__in=household_ids, status__in=HousingNeed.OPEN_STATUSES
        ).values_list("household_id", flat=True)
    )
    masked = protected_household_ids(household_ids)
    mark_beside_households(current.values())
    rows = []
    for person in persons:
        household = households[person.pk]
        contract = current.get(household.pk) if household else None
        for transition in rules.housing_age_transitions(person.birth_date, on, months):
            rows.append(
                YoungAdultRow(
                    person=person,
                    household=household,
                    transition=transition,
                    contract=contract,
                    has_need=household is not None and household.pk in with_need,
                    address_masked=person.is_protected
                    or (household is not None and household.pk in masked)
                    or (contract is not None and contract.address_masked),
                )
            )
    rows.sort(key=lambda r: r.transition.date)
    log_list(user, [r.person for r in rows], "Unga vuxna: boende efter 18 och 21 år")
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


def get_contract_for_user(user, public_id) -> Contract:
    contract = get_for_user(
        user, Contract.objects.select_related("household", "unit", "created_by"), public_id=public_id
    )
    mark_beside_households([contract])
    protected = bool(protected_household_ids([contract.household_id]))
    log_read(user, contract.household, "Bostadskontrakt", protected=protected)
    return contract


# --- matching ---------------------------------------------------------------------------------------------------


def latest_run(user, municipality_id: int) -> MatchRun | None:
    if municipality_id not in capabilities(user).housing_municipality_ids:
        return None
    return MatchRun.objects.filter(municipality_id=municipality_id).order_by("-created_at", "-pk").first()


def open_proposals(user, run: MatchRun | None) -> list[MatchProposal]:
    """The proposals of a run still waiting for a decision, with addresses masked for protected households."""
    if run is None:
        return []
    proposals = list(
        restrict(user, run.proposals.filter(status=MatchProposal.Status.PROPOSED))
        .select_related("household__municipality", "unit")
        .order_by("move_in", "pk")
    )
    mark_beside_households(proposals)
    log_list(user, [p.household for p in proposals], "Matchningsförslag")
    return proposals


def get_proposal_for_user(user, proposal_id: int) -> MatchProposal:
    return get_for_user(
        user, MatchProposal.objects.select_related("household", "unit", "run"), pk=proposal_id
    )


# --- for the pages (etablera/web/views/housing*.py) -------------------------------------------------------------


def get_unit_for_user(user, unit_id: int) -> HousingUnit:
    """One home of the user's housing stock (for the edit form), or 404, with `address_masked`. Homes name nobody:
    not logged."""
    unit = get_for_user(user, HousingUnit.objects.select_related("municipality"), pk=unit_id)
    return mark_units([unit])[0]


UNIT_LIST_SHOW = ("free", "soon", "all")


def unit_list(
    user,
    *,
    show: str = "soon",
    kind: str | None = None,
    min_bedrooms: int | None = None,
    on: dt.date | None = None,
) -> list[UnitRow]:
    """The homes page: free now ("free"), free now or within 90 days ("soon", the default) or every home ("all"),
    optionally of one kind and with at least so many bedrooms. Two queries, as unit_rows."""
    rows = unit_rows(user, on=on, free_only=show != "all")
    if show == "free":
        rows = [r for r in rows if r.is_free_now]
    if kind:
        rows = [r for r in rows if r.unit.kind == kind]
    if min_bedrooms is not None:
        rows = [r for r in rows if r.unit.bedrooms >= min_bedrooms]
    return rows


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


# --- for the API (etablera/api/housing.py) ----------------------------------------------------------------------


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


def contract_list(
    user,
    *,
    on: dt.date | None = None,
    ending_within_days: int | None = None,
    temporary: bool | None = None,
    status: str | None = None,
) -> QuerySet[Contract]:
    """The user's contracts, newest first: signed ones ending within so many days, temporary or not, by status.
    Show the rows through `shown_contracts` (masks and logs)."""
    on = _today(on)
    contracts = contracts_for_user(user).select_related("household__municipality", "municipality")
    if ending_within_days is not None:
        contracts = contracts.filter(
            status__in=SIGNED, end_date__gte=on, end_date__lte=on + dt.timedelta(days=ending_within_days)
        ).order_by("end_date", "pk")
    else:
        contracts = contracts.order_by("-start_date", "-pk")
    if temporary is True:
        contracts = contracts.filter(temporary_housing_q())
    elif temporary is False:
        contracts = contracts.filter(kind__in=Contract.PERMANENT_KINDS).exclude(
            unit__kind__in=HousingUnit.TEMPORARY_KINDS
        )
    if status:
        contracts = contracts.filter(status=status)
    return contracts


def shown_contracts(user, contracts, summary: str) -> list[ContractRow]:
    """Contracts about to be shown: the address masked for protected households, each household logged once."""
    return _contract_rows(user, list(contracts), summary)


def household_housing_for_user(user, public_id, *, on: dt.date | None = None) -> HouseholdHousing:
    """A household's housing by its public id, or 404; the read is logged."""
    household = get_for_user(user, Household.objects.select_related("municipality"), public_id=public_id)
    log_read(user, household, "Hushållets boende")
    return household_housing(user, household, on=on)
