"""The individual plan or SIP over the API (issue #12): a plan for a person (a SIP is refused without the
person's consent, 422 at `consent`), its goals, interventions and follow-up meetings, the revision, a goal's and an
intervention's status, the next meeting and the plan's closing — each through establishment.services, which lock the
plan and refuse a closed one or a change someone else made first (409). And the caseload of plans (GET /plans), the
same list as /etablering/planer/ (establishment.plan_caseload)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja import Path as PathParam

from etablera.access.models import Consent
from etablera.api.auth import current_user
from etablera.api.errors import LocatedValidationError
from etablera.api.pagination import Paging, page, page_of
from etablera.api.schemas import ValidationErrorOut
from etablera.establishment import selectors, services
from etablera.establishment.api.common import (
    STATE_ERRORS,
    PersonId,
    PlanId,
    plan_dict,
    plan_for,
    plan_with_parts,
)
from etablera.establishment.api.schemas import (
    ClosePlanIn,
    GoalIn,
    GoalStatusIn,
    InterventionIn,
    InterventionStatusIn,
    MeetingIn,
    NextMeetingIn,
    PlanIn,
    PlanOut,
    PlanRowOut,
    RevisePlanIn,
)
from etablera.establishment.models import IndividualPlan, Intervention, PlanGoal
from etablera.establishment.plan_caseload import PlanFilters, Scope, plans_for_api
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


@router.post(
    "/establishment/plans/{public_id}/revision",
    response={200: PlanOut, **STATE_ERRORS},
    summary="Revidera planen",
    description="Planen fungerar inte: ett uppföljningsmöte har markerat den för revidering (`revise_plan: true`). "
    "Revideringen säger vad som ändrades; planen får en ny version och pågår igen. 409 om planen inte är markerad "
    "för revidering (den kan redan ha reviderats av någon annan) eller är avslutad.",
)
def revise_plan(request, public_id: PlanId, body: RevisePlanIn):
    user = current_user(request)
    plan = plan_for(user, public_id)
    services.revise_plan(actor=user, plan=plan, note=body.note, on=body.revised_on)
    return plan_dict(plan_with_parts(plan))


@router.post(
    "/establishment/plans/{public_id}/close",
    response={200: PlanOut, **STATE_ERRORS},
    summary="Avsluta planen",
    description="Planen avslutas med hur den slutade (`outcome`; OTHER kräver `reason`). Enheterna i planen ser "
    "inte längre personen genom den. Mål och insatser står kvar som de var. 409 om planen redan är avslutad.",
)
def close_plan(request, public_id: PlanId, body: ClosePlanIn):
    user = current_user(request)
    plan = plan_for(user, public_id)
    services.close_plan(actor=user, plan=plan, **body.dict())
    return plan_dict(plan_with_parts(plan))


InterventionId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="Insatsens id (i planens svar).")]
GoalId = Annotated[int, PathParam(ge=1, le=2**63 - 1, description="Målets id (i planens svar).")]


@router.patch(
    "/establishment/plans/{public_id}/interventions/{intervention_id}",
    response={200: PlanOut, **STATE_ERRORS},
    summary="Ändra insatsens status",
    description="Planerad → pågår → avslutad eller avbruten (en planerad kan också avslutas eller avbrytas direkt), "
    "med resultatet: vad insatsen ledde till, eller varför den avbröts (krävs för DONE och CANCELLED). Svaret är "
    "hela planen. 409 om insatsen redan har gått vidare eller planen är avslutad.",
)
def set_intervention_status(
    request, public_id: PlanId, intervention_id: InterventionId, body: InterventionStatusIn
):
    user = current_user(request)
    plan = plan_for(user, public_id)
    intervention = Intervention.objects.filter(pk=intervention_id, plan=plan).select_related("plan").first()
    if intervention is None:
        raise Http404
    services.set_intervention_status(actor=user, intervention=intervention, **body.dict())
    return plan_dict(plan_with_parts(plan))


@router.patch(
    "/establishment/plans/{public_id}/goals/{goal_id}",
    response={200: PlanOut, **STATE_ERRORS},
    summary="Markera målet",
    description="Ett mål som pågår är uppnått (REACHED), inte uppnått (NOT_REACHED) eller struket (CANCELLED). "
    "Svaret är hela planen. 409 om målet redan är markerat eller planen är avslutad.",
)
def set_goal_status(request, public_id: PlanId, goal_id: GoalId, body: GoalStatusIn):
    user = current_user(request)
    plan = plan_for(user, public_id)
    goal = PlanGoal.objects.filter(pk=goal_id, plan=plan).select_related("plan").first()
    if goal is None:
        raise Http404
    services.set_goal_status(actor=user, goal=goal, status=body.status)
    return plan_dict(plan_with_parts(plan))


@router.put(
    "/establishment/plans/{public_id}/next-meeting",
    response={200: PlanOut, **STATE_ERRORS},
    summary="Planera nästa uppföljningsmöte",
    description="Datumet för nästa uppföljningsmöte (efter i dag), eller null för att ta bort det. Nästa "
    "uppföljning (`follow_up_due`) blir mötet, om det inte kommer efter rutinens datum. 409 om planen är "
    "avslutad.",
)
def put_next_meeting(request, public_id: PlanId, body: NextMeetingIn):
    user = current_user(request)
    plan = plan_for(user, public_id)
    services.plan_next_meeting(actor=user, plan=plan, on=body.next_meeting_on)
    return plan_dict(plan_with_parts(plan))


class PlanListFilter(Schema):
    scope: Literal["mine", "all"] = Field(
        Scope.MINE,
        description="`mine`: planer där din enhet är huvudansvarig eller ger en insats; `all`: alla pågående planer "
        "du har tillgång till.",
    )
    kind: Literal["", "PLAN", "SIP"] = Field("", description="PLAN eller SIP; tomt: båda.")
    overdue: bool = Field(False, description="Bara planer vars uppföljning är försenad.")


def _row(plan: IndividualPlan) -> dict:
    return {
        "public_id": plan.public_id,
        "person": plan.person.public_id,
        "person_name": plan.person.full_name,
        "kind": plan.kind,
        "status": plan.status,
        "started_on": plan.started_on,
        "responsible_unit_id": plan.responsible_unit_id,
        "responsible_unit_name": plan.responsible_unit.name if plan.responsible_unit_id else None,
        "responsible_name": plan.responsible_name,
        "led_by_my_unit": plan.led_by_my_unit,
        "my_interventions": [i.what for i in plan.my_interventions],
        "last_meeting": plan.last_meeting,
        "next_meeting_on": plan.next_meeting_on,
        "follow_up_due": plan.follow_up_deadline,
        "follow_up_overdue": plan.follow_up_overdue,
    }


@router.get(
    "/plans",
    response={200: page_of(PlanRowOut), 422: ValidationErrorOut},
    summary="Planer som pågår",
    description="Enhetens planer: individuella planer och SIP som pågår där din enhet är huvudansvarig eller ger "
    "en insats (`scope=mine`), eller alla du har tillgång till (`scope=all`), den som ska följas upp först först "
    "(försenade överst). Samma lista som sidan Planer; personerna på sidan loggas.",
)
def list_plans(request, filters: Query[PlanListFilter], paging: Query[Paging]):
    user = current_user(request)
    plans, count = plans_for_api(
        user,
        PlanFilters(scope=filters.scope, kind=filters.kind, overdue=filters.overdue),
        offset=paging.offset,
        limit=paging.limit,
    )
    return page([_row(plan) for plan in plans], count, paging)
