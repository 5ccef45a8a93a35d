"""The programmes that end soon, and glappet, over the API (issue #12): the same list as /etablering/program-slutar/,
from the same selector (only the persons `restrict()` gives; the persons of the page are logged). For social
services, the reception and labour-market units and administrators (`programme_followup_municipality_ids`); others
get 403."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from etablera.access.policy import capabilities
from etablera.api.auth import current_user
from etablera.api.pagination import Paging, page_of, page_queryset
from etablera.api.schemas import DeadlineOut, Message, PersonRef, ValidationErrorOut
from etablera.establishment.reports.ending import ENDING, WAITING, programmes, rows_of
from etablera.rules import establishment as rules

router = Router(tags=["Etablering"])


class EndingFilter(Schema):
    days: int | None = Field(
        None, ge=1, le=365, description="Slutar inom så många dagar: 90, 60 eller 30 (standard 90)."
    )
    kind: str = Field(
        ENDING,
        max_length=7,
        description="`ending`: program som slutar inom `days` dagar eller har passerat planerat slut; `waiting`: "
        "anvisade till programmet som inte har startat (glappet).",
    )
    social_assistance: bool = Field(False, description="Bara de vars senaste status är försörjningsstöd.")
    without_plan: bool = Field(False, description="Bara de utan en plan eller SIP som pågår.")


class ProgrammeEndingOut(Schema):
    person: PersonRef
    programme: UUID = Field(description="Programmets public_id.")
    referral_date: dt.date
    start_date: dt.date | None
    planned_end: DeadlineOut | None = Field(
        description="Planerat slut med förklaring (24 månader från starten, eller Arbetsförmedlingens datum)."
    )
    days_left: int | None = Field(description="Dagar kvar till planerat slut; negativt när det har passerat.")
    arrival: dt.date | None
    waiting_days: int | None = Field(description="I glappet: dagar sedan ankomsten (eller anvisningen).")
    latest_status: str = Field(
        description="Senaste status per månad (WORK, …, SOCIAL_ASSISTANCE), eller tomt."
    )
    latest_status_month: dt.date | None
    social_assistance: bool = Field(description="Senaste status är försörjningsstöd.")
    plan: str = Field(description="PLAN eller SIP om en plan pågår, annars tomt.")


@router.get(
    "/programme/ending",
    response={200: page_of(ProgrammeEndingOut), 403: Message, 422: ValidationErrorOut},
    summary="Etableringsprogram som slutar snart",
    description="Pågående etableringsprogram vars planerade slut infaller inom 90, 60 eller 30 dagar (passerade "
    "först, sedan det som slutar först), eller med `kind=waiting` de som väntar på att programmet ska starta. "
    "Bara personer du har tillgång till; personerna på sidan loggas. 403 för den som inte följer upp programmet "
    "(socialtjänsten, mottagningen, arbetsmarknadsenheten och administratörer gör det).",
)
def programme_ending(request, filters: Query[EndingFilter], paging: Query[Paging]):
    user = current_user(request)
    if not capabilities(user).programme_followup_municipality_ids:
        raise PermissionDenied("Listan följs upp av socialtjänsten och mottagningsenheten.")
    today = timezone.localdate()
    choices = rules.ending_soon_choices(today)
    errors = {}
    if filters.days is not None and filters.days not in choices:
        errors["days"] = "Välj " + ", ".join(str(n) for n in choices[:-1]) + f" eller {choices[-1]} dagar."
    if filters.kind not in (ENDING, WAITING):
        errors["kind"] = "Välj ending eller waiting."
    if errors:
        raise ValidationError(errors)
    periods, _days = programmes(
        user,
        on=today,
        kind=filters.kind,
        days=filters.days,
        social_assistance=filters.social_assistance,
        without_plan=filters.without_plan,
    )
    result = page_queryset(periods, paging)
    result["items"] = [
        {
            "person": row.person,
            "programme": row.period.public_id,
            "referral_date": row.period.referral_date,
            "start_date": row.period.start_date,
            "planned_end": row.deadline,
            "days_left": row.days_left,
            "arrival": row.arrival,
            "waiting_days": row.waiting_days,
            "latest_status": row.status,
            "latest_status_month": row.status_month,
            "social_assistance": row.social_assistance,
            "plan": row.plan_kind,
        }
        for row in rows_of(user, result["items"], today, "Etableringsprogram som slutar (API)")
    ]
    return result
