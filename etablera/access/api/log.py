"""The access log review and the register extract, for unit managers and administrators of the municipality.

GET /access-log and POST /access-log/search give the same paged, flagged list as the log review page (the POST takes
an identity number in the body, which never belongs in a URL). POST /persons/{public_id}/extract produces the register
extract as JSON, for a stated reason, for those authorised to (etablera/access/register_extract.py). Everything here
is logged: the persons named in a page of the log, and the extract (EXPORT of a RegisterExtract, with the reason).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from ninja import Field, Path, Query, Router, Schema

from etablera import limits
from etablera.access import register_extract as extracts
from etablera.access import review
from etablera.access.models import AuditEvent
from etablera.api.auth import current_user
from etablera.api.bounds import Id, QueryDate, column_length
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import Message, ValidationErrorOut

router = Router(tags=["Åtkomstlogg och registerutdrag"])

NOT_A_REVIEWER = "Åtkomstloggen följs upp av enhetschefer och administratörer."
FLAGS = ", ".join(review.Flag.order)


class LogFilterSchema(Schema):
    user: Id | None = Field(None, description="Bara händelser av denna användare (användarens id).")
    unit: Id | None = Field(None, description="Bara händelser av användare i denna enhet (enhetens id).")
    date_from: QueryDate | None = Field(
        None,
        description=f"Från och med detta datum (standard: {review.DEFAULT_PERIOD_DAYS} dagar före date_to).",
    )
    date_to: QueryDate | None = Field(None, description="Till och med detta datum (standard: i dag).")
    action: str | None = Field(
        None,
        max_length=column_length(AuditEvent, "action"),
        description="Bara denna händelsetyp: " + ", ".join(AuditEvent.Action.values) + ".",
    )
    flagged: bool = Field(False, description=f"true: bara flaggade händelser ({FLAGS}).")


class LogQueryIn(LogFilterSchema):
    identity_number: str | None = Field(
        None,
        max_length=limits.IDENTITY_NUMBER_INPUT,
        description="Bara händelser om personen med detta identitetsnummer (och hennes hushåll).",
    )
    person: UUID | None = Field(None, description="Bara händelser om personen med detta publika id.")


class AccessLogEventOut(Schema):
    at: dt.datetime
    user: str = Field(description="Användarnamnet; tomt för systemet.")
    user_name: str = Field(description="Användarens namn.")
    units: list[str] = Field(description="Användarens enheter i kommunen.")
    action: str = Field(description="VIEW, LIST, CREATE, UPDATE, DELETE, EXPORT, IMPORT, LOGIN …")
    object_type: str = Field(description="Vilken sorts post: Person, Household, Task, Assignment …")
    person: UUID | None = Field(description="Personens publika id, om händelsen gäller en person.")
    person_name: str = Field(description="Personens namn (tomt om personen inte finns i din kommun).")
    household: UUID | None = Field(description="Hushållets publika id, om händelsen gäller ett hushåll.")
    channel: str = Field(description="PAGE, API, CLI eller SYSTEM.")
    basis: str = Field(
        description="Grunden för en läsning: RECEPTION, INVOLVED, CONSENT, BREAK_GLASS, ADMIN."
    )
    flags: list[str] = Field(description=f"Flaggor för ovanlig åtkomst: {FLAGS}.")


def _reviewer(request):
    user = current_user(request)
    if not review.is_reviewer(user):
        raise PermissionDenied(NOT_A_REVIEWER)
    return user


def _event_out(row: review.ReviewRow) -> dict[str, Any]:
    event = row.event
    return {
        "at": event.at,
        "user": event.actor_name,
        "user_name": event.actor_display if event.actor_id else "",  # as the account was named then
        "units": row.units,
        "action": event.action,
        "object_type": event.object_type,
        "person": event.person_public_id,
        "person_name": row.person.full_name if row.person else "",
        "household": event.household_public_id,
        "channel": event.channel,
        "basis": event.basis,
        "flags": row.flags,
    }


def _listing(user, filters: LogFilterSchema, paging: Paging, person=None) -> dict[str, Any]:
    log_filter = review.LogFilter(
        person=person,
        user_id=filters.user,
        unit_id=filters.unit,
        date_from=filters.date_from,
        date_to=filters.date_to,
        action=filters.action or "",
        only_flagged=filters.flagged,
    )
    rows, count = review.review_slice(user, log_filter, limit=paging.limit, offset=paging.offset)
    return page([_event_out(row) for row in rows], count, paging)


@router.get(
    "/access-log",
    response={200: page_of(AccessLogEventOut), 403: Message},
    summary="Åtkomstloggen",
    description="Händelser i åtkomstloggen för din kommun, nyast först, med flaggor för ovanlig åtkomst. "
    "Bara för enhetschefer och administratörer (annars 403). Utan datum visas de senaste "
    f"{review.DEFAULT_PERIOD_DAYS} dagarna. För att filtrera på en person med identitetsnummer: POST "
    "/access-log/search. Personerna som namnges i svaret loggas.",
)
def access_log(
    request,
    filters: Query[LogFilterSchema],
    paging: Query[Paging],
    person: Annotated[
        UUID | None, Query(description="Bara händelser om personen med detta publika id.")
    ] = None,
):
    user = _reviewer(request)
    found = review.get_person_for_review(user, person) if person else None
    return _listing(user, filters, paging, found)


@router.post(
    "/access-log/search",
    response={200: page_of(AccessLogEventOut), 403: Message, 404: Message},
    summary="Sök i åtkomstloggen",
    description="Som GET /access-log, men filtret skickas i meddelandets innehåll, så att ett identitetsnummer "
    "aldrig står i en adress. En person som inte finns i din kommun ger 404.",
)
def search_access_log(request, body: LogQueryIn, paging: Query[Paging]):
    user = _reviewer(request)
    person = None
    if body.identity_number:
        person = review.find_person_by_number(user, body.identity_number)
        if person is None:
            raise Http404
    elif body.person:
        person = review.get_person_for_review(user, body.person)
    return _listing(user, body, paging, person)


class RegisterExtractIn(Schema):
    reason: str = Field(
        "",
        max_length=extracts.MAX_REASON_LENGTH,
        description=f"Skäl eller diarienummer för utdraget (minst {extracts.MIN_REASON_LENGTH} tecken), till exempel "
        "diarienumret för personens begäran. Sparas i åtkomstloggen.",
    )


@router.post(
    "/persons/{public_id}/extract",
    response={200: dict[str, Any], 403: Message, 404: Message, 422: ValidationErrorOut},
    summary="Registerutdrag",
    description="Tar fram allt Etablera har om personen (registerutdrag enligt dataskyddsförordningen art. 15): "
    "personuppgifter med fullständigt identitetsnummer och adress, hushåll och relationer, anvisningar, "
    "mottaganden, uppgifter, anteckningar i alla delar, samtycken, nödåtkomster, boende och åtkomstloggen. Lämnas "
    "ut till personen själv efter identitetskontroll. Kräver uttrycklig behörighet i personens kommun "
    '(medlemskapets may_produce_register_extract, "får ta fram registerutdrag"); en roll räcker inte. Utan '
    "behörigheten 403, för en person i en annan kommun 404. Ange skäl eller diarienummer i reason; utan skäl 422 "
    "vid reason och inget tas fram. Utdraget loggas med skälet. Svaret är en fil till personen "
    "(Content-Disposition: attachment) och får inte sparas (Cache-Control: no-store).",
)
def register_extract(
    request,
    response: HttpResponse,
    public_id: Annotated[UUID, Path(description="Personens publika id (UUID).")],
    body: RegisterExtractIn,
):
    add_never_cache_headers(response)  # the file is the data subject's: no copy in a cache
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{timezone.localdate()}.json"'
    user = current_user(request)
    person = extracts.get_person_for_extract(user, public_id)
    return extracts.produce_extract(actor=user, person=person, reason=body.reason, fmt="json")
