"""Two social workers assess the same deviation at the same moment (PostgreSQL): it is assessed once; the second
waits for the row lock and is refused with a StateConflict (409 in the API)."""

from __future__ import annotations

from etablera.access.models import AuditEvent
from etablera.activity.models import Deviation
from etablera.activity.services.deviations import assess_deviation, report_deviation
from etablera.organisation.models import User
from etablera.testing.concurrency import CONCURRENT, at_once
from etablera.transitions import StateConflict

pytestmark = CONCURRENT


def _assess(user_pk, deviation_pk, status):
    return assess_deviation(
        User.objects.get(pk=user_pk),
        Deviation.objects.select_related("person").get(pk=deviation_pk),
        status=status,
        assessment="Bedömd",
    )


def test_two_assessments_at_once_assess_the_deviation_once(sigrid, alice, adult, today):
    deviation = report_deviation(alice, adult, kind="ABSENCE", occurred_on=today, description="Uteblev")
    results = at_once(
        lambda: _assess(sigrid.pk, deviation.pk, "ACCEPTABLE"),
        lambda: _assess(sigrid.pk, deviation.pk, "REFERRED"),
    )
    refused = [r for r in results if isinstance(r, StateConflict)]
    assert len(refused) == 1 and "redan bedömd" in refused[0].detail, results
    assert AuditEvent.objects.filter(object_type="Deviation", action="UPDATE").count() == 1
