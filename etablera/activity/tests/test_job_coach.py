"""The job coach: assigned with the first contact's deadline and its explanation, one at a time, contact, end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.activity.services.job_coach import assign_job_coach, end_job_coach, record_first_contact
from etablera.activity.tests.week_fixtures import *  # noqa: F403
from etablera.rules import activity as rules
from etablera.transitions import StateConflict


def test_it_assigns_with_the_deadline_explained(alice, adult, lars, today, units):
    assignment = assign_job_coach(alice, adult, coach=lars)
    deadline = rules.job_coach_first_contact(today)
    assert assignment.first_contact_due == deadline.date
    assert assignment.first_contact_rule["rule"] == "activity.job_coach_first_contact"
    assert today.isoformat() in assignment.first_contact_rule["explanation"]
    assert assignment.unit.function == "LABOUR_MARKET"


def test_one_coach_at_a_time(alice, adult, lars, sigrid):
    assign_job_coach(alice, adult, coach=lars)
    with pytest.raises(StateConflict, match="redan en jobbcoach"):
        assign_job_coach(alice, adult, coach=sigrid)


def test_the_coach_works_in_labour_market_or_social_services(alice, adult, bob):
    with pytest.raises(ValidationError) as excinfo:
        assign_job_coach(alice, adult, coach=bob)
    assert "arbetsmarknadsenheten eller socialtjänsten" in excinfo.value.message_dict["coach"][0]


def test_bob_may_not_assign(bob, adult, lars):
    with pytest.raises(PermissionDenied):
        assign_job_coach(bob, adult, coach=lars)


def test_first_contact_once_and_not_before(alice, adult, lars, today):
    assignment = assign_job_coach(alice, adult, coach=lars, assigned_on=today - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as excinfo:
        record_first_contact(lars, assignment, on=today - dt.timedelta(days=3))
    assert "före dagen" in excinfo.value.message_dict["first_contact_on"][0]
    with pytest.raises(ValidationError):
        record_first_contact(lars, assignment, on=today + dt.timedelta(days=1))
    record_first_contact(lars, assignment, on=today)
    with pytest.raises(StateConflict, match="redan registrerad"):
        record_first_contact(lars, assignment, on=today)


def test_end_then_a_new_coach(alice, adult, lars, sigrid, today):
    assignment = assign_job_coach(alice, adult, coach=lars)
    end_job_coach(alice, assignment, on=today)
    with pytest.raises(StateConflict, match="redan avslutad"):
        end_job_coach(alice, assignment, on=today)
    assert assign_job_coach(alice, adult, coach=sigrid).coach == sigrid
