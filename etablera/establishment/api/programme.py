"""The establishment programme, SFI, civic orientation and the status per month over the API (issue #12), each through
establishment.services (they lock the row, validate in Swedish at the field and refuse what is already ended with
409)."""

from __future__ import annotations

from ninja import Router

from etablera.api.auth import current_user
from etablera.establishment import selectors, services
from etablera.establishment.api.common import (
    STATE_ERRORS,
    PersonId,
    ProgrammeId,
    SfiId,
    monthly_dict,
    programme_dict,
    programme_for,
    sfi_dict,
    sfi_for,
)
from etablera.establishment.api.schemas import (
    CivicIn,
    CivicOut,
    MonthlyStatusIn,
    MonthlyStatusOut,
    ProgrammeEndIn,
    ProgrammeIn,
    ProgrammeOut,
    SfiCompletionIn,
    SfiIn,
    SfiInterruptionIn,
    SfiOut,
)

router = Router(tags=["Etablering"])


@router.put(
    "/persons/{public_id}/establishment/programme",
    response={200: ProgrammeOut, **STATE_ERRORS},
    summary="Registrera etableringsprogrammet",
    description="Registrerar personens etableringsprogram (lag 2017:584), eller ändrar det som pågår: anvisning, "
    "etableringsplan, start och planerat slut (utelämnat: 24 månader från starten, med förklaring). Personen "
    "ska vara 20 till 66 år vid anvisningen (422 vid `referral_date`).",
)
def put_programme(request, public_id: PersonId, body: ProgrammeIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    return programme_dict(services.record_programme(actor=user, person=person, **body.dict()))


@router.post(
    "/establishment/programmes/{public_id}/end",
    response={200: ProgrammeOut, **STATE_ERRORS},
    summary="Avsluta etableringsprogrammet",
    description="Programmets faktiska slut och skälet. 409 om det redan är avslutat (svaret säger när och av vem).",
)
def end_programme(request, public_id: ProgrammeId, body: ProgrammeEndIn):
    user = current_user(request)
    period = programme_for(user, public_id)
    period = services.end_programme(
        actor=user, period=period, actual_end=body.actual_end, reason=body.end_reason, note=body.end_note
    )
    return programme_dict(period)


@router.put(
    "/persons/{public_id}/establishment/sfi",
    response={200: SfiOut, **STATE_ERRORS},
    summary="Registrera SFI-anmälan",
    description="Registrerar personens SFI-anmälan, eller ändrar den öppna: anmälan, start, kurs (A–D) och "
    "studieväg (1 från A, 2 från B, 3 från C), timmar per vecka.",
)
def put_sfi(request, public_id: PersonId, body: SfiIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    return sfi_dict(services.record_sfi(actor=user, person=person, **body.dict()))


@router.post(
    "/establishment/sfi/{public_id}/interruptions",
    response={201: SfiOut, **STATE_ERRORS},
    summary="Registrera uppehåll i SFI",
    description="Ett uppehåll (från, till, skäl); ett pågående uppehåll sätter status INTERRUPTED. 409 om SFI "
    "redan är avslutad.",
)
def add_sfi_interruption(request, public_id: SfiId, body: SfiInterruptionIn):
    user = current_user(request)
    enrolment = sfi_for(user, public_id)
    services.add_sfi_interruption(actor=user, enrolment=enrolment, **body.dict())
    return 201, sfi_dict(enrolment)


@router.post(
    "/establishment/sfi/{public_id}/completion",
    response={200: SfiOut, **STATE_ERRORS},
    summary="Avsluta SFI",
    description="SFI klar (`completed: true`) eller avslutad utan att bli klar. 409 om den redan är avslutad.",
)
def complete_sfi(request, public_id: SfiId, body: SfiCompletionIn):
    user = current_user(request)
    enrolment = sfi_for(user, public_id)
    enrolment = services.complete_sfi(
        actor=user, enrolment=enrolment, on=body.completed_on, completed=body.completed
    )
    return sfi_dict(enrolment)


@router.post(
    "/persons/{public_id}/establishment/monthly-status",
    response={200: MonthlyStatusOut, **STATE_ERRORS},
    summary="Ange status för en månad",
    description="Vad personen gjorde en månad (arbete, studier, programmet, SFI, föräldraledig, sjukskriven, "
    "försörjningsstöd, annat). Samma månad igen ersätter den. En månad som inte har börjat är 422 vid `month`.",
)
def set_monthly_status(request, public_id: PersonId, body: MonthlyStatusIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    return monthly_dict(services.set_monthly_status(actor=user, person=person, **body.dict()))


@router.put(
    "/persons/{public_id}/establishment/civic-orientation",
    response={200: CivicOut, **STATE_ERRORS},
    summary="Registrera samhällsorienteringen",
    description="Personens samhällsorientering (en per person; registreras eller ändras): start, språk, timmar "
    "(0–500) och när den blev klar (kräver start, inte i framtiden; 422 vid fältet).",
)
def put_civic_orientation(request, public_id: PersonId, body: CivicIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    return services.record_civic_orientation(actor=user, person=person, **body.dict())
