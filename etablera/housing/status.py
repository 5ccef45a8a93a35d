"""A household's housing status, and the households by status over time.

The status follows the contracts: no current contract → waiting; a temporary one (hotel, transitional housing, a
temporary or establishment contract) → temporary; a first- or second-hand contract in an ordinary home → permanent.
It is stored (the queue is filtered on it), refreshed by every contract change (etablera.housing.services) and by
the daily `etablera housing refresh`; `snapshot_housing_status` keeps the day's counts for the chart.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from etablera.housing.models import Contract, HousingNeed, HousingStatusSnapshot, HousingUnit
from etablera.organisation.models import Municipality
from etablera.people.models import Household


def current_contract(household: Household, on: dt.date) -> Contract | None:
    """The signed contract the household lives under on `on` (the newest, if a move overlaps)."""
    return (
        Contract.objects.filter(household=household, start_date__lte=on)
        .exclude(status__in=[Contract.Status.DRAFT, Contract.Status.CANCELLED])
        .exclude(end_date__lt=on)
        .select_related("unit")
        .order_by("-start_date", "-pk")
        .first()
    )


def status_for(contract: Contract | None) -> str:
    if contract is None:
        return HousingNeed.Status.WAITING
    if contract.is_permanent and not contract.unit.is_temporary:
        return HousingNeed.Status.PERMANENT
    return HousingNeed.Status.TEMPORARY


def refresh_status(need: HousingNeed, on: dt.date) -> bool:
    if need.status == HousingNeed.Status.CLOSED:
        return False
    status = status_for(current_contract(need.household, on))
    if status != need.status:
        need.status = status
        need.save(update_fields=["status", "updated_at"])
        return True
    return False


def refresh_housing_statuses(*, on: dt.date | None = None, municipality: Municipality | None = None) -> int:
    """Bring every stored status up to date (contracts start and end as days pass); returns how many changed."""
    on = on or timezone.localdate()
    needs = HousingNeed.objects.exclude(status=HousingNeed.Status.CLOSED).select_related("household")
    if municipality is not None:
        needs = needs.filter(municipality=municipality)
    return sum(refresh_status(need, on) for need in needs.iterator())


# --- the series for the chart -----------------------------------------------------------------------------------


def status_counts_on(on: dt.date, municipality_ids=None) -> dict[int, dict[str, int]]:
    """Households by housing status on `on`, per municipality, worked out from the contracts as they were that day
    (so past days can be counted again). Counted: the households with a housing need registered by then and not
    closed, and every household living under a signed contract that day. Two queries."""
    needs = HousingNeed.objects.filter(registered_date__lte=on).exclude(status=HousingNeed.Status.CLOSED)
    contracts = (
        Contract.objects.filter(
            status__in=[Contract.Status.ACTIVE, Contract.Status.ENDED], start_date__lte=on
        )
        .exclude(end_date__lt=on)
        .select_related("unit")
        .order_by("start_date", "pk")
    )
    if municipality_ids is not None:
        needs = needs.filter(municipality_id__in=municipality_ids)
        contracts = contracts.filter(municipality_id__in=municipality_ids)
    households = dict(needs.values_list("household_id", "municipality_id"))
    current: dict[int, Contract] = {}
    for contract in contracts:
        current[contract.household_id] = contract  # the newest wins
        households.setdefault(contract.household_id, contract.municipality_id)
    counts: dict[int, dict[str, int]] = {}
    for household_id, municipality_id in households.items():
        contract = current.get(household_id)
        if contract is not None and contract.unit.kind in HousingUnit.PLACEMENT_KINDS:
            # Care, not housing: left out of every status, as today's figures leave it out of temporary housing
            # (selectors.figures.in_temporary_housing), so a past day of the chart counts as today does (issue #11).
            continue
        row = counts.setdefault(municipality_id, dict.fromkeys(HousingNeed.Status.values, 0))
        row[status_for(contract)] += 1
    return counts


@transaction.atomic
def snapshot_housing_status(*, on: dt.date | None = None, municipality_ids=None) -> int:
    """Count households by housing status per municipality on `on` (default today) and store it; running it again
    for the same day replaces that day's figures, so past days can be filled in too. Returns the municipalities
    written."""
    on = on or timezone.localdate()
    S = HousingNeed.Status
    costs = temporary_costs_by_municipality(on)
    written = 0
    for municipality_id, row in status_counts_on(on, municipality_ids).items():
        HousingStatusSnapshot.objects.update_or_create(
            municipality_id=municipality_id,
            date=on,
            defaults={
                "waiting": row[S.WAITING],
                "temporary": row[S.TEMPORARY],
                "permanent": row[S.PERMANENT],
                "temporary_monthly_cost": costs.get(municipality_id, 0),
            },
        )
        written += 1
    return written


def temporary_housing_q() -> Q:
    """Contracts that are temporary housing (hotel, transitional, module homes, temporary and establishment
    contracts…); places in HVB, stödboende and utslussboende are care placements and are not counted here."""
    return (~Q(kind__in=Contract.PERMANENT_KINDS) | Q(unit__kind__in=HousingUnit.TEMPORARY_KINDS)) & ~Q(
        unit__kind__in=HousingUnit.PLACEMENT_KINDS
    )


def temporary_costs_by_municipality(on: dt.date) -> dict[int, int]:
    """The monthly cost of the current temporary contracts, per municipality (no persons: figures only)."""
    rows = (
        Contract.objects.filter(temporary_housing_q(), start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exclude(status__in=[Contract.Status.DRAFT, Contract.Status.CANCELLED])
        .values("municipality_id")
        .annotate(total=Sum("monthly_cost"))
    )
    return {row["municipality_id"]: row["total"] or 0 for row in rows}
