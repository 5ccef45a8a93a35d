"""The individual plan or SIP over the API (issue #12): a plan for a person (a SIP is refused without the
person's consent, 422 at `consent`), its goals, interventions and follow-up meetings — each through
establishment.services, which lock the plan and refuse a closed one (409)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router

from etablera.access.models import Consent
from etablera.api.auth import current_user
from etablera.api.errors import LocatedValidationError
from etablera.establishment import selectors, services
from etablera.establishment.api.common import (
    STATE_ERRORS,
    PersonId,
    PlanId,
    plan_dict,
    plan_for,
    plan_with_parts,
)
from etablera.establishment.api.schemas import GoalIn, InterventionIn, MeetingIn, PlanIn, PlanOut
from etablera.establishment.models import PlanGoal
from etablera.organisation.models import Unit

router = Router(tags=["Etablering"])


def _unit(pk: int | None, field: str) -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise LocatedValidationError({field: "Enheten finns inte."})
    return unit


@router.post(
    "/persons/{public_id}/establishment/plans",
    response={201: PlanOut, **STATE_ERRORS},
    summary="Upprätta plan eller SIP",
    description="En individuell plan (PLAN) eller en samordnad individuell plan (SIP, SoL 2 kap. 7 §). En SIP "
    "kräver personens samtycke (`consent`, gällande den dag planen upprättas; annars 422 vid `consent`), vad "
    "kommunen och regionen ansvarar för och vem som har det övergripande ansvaret. En person har en plan som "
    "pågår åt gången: 409 om den redan finns.",
)
def create_plan(request, public_id: PersonId, body: PlanIn):
    user = current_user(request)
    person = selectors.get_person(user, public_id)
    consent = None
    if body.consent is not None:
        consent = Consent.objects.filter(public_id=body.consent, person=person).first()
        if consent is None:
            raise LocatedValidationError({"consent": "Personen har inget samtycke med det id:t."})
    values = body.dict(exclude={"consent", "responsible_unit", "started_on"})
    plan = services.create_plan(
        actor=user,
        person=person,
        consent=consent,
        started_on=body.started_on,
        responsible_unit=_unit(body.responsible_unit, "responsible_unit"),
        **values,
    )
    return 201, plan_dict(plan_with_parts(plan))


@router.post(
    "/establishment/plans/{public_id}/goals",
    response={201: PlanOut, **STATE_ERRORS},
    summary="Lägg till mål i planen",
    description="Ett mål (språk, arbete eller studier, boende, hälsa, socialt) med måldatum. Svaret är hela "
    "planen. 409 om planen är avslutad.",
)
def add_goal(request, public_id: PlanId, body: GoalIn):
    user = current_user(request)
    plan = plan_for(user, public_id)
    services.add_goal(actor=user, plan=plan, **body.dict())
    return 201, plan_dict(plan_with_parts(plan))


@router.post(
    "/establishment/plans/{public_id}/interventions",
    response={201: PlanOut, **STATE_ERRORS},
    summary="Lägg till insats i planen",
    description="En insats av en av kommunens enheter (`unit`) eller en extern aktör (`external_actor`), inte "
    "båda, med från/till, timmar per vecka och status. Svaret är hela planen. 409 om planen är avslutad.",
)
def add_intervention(request, public_id: PlanId, body: InterventionIn):
    user = current_user(request)
    plan = plan_for(user, public_id)
    goal = None
    if body.goal is not None:
        goal = PlanGoal.objects.filter(pk=body.goal, plan=plan).first()
        if goal is None:
            raise LocatedValidationError({"goal": "Målet hör inte till den här planen."})
    services.add_intervention(
        actor=user,
        plan=plan,
        unit=_unit(body.unit, "unit"),
        goal=goal,
        hours_per_week=None if body.hours_per_week is None else round(Decimal(str(body.hours_per_week)), 1),
        **body.dict(exclude={"unit", "goal", "hours_per_week"}),
    )
    return 201, plan_dict(plan_with_parts(plan))


@router.post(
    "/establishment/plans/{public_id}/meetings",
    response={201: PlanOut, **STATE_ERRORS},
    summary="Registrera uppföljningsmöte",
    description="Ett uppföljningsmöte med det ni kom överens om; `revise_plan: true` (planen fungerar inte) "
    "markerar planen för revidering. Svaret är hela planen. 409 om planen är avslutad.",
)
def record_meeting(request, public_id: PlanId, body: MeetingIn):
    user = current_user(request)
    plan = plan_for(user, public_id)
    services.record_meeting(actor=user, plan=plan, **body.dict())
    return 201, plan_dict(plan_with_parts(plan))
