"""Who may see and do what — the one place that decides (STYLE.md rule 4).

Issue #2 sets the base: users see only their own municipality; staff of the reception unit (and administrators)
see every household the municipality has received or been assigned; other units see the households in which they
own a task; the statistics role sees figures, never persons. The consent and section model of issue #3 grows here.
Pages, API and exports all call `restrict()` for lists and `get_*_for_user()` for single objects, and a missing
object and a forbidden one both give 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from etablera.organisation.models import Membership, Role, Unit

STAFF_ROLES = {Role.CASEWORKER, Role.COORDINATOR, Role.UNIT_MANAGER, Role.ADMINISTRATOR}


@dataclass
class Capabilities:
    """What a user's memberships allow, computed once per request."""

    memberships: list[Membership]

    @cached_property
    def unit_ids(self) -> set[int]:
        return {m.unit_id for m in self.memberships if m.role in STAFF_ROLES}

    @cached_property
    def municipality_ids(self) -> set[int]:
        return {m.unit.municipality_id for m in self.memberships}

    @cached_property
    def staff_municipality_ids(self) -> set[int]:
        return {m.unit.municipality_id for m in self.memberships if m.role in STAFF_ROLES}

    @cached_property
    def reception_municipality_ids(self) -> set[int]:
        """Municipalities where the user works in the reception unit or administers: the broad reception view."""
        return {
            m.unit.municipality_id
            for m in self.memberships
            if (m.role in STAFF_ROLES and m.unit.function == Unit.Function.RECEPTION)
            or m.role == Role.ADMINISTRATOR
        }

    @property
    def sees_persons(self) -> bool:
        return bool(self.unit_ids)

    @property
    def can_register_reception(self) -> bool:
        return bool(self.reception_municipality_ids)

    @cached_property
    def admin_municipality_ids(self) -> set[int]:
        return {m.unit.municipality_id for m in self.memberships if m.role == Role.ADMINISTRATOR}

    @property
    def is_administrator(self) -> bool:
        return bool(self.admin_municipality_ids)

    @property
    def units(self) -> list[Unit]:
        return [m.unit for m in self.memberships if m.role in STAFF_ROLES]

    @property
    def home_municipality(self):
        return self.memberships[0].unit.municipality if self.memberships else None


def capabilities(user) -> Capabilities:
    cached = getattr(user, "_etablera_caps", None)
    if cached is not None:
        return cached
    memberships = []
    if user is not None and user.is_authenticated and user.is_active:
        memberships = list(
            Membership.objects.filter(user=user).select_related("unit__municipality__county").order_by("pk")
        )
    caps = Capabilities(memberships)
    if user is not None:
        user._etablera_caps = caps
    return caps


def _involved_households(caps: Capabilities) -> Q:
    from etablera.reception.models import Task

    involved = Task.objects.filter(household=OuterRef("pk"), unit_id__in=caps.unit_ids)
    return Q(municipality_id__in=caps.reception_municipality_ids) | Q(
        Exists(involved), municipality_id__in=caps.staff_municipality_ids
    )


def restrict(user, queryset: QuerySet, action: str = "view") -> QuerySet:
    """The part of `queryset` that `user` may `action`. Knows households, persons, assignments, cases and tasks."""
    from etablera.people.models import Household, Person
    from etablera.reception.models import Assignment, ReceptionCase, Task

    caps = capabilities(user)
    model = queryset.model
    if not caps.sees_persons:
        return queryset.none()
    if model is Household:
        return queryset.filter(_involved_households(caps))
    if model is Person:
        households = restrict(user, Household.objects.all())
        return queryset.filter(
            Q(household_memberships__household__in=households)
            | Q(municipality_id__in=caps.reception_municipality_ids)
        ).distinct()
    if model in (ReceptionCase, Task):
        households = restrict(user, Household.objects.all())
        return queryset.filter(household__in=households)
    if model is Assignment:
        households = restrict(user, Household.objects.all())
        return queryset.filter(
            Q(municipality_id__in=caps.reception_municipality_ids) | Q(household__in=households)
        )
    raise TypeError(f"restrict() does not know {model.__name__}")


def get_for_user(user, queryset: QuerySet, **lookup):
    """One object the user may see, or 404 — the same 404 whether it is missing or forbidden."""
    obj = restrict(user, queryset).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def can_act_on_task(user, task) -> bool:
    """Owning-unit staff, its manager, and the reception unit may change a task."""
    caps = capabilities(user)
    return task.unit_id in caps.unit_ids or task.municipality_id in caps.reception_municipality_ids
