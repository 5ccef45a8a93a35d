"""Possible duplicate persons (issue #11): the same identity number (current or former, `identity_number_q`), or
the same name (`name_key`, without accents or case) and birth date. Reads, filtered to what the user sees and
logged; the merge itself is people.services.merging."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from etablera.access.audit import log_list
from etablera.people.models import FormerIdentityNumber, Person
from etablera.people.names import person_name_key
from etablera.people.selectors import identity_number_q, persons_for_user

LIST_LIMIT = 100


def _similar(persons: QuerySet[Person], person: Person) -> QuerySet[Person]:
    terms = None
    if person.identity_number:
        terms = identity_number_q(person.identity_number)
    if person.birth_date and person.name_key:
        by_name = Person.objects.filter(name_key=person.name_key, birth_date=person.birth_date).values("pk")
        terms = (terms | _pk_in(by_name)) if terms is not None else _pk_in(by_name)
    if terms is None:
        return persons.none()
    found = persons.filter(terms)
    if person.pk:
        found = found.exclude(pk=person.pk)
    return found


def _pk_in(subquery) -> Q:
    return Q(pk__in=subquery)


def possible_duplicates_of(user, person: Person, limit: int = 10) -> list[Person]:
    """Persons the user sees who may be `person` registered again (for a person page, or a person about to be
    added: an unsaved Person with the given names, birth date and number). Logged as a list."""
    person.name_key = person_name_key(person.first_name, person.last_name)
    found = list(_similar(persons_for_user(user), person).order_by("last_name", "first_name", "pk")[:limit])
    log_list(user, found, "Möjliga dubbletter")
    return found


@dataclass
class DuplicatePair:
    first: Person
    second: Person
    why: str


def duplicate_pairs(user, limit: int = LIST_LIMIT) -> list[DuplicatePair]:
    """The possible duplicates among the persons the user sees: same name and birth date, or one's current number
    the other's former one. Each person shown is logged."""
    visible = persons_for_user(user)
    pairs: list[DuplicatePair] = []
    groups = (
        visible.exclude(birth_date=None)
        .exclude(name_key="")
        .values("name_key", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("name_key", "birth_date")[:limit]
    )
    keys = [(g["name_key"], g["birth_date"]) for g in groups]
    if keys:
        terms = Q()
        for name_key, birth_date in keys:
            terms |= Q(name_key=name_key, birth_date=birth_date)
        by_key: dict[tuple, list[Person]] = {}
        for person in visible.filter(terms).order_by("pk"):
            by_key.setdefault((person.name_key, person.birth_date), []).append(person)
        for group in by_key.values():
            first = group[0]
            pairs.extend(DuplicatePair(first, other, "Samma namn och födelsedatum") for other in group[1:])
    former = (
        FormerIdentityNumber.objects.filter(person__in=visible.values("pk"))
        .select_related("person__municipality")
        .order_by("pk")[:limit]
    )
    numbers = {(f.number_type, f.number): f.person for f in former}
    if numbers:
        holders = visible.filter(identity_number__in={n for _, n in numbers})
        for holder in holders:
            other = numbers.get((holder.identity_number_type, holder.identity_number))
            if other is None:
                # a personnummer and a samordningsnummer are one series
                other = next((p for (_, n), p in numbers.items() if n == holder.identity_number), None)
            if other is not None and other.pk != holder.pk:
                pairs.append(DuplicatePair(holder, other, "Ett nummer som den andra har haft"))
    pairs = pairs[:limit]
    log_list(user, [p for pair in pairs for p in (pair.first, pair.second)], "Möjliga dubbletter")
    return pairs
