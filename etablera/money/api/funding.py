"""The pot and the split of the schablon over the API (issue #15): a year's model and budget with its figures, the
applications to the pot, their decisions and reports, and a split's shares. The same selectors and services as the
pages under /ersattning/fordelning/.

Who gets what: a municipality in the path that is not one of the user's money municipalities is 403 (and for a
write, one the user does not keep the money records of: the statistics role and unit managers read only); an
application of another municipality is 404. A change from the wrong state (a decision made twice, a report before
the grant, the model changed once the year has applications or shares, an application to a split) is 409; bad
input 422 with Swedish messages at the fields. Units and associations, never persons."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Path, Query, Router

from etablera.access.policy import capabilities
from etablera.api.auth import current_user
from etablera.api.bounds import Id
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.money import selectors_funding as selectors
from etablera.money.api.schemas_funding import (
    FundingOut,
    FundingSharesIn,
    FundingYearIn,
    PotApplicationIn,
    PotApplicationOut,
    PotDecisionIn,
    PotReportIn,
)
from etablera.money.models import PotApplication
from etablera.money.services import funding as services
from etablera.organisation.models import Municipality

router = Router(tags=["money"])
READ_ERRORS = {403: Message, 404: Message}
WRITE_ERRORS = {403: Message, 404: Message, 409: Message, 422: ValidationErrorOut}
CODE_LENGTH = Municipality._meta.get_field("code").max_length
MunicipalityCode = Annotated[
    str, Path(max_length=CODE_LENGTH, pattern=r"^\d{4}$", description="Kommunkod, t.ex. 0480.")
]
Year = Annotated[int, Path(ge=services.FIRST_YEAR, le=services.LAST_YEAR, description="Budgetåret.")]
ApplicationId = Annotated[Id, Path(description="Ansökans id.")]
NO_MONEY = "Ersättningarna följs av controllern och integrationsenheten i kommunen."
WRITERS = " Bara controllern, integrationsenhetens personal och administratörer i kommunen (annars 403)."


def _municipality(user, code: str, manage: bool = False) -> Municipality:
    caps = capabilities(user)
    ids = caps.money_manage_municipality_ids if manage else caps.money_municipality_ids
    municipality = Municipality.objects.filter(code=code, pk__in=ids).first()
    if municipality is None:
        raise PermissionDenied(services.not_yours() if manage else NO_MONEY)
    return municipality


def _year(user, municipality: Municipality, year: int):
    found = selectors.funding_year(user, municipality.pk, year)
    if found is None:
        raise Http404
    return found


def funding_dict(data: selectors.FundingSummary) -> dict:
    funding_year = data.funding_year
    return {
        "municipality": funding_year.municipality.code,
        "year": funding_year.year,
        "model": funding_year.model,
        "budget": data.budget,
        "note": funding_year.note,
        "applied": data.applied,
        "granted": data.granted,
        "spent": data.spent,
        "remaining": data.remaining,
        "applicants": [
            {
                "name": row.label,
                "unit_id": row.unit_id,
                "applications": row.applications,
                "applied": row.applied,
                "granted": row.granted,
                "spent": row.spent,
            }
            for row in data.applicants
        ],
        "shares": [
            {
                "id": row.share.pk,
                "recipient_unit": row.share.recipient_unit_id,
                "recipient_name": row.label,
                "percent": float(row.percent),
                "amount": row.amount,
            }
            for row in data.recipients
        ],
        "percent_total": float(data.percent_total),
        "distributed": data.distributed,
        "undistributed": data.undistributed,
    }


def application_dict(application: PotApplication) -> dict:
    funding_year = application.funding_year
    return {
        "id": application.pk,
        "municipality": funding_year.municipality.code,
        "year": funding_year.year,
        "applicant_unit": application.applicant_unit_id,
        "applicant_name": selectors.applicant_label(application),
        "purpose": application.purpose,
        "amount_applied": application.amount_applied,
        "period_start": application.period_start,
        "period_end": application.period_end,
        "status": application.status,
        "amount_granted": application.amount_granted,
        "decided_on": application.decided_on,
        "decision_note": application.decision_note,
        "spent": application.spent,
        "report": application.report,
        "reported_on": application.reported_on,
    }


@router.get(
    "/money/funding/{municipality}/{year}",
    response={200: FundingOut, **READ_ERRORS},
    summary="Fördelningen av schablonen ett år",
    description="Årets modell (central pott eller fast fördelning) och budget; för potten sökt, beviljat, använt "
    "och kvar att bevilja, även per sökande; för den fasta fördelningen varje mottagares andel och belopp (budget × "
    "andel / 100, avrundat nedåt till hela kronor) och det som inte är fördelat. 404 om året inte är upplagt; 403 "
    "för en kommun vars ersättningar du inte följer.",
)
def get_funding_year(request, municipality: MunicipalityCode, year: Year):
    user = current_user(request)
    chosen = _municipality(user, municipality)
    return funding_dict(selectors.summary_of(user, _year(user, chosen, year)))


@router.put(
    "/money/funding/{municipality}/{year}",
    response={200: FundingOut, **WRITE_ERRORS},
    summary="Lägg upp eller ändra årets fördelning",
    description="Modell (POT eller SPLIT), budget (0–10 000 000 000 kr) och anteckning; läggs upp första gången, "
    "ändras sedan. 409 om modellen ändras när året redan har ansökningar eller andelar; 422 om budgeten blir lägre "
    "än det som redan är beviljat." + WRITERS,
)
def put_funding_year(request, municipality: MunicipalityCode, year: Year, body: FundingYearIn):
    user = current_user(request)
    chosen = _municipality(user, municipality, manage=True)
    services.set_up_year(user, municipality=chosen, year=year, **body.dict())
    return funding_dict(selectors.summary_of(user, _year(user, chosen, year)))


@router.get(
    "/money/funding/{municipality}/{year}/applications",
    response={200: page_of(PotApplicationOut), **READ_ERRORS},
    summary="Ansökningar ur potten",
    description="Årets ansökningar efter period, med beslut och återrapport. 404 om året inte är upplagt; 403 för "
    "en kommun vars ersättningar du inte följer.",
)
def list_pot_applications(request, municipality: MunicipalityCode, year: Year, paging: Query[Paging]):
    user = current_user(request)
    found = _year(user, _municipality(user, municipality), year)
    queryset = selectors.applications(user, found)
    items = list(queryset[paging.offset : paging.offset + paging.limit])
    count = len(items) if paging.offset == 0 and len(items) < paging.limit else queryset.count()
    return page([application_dict(a) for a in items], count, paging)


@router.post(
    "/money/funding/{municipality}/{year}/applications",
    response={201: PotApplicationOut, **WRITE_ERRORS},
    summary="Registrera en ansökan ur potten",
    description="Från en enhet i kommunen (`applicant_unit`) eller en förening (`applicant_name`), med syfte, "
    "belopp (1–10 000 000 000 kr) och en period som ligger inom året eller överlappar det. Status blir APPLIED. "
    "409 om året har fast fördelning; 404 om året inte är upplagt." + WRITERS,
)
def create_pot_application(request, municipality: MunicipalityCode, year: Year, body: PotApplicationIn):
    user = current_user(request)
    found = _year(user, _municipality(user, municipality, manage=True), year)
    application = services.apply(user, funding_year=found, **body.dict())
    return 201, application_dict(selectors.application_for_user(user, application.pk))


def _writable(user, application_id: int) -> PotApplication:
    if not capabilities(user).money_manage_municipality_ids:
        raise PermissionDenied(services.not_yours())
    return selectors.application_for_user(user, application_id)


@router.post(
    "/money/pot-applications/{application_id}/decision",
    response={200: PotApplicationOut, **WRITE_ERRORS},
    summary="Besluta om en ansökan ur potten",
    description="GRANTED med `amount_granted` (högst det sökta, och högst det som finns kvar av årets budget: "
    "annars 422 med det som finns kvar) eller REFUSED med `decision_note`. 409 om ansökan redan är beslutad, eller "
    "om `expected_status` inte längre stämmer. 404 för en ansökan i en annan kommun." + WRITERS,
)
def decide_pot_application(request, application_id: ApplicationId, body: PotDecisionIn):
    user = current_user(request)
    application = _writable(user, application_id)
    services.decide(user, application, **body.dict())
    return application_dict(selectors.application_for_user(user, application_id))


@router.post(
    "/money/pot-applications/{application_id}/report",
    response={200: PotApplicationOut, **WRITE_ERRORS},
    summary="Återrapportera en beviljad ansökan",
    description="Använt belopp (högst det beviljade) och vad det gav; status blir REPORTED. 409 om ansökan inte är "
    "beviljad (inte beslutad, avslagen eller redan återrapporterad)." + WRITERS,
)
def report_pot_application(request, application_id: ApplicationId, body: PotReportIn):
    user = current_user(request)
    application = _writable(user, application_id)
    services.report_back(user, application, **body.dict())
    return application_dict(selectors.application_for_user(user, application_id))


@router.put(
    "/money/funding/{municipality}/{year}/shares",
    response={200: FundingOut, **WRITE_ERRORS},
    summary="Ersätt årets andelar (fast fördelning)",
    description="Alla andelar på en gång: varje mottagare (en enhet i kommunen eller ett namn) med 0,01–100 "
    "procent, högst två decimaler, tillsammans högst 100. Fel vid `shares.<index>.<fält>` (index från 0). 409 om "
    "året är en central pott; 404 om året inte är upplagt." + WRITERS,
)
def put_funding_shares(request, municipality: MunicipalityCode, year: Year, body: FundingSharesIn):
    user = current_user(request)
    chosen = _municipality(user, municipality, manage=True)
    found = _year(user, chosen, year)
    services.replace_shares(user, funding_year=found, shares=[share.dict() for share in body.shares])
    return funding_dict(selectors.summary_of(user, _year(user, chosen, year)))
