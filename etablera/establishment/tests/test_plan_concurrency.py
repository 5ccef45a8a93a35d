"""Two caseworkers at the same moment (PostgreSQL): a plan closed by two is closed once, an intervention finished
by two moves once; the second waits for the first's row lock and is refused with a StateConflict."""

from __future__ import annotations

import datetime as dt

from etablera.access.models import AuditEvent
from etablera.establishment import services
from etablera.establishment.models import IndividualPlan, Intervention
from etablera.organisation.models import User
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.transitions import StateConflict

pytestmark = CONCURRENT


def _close(user_pk, plan_pk, outcome):
    return services.close_plan(
        actor=User.objects.get(pk=user_pk),
        plan=IndividualPlan.objects.select_related("person").get(pk=plan_pk),
        outcome=outcome,
    )


def test_two_closings_at_once_close_the_plan_once(alice, adult, today):
    plan = services.create_plan(actor=alice, person=adult, started_on=today - dt.timedelta(days=10))
    results = at_once(
        lambda: _close(alice.pk, plan.pk, "GOALS_REACHED"),
        lambda: _close(alice.pk, plan.pk, "MOVED"),
    )
    refused = [r for r in results if isinstance(r, StateConflict)]
    assert len(refused) == 1 and "avslutades redan" in refused[0].detail, results
    assert AuditEvent.objects.filter(summary="Planen avslutad").count() == 1


def test_the_second_status_change_waits_for_the_plans_lock(alice, adult, today):
    plan = services.create_plan(actor=alice, person=adult, started_on=today - dt.timedelta(days=10))
    intervention = services.add_intervention(
        actor=alice, plan=plan, what="Praktik", start_date=today, external_actor="Arbetsförmedlingen"
    )

    def finish():
        return services.set_intervention_status(
            actor=User.objects.get(pk=alice.pk),
            intervention=Intervention.objects.select_related("plan__person").get(pk=intervention.pk),
            status="DONE",
            outcome="Klar",
        )

    first, second, waited = while_locked(plan, finish, finish)
    assert waited, "the second change did not wait for the lock on the plan"
    assert not isinstance(first, BaseException), first
    assert isinstance(second, StateConflict) and "kan inte bli avslutad" in second.detail
