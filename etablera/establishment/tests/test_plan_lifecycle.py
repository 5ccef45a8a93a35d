"""How a plan runs and ends: closing it with its outcome (refused twice), an intervention's status with its outcome,
a goal reached or not, the next meeting planned, and the next follow-up each of them moves (rules.plan_follow_up)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from etablera.access.models import AuditEvent
from etablera.establishment import services
from etablera.establishment.models import IndividualPlan, Intervention, PlanGoal
from etablera.organisation.models import Unit
from etablera.rules.dates import add_months
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(alice, adult, today):
    return services.create_plan(actor=alice, person=adult, started_on=today - dt.timedelta(days=40))


def test_a_new_plan_is_due_for_follow_up_three_months_after_it_started(plan, today):
    start = today - dt.timedelta(days=40)
    assert plan.follow_up_due == add_months(start, 3)
    why = plan.follow_up_deadline
    assert "Planen upprättades" in why.explanation and "3 månader" in why.explanation
    assert "Lokal rutin" in why.source and why.status == "local"


def test_a_meeting_moves_the_follow_up_and_plans_the_next(alice, plan, today):
    with pytest.raises(ValidationError) as error:
        services.record_meeting(
            actor=alice, plan=plan, held_on=today, agreed_actions="Fortsätt", next_meeting_on=today
        )
    assert "efter i dag" in error.value.message_dict["next_meeting_on"][0]
    services.record_meeting(actor=alice, plan=plan, held_on=today, agreed_actions="Fortsätt")
    plan.refresh_from_db()
    assert plan.follow_up_due == add_months(today, 3)
    assert "Senaste uppföljningsmötet" in plan.follow_up_deadline.explanation
    soon = today + dt.timedelta(days=20)
    services.plan_next_meeting(actor=alice, plan=plan, on=soon)
    plan.refresh_from_db()
    assert (plan.next_meeting_on, plan.follow_up_due) == (soon, soon)
    assert "planerat till" in plan.follow_up_deadline.explanation
    # a meeting held before the planned one leaves it planned
    services.record_meeting(actor=alice, plan=plan, held_on=today, agreed_actions="Extra möte")
    plan.refresh_from_db()
    assert plan.next_meeting_on == soon
    # a planned meeting after the routine's date: the routine's date stands
    late = add_months(today, 5)
    services.plan_next_meeting(actor=alice, plan=plan, on=late)
    plan.refresh_from_db()
    assert (
        plan.follow_up_due == add_months(today, 3)
        and "efter rutinens datum" in plan.follow_up_deadline.explanation
    )
    services.plan_next_meeting(actor=alice, plan=plan, on=None)
    plan.refresh_from_db()
    assert plan.next_meeting_on is None


def test_closing_a_plan_needs_an_outcome_and_is_refused_twice(alice, plan, today):
    with pytest.raises(ValidationError) as error:
        services.close_plan(actor=alice, plan=plan, outcome="", closed_on=today + dt.timedelta(days=1))
    assert set(error.value.message_dict) == {"outcome", "closed_on"}
    with pytest.raises(ValidationError, match="varför planen avslutas"):
        services.close_plan(actor=alice, plan=plan, outcome="OTHER")
    with pytest.raises(ValidationError, match="före den upprättades"):
        services.close_plan(actor=alice, plan=plan, outcome="MOVED", closed_on=today - dt.timedelta(days=41))
    with pytest.raises(ValidationError, match="Högst 300"):
        services.close_plan(actor=alice, plan=plan, outcome="OTHER", reason="x" * 301)
    services.close_plan(actor=alice, plan=plan, outcome="WORK_OR_STUDIES", reason="Anställd som kock")
    plan.refresh_from_db()
    assert plan.status == IndividualPlan.Status.CLOSED and plan.closed_on == today
    assert plan.closed_outcome == "WORK_OR_STUDIES" and plan.follow_up_due is None
    stale = IndividualPlan.objects.get(pk=plan.pk)
    stale.status = (
        IndividualPlan.Status.ACTIVE
    )  # a second request that read the plan before the first closed it
    with pytest.raises(StateConflict, match="avslutades redan") as conflict:
        services.close_plan(actor=alice, plan=stale, outcome="GOALS_REACHED")
    assert "arbetar eller studerar" in conflict.value.detail
    event = AuditEvent.objects.get(summary="Planen avslutad")
    assert event.changes["closed_outcome"] == {"before": "", "after": "WORK_OR_STUDIES"}
    with pytest.raises(StateConflict, match="kan inte längre ändras"):
        services.add_goal(actor=alice, plan=plan, area="LANGUAGE", description="SFI")


def test_an_intervention_goes_planned_ongoing_done_with_its_outcome(alice, plan, units, today):
    intervention = services.add_intervention(
        actor=alice,
        plan=plan,
        what="Praktik i kök",
        start_date=today - dt.timedelta(days=5),
        unit=units[Unit.Function.LABOUR_MARKET],
    )
    services.set_intervention_status(actor=alice, intervention=intervention, status="ONGOING")
    with pytest.raises(ValidationError, match="vad insatsen ledde till"):
        services.set_intervention_status(actor=alice, intervention=intervention, status="DONE")
    with pytest.raises(ValidationError, match="Välj status"):
        services.set_intervention_status(actor=alice, intervention=intervention, status="LOST")
    services.set_intervention_status(
        actor=alice, intervention=intervention, status="DONE", outcome="Erbjuden anställning"
    )
    intervention.refresh_from_db()
    assert (intervention.status, intervention.outcome, intervention.end_date) == (
        Intervention.Status.DONE,
        "Erbjuden anställning",
        today,
    )
    with pytest.raises(StateConflict, match="kan inte bli avbruten"):
        services.set_intervention_status(
            actor=alice, intervention=intervention, status="CANCELLED", outcome="Sjuk"
        )
    assert AuditEvent.objects.filter(summary="Insats: avslutad").exists()


def test_a_planned_intervention_is_cancelled_with_a_reason(alice, plan, today):
    intervention = services.add_intervention(
        actor=alice,
        plan=plan,
        what="Simskola",
        start_date=today + dt.timedelta(days=30),
        external_actor="Förening",
    )
    with pytest.raises(ValidationError, match="varför insatsen avbröts"):
        services.set_intervention_status(actor=alice, intervention=intervention, status="CANCELLED")
    services.set_intervention_status(
        actor=alice, intervention=intervention, status="CANCELLED", outcome="Föreningen lade ner kursen"
    )
    intervention.refresh_from_db()
    assert intervention.status == "CANCELLED" and intervention.end_date is None  # it never started


def test_a_goal_is_marked_once(alice, plan):
    goal = services.add_goal(actor=alice, plan=plan, area="LANGUAGE", description="SFI kurs C")
    with pytest.raises(ValidationError, match="uppnått, inte uppnått"):
        services.set_goal_status(actor=alice, goal=goal, status="OPEN")
    services.set_goal_status(actor=alice, goal=goal, status="REACHED")
    goal.refresh_from_db()
    assert goal.status == PlanGoal.Status.REACHED
    with pytest.raises(StateConflict, match="redan markerat som uppnått"):
        services.set_goal_status(actor=alice, goal=goal, status="NOT_REACHED")


def test_outsiders_may_not_change_the_plan(charlie, plan):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.close_plan(actor=charlie, plan=plan, outcome="MOVED")


def test_the_follow_up_rule_at_its_edges():
    from etablera.rules.establishment import plan_follow_up

    # the month's last day when the month three on is shorter
    assert plan_follow_up(dt.date(2026, 11, 30)).date == dt.date(2027, 2, 28)
    assert plan_follow_up(dt.date(2026, 1, 31), dt.date(2026, 5, 31)).date == dt.date(2026, 8, 31)
    # a planned meeting on the routine's own date is the follow-up
    on_the_day = plan_follow_up(dt.date(2026, 1, 15), None, dt.date(2026, 4, 15))
    assert on_the_day.date == dt.date(2026, 4, 15) and "det är nästa uppföljning" in on_the_day.explanation
