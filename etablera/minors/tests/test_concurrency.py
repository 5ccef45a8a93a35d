"""Two social workers write the same child's case at the same moment (PostgreSQL): a placement is never doubled — the
second waits for the case's row lock and is refused at the field — and the report of continued responsibility is
recorded once, the second a StateConflict (409 in the API)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from etablera.minors import services
from etablera.minors.models import ChildCase, Placement
from etablera.organisation.models import User
from etablera.testing.concurrency import CONCURRENT, at_once
from etablera.transitions import StateConflict

pytestmark = CONCURRENT


def _place(user_pk, case_pk, provider, day):
    return services.add_placement(
        User.objects.get(pk=user_pk),
        ChildCase.objects.select_related("person").get(pk=case_pk),
        kind="HVB",
        provider=provider,
        decided_on=day,
        starts_on=day,
        cost_per_day="2000",
    )


def _report(user_pk, case_pk, day):
    return services.record_report_sent(
        User.objects.get(pk=user_pk), ChildCase.objects.select_related("person").get(pk=case_pk), sent_on=day
    )


def test_two_placements_at_once_only_one_runs(sigrid, case, today):
    day = today - dt.timedelta(days=2)
    results = at_once(
        lambda: _place(sigrid.pk, case.pk, "HVB Solrosen", day),
        lambda: _place(sigrid.pk, case.pk, "HVB Eken", day),
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1 and "överlappar" in str(refused[0]), results
    assert Placement.objects.filter(case=case).count() == 1


def test_the_report_is_recorded_once(sigrid, case, today):
    results = at_once(lambda: _report(sigrid.pk, case.pk, today), lambda: _report(sigrid.pk, case.pk, today))
    refused = [r for r in results if isinstance(r, StateConflict)]
    assert len(refused) == 1 and "redan registrerad" in refused[0].detail, results
