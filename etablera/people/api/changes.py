"""Issue #11's register changes of a person in the API: a birth date corrected or uplifted, the possible duplicates,
two registrations of one person merged (a household's changes are in households.py). The same services as the
pages; who may is the policy's (403 for a user who sees but may not change, 404 for one who does not see)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Schema

from etablera.api.auth import current_user
from etablera.api.schemas import Message, PersonOut
from etablera.people import selectors as people
from etablera.people import services
from etablera.people.api.register import OPERATIONS, WHO, WRITE_ERRORS, PublicId, _answer, _operation
from etablera.people.api.schemas import PersonDetailOut
from etablera.people.duplicates import possible_duplicates_of
from etablera.people.models import BirthDateChange
from etablera.people.services.birth_dates import REASON_LENGTH
from etablera.people.services.merging import REASON_LENGTH as MERGE_REASON_LENGTH

__all__ = ["OPERATIONS"]


class BirthDateIn(Schema):
    kind: str = Field(description="CORRECTION (rättelse) eller AGE_UPLIFT (ålder uppskriven).", max_length=10)
    new_date: dt.date = Field(description="Det nya födelsedatumet.")
    decided_on: dt.date | None = Field(
        None, description="Migrationsverkets beslutsdatum; krävs vid AGE_UPLIFT."
    )
    reason: str = Field(description="Skälet till ändringen.", max_length=REASON_LENGTH)
    version: str | None = Field(
        None, description="Personens version när du läste den (409 om den ändrats).", max_length=40
    )


class PersonMergeIn(Schema):
    duplicate: UUID = Field(description="Dubblettens publika id; den tas bort och allt dess flyttas hit.")
    reason: str = Field(description="Varför det är samma person.", max_length=MERGE_REASON_LENGTH)


@_operation(
    "post",
    "/persons/{public_id}/birth-date",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    summary="Rätta födelsedatum eller skriv upp åldern",
    description="Ändrar personens födelsedatum; det tidigare sparas i historiken och personens hushåll får en "
    "händelse. Skäl krävs, vid ålder uppskriven även beslutsdatum, och det nya datumet ska då vara tidigare. "
    "Alla åldersregler följer det nya datumet." + WHO,
)
def change_birth_date(request, public_id: PublicId, body: BirthDateIn):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    if body.kind not in BirthDateChange.Kind.values:
        raise ValidationError({"kind": "Välj CORRECTION eller AGE_UPLIFT."})
    services.change_birth_date(
        actor=user,
        person=person,
        kind=body.kind,
        new_date=body.new_date,
        decided_on=body.decided_on,
        reason=body.reason,
        version=body.version,
    )
    return 200, _answer(user, person)


@_operation(
    "get",
    "/persons/{public_id}/possible-duplicates",
    response={200: list[PersonOut], 404: Message},
    summary="Möjliga dubbletter av en person",
    description="Personer du har tillgång till med samma identitetsnummer (nu eller tidigare), eller samma namn "
    "(utan hänsyn till accenter och versaler) och födelsedatum. Varje person i svaret loggas.",
)
def possible_duplicates(request, public_id: PublicId):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    return 200, possible_duplicates_of(user, person)


@_operation(
    "post",
    "/persons/{public_id}/merge",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    summary="Slå samman en dubblett med personen",
    description="Allt som hör till dubbletten flyttas till personen (hushåll, uppgifter, samtycken, anteckningar, "
    "identitetsnummer som tidigare nummer), spåret sparas och loggas, och dubbletten tas bort. Avvisas (422) när "
    "personerna har olika personnummer, (403) när någon av dem har skyddade personuppgifter och du saknar "
    "behörighet att se dem." + WHO,
)
def merge_persons(request, public_id: PublicId, body: PersonMergeIn):
    user = current_user(request)
    kept = people.get_person_for_user(user, public_id)
    duplicate = people.get_person_for_user(user, body.duplicate)
    services.merge_persons(actor=user, kept=kept, duplicate=duplicate, reason=body.reason)
    kept.refresh_from_db()
    return 200, _answer(user, kept)
