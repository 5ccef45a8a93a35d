"""Persons — search before see, and search by POST.

A search needs a term (`q`, at least two characters) sent in the body of a POST: names and identity numbers in a
query string end up in proxy and server logs, so there is no GET list of persons. The answer shows only what your
role and unit may see, and every person shown is written to the audit log by the selectors. Identity numbers are
masked except on a person's own detail; persons are named by their public_id. The changes of a person's register
data (issue #11) are in register.py, added to this router. Households are reception's
(etablera/reception/api/households.py); both share the tag "Personer och hushåll" in the document.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.db.models import F
from ninja import Path, Query, Router

from etablera.api.auth import current_user
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import PersonOut
from etablera.people import selectors as people
from etablera.people.api import changes, households, register
from etablera.people.api.schemas import PersonDetailOut, PersonSearchIn

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


# changes.py and households.py add their operations to register's list, so all are added here at once.
assert changes.OPERATIONS is households.OPERATIONS is register.OPERATIONS
register.add_to(router)
