"""Reads of persons, filtered by the access policy and logged."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from etablera.access.audit import log_list, log_read
from etablera.access.policy import get_for_user, restrict
from etablera.people.models import Household, Person


def persons_for_user(user) -> QuerySet[Person]:
    return restrict(user, Person.objects.all()).select_related("municipality")


def _matching_persons(user, query: str) -> QuerySet[Person]:
    """Search before see: at least two characters of a name; the identity number only as a whole number."""
    query = (query or "").strip()
    if len(query) < 2:
        return Person.objects.none()
    digits = "".join(ch for ch in query if ch.isdigit())
    terms = Q(first_name__icontains=query) | Q(last_name__icontains=query)
    if len(digits) == 12:
        terms |= Q(identity_number=digits)
    return persons_for_user(user).filter(terms)


def search_persons(user, query: str, limit: int = 50, *, offset: int = 0) -> list[Person]:
    """Search before see: at least two characters of a name; the identity number only as a whole number."""
    persons = list(
        _matching_persons(user, query).order_by("last_name", "first_name", "pk")[offset : offset + limit]
    )
    log_list(user, persons, "Sökning av personer")
    return persons


def count_persons(user, query: str) -> int:
    """How many persons `search_persons` finds in all (for paging); a number, so nothing is logged."""
    return _matching_persons(user, query).count()


def get_person_for_user(user, public_id) -> Person:
    person = get_for_user(user, Person.objects.select_related("municipality"), public_id=public_id)
    log_read(user, person, "Persondetaljer")
    return person


def households_for_user(user) -> QuerySet[Household]:
    return restrict(user, Household.objects.all()).select_related("municipality")


def reveal_identity_number(user, household: Household, person_public_id) -> Person:
    """The full identity number of one member, shown only when the user asks for it; the asking is logged.
    The household must already have been fetched for the user (get_household_for_user)."""
    from django.http import Http404

    person = (
        Person.objects.filter(household_memberships__household=household, public_id=person_public_id)
        .select_related("municipality")
        .first()
    )
    if person is None:
        raise Http404
    log_read(user, person, "Visade fullständigt identitetsnummer")
    return person
