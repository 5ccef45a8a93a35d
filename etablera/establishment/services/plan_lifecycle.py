"""How a plan runs and ends: an intervention goes planned → ongoing → done or cancelled (with what came of it), a
goal is reached, not reached or struck, the next follow-up meeting is planned, and the plan is closed with its
outcome. Each write locks the plan (and the row it changes) and refuses what someone else did first (StateConflict,
409 in the API): a plan closed twice, an intervention already finished, a goal already marked.

Closing the plan ends the involvement of its units (access.visibility.establishment): they no longer see the person
by the plan."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.establishment.models import IndividualPlan, Intervention, PlanGoal
from etablera.establishment.services.common import apply, check_choice, check_length, require_sees_person
from etablera.establishment.services.plan import _not_closed, refresh_follow_up
from etablera.transitions import StateConflict, lock

I = Intervention.Status  # noqa: E741 - reads as the status it is
# Where an intervention may go from each status: planned → ongoing → done / cancelled (a planned one may also be
# done at once, a single meeting, or cancelled before it starts). Done and cancelled are final.
INTERVENTION_STEPS = {
    I.PLANNED: (I.ONGOING, I.DONE, I.CANCELLED),
    I.ONGOING: (I.DONE, I.CANCELLED),
    I.DONE: (),
    I.CANCELLED: (),
}


def _closed_conflict(plan: IndividualPlan) -> StateConflict:
    return StateConflict(
        f"Planen avslutades redan {plan.closed_on:%Y-%m-%d} ({plan.get_closed_outcome_display() or 'utan utfall'}):"
        " den kan inte avslutas igen.",
        field="outcome",
    )


@transaction.atomic
def close_plan(
    *, actor, plan: IndividualPlan, outcome: str, reason: str = "", closed_on: dt.date | None = None
) -> IndividualPlan:
    """The plan ends, with what came of it (and why, in words; required for "annat skäl"). Its next follow-up and
    planned meeting go; its goals and interventions stay as they were, the record of what was done."""
    require_sees_person(actor, plan.person)
    today = timezone.localdate()
    closed_on = closed_on or today
    reason = reason.strip()
    errors: dict[str, str] = {}
    check_choice(errors, "outcome", outcome, IndividualPlan.Outcome, "Välj hur planen slutade.")
    if outcome == IndividualPlan.Outcome.OTHER and not reason:
        errors["reason"] = "Skriv varför planen avslutas."
    if closed_on > today:
        errors["closed_on"] = "En plan kan inte avslutas i förväg: ange dagens datum eller ett tidigare."
    elif closed_on < plan.started_on:
        errors["closed_on"] = "Planen kan inte avslutas före den upprättades."
    check_length(errors, {"closed_reason": reason}, IndividualPlan)
    if "closed_reason" in errors:
        errors["reason"] = errors.pop("closed_reason")
    if errors:
        raise ValidationError(errors)
    lock(plan)
    if plan.status == IndividualPlan.Status.CLOSED:
        raise _closed_conflict(plan)
    changes = apply(
        plan,
        {
            "status": IndividualPlan.Status.CLOSED,
            "closed_on": closed_on,
            "closed_outcome": outcome,
            "closed_reason": reason,
            "next_meeting_on": None,
            "follow_up_due": None,
            "follow_up_rule": {},
        },
    )
    plan.save()
    log_change(actor, AuditEvent.Action.UPDATE, plan, "Planen avslutad", changes)
    return plan


@transaction.atomic
def set_intervention_status(
    *, actor, intervention: Intervention, status: str, outcome: str = ""
) -> Intervention:
    """The intervention's next status, with its outcome (required when it is done or cancelled: what it led to,
    or why it stopped). Done or cancelled on a day with no end date set: that day is its end."""
    plan = intervention.plan
    require_sees_person(actor, plan.person)
    outcome = outcome.strip()
    errors: dict[str, str] = {}
    check_choice(errors, "status", status, Intervention.Status, "Välj status.")
    if status == I.DONE and not outcome:
        errors["outcome"] = "Skriv vad insatsen ledde till."
    elif status == I.CANCELLED and not outcome:
        errors["outcome"] = "Skriv varför insatsen avbröts."
    check_length(errors, {"outcome": outcome}, Intervention)
    if errors:
        raise ValidationError(errors)
    lock(plan)
    _not_closed(plan)
    lock(intervention)
    if status == intervention.status or status not in INTERVENTION_STEPS[intervention.status]:
        raise StateConflict(
            f"Insatsen har status {intervention.get_status_display().lower()}: den kan inte bli "
            f"{Intervention.Status(status).label.lower()}. Någon annan kan ha ändrat den nyss."
        )
    values = {"status": status}
    if outcome:
        values["outcome"] = outcome
    today = timezone.localdate()
    if status in (I.DONE, I.CANCELLED) and intervention.end_date is None and today >= intervention.start_date:
        values["end_date"] = today
    changes = apply(intervention, values)
    intervention.save(update_fields=list(values))
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        plan,
        f"Insats: {intervention.get_status_display().lower()}",
        {"intervention": intervention.what, **changes},
    )
    return intervention


@transaction.atomic
def set_goal_status(*, actor, goal: PlanGoal, status: str) -> PlanGoal:
    """A goal that runs is reached, not reached or struck; once marked it stays (a new goal says what comes next)."""
    plan = goal.plan
    require_sees_person(actor, plan.person)
    errors: dict[str, str] = {}
    check_choice(errors, "status", status, PlanGoal.Status, "Välj status.")
    if not errors and status == PlanGoal.Status.OPEN:
        errors["status"] = "Välj uppnått, inte uppnått eller struket."
    if errors:
        raise ValidationError(errors)
    lock(plan)
    _not_closed(plan)
    lock(goal)
    if goal.status != PlanGoal.Status.OPEN:
        raise StateConflict(
            f"Målet är redan markerat som {goal.get_status_display().lower()}: lägg till ett nytt mål om planen "
            "ändras."
        )
    changes = apply(goal, {"status": status})
    goal.save(update_fields=["status"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        plan,
        f"Mål: {goal.get_status_display().lower()}",
        {"goal": goal.description, **changes},
    )
    return goal


@transaction.atomic
def plan_next_meeting(*, actor, plan: IndividualPlan, on: dt.date | None) -> IndividualPlan:
    """Plan the next follow-up meeting (after today), or take the planned one away (None); the next follow-up is
    the meeting, unless the routine's date comes first."""
    require_sees_person(actor, plan.person)
    if on is not None and on <= timezone.localdate():
        raise ValidationError({"next_meeting_on": "Nästa möte ska ligga efter i dag."})
    lock(plan)
    _not_closed(plan)
    changes = apply(plan, {"next_meeting_on": on})
    plan.save(update_fields=["next_meeting_on", *refresh_follow_up(plan)])
    summary = (
        f"Nästa uppföljningsmöte planerat {on:%Y-%m-%d}" if on else "Planerat uppföljningsmöte borttaget"
    )
    log_change(actor, AuditEvent.Action.UPDATE, plan, summary, changes)
    return plan
