"""What the demo shows of the activity requirement (issue #13): a catalogue and a praktikplatsbank, a person covered
with a plan, a week, a job coach and an accepted placement, one covered without a plan and with two deviations to
assess, one whose requirement has not started and whose programme will exempt her, and a placement that ended in
work — each reached by the demo user of its unit, and a second load adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from etablera.activity.coverage import coverage_list
from etablera.activity.models import (
    Activity,
    Deviation,
    Employer,
    JobCoachAssignment,
    Participation,
    Placement,
    RequirementPlan,
)
from etablera.organisation.models import Municipality, User
from etablera.people.models import Person
from etablera.rules import activity as rules


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module's tests (testing.fixtures.demo_for_the_module), each test rolled back."""


def _person(first_name: str) -> Person:
    return Person.objects.get(first_name=first_name)


def test_social_services_see_who_is_covered_and_why(demo, today):
    soc = User.objects.get(username="soc")
    rows = {
        r.person.first_name: r for r in coverage_list(soc, Municipality.objects.get(code="0480").pk, today)
    }
    yohannes, samuel, hodan = rows["Yohannes"], rows["Samuel"], rows["Hodan"]
    assert (
        yohannes.coverage.state == rules.COVERED and yohannes.plan is not None and not yohannes.plan_missing
    )
    assert samuel.coverage.state == rules.COVERED and samuel.plan_missing
    assert hodan.coverage.state == rules.UPCOMING and hodan.coverage.starts_on > today
    assert "Försörjningsstöd 14 månader i följd" in rules_text(yohannes.coverage.reasons[0])


def rules_text(message) -> str:
    from etablera.rules.deadlines import render

    return render(message)


def test_the_week_the_coach_and_the_placements(demo, today):
    yohannes = _person("Yohannes")
    assert Participation.objects.filter(person=yohannes, kind="ACTIVITY").count() == 3
    assert Participation.objects.filter(person=yohannes, kind="PLACEMENT").exists()  # the accepted placement
    coach = JobCoachAssignment.objects.get(person=yohannes)
    assert coach.first_contact_on <= coach.first_contact_due  # within Trelleborg's three days
    assert RequirementPlan.objects.filter(person=yohannes, status="ACTIVE").exists()
    assert Placement.objects.get(participant=yohannes).state == Placement.State.FILLED
    ended = Placement.objects.get(participant__first_name="Tesfalem")
    assert ended.state == Placement.State.ENDED and ended.outcome == Placement.Outcome.EMPLOYMENT
    assert Placement.objects.filter(state=Placement.State.OPEN).count() == 2
    # The catalogue's own four, beside the two associations' activities civil society's demo adds (demo/civil.py).
    assert Employer.objects.count() == 3
    assert Activity.objects.filter(active=True).exclude(kind=Activity.Kind.ASSOCIATION).count() == 4


def test_two_deviations_wait_for_social_services_and_nothing_is_decided(demo):
    samuel = _person("Samuel")
    kinds = set(Deviation.objects.filter(person=samuel).values_list("kind", "status"))
    assert kinds == {("ABSENCE", "TO_ASSESS"), ("DECLINED_PLACEMENT", "TO_ASSESS")}
    assert not Deviation.objects.exclude(status="TO_ASSESS").exists()


def test_a_second_load_adds_nothing(demo):
    counts = (Activity.objects.count(), Participation.objects.count(), Deviation.objects.count())
    call_command("demo", "--skip-sodermanland", stdout=StringIO())
    assert (Activity.objects.count(), Participation.objects.count(), Deviation.objects.count()) == counts
