"""The plan's life on the person's establishment page, and the unit's caseload of plans (issue #12).

POST /personer/<id>/etablering/plan/avsluta/                close the plan with its outcome
POST /personer/<id>/etablering/plan/nasta-mote/             plan (or take away) the next follow-up meeting
POST /personer/<id>/etablering/plan/insatser/<pk>/status/   an intervention's next status and its outcome
POST /personer/<id>/etablering/plan/mal/<pk>/status/        a goal reached, not reached or struck
GET  /etablering/planer/                                    the running plans the user's unit is involved in

Each POST calls one service of establishment.services.plan_lifecycle (it locks the plan, validates in Swedish at the
field, and refuses what someone else did first with a StateConflict, shown as a message). Creating the plan, its
goals, interventions, meetings and the revision are the page's own actions (views.plan_action)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from etablera.access.guards import persons_required
from etablera.establishment import services
from etablera.establishment.models import IndividualPlan, PlanGoal
from etablera.establishment.plan_caseload import plan_caseload
from etablera.establishment.selectors import establishment_page
from etablera.establishment.web import plan_forms as pf
from etablera.establishment.web.views import _back, _render, _run
from etablera.transitions import StateConflict
from etablera.web.forms import attach_errors
from etablera.web.pages import page


def _running_plan(request, public_id):
    """The page's data and its running plan (404 when the user does not see the person or no plan runs)."""
    data = establishment_page(request.user, public_id)
    if data.plan is None or data.plan.status == IndividualPlan.Status.CLOSED:
        raise Http404
    return data, data.plan


@persons_required
@require_POST
def plan_close(request, public_id):
    """Close the plan the form was shown for (its id in the form: a plan drawn up since is not closed by an old
    page). One already closed, by someone else a moment ago, is the service's message, not a 404."""
    data = establishment_page(request.user, public_id)
    shown = request.POST.get("plan", "")
    plans = ([data.plan] if data.plan is not None else []) + list(data.earlier_plans)
    plan = next((p for p in plans if str(p.public_id) == shown), None)
    if plan is None:
        raise Http404
    form = pf.ClosePlanForm(request.POST)
    return _run(
        request,
        data,
        form,
        "plan",
        lambda c: services.close_plan(
            actor=request.user,
            plan=plan,
            outcome=c["outcome"],
            reason=c["reason"],
            closed_on=c["closed_on"],
        ),
        _("Planen är avslutad."),
    )


@persons_required
@require_POST
def plan_next_meeting(request, public_id):
    data, plan = _running_plan(request, public_id)
    form = pf.NextMeetingForm(request.POST)
    if request.POST.get("action") == "remove":
        return _run(
            request,
            data,
            None,
            "uppfoljning",
            lambda _c: services.plan_next_meeting(actor=request.user, plan=plan, on=None),
            _("Det planerade mötet är borttaget."),
        )
    if form.is_valid() and form.cleaned_data["next_meeting_on"] is None:
        form.add_error("next_meeting_on", _("Ange datum för nästa möte."))
    return _run(
        request,
        data,
        form,
        "uppfoljning",
        lambda c: services.plan_next_meeting(actor=request.user, plan=plan, on=c["next_meeting_on"]),
        _("Nästa uppföljningsmöte är planerat."),
    )


@persons_required
@require_POST
def intervention_status(request, public_id, intervention_id):
    data, plan = _running_plan(request, public_id)
    intervention = next((i for i in plan.interventions.all() if i.pk == intervention_id), None)
    if intervention is None:
        raise Http404
    form = pf.InterventionStatusForm(request.POST, intervention=intervention)
    if not form.is_valid():
        if not pf.INTERVENTION_STEPS[intervention.status]:
            messages.error(request, _("Insatsen är redan avslutad eller avbruten."))
            return _back(data.person, "insatser")
        return _render(request, data, bound={"insatsstatus": form})
    try:
        services.set_intervention_status(actor=request.user, intervention=intervention, **form.cleaned_data)
    except StateConflict as conflict:
        messages.error(request, conflict.detail)
        return _back(data.person, "insatser")
    except ValidationError as error:
        attach_errors(error, form)
        return _render(request, data, bound={"insatsstatus": form})
    messages.success(request, _("Insatsens status är ändrad."))
    return _back(data.person, "insatser")


@persons_required
@require_POST
def goal_status(request, public_id, goal_id):
    data, plan = _running_plan(request, public_id)
    goal = next((g for g in plan.goals.all() if g.pk == goal_id), None)
    if goal is None:
        raise Http404
    status = request.POST.get("status", "")
    if status not in PlanGoal.Status.values:
        status = ""  # the service says what to choose
    return _run(
        request,
        data,
        None,
        "mal",
        lambda _c: services.set_goal_status(actor=request.user, goal=goal, status=status),
        _("Målet är markerat."),
    )


@persons_required
@require_GET
def caseload(request):
    """The running plans of the user's unit (or all the user sees), the next follow-up first."""
    filters, page_number = pf.read_filters(request.GET)
    listing = plan_caseload(request.user, filters, page=page_number)
    rest = request.GET.copy()
    rest.pop("sida", None)
    return page(
        request,
        "establishment/plans.html",
        {"listing": listing, "filter_form": pf.filter_form(filters), "query": rest.urlencode()},
        nav="plans",
    )
