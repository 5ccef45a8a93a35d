"""The child's plan over the API (issue #14): read and record social services' plan for the child, with the day it
was updated and the individual plan in Establishment it is part of, where one runs. The same selector and service as
the child's page (minors/selectors_plan.py, minors/services/plan.py).

Who gets what, as for the rest of the child's case (minors/api/cases.py): 404 for a user who does not see the case
(whether a child has a case is itself section SOCIAL), 403 for one who sees it without being social services of the
responsible municipality, 409 when the case is closed."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from ninja import Field, Path, Router, Schema

from etablera.api.auth import current_user
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.minors.api.schemas import BodyDate, LongText
from etablera.minors.selectors import child_case
from etablera.minors.selectors_plan import CarePlan, care_plan, running_individual_plan
from etablera.minors.services.plan import record_care_plan

router = Router(tags=["Ensamkommande barn och unga vuxna"])

PersonId = Annotated[UUID, Path(description="Barnets publika id (UUID).")]


class ChildCarePlanOut(Schema):
    case: UUID = Field(description="Barnärendets publika id.")
    case_status: str = Field(description="OPEN eller CLOSED; planen ändras bara i ett pågående ärende.")
    care_plan: str = Field(
        description="Barnets plan (socialtjänstens plan för barnet); tom tills den skrivits."
    )
    care_plan_updated_on: dt.date | None = Field(description="Dagen planen senast uppdaterades.")
    individual_plan: UUID | None = Field(
        description="Den individuella planen i etableringen som barnets plan är en del av (dess publika id), om en "
        "sådan pågår och du ser den; annars står barnets plan för sig."
    )


class ChildCarePlanIn(Schema):
    care_plan: LongText = Field(description="Planen som den lyder nu (ersätter den tidigare).")
    updated_on: BodyDate | None = Field(
        None,
        description="Dagen planen uppdaterades; utelämnad: i dag. Inte i framtiden och inte före förra "
        "uppdateringen.",
    )


def _plan_dict(plan: CarePlan) -> dict:
    return {
        "case": plan.case.public_id,
        "case_status": plan.case.status,
        "care_plan": plan.text,
        "care_plan_updated_on": plan.updated_on,
        "individual_plan": plan.individual_plan.public_id if plan.individual_plan else None,
    }


@router.get(
    "/persons/{person_id}/child-case/plan",
    response={200: ChildCarePlanOut, 404: Message},
    summary="Barnets plan",
    description="Socialtjänstens plan för barnet, när den uppdaterades och den individuella plan i etableringen "
    "som den är en del av (om en sådan pågår). Läsningen loggas. 404 för den som inte ser barnets ärende.",
)
def get_child_care_plan(request, person_id: PersonId):
    return _plan_dict(care_plan(current_user(request), person_id))


@router.put(
    "/persons/{person_id}/child-case/plan",
    response={200: ChildCarePlanOut, 403: Message, 404: Message, 409: Message, 422: ValidationErrorOut},
    summary="Registrera barnets plan",
    description="Planen som den lyder nu, uppdaterad i dag eller den dag som anges. En tom plan, en för lång "
    "(över 2 000 tecken) eller ett datum i framtiden eller före förra uppdateringen är 422 vid fältet; 409 om "
    "ärendet är avslutat. Bara socialtjänsten i den ansvariga kommunen (403 för andra som ser ärendet); 404 "
    "för den som inte ser barnets ärende.",
)
def put_child_care_plan(request, person_id: PersonId, body: ChildCarePlanIn):
    user = current_user(request)
    case = child_case(user, person_id)
    case = record_care_plan(user, case, care_plan=body.care_plan, updated_on=body.updated_on)
    return _plan_dict(CarePlan(case=case, individual_plan=running_individual_plan(user, case.person)))
