"""Housing in figures: what temporary housing costs against flats of the right size, and households by housing
status over time. Counts and money for the municipality as a whole, never a person — so the statistics role reads
them too (`Capabilities.housing_figures_municipality_ids`), and nothing here is logged as a read of personal data.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.utils import timezone

from etablera.access.policy import capabilities
from etablera.housing.models import Contract, HousingNeed, HousingStatusSnapshot, HousingUnit
from etablera.housing.selectors import member_birth_dates, members_prefetch
from etablera.housing.selectors.figures import in_temporary_housing
from etablera.housing.status import status_counts_on
from etablera.rules import housing as rules


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


@dataclass
class CostComparison:
    """What temporary housing costs against ordinary homes of the size the same households need (figures only)."""

    kind: str
    label: str
    households: int
    monthly_cost: int
    average: int
    flat_equivalent: int  # the same households in flats of the bedrooms they need, at the median rent
    difference: int


def cost_comparison(
    user, *, on: dt.date | None = None, temporary: list[Contract] | None = None
) -> list[CostComparison]:
    """Temporary housing against flats, for the user's municipalities as a whole: the monthly cost now of the
    households in temporary housing (`in_temporary_housing`, the page's one definition; pass `temporary` when it
    has been read already), by kind of home, and what flats of the right size would cost (the median rent per
    bedroom count of the municipality's flats and houses). Numbers, no names: not logged. Households in their
    own flat are not temporary housing, and places in HVB and stödboende are care: neither is counted."""
    on = _today(on)
    ids = capabilities(user).housing_figures_municipality_ids
    if temporary is None:
        temporary = in_temporary_housing(Contract.objects.filter(municipality_id__in=ids), on)
    prefetch_related_objects(temporary, members_prefetch())
    flats = HousingUnit.objects.filter(
        municipality_id__in=ids, kind__in=[HousingUnit.Kind.FLAT, HousingUnit.Kind.HOUSE]
    )
    rent_by_bedrooms: dict[int, list[int]] = defaultdict(list)
    for bedrooms, cost in flats.values_list("bedrooms", "monthly_cost"):
        rent_by_bedrooms[bedrooms].append(cost)
    medians = {b: int(statistics.median(costs)) for b, costs in rent_by_bedrooms.items()}

    def flat_rent(bedrooms: int) -> int:
        sizes = sorted(b for b in medians if b >= bedrooms)
        return medians[sizes[0]] if sizes else (max(medians.values()) if medians else 0)

    groups: dict[str, list[Contract]] = defaultdict(list)
    for contract in temporary:
        groups[contract.unit.kind].append(contract)
    result = []
    for kind in HousingUnit.Kind.values:
        contracts = groups.get(kind, [])
        if not contracts:
            continue
        total = sum(c.monthly_cost for c in contracts)
        equivalent = sum(
            flat_rent(rules.bedrooms_needed(member_birth_dates(c.household), on).bedrooms) for c in contracts
        )
        result.append(
            CostComparison(
                kind=kind,
                label=HousingUnit.Kind(kind).label,
                households=len(contracts),
                monthly_cost=total,
                average=round(total / len(contracts)),
                flat_equivalent=equivalent,
                difference=total - equivalent,
            )
        )
    return result


# --- households by housing status over time --------------------------------------------------------------------


@dataclass
class StatusPoint:
    date: dt.date
    waiting: int
    temporary: int
    permanent: int


def status_series(
    user, *, on: dt.date | None = None, municipality_id: int | None = None, temporary: list | None = None
) -> list[StatusPoint]:
    """Households by housing status per day (the stored daily snapshots, summed over the user's municipalities,
    and today from the live figures). Today's households in temporary housing are `in_temporary_housing`'s (the
    page's one definition; pass `temporary` when it has been read already), so the chart's last point is the card
    above it. Figures only."""
    on = _today(on)
    municipality_ids = capabilities(user).housing_figures_municipality_ids
    if municipality_id is not None:
        municipality_ids = municipality_ids & {municipality_id}
    points: dict[dt.date, StatusPoint] = {}
    snapshots = HousingStatusSnapshot.objects.filter(municipality_id__in=municipality_ids, date__lt=on)
    for snap in snapshots.order_by("date"):
        point = points.setdefault(snap.date, StatusPoint(snap.date, 0, 0, 0))
        point.waiting += snap.waiting
        point.temporary += snap.temporary
        point.permanent += snap.permanent
    if temporary is None:
        temporary = in_temporary_housing(Contract.objects.filter(municipality_id__in=municipality_ids), on)
    today = StatusPoint(on, 0, len({c.household_id for c in temporary}), 0)
    for row in status_counts_on(on, municipality_ids).values():
        today.waiting += row[HousingNeed.Status.WAITING]
        today.permanent += row[HousingNeed.Status.PERMANENT]
    points[on] = today
    return [points[d] for d in sorted(points)]


@dataclass
class HousingFigures:
    comparison: list[CostComparison]
    series: list[StatusPoint]
    temporary_households: int
    temporary_monthly_cost: int

    @property
    def comparison_total(self) -> dict[str, int]:
        """The cost table's last row: its households are the card's, from the same contracts."""
        return {
            "households": sum(c.households for c in self.comparison),
            "monthly_cost": sum(c.monthly_cost for c in self.comparison),
            "flat_equivalent": sum(c.flat_equivalent for c in self.comparison),
            "difference": sum(c.difference for c in self.comparison),
        }


def housing_figures(user, *, on: dt.date | None = None) -> HousingFigures:
    """Temporary housing in figures for the municipality as a whole (the statistics role sees these, never the
    households): what it costs against flats of the size the households need, and households by status over
    time. The card, the cost table and the chart's last point count the same households, read once from
    `in_temporary_housing`. Not logged: no person is returned."""
    on = _today(on)
    ids = capabilities(user).housing_figures_municipality_ids
    temporary = in_temporary_housing(Contract.objects.filter(municipality_id__in=ids), on)
    return HousingFigures(
        comparison=cost_comparison(user, on=on, temporary=temporary),
        series=status_series(user, on=on, temporary=temporary),
        temporary_households=len(temporary),
        temporary_monthly_cost=sum(c.monthly_cost for c in temporary),
    )
