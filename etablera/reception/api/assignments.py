"""Kommuntal, anvisningar, mottaganden and the quota report. Writes call the reception services, which check
permissions, validate (Swedish messages, 422) and write the audit log."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from etablera.access.policy import capabilities
from etablera.api.auth import current_user
from etablera.api.bounds import QueryDate, column_length
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page_of, page_queryset
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.api.uploads import CSV_BODY, csv_file
from etablera.organisation.models import County, Municipality
from etablera.organisation.selectors import get_municipality
from etablera.people.services import PersonInput
from etablera.reception import selectors, services
from etablera.reception.api.assignment_schemas import AssignmentPatchIn
from etablera.reception.api.schemas import (
    ArrivalIn,
    AssignmentIn,
    AssignmentOut,
    CancelIn,
    CaseOut,
    MembersImportOut,
    MembersIn,
    QuotaIn,
    QuotaOut,
    QuotaReportOut,
    SelfSettledIn,
)
from etablera.reception.importers import import_file
from etablera.reception.models import Assignment
from etablera.reception.reports import UnknownArea, quota_report
from etablera.transitions import StateConflict

router = Router(tags=["Mottagande"])

WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
# Filters longer than the column they are compared with are refused (docs/api.md, "Limits").
MUNICIPALITY_CODE = column_length(Municipality, "code")
COUNTY_CODE = column_length(County, "code")
STATUS = column_length(Assignment, "status")
# A change of status: refused with 409 when someone else changed the status first (etablera/transitions.py).
STATUS_ERRORS = {**WRITE_ERRORS, 409: Message}


def _municipality_or_404(code: str):
    municipality = get_municipality(code)
    if municipality is None:
        raise Http404
    return municipality


# --- quotas ---------------------------------------------------------------------------------------------------


class QuotaFilter(Schema):
    year: int | None = Field(None, description="Bara kommuntal för detta år.")
    municipality: str | None = Field(
        None, max_length=MUNICIPALITY_CODE, description="Bara denna kommun (kommunkod, t.ex. 0480)."
    )
    county: str | None = Field(
        None, max_length=COUNTY_CODE, description="Bara kommuner i detta län (länskod, t.ex. 04)."
    )


@router.get(
    "/quotas",
    response=page_of(QuotaOut),
    summary="Kommuntal",
    description="Kommuntal per kommun och år, med eventuell månadsfördelning. Offentliga uppgifter.",
)
def list_quotas(request, filters: Query[QuotaFilter], paging: Query[Paging]):
    rows = selectors.quotas(
        year=filters.year, municipality_code=filters.municipality, county_code=filters.county
    )
    return page_queryset(rows, paging)


@router.put(
    "/quotas/{municipality}/{year}",
    response={200: QuotaOut, 201: QuotaOut, **WRITE_ERRORS},
    summary="Sätt kommuntal",
    description="Registrerar eller ändrar kommunens kommuntal för ett år (201 när det skapas). Kräver "
    "mottagningsenheten eller administratör i kommunen. Negativt tal eller en månadsfördelning som är större "
    "än kommuntalet ger 422.",
)
def put_quota(
    request,
    body: QuotaIn,
    municipality: str = Path(..., max_length=MUNICIPALITY_CODE, description="Kommunkod, fyra siffror."),
    year: int = Path(..., description="Året kommuntalet gäller (2016 eller senare)."),
):
    place = _municipality_or_404(municipality)
    try:
        record, outcome = services.set_quota(
            actor=current_user(request),
            municipality=place,
            year=year,
            quota=body.quota,
            months=body.months,
            note=body.note,
        )
    except ValidationError as error:
        raise LocatedValidationError(error, year="path") from error
    record = selectors.quotas().get(pk=record.pk)
    return (201 if outcome == "created" else 200), record


# --- assignments ----------------------------------------------------------------------------------------------


class AssignmentFilter(Schema):
    status: str | None = Field(
        None, max_length=STATUS, description="ASSIGNED (anvisad), RECEIVED (mottagen) eller CANCELLED."
    )
    year: int | None = Field(None, description="Bara anvisningar som räknas mot detta års kommuntal.")
    municipality: str | None = Field(
        None, max_length=MUNICIPALITY_CODE, description="Bara denna kommun (kommunkod)."
    )


@router.get(
    "/assignments",
    response=page_of(AssignmentOut),
    summary="Anvisningar",
    description="Anvisningar du har tillgång till, ordnade efter sista mottagningsdag. Hushållen i svaret loggas.",
)
def list_assignments(request, filters: Query[AssignmentFilter], paging: Query[Paging]):
    user = current_user(request)
    rows = (
        selectors.assignments_for_user(user)
        .select_related("household__municipality")  # the audit log names the household's municipality
        .order_by("latest_reception_date", "reference", "pk")
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.year:
        rows = rows.filter(quota_year=filters.year)
    if filters.municipality:
        rows = rows.filter(municipality__code=filters.municipality)
    result = page_queryset(rows, paging)
    selectors.log_households_shown(user, result["items"], "Anvisningar (API)")
    return result


def _household_error_key(key: str) -> str:
    """register_assignment_with_household names household errors `name`, `members`, `members.<n>.<field>` with n
    counting from 1; in the API they sit under `household`, indexed from 0 like the JSON list."""
    parts = key.split(".")
    if parts[0] == "name" or parts[0] == "members":
        if len(parts) == 3 and parts[1].isdigit():
            parts[1] = str(int(parts[1]) - 1)
        return ".".join(["household", *parts])
    return key


@router.post(
    "/assignments",
    response={201: AssignmentOut, **WRITE_ERRORS},
    summary="Registrera anvisning",
    description="Registrerar en anvisning från Migrationsverket, med hushållets medlemmar om de är kända (allt "
    "eller inget). Sista mottagningsdag beräknas enligt regeln om den utelämnas. Kräver mottagningsenheten "
    "eller administratör i kommunen. Ogiltigt personnummer, okänd kommunkod m.m. ger 422 vid fältet.",
)
def create_assignment(request, body: AssignmentIn):
    user = current_user(request)
    municipality = get_municipality(body.municipality)
    if municipality is None:
        raise ValidationError({"municipality": "Okänd kommunkod."})
    if body.household is None:
        assignment = services.create_assignment(
            actor=user,
            municipality=municipality,
            reference=body.reference,
            category=body.category,
            decision_date=body.decision_date,
            latest_reception_date=body.latest_reception_date,
            person_count=body.person_count,
            planned_arrival_date=body.planned_arrival_date,
        )
        return 201, assignment
    members = [
        PersonInput(**{**member.dict(), "category": member.category or body.category})
        for member in body.household.members
    ]
    try:
        assignment = services.register_assignment_with_household(
            actor=user,
            municipality=municipality,
            reference=body.reference,
            category=body.category,
            decision_date=body.decision_date,
            household_name=body.household.name,
            members=members,
            latest_reception_date=body.latest_reception_date,
            planned_arrival_date=body.planned_arrival_date,
        )
    except ValidationError as error:
        raise ValidationError(
            {_household_error_key(key): messages for key, messages in error.message_dict.items()}
        ) from error
    return 201, assignment


@router.get(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, 404: Message},
    summary="En anvisning",
    description="En anvisning med förklaring av sista mottagningsdag. Läsningen loggas.",
)
def get_assignment(request, assignment_id: int = Path(..., description="Anvisningens id.")):
    return selectors.get_assignment_for_user(current_user(request), assignment_id)


@router.patch(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, **STATUS_ERRORS},
    summary="Ändra planerad ankomst",
    description="Sätter, ändrar eller tar bort (null) planerad ankomst för en anvisning som väntar på ankomst. "
    "Öppna uppgifter före ankomst får nya datum (händelsen 'Nytt datum' i deras historik). Datum före "
    "beslutsdatum ger 422; en anvisning som redan är mottagen eller avbruten ger 409.",
)
def patch_assignment(
    request, body: AssignmentPatchIn, assignment_id: int = Path(..., description="Anvisningens id.")
):
    user = current_user(request)
    assignment = selectors.get_assignment_for_user(user, assignment_id)
    return services.set_planned_arrival_date(
        actor=user, assignment=assignment, planned_arrival_date=body.planned_arrival_date
    )


@router.post(
    "/assignments/{assignment_id}/arrival",
    response={201: CaseOut, **STATUS_ERRORS},
    summary="Registrera ankomst",
    description="Hushållet har kommit: anvisningen avräknas, ett mottagande öppnas och uppgifterna i "
    "processmallen skapas. Ankomst före beslutsdatum eller i framtiden ger 422; en anvisning som redan är "
    "mottagen eller avbruten ger 409.",
)
def register_arrival(
    request, body: ArrivalIn, assignment_id: int = Path(..., description="Anvisningens id.")
):
    user = current_user(request)
    assignment = selectors.get_assignment_for_user(user, assignment_id)
    case = services.receive_household(actor=user, assignment=assignment, arrival_date=body.arrival_date)
    return 201, selectors.reception_cases_for_user(user).get(pk=case.pk)


@router.post(
    "/assignments/{assignment_id}/cancel",
    response={200: AssignmentOut, **STATUS_ERRORS},
    summary="Avbryt anvisning",
    description="Avbryter en anvisning som inte är mottagen, med skäl. Den räknas fortfarande i "
    "'anvisade totalt'. En anvisning som redan är mottagen eller avbruten ger 409.",
)
def cancel_assignment(
    request, body: CancelIn, assignment_id: int = Path(..., description="Anvisningens id.")
):
    user = current_user(request)
    assignment = selectors.get_assignment_for_user(user, assignment_id)
    return services.cancel_assignment(
        actor=user,
        assignment=assignment,
        cancelled_date=body.cancelled_date or timezone.localdate(),
        reason=body.reason,
    )


def _members_error_key(key: str) -> str:
    """The services count members from 1 (`members.<n>.<field>`); the API indexes the JSON list from 0."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "members" and parts[1].isdigit():
        parts[1] = str(int(parts[1]) - 1)
    return ".".join(parts)


@router.post(
    "/assignments/{assignment_id}/members",
    response={200: AssignmentOut, **STATUS_ERRORS},
    summary="Lägg till hushållsmedlemmar",
    description="Lägger till hushållets medlemmar i en anvisning som väntar på ankomst (t.ex. en importerad "
    "anvisning utan personer); utan hushåll registreras ett. En person vars identitetsnummer redan finns i "
    "Etablera kopplas till hushållet i stället för att registreras två gånger; personer som redan är medlemmar "
    "lämnas som de är (samma anrop igen ändrar ingenting). Allt eller inget: fel ger 422 vid fältet "
    "(`members.<index>.<fält>`), fler personer än anvisningen gäller ger 422, en mottagen eller avbruten "
    "anvisning 409.",
)
def add_members(request, body: MembersIn, assignment_id: int = Path(..., description="Anvisningens id.")):
    user = current_user(request)
    assignment = selectors.get_assignment_for_user(user, assignment_id)
    members = [PersonInput(**{**m.dict(), "category": assignment.category}) for m in body.members]
    try:
        services.add_members(
            actor=user, assignment=assignment, members=members, household_name=body.household_name
        )
    except StateConflict:
        raise  # 409: received or cancelled meanwhile
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {_members_error_key(key): messages for key, messages in error.message_dict.items()}
        ) from error
    return selectors.get_assignment_for_user(user, assignment_id)


@router.post(
    "/imports/members",
    response={200: MembersImportOut, 403: Message, 422: ValidationErrorOut},
    summary="Importera hushållsmedlemmar (CSV)",
    description="Läser en fil med anvisningarnas hushållsmedlemmar, en rad per person (formatet i "
    "docs/import-formats.md, avsnittet Hushållsmedlemmar), som `text/csv` i innehållet eller som fältet `file` i "
    "`multipart/form-data`, högst 2 MB. Alla rader kontrolleras först; har en enda rad fel sparas ingenting och "
    "svaret har `ok: false` och felen per rad och kolumn med kod (identitetsnummer upprepas aldrig). Samma fil "
    "igen ändrar ingenting (`unchanged`). En rad om en anvisning i en kommun där du inte registrerar mottagande "
    "är ett fel på raden (`not_permitted`) bland filens övriga fel; kolumnen heter som i filens rubrikrad. 403 "
    "om du inte registrerar mottagande alls.",
    openapi_extra=CSV_BODY,
)
def import_members(
    request,
    dry_run: bool = Query(False, description="true: kontrollera och räkna, spara ingenting (provkörning)."),
):
    user = current_user(request)
    if not user.is_authenticated or not capabilities(user).can_register_reception:
        raise PermissionDenied("Hushållsmedlemmar importeras av mottagningsenheten.")
    data = csv_file(request)
    result = import_file("members", data, actor=user, dry_run=dry_run)
    return {**result.as_json(), "ok": result.ok, "dry_run": result.dry_run, "rows": result.rows}


# --- reception cases ------------------------------------------------------------------------------------------


class CaseFilter(Schema):
    status: str | None = Field(
        None, max_length=STATUS, description="OPEN (pågående) eller CLOSED (avslutat)."
    )
    municipality: str | None = Field(
        None, max_length=MUNICIPALITY_CODE, description="Bara denna kommun (kommunkod)."
    )
    arrived_from: QueryDate | None = Field(
        None, description="Bara mottaganden med ankomst detta datum eller senare."
    )


@router.get(
    "/reception-cases",
    response=page_of(CaseOut),
    summary="Mottaganden",
    description="Mottaganden du har tillgång till, senaste ankomst först, med antal öppna, försenade och klara "
    "uppgifter. Hushållen i svaret loggas.",
)
def list_reception_cases(request, filters: Query[CaseFilter], paging: Query[Paging]):
    user = current_user(request)
    rows = (
        selectors.reception_cases_for_user(user)
        .select_related("household__municipality")  # the audit log names the household's municipality
        .order_by("-arrival_date", "-pk")
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.municipality:
        rows = rows.filter(municipality__code=filters.municipality)
    if filters.arrived_from:
        rows = rows.filter(arrival_date__gte=filters.arrived_from)
    result = page_queryset(rows, paging)
    selectors.log_households_shown(user, result["items"], "Mottaganden (API)")
    return result


@router.post(
    "/reception-cases",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Registrera hushåll i eget boende (EBO)",
    description="Ett egenbosatt hushåll kommer utan anvisning: mottagningsenheten registrerar det när det är "
    "folkbokfört i kommunen, och ett mottagande öppnas med samma uppgifter som för ett anvisat hushåll "
    "(ankomstdatum = folkbokförd). Alla medlemmar blir egenbosatta (EBO); hushållet räknas aldrig mot "
    "kommuntalet. Allt eller inget: fel ger 422 vid fältet (`household.members.<index>.<fält>`).",
)
def register_self_settled(request, body: SelfSettledIn):
    user = current_user(request)
    municipality = get_municipality(body.municipality)
    if municipality is None:
        raise ValidationError({"municipality": "Okänd kommunkod."})
    members = [PersonInput(**{**m.dict(), "category": "SELF_SETTLED"}) for m in body.household.members]
    try:
        case = services.register_self_settled_household(
            actor=user,
            municipality=municipality,
            household_name=body.household.name,
            members=members,
            registered_date=body.registered_date,
        )
    except ValidationError as error:
        raise ValidationError(
            {_household_error_key(key): messages for key, messages in error.message_dict.items()}
        ) from error
    return 201, selectors.reception_cases_for_user(user).get(pk=case.pk)


@router.get(
    "/reception-cases/{case_id}",
    response={200: CaseOut, 404: Message},
    summary="Ett mottagande",
    description="Ett mottagande med antal uppgifter per status. Läsningen loggas.",
)
def get_reception_case(request, case_id: int = Path(..., description="Mottagandets id.")):
    return selectors.get_reception_case_for_user(current_user(request), case_id)


# --- reports --------------------------------------------------------------------------------------------------


@router.get(
    "/reports/quota",
    response={200: QuotaReportOut, 422: ValidationErrorOut},
    summary="Kommuntal och avräkning (rapport)",
    description="Tal, anvisade totalt (inklusive avbrutna), varav avräknade och kvar att avräkna = max(0, tal − "
    "avräknade) för ett år per den angivna dagen: för en kommun, ett län (kommunerna och länet) eller riket "
    "(länen och riket). Innehåller inga personuppgifter.",
    tags=["Rapporter"],
)
def get_quota_report(
    request,
    year: int = Query(..., ge=2016, le=2100, description="Kommuntalets år."),
    county: str | None = Query(
        None, max_length=COUNTY_CODE, description="Länskod (t.ex. 04): länets kommuner och länet totalt."
    ),
    municipality: str | None = Query(
        None, max_length=MUNICIPALITY_CODE, description="Kommunkod (t.ex. 0480): bara den kommunen."
    ),
    as_of: Annotated[
        QueryDate | None, Query(description="Räkna per denna dag (ÅÅÅÅ-MM-DD); standard i dag.")
    ] = None,
):
    try:
        return quota_report(year=year, county_code=county, municipality_code=municipality, as_of=as_of)
    except UnknownArea as error:
        field = "municipality" if municipality else "county"
        raise LocatedValidationError({field: str(error)}, default="query") from error
