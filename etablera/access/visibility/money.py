"""Who sees the money records (issue #15) — the money domain's visibility rule.

The lines of entitlements, payments and claims are the municipality's accounts: the users with the money
capability (policy.money_municipality_ids) see their municipality's. A line may name a person or a household; the
pages never show those names from here — a drill-down reads the persons through restrict() and logs them, so
the money capability alone reveals nobody. A move is seen by the municipality it left and the one it came to.
"""

from __future__ import annotations

from django.db.models import Q

from etablera.access.visibility.base import Rule
from etablera.money.models import (
    Claim,
    Entitlement,
    ForecastSetting,
    FundingYear,
    Payment,
    PotApplication,
    Relocation,
    SplitShare,
)


def _own(reach, queryset):
    return queryset.filter(municipality_id__in=reach.caps.money_municipality_ids)


def _moves(reach, queryset):
    ids = reach.caps.money_municipality_ids
    return queryset.filter(Q(from_municipality_id__in=ids) | Q(to_municipality_id__in=ids))


def _of_year(reach, queryset):
    return queryset.filter(funding_year__municipality_id__in=reach.caps.money_municipality_ids)


RULES = {
    Entitlement: Rule(_own, figures=True),
    Payment: Rule(_own, figures=True),
    Claim: Rule(_own, figures=True),
    Relocation: Rule(_moves),
    # The pot, the split and the forecast hold no personal data: the municipality's money users see them.
    FundingYear: Rule(_own, figures=True),
    PotApplication: Rule(_of_year, figures=True),
    SplitShare: Rule(_of_year, figures=True),
    ForecastSetting: Rule(_own, figures=True),
}
