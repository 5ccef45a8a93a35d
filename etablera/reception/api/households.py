"""Households — search before see, and search by POST (see etablera/people/api/router.py for why).

The household is where the reception's work shows: members, anvisningar, the latest mottagande and the timeline,
so its endpoints are reception's. Every household and member shown is written to the audit log by the selectors.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from ninja import Path, Query, Router

from etablera.api.auth import current_user
from etablera.api.pagination import Paging, page, page_of
from etablera.reception import selectors as reception
from etablera.reception.api.schemas import HouseholdDetailOut
from etablera.reception.api.search_schemas import HouseholdQueryIn, HouseholdSearchOut

router = Router(tags=["Personer och hushåll"])


@router.post(
    "/households/search",
    response=page_of(HouseholdSearchOut),
    summary="Sök hushåll",
    description="Hushåll du har tillgång till som matchar sökordet: hushållets eller en medlems namn (utan "
    "hänsyn till accenter och stora eller små bokstäver), ett identitetsnummer som en medlem har eller har haft, "
    "eller en anvisnings referens. Sökordet skickas i meddelandets innehåll så att ett namn eller nummer aldrig "
    "står i en adress (adresser hamnar i loggar). Varje träff visar medlemmarnas födelseår, anvisningarnas "
    "referenser, status och kommun, aldrig ett identitetsnummer. Varje hushåll i svaret loggas.",
)
def search_households(request, paging: Query[Paging], body: HouseholdQueryIn):
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
