"""The register of associations over the API (issue #17): the associations (list with filters, one with its
contact persons, offers and agreements, create) and their activities in the catalogue (list, create). The same
selectors and services as the pages (civil.selectors, civil.services): a value the service refuses is 422 at its
field, a write the user may not make 403, another municipality's association 404."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Field, Path, Query, Router, Schema

from etablera.activity.selectors.bank import CatalogueFilters, catalogue, free_places
from etablera.api.auth import current_user
from etablera.api.pagination import Paging, page_of, page_queryset
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.civil import selectors
from etablera.civil.api.schemas import (
    AssociationActivityIn,
    AssociationActivityOut,
    AssociationDetailOut,
    AssociationIn,
    AssociationOut,
)
from etablera.civil.models import Association
from etablera.civil.services import activities, associations
from etablera.civil.services.common import keeper_municipality

router = Router(tags=["Civilsamhället"])

WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
AssociationId = Annotated[UUID, Path(description="Föreningens publika id (UUID).")]


def _association_dict(association: Association, languages: list[str]) -> dict:
    return {
        **{name: getattr(association, name) for name in associations.ASSOCIATION_FIELDS},
        "public_id": association.public_id,
        "active": association.active,
        "left_on": association.left_on,
        "languages": languages,
    }


def _detail(association: Association) -> dict:
    offers = list(association.offers.all())
    languages: list[str] = []
    for offer in offers:
        languages += [code for code in offer.languages if code not in languages]
    return {
        **_association_dict(association, languages),
        "contacts": list(association.contacts.all()),
        "offers": offers,
        "agreements": list(association.agreements.all()),
    }


def _activity_dict(activity) -> dict:
    return {
        **{
            name: getattr(activity, name)
            for name in (
                "public_id",
                "name",
                "description",
                "organiser",
                "place",
                "postcode",
                "schedule",
                "hours_per_week",
                "places",
                "languages",
                "language_support",
                "starts_on",
                "ends_on",
                "active",
            )
        },
        "free_places": free_places(activity),
        "unit_name": activity.unit.name,
    }


class AssociationFilter(Schema):
    q: str = Field("", max_length=100, description="En del av namnet eller organisationsnumret.")
    kind: Literal["", *Association.Kind.values] = Field("", description="Slag; tomt: alla.")  # type: ignore[valid-type]
    language: str = Field(
        "", max_length=3, description="En språkkod (ISO 639-1): föreningar som erbjuder något på språket."
    )
    active: bool | None = Field(
        True, description="true: med i nätverket (standard); false: har lämnat; tomt: alla."
    )


@router.get(
    "/associations",
    response={200: page_of(AssociationOut), 422: ValidationErrorOut},
    summary="Föreningar och aktörer",
    description="Föreningsregistret efter namn, med språken föreningarnas erbjudanden hålls på. Samma lista som sidan "
    "Föreningar och aktörer; inga kontaktpersoner.",
)
def list_associations(request, filters: Query[AssociationFilter], paging: Query[Paging]):
    user = current_user(request)
    queryset = selectors.associations(
        user,
        selectors.AssociationFilters(
            q=filters.q.strip(), kind=filters.kind, language=filters.language.lower(), active=filters.active
        ),
    )
    answer = page_queryset(queryset, paging)
    rows = list(answer["items"])
    languages = selectors.languages_of(rows)
    answer["items"] = [_association_dict(a, languages.get(a.pk, [])) for a in rows]
    return answer


@router.get(
    "/associations/{public_id}",
    response={200: AssociationDetailOut, 404: Message},
    summary="En förening",
    description="Föreningen med kontaktpersoner, erbjudanden och överenskommelser. Läsningen av kontaktpersonerna "
    "loggas.",
)
def get_association(request, public_id: AssociationId):
    user = current_user(request)
    return _detail(selectors.get_association(user, public_id))


@router.post(
    "/associations",
    response={201: AssociationDetailOut, **WRITE_ERRORS},
    summary="Lägg till förening",
    description="Organisationsnumret kontrolleras (kontrollsiffran) och sparas som NNNNNN-NNNN; tomt för en aktör "
    "utan eget nummer. En förening som redan finns i kommunen avvisas (422 vid `organisation_number`). "
    "Integrationsenheten, kultur och fritid och kommunens administratörer lägger till.",
)
def create_association(request, body: AssociationIn):
    user = current_user(request)
    municipality = keeper_municipality(user)
    if municipality is None:
        raise PermissionDenied(
            "Föreningsregistret och nätverket hanteras av integrationsenheten och kultur och fritid."
        )
    association = associations.create_association(actor=user, municipality=municipality, **body.dict())
    return 201, _detail(selectors.get_association(user, association.public_id))


@router.get(
    "/associations/{public_id}/activities",
    response={200: list[AssociationActivityOut], 404: Message},
    summary="Föreningens aktiviteter",
    description="Föreningens aktiviteter i aktivitetskatalogen, med lediga platser.",
)
def list_association_activities(request, public_id: AssociationId):
    user = current_user(request)
    association = selectors.get_association_plain(user, public_id)
    return [_activity_dict(a) for a in _with_taken(user, selectors.association_activities(user, association))]


def _with_taken(user, activity_rows):
    """The activities as the catalogue reads them (with the places taken)."""
    ids = [a.pk for a in activity_rows]
    return list(catalogue(user, CatalogueFilters(active=None)).filter(pk__in=ids))


@router.post(
    "/associations/{public_id}/activities",
    response={201: AssociationActivityOut, **WRITE_ERRORS},
    summary="Lägg till föreningens aktivitet",
    description="En aktivitet i aktivitetskatalogen (slag Förenings aktivitet, föreningen som arrangör), ägd av "
    "en av dina enheter. Timmar mer än 0 och högst 40, platser fler än 0, språk som ISO 639-1-koder.",
)
def create_association_activity(request, public_id: AssociationId, body: AssociationActivityIn):
    user = current_user(request)
    association = selectors.get_association_plain(user, public_id)
    values = body.dict()
    values["hours_per_week"] = Decimal(str(body.hours_per_week))
    link = activities.create_association_activity(actor=user, association=association, **values)
    return 201, _activity_dict(_with_taken(user, [link.activity])[0])
