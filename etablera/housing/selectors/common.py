"""What several of the housing reads share: the contract states that hold a home, the day a read is for, the
crowding norm for a household's members (or the housing officer's assessment), and the households' current
contracts. Its own module so that homes, the queue and the figures can use it without importing each other."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.utils import timezone

from etablera.housing.models import Contract, HousingNeed
from etablera.people.models import Household, HouseholdMember
from etablera.rules import housing as rules

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
