"""Unaccompanied minors over the API (issue #14), for the social services of the responsible municipality: the
child's case (read, open, change), placements, legal representatives, the report of continued responsibility, the
decision at 18, closing, follow-up visits and tracing of parents; the list by next legal date and the placement
days per child and month that the state compensation ("Money") is computed from. The same selectors and services
as the pages.

Who gets what: a user who does not see the case gets 404 (alice, reception, sees the child but not section SOCIAL;
charlie sees nothing of Nyköping's) — also when writing to it, since whether a child has a case is itself SOCIAL.
Opening a case for a child one sees without being social services is 403 (the service's refusal).

A placement's home (a unit of the housing module, by its id) is shown as minors.homes marks it: no id when its
address is protected or the child has a protected identity."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Path, Query, Router

from etablera.access.audit import log_list
from etablera.access.policy import get_for_user
from etablera.api.auth import current_user
from etablera.api.bounds import column_length
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.minors import homes, selectors, services
from etablera.minors.api.schemas import (
    ChildAfter18In,
    ChildCaseCloseIn,
    ChildCaseOpenIn,
    ChildCaseOut,
    ChildCasePatchIn,
    ChildGuardianEndIn,
    ChildGuardianIn,
    ChildGuardianOut,
    ChildPageOut,
    ChildPlacementEndIn,
    ChildPlacementIn,
    ChildPlacementOut,
    ChildRelativeIn,
    ChildRelativeOut,
    ChildReportSentIn,
    ChildTracingIn,
    ChildTracingOut,
    ChildVisitIn,
    ChildVisitOut,
    MinorPlacementDaysOut,
    MinorRowOut,
)
from etablera.minors.models import ChildCase, Guardian, Placement, RelativeLink
from etablera.organisation.models import Municipality
from etablera.organisation.selectors import get_municipality
from etablera.people.models import Person

router = Router(tags=["Ensamkommande barn och unga vuxna"])

READ_ERRORS = {403: Message, 404: Message}
WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
STATE_ERRORS = {**WRITE_ERRORS, 409: Message}
PersonId = Annotated[UUID, Path(description="Barnets publika id (UUID).")]
PublicId = Annotated[UUID, Path(description="Publikt id (UUID).")]
MUNICIPALITY = Query(
    ..., max_length=column_length(Municipality, "code"), description="Kommunkod, t.ex. 0480."
)
MONTH = Query(..., max_length=7, pattern=r"^\d{4}-\d{2}$", description="Månaden, ÅÅÅÅ-MM (t.ex. 2026-12).")
MUNICIPALITY_FIELDS = ("arrival_municipality", "assigned_municipality", "residing_municipality")
SOCIAL_ONLY = " Bara socialtjänsten i den ansvariga kommunen (403 för andra som ser barnet)."
NOT_SEEN = " 404 för den som inte ser barnets ärende."


# --- lookups -------------------------------------------------------------------------------------------------------


def _case(user, person_id) -> ChildCase:
    return selectors.child_case(user, person_id)


def _social_municipality(user, code: str) -> Municipality:
    """The municipality whose lists the user reads: social services there, or 403 (an unknown code too)."""
    municipality = get_municipality(code)
    if municipality is None:
        raise PermissionDenied("Listorna över ensamkommande barn är socialtjänstens.")
    selectors.require_social_services(user, municipality.pk)
    return municipality


def _municipalities(values: dict) -> dict:
    """The municipality codes of a body as municipalities (null stays null); an unknown code is a 422 at its field."""
    codes = {name: values[name] for name in MUNICIPALITY_FIELDS if values.get(name)}
    found = {m.code: m for m in Municipality.objects.filter(code__in=set(codes.values()))}
    errors = {
        name: "Okänd kommunkod: ange fyra siffror, t.ex. 0480."
        for name, code in codes.items()
        if code not in found
    }
    if errors:
        raise ValidationError(errors)
    return values | {name: found[code] for name, code in codes.items()}


def _month(text: str) -> dt.date:
    try:
        month = dt.date(int(text[:4]), int(text[5:7]), 1)
        if not 1900 <= month.year <= 2199:  # the next month of 9999-12 cannot be computed: a 422, not a 500
            raise ValueError(text)
        return month
    except ValueError as error:
        raise LocatedValidationError(
            {"month": "Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-12."}, default="query"
        ) from error


# --- answers -------------------------------------------------------------------------------------------------------


def case_dict(case: ChildCase) -> dict:
    ids = {
        case.municipality_id,
        case.arrival_municipality_id,
        case.assigned_municipality_id,
        case.residing_municipality_id,
    }
    codes = dict(Municipality.objects.filter(pk__in=ids - {None}).values_list("pk", "code"))
    return {
        "public_id": case.public_id,
        "person": case.person.public_id,
        "status": case.status,
        "asylum_status": case.asylum_status,
        "municipality": codes[case.municipality_id],
        "arrival_municipality": codes.get(case.arrival_municipality_id),
        "assigned_municipality": codes.get(case.assigned_municipality_id),
        "residing_municipality": codes.get(case.residing_municipality_id),
        "arrived_on": case.arrived_on,
        "permit_decided_on": case.permit_decided_on,
        "investigation_started_on": case.investigation_started_on,
        "investigation_decided_on": case.investigation_decided_on,
        "report_sent_on": case.report_sent_on,
        "after_18": case.after_18,
        "after_18_decided_on": case.after_18_decided_on,
        "young_adult_plan": case.young_adult_plan,
        "care_plan": case.care_plan,
        "care_plan_updated_on": case.care_plan_updated_on,
        "closed_on": case.closed_on,
        "closed_reason": case.closed_reason,
    }


def visit_dict(visit, placements: dict) -> dict:
    return {
        "public_id": visit.public_id,
        "visited_on": visit.visited_on,
        "note": visit.note,
        "placement": placements.get(visit.placement_id),
    }


def date_dict(next_date) -> dict:
    shown = next_date.deadline.shown()  # its texts in the reader's language
    return {
        "kind": next_date.kind,
        "date": shown.date,
        "title": shown.title,
        "explanation": shown.explanation,
        "source": shown.source,
        "status": shown.status,
    }


def page_dict(data: selectors.ChildPage) -> dict:
    placements = {p.pk: p.public_id for p in data.placements}
    return {
        "person": data.person,
        "age": data.age,
        "case": case_dict(data.case),
        "may_write": data.may_write,
        "placements": data.placements,
        "running_placement": data.running.public_id if data.running else None,
        "guardians": data.guardians,
        "visits": [visit_dict(v, placements) for v in data.visits],
        "tracing": data.tracing,
        "relatives": [relative_dict(r) for r in data.relatives],
        "next_dates": [date_dict(d) for d in data.dates],
    }


def relative_dict(link: RelativeLink) -> dict:
    return {
        "household": link.household.public_id,
        "relation": link.relation,
        "noted_on": link.noted_on,
    }


def _placement(user, placement: Placement) -> Placement:
    """The placement as the answer shows it: its home marked (minors.homes)."""
    homes.mark_placement_homes(user, placement.case.person, [placement])
    return placement


def row_dict(row: selectors.ChildRow) -> dict:
    following = row.next
    return {
        "person": row.person,
        "case": row.case.public_id,
        "age": row.age,
        "placement_kind": row.running.kind if row.running else None,
        "next_date": {
            "kind": following.kind,
            "date": following.date,
            "title": following.deadline.shown().title,
        }
        if following
        else None,
    }


# --- the case ------------------------------------------------------------------------------------------------------


@router.get(
    "/persons/{person_id}/child-case",
    response={200: ChildPageOut, **READ_ERRORS},
    summary="Barnets ärende",
    description="Ärendet (asylstatus, kommuner, utredning, anmälan om fortsatt ansvar, beslut vid 18 år), "
    "placeringar, företrädare, uppföljningsbesök, efterforskningar, anhöriga och de kommande datumen enligt lag "
    "och rutin med förklaring (`next_dates`, i läsarens språk). Läsningen loggas." + NOT_SEEN,
)
def get_child_case(request, person_id: PersonId):
    user = current_user(request)
    data = selectors.child_page(user, person_id)
    homes.mark_placement_homes(user, data.person, data.placements)
    return page_dict(data)


@router.post(
    "/persons/{person_id}/child-case",
    response={201: ChildCaseOut, **WRITE_ERRORS},
    summary="Öppna barnets ärende",
    description="Ett ärende per barn, med ansvarig kommun barnets kommun. Kommuner anges med kommunkod; en okänd "
    "kod är 422 vid fältet. Nekas för den som fyllt 21 år och för ett andra ärende (422 vid `person`)."
    + SOCIAL_ONLY
    + " 404 för den som inte ser barnet.",
)
def open_child_case(request, person_id: PersonId, body: ChildCaseOpenIn):
    user = current_user(request)
    person = get_for_user(user, Person.objects.select_related("municipality"), public_id=person_id)
    services.require_social_services(user, person)  # before the codes: a refusal says so, not "unknown code"
    case = services.open_case(user, person, **_municipalities(body.dict()))
    return 201, case_dict(case)


@router.patch(
    "/persons/{person_id}/child-case",
    response={200: ChildCaseOut, **STATE_ERRORS},
    summary="Ändra uppgifterna i barnets ärende",
    description="Bara fälten som skickas ändras; null tömmer ett datum eller en kommun. 409 om ärendet är "
    "avslutat." + SOCIAL_ONLY + NOT_SEEN,
)
def update_child_case(request, person_id: PersonId, body: ChildCasePatchIn):
    user = current_user(request)
    case = _case(user, person_id)
    services.require_social_services(user, case.person, case.municipality_id)
    case = services.update_case(user, case, **_municipalities(body.dict(exclude_unset=True)))
    return case_dict(case)


@router.post(
    "/persons/{person_id}/child-case/report-sent",
    response={200: ChildCaseOut, **STATE_ERRORS},
    summary="Anmälan om fortsatt ansvar skickad",
    description="Dagen anmälan skickades till Migrationsverket (senast tre veckor före 18-årsdagen för en "
    "asylsökande). 409 om den redan är registrerad eller ärendet avslutat." + SOCIAL_ONLY + NOT_SEEN,
)
def record_report_sent(request, person_id: PersonId, body: ChildReportSentIn):
    user = current_user(request)
    return case_dict(services.record_report_sent(user, _case(user, person_id), sent_on=body.sent_on))


@router.post(
    "/persons/{person_id}/child-case/after-18",
    response={200: ChildCaseOut, **STATE_ERRORS},
    summary="Beslut om ansvaret efter 18 år",
    description="Socialnämndens beslut, fattat av en person: KEEP (kommunen behåller ansvaret), RETURN (ansvaret "
    "återgår till Migrationsverket) eller NOT_NEEDED (uppehållstillstånd). Etablera registrerar det. 409 om ett "
    "beslut redan finns." + SOCIAL_ONLY + NOT_SEEN,
)
def decide_after_18(request, person_id: PersonId, body: ChildAfter18In):
    user = current_user(request)
    case = services.decide_after_18(user, _case(user, person_id), **body.dict())
    return case_dict(case)


@router.post(
    "/persons/{person_id}/child-case/close",
    response={200: ChildCaseOut, **STATE_ERRORS},
    summary="Avsluta barnets ärende",
    description="Datum och skäl. En pågående placering avslutas först (annars 422). 409 om ärendet redan är "
    "avslutat." + SOCIAL_ONLY + NOT_SEEN,
)
def close_child_case(request, person_id: PersonId, body: ChildCaseCloseIn):
    user = current_user(request)
    case = services.close_case(user, _case(user, person_id), closed_on=body.closed_on, reason=body.reason)
    return case_dict(case)


# --- placements and representatives --------------------------------------------------------------------------------


@router.post(
    "/persons/{person_id}/child-case/placements",
    response={201: ChildPlacementOut, **STATE_ERRORS},
    summary="Registrera en placering",
    description="Placeringsform, utförare, beslut, från (och till) och kostnad per dygn. Placeringar får inte "
    "överlappa; stödboende för 16–17 år kräver särskilda skäl. Stödboende, utslussboende och egen lägenhet kan "
    "ange sin bostad i kommunens bestånd (`housing_unit`, bostadens id). 409 om ärendet är avslutat."
    + SOCIAL_ONLY
    + NOT_SEEN,
)
def add_child_placement(request, person_id: PersonId, body: ChildPlacementIn):
    user = current_user(request)
    return 201, _placement(user, services.add_placement(user, _case(user, person_id), **body.dict()))


@router.post(
    "/child-placements/{placement_id}/end",
    response={200: ChildPlacementOut, **STATE_ERRORS},
    summary="Avsluta en placering",
    description="Sista dagen och skälet. 409 om placeringen redan är avslutad." + SOCIAL_ONLY + NOT_SEEN,
)
def end_child_placement(request, placement_id: PublicId, body: ChildPlacementEndIn):
    user = current_user(request)
    placement = get_for_user(
        user, Placement.objects.select_related("case__person", "case__municipality"), public_id=placement_id
    )
    return _placement(
        user, services.end_placement(user, placement, ends_on=body.ends_on, reason=body.end_reason)
    )


@router.post(
    "/persons/{person_id}/child-case/guardians",
    response={201: ChildGuardianOut, **STATE_ERRORS},
    summary="Registrera en företrädare",
    description="God man (GOOD_MAN) eller särskilt förordnad vårdnadshavare (APPOINTED_CUSTODIAN), med ansökan "
    "och förordnande. En förordnad vårdnadshavare avslutar god mans uppdrag samma dag. 409 om ärendet är "
    "avslutat." + SOCIAL_ONLY + NOT_SEEN,
)
def add_child_guardian(request, person_id: PersonId, body: ChildGuardianIn):
    user = current_user(request)
    return 201, services.add_guardian(user, _case(user, person_id), **body.dict())


@router.post(
    "/child-guardians/{guardian_id}/end",
    response={200: ChildGuardianOut, **STATE_ERRORS},
    summary="Avsluta en företrädares uppdrag",
    description="Dagen uppdraget upphörde och skälet. 409 om det redan har upphört." + SOCIAL_ONLY + NOT_SEEN,
)
def end_child_guardian(request, guardian_id: PublicId, body: ChildGuardianEndIn):
    user = current_user(request)
    guardian = get_for_user(
        user, Guardian.objects.select_related("case__person", "case__municipality"), public_id=guardian_id
    )
    return services.end_guardian(user, guardian, ended_on=body.ended_on, reason=body.end_reason)


# --- follow-up -----------------------------------------------------------------------------------------------------


@router.post(
    "/persons/{person_id}/child-case/visits",
    response={201: ChildVisitOut, **WRITE_ERRORS},
    summary="Registrera ett uppföljningsbesök",
    description="Besöksdatum, anteckning och placeringen besöket gällde (dess publika id, valfri)."
    + SOCIAL_ONLY
    + NOT_SEEN,
)
def record_child_visit(request, person_id: PersonId, body: ChildVisitIn):
    user = current_user(request)
    case = _case(user, person_id)
    placement = None
    if body.placement is not None:
        placement = Placement.objects.filter(case=case, public_id=body.placement).first()
        if placement is None:
            raise ValidationError({"placement": "Placeringen finns inte i barnets ärende."})
    visit = services.record_visit(user, case, visited_on=body.visited_on, note=body.note, placement=placement)
    return 201, visit_dict(visit, {placement.pk: placement.public_id} if placement else {})


@router.post(
    "/persons/{person_id}/child-case/tracing",
    response={201: ChildTracingOut, **WRITE_ERRORS},
    summary="Begär efterforskning av föräldrarna",
    description="När och genom vem (t.ex. Röda korset), med anteckning." + SOCIAL_ONLY + NOT_SEEN,
)
def record_child_tracing(request, person_id: PersonId, body: ChildTracingIn):
    user = current_user(request)
    return 201, services.record_tracing(user, _case(user, person_id), **body.dict())


@router.post(
    "/persons/{person_id}/child-case/relatives",
    response={201: ChildRelativeOut, **STATE_ERRORS},
    summary="Koppla en anhörigs hushåll till barnet",
    description="En anhörig som kommit senare (familjeåterförening), med eget hushåll och eget mottagande: "
    "hushållet anges med anvisningens referens (Migrationsverkets). Ett hushåll som inte finns och ett som du "
    "inte har behörighet till ger samma 422 vid `reference`; likaså barnets eget hushåll och ett hushåll som "
    "redan är kopplat. 409 om ärendet är avslutat." + SOCIAL_ONLY + NOT_SEEN,
)
def link_child_relative(request, person_id: PersonId, body: ChildRelativeIn):
    user = current_user(request)
    return 201, relative_dict(services.link_relative(user, _case(user, person_id), **body.dict()))


@router.delete(
    "/persons/{person_id}/child-case/relatives/{household_id}",
    response={204: None, **STATE_ERRORS},
    summary="Ta bort en felaktig koppling till en anhörigs hushåll",
    description="Kopplingen anges med hushållets publika id (ett hushåll kopplas en gång per barn). Bara "
    "kopplingen tas bort; hushållet och dess mottagande påverkas inte. 404 för ett hushåll som inte är kopplat "
    "till barnet. 409 om ärendet är avslutat." + SOCIAL_ONLY + NOT_SEEN,
)
def unlink_child_relative(request, person_id: PersonId, household_id: PublicId):
    user = current_user(request)
    link = get_for_user(
        user,
        RelativeLink.objects.select_related("household", "case__person", "case__municipality"),
        case=_case(user, person_id),
        household__public_id=household_id,
    )
    services.unlink_relative(user, link)
    return 204, None


# --- the lists -----------------------------------------------------------------------------------------------------


@router.get(
    "/minors",
    response={200: page_of(MinorRowOut), **READ_ERRORS, 422: ValidationErrorOut},
    summary="Ensamkommande barn och unga vuxna i kommunen",
    description="De pågående ärendena i kommunen, ordnade efter nästa datum enligt lag och rutin (anmälan om "
    "fortsatt ansvar, 18- och 21-årsdagen, placeringens slut, uppföljningsbesök), utan datum sist. För "
    "socialtjänsten i kommunen (annars 403). Personer med skyddade personuppgifter flaggas "
    "(`protected_identity`). Listan loggas.",
)
def list_minors(request, paging: Query[Paging], municipality: str = MUNICIPALITY):
    user = current_user(request)
    chosen = _social_municipality(user, municipality)
    rows = selectors.children(user, chosen.pk)
    shown = rows[paging.offset : paging.offset + paging.limit]
    return page([row_dict(r) for r in shown], len(rows), paging)


@router.get(
    "/minors/placement-days",
    response={200: MinorPlacementDaysOut, **READ_ERRORS, 422: ValidationErrorOut},
    summary="Placeringsdygn per barn och månad",
    description="Dygn och kostnad per barn och placering i månaden, med summor — underlaget för statlig "
    "ersättning för ensamkommande barn. Bara för socialtjänsten i kommunen (annars 403). Läsningen loggas per "
    "barn.",
)
def list_placement_days(
    request,
    municipality: str = MUNICIPALITY,
    month: str = MONTH,
):
    user = current_user(request)
    chosen = _social_municipality(user, municipality)
    first = _month(month)
    days = selectors.placement_days(chosen.pk, first)
    cases = {
        c.pk: c
        for c in ChildCase.objects.filter(pk__in={d.case_id for d in days}).select_related(
            "person__municipality"  # the audit event names the person's municipality
        )
    }
    log_list(user, [c.person for c in cases.values()], f"Placeringsdygn {first:%Y-%m} (statlig ersättning)")
    rows = [
        {
            "person_id": cases[d.case_id].person.public_id,
            "case_id": cases[d.case_id].public_id,
            "month": f"{d.month:%Y-%m}",
            "kind": d.kind,
            "days": d.days,
            "cost": d.cost,
        }
        for d in days
    ]
    return {
        "municipality": chosen.code,
        "month": f"{first:%Y-%m}",
        "rows": rows,
        "total_days": sum(d.days for d in days),
        "total_cost": sum((d.cost for d in days), start=0),
    }
