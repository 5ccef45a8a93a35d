"""Who sees the money records (issue #15) — the money domain's visibility rule.

The lines of entitlements, payments and claims are the municipality's accounts: the users with the money
capability (policy.money_municipality_ids) see their municipality's. A line may name a person or a household; the
pages never show those names from here — a drill-down reads the persons through restrict() and logs them, so
the money capability alone reveals nobody. A move is seen by the municipality it left and the one it came to.
"""

from __future__ import annotations

from django.db.models import Q

from etablera.access.visibility.base import Rule
from etablera.money.models import Claim, Entitlement, Payment, Relocation


def _own(reach, queryset):
    return queryset.filter(municipality_id__in=reach.caps.money_municipality_ids)


def _moves(reach, queryset):
    ids = reach.caps.money_municipality_ids
    return queryset.filter(Q(from_municipality_id__in=ids) | Q(to_municipality_id__in=ids))


RULES = {
    Entitlement: Rule(_own),
    Payment: Rule(_own),
    Claim: Rule(_own),
    Relocation: Rule(_moves),
}
