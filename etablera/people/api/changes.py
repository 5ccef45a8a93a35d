"""Issue #11's register changes in the API: a birth date corrected or uplifted, two registrations of one person
merged, a member added to a household later or leaving it. The same services as the pages; who may is the
policy's (403 for a user who sees but may not change, 404 for one who does not see)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Path, Schema

from etablera.access.policy import get_for_user
from etablera.api.auth import current_user
from etablera.api.schemas import Message
from etablera.people import selectors as people
from etablera.people import services
from etablera.people.api.register import OPERATIONS, WHO, WRITE_ERRORS, PublicId, _answer, _operation
from etablera.people.api.schemas import PersonDetailOut
from etablera.people.models import BirthDateChange, Household, HouseholdMember, Person
from etablera.people.services.birth_dates import REASON_LENGTH
from etablera.people.services.households import PersonInput
from etablera.people.services.merging import REASON_LENGTH as MERGE_REASON_LENGTH

__all__ = ["OPERATIONS"]
HouseholdId = Annotated[UUID, Path(description="Hushållets publika id (UUID).")]


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


class NewPersonIn(Schema):
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    category: str = Field(description="Kategori, t.ex. RESETTLED eller FAMILY_REUNIFICATION.", max_length=30)
    birth_date: dt.date | None = None
    sex: str = Field("U", max_length=1, description="F, M, X eller U.")
    identity_number_type: str = Field("NONE", max_length=20)
    identity_number: str = Field("", max_length=20, description="Skickas bara i meddelandets innehåll.")


class MemberIn(Schema):
    relation: str = Field(description="ADULT, CHILD eller GUARDIAN.", max_length=10)
    person: UUID | None = Field(None, description="En person som redan finns i kommunen, eller null.")
    new_person: NewPersonIn | None = Field(None, description="En ny person, när `person` är null.")
    joined_on: dt.date | None = Field(None, description="Dagen personen kom till hushållet (tomt: i dag).")
    anchor: UUID | None = Field(None, description="En medlem som blir hushållets anknytningsperson.")


class LeaveIn(Schema):
    person: UUID = Field(description="Medlemmens publika id.")
    reason: str = Field(description="MOVED_OUT (flyttat) eller DECEASED (avliden).", max_length=10)
    on_date: dt.date = Field(description="Datum för flytten eller dödsfallet.")


class MemberOut(Schema):
    person: UUID
    relation: str
    joined_on: dt.date | None

    @staticmethod
    def resolve_person(obj) -> UUID:
        return obj.person.public_id


def _editable_household(user, public_id) -> Household:
    return get_for_user(user, Household.objects.select_related("municipality"), public_id=public_id)


def _person_in(user, public_id) -> Person:
    return people.get_person_for_user(user, public_id)


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


@_operation(
    "post",
    "/households/{public_id}/members",
    response={201: MemberOut, **WRITE_ERRORS},
    summary="Lägg till en medlem i hushållet",
    description="En person som kommer senare (ett nyfött barn, en anhörig): en som redan finns i kommunen "
    "(`person`) eller en ny (`new_person`). Hushållets historik får händelsen. Kräver mottagningsenheten eller "
    "administratör i hushållets kommun.",
)
def add_household_member(request, public_id: HouseholdId, body: MemberIn):
    user = current_user(request)
    household = _editable_household(user, public_id)
    person = _person_in(user, body.person) if body.person else None
    data = PersonInput(relation=body.relation, **body.new_person.model_dump()) if body.new_person else None
    anchor = _person_in(user, body.anchor) if body.anchor else None
    member = services.add_member(
        actor=user,
        household=household,
        relation=body.relation,
        person=person,
        data=data,
        joined_on=body.joined_on,
        anchor=anchor,
    )
    return 201, member


@_operation(
    "post",
    "/households/{public_id}/members/leave",
    response={200: Message, **WRITE_ERRORS},
    summary="En medlem flyttar eller har avlidit",
    description="Medlemmen tas bort ur hushållet och sparas som tidigare medlem. Vid dödsfall lämnar personen "
    "alla hushåll och kan inte läggas till igen. Kräver mottagningsenheten eller administratör i hushållets kommun.",
)
def household_member_leaves(request, public_id: HouseholdId, body: LeaveIn):
    user = current_user(request)
    household = _editable_household(user, public_id)
    member = (
        HouseholdMember.objects.filter(household=household, person__public_id=body.person)
        .select_related("person")
        .first()
    )
    if member is None:
        raise ValidationError({"person": "Personen ingår inte i hushållet."})
    services.remove_member(
        actor=user, household=household, person=member.person, reason=body.reason, on_date=body.on_date
    )
    return 200, {"detail": "Ändringen är sparad."}
