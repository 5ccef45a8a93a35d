"""Who reviews the access log, and what they reach: unit managers and administrators (REVIEWER_ROLES), each the log
of their own municipalities; the persons of those municipalities (by public id, or looked up by identity number);
and the break-glass grants there, waiting for review or reviewed."""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from etablera.access.audit import log_list, log_read
from etablera.access.models import AuditEvent, BreakGlassAccess
from etablera.access.policy import capabilities
from etablera.organisation.models import Membership, Municipality, Role, Unit, User
from etablera.people.models import HouseholdMember, Person
from etablera.rules import identity

REVIEWER_ROLES = {Role.UNIT_MANAGER, Role.ADMINISTRATOR}


def reviewer_municipality_ids(user) -> set[int]:
    """Municipalities whose access log `user` reviews (from the memberships already loaded: no query)."""
    return {m.unit.municipality_id for m in capabilities(user).memberships if m.role in REVIEWER_ROLES}


def is_reviewer(user) -> bool:
    return bool(reviewer_municipality_ids(user))


def reviewer_municipalities(user) -> list[Municipality]:
    found: dict[int, Municipality] = {}
    for membership in capabilities(user).memberships:
        if membership.role in REVIEWER_ROLES:
            found.setdefault(membership.unit.municipality_id, membership.unit.municipality)
    return sorted(found.values(), key=lambda municipality: municipality.name)


def reviewer_units(user) -> QuerySet[Unit]:
    return Unit.objects.filter(municipality_id__in=reviewer_municipality_ids(user)).order_by("name")


def reviewer_users(user) -> QuerySet[User]:
    """The users who work in the reviewer's municipalities (the choices of the user filter)."""
    return (
        User.objects.filter(memberships__unit__municipality_id__in=reviewer_municipality_ids(user))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def reviewer_log(user) -> QuerySet[AuditEvent]:
    """Every event the user may review (none for a user who reviews nothing)."""
    municipalities = reviewer_municipalities(user)
    if not municipalities:
        return AuditEvent.objects.none()
    codes = [m.code for m in municipalities]
    works_there = Exists(
        Membership.objects.filter(user=OuterRef("actor_id"), unit__municipality__code__in=codes)
    )
    return AuditEvent.objects.filter(Q(municipality_code__in=codes) | Q(works_there, municipality_code=""))


def get_person_for_review(user, public_id) -> Person:
    """A person of the reviewer's municipalities, or 404 (missing and forbidden look the same)."""
    person = (
        Person.objects.select_related("municipality")
        .filter(public_id=public_id, municipality_id__in=reviewer_municipality_ids(user))
        .first()
    )
    if person is None:
        raise Http404
    return person


def find_person_by_number(user, raw: str) -> Person | None:
    """The person with this identity number in the reviewer's municipalities (sent by POST, never in a URL).
    The look-up is logged when it finds someone."""
    value = normalised_identity_number(raw)
    if not value:
        return None
    person = (
        Person.objects.select_related("municipality")
        .filter(identity_number=value, municipality_id__in=reviewer_municipality_ids(user))
        .first()
    )
    if person is not None:
        log_read(user, person, "Logguppföljning: person vald med identitetsnummer")
    return person


def normalised_identity_number(raw: str) -> str:
    """A typed personnummer, samordningsnummer or dossiernummer in its stored form, or '' if it is none."""
    raw = (raw or "").strip()
    for kind in (identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER, identity.DOSSIERNUMMER):
        try:
            return identity.parse(kind, raw, timezone.localdate()).value
        except identity.IdentityNumberError:
            continue
    return ""


def household_public_ids(person: Person) -> list[uuid.UUID]:
    return list(HouseholdMember.objects.filter(person=person).values_list("household__public_id", flat=True))


def about_person_q(person: Person) -> Q:
    """Events about the person, or about a household they belong to."""
    return Q(person_public_id=person.public_id) | Q(household_public_id__in=household_public_ids(person))


# --- break-glass for review ---------------------------------------------------------------------------------------


def break_glass_for_review(user, *, reviewed: bool = False, limit: int = 200) -> list[BreakGlassAccess]:
    """Nödåtkomster in the reviewer's municipalities: waiting for review (oldest first) or reviewed (newest
    first). The households named are written to the log."""
    rows = BreakGlassAccess.objects.filter(
        municipality_id__in=reviewer_municipality_ids(user), reviewed_at__isnull=not reviewed
    ).select_related("user", "household__municipality", "reviewed_by")
    rows = rows.order_by("-reviewed_at", "-pk") if reviewed else rows.order_by("started_at", "pk")
    found = list(rows[:limit])
    unit_names: dict[int, list[str]] = {}
    for user_id, unit_name in (
        Membership.objects.filter(
            user_id__in={g.user_id for g in found},
            unit__municipality_id__in={g.municipality_id for g in found},
        )
        .order_by("unit__name")
        .values_list("user_id", "unit__name")
    ):
        if unit_name not in unit_names.setdefault(user_id, []):
            unit_names[user_id].append(unit_name)
    for grant in found:
        grant.user_units = unit_names.get(grant.user_id, [])
    log_list(user, {g.household_id: g.household for g in found}.values(), "Granskning av nödåtkomst")
    return found


def get_break_glass_for_review(user, access_id: int) -> BreakGlassAccess:
    grant = (
        BreakGlassAccess.objects.select_related("household", "municipality", "user")
        .filter(pk=access_id, municipality_id__in=reviewer_municipality_ids(user))
        .first()
    )
    if grant is None:
        raise Http404
    return grant
