"""Who sees the housing records — the housing domain's visibility rule, and its share of involvement: the housing
unit is involved in a household while it has an open housing need (waiting for a home, or in temporary housing) or
a contract that still runs.

Homes are the housing staff's stock (the housing unit, the reception unit, administrators); who lives in one is
seen through the contracts. Contracts, housing needs and match proposals are seen with their household.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from etablera.access.visibility.base import Rule, today
from etablera.housing.models import Contract, HousingNeed, HousingUnit, MatchProposal


def involvement(caps, household_ref: str = "pk"):
    if not caps.housing_unit_municipality_ids:
        return None
    by_need = Exists(
        HousingNeed.objects.filter(
            household=OuterRef(household_ref),
            status__in=HousingNeed.OPEN_STATUSES,
            municipality_id__in=caps.housing_unit_municipality_ids,
        )
    )
    # The housing unit keeps the contracts of the homes it provides: it sees the household while one runs (drafts,
    # signed, or ended with a last day still to come), also after the household has a permanent home.
    by_contract = Exists(
        Contract.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today()),
            household=OuterRef(household_ref),
            status__in=[Contract.Status.DRAFT, Contract.Status.ACTIVE, Contract.Status.ENDED],
            municipality_id__in=caps.housing_unit_municipality_ids,
        )
    )
    return by_need | by_contract


# Social services place children in the municipality's own supported and exit housing (issue #14): they see those
# places, to choose one for a placement, and not the rest of the housing stock.
CHILD_PLACEMENT_KINDS = (HousingUnit.Kind.SUPPORTED, HousingUnit.Kind.EXIT)


def _homes(reach, queryset):
    caps = reach.caps
    seen = Q(municipality_id__in=caps.housing_municipality_ids)
    if caps.social_services_municipality_ids:
        seen |= Q(municipality_id__in=caps.social_services_municipality_ids, kind__in=CHILD_PLACEMENT_KINDS)
    return queryset.filter(seen)


def _with_household(reach, queryset):
    return queryset.filter(household__in=reach.households())


RULES = {
    HousingUnit: Rule(_homes),
    Contract: Rule(_with_household),
    HousingNeed: Rule(_with_household),
    MatchProposal: Rule(_with_household),
}
