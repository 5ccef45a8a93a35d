"""School placement and the health examination as the reception's tasks (issue #14, minors.services.tasks): made
when the child's case opens if the child has no open or done task of the step, through the reception's plan (unit,
section, due date with its rule, the template's age conditions); shown on the child's page with what the viewer may
see — the school's and the region's own words stay theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.minors import services
from etablera.minors.services import tasks as minors_tasks
from etablera.minors.tests.conftest import received_child
from etablera.organisation.models import Role, Unit
from etablera.people.models import Category
from etablera.reception import services as reception_services
from etablera.reception.default_template import DEFAULT_STEPS
from etablera.reception.models import Task, TaskEvent
from etablera.rules import minors as rules
from etablera.rules.dates import birthday
from etablera.testing.factories import HouseholdFactory, UserFactory


def _tasks(person, status=None):
    found = Task.objects.filter(minors_tasks._of_steps(), person=person).select_related("step", "unit")
    return list(found.filter(status=status) if status else found)


def _not_applicable(alice, person):
    for task in _tasks(person):
        reception_services.mark_not_applicable(actor=alice, task=task, reason="Ordnas senare")


@pytest.fixture
def sam(units):
    """Caseworker in Nyköping's reception school (mottagningsskolan): owns section SCHOOL."""
    return UserFactory.with_role("sam", units[Unit.Function.SCHOOL], Role.CASEWORKER, first_name="Sam")


def test_the_steps_are_the_national_templates():
    titles = {row[0]: row for row in DEFAULT_STEPS}
    assert titles[minors_tasks.SCHOOL_PLACEMENT][1:3] == ("SCHOOL", "MEMBER")
    assert titles[minors_tasks.HEALTH_EXAMINATION][1:3] == ("REGION", "MEMBER")


def test_a_child_received_with_both_tasks_gets_no_more(sigrid, child, case):
    """The reception made both at arrival (the template): opening the case adds nothing and logs nothing."""
    assert sorted(minors_tasks.step_title(t) for t in _tasks(child)) == sorted(minors_tasks.STEP_TITLES)
    assert not AuditEvent.objects.filter(summary__startswith="Uppgifter skapade när barnärendet").exists()


def test_the_missing_tasks_are_made_through_the_reception_plan(sigrid, alice, child, units, today):
    """Both marked not applicable by the reception: the board that carries the child needs them done, so each is
    made again — the school's for the school, the region's (no region unit here: the reception's) — due 30 days
    after the arrival as the template counts, with the rule's explanation."""
    _not_applicable(alice, child)
    case = services.open_case(sigrid, child, asylum_status="SEEKING")
    made = _tasks(child, Task.Status.OPEN)
    assert sorted(minors_tasks.step_title(t) for t in made) == sorted(minors_tasks.STEP_TITLES)
    by_title = {minors_tasks.step_title(t): t for t in made}
    school, health = by_title["Skolplacering"], by_title["Hälsoundersökning erbjuds"]
    assert school.title == f"Skolplacering: {child.first_name}"
    assert school.unit == units[Unit.Function.SCHOOL] and school.section == "SCHOOL"
    assert health.unit == units[Unit.Function.RECEPTION] and health.section == "HEALTH"
    arrival = today - dt.timedelta(days=10)  # conftest: received ten days ago
    assert school.due_date == health.due_date == arrival + dt.timedelta(days=30)
    assert school.deadline.rule == "template.step" and "+ 30 dagar" in school.deadline.explanation
    assert (
        school.case_id is not None and school.household_id == child.household_memberships.get().household_id
    )
    created = TaskEvent.objects.get(task=school, kind=TaskEvent.Kind.CREATED)
    assert created.actor == sigrid and created.text == "Skapad från processmallen"
    event = AuditEvent.objects.get(summary__startswith="Uppgifter skapade när barnärendet")
    assert (
        event.actor == sigrid and event.object_type == "ChildCase" and event.object_id == str(case.public_id)
    )
    assert "Skolplacering" in event.summary and child.first_name not in event.summary
    assert len(_tasks(child)) == 4  # the two not-applicable ones stay, as they were decided


def test_a_done_task_counts(sigrid, alice, sam, child):
    [school] = [t for t in _tasks(child) if t.section == "SCHOOL"]
    reception_services.complete_task(actor=sam, task=school, note="Plats på Nyköpingsskolan")
    services.open_case(sigrid, child, asylum_status="SEEKING")
    assert len(_tasks(child)) == 2


def test_a_16_year_old_is_placed_in_the_introduction_programme(sigrid, alice, child):
    _not_applicable(alice, child)
    services.open_case(sigrid, child, asylum_status="SEEKING")
    [school] = [t for t in _tasks(child, Task.Status.OPEN) if t.section == "SCHOOL"]
    assert "introduktionsprogram (språkintroduktion)" in school.description


def test_a_young_child_goes_to_school_as_the_template_says(sigrid, alice, nykoping, today):
    person = received_child(alice, nykoping, today, age=9, reference="MIG-2026-000781")
    _not_applicable(alice, person)
    services.open_case(sigrid, person, asylum_status="SEEKING")
    [school] = [t for t in _tasks(person, Task.Status.OPEN) if t.section == "SCHOOL"]
    assert school.description == "Placering i förskoleklass eller skola."


def test_a_young_adult_gets_no_school_task_from_the_template(sigrid, alice, nykoping, today):
    """From 18 the template has no school placement step (6–17): only the health examination is made."""
    person = received_child(alice, nykoping, today, age=19, reference="MIG-2026-000782")
    _not_applicable(alice, person)
    services.open_case(sigrid, person, asylum_status="TEMPORARY_PERMIT", permit_decided_on=today)
    assert [t.section for t in _tasks(person, Task.Status.OPEN)] == ["HEALTH"]


def test_the_age_is_taken_the_day_the_case_opens(sigrid, alice, nykoping, today):
    """Five at arrival (a pre-school place, no school placement), six when the case opens: a school placement."""
    person = received_child(alice, nykoping, today, age=5, reference="MIG-2026-000783")
    assert not [t for t in _tasks(person) if t.section == "SCHOOL"]
    type(person).objects.filter(pk=person.pk).update(birth_date=birthday(today, -6))
    person.refresh_from_db()
    services.open_case(sigrid, person, asylum_status="SEEKING")
    assert [t.section for t in _tasks(person, Task.Status.OPEN) if t.section == "SCHOOL"] == ["SCHOOL"]


def test_without_an_open_reception_nothing_is_made(sigrid, nykoping):
    """Tasks hang on a reception case: a child not received has none, and the reception makes them on arrival."""
    household = HouseholdFactory.with_members(
        [15], municipality=nykoping, name="Ej mottagen", category=Category.UNACCOMPANIED_MINOR
    )
    person = household.members.get()
    # No unit of sigrid's is involved with a child nobody received: the case is opened as the system (an import).
    services.open_case(None, person, asylum_status="SEEKING")
    assert _tasks(person) == []


def test_the_childs_page_shows_the_tasks_but_not_the_schools_words(
    signed_in, sigrid, sam, child, case, today
):
    [school] = [t for t in _tasks(child) if t.section == "SCHOOL"]
    reception_services.mark_not_applicable(actor=sam, task=school, reason="Går redan i skola i Enköping")
    answer = signed_in(sigrid).get(reverse("minors_child", args=[child.public_id]))
    assert answer.status_code == 200
    text = answer.content.decode()
    section = text[text.index('id="skola-halsa"') : text.index('id="foretradare"')]
    assert f"Skolplacering: {child.first_name}" in section and "Mottagningsskolan" in section
    assert f"Hälsoundersökning erbjuds: {child.first_name}" in section
    assert reverse("task_detail", args=[school.pk]) in section and "Ej aktuell" in section
    assert "Går redan i skola i Enköping" not in text  # the school's words stay the school's
    assert "visas bara för den" in section
    assert "Mallens datum" not in section and "+ 30 dagar" in section  # why this date
    # the school sees its own reason where it works: on the task's page
    task_page = signed_in(sam).get(reverse("task_detail", args=[school.pk])).content.decode()
    assert "Går redan i skola i Enköping" in task_page


def test_the_section_says_when_there_are_no_tasks(signed_in, sigrid, nykoping):
    household = HouseholdFactory.with_members(
        [15], municipality=nykoping, name="Ej mottagen", category=Category.UNACCOMPANIED_MINOR
    )
    person = household.members.get()
    services.open_case(None, person, asylum_status="SEEKING")
    text = signed_in(sigrid).get(reverse("minors_child", args=[person.public_id])).content.decode()
    assert "Inga uppgifter om skolplacering eller hälsoundersökning" in text


def test_only_the_tasks_the_viewer_sees_are_read(sigrid, alice, charlie, child, case):
    assert len(minors_tasks.school_health_tasks(sigrid, child)) == 2
    assert (
        len(minors_tasks.school_health_tasks(alice, child)) == 2
    )  # the reception sees its household's tasks
    assert minors_tasks.school_health_tasks(charlie, child) == []
    shown = minors_tasks.school_health_tasks(sigrid, child)
    assert not any(t.section_text_visible for t in shown)  # neither SCHOOL nor HEALTH is social services'


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (dt.date(2010, 12, 2), True),  # 16 on the day
        (dt.date(2010, 12, 3), False),  # 16 tomorrow
        (dt.date(2008, 12, 3), True),  # 17, the template's last school year
        (None, False),
    ],
)
def test_the_introduction_programme_is_from_16(born, expected):
    assert rules.upper_secondary(born, dt.date(2026, 12, 2)) is expected
