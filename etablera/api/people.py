"""Persons and households — search before see, and search by POST.

A search needs a term (`q`, at least two characters) sent in the body of a POST: names and identity numbers in a
query string end up in proxy and server logs, so there is no GET list of persons or households. The answer shows
only what your role and unit may see, and every person or household shown is written to the audit log by the
selectors. Identity numbers are masked except on a person's own detail; persons and households are named by their
public_id.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.db.models import F
from ninja import Path, Query, Router

from etablera.api.auth import current_user
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import (
    HouseholdDetailOut,
    HouseholdOut,
    HouseholdSearchIn,
    PersonDetailOut,
    PersonOut,
    PersonSearchIn,
)
from etablera.people import selectors as people
from etablera.reception import selectors as reception

router = Router(tags=["Personer och hushåll"])


@router.post(
    "/persons/search",
    response=page_of(PersonOut),
    summary="Sök personer",
    description="Personer du har tillgång till som matchar sökordet, som skickas i meddelandets innehåll så att "
    "ett namn eller personnummer aldrig står i en adress (adresser hamnar i loggar). Del av för- eller "
    "efternamn, eller ett helt personnummer eller samordningsnummer (12 siffror). Identitetsnummer visas "
    "maskerade. Varje person i svaret loggas.",
)
def search_persons(request, paging: Query[Paging], body: PersonSearchIn):
    user = current_user(request)
    persons = people.search_persons(user, body.q, paging.limit, offset=paging.offset)
    return page(persons, people.count_persons(user, body.q), paging)


@router.get(
    "/persons/{public_id}",
    response=PersonDetailOut,
    summary="En person",
    description="Personens uppgifter med fullständigt identitetsnummer. Läsningen loggas. "
    "Okänd person och person du inte har tillgång till ger båda 404.",
)
def get_person(request, public_id: Annotated[UUID, Path(description="Personens publika id (UUID).")]):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    person.visible_households = list(
        people.households_for_user(user)
        .filter(memberships__person=person)
        .annotate(relation=F("memberships__relation"))
        .order_by("name")
    )
    return person


@router.post(
    "/households/search",
    response=page_of(HouseholdOut),
    summary="Sök hushåll",
    description="Hushåll du har tillgång till vars namn eller medlemmars namn matchar sökordet, som skickas i "
    "meddelandets innehåll så att ett namn aldrig står i en adress (adresser hamnar i loggar). "
    "Varje hushåll i svaret loggas.",
)
def search_households(request, paging: Query[Paging], body: HouseholdSearchIn):
    user = current_user(request)
    households = reception.search_households(user, body.q, paging.limit, offset=paging.offset)
    if paging.offset == 0 and len(households) < paging.limit:
        return page(households, len(households), paging)  # all of them fit on the first page: no COUNT needed
    return page(households, reception.count_households(user, body.q), paging)


@router.get(
    "/households/{public_id}",
    response=HouseholdDetailOut,
    summary="Ett hushåll",
    description="Hushållet med medlemmar (maskerade identitetsnummer), anvisningar, senaste mottagande och "
    "tidslinje. Läsningen av hushållet och varje medlem loggas. Okänt och otillgängligt hushåll ger 404.",
)
def get_household(request, public_id: Annotated[UUID, Path(description="Hushållets publika id (UUID).")]):
    view = reception.household_page(current_user(request), public_id)
    household = view.household
    return {
        "public_id": household.public_id,
        "name": household.name,
        "municipality": household.municipality,
        "anchor_person": household.anchor_person,
        "members": view.members,
        "assignments": view.assignments,
        "reception_case": view.case,
        "events": view.events,
    }
