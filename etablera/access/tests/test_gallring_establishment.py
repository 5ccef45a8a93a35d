"""Gallring and the establishment records (issue #12, rules/retention.py, establishment/gallring.py): a plan,
programme or SFI that runs keeps the household's record as an ongoing matter; a new entry in the records restarts
its period; the mapping's health part and a child's mapping follow their own sections' periods; the periods are
dated parameters with their sources."""

from __future__ import annotations

import datetime as dt

from etablera.access import gallring
from etablera.access.tests.test_gallring import LONG_AGO, _at, make_household  # noqa: F401 (fixture)
from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    IndividualPlan,
    MonthlyStatus,
    ProgrammePeriod,
)
from etablera.rules import retention
from etablera.rules.parameters import parameter

AFTER_FIVE_YEARS = dt.date(LONG_AGO.year + 6, 6, 1)


def _ids(planned) -> set[int]:
    return {record.pk for record in planned.households}


def _kept(planned) -> dict[int, str]:
    return {record.pk: record.kept_reason for record in planned.kept}


def test_a_running_plan_or_programme_keeps_the_household_and_a_closed_one_does_not(make_household):  # noqa: F811
    household = make_household("Familjen Pågår", [40], birth_day=10)
    person = household.members.get()
    plan = IndividualPlan.objects.create(
        person=person,
        municipality=household.municipality,
        started_on=LONG_AGO,
        created_at=_at(LONG_AGO),
    )
    planned = gallring.plan(today=AFTER_FIVE_YEARS)
    assert household.pk not in _ids(planned) and _kept(planned)[household.pk] == gallring.ONGOING

    IndividualPlan.objects.filter(pk=plan.pk).update(status="CLOSED", closed_on=LONG_AGO)
    period = ProgrammePeriod.objects.create(
        person=person, municipality=household.municipality, referral_date=LONG_AGO, start_date=LONG_AGO
    )
    ProgrammePeriod.objects.filter(pk=period.pk).update(updated_at=_at(LONG_AGO))
    assert _kept(gallring.plan(today=AFTER_FIVE_YEARS))[household.pk] == gallring.ONGOING

    ProgrammePeriod.objects.filter(pk=period.pk).update(actual_end=LONG_AGO, end_reason="WORK")
    assert household.pk in _ids(gallring.plan(today=AFTER_FIVE_YEARS))


def test_a_status_recorded_later_restarts_the_period(make_household):  # noqa: F811
    household = make_household("Familjen Status", [35], birth_day=10)
    person = household.members.get()
    later = dt.date(LONG_AGO.year + 3, 5, 1)
    status = MonthlyStatus.objects.create(
        person=person, municipality=household.municipality, month=later, status="WORK"
    )
    MonthlyStatus.objects.filter(pk=status.pk).update(recorded_at=_at(later))

    planned = gallring.plan(today=AFTER_FIVE_YEARS)
    assert household.pk not in _ids(planned) and household.pk not in _kept(planned)  # its period runs
    record = next(
        r for r in gallring.plan(today=dt.date(later.year + 6, 1, 2)).households if r.pk == household.pk
    )
    assert record.outcome.last_entry == later

    gallring.execute(today=dt.date(later.year + 6, 1, 2))
    status.refresh_from_db()
    assert status.status == "WORK" and status.month == later  # kept for the outcome figures


def test_a_childs_mapping_goes_after_the_schools_period_whether_or_not_the_person_is_anonymised(
    make_household,  # noqa: F811
):
    household = make_household("Familjen Barn", [40, 9], birth_day=10)
    child = household.members.order_by("-birth_date").first()
    assessment = Assessment.objects.create(person=child, municipality=household.municipality)
    part = ChildAssessment.objects.create(assessment=assessment, pedagogical="Läser på arabiska")
    ChildAssessment.objects.filter(pk=part.pk).update(updated_at=_at(LONG_AGO))
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=_at(LONG_AGO))
    IndividualPlan.objects.create(  # a plan of the parent runs: the household is kept, the child's mapping is not
        person=household.members.order_by("birth_date").first(),
        municipality=household.municipality,
        started_on=LONG_AGO,
    )

    planned = gallring.plan(today=AFTER_FIVE_YEARS)
    assert planned.establishment_parts[retention.ESTABLISHMENT_SCHOOL] == [part.pk]
    assert planned.counts()["establishment_parts"] == {"establishment.HEALTH": 0, "establishment.SCHOOL": 1}
    assert not gallring.plan(today=dt.date(LONG_AGO.year + 5, 1, 1)).establishment_parts[
        retention.ESTABLISHMENT_SCHOOL
    ]

    gallring.execute(today=AFTER_FIVE_YEARS)
    assert not ChildAssessment.objects.filter(pk=part.pk).exists()
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_the_periods_are_dated_parameters_with_their_sources():
    on = dt.date(2026, 1, 1)
    establishment = parameter("retention.establishment_years", on)
    assert (
        establishment.value == 5 and establishment.local and "dokumenthanteringsplan" in establishment.source
    )
    assert "12 kap. 1 §" in establishment.source
    assert retention.retention_years(retention.ESTABLISHMENT, on) == 5
    assert retention.retention_years(retention.ESTABLISHMENT_HEALTH, on) == 10  # patientdatalagen
    assert retention.retention_years(retention.ESTABLISHMENT_SCHOOL, on) == 5
    outcome = retention.assess(retention.ESTABLISHMENT_HEALTH, dt.date(2020, 3, 1), dt.date(2030, 3, 2))
    assert outcome.due and outcome.complete_by == dt.date(2031, 12, 31)
    assert "Patientdatalagen" in outcome.deadline.source
