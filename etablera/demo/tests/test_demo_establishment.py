"""What the demo shows of the establishment phase (issue #12): people at every stage, one SIP on a consent, a plan
to revise, a programme that ends soon and one that has not started, SFI with breaks and completions, and cohorts of
earlier years whose outcome cells are large enough to show — each reached by the demo user of its unit."""

import pytest

from etablera.access.policy import restrict
from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    IndividualPlan,
    Intervention,
    MonthlyStatus,
    PlanMeeting,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
)
from etablera.establishment.reports.outcomes import outcome_report
from etablera.organisation.models import User
from etablera.people.models import Category, Person
from etablera.reception.models import ReceptionCase


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module's tests (testing.fixtures.demo_for_the_module), each test rolled back."""


def _person(first_name: str) -> Person:
    return Person.objects.get(first_name=first_name)


def test_people_are_at_every_stage_of_the_mapping(demo, today):
    karwan = Assessment.objects.get(person__first_name="Karwan")
    assert karwan.status == Assessment.Status.STARTED and karwan.due_date > today  # just arrived: due
    assert karwan.due_deadline.rule == "establishment.assessment"
    done = Assessment.objects.filter(status=Assessment.Status.COMPLETED, person__municipality__code="0480")
    assert {"Olena", "Zahra", "Hodan", "Khaled", "Dawit"} <= set(
        done.values_list("person__first_name", flat=True)
    )
    assert all(a.completed_on >= a.created_at.date() for a in done)  # completed after its (dated) start
    assert ChildAssessment.objects.filter(assessment__person__first_name="Yonas", handover_on__isnull=False)


def test_a_plan_across_units_with_follow_ups(demo):
    plan = IndividualPlan.objects.get(person__first_name="Khaled")
    givers = {
        (i.unit.name if i.unit else i.external_actor) for i in plan.interventions.select_related("unit")
    }
    assert {"SFI", "Arbetsmarknadsenheten", "Arbetsförmedlingen"} <= givers
    assert plan.goals.count() >= 2 and plan.meetings.count() == 2


def test_one_sip_stands_on_the_persons_consent_given_before_it(demo):
    sip = IndividualPlan.objects.get(kind=IndividualPlan.Kind.SIP)
    assert sip.person.first_name == "Rania"
    assert sip.consent.person_id == sip.person_id and sip.consent.given_date < sip.started_on
    assert sip.municipality_responsibility and sip.region_responsibility
    assert sip.start_deadline is not None


def test_one_plan_is_not_working_and_marked_for_revision(demo):
    plan = IndividualPlan.objects.get(status=IndividualPlan.Status.REVISE)
    assert plan.person.first_name == "Dawit"
    assert PlanMeeting.objects.filter(plan=plan, revise_plan=True).exists()


def test_a_programme_ends_within_90_days_and_one_waits_to_start(demo, today):
    running = ProgrammePeriod.objects.filter(actual_end__isnull=True)
    ending = running.get(person__first_name="Samir")
    assert 30 <= (ending.planned_end - today).days <= 90
    waiting = running.get(person__first_name="Hodan")
    assert waiting.start_date > today  # glappet
    assert MonthlyStatus.objects.filter(person=waiting.person, status="SOCIAL_ASSISTANCE").exists()


def test_sfi_has_a_break_and_completions(demo):
    assert SfiInterruption.objects.filter(enrolment__person__first_name="Khaled", end_date__isnull=False)
    assert SfiEnrolment.objects.get(person__first_name="Dawit").status == SfiEnrolment.Status.INTERRUPTED
    assert SfiEnrolment.objects.filter(status=SfiEnrolment.Status.COMPLETED).count() >= 10


def test_cohorts_of_earlier_years_have_cells_of_at_least_five(demo, today):
    """The cohort outcomes of four and three years ago (arrival year × sex × category × age band): at least four
    cells shown with every figure, and small cells suppressed beside them."""
    report = outcome_report(cohort=today.year - 4, cohort_to=today.year - 3, municipality_code="0480")
    cells = [row for row in report.rows if not row.is_total]
    shown = [row for row in cells if not row.suppressed]
    assert len(shown) >= 4
    assert all(row.persons >= 5 and row.category == Category.ASSIGNED_FROM_FACILITY for row in shown)
    for row in shown:
        assert row.followed == row.persons  # each followed up 90 days after the programme
        assert isinstance(row.work_or_studies_percent, int) and 0 < row.work_or_studies_percent < 100
        assert isinstance(row.median_months_to_self_support, (int, float))
        assert isinstance(row.median_sfi_wait_days, (int, float))
    assert any(row.suppressed for row in cells)  # the resettled in their forties: fewer than five
    statuses = set(MonthlyStatus.objects.values_list("status", flat=True))
    assert {"WORK", "STUDIES", "PROGRAMME", "SFI", "SOCIAL_ASSISTANCE", "PARENTAL_LEAVE"} <= statuses
    # The earlier households' reception is over: cases closed, no task left open.
    old = ReceptionCase.objects.filter(arrival_date__year__lt=today.year - 1)
    assert old.count() >= 16 and not old.exclude(status=ReceptionCase.Status.CLOSED).exists()


@pytest.mark.parametrize(
    "username, first_names",
    [
        ("sfi", {"Khaled", "Zahra", "Dawit"}),
        ("soc", {"Rania", "Hodan", "Samir"}),
        ("arbetsmarknad", {"Khaled", "Dawit", "Samir"}),
        ("handlaggare", {"Karwan", "Khaled", "Rania", "Samir", "Bassam"}),
    ],
)
def test_each_units_demo_user_reaches_the_people_of_its_plans(demo, username, first_names):
    user = User.objects.get(username=username)
    seen = set(
        restrict(user, Person.objects.filter(first_name__in=first_names)).values_list("first_name", flat=True)
    )
    assert seen == first_names
    if username != "handlaggare":
        assert Intervention.objects.filter(
            unit__memberships__user=user
        ).exists() or IndividualPlan.objects.filter(responsible_unit__memberships__user=user)


def test_samirs_plan_keeps_social_services_involved_after_the_reception_case_closed(demo):
    samir = _person("Samir")
    assert (
        ReceptionCase.objects.get(household__memberships__person=samir).status == ReceptionCase.Status.CLOSED
    )
    soc = User.objects.get(username="soc")
    assert restrict(soc, Person.objects.filter(pk=samir.pk)).exists()
    cohort = Person.objects.filter(first_name="Bassam")
    assert not restrict(soc, cohort).exists()  # no plan, a closed case: not social services' to see
