"""Reads of persons, filtered by the access policy and logged."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from etablera.access.audit import log_list, log_read
from etablera.access.policy import get_for_user, restrict
from etablera.people.models import Household, Person


def persons_for_user(user) -> QuerySet[Person]:
    return restrict(user, Person.objects.all()).select_related("municipality")


def search_persons(user, query: str, limit: int = 50) -> list[Person]:
    """Search before see: at least two characters of a name; the identity number only as a whole number."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    digits = "".join(ch for ch in query if ch.isdigit())
    terms = Q(first_name__icontains=query) | Q(last_name__icontains=query)
    if len(digits) == 12:
        terms |= Q(identity_number=digits)
    persons = list(persons_for_user(user).filter(terms).order_by("last_name", "first_name")[:limit])
    log_list(user, persons, "Sökning av personer")
    return persons


def get_person_for_user(user, public_id) -> Person:
    person = get_for_user(user, Person.objects.select_related("municipality"), public_id=public_id)
    log_read(user, person, "Persondetaljer")
    return person


def households_for_user(user) -> QuerySet[Household]:
    return restrict(user, Household.objects.all()).select_related("municipality")
