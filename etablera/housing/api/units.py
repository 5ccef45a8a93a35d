"""Housing (issue #5): homes, their import, the waiting list and a household's housing need; contracts and the
matching are in etablera.housing.api.contracts. Reads go through etablera.housing.selectors (restricted, logged, addresses of protected households
masked); writes through etablera.housing.services and matching_services (permissions, Swedish 422s, audit)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from etablera.access.policy import can_manage_housing, get_for_user
from etablera.api.auth import current_user
from etablera.api.bounds import INT64_MAX
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page, page_of, page_queryset
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.api.uploads import CSV_BODY, csv_file
from etablera.housing import importers, selectors, services
from etablera.housing.api.schemas import (
    FreeUnitOut,
    HouseholdHousingOut,
    HousingUnitDetailOut,
    HousingUnitFields,
    HousingUnitIn,
    HousingUnitOut,
    ImportOut,
    NeedIn,
    NeedOut,
    NoteIn,
    unit_brief,
)
from etablera.housing.matching import reason_texts
from etablera.housing.models import Contract, HousingUnit
from etablera.housing.protection import ADDRESS_FIELDS, mark_units
from etablera.organisation.selectors import get_municipality
from etablera.people.models import Household
from etablera.rules import housing as rules

router = Router(tags=["Boende"])

WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
UNIT_ID = "Bostadens id."
CONTRACT_ID = "Kontraktets publika id (UUID)."
HOUSEHOLD_ID = "Hushållets publika id (UUID)."
PROPOSAL_ID = "Matchningsförslagets id."
NOT_VISIBLE = "Finns inte, eller så har du inte tillgång till det."

UnitId = Annotated[int, Path(..., ge=1, le=INT64_MAX, description=UNIT_ID)]
ProposalId = Annotated[int, Path(..., ge=1, le=INT64_MAX, description=PROPOSAL_ID)]
ContractId = Annotated[UUID, Path(description=CONTRACT_ID)]
HouseholdId = Annotated[UUID, Path(description=HOUSEHOLD_ID)]


def municipality_param(code: str | None, *, where: str = "query", field: str = "municipality"):
    """A municipality code from the request, or a 422 at it."""
    if not code:
        return None
    municipality = get_municipality(code)
    if municipality is None:
        raise LocatedValidationError({field: "Okänd kommunkod (fyra siffror, t.ex. 0480)."}, default=where)
    return municipality


# --- output -----------------------------------------------------------------------------------------------------


def contract_dict(contract: Contract, masked: bool) -> dict:
    return {
        "public_id": contract.public_id,
        "municipality": contract.household.municipality.code,
        "household": contract.household,
        "unit": unit_brief(contract.unit, masked),
        "kind": contract.kind,
        "kind_display": contract.get_kind_display(),
        "status": contract.status,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "planned_end": contract.planned_end_rule or None,
        "payer": contract.payer,
        "monthly_cost": contract.monthly_cost,
        "nightly_cost": contract.nightly_cost,
        "is_temporary": not contract.is_permanent or contract.unit.is_temporary,
        "end_reason": contract.end_reason,
        "end_note": contract.end_note,
        "note": contract.note,
        "address_masked": masked,
    }


def _bedrooms(need) -> dict:
    return {
        "bedrooms": need.bedrooms,
        "adults": need.adults,
        "children": need.children,
        "explanation": need.explanation,
    }


def _need(row: selectors.NeedRow) -> dict:
    need = row.need
    current = None
    if row.contract is not None:
        current = {
            "contract": row.contract.public_id,
            "kind": row.contract.kind,
            "start_date": row.contract.start_date,
            "end_date": row.contract.end_date,
            "unit": unit_brief(row.contract.unit, row.address_masked),
        }
    return {
        "household": need.household,
        "municipality": need.municipality.code,
        "status": need.status,
        "reason": need.reason,
        "registered_date": need.registered_date,
        "house_by": need.house_by,
        "house_by_rule": need.house_by_rule or {},
        "days_left": row.days_left,
        "bedrooms": _bedrooms(row.bedrooms),
        "needs_accessible": need.needs_accessible,
        "wishes": need.wishes,
        "preferred_area": need.preferred_area,
        "max_monthly_cost": need.max_monthly_cost,
        "current_bedrooms": need.current_bedrooms,
        "bedrooms_override": need.bedrooms_override,
        "bedrooms_override_reason": need.bedrooms_override_reason,
        "overcrowded": row.overcrowded,
        "current": current,
        "address_masked": row.address_masked,
        "note": need.note,
    }


def proposal_dict(proposal, masked: bool) -> dict:
    return {
        "id": proposal.pk,
        "run": proposal.run_id,
        "household": proposal.household,
        "unit": unit_brief(proposal.unit, masked),
        "move_in": proposal.move_in,
        "on_time": proposal.on_time,
        "explanation": reason_texts(proposal.explanation),
        "status": proposal.status,
        "reject_reason": proposal.reject_reason,
        "address_masked": masked,
    }


# --- homes ------------------------------------------------------------------------------------------------------


class HousingUnitFilter(Schema):
    municipality: str | None = Field(None, max_length=10, description="Bara denna kommun (kommunkod).")
    kind: str | None = Field(None, max_length=20, description="Bara denna typ, t.ex. FLAT eller HOTEL.")
    active: bool | None = Field(
        None, description="true: bara bostäder som kan erbjudas; false: bara inaktiva."
    )
    min_bedrooms: int | None = Field(
        None, ge=0, le=100, description="Bara bostäder med minst så många sovrum."
    )


@router.get(
    "/housing/units",
    response=page_of(HousingUnitOut),
    summary="Bostäder",
    description="Bostadsbeståndet i kommunerna där du arbetar med boende (bostadsenheten, mottagningen, "
    "administratörer), efter adress. Bostäderna i sig är inte personuppgifter; vem som bor var visas bara "
    "genom kontrakten. Adressen till en bostad där ett hushåll med skyddade personuppgifter bor, har bott eller "
    "ska bo är skyddad: null, med `address_masked: true`.",
)
def list_units(request, filters: Query[HousingUnitFilter], paging: Query[Paging]):
    rows = selectors.units_for_user(current_user(request)).order_by(
        "municipality__code", "address_street", "pk"
    )
    if filters.municipality:
        rows = rows.filter(municipality__code=filters.municipality)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.active is not None:
        rows = rows.filter(is_active=filters.active)
    if filters.min_bedrooms is not None:
        rows = rows.filter(bedrooms__gte=filters.min_bedrooms)
    result = page_queryset(rows, paging)
    mark_units(result["items"])
    return result


def _unit_input(body: HousingUnitFields) -> services.UnitInput:
    values = body.dict()
    values.pop("municipality", None)
    return services.UnitInput(**values)


@router.post(
    "/housing/units",
    response={201: HousingUnitOut, **WRITE_ERRORS},
    summary="Registrera bostad",
    description="Registrerar en bostad i kommunen. Samma kontroller som formuläret och importen (fler sovrum än "
    "rum, okänd typ m.m. ger 422 vid fältet); ett objektnummer som redan finns i kommunen ger 422. Kräver "
    "bostadsenheten, mottagningsenheten eller administratör i kommunen.",
)
def create_unit(request, body: HousingUnitIn):
    user = current_user(request)
    municipality = municipality_param(body.municipality, where="body")
    if municipality is None:
        raise ValidationError({"municipality": "Ange kommunkod."})
    # save_unit updates a home with the same objektnummer (what an import wants); creating one must not.
    if (
        can_manage_housing(user, municipality.pk)
        and HousingUnit.objects.filter(municipality=municipality, reference=body.reference.strip()).exists()
    ):
        raise ValidationError({"reference": "Det finns redan en bostad med det objektnumret i kommunen."})
    unit, _ = services.save_unit(actor=user, municipality=municipality, data=_unit_input(body))
    return 201, mark_units([selectors.units_for_user(user).get(pk=unit.pk)])[0]


@router.get(
    "/housing/units/free",
    response=page_of(FreeUnitOut),
    summary="Lediga bostäder",
    description="Bostäder som är lediga i dag eller blir lediga inom perioden (standard 90 dagar, lokal "
    "riktlinje), lediga nu först: antal lediga platser i dag och första lediga dag.",
)
def free_units(
    request,
    paging: Query[Paging],
    within_days: int | None = Query(
        None, ge=0, le=3650, description="Lediga inom så många dagar (standard 90, lokal riktlinje)."
    ),
    municipality: str | None = Query(None, max_length=10, description="Bara denna kommun (kommunkod)."),
):
    rows = selectors.unit_rows(current_user(request), within_days=within_days)
    if municipality:
        rows = [r for r in rows if r.unit.municipality.code == municipality]
    shown = rows[paging.offset : paging.offset + paging.limit]
    items = [{"unit": r.unit, "free_places": r.free_places, "free_from": r.free_from} for r in shown]
    return page(items, len(rows), paging)


@router.post(
    "/housing/units/import",
    response={200: ImportOut, 403: Message, 422: ValidationErrorOut},
    summary="Importera bostäder (CSV)",
    description="Läser bostadsbolagets CSV-fil (formatet i docs/import-formats.md, avsnittet Bostäder) som "
    "`text/csv` i innehållet eller som fältet `file` i `multipart/form-data`, högst 2 MB. Alla rader "
    "kontrolleras först; har en enda rad fel sparas ingenting och svaret har `ok: false` och felen per rad och "
    "kolumn med kod. Samma fil igen ändrar ingenting (`unchanged`). En rad för en kommun där du inte arbetar "
    "med boende är ett fel på raden (`not_permitted`) bland filens övriga fel; kolumnen heter som i filens "
    "rubrikrad. 403 om du inte arbetar med boende alls eller i den valda kommunen.",
    openapi_extra=CSV_BODY,
)
def import_units(
    request,
    dry_run: bool = Query(False, description="true: kontrollera och räkna, spara ingenting (provkörning)."),
    municipality: str | None = Query(
        None,
        max_length=10,
        description="Kommunkod för rader utan kolumnen kommunkod; standard din kommun om du arbetar med boende "
        "i en enda.",
    ),
):
    user = current_user(request)
    place = municipality_param(municipality)
    data = csv_file(request)
    result = importers.import_units(data, actor=user, municipality=place, dry_run=dry_run)
    return {**result.as_json(), "ok": result.ok, "dry_run": result.dry_run, "rows": result.rows}


@router.get(
    "/housing/units/{unit_id}",
    response={200: HousingUnitDetailOut, 404: Message},
    summary="En bostad",
    description="En bostad med lediga platser och kontrakten, senaste först. Kontrakt för hushåll med skyddade "
    "personuppgifter visas inte här (deras platser räknas i lediga platser), och bostadens adress är då skyddad: "
    "null, med `address_masked: true`. Hushållen som visas loggas.",
)
def get_unit(request, unit_id: UnitId):
    view = selectors.unit_page(current_user(request), unit_id)
    unit = view.unit
    unit.free_places, unit.free_from = view.free_places, view.free_from
    unit.contract_rows = [
        {
            "public_id": c.public_id,
            "kind": c.kind,
            "status": c.status,
            "start_date": c.start_date,
            "end_date": c.end_date,
            "household": c.household,
            "household_hidden": False,  # a protected household's contract is not listed at all
        }
        for c in view.contracts
    ]
    return unit


@router.put(
    "/housing/units/{unit_id}",
    response={200: HousingUnitOut, **WRITE_ERRORS},
    summary="Ändra bostad",
    description="Ersätter bostadens uppgifter (kommunen ändras inte). Färre platser än bostaden har kontrakt "
    "samtidigt ger 422. För en bostad med skyddad adress (`address_masked`) behålls de adressfält (gatuadress, "
    "postnummer, postort, område) som utelämnas. Kräver bostadsenheten, mottagningsenheten eller administratör i "
    "kommunen.",
)
def update_unit(request, body: HousingUnitFields, unit_id: UnitId):
    user = current_user(request)
    unit = get_for_user(user, HousingUnit.objects.select_related("municipality"), pk=unit_id)
    data = _unit_input(body)
    # the client cannot know it: what it leaves out is kept (issue #9)
    if mark_units([unit])[0].address_masked:
        for name in ADDRESS_FIELDS:
            if name not in body.model_fields_set:
                setattr(data, name, getattr(unit, name))
    services.save_unit(actor=user, municipality=unit.municipality, data=data, unit=unit)
    return mark_units([selectors.units_for_user(user).get(pk=unit.pk)])[0]


# --- the waiting list and a household's housing need -----------------------------------------------------------


@router.get(
    "/housing/needs",
    response=page_of(NeedOut),
    summary="Bostadskön",
    description="Hushåll som väntar på bostad eller bor tillfälligt, närmast bostad senast först (utan datum "
    "sist): sovrum som behövs enligt normen med förklaring, trångboddhet, önskemål och nuvarande kontrakt. "
    "Adressen maskeras för hushåll med skyddade personuppgifter. Hushållen på sidan loggas.",
)
def list_needs(
    request,
    paging: Query[Paging],
    municipality: str | None = Query(None, max_length=10, description="Bara denna kommun (kommunkod)."),
):
    place = municipality_param(municipality)
    rows, count = selectors.waiting_list_page(
        current_user(request),
        offset=paging.offset,
        limit=paging.limit,
        municipality_id=place.pk if place else None,
    )
    return page([_need(row) for row in rows], count, paging)


def _household_housing(user, public_id) -> dict:
    view = selectors.household_housing_for_user(user, public_id)
    masked = view.address_masked
    need = None
    if view.need is not None:
        contract = view.current
        home_bedrooms = contract.unit.bedrooms if contract else view.need.current_bedrooms
        row = selectors.NeedRow(
            need=view.need,
            bedrooms=view.bedrooms,
            contract=contract,
            address_masked=masked or (contract is not None and contract.address_masked),
            overcrowded=home_bedrooms is not None
            and rules.is_overcrowded(view.bedrooms.bedrooms, home_bedrooms),
            days_left=(view.need.house_by - timezone.localdate()).days if view.need.house_by else None,
        )
        need = _need(row)
    return {
        "household": view.household,
        "status": view.status,
        "bedrooms": _bedrooms(view.bedrooms),
        "need": need,
        # Each contract and proposal masked for the household's protection or its home's (issue #9).
        "contracts": [contract_dict(c, c.address_masked) for c in view.contracts],
        "proposals": [
            {
                "id": p.pk,
                "unit": unit_brief(p.unit, p.address_masked),
                "move_in": p.move_in,
                "on_time": p.on_time,
                "explanation": reason_texts(p.explanation),
            }
            for p in view.proposals
        ],
        "address_masked": masked,
    }


@router.get(
    "/households/{public_id}/housing-need",
    response={200: HouseholdHousingOut, 404: Message},
    summary="Hushållets boende",
    description="Hushållets bostadsbehov (om registrerat), status, sovrum enligt normen, kontrakten (flyttarna) "
    "och öppna matchningsförslag. Adressen maskeras om någon i hushållet har skyddade personuppgifter. "
    "Läsningen loggas.",
)
def get_housing_need(request, public_id: HouseholdId):
    return _household_housing(current_user(request), public_id)


@router.put(
    "/households/{public_id}/housing-need",
    response={200: HouseholdHousingOut, **WRITE_ERRORS},
    summary="Registrera eller ändra bostadsbehov",
    description="Registrerar eller ändrar hushållets bostadsbehov. Utan `house_by` gäller anvisningens sista "
    "mottagningsdag. Ett avslutat behov öppnas igen. Sovrum enligt bedömning kräver skäl (annars 422). Kräver "
    "bostadsenheten, mottagningsenheten eller administratör i kommunen.",
)
def put_housing_need(request, body: NeedIn, public_id: HouseholdId):
    user = current_user(request)
    household = get_for_user(user, Household.objects.all(), public_id=public_id)
    services.set_housing_need(actor=user, household=household, **body.dict())
    return _household_housing(user, public_id)


@router.post(
    "/households/{public_id}/housing-need/close",
    response={200: HouseholdHousingOut, **WRITE_ERRORS},
    summary="Avsluta bostadsbehov",
    description="Hushållet behöver inte längre kommunens hjälp med bostad (ordnat eget, flyttat). Skäl krävs.",
)
def close_housing_need(request, body: NoteIn, public_id: HouseholdId):
    user = current_user(request)
    household = get_for_user(user, Household.objects.all(), public_id=public_id)
    services.close_housing_need(actor=user, household=household, note=body.note)
    return _household_housing(user, public_id)
