"""Volunteers and their matches over the API (issue #17), staff only: the same selectors as the pages
(volunteers.selectors) — the volunteers of the municipalities where the user works with civil society, another
municipality's a 404, everyone else a 403. Read only: the sign-up is the public form's, the review the page's."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from etablera.access.policy import capabilities
from etablera.api.auth import current_user
from etablera.api.pagination import Paging, page_of, page_queryset
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.volunteers import selectors
from etablera.volunteers.api.schemas import VolunteerDetailOut, VolunteerMatchOut, VolunteerOut
from etablera.volunteers.codes import LANGUAGES, Offer, unpack
from etablera.volunteers.explain import criterion_text
from etablera.volunteers.models import Volunteer

router = Router(tags=["Volontärer"])

VolunteerId = Annotated[UUID, Path(description="Volontärens publika id (UUID).")]
MatchId = Annotated[UUID, Path(description="Matchningens publika id (UUID).")]


def _staff(request):
    user = current_user(request)
    if not capabilities(user).civil_municipality_ids:
        raise PermissionDenied(_("Civilsamhällets sidor är för integrationsenheten och kultur och fritid."))
    return user


def _volunteer(v: Volunteer) -> dict:
    return {
        "public_id": v.public_id,
        "municipality_code": v.municipality.code,
        "name": v.name,
        "email": v.email,
        "phone": v.phone,
        "offers": unpack(v.offers),
        "languages": unpack(v.languages),
        "area": v.area,
        "status": v.status,
        "running_matches": getattr(v, "running", 0),
        "created_at": v.created_at,
    }


class VolunteerFilter(Schema):
    status: Literal["", *Volunteer.Status.values] = Field("", description="Status; tomt: alla utom raderade.")  # type: ignore[valid-type]
    offer: Literal["", *Offer.values] = Field("", description="Ett uppdrag; tomt: alla.")  # type: ignore[valid-type]
    language: Literal["", *[code for code, _name in LANGUAGES]] = Field(
        "", description="En språkkod (ISO 639)."
    )  # type: ignore[valid-type]


@router.get(
    "/volunteers",
    response={200: page_of(VolunteerOut), 403: Message, 422: ValidationErrorOut},
    summary="Volontärer",
    description="Kommunens volontärer med filter på status, uppdrag och språk. Samma lista som sidan Volontärer; "
    "inga anteckningar.",
)
def list_volunteers(request, filters: Query[VolunteerFilter], paging: Query[Paging]):
    user = _staff(request)
    queryset = selectors.volunteers_for(
        user, status=filters.status, offer=filters.offer, language=filters.language
    )
    answer = page_queryset(queryset.order_by("-created_at", "pk"), paging)
    answer["items"] = [_volunteer(v) for v in answer["items"]]
    return answer


@router.get(
    "/volunteers/{public_id}",
    response={200: VolunteerDetailOut, 403: Message, 404: Message},
    summary="En volontär",
    description="Volontären med granskning, anteckning om belastningsregister och samtyckets version. Läsningen "
    "loggas.",
)
def get_volunteer(request, public_id: VolunteerId):
    user = _staff(request)
    v = selectors.read_volunteer(user, public_id)
    return {
        **_volunteer(v),
        "running_matches": v.matches.filter(status__in=selectors.RUNNING).count(),
        "availability": v.availability,
        "takes_families": v.takes_families,
        "review_note": v.review_note,
        "background_check_note": v.background_check_note,
        "consent_version": v.consent_text.version,
        "consent_at": v.consent_at,
    }


def _match(m) -> dict:
    return {
        "public_id": m.public_id,
        "volunteer_id": m.volunteer.public_id,
        "volunteer_name": m.volunteer.name,
        "person_id": m.wish.person.public_id,
        "offer": m.offer,
        "status": m.status,
        "score": m.score,
        "explanation": [
            {"key": c["key"], "points": c["points"], "text": criterion_text(c)} for c in m.explanation
        ],
        "contact_consent_date": m.contact_consent_date,
        "started_at": m.started_at,
        "ended_at": m.ended_at,
        "end_reason": m.end_reason,
        "follow_ups": list(m.follow_ups.all()),
    }


@router.get(
    "/volunteer-matches",
    response={200: page_of(VolunteerMatchOut), 403: Message, 422: ValidationErrorOut},
    summary="Matchningar med volontärer",
    description="Matchningarna för de nyanlända användaren får se, nyaste först, med förklaringen per kriterium och "
    "uppföljningarna. Personerna i svaret loggas.",
)
def list_matches(request, paging: Query[Paging]):
    user = _staff(request)
    answer = page_queryset(selectors.matches_for(user).prefetch_related("follow_ups"), paging)
    rows = list(answer["items"])
    selectors.log_wishes(user, [m.wish for m in rows])
    answer["items"] = [_match(m) for m in rows]
    return answer


@router.get(
    "/volunteer-matches/{public_id}",
    response={200: VolunteerMatchOut, 403: Message, 404: Message},
    summary="En matchning",
    description="Matchningen med förklaring och uppföljningar. Läsningen av den nyanlände loggas.",
)
def get_match(request, public_id: MatchId):
    user = _staff(request)
    return _match(selectors.match_for(user, public_id))
