"""Who sees households and persons — the people domain's visibility rule.

A household is seen as `Reach.household_q` says. Its members are seen with it, except that a consent shows only the
consenting person: the household is then reached through the person, not the other way round. A person's
history (former identity numbers, residence permit decisions) is seen with the person.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from etablera.access.visibility.base import Rule
from etablera.people.models import (
    FormerIdentityNumber,
    Household,
    HouseholdMember,
    Person,
    ResidencePermitDecision,
)


def _households(reach, queryset):
    return queryset.filter(reach.household_q())


def _persons(reach, queryset):
    caps = reach.caps
    strong = reach.households(with_consent=False)
    in_household = Exists(HouseholdMember.objects.filter(person=OuterRef("pk"), household__in=strong))
    return queryset.filter(
        Q(municipality_id__in=caps.reception_municipality_ids)
        | Q(in_household | reach.consent(), municipality_id__in=caps.staff_municipality_ids)
    )


def _in_reception_municipalities(caps, queryset):
    return queryset.filter(municipality_id__in=caps.reception_municipality_ids)


def _persons_history(reach, queryset):
    return queryset.filter(person__in=_persons(reach, Person.objects.all()))


def _persons_history_in_reception_municipalities(caps, queryset):
    return queryset.filter(person__municipality_id__in=caps.reception_municipality_ids)


RULES = {
    Household: Rule(_households, _in_reception_municipalities),
    Person: Rule(_persons, _in_reception_municipalities),
    FormerIdentityNumber: Rule(_persons_history, _persons_history_in_reception_municipalities),
    ResidencePermitDecision: Rule(_persons_history, _persons_history_in_reception_municipalities),
}
