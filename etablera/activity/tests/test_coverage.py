"""Who the requirement covers in a municipality (etablera/activity/coverage.py): the list for social services holds
the covered adults with the reasons, costs the same queries for one person as for many, logs each person, and
gives nothing to the reception unit, which does not own section SOCIAL; the figures count without names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.access.models import AuditEvent
from etablera.activity.coverage import LOOKBACK_MONTHS, coverage_figures, coverage_list, lookback_start
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403
from etablera.rules import activity as rules
from etablera.rules.dates import add_months
from etablera.rules.deadlines import render

pytestmark = pytest.mark.django_db


def test_social_services_see_the_covered_adults_with_the_reasons(sigrid, support, adults, today):
    rows = coverage_list(sigrid, adults[0].municipality_id, today)
    assert {r.person.pk for r in rows} == {p.pk for p in adults}
    for row in rows:
        assert row.coverage.state == rules.COVERED and row.plan_missing
        assert "Försörjningsstöd 5 månader i följd" in render(row.coverage.reasons[0])
        assert row.demanded_hours == 40
    logged = AuditEvent.objects.filter(actor=sigrid, action=AuditEvent.Action.LIST)
    assert {e.person_public_id for e in logged} >= {p.public_id for p in adults}


def test_the_reception_unit_sees_no_one_in_the_list(alice, support, adults, today):
    assert coverage_list(alice, adults[0].municipality_id, today) == []


def test_the_figures_count_without_names(support, adults, today):
    figures = coverage_figures(adults[0].municipality_id, today)
    assert (figures.covered, figures.demanded_hours) == (2, 80)


def test_a_run_longer_than_the_window_is_at_least_as_long(today):
    known_from = lookback_start(today)
    months = [add_months(known_from, -n) for n in range(1, 6)] + [
        add_months(known_from, n) for n in range(0, LOOKBACK_MONTHS + 1)
    ]
    shown = [m for m in months if m >= known_from]
    coverage = rules.coverage(
        birth_date=dt.date(1980, 1, 1), support_months=shown, as_of=today, known_from=known_from
    )
    assert render(coverage.reasons[0]).startswith("Försörjningsstöd minst ")


def test_the_list_costs_the_same_for_one_person_as_for_many(sigrid, support, adults, household, today):
    with CaptureQueriesContext(connection) as many:
        coverage_list(sigrid, adults[0].municipality_id, today)
    for month in support:
        month.persons.remove(adults[1])
    with CaptureQueriesContext(connection) as one:
        coverage_list(sigrid, adults[0].municipality_id, today)
    assert len(one) <= len(many) <= 12
