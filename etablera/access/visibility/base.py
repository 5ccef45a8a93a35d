"""What every domain's visibility rule is made of: the `Rule` a domain registers for each model, and the `Reach` it is
given — the ways a user comes to a household (the reception view, involvement, break-glass, consent).

The household is where access starts: a unit sees a household's records because it sees the household, and each
domain's rule says how its records hang on a household (or on a municipality). The parts of that reach are here, in
one place, so that no domain writes its own; involvement is the one part the domains add to (their `involvement`).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from etablera.access.models import BreakGlassAccess, Consent, active_consents_q
from etablera.people.models import Household, HouseholdMember

if TYPE_CHECKING:  # the policy builds the capabilities and the reach; the rules only read them
    from etablera.access.policy import Capabilities

# A domain's share of involvement: an Exists on the household at `household_ref`, or None when the user's units
# cannot be involved that way (the query then leaves the subquery out).
Involvement = Callable[["Capabilities", str], "Exists | None"]


@dataclass(frozen=True)
class Rule:
    """How one model's rows are narrowed to what a user may see.

    `visible(reach, queryset)` is the general answer. `reception_only(caps, queryset)`, when given, is the same
    answer for a user who is reception staff or administrator in every municipality they are staff of (see
    policy._reception_only): the municipality alone decides, and the query is shorter.

    `figures`: the model's rows are a municipality's accounts, not records about persons (the money domain's
    lines, claims, pot): a user who sees no persons — the statistics role — still gets what the rule gives them.
    Anything about a person such a row names is read separately, through the person's own rule."""

    visible: Callable[[Reach, QuerySet], QuerySet]
    reception_only: Callable[[Capabilities, QuerySet], QuerySet] | None = None
    figures: bool = False


def today():
    return timezone.localdate()


def consent(caps: Capabilities, person_ref: str = "pk") -> Exists:
    """A consent in force of the person at `person_ref` that names one of the user's units."""
    return Exists(
        Consent.objects.filter(
            active_consents_q(today()), person=OuterRef(person_ref), units__in=caps.unit_ids
        )
    )


def break_glass(user, household_ref: str = "pk") -> Exists:
    """The user's break-glass access to the household at `household_ref`, while it lasts."""
    return Exists(
        BreakGlassAccess.objects.filter(
            household=OuterRef(household_ref), user=user, expires_at__gt=timezone.now()
        )
    )


@dataclass(frozen=True)
class Reach:
    """One user's ways to a household, for the rules to build their queries on. Building it runs no query."""

    user: object
    caps: Capabilities
    involvement: Sequence[Involvement]

    def involved(self, household_ref: str = "pk"):
        """One of the user's units is involved in the household: each domain says how (a task in an open
        reception case, an open housing need, …)."""
        parts = [
            part
            for part in (source(self.caps, household_ref) for source in self.involvement)
            if part is not None
        ]
        return functools.reduce(operator.or_, parts)

    def break_glass(self, household_ref: str = "pk") -> Exists:
        return break_glass(self.user, household_ref)

    def consent(self, person_ref: str = "pk") -> Exists:
        return consent(self.caps, person_ref)

    def household_q(self, *, with_consent: bool = True) -> Q:
        """The households the user sees: all of a municipality where they are reception staff or administrator;
        elsewhere in their municipalities those they are involved in or have broken the glass to, and (unless
        `with_consent` is False) those with a member whose consent names one of their units."""
        caps = self.caps
        q = Q(municipality_id__in=caps.reception_municipality_ids) | Q(
            self.involved() | self.break_glass(), municipality_id__in=caps.staff_municipality_ids
        )
        if with_consent:
            consenting_member = Exists(
                HouseholdMember.objects.filter(household=OuterRef("pk")).filter(self.consent("person"))
            )
            q |= Q(consenting_member, municipality_id__in=caps.staff_municipality_ids)
        return q

    def households(self, *, with_consent: bool = True) -> QuerySet:
        return Household.objects.filter(self.household_q(with_consent=with_consent))
