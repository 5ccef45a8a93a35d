"""Two caseworkers at the same moment (PostgreSQL): a plan marked for revision is revised once, and a mapping
completed once; the second waits for the first's row lock and is refused with a StateConflict."""

from __future__ import annotations

import datetime as dt

from etablera.access.models import AuditEvent
from etablera.establishment import services
from etablera.establishment.models import Assessment, IndividualPlan
from etablera.organisation.models import User
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.transitions import StateConflict

pytestmark = CONCURRENT


def _revise(user_pk, plan_pk, note):
    return services.revise_plan(
        actor=User.objects.get(pk=user_pk),
        plan=IndividualPlan.objects.select_related("person").get(pk=plan_pk),
        note=note,
    )


def test_two_revisions_at_once_make_one(alice, adult, today):
    plan = services.create_plan(actor=alice, person=adult, started_on=today - dt.timedelta(days=10))
    services.record_meeting(actor=alice, plan=plan, held_on=today, revise_plan=True)
    results = at_once(
        lambda: _revise(alice.pk, plan.pk, "Praktik i stället"),
        lambda: _revise(alice.pk, plan.pk, "Studier i stället"),
    )
    refused = [r for r in results if isinstance(r, StateConflict)]
    assert len(refused) == 1 and "inte markerad för revidering" in refused[0].detail, results
    plan.refresh_from_db()
    assert (plan.revision, plan.status) == (2, IndividualPlan.Status.ACTIVE)
    assert AuditEvent.objects.filter(summary="Planen reviderad").count() == 1


def test_the_second_completion_waits_for_the_lock_and_is_refused(alice, adult):
    assessment = services.start_assessment(actor=alice, person=adult)

    def complete():
        return services.complete_assessment(
            actor=User.objects.get(pk=alice.pk),
            assessment=Assessment.objects.select_related("person").get(pk=assessment.pk),
        )

    first, second, waited = while_locked(assessment, complete, complete)
    assert waited, "the second completion did not wait for the lock on the mapping"
    assert not isinstance(first, BaseException), first
    assert isinstance(second, StateConflict) and "redan klar" in second.detail
    assert AuditEvent.objects.filter(summary="Kartläggning klar").count() == 1
