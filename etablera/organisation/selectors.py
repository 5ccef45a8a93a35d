"""Reads of organisation data: counties, municipalities and units are public facts; users' names are shown only
to staff of the same municipality."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from etablera.access.policy import capabilities
from etablera.organisation.models import County, Municipality, Unit, User


def counties() -> QuerySet[County]:
    return County.objects.order_by("code")


def municipalities(*, county_code: str | None = None) -> QuerySet[Municipality]:
    qs = Municipality.objects.select_related("county").order_by("code")
    return qs.filter(county__code=county_code) if county_code else qs


def get_municipality(code: str) -> Municipality | None:
    return Municipality.objects.select_related("county").filter(code=code).first()


def units_for_user(user) -> QuerySet[Unit]:
    """Units of the municipalities the user works in (a task may be handed to any of them but the county board,
    which holds no household's task)."""
    return (
        Unit.objects.municipal()
        .filter(municipality_id__in=capabilities(user).municipality_ids, is_active=True)
        .select_related("municipality", "parent")
        .order_by("municipality__code", "name")
    )


def staff_of_unit(user, unit: Unit) -> QuerySet[User]:
    """Colleagues a task can be assigned to: active users with a membership in `unit`, if the user may see it."""
    if unit.municipality_id not in capabilities(user).municipality_ids:
        return User.objects.none()
    return (
        User.objects.filter(memberships__unit=unit, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


def staff_memberships(user, *, municipality_id: int) -> list:
    """Who a task in `municipality_id` can be handed to: active staff per unit (for a select grouped by unit).
    Empty unless the user works in that municipality."""
    from etablera.access.policy import STAFF_ROLES
    from etablera.organisation.models import Membership

    if municipality_id not in capabilities(user).municipality_ids:
        return []
    return list(
        Membership.objects.filter(
            unit__municipality_id=municipality_id,
            unit__is_active=True,
            user__is_active=True,
            role__in=STAFF_ROLES,
        )
        .select_related("user", "unit")
        .order_by("unit__name", "user__first_name", "user__last_name", "pk")
    )


# --- the administration pages (issue #9, finding 7): only the administrator's own municipalities ----------------


def administered_units(user) -> list[Unit]:
    """The units of the municipalities the user administers, each with its memberships and their accounts
    (`unit.members`), in three queries whatever the number of units and accounts."""
    from django.db.models import Prefetch

    from etablera.organisation.models import Membership

    members = Membership.objects.select_related("user").order_by(
        "user__last_name", "user__first_name", "user__username", "role", "pk"
    )
    return list(
        Unit.objects.municipal()
        .filter(municipality_id__in=capabilities(user).admin_municipality_ids)
        .select_related("municipality")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="members"))
        .order_by("municipality__name", "name")
    )


def administered_account(user, account_id: int) -> tuple[User, list]:
    """An account with a role in one of the user's administered municipalities, and its memberships there (its
    roles elsewhere are none of this administrator's business); 404 otherwise."""
    from django.http import Http404

    from etablera.organisation.models import Membership

    memberships = list(
        Membership.objects.filter(
            user_id=account_id, unit__municipality_id__in=capabilities(user).admin_municipality_ids
        )
        .exclude(unit__function=Unit.Function.COUNTY_BOARD)
        .select_related("user", "unit__municipality")
        .order_by("unit__municipality__name", "unit__name", "role", "pk")
    )
    if not memberships:
        raise Http404
    return memberships[0].user, memberships


def administered_membership(user, membership_id: int):
    """One membership in a unit of a municipality the user administers; 404 otherwise."""
    from django.http import Http404

    from etablera.organisation.models import Membership

    membership = (
        Membership.objects.filter(
            pk=membership_id, unit__municipality_id__in=capabilities(user).admin_municipality_ids
        )
        .exclude(unit__function=Unit.Function.COUNTY_BOARD)
        .select_related("user", "unit__municipality")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def has_roles_elsewhere(user, account: User) -> bool:
    """Whether the account has a role in a municipality the user does not administer."""
    administered = Q(unit__municipality_id__in=capabilities(user).admin_municipality_ids) & ~Q(
        unit__function=Unit.Function.COUNTY_BOARD
    )
    return account.memberships.exclude(administered).exists()
