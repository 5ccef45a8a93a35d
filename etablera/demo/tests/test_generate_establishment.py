"""The establishment part of `etablera generate` (etablera/demo/generate/establishment.py) at a tiny scale: every
record passes its model's checks and the rules (programme age, no date after today), the shares are plausible,
the other domains' rows are the same with it as without it, and --reset deletes it."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Count

from etablera.demo import generate
from etablera.establishment.models import (
    Assessment,
    CivicOrientation,
    IndividualPlan,
    Intervention,
    LanguageSkill,
    MonthlyStatus,
    PlanGoal,
    PlanMeeting,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
)
from etablera.people.models import Category, Person
from etablera.reception.models import ReceptionCase
from etablera.rules import establishment as rules
from etablera.rules.dates import age_on

TODAY = dt.date(2026, 11, 23)
MODELS = (
    Assessment,
    LanguageSkill,
    IndividualPlan,
    PlanGoal,
    Intervention,
    PlanMeeting,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
    CivicOrientation,
    MonthlyStatus,
)

LABELS = {
    Assessment: "kartläggningar",
    ProgrammePeriod: "etableringsprogram",
    MonthlyStatus: "status per månad",
}


def _run(persons: int = 500, reset: bool = False) -> generate.Summary:
    return generate.generate(generate.Options(persons=persons, today=TODAY, reset=reset, progress=None))


def _arrivals() -> dict[int, dt.date]:
    return dict(
        ReceptionCase.objects.filter(assignment__reference__startswith="GEN-").values_list(
            "household__memberships__person", "arrival_date"
        )
    )


@pytest.mark.django_db
def test_the_establishment_records_follow_the_rules_and_the_models_checks():
    summary = _run()
    for model in MODELS:
        assert model.objects.exists(), model.__name__
    for model, label in LABELS.items():
        assert summary.counts[label] == model.objects.count(), label
    arrivals = _arrivals()
    adults = [
        pk
        for pk, birth in Person.objects.filter(pk__in=arrivals).values_list("pk", "birth_date")
        if birth and age_on(birth, arrivals[pk]) >= 18
    ]
    # Every received adult is mapped (and only adults), its due date three weeks from arrival.
    mapped = Assessment.objects.values_list("person_id", "due_date", "completed_on", "status")
    assert {person for person, *_ in mapped} == set(adults)
    for person, due, completed, status in mapped:
        assert due == arrivals[person] + dt.timedelta(weeks=3)
        assert (status == "COMPLETED") == (completed is not None) and (
            completed is None or completed <= TODAY
        )
    # The programme: of programme age at the referral, never for temporary protection, 24 months planned.
    for period in ProgrammePeriod.objects.select_related("person"):
        person = period.person
        assert rules.in_programme_age(person.birth_date, arrivals[person.pk]) and person.category != (
            Category.TEMPORARY_PROTECTION
        )
        assert period.planned_end == rules.programme_planned_end(period.start_date).date
        assert period.referral_date <= TODAY and (period.actual_end is None or period.actual_end <= TODAY)
        period.full_clean()
    ended = Counter(ProgrammePeriod.objects.exclude(end_reason="").values_list("end_reason", flat=True))
    assert ended["TIME_OUT"] and ended["WORK"]
    share = ProgrammePeriod.objects.count() / len(adults)
    assert 0.4 < share < 0.95
    # One open SFI enrolment per person at most; some breaks; completions before today.
    assert not SfiEnrolment.objects.values("person").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert set(SfiEnrolment.objects.values_list("status", flat=True)) >= {"COMPLETED", "STUDYING"}
    assert not SfiEnrolment.objects.filter(completed_on__gt=TODAY).exists()
    # Plans with goals, interventions (a unit or an external actor), meetings not in the future.
    for intervention in Intervention.objects.all()[:200]:
        intervention.full_clean()
    assert not PlanMeeting.objects.filter(held_on__gt=TODAY).exists()
    assert IndividualPlan.objects.filter(status="CLOSED", closed_on__isnull=False).exists()
    running = IndividualPlan.objects.exclude(status="CLOSED")
    assert running.exists() and not running.filter(follow_up_due__isnull=True).exists()
    for plan in running[:50]:
        assert plan.follow_up_deadline.date == plan.follow_up_due
    # Statuses per month: one per person and month, none for a month not begun, the programme's months.
    assert not MonthlyStatus.objects.filter(month__gt=TODAY.replace(day=1)).exists()
    statuses = Counter(MonthlyStatus.objects.values_list("status", flat=True))
    assert statuses["PROGRAMME"] > statuses["WORK"] > 0


@pytest.mark.django_db
def test_the_other_domains_rows_do_not_depend_on_it_and_reset_deletes_it(monkeypatch):
    """The establishment draws from its own random generator: the persons and tasks are those of a run without it."""
    from etablera.demo.generate import runner

    _run(persons=200)
    with_it = sorted(Person.objects.values_list("identity_number", "birth_date"))
    counts = {model: model.objects.count() for model in MODELS}
    assert all(counts.values())

    summary = _run(persons=200, reset=True)
    assert summary.reset["kartläggningar"] == counts[Assessment]
    assert summary.reset["status per månad"] == counts[MonthlyStatus]
    assert sorted(Person.objects.values_list("identity_number", "birth_date")) == with_it

    monkeypatch.setattr(
        runner,
        "_Generator",
        type(
            "_Generator",
            tuple(d for d in runner.DOMAINS if d.__name__ != "Establishment"),
            dict(runner._Generator.__dict__),
        ),
    )
    _run(persons=200, reset=True)
    assert sorted(Person.objects.values_list("identity_number", "birth_date")) == with_it
    assert not any(model.objects.exists() for model in MODELS)
