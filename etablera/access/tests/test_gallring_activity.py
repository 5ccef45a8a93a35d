"""Gallring and the activity requirement (issue #13, activity/gallring.py): a plan, a participation or a job coach
that runs keeps the household's record as an ongoing matter; a month of support later restarts its period; when the
household is gallrad the records stay with their dates and hours and the texts about the person go."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from etablera.access import gallring
from etablera.access.tests.test_gallring import LONG_AGO, _at, make_household  # noqa: F401 (fixture)
from etablera.activity.models import CapacityAssessment, Deviation, RequirementPlan, SupportMonth
from etablera.organisation.models import Unit

AFTER_FIVE_YEARS = dt.date(LONG_AGO.year + 6, 6, 1)


def _ids(planned) -> set[int]:
    return {record.pk for record in planned.households}


def _kept(planned) -> dict[int, str]:
    return {record.pk: record.kept_reason for record in planned.kept}


def _month(household, person, month):
    sm = SupportMonth.objects.create(
        household=household, municipality=household.municipality, month=month, amount=9000
    )
    sm.persons.add(person)
    SupportMonth.objects.filter(pk=sm.pk).update(created_at=_at(month))
    return sm


def test_a_running_requirement_plan_keeps_the_household_and_a_closed_one_does_not(make_household, units):  # noqa: F811
    household = make_household("Familjen Krav", [40], birth_day=10)
    person = household.members.get()
    plan = RequirementPlan.objects.create(
        person=person,
        municipality=household.municipality,
        unit=units[Unit.Function.SOCIAL_SERVICES],
        drawn_up_on=LONG_AGO,
        hours_per_week=Decimal(40),
        content="Språkcafé",
        created_at=_at(LONG_AGO),
    )
    assert _kept(gallring.plan(today=AFTER_FIVE_YEARS))[household.pk] == gallring.ONGOING
    RequirementPlan.objects.filter(pk=plan.pk).update(status="CLOSED", closed_on=LONG_AGO)
    assert household.pk in _ids(gallring.plan(today=AFTER_FIVE_YEARS))


def test_a_month_of_support_later_restarts_the_period(make_household):  # noqa: F811
    household = make_household("Familjen Stöd", [35], birth_day=10)
    person = household.members.get()
    later = dt.date(LONG_AGO.year + 3, 5, 1)
    _month(household, person, later)
    planned = gallring.plan(today=AFTER_FIVE_YEARS)
    assert household.pk not in _ids(planned) and household.pk not in _kept(planned)  # its period runs
    record = next(
        r for r in gallring.plan(today=dt.date(later.year + 6, 1, 2)).households if r.pk == household.pk
    )
    assert record.outcome.last_entry == later


def test_execution_keeps_the_records_and_clears_what_was_written_about_the_person(make_household):  # noqa: F811
    household = make_household("Familjen Text", [45], birth_day=10)
    person = household.members.get()
    _month(household, person, LONG_AGO)
    capacity = CapacityAssessment.objects.create(
        person=person,
        municipality=household.municipality,
        hours_per_week=Decimal(20),
        valid_from=LONG_AGO,
        assessor="Arbetsterapeut Ek",
        reason="Ryggbesvär sedan flykten",
        created_at=_at(LONG_AGO),
    )
    deviation = Deviation.objects.create(
        person=person,
        municipality=household.municipality,
        kind="ABSENCE",
        occurred_on=LONG_AGO,
        description="Kom inte, sa att barnet var sjukt",
    )
    Deviation.objects.filter(pk=deviation.pk).update(reported_at=_at(LONG_AGO))
    gallring.execute(today=AFTER_FIVE_YEARS)
    capacity.refresh_from_db()
    deviation.refresh_from_db()
    assert capacity.hours_per_week == Decimal(20) and "Ryggbesvär" not in capacity.reason
    assert "Ek" not in capacity.assessor
    assert deviation.occurred_on == LONG_AGO and "barnet" not in deviation.description
    assert SupportMonth.objects.filter(household=household, amount=9000).exists()
