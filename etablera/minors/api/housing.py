"""The young person's housing need, opened by social services over the API (issue #14): the same service as the
child's page's button "Öppna bostadsbehov" (minors.services.housing.open_housing_need) — once, locked, logged.

Who gets what, as for the rest of the child's case (minors.api.cases): 404 for a user who does not see the case, 403
for one who sees it without being social services of the responsible municipality, 409 when the household already
has a housing need (or the case is closed), 422 when the person belongs to no household."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from ninja import Field, Path, Router, Schema

from etablera.api.auth import current_user
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.minors.selectors import child_case
from etablera.minors.services.housing import open_housing_need

router = Router(tags=["Ensamkommande barn och unga vuxna"])

PersonId = Annotated[UUID, Path(description="Den unges publika id (UUID).")]


class ChildHousingNeedOut(Schema):
    household: UUID = Field(description="Hushållets publika id: bostadsbehovet är hushållets.")
    status: str = Field(
        description="WAITING, TEMPORARY eller PERMANENT (bostadsbehovets status efter kontrakten)."
    )
    reason: str = Field(description="LEAVING_PLACEMENT (en placering pågår) eller OTHER.")
    registered_date: dt.date = Field(description="Dagen bostadsbehovet anmäldes.")
    reopened: bool = Field(description="Sant om hushållets tidigare, avslutade bostadsbehov öppnades igen.")
    note: str = Field(description="Vem som anmälde och när kommunens ansvar för den unges boende upphör.")


@router.post(
    "/persons/{person_id}/child-case/housing-need",
    response={201: ChildHousingNeedOut, 403: Message, 404: Message, 409: Message, 422: ValidationErrorOut},
    summary="Öppna den unges bostadsbehov",
    description="Socialtjänsten öppnar bostadsbehovet för den unges hushåll i god tid innan kommunens ansvar för "
    "boendet upphör (datumet står i barnets ärende, `next_dates` med kind HOUSING_NEED). Bostadsenheten tar det "
    "därifrån. En gång: 409 om hushållet redan har ett bostadsbehov (väntar, tillfälligt eller permanent boende) "
    "eller om ärendet är avslutat; ett avslutat bostadsbehov öppnas igen. 422 vid `housing_need` om personen inte "
    "hör till något hushåll. Bara socialtjänsten i den ansvariga kommunen (403 för andra som ser barnet). 404 för "
    "den som inte ser barnets ärende.",
)
def open_child_housing_need(request, person_id: PersonId):
    user = current_user(request)
    case = child_case(user, person_id)
    need = open_housing_need(user, case)
    return 201, {
        "household": need.household.public_id,
        "status": need.status,
        "reason": need.reason,
        "registered_date": need.registered_date,
        "reopened": need.reopened,
        "note": need.note,
    }
