"""A person's establishment over the API (issue #12): the whole record as the person's page shows it
(establishment.selectors.establishment_page: the health part and a child's mapping only for their sections), and the
mapping written through establishment.services: its basic part, education, work experience, languages, health and
capacity (section HEALTH: 403 without it), a child's mapping (section SCHOOL), its completion. A write to a person
without a mapping starts it in the same transaction: a refused write leaves no mapping behind."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
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
from etablera.establishment.api.schemas import (
    ChildMappingIn,
    EducationIn,
    EstablishmentOut,
    HealthIn,
    LanguageIn,
    MappingCompletionIn,
    MappingIn,
    WorkExperienceIn,
)
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


def _write_mapping(request, public_id, write) -> dict:
    """Start the person's mapping if there is none, then `write(user, assessment)`, all or nothing; the answer is
    the record as the user may see it."""
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    with transaction.atomic():
        assessment = Assessment.objects.filter(person=person).select_related("person").first()
        if assessment is None:
            assessment = services.start_assessment(actor=user, person=person)
        write(user, assessment)
    return establishment_dict(selectors.establishment_page(user, public_id))


STARTS = "Påbörjar kartläggningen om den inte finns. 409 när kartläggningen redan är klar."


@router.post(
    "/persons/{public_id}/establishment/mapping/educations",
    response={201: EstablishmentOut, **STATE_ERRORS},
    summary="Lägg till utbildning i kartläggningen",
    description="Nivå, antal år (0–30), inriktning, land och om personen vill få utbildningen bedömd eller "
    "validerad. " + STARTS,
)
def add_education(request, public_id: PersonId, body: EducationIn):
    return 201, _write_mapping(
        request, public_id, lambda user, a: services.add_education(actor=user, assessment=a, **body.dict())
    )


@router.post(
    "/persons/{public_id}/establishment/mapping/work-experiences",
    response={201: EstablishmentOut, **STATE_ERRORS},
    summary="Lägg till arbetslivserfarenhet i kartläggningen",
    description="Yrket med sin kod enligt SSYK 2012 (fyra siffror, SCB; 422 vid `ssyk_code` för en kod som inte "
    "finns), yrkets namn och antal år (0–60). " + STARTS,
)
def add_work_experience(request, public_id: PersonId, body: WorkExperienceIn):
    return 201, _write_mapping(
        request,
        public_id,
        lambda user, a: services.add_work_experience(actor=user, assessment=a, **body.dict()),
    )


@router.post(
    "/persons/{public_id}/establishment/mapping/languages",
    response={201: EstablishmentOut, **STATE_ERRORS},
    summary="Lägg till språk i kartläggningen",
    description="Ett språk och nivån (modersmål, flytande, goda, grundläggande, inga kunskaper); samma språk två "
    "gånger är 422 vid `language`. " + STARTS,
)
def add_language(request, public_id: PersonId, body: LanguageIn):
    return 201, _write_mapping(
        request, public_id, lambda user, a: services.add_language(actor=user, assessment=a, **body.dict())
    )


@router.put(
    "/persons/{public_id}/establishment/mapping/health",
    response={200: EstablishmentOut, **STATE_ERRORS},
    summary="Skriv hälsa och förmåga i kartläggningen",
    description="Hälsa, förmåga (heltid, deltid, begränsad, ingen just nu), timmar per vecka (0–60) och "
    "anpassningar. Avsnittet HEALTH: regionens enheter, eller en enhet som personens samtycke nämner; andra får "
    "403 (och ser inte delen i GET). Texterna skrivs inte i loggen. Påbörjar kartläggningen om den inte finns.",
)
def put_health(request, public_id: PersonId, body: HealthIn):
    return _write_mapping(
        request, public_id, lambda user, a: services.set_health(actor=user, assessment=a, **body.dict())
    )


@router.put(
    "/persons/{public_id}/establishment/mapping/child",
    response={200: EstablishmentOut, **STATE_ERRORS},
    summary="Skriv kartläggningen av ett barn",
    description="Den pedagogiska, sociala och hälsomässiga kartläggningen, rekommenderad placering och "
    "överlämningen till skolan (datum och skola). Avsnittet SCHOOL: skolans enheter, eller en enhet som personens "
    "samtycke nämner; andra får 403. Gäller den som var under 18 år vid kartläggningen (annars 422). Påbörjar "
    "kartläggningen om den inte finns.",
)
def put_child_mapping(request, public_id: PersonId, body: ChildMappingIn):
    return _write_mapping(
        request,
        public_id,
        lambda user, a: services.set_child_assessment(actor=user, assessment=a, **body.dict()),
    )


@router.post(
    "/persons/{public_id}/establishment/mapping/completion",
    response={200: EstablishmentOut, **STATE_ERRORS},
    summary="Markera kartläggningen som klar",
    description="Kartläggningen klar (i dag, eller `completed_on`). 404 om personen inte har någon kartläggning; "
    "409 om den redan är klar (svaret säger när och av vem).",
)
def complete_mapping(request, public_id: PersonId, body: MappingCompletionIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    assessment = Assessment.objects.filter(person=person).select_related("person").first()
    if assessment is None:
        raise Http404
    services.complete_assessment(actor=user, assessment=assessment, on=body.completed_on)
    return establishment_dict(selectors.establishment_page(user, public_id))
