"""A person's establishment over the API (issue #12): the whole record as the person's page shows it
(establishment.selectors.establishment_page: the health part and a child's mapping only for their sections), and the
mapping's basic part written through establishment.services."""

from __future__ import annotations

from ninja import Router

from etablera.api.auth import current_user
from etablera.api.schemas import Message
from etablera.establishment import selectors, services
from etablera.establishment.api.common import (
    STATE_ERRORS,
    PersonId,
    monthly_dict,
    plan_dict,
    programme_dict,
    sfi_dict,
)
from etablera.establishment.api.schemas import EstablishmentOut, MappingIn
from etablera.establishment.models import Assessment

router = Router(tags=["Etablering"])


def establishment_dict(page: selectors.EstablishmentPage) -> dict:
    mapping = None
    if page.assessment is not None:
        a = page.assessment
        mapping = {
            "public_id": a.public_id,
            "status": a.status,
            "due_date": a.due_date,
            "due_deadline": a.due_deadline,
            "literacy": a.literacy,
            "driving_licence": a.driving_licence,
            "goals": a.goals,
            "needs": a.needs,
            "completed_on": a.completed_on,
            "educations": list(a.educations.all()),
            "work_experiences": list(a.work_experiences.all()),
            "languages": list(a.languages.all()),
            "health": page.health,
            "child": page.child,
        }
    plans = ([page.plan] if page.plan else []) + page.earlier_plans
    return {
        "person": page.person.public_id,
        "sections": sorted(page.sections),
        "arrival": page.arrival,
        "sfi_waiting_days": page.sfi_waiting_days,
        "mapping": mapping,
        "plans": [plan_dict(plan) for plan in plans],
        "programmes": [programme_dict(p) for p in page.programmes],
        "sfi": [sfi_dict(e) for e in page.sfi],
        "civic_orientation": page.civic,
        "monthly_status": [monthly_dict(m) for m in page.monthly],
    }


@router.get(
    "/persons/{public_id}/establishment",
    response={200: EstablishmentOut, 404: Message},
    summary="Personens etablering",
    description="Kartläggningen, planen (eller SIP) med mål, insatser och uppföljningsmöten, etableringsprogrammet, "
    "SFI, samhällsorienteringen och status per månad. Hälsa och förmåga (avsnittet HEALTH) och kartläggningen av "
    "barn (SCHOOL) är null för den som inte har avsnittet. Läsningen loggas.",
)
def get_establishment(request, public_id: PersonId):
    return establishment_dict(selectors.establishment_page(current_user(request), public_id))


@router.put(
    "/persons/{public_id}/establishment/mapping",
    response={200: EstablishmentOut, **STATE_ERRORS},
    summary="Skriv kartläggningen",
    description="Påbörjar personens kartläggning om den inte finns (klar senast tre veckor efter ankomsten) och "
    "sätter läs- och skrivförmåga, körkort, mål och behov. 409 när kartläggningen redan är klar.",
)
def put_mapping(request, public_id: PersonId, body: MappingIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    assessment = Assessment.objects.filter(person=person).first()
    if assessment is None:
        assessment = services.start_assessment(actor=user, person=person)
    services.update_assessment(actor=user, assessment=assessment, **body.dict())
    return establishment_dict(selectors.establishment_page(user, public_id))
