"""The lists the housing figures page shows beside the figures (etablera.housing.reports): households living
in temporary housing, the longest first, and the young people who turn 18 or 21 and will need housing of their
own. Both name households: logged, addresses of protected households masked.

`in_temporary_housing` is the one definition of "a household in temporary housing on a day" (issue #11: the card,
the table and the chart once counted 4, 7 and 5): the card, the cost table, the chart's last point and the list
of households all take their households from it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from etablera.access.audit import log_list
from etablera.access.policy import restrict
from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.housing.protection import mark_beside_households, protected_household_ids
from etablera.housing.selectors.common import SIGNED, _current_contracts, _today
from etablera.housing.selectors.contracts import ContractRow, _contract_rows, contracts_for_user
from etablera.housing.status import status_for, temporary_housing_q
from etablera.people.models import Category, Household, Person
from etablera.rules import housing as rules
from etablera.rules.parameters import parameter_value

# --- temporary housing ------------------------------------------------------------------------------------------


def in_temporary_housing(contracts: QuerySet[Contract], on: dt.date) -> list[Contract]:
    """The one definition of the households in temporary housing on `on`, from `contracts` (a municipality's, or
    those a user may see): each household's current contract — signed, begun, not ended, the newest if a move
    overlaps, as the queue's status counts it — when that contract is temporary housing (not a first- or
    second-hand contract in an ordinary home) and not a care placement (HVB, stödboende, utslussboende). One
    contract per household, oldest first; drafts, cancelled, ended and future contracts are not counted. One
    query."""
    current: dict[int, Contract] = {}
    for contract in (
        contracts.filter(status__in=SIGNED, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("unit")
        .order_by("start_date", "pk")
    ):
        current[contract.household_id] = contract  # the newest wins
    return [
        c
        for c in current.values()
        if status_for(c) == HousingNeed.Status.TEMPORARY and c.unit.kind not in HousingUnit.PLACEMENT_KINDS
    ]


def temporary_housing(user, *, on: dt.date | None = None) -> list[ContractRow]:
    """Households living in temporary housing today, the longest first, with how long and at what monthly cost.
    "How long" counts from the start of the household's first temporary contract in an unbroken run of them."""
    on = _today(on)
    contracts = in_temporary_housing(contracts_for_user(user), on)
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
