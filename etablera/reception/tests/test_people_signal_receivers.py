"""The reception's receivers of the people signals (etablera/people/signals.py): sent here by hand, as the people
services send them inside their transactions."""

import datetime as dt

import pytest

from etablera.people import signals
from etablera.people.models import BirthDateChange, Household, HouseholdMember, Person
from etablera.reception import services
from etablera.reception.models import Assignment, CaseEvent, Task, TaskEvent
from etablera.testing.factories import HouseholdFactory, PersonFactory


@pytest.fixture
def received(alice, family, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-2026-SIG-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=10),
        household=family,
    )
    return services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=3)
    )


def _member(family, age: int) -> Person:
    today = dt.date.today()
    for m in family.memberships.select_related("person"):
        born = m.person.birth_date
        if today.year - born.year - ((today.month, today.day) < (born.month, born.day)) == age:
            return m.person
    raise AssertionError(age)


def _change_birth_date(person: Person, new: dt.date, actor) -> BirthDateChange:
    change = BirthDateChange.objects.create(
        person=person,
        kind=BirthDateChange.Kind.AGE_UPLIFT,
        old_date=person.birth_date,
        new_date=new,
        reason="Test",
    )
    Person.objects.filter(pk=person.pk).update(birth_date=new)
    person.birth_date = new
    signals.birth_date_changed.send(sender=Person, person=person, change=change, actor=actor)
    return change


def test_an_age_uplift_closes_the_childs_school_tasks_and_creates_the_adults(alice, received, family, today):
    child = _member(family, 9)
    school = Task.objects.filter(case=received, person=child, title__startswith="Skolplacering").get()
    _change_birth_date(child, dt.date(today.year - 19, 1, 1), alice)
    school.refresh_from_db()
    assert school.status == Task.Status.NOT_APPLICABLE
    assert "till och med 17 års ålder" in school.not_applicable_reason
    changed = school.events.get(kind=TaskEvent.Kind.CONDITION_CHANGED)
    assert "Födelsedatum ändrat" in changed.text and "17 års ålder" in changed.text
    sfi = Task.objects.get(case=received, person=child, title__startswith="Anmälan till SFI")
    assert sfi.status == Task.Status.OPEN and sfi.due_date >= today
    assert "ändrat födelsedatum" in sfi.events.get(kind=TaskEvent.Kind.CREATED).text
    assert CaseEvent.objects.filter(household=family, kind=CaseEvent.Kind.TASK_NOT_APPLICABLE).exists()
    # Sent again (the same date): nothing more changes, nothing is made twice.
    _change_birth_date(child, dt.date(today.year - 19, 1, 1), alice)
    assert Task.objects.filter(case=received, person=child, title__startswith="Anmälan till SFI").count() == 1


def test_a_birth_date_that_changes_nothing_writes_nothing(alice, received, family):
    adult = _member(family, 40)
    before = TaskEvent.objects.count()
    _change_birth_date(adult, adult.birth_date - dt.timedelta(days=30), alice)
    assert TaskEvent.objects.count() == before


def test_a_newborn_gets_the_member_tasks_of_the_open_case_from_the_day_she_came(
    alice, received, family, today
):
    baby = PersonFactory(municipality=family.municipality, birth_date=today, first_name="Nour")
    HouseholdMember.objects.create(household=family, person=baby, relation=HouseholdMember.Relation.CHILD)
    signals.member_added.send(sender=Household, household=family, person=baby, actor=alice, on_date=today)
    tasks = Task.objects.filter(case=received, person=baby)
    titles = {t.title for t in tasks}
    assert "Folkbokföring och id-kort hos Skatteverket: Nour" in titles
    assert not any(t.startswith(("Anmälan till SFI", "Skolplacering", "Förskoleplats")) for t in titles)
    assert all(t.due_date >= today for t in tasks)
    registration = tasks.get(title__startswith="Folkbokföring")
    assert registration.due_date == today + dt.timedelta(days=7)
    assert "Kom till hushållet" in registration.deadline.explanation


def test_a_member_of_an_anvisning_waiting_gets_its_tasks_before_arrival(alice, nykoping, units, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-2026-SIG-2",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=5),
        person_count=1,
    )
    household = HouseholdFactory.with_members([30], municipality=nykoping)
    Assignment.objects.filter(pk=assignment.pk).update(household=household)
    person = household.memberships.get().person
    signals.member_added.send(sender=Household, household=household, person=person, actor=alice, on_date=None)
    tasks = Task.objects.filter(assignment=assignment, case__isnull=True)
    assert tasks.filter(title="Planera hämtning och boka tolk").exists()


def test_a_member_who_leaves_has_the_open_tasks_closed_saying_why(alice, received, family, today):
    adult = _member(family, 38)
    open_before = Task.objects.filter(case=received, person=adult, status=Task.Status.OPEN).count()
    assert open_before
    signals.member_left.send(
        sender=Household, household=family, person=adult, actor=alice, on_date=today, reason="DECEASED"
    )
    tasks = Task.objects.filter(case=received, person=adult)
    assert not tasks.filter(status=Task.Status.OPEN).exists()
    assert all(
        "lämnade hushållet" in t.not_applicable_reason and "avliden" in t.not_applicable_reason for t in tasks
    )
    assert TaskEvent.objects.filter(task__in=tasks, kind=TaskEvent.Kind.NOT_APPLICABLE).count() == open_before
    # The household's tasks stay open.
    assert Task.objects.filter(case=received, person__isnull=True, status=Task.Status.OPEN).exists()
