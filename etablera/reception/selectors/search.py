"""Finding a household: search before see, by the household's or a member's name."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from etablera.access.audit import log_list
from etablera.access.policy import (
    capabilities,
    restrict,
)
from etablera.people.models import Household, HouseholdMember


def _matching_households(user, query: str) -> QuerySet[Household]:
    query = (query or "").strip()
    if len(query) < 2:
        return Household.objects.none()
    # Members are matched in a subquery, not a join: the households' own rows stay one each (no DISTINCT), so the
    # member count counts every member, not only those whose name matched; and looking only at the households of the
    # user's municipalities (the only ones restrict() can let through) keeps the name test off the whole country.
    # The persons are of those municipalities too (a person belongs to the household's municipality; one who did
    # not would not be someone the municipality rule lets the user see): on PostgreSQL one trigram index over the
    # municipality and both names (people/0003) then finds them without testing every person's name.
    municipalities = capabilities(user).staff_municipality_ids
    matching_members = HouseholdMember.objects.filter(
        Q(person__first_name__icontains=query) | Q(person__last_name__icontains=query),
        person__municipality_id__in=municipalities,
        household__municipality_id__in=municipalities,
    ).values("household_id")
    return restrict(user, Household.objects.all()).filter(
        Q(name__icontains=query) | Q(pk__in=matching_members)
    )


def search_households(user, query: str, limit: int = 50, *, offset: int = 0) -> list[Household]:
    """Search before see: no query, no list. Matches household name or a member's name."""
    households = list(
        _matching_households(user, query)
        .annotate(member_count=Count("memberships", distinct=True))
        .select_related("municipality")
        .order_by("name", "pk")[offset : offset + limit]
    )
    log_list(user, households, "Sökning av hushåll")
    return households


def count_households(user, query: str) -> int:
    """How many households `search_households` finds in all (for paging); a number, so nothing is logged."""
    return _matching_households(user, query).count()
