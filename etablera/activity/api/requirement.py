"""The activity requirement over the API (issue #13), for social services: who is covered in a municipality (with a
state filter), a person's coverage and why, support months (list, record one, the CSV import), exemptions, capacity,
the requirement plans and deviations (report: any staff who sees the person; assess: social services, once — 409
the second time). The same selectors and services as the pages.

Etablera never decides on reducing or refusing support: an assessment REFERRED only records that the deviation was
referred to a decision a person makes and signs in the social-services system, with that decision's reference."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from etablera.access.policy import capabilities, get_for_user, restrict
from etablera.activity.api.requirement_schemas import (
    CapacityIn,
    CapacityOut,
    CoverageOut,
    DeviationAssessmentIn,
    DeviationIn,
    DeviationOut,
    ExemptionEndIn,
    ExemptionIn,
    ExemptionOut,
    RequirementPlanCloseIn,
    RequirementPlanIn,
    RequirementPlanOut,
    SupportImportOut,
    SupportMonthIn,
    SupportMonthOut,
)
from etablera.activity.coverage import coverage_list
from etablera.activity.importers.support import import_file
from etablera.activity.models import (
    CapacityAssessment,
    Deviation,
    Exemption,
    Participation,
    RequirementPlan,
    SupportMonth,
)
from etablera.activity.selectors import requirement as selectors
from etablera.activity.services import requirement as services
from etablera.activity.services import support as support_services
from etablera.activity.services.deviations import assess_deviation, report_deviation
from etablera.api.auth import current_user
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.api.uploads import CSV_BODY, csv_file
from etablera.establishment.models import IndividualPlan
from etablera.organisation.models import Municipality
from etablera.people.models import Person

router = Router(tags=["Aktivitetskrav och arbete"])

READ_ERRORS = {403: Message, 404: Message}
WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
STATE_ERRORS = {**WRITE_ERRORS, 409: Message}
PersonId = Annotated[UUID, Path(description="Personens publika id (UUID).")]
PublicId = Annotated[UUID, Path(description="Publikt id (UUID).")]
MUNICIPALITY = Query(..., max_length=4, description="Kommunkod, t.ex. 0480.")
NO_DECISION = (
    " Etablera fattar aldrig beslut om att sätta ned eller vägra försörjningsstöd: det beslutet fattas och "
    "undertecknas av en handläggare i socialtjänstens verksamhetssystem."
)


def _municipality(user, code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None or municipality.pk not in capabilities(user).social_services_municipality_ids:
        raise PermissionDenied(_("Aktivitetskravet hanteras av socialtjänsten i kommunen."))
    return municipality


def _hours(value) -> Decimal:
    return Decimal(str(value))


def _month(text: str) -> dt.date:
    try:
        return dt.date(int(text[:4]), int(text[5:7]), 1)
    except ValueError as error:
        raise LocatedValidationError({"month": _("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-11.")}) from error


def _social_person(user, public_id) -> Person:
    person = selectors.get_person(user, public_id)
    if not selectors.Section.SOCIAL in person._requirement_sections:  # noqa: E713 - reads as the rule
        raise PermissionDenied(_("Aktivitetskravet är socialtjänstens uppgifter om personen."))
    return person


def coverage_dict(data) -> dict:
    c = data.coverage
    return {
        "person": data.person,
        "state": c.state,
        "starts_on": c.starts_on,
        "ground": c.ground,
        "exempt_until": c.exempt_until,
        "reasons": data.reasons,
        "demanded_hours": data.demanded_hours,
        "demanded_reasons": data.demanded_reasons,
        "plan": data.plan.public_id if data.plan else None,
    }


def row_dict(row) -> dict:
    c = row.coverage
    return {
        "person": row.person,
        "state": c.state,
        "starts_on": c.starts_on,
        "ground": c.ground,
        "exempt_until": c.exempt_until,
        "reasons": selectors.explained(row),
        "demanded_hours": row.demanded_hours if c.state != "EXEMPT" else None,
        "demanded_reasons": selectors.explain(row.demanded_reasons),
        "plan": row.plan.public_id if row.plan else None,
    }


def support_dict(month: SupportMonth) -> dict:
    return {
        "id": month.pk,
        "household": month.household.public_id,
        "month": month.month.strftime("%Y-%m"),
        "amount": month.amount,
        "persons": [p.public_id for p in month.persons.all()],
        "source": month.source,
    }


def plan_dict(plan: RequirementPlan) -> dict:
    return {
        "public_id": plan.public_id,
        "status": plan.status,
        "drawn_up_on": plan.drawn_up_on,
        "hours_per_week": plan.hours_per_week,
        "job_seeking_hours": plan.job_seeking_hours,
        "content": plan.content,
        "follow_up_on": plan.follow_up_on,
        "closed_on": plan.closed_on,
        "closed_reason": plan.closed_reason,
        "individual_plan": plan.individual_plan.public_id if plan.individual_plan_id else None,
    }


def deviation_dict(d: Deviation) -> dict:
    return {
        "public_id": d.public_id,
        "person": d.person.public_id,
        "kind": d.kind,
        "occurred_on": d.occurred_on,
        "description": d.description,
        "status": d.status,
        "assessment": d.assessment,
        "assessed_on": d.assessed_on,
        "decision_reference": d.decision_reference,
    }


# --- who is covered ------------------------------------------------------------------------------------------------


@router.get(
    "/activity/requirement",
    response={200: page_of(CoverageOut), **READ_ERRORS, 422: ValidationErrorOut},
    summary="Vilka som omfattas av aktivitetskravet",
    description="Alla med försörjningsstöd i en följd som når denna månad i kommunen, med läget (COVERED, UPCOMING "
    "eller EXEMPT), från när och varför (i läsarens språk), och kravet i timmar. För socialtjänsten i kommunen "
    "(annars 403). `plan_missing=true`: bara de som omfattas och saknar plan." + NO_DECISION,
)
def list_covered(
    request,
    paging: Query[Paging],
    municipality: str = MUNICIPALITY,
    state: Literal["COVERED", "UPCOMING", "EXEMPT"] | None = Query(None, description="Bara detta läge."),
    plan_missing: bool = Query(False, description="Bara de som omfattas och saknar plan."),
):
    user = current_user(request)
    chosen = _municipality(user, municipality)

    rows = coverage_list(user, chosen.pk, timezone.localdate())
    if state:
        rows = [r for r in rows if r.coverage.state == state]
    if plan_missing:
        rows = [r for r in rows if r.plan_missing]
    shown = rows[paging.offset : paging.offset + paging.limit]
    return page([row_dict(r) for r in shown], len(rows), paging)


@router.get(
    "/persons/{public_id}/activity/coverage",
    response={200: CoverageOut, **READ_ERRORS},
    summary="Omfattas personen av aktivitetskravet?",
    description="Läget i dag, från när och varför, räknat ur månaderna med försörjningsstöd, födelsedatum och "
    "undantag; kravet i timmar (förmåga och deltidsarbete avräknade). 403 utan socialtjänstens uppgifter om "
    "personen." + NO_DECISION,
)
def person_coverage(request, public_id: PersonId):
    user = current_user(request)
    _social_person(user, public_id)
    return coverage_dict(selectors.person_requirement(user, public_id))


# --- support months ------------------------------------------------------------------------------------------------


@router.get(
    "/persons/{public_id}/activity/support-months",
    response={200: list[SupportMonthOut], **READ_ERRORS},
    summary="Personens månader med försörjningsstöd",
    description="De senaste 24 månaderna, nyast först. Socialtjänstens uppgifter (403 för andra).",
)
def list_support_months(request, public_id: PersonId):
    user = current_user(request)
    _social_person(user, public_id)
    data = selectors.person_requirement(user, public_id)
    return [support_dict(m) for m in data.months]


@router.post(
    "/persons/{public_id}/activity/support-months",
    response={201: SupportMonthOut, 200: SupportMonthOut, **WRITE_ERRORS},
    summary="Registrera en månad med försörjningsstöd",
    description="Hushållets månad (personens hushåll) med belopp och de personer stödet omfattar (hushållets "
    "medlemmar; tom lista: bara personen). Samma månad igen ersätter belopp och personer (200), samma uppgifter "
    "ändrar ingenting. Bara socialtjänsten i hushållets kommun.",
)
def record_support_month(request, public_id: PersonId, body: SupportMonthIn):
    user = current_user(request)
    person = _social_person(user, public_id)
    household = person.households.first()
    if household is None:
        raise LocatedValidationError({"persons": _("Personen hör inte till något hushåll.")})
    members = {p.public_id: p for p in household.members.all()}
    wanted = body.persons or [person.public_id]
    if any(key not in members for key in wanted):
        raise LocatedValidationError(
            {"persons": _("Alla personer som stödet omfattar ska höra till hushållet.")}
        )
    month, outcome = support_services.record_support_month(
        actor=user,
        household=household,
        month=_month(body.month),
        amount=body.amount,
        persons=[members[key] for key in wanted],
    )
    return (201 if outcome == "created" else 200), support_dict(month)


@router.post(
    "/activity/support-months/import",
    response={200: SupportImportOut, 403: Message, 422: ValidationErrorOut},
    summary="Importera försörjningsstöd per månad (CSV)",
    description="En rad per hushåll och månad (formatet i docs/import-formats.md, avsnittet Försörjningsstöd per "
    "månad), som `text/csv` i innehållet eller som fältet `file` i `multipart/form-data`, högst 2 MB. Alla rader "
    "kontrolleras först; har en enda rad fel sparas ingenting och svaret har `ok: false` och alla fel per rad och "
    "kolumn. Ett nummer ingen i ett hushåll du får registrera för har är `not_permitted`; numret upprepas aldrig. "
    "Samma fil igen ändrar ingenting. 403 för den som inte arbetar i socialtjänsten.",
    openapi_extra=CSV_BODY,
)
def import_support_months(
    request, dry_run: bool = Query(False, description="true: kontrollera och räkna, spara ingenting.")
):
    user = current_user(request)
    if not capabilities(user).social_services_municipality_ids:
        raise PermissionDenied(_("Försörjningsstödet importeras av socialtjänsten."))
    result = import_file(csv_file(request), actor=user, dry_run=dry_run)
    return {**result.as_json(), "ok": result.ok, "dry_run": result.dry_run, "rows": result.rows}


# --- exemptions and capacity ---------------------------------------------------------------------------------------


@router.get(
    "/persons/{public_id}/activity/exemptions",
    response={200: list[ExemptionOut], **READ_ERRORS},
    summary="Personens undantag från aktivitetskravet",
    description="De registrerade undantagen med skäl och period (undantagen efter ålder följer av födelsedatum).",
)
def list_exemptions(request, public_id: PersonId):
    user = current_user(request)
    person = _social_person(user, public_id)
    return list(restrict(user, Exemption.objects.filter(person=person)))


@router.post(
    "/persons/{public_id}/activity/exemptions",
    response={201: ExemptionOut, **WRITE_ERRORS},
    summary="Registrera ett undantag",
    description="Skäl (gymnasieskola 18–20 år, heltidsarbete, heltidsstudier, heltidsprogram hos "
    "Arbetsförmedlingen, sjukpenning eller sjuk- eller aktivitetsersättning) och period. Bara socialtjänsten.",
)
def record_exemption(request, public_id: PersonId, body: ExemptionIn):
    user = current_user(request)
    person = _social_person(user, public_id)
    return 201, services.record_exemption(actor=user, person=person, **body.dict())


@router.post(
    "/activity/exemptions/{public_id}/end",
    response={200: ExemptionOut, **STATE_ERRORS},
    summary="Avsluta ett undantag",
    description="Sista dagen undantaget gäller. 409 om det redan slutar den dagen eller tidigare.",
)
def end_exemption(request, public_id: PublicId, body: ExemptionEndIn):
    user = current_user(request)
    exemption = get_for_user(user, Exemption.objects.select_related("person"), public_id=public_id)
    return services.end_exemption(actor=user, exemption=exemption, valid_until=body.valid_until)


@router.get(
    "/persons/{public_id}/activity/capacity",
    response={200: list[CapacityOut], **READ_ERRORS},
    summary="Bedömningar av personens förmåga",
    description="Socialtjänstens (SOCIAL) och regionens (HEALTH) bedömningar, var och en för den som får se dess "
    "uppgiftsslag.",
)
def list_capacity(request, public_id: PersonId):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    return list(restrict(user, CapacityAssessment.objects.filter(person=person)))


@router.post(
    "/persons/{public_id}/activity/capacity",
    response={201: CapacityOut, **WRITE_ERRORS},
    summary="Registrera en bedömning av förmågan",
    description="Timmar i veckan personen kan vara aktiv, för en period, med vem som bedömt och varför. SOCIAL "
    "registreras av socialtjänsten, HEALTH av regionens enhet.",
)
def record_capacity(request, public_id: PersonId, body: CapacityIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    values = body.dict()
    values["hours_per_week"] = _hours(values["hours_per_week"])
    return 201, services.record_capacity(actor=user, person=person, **values)


# --- plans ---------------------------------------------------------------------------------------------------------


def _individual_plan(person, public_id):
    if public_id is None:
        return None
    plan = IndividualPlan.objects.filter(public_id=public_id, person=person).first()
    if plan is None:
        raise LocatedValidationError(
            {"individual_plan": _("Den individuella planen hör till en annan person.")}
        )
    return plan


def _plan_values(person, body: RequirementPlanIn) -> dict:
    values = body.dict()
    values["hours_per_week"] = _hours(values["hours_per_week"])
    values["job_seeking_hours"] = _hours(values["job_seeking_hours"])
    values["individual_plan"] = _individual_plan(person, body.individual_plan)
    return values


@router.get(
    "/persons/{public_id}/activity/requirement-plans",
    response={200: list[RequirementPlanOut], **READ_ERRORS},
    summary="Personens planer för aktivitetskravet",
    description="Planen som gäller och de tidigare, nyast först.",
)
def list_plans(request, public_id: PersonId):
    user = current_user(request)
    person = _social_person(user, public_id)
    return [
        plan_dict(p)
        for p in restrict(user, RequirementPlan.objects.filter(person=person)).select_related(
            "individual_plan"
        )
    ]


@router.post(
    "/persons/{public_id}/activity/requirement-plans",
    response={201: RequirementPlanOut, **STATE_ERRORS},
    summary="Upprätta en plan för aktivitetskravet",
    description="Socialtjänstens plan: krav i timmar i veckan, varav jobbsökande, innehåll och uppföljning; "
    "kan kopplas till personens individuella plan i etableringen. En plan gäller åt gången: 409 om den redan finns.",
)
def draw_up_plan(request, public_id: PersonId, body: RequirementPlanIn):
    user = current_user(request)
    person = _social_person(user, public_id)
    return 201, plan_dict(services.draw_up_plan(actor=user, person=person, **_plan_values(person, body)))


def _plan(user, public_id) -> RequirementPlan:
    return get_for_user(user, RequirementPlan.objects.select_related("person"), public_id=public_id)


@router.post(
    "/activity/requirement-plans/{public_id}/close",
    response={200: RequirementPlanOut, **STATE_ERRORS},
    summary="Avsluta en plan",
    description="Planen gäller inte längre. 409 om den redan är avslutad.",
)
def close_plan(request, public_id: PublicId, body: RequirementPlanCloseIn):
    user = current_user(request)
    return plan_dict(services.close_plan(actor=user, plan=_plan(user, public_id), reason=body.reason))


@router.post(
    "/activity/requirement-plans/{public_id}/revise",
    response={201: RequirementPlanOut, **STATE_ERRORS},
    summary="Revidera en plan",
    description="Planen avslutas och nästa upprättas, i en och samma transaktion. Svaret är den nya planen. 409 "
    "om planen redan är avslutad.",
)
def revise_plan(request, public_id: PublicId, body: RequirementPlanIn):
    user = current_user(request)
    plan = _plan(user, public_id)
    return 201, plan_dict(services.revise_plan(actor=user, plan=plan, **_plan_values(plan.person, body)))


# --- deviations ----------------------------------------------------------------------------------------------------


@router.get(
    "/activity/deviations",
    response={200: list[DeviationOut], **READ_ERRORS, 422: ValidationErrorOut},
    summary="Kommunens avvikelser",
    description="För socialtjänsten i kommunen, de som ska bedömas först (högst 500)." + NO_DECISION,
)
def list_deviations(
    request,
    municipality: str = MUNICIPALITY,
    status: Literal["TO_ASSESS", "ACCEPTABLE", "REFERRED"] | None = Query(
        None, description="Bara denna status."
    ),
):
    user = current_user(request)
    chosen = _municipality(user, municipality)
    return [deviation_dict(d) for d in selectors.deviations_for(user, chosen.pk, status or "")]


@router.post(
    "/persons/{public_id}/activity/deviations",
    response={201: DeviationOut, **WRITE_ERRORS},
    summary="Rapportera en avvikelse",
    description="En vägran eller frånvaro utan godtagbart skäl, rapporterad av den som såg den (den som ser "
    "personen). Socialtjänsten bedömer den." + NO_DECISION,
)
def report_activity_deviation(request, public_id: PersonId, body: DeviationIn):
    user = current_user(request)
    person = get_for_user(user, Person.objects.all(), public_id=public_id)
    participation = None
    if body.participation is not None:
        participation = Participation.objects.filter(public_id=body.participation, person=person).first()
        if participation is None:
            raise LocatedValidationError({"participation": _("Aktiviteten hör till en annan person.")})
    deviation = report_deviation(
        user,
        person,
        kind=body.kind,
        occurred_on=body.occurred_on,
        description=body.description,
        participation=participation,
    )
    return 201, deviation_dict(deviation)


@router.post(
    "/activity/deviations/{public_id}/assessment",
    response={200: DeviationOut, **STATE_ERRORS},
    summary="Bedöm en avvikelse",
    description="ACCEPTABLE (godtagbart skäl) eller REFERRED (inget godtagbart skäl: lämnad till beslut, med "
    "beslutets diarienummer om det finns). En avvikelse bedöms en gång: 409 andra gången. Bara socialtjänsten."
    + NO_DECISION,
)
def assess_activity_deviation(request, public_id: PublicId, body: DeviationAssessmentIn):
    user = current_user(request)
    deviation = selectors.deviation_for(user, public_id)
    assess_deviation(user, deviation, **body.dict())
    return deviation_dict(deviation)
