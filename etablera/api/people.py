"""Persons and households — search before see.

A list needs a search term (`q`, at least two characters) and shows only what your role and unit may see; every
person or household shown is written to the audit log by the selectors. Identity numbers are masked except on a
person's own detail; persons and households are named by their public_id.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import F
from ninja import Path, Query, Router

from etablera.api.auth import current_user
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import HouseholdDetailOut, HouseholdOut, PersonDetailOut, PersonOut, PersonSearchIn
from etablera.people import selectors as people
from etablera.reception import selectors as reception

router = Router(tags=["Personer och hushåll"])

SEARCH = (
    "Sökord, minst två tecken: del av för- eller efternamn. Utan sökord visas ingenting (sök innan du ser). "
    "Ett identitetsnummer får inte stå i adressen (den hamnar i loggar): sök på nummer med POST /persons/search."
)


def _refuse_identity_number_in_url(q: str) -> None:
    """Personnummer never in URLs: a query string is written to proxy and server logs."""
    if sum(ch.isdigit() for ch in q) >= 6:
        raise LocatedValidationError(
            {
                "q": ValidationError(
                    "Sök inte på identitetsnummer i adressen; använd POST /persons/search med numret i "
                    "meddelandets innehåll.",
                    code="identity_number_in_url",
                )
            },
            default="query",
        )


@router.get(
    "/persons",
    response=page_of(PersonOut),
    summary="Sök personer",
    description="Personer du har tillgång till som matchar sökordet. Identitetsnummer visas maskerade. "
    "Varje person i svaret loggas.",
)
def list_persons(request, paging: Query[Paging], q: str = Query(..., min_length=2, description=SEARCH)):
    _refuse_identity_number_in_url(q)
    user = current_user(request)
    persons = people.search_persons(user, q, paging.limit, offset=paging.offset)
    return page(persons, people.count_persons(user, q), paging)


@router.post(
    "/persons/search",
    response=page_of(PersonOut),
    summary="Sök personer (även på identitetsnummer)",
    description="Som GET /persons, men sökordet skickas i meddelandets innehåll så att ett personnummer aldrig "
    "står i en adress. Ett helt personnummer eller samordningsnummer (12 siffror) hittar personen.",
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


@router.get(
    "/households",
    response=page_of(HouseholdOut),
    summary="Sök hushåll",
    description="Hushåll du har tillgång till vars namn eller medlemmars namn matchar sökordet. "
    "Varje hushåll i svaret loggas.",
)
def list_households(request, paging: Query[Paging], q: str = Query(..., min_length=2, description=SEARCH)):
    user = current_user(request)
    households = reception.search_households(user, q, paging.limit, offset=paging.offset)
    return page(households, reception.count_households(user, q), paging)


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
