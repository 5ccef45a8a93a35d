"""What the demo shows of unaccompanied minors (issue #14, etablera/demo/minors.py): a child of 15 in an HVB home
with a god man, a visit three weeks ago and a tracing request pending; a 17-year-old asylum seeker whose report of
continued responsibility is due this month; a young adult of 19 in exit housing with a plan, kept after 18; and a
family-reunification household waiting, linked to the first child — seen by `soc` at Socialtjänsten, first in the
list the one whose report is due, and a second load adds nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from etablera.minors import selectors
from etablera.minors.models import ChildCase, FollowUpVisit, Guardian, Placement, RelativeLink, TracingRequest
from etablera.organisation.models import Municipality, User
from etablera.people.models import Category, Person
from etablera.reception.models import Assignment, Task
from etablera.rules import minors as rules
from etablera.rules.dates import age_on


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module's tests (testing.fixtures.demo_for_the_module)."""


def _case(first_name: str) -> ChildCase:
    return ChildCase.objects.select_related("person").get(person__first_name=first_name)


def test_the_child_in_an_hvb_home_with_a_god_man_a_visit_and_a_tracing_request(demo):
    today = timezone.localdate()
    case = _case("Mustafa")
    assert case.person.category == Category.UNACCOMPANIED_MINOR
    assert age_on(case.person.birth_date, today) == 15
    running = case.placements.get(ends_on__isnull=True)
    assert running.kind == Placement.Kind.HVB and running.starts_on <= today
    good_man = case.guardians.get()
    assert good_man.kind == Guardian.Kind.GOOD_MAN and good_man.appointed_on and good_man.ended_on is None
    assert case.visits.get().visited_on == today - dt.timedelta(weeks=3)
    tracing = case.tracing_requests.get()
    assert tracing.via == "Röda korset" and tracing.outcome == TracingRequest.Outcome.PENDING
    assert "förberedelseklass" in case.care_plan and case.care_plan_updated_on == today - dt.timedelta(
        weeks=3
    )
    # The reception made his school placement and health examination tasks (issue #14: shown on his page).
    titles = {
        t.split(":")[0] for t in Task.objects.filter(person=case.person).values_list("title", flat=True)
    }
    assert {"Skolplacering", "Hälsoundersökning erbjuds"} <= titles


def test_the_asylum_seekers_report_is_due_this_month(demo):
    today = timezone.localdate()
    case = _case("Liban")
    born = case.person.birth_date
    due = rules.continued_responsibility_report(born).date
    assert age_on(born, today) == 17 and case.asylum_status == ChildCase.AsylumStatus.SEEKING
    assert (due.year, due.month) == (today.year, today.month) and case.report_sent_on is None
    last_day = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    assert due > today or today == last_day
    assert case.placements.get(ends_on__isnull=True).kind == Placement.Kind.FAMILY_HOME
    soc = User.objects.get(username="soc")
    rows = selectors.children(soc, Municipality.objects.get(code="0480").pk, today)
    liban = next(r for r in rows if r.person.first_name == "Liban")
    assert liban.next.kind == "REPORT" and liban.next.date == due and liban.due_within("REPORT", today)
    assert {r.person.first_name for r in rows} >= {"Mustafa", "Liban", "Filmon"}


def test_the_young_adult_in_exit_housing_kept_after_18(demo):
    today = timezone.localdate()
    case = _case("Filmon")
    assert age_on(case.person.birth_date, today) == 19
    assert case.after_18 == ChildCase.After18.KEEP and case.young_adult_plan
    assert case.report_sent_on <= rules.continued_responsibility_report(case.person.birth_date).date
    running = case.placements.get(ends_on__isnull=True)
    assert running.kind == Placement.Kind.EXIT_HOUSING
    assert running.starts_on == rules.turns_adult(case.person.birth_date)
    assert case.placements.count() == 2  # the HVB home until 18
    assert case.guardians.get().end_reason == Guardian.EndReason.ADULT


def test_the_relatives_wait_and_are_linked_to_the_child(demo):
    link = RelativeLink.objects.select_related("household").get(case=_case("Mustafa"))
    assignment = link.household.assignments.get()
    assert assignment.category == Category.FAMILY_REUNIFICATION
    assert assignment.status == Assignment.Status.ASSIGNED
    assert link.household.anchor_person.first_name == "Mustafa"
    assert Person.objects.filter(household_memberships__household=link.household).count() == 2


def test_a_second_load_adds_nothing(demo):
    counts = (ChildCase.objects.count(), Placement.objects.count(), FollowUpVisit.objects.count())
    links = RelativeLink.objects.count()
    call_command("demo", "--skip-sodermanland", stdout=StringIO())
    assert (ChildCase.objects.count(), Placement.objects.count(), FollowUpVisit.objects.count()) == counts
    assert RelativeLink.objects.count() == links == 1
