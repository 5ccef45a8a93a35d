"""Keeping a person's register data true (issue #11): the plain fields (PATCH), a new identity number, residence
permit decisions, the address and protected identity.

Who may change a person is the policy's (access.policy.can_edit_person: the reception unit's staff and the
administrators of the person's municipality): a user who sees the person but may not change them gets 403, one who
does not see them 404. Every change is audited by the services with its old values. An identity number is sent in
the body only, never in an address. The address is written here and never read back: the answer masks a protected
address like GET /persons/{public_id}; the one way to read it stays POST /persons/{public_id}/address. (The write
is PUT /persons/{public_id}/registered-address: that read's path belongs to the access router, and one path can be
only one router's.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import F
from ninja import Path, Router

from etablera.access.selectors import address_masked_ids
from etablera.api.auth import current_user
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.people import selectors as people
from etablera.people import services
from etablera.people.api.schemas import (
    AddressIn,
    IdentityNumberIn,
    PersonDetailOut,
    PersonPatchIn,
    ProtectedIdentityIn,
    ResidencePermitIn,
    ResidencePermitOut,
)
from etablera.people.services.details import MIN_LIFT_REASON
from etablera.people.services.identity_numbers import HELD_BY_ANOTHER, DuplicateIdentityNumber

# The operations are added to the persons' router (router.py calls `add_to`): PATCH /persons/{public_id} shares its
# path with GET /persons/{public_id}, and one path must be one router's (ninja makes one URL pattern per router).
OPERATIONS: list[tuple[str, str, dict, Callable]] = []


def _operation(method: str, path: str, **options):
    def register(view):
        OPERATIONS.append((method, path, options, view))
        return view

    return register


def add_to(router: Router) -> None:
    for method, path, options, view in OPERATIONS:
        getattr(router, method)(path, **options)(view)


WRITE_ERRORS = {403: Message, 404: Message, 409: Message, 422: ValidationErrorOut}
PublicId = Annotated[UUID, Path(description="Personens publika id (UUID).")]
WHO = (
    " Kräver mottagningsenheten eller administratör i personens kommun (403 för andra som ser personen, 404 för "
    "den som inte ser den). Ändringen loggas med de tidigare värdena."
)


def _answer(user, person):
    """The person as GET /persons/{public_id} shows them, after a change (the read was logged when the person was
    fetched; whether the address is masked is decided again, as protected identity may just have changed)."""
    person.address_masked = person.pk in address_masked_ids([person])
    person.visible_households = list(
        people.households_for_user(user)
        .filter(memberships__person=person)
        .annotate(relation=F("memberships__relation"))
        .order_by("name")
    )
    return person


@_operation(
    "patch",
    "/persons/{public_id}",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    summary="Ändra en persons uppgifter",
    description="Ändrar de fält som skickas: namn, kön, språk och tolkbehov, medborgarskap, telefon (kontrolleras "
    "och sparas i E.164, svenskt nummer om inget landsnummer anges) och e-post. Fel ger 422 vid fältet; 409 om "
    "personen har ändrats efter `version`." + WHO,
)
def update_person(request, public_id: PublicId, body: PersonPatchIn):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    services.update_person(actor=user, person=person, changes=changes, version=version)
    return 200, _answer(user, person)


@_operation(
    "post",
    "/persons/{public_id}/identity-numbers",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    summary="Byt en persons identitetsnummer",
    description="Ger personen ett nytt nuvarande identitetsnummer (t.ex. samordningsnummer, sedan personnummer "
    "efter folkbokföring); det tidigare sparas som tidigare nummer och går att söka på. Ett nummer som en annan "
    "person har eller har haft avvisas med 422 vid identity_number, med den personen som möjlig dubblett om du "
    "har tillgång till den." + WHO,
)
def change_identity_number(request, public_id: PublicId, body: IdentityNumberIn):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    try:
        services.change_identity_number(
            actor=user,
            person=person,
            number_type=body.identity_number_type,
            number=body.identity_number,
            version=body.version,
        )
    except DuplicateIdentityNumber as error:
        if not people.may_see_person(user, error.holder):
            raise
        raise ValidationError(
            {
                "identity_number": f"{HELD_BY_ANOTHER} Möjlig dubblett: {error.holder.full_name} "
                f"(/api/v1/persons/{error.holder.public_id})."
            }
        ) from None
    return 200, _answer(user, person)


def _permits(user, person):
    permits = people.residence_permits(user, person)
    if permits:
        permits[0].current = True
    return permits


@_operation(
    "get",
    "/persons/{public_id}/residence-permits",
    response={200: list[ResidencePermitOut], 404: Message},
    summary="En persons beslut om uppehållstillstånd",
    description="Alla registrerade beslut, det senaste först; det första är det gällande. Läsningen loggas.",
)
def list_residence_permits(request, public_id: PublicId):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    return 200, _permits(user, person)


@_operation(
    "post",
    "/persons/{public_id}/residence-permits",
    response={201: ResidencePermitOut, **WRITE_ERRORS},
    summary="Registrera beslut om uppehållstillstånd",
    description="Ett nytt beslut (nytt tillstånd, förlängning, PUT efter TUT); de tidigare finns kvar. Det senast "
    "fattade beslutet är det gällande och visas som personens uppehållstillstånd." + WHO,
)
def create_residence_permit(request, public_id: PublicId, body: ResidencePermitIn):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    decision = services.record_residence_permit(
        actor=user,
        person=person,
        kind=body.kind,
        decided_on=body.decided_on,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
    )
    current = people.residence_permits(user, person)
    decision.current = bool(current) and current[0].pk == decision.pk
    return 201, decision


@_operation(
    "put",
    "/persons/{public_id}/registered-address",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    summary="Ändra en persons adress",
    description="Ersätter adressen (alla tre fälten tomma tar bort den). Svaret visar adressen som GET "
    "/persons/{public_id}: en skyddad adress visas inte, inte heller den nyss skrivna." + WHO,
)
def set_address(request, public_id: PublicId, body: AddressIn):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    services.set_address(
        actor=user,
        person=person,
        street=body.street,
        postal_code=body.postal_code,
        city=body.city,
        version=body.version,
    )
    return 200, _answer(user, person)


@_operation(
    "post",
    "/persons/{public_id}/protected-identity",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    summary="Sätt eller häv skyddade personuppgifter",
    description="Sätter nivån av skyddade personuppgifter, eller häver skyddet med level NONE och ett skäl (minst "
    f"{MIN_LIFT_REASON} tecken). Skälet sparas i åtkomstloggen." + WHO,
)
def set_protected_identity(request, public_id: PublicId, body: ProtectedIdentityIn):
    user = current_user(request)
    person = people.get_person_for_user(user, public_id)
    services.set_protected_identity(
        actor=user, person=person, level=body.level, reason=body.reason, version=body.version
    )
    return 200, _answer(user, person)
