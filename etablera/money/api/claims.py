"""The claims of the money domain over the API (issue #15): the register of compensation the municipality must apply
for — list (paged, with the page's filters), register one by hand, read one, and move it a step (to apply → applied
→ granted → paid, or applied → refused). The same selectors and services as the pages.

Who gets what: the list is for users with the money pages (403 for others); a claim of another municipality, or
any claim for a user without them, is 404. Writing is for the controller's and the integration unit's staff and
administrators (403 for a reader); a step from the wrong status is 409, bad input 422 with Swedish messages at the
fields. No person's name in any answer; a household's public id only to a user who sees the household."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Path, Query, Router

from etablera.access.policy import capabilities, restrict
from etablera.api.auth import current_user
from etablera.api.bounds import Id
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.money import selectors_claims as selectors
from etablera.money.api.schemas_claims import ClaimFilter, ClaimIn, ClaimOut, ClaimStatusIn
from etablera.money.services import claims as services
from etablera.organisation.selectors import get_municipality
from etablera.people.models import Household

router = Router(tags=["money"])

READ_ERRORS = {403: Message, 404: Message}
WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
STATE_ERRORS = {**WRITE_ERRORS, 409: Message}
ClaimId = Annotated[Id, Path(description="Ansökans id.")]
NO_MONEY = "Ersättningarna följs av controllern och integrationsenheten."
WRITERS = " Bara controllern, integrationsenhetens personal och administratörer i kommunen (annars 403)."


def claim_dict(row: selectors.ClaimRow) -> dict:
    claim = row.claim
    shown = row.deadline.shown() if row.deadline else services.manual_deadline(claim.deadline).shown()
    return {
        "id": claim.pk,
        "municipality": claim.municipality.code,
        "kind": claim.kind,
        "title": claim.title,
        "household": row.household.public_id if row.household else None,
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "deadline": {
            "date": shown.date,
            "rule": shown.rule,
            "title": shown.title,
            "explanation": shown.explanation,
            "source": shown.source,
            "status": shown.status,
            "based_on": shown.based_on,
        },
        "overdue": row.overdue,
        "status": claim.status,
        "amount_claimed": claim.amount_claimed,
        "amount_granted": claim.amount_granted,
        "applied_on": claim.applied_on,
        "decided_on": claim.decided_on,
        "paid_on": claim.paid_on,
        "reference": claim.reference,
        "note": claim.note,
        "automatic": bool(claim.auto_key),
    }


def _filters(user, query: ClaimFilter) -> selectors.ClaimFilters:
    municipality_id = None
    if query.municipality:
        found = get_municipality(query.municipality)
        if found is None or found.pk not in capabilities(user).money_municipality_ids:
            raise LocatedValidationError(
                {"municipality": "Okänd kommunkod, eller en kommun vars ersättningar du inte följer."},
                default="query",
            )
        municipality_id = found.pk
    filters = selectors.ClaimFilters(
        municipality_id=municipality_id,
        status=query.status or "",
        kind=query.kind or "",
        due_within=query.due_within_days,
        overdue=query.overdue,
    )
    try:
        selectors.check_filters(filters)
    except ValidationError as error:
        raise LocatedValidationError(error, default="query") from error
    return filters


@router.get(
    "/money/claims",
    response={200: page_of(ClaimOut), 403: Message, 422: ValidationErrorOut},
    summary="Ansökningar om ersättning",
    description="Kommunens register över ersättningar som måste sökas (ensamkommande barn per kvartal, initiala "
    "kostnader för vidarebosatta, andra sökta ersättningar), efter sista dag, med status, belopp och förklaringen "
    "av sista dagen. Inga namn; ett hushåll anges bara för den som har behörighet till det (och loggas då). För "
    "den som följer ersättningarna (annars 403).",
)
def list_claims(request, paging: Query[Paging], filters: Query[ClaimFilter]):
    user = current_user(request)
    if not capabilities(user).money_municipality_ids:
        raise PermissionDenied(NO_MONEY)
    today = timezone.localdate()
    queryset = selectors.claims(user, _filters(user, filters), today)
    found = list(queryset[paging.offset : paging.offset + paging.limit])
    count = len(found) if paging.offset == 0 and len(found) < paging.limit else queryset.count()
    return page([claim_dict(r) for r in selectors.rows(user, found, today)], count, paging)


@router.post(
    "/money/claims",
    response={201: ClaimOut, **WRITE_ERRORS},
    summary="Registrera en ansökan om ersättning",
    description="En ersättning som kommunen ska söka, med sista dag enligt beslutet eller föreskriften (förklaras "
    "som angiven för hand). Status blir TO_APPLY. Belopp i hela kronor, 0–100 000 000; perioden i ordning; en "
    "okänd kommunkod eller ett hushåll du inte ser är 422 vid fältet." + WRITERS,
)
def create_claim(request, body: ClaimIn):
    user = current_user(request)
    municipality = get_municipality(body.municipality)
    if municipality is None:
        raise ValidationError({"municipality": "Okänd kommunkod: ange fyra siffror, t.ex. 0480."})
    services.require_manage(user, municipality.pk)  # a refusal says so, not "unknown household"
    household = None
    if body.household is not None:
        household = (
            restrict(user, Household.objects.select_related("municipality"))
            .filter(public_id=body.household)
            .first()
        )
        if household is None:
            raise ValidationError({"household": "Hushållet finns inte bland dem du har behörighet till."})
    values = body.dict(exclude={"municipality", "kind", "title", "deadline", "household"})
    claim = services.open_claim(
        user, municipality, body.kind, body.title, body.deadline, household=household, **values
    )
    return 201, claim_dict(selectors.claim_row(user, claim.pk, timezone.localdate()))


@router.get(
    "/money/claims/{claim_id}",
    response={200: ClaimOut, **READ_ERRORS},
    summary="En ansökan om ersättning",
    description="Ansökan med status, belopp, datum och förklaringen av sista dagen. 404 för en ansökan i en annan "
    "kommun, och för den som inte följer ersättningarna.",
)
def get_claim(request, claim_id: ClaimId):
    user = current_user(request)
    return claim_dict(selectors.claim_row(user, claim_id, timezone.localdate()))


@router.post(
    "/money/claims/{claim_id}/status",
    response={200: ClaimOut, **STATE_ERRORS},
    summary="Ändra status för en ansökan om ersättning",
    description="Ett steg i taget: TO_APPLY → APPLIED (med `applied_on`), APPLIED → GRANTED (med `decided_on` och "
    "`amount_granted`) eller REFUSED (med `decided_on`), GRANTED → PAID (med `paid_on`). Samma status som nu "
    "ändrar bara de fält som skickas (belopp, ärendenummer, anteckning, datum). 409 för ett steg från fel status, "
    "eller om `expected_status` inte längre stämmer; 422 med svenska meddelanden vid fälten." + WRITERS,
)
def change_claim_status(request, claim_id: ClaimId, body: ClaimStatusIn):
    user = current_user(request)
    if not capabilities(user).money_manage_municipality_ids:
        raise PermissionDenied(services.NOT_YOURS)
    today = timezone.localdate()
    row = selectors.claim_row(user, claim_id, today)
    fields = body.dict(exclude_unset=True, exclude={"status", "expected_status"})
    services.change_status(user, row.claim, body.status, expected_status=body.expected_status, **fields)
    return claim_dict(selectors.claim_row(user, claim_id, today))
