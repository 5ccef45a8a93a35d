"""Issue #11's changes of a household in the API: a member added later (with the possible duplicates of a new
person in the answer), a member who moves out or dies, a split, a merge and the anchor person. The same services
as the pages (etablera/people/web/changes.py); the reception unit and the administrators of the household's
municipality change (403 for a user who sees the household but may not, 404 for one who does not see it)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Path, Schema

from etablera.access.audit import log_read
from etablera.access.policy import get_for_user
from etablera.api.auth import current_user
from etablera.api.schemas import HouseholdRef, Message, PersonOut
from etablera.people import selectors as people
from etablera.people import services
from etablera.people.api.register import OPERATIONS, WRITE_ERRORS, _operation
from etablera.people.duplicates import possible_duplicates_of
from etablera.people.models import Household, HouseholdMember, Person
from etablera.people.services.households import PersonInput
from etablera.people.services.reshaping import NAME_LENGTH

__all__ = ["OPERATIONS"]
HouseholdId = Annotated[UUID, Path(description="Hushållets publika id (UUID).")]
WHO = (
    " Kräver mottagningsenheten eller administratör i hushållets kommun (403 för andra som ser hushållet, 404 för "
    "den som inte ser det). Hushållets historik får händelsen och ändringen loggas."
)


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


class MembershipOut(Schema):
    person: UUID
    relation: str
    joined_on: dt.date | None

    @staticmethod
    def resolve_person(obj) -> UUID:
        return obj.person.public_id


class AddedMemberOut(MembershipOut):
    possible_duplicates: list[PersonOut] = Field(
        description="Personer du har tillgång till som kan vara samma som den nya (samma nummer, eller samma namn "
        "och födelsedatum). Kontrollera dem; en dubblett förs samman med POST /persons/{public_id}/merge."
    )


class SplitIn(Schema):
    persons: list[UUID] = Field(description="De medlemmar som flyttar till det nya hushållet.", max_length=50)
    name: str = Field(description="Det nya hushållets benämning.", max_length=NAME_LENGTH)
    on_date: dt.date | None = Field(None, description="Datum för delningen (tomt: i dag).")


class MergeIn(Schema):
    other: UUID = Field(description="Hushållet som slås ihop med detta och sedan tas bort.")
    on_date: dt.date | None = Field(None, description="Datum för sammanslagningen (tomt: i dag).")


class MergedOut(HouseholdRef):
    moved: dict[str, int] = Field(description="Vad som flyttades, per slag av uppgift: antal.")


class AnchorIn(Schema):
    anchor: UUID | None = Field(description="Anknytningspersonens publika id, eller null för ingen.")


def _household(user, public_id) -> Household:
    household = get_for_user(user, Household.objects.select_related("municipality"), public_id=public_id)
    log_read(user, household, "Ändring av hushållet")
    return household


def _member(household, public_id) -> Person:
    member = (
        HouseholdMember.objects.filter(household=household, person__public_id=public_id)
        .select_related("person")
        .first()
    )
    if member is None:
        raise ValidationError({"person": "Personen ingår inte i hushållet."})
    return member.person


@_operation(
    "post",
    "/households/{public_id}/members",
    response={201: AddedMemberOut, **WRITE_ERRORS},
    summary="Lägg till en medlem i hushållet",
    description="En person som kommer senare (ett nyfött barn, en anhörig): en som redan finns i kommunen "
    "(`person`, inte i något annat hushåll och inte avliden) eller en ny (`new_person`). `anchor` gör en medlem "
    "till hushållets anknytningsperson." + WHO,
)
def add_household_member(request, public_id: HouseholdId, body: MemberIn):
    user = current_user(request)
    household = _household(user, public_id)
    person = people.get_person_for_user(user, body.person) if body.person else None
    data = PersonInput(relation=body.relation, **body.new_person.model_dump()) if body.new_person else None
    anchor = _member(household, body.anchor) if body.anchor else None
    member = services.add_member(
        actor=user,
        household=household,
        relation=body.relation,
        person=person,
        data=data,
        joined_on=body.joined_on,
        anchor=anchor,
    )
    member.possible_duplicates = possible_duplicates_of(user, member.person) if data else []
    return 201, member


@_operation(
    "post",
    "/households/{public_id}/members/leave",
    response={200: Message, **WRITE_ERRORS},
    summary="En medlem flyttar eller har avlidit",
    description="Medlemmen tas bort ur hushållet och sparas som tidigare medlem. Vid dödsfall lämnar personen "
    "alla hushåll och kan inte läggas till igen. Den sista medlemmen kan inte flytta ut." + WHO,
)
def household_member_leaves(request, public_id: HouseholdId, body: LeaveIn):
    user = current_user(request)
    household = _household(user, public_id)
    services.remove_member(
        actor=user,
        household=household,
        person=_member(household, body.person),
        reason=body.reason,
        on_date=body.on_date,
    )
    return 200, {"detail": "Ändringen är sparad."}


@_operation(
    "post",
    "/households/{public_id}/split",
    response={201: HouseholdRef, **WRITE_ERRORS},
    summary="Dela hushållet",
    description="De valda medlemmarna flyttar till ett nytt hushåll i samma kommun; minst en stannar. Svaret är "
    "det nya hushållet." + WHO,
)
def split_household(request, public_id: HouseholdId, body: SplitIn):
    user = current_user(request)
    household = _household(user, public_id)
    persons = [_member(household, pid) for pid in body.persons]
    new = services.split_household(
        actor=user, household=household, persons=persons, name=body.name, on_date=body.on_date
    )
    return 201, new


@_operation(
    "post",
    "/households/{public_id}/merge",
    response={200: MergedOut, **WRITE_ERRORS},
    summary="Slå ihop två hushåll",
    description="Alla i hushållet `other` flyttar hit, liksom allt som hör till det (anvisningar, mottagande, "
    "uppgifter, boende, händelser); `other` tas sedan bort. Avvisas (422, vid `other`) när flytten skulle bryta en "
    "regel, t.ex. två pågående mottaganden." + WHO,
)
def merge_households(request, public_id: HouseholdId, body: MergeIn):
    user = current_user(request)
    household = _household(user, public_id)
    other = _household(user, body.other)
    moved = services.merge_households(actor=user, kept=household, removed=other, on_date=body.on_date)
    household.moved = moved
    return 200, household


@_operation(
    "put",
    "/households/{public_id}/anchor-person",
    response={200: HouseholdRef, **WRITE_ERRORS},
    summary="Ändra hushållets anknytningsperson",
    description="Anknytningspersonen är den i Sverige som hushållet kommer till (anhöriginvandring); null tar "
    "bort den." + WHO,
)
def change_anchor(request, public_id: HouseholdId, body: AnchorIn):
    user = current_user(request)
    household = _household(user, public_id)
    anchor = people.get_person_for_user(user, body.anchor) if body.anchor else None
    services.change_anchor(actor=user, household=household, anchor=anchor)
    return 200, household
