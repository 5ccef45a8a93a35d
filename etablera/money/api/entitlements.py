"""Entitlements over the API (issue #15): the year per month (the report's figures), one month's lines with their
explanations, computing a year again, the rates, and moves to another municipality. The same selectors and
services as the pages.

Who: the money capability reads (403 otherwise, and for a municipality that isn't the user's); computing and moves
need the manage capability; entering a rate is for administrators. A line names a person only by public id, and
only when the user sees the person (read through restrict() and logged)."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router

from etablera.access.policy import capabilities, get_for_user
from etablera.api.auth import current_user
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.money import selectors
from etablera.money.api.schemas import (
    CompensationOut,
    ComputeIn,
    ComputeOut,
    EntitlementOut,
    RateIn,
    RateOut,
    RelocationIn,
    RelocationOut,
)
from etablera.money.models import Kind
from etablera.money.reports.command import as_json
from etablera.money.services import entitlements, rates, relocations
from etablera.organisation.models import Municipality
from etablera.people.models import Person

router = Router(tags=["money"])
READ_ERRORS = {403: Message, 422: ValidationErrorOut}
WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
MUNICIPALITY = Query(..., max_length=4, description="Kommunkod, t.ex. 0480.")
PERSON = Query(..., description="Personens publika id (UUID).")
YEAR = Query(..., ge=2016, le=2100, description="Året, t.ex. 2024.")


def _municipality(user, code: str, manage: bool = False) -> Municipality:
    caps = capabilities(user)
    ids = caps.money_manage_municipality_ids if manage else caps.money_municipality_ids
    municipality = Municipality.objects.filter(code=code, pk__in=ids).first()
    if municipality is None:
        raise PermissionDenied("Ersättningarna följs av controllern och integrationsenheten i kommunen.")
    return municipality


def _month(text: str) -> dt.date:
    try:
        month = dt.date(int(text[:4]), int(text[5:7]), 1)
        if len(text) != 7 or text[4] != "-":
            raise ValueError(text)
        return month
    except ValueError as error:
        raise LocatedValidationError(
            {"month": "Ange månaden som ÅÅÅÅ-MM, t.ex. 2024-09."}, default="query"
        ) from error


@router.get(
    "/money/compensation",
    response={200: CompensationOut, **READ_ERRORS},
    summary="Statlig ersättning per månad",
    description="Förväntad schablon, initiala kostnader och ensamkommande barns dygn, mottaget och skillnad per "
    "månad under året — samma siffror som sidan /ersattning/ och `etablera report compensation`. Inga namn.",
)
def get_compensation(request, municipality: str = MUNICIPALITY, year: int = YEAR):
    user = current_user(request)
    chosen = _municipality(user, municipality)
    return as_json(chosen, selectors.overview(user, chosen.pk, year))


@router.get(
    "/money/entitlements",
    response={200: page_of(EntitlementOut), **READ_ERRORS},
    summary="En månads ersättningsrader med förklaring",
    description="Varje rad med belopp, regel, datum och källa. En person anges (publikt id) bara om du ser "
    "personen; läsningen loggas per person.",
)
def list_entitlements(
    request,
    paging: Query[Paging],
    municipality: str = MUNICIPALITY,
    month: str = Query(..., max_length=7, description="ÅÅÅÅ-MM"),
    kind: str = Query("", max_length=20, description="SCHABLON, INITIAL_COSTS eller MINORS_DAYS"),
):
    user = current_user(request)
    chosen = _municipality(user, municipality)
    first = _month(month)
    if kind and kind not in Kind.values:
        raise LocatedValidationError({"kind": "Okänd ersättningstyp."}, default="query")
    lines, count, _total = selectors.month_lines(
        user, chosen.pk, first, kind or None, limit=paging.offset + paging.limit
    )
    items = [
        {
            "id": line.entitlement.pk,
            "kind": line.entitlement.kind,
            "month": f"{line.entitlement.month:%Y-%m}",
            "amount": line.entitlement.amount,
            "person_id": line.person.public_id if line.person else None,
            "instalment": line.entitlement.instalment,
            "band": line.entitlement.band,
            "rate": line.entitlement.rate,
            "share": line.entitlement.share,
            "days": line.entitlement.days,
            "estimated": line.entitlement.estimated,
            "explanation": line.explanation,
            "source": line.source,
            "status": line.status,
        }
        for line in lines[paging.offset :]
    ]
    return page(items, count, paging)


@router.post(
    "/money/entitlements/compute",
    response={200: ComputeOut, **WRITE_ERRORS},
    summary="Beräkna ett år igen",
    description="Ersätter kommunens rader för året (idempotent). Kräver behörighet att hantera ersättningarna.",
)
def compute_year(request, body: ComputeIn):
    user = current_user(request)
    chosen = _municipality(user, body.municipality, manage=True)
    result = entitlements.compute(body.year, [chosen.pk], actor=user)
    return {
        "year": result.year,
        "lines": result.lines,
        "amounts": result.amounts,
        "estimated": result.estimated,
        "seconds": round(result.seconds, 3),
    }


@router.get(
    "/money/rates",
    response={200: list[RateOut], **READ_ERRORS},
    summary="Beloppen och deras källor",
    description="Varje version av schablonen, prisbasbeloppet och beloppet per dygn för ensamkommande barn: "
    "inbyggda (med författning) och de en administratör har angett, med status.",
)
def list_rates(request):
    user = current_user(request)
    if not capabilities(user).money_municipality_ids:
        raise PermissionDenied("Ersättningarna följs av controllern och integrationsenheten.")
    return [
        {
            "key": key,
            "effective_from": v.effective_from,
            "value": v.value,
            "source": v.source,
            "status": v.status,
            "entered": v.entered,
        }
        for key, known in rates.versions_by_key().items()
        for v in known
    ]


@router.post(
    "/money/rates",
    response={201: RateOut, **WRITE_ERRORS},
    summary="Ange ett belopp",
    description="Ett belopp för ett år som reglerna inte känner till, med källa. Status `unverified` tills det har "
    "kontrollerats. Bara administratörer (annars 403).",
)
def create_rate(request, body: RateIn):
    user = current_user(request)
    if not capabilities(user).is_administrator:
        raise PermissionDenied("Belopp anges av kommunens administratörer.")
    try:
        rate = rates.enter_rate(user, **body.dict())
    except ValidationError as error:
        raise LocatedValidationError(error.message_dict, default="body") from error
    return 201, {
        "key": rate.key,
        "effective_from": rate.effective_from,
        "value": rate.value,
        "source": rate.source,
        "status": rate.status,
        "entered": True,
    }


@router.post(
    "/money/relocations",
    response={201: RelocationOut, **WRITE_ERRORS},
    summary="Registrera en flytt till annan kommun",
    description="Flyttar personen inom 24 månader från mottagandet går schablonens delbetalningar efter "
    "flyttmånaden till den nya kommunen. 404 för en person du inte ser.",
)
def create_relocation(request, body: RelocationIn):
    user = current_user(request)
    person = get_for_user(user, Person.objects.all(), public_id=body.person_id)
    try:
        move = relocations.record_relocation(user, person, body.to_municipality, body.moved_on)
    except ValidationError as error:
        raise LocatedValidationError(error.message_dict, default="body") from error
    return 201, _relocation(move)


@router.get(
    "/money/relocations",
    response={200: list[RelocationOut], **WRITE_ERRORS},
    summary="En persons flyttar till annan kommun",
    description="De registrerade flyttarna för en person du ser (annars 404).",
)
def list_relocations(request, person_id: UUID = PERSON):
    user = current_user(request)
    person = get_for_user(user, Person.objects.all(), public_id=person_id)
    return [_relocation(m) for m in relocations.moves_of(user, person)]


def _relocation(move) -> dict:
    return {
        "id": move.pk,
        "person_id": move.person.public_id,
        "from_municipality": move.from_municipality.code,
        "to_municipality": move.to_municipality.code,
        "moved_on": move.moved_on,
    }
