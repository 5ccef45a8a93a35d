"""The social services' lists (activity.selectors.requirement): covered, starting soon, plans missing, attendance
below plan last week and deviations to assess — only for social services, and logged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from etablera.access.models import AuditEvent
from etablera.activity.models import Attendance, Participation
from etablera.activity.selectors.requirement import requirement_lists
from etablera.activity.services import requirement as services
from etablera.activity.services import support as support_services
from etablera.activity.services.deviations import report_deviation
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403
from etablera.organisation.models import Unit
from etablera.rules.dates import add_months


def _participation(person, units, today, hours):
    return Participation.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        kind=Participation.Kind.JOB_SEEKING,
        hours_per_week=Decimal(hours),
        starts_on=today - dt.timedelta(days=30),
        unit=units[Unit.Function.LABOUR_MARKET],
    )


def test_the_lists(sigrid, alice, support, adults, units, today, nykoping):
    first, second = adults
    services.draw_up_plan(actor=sigrid, person=first, hours_per_week="30", content="Plan")
    last_monday = today - dt.timedelta(days=today.weekday() + 7)
    low = _participation(first, units, today, 20)
    Attendance.objects.create(participation=low, week=last_monday, hours_attended=Decimal(10))
    full = _participation(second, units, today, 10)
    Attendance.objects.create(participation=full, week=last_monday, hours_attended=Decimal(10))
    report_deviation(alice, second, kind="ABSENCE", occurred_on=today, description="Uteblev")
    data = requirement_lists(sigrid, nykoping.pk, today)
    assert {r.person for r in data.covered} == set(adults)
    assert [r.person for r in data.plans_missing] == [second]
    assert [(b.row.person, b.planned, b.attended) for b in data.below_plan] == [
        (first, Decimal(20), Decimal(10))
    ]
    assert [d.person for d in data.deviations] == [second]
    assert data.counts() == {"covered": 2, "soon": 0, "plans_missing": 1, "below_plan": 1, "deviations": 1}
    assert AuditEvent.objects.filter(actor=sigrid, action="LIST").exists()


def test_whose_requirement_starts_within_30_days(sigrid, household, adults, this_month, today, nykoping):
    for back in (2, 1, 0):
        support_services.record_support_month(
            actor=sigrid, household=household, month=add_months(this_month, -back), amount=1, persons=adults
        )
    data = requirement_lists(sigrid, nykoping.pk, this_month.replace(day=15))  # 17 days before the start
    assert not data.covered
    assert {r.person for r in data.soon} == set(adults)
    assert all(r.coverage.starts_on == add_months(this_month, 1) for r in data.soon)


def test_the_lists_are_social_services_only(alice, rita, enkoping_social, support, nykoping):
    for user in (alice, rita, enkoping_social):
        with pytest.raises(PermissionDenied):
            requirement_lists(user, nykoping.pk)


def test_a_deviation_of_a_person_outside_the_list_is_still_to_assess(
    sigrid, alice, household, support, adults, today, nykoping
):
    """The list's own persons are known to be seen; a deviation of anyone else in the municipality goes through
    restrict() — reported for a member the support does not cover, it is listed all the same."""
    outside = [m for m in household.members.order_by("pk") if m not in adults]
    assert outside, "the received family has children"
    report_deviation(alice, outside[0], kind="ABSENCE", occurred_on=today, description="Uteblev från SFI")
    report_deviation(alice, adults[0], kind="ABSENCE", occurred_on=today, description="Uteblev")
    data = requirement_lists(sigrid, nykoping.pk, today)
    assert outside[0] not in {r.person for r in data.rows}
    assert {d.person for d in data.deviations} == {outside[0], adults[0]}
