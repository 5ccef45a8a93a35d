"""The matching over the API (issue #13): a person's ranked proposals, a placement's ranked candidates, each with
its explanation — in the reader's language and as the catalogue messages an offer keeps — and the person's job
profile written. The same selectors and service as the pages (selectors.matching, services.profile); nothing here
offers or plans anything: a person chooses, through the offer and week endpoints."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.utils.translation import gettext
from ninja import Field, Path, Router, Schema
from pydantic import StringConstraints

from etablera.activity.models import JobProfile
from etablera.activity.selectors import matching as selectors
from etablera.activity.services.profile import set_job_profile
from etablera.api.auth import current_user
from etablera.api.bounds import column_length
from etablera.api.schemas import Message, PersonRef, ValidationErrorOut
from etablera.rules.deadlines import render

router = Router(tags=["Aktivitetskrav och arbete"])

PersonId = Annotated[UUID, Path(description="Personens publika id (UUID).")]
PlacementId = Annotated[UUID, Path(description="Praktikplatsens publika id (UUID).")]
_NO_NUL = r"^[^\x00]*$"
WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}


class MatchExplanationOut(Schema):
    text: str = Field(description="Skälet i ord, på läsarens språk.")
    msgid: str = Field(description="Meddelandet i katalogen (svenska).")
    params: dict[str, str | int | float] = Field(description="Värdena i meddelandet.")


class MatchProposalOut(Schema):
    kind: str = Field(description="PLACEMENT (praktikplats) eller ACTIVITY (aktivitet).")
    public_id: UUID = Field(description="Praktikplatsens eller aktivitetens publika id.")
    title: str
    score: int = Field(description="Poängen som rangordnar förslagen (högre passar bättre).")
    raised: list[MatchExplanationOut] = Field(description="Det som talar för.")
    lowered: list[MatchExplanationOut] = Field(description="Det som talar emot.")


class MatchPersonProposalsOut(Schema):
    person: PersonRef
    placements: list[MatchProposalOut] = Field(
        description="Lediga praktikplatser, den som passar bäst först."
    )
    activities: list[MatchProposalOut] = Field(
        description="Aktiviteter med lediga platser, den som passar bäst först."
    )


class MatchCandidateOut(Schema):
    person: PersonRef
    score: int = Field(description="Poängen som rangordnar kandidaterna (högre passar bättre).")
    raised: list[MatchExplanationOut] = Field(description="Det som talar för.")
    lowered: list[MatchExplanationOut] = Field(description="Det som talar emot.")


class MatchPlacementCandidatesOut(Schema):
    placement: UUID = Field(description="Praktikplatsens publika id.")
    title: str
    basis: str = Field(
        description="COVERAGE: bland dem som omfattas av aktivitetskravet nu eller snart (socialtjänsten); "
        "INVOLVED: bland dem som användarens enheter följer (pågående aktivitet eller jobbcoach)."
    )
    candidates: list[MatchCandidateOut]


class JobProfileIn(Schema):
    wished_ssyk: list[Annotated[str, StringConstraints(max_length=10, pattern=_NO_NUL)]] = Field(
        default_factory=list,
        max_length=20,
        description="Önskade yrken som SSYK 2012-koder med fyra siffror, högst fem.",
    )
    travel: Annotated[str, StringConstraints(max_length=5, pattern=_NO_NUL)] = Field(
        "AREA",
        description="NEAR (bara nära hemmet), AREA (kommunen och närområdet) eller FAR (kan resa längre).",
    )
    wishes: Annotated[
        str, StringConstraints(max_length=column_length(JobProfile, "wishes"), pattern=_NO_NUL)
    ] = Field("", description="Önskemål i övrigt.")


class JobProfileOut(Schema):
    wished_ssyk: list[str]
    travel: str
    wishes: str


def _messages(messages: list) -> list[dict]:
    return [
        {"text": render(m, gettext), "msgid": m[0], "params": m[1] if len(m) > 1 else {}} for m in messages
    ]


def _proposal(row: selectors.Row) -> dict:
    record = row.placement or row.activity
    p = row.proposal
    return {
        "kind": p.kind,
        "public_id": record.public_id,
        "title": row.placement.title if row.placement else row.activity.name,
        "score": p.score,
        "raised": _messages(p.raised),
        "lowered": _messages(p.lowered),
    }


@router.get(
    "/persons/{public_id}/activity/proposals",
    response={200: MatchPersonProposalsOut, 403: Message, 404: Message},
    summary="Förslag på praktikplatser och aktiviteter för en person",
    description="De lediga praktikplatser och aktiviteter med lediga platser som passar personen bäst, med skälen "
    "i ord. Bygger på kartläggningen, förmågan och önskemålen; körkort, svenska, timmar och resväg utesluter. "
    "Ett förslag väljs av en människa: inget erbjuds eller planeras här. 403 för den som inte arbetar med "
    "aktivitetskravet i personens kommun. Läsningen loggas.",
)
def get_proposals(request, public_id: PersonId):
    data = selectors.person_proposals(current_user(request), public_id)
    return {
        "person": data.person,
        "placements": [_proposal(r) for r in data.placements],
        "activities": [_proposal(r) for r in data.activities],
    }


@router.get(
    "/placements/{public_id}/candidates",
    response={200: MatchPlacementCandidatesOut, 404: Message},
    summary="Kandidater till en praktikplats",
    description="De personer som passar praktikplatsen bäst, med skälen i ord: för socialtjänsten bland dem som "
    "omfattas av aktivitetskravet nu eller snart, för andra bland dem som deras enheter följer. Läsningen loggas.",
)
def get_candidates(request, public_id: PlacementId):
    data = selectors.placement_candidates(current_user(request), public_id)
    return {
        "placement": data.placement.public_id,
        "title": data.placement.title,
        "basis": data.basis,
        "candidates": [
            {
                "person": r.person,
                "score": r.proposal.score,
                "raised": _messages(r.proposal.raised),
                "lowered": _messages(r.proposal.lowered),
            }
            for r in data.rows
        ],
    }


@router.put(
    "/persons/{public_id}/activity/job-profile",
    response={200: JobProfileOut, **WRITE_ERRORS},
    summary="Skriv personens önskemål om arbete",
    description="Önskade yrken (SSYK-koder), hur långt personen kan resa och önskemål i övrigt. Skapar "
    "önskemålen om de inte finns. 403 för den som inte arbetar med aktivitetskravet i personens kommun.",
)
def put_job_profile(request, public_id: PersonId, body: JobProfileIn):
    user = current_user(request)
    person = selectors.job_profile_page(user, public_id).person
    return set_job_profile(actor=user, person=person, **body.dict())
