import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import CaseEvent, Task, TaskEvent
from etablera.testing.factories import UnitFactory


@pytest.fixture
def tasks(alice, family, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-TASK-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=30),
        household=family,
    )
    case = services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=5)
    )
    return Task.objects.filter(case=case)


def test_completing_a_task_records_who_and_when(alice, tasks):
    task = tasks.filter(unit__function=Unit.Function.RECEPTION).first()
    services.complete_task(actor=alice, task=task, note="Klart vid besöket")
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.completed_by == alice and task.completed_at
    event = task.events.get(kind=TaskEvent.Kind.DONE)
    assert event.actor == alice and "Klart vid besöket" in event.text
    assert CaseEvent.objects.filter(household=task.household, kind=CaseEvent.Kind.TASK_DONE).exists()


def test_not_applicable_needs_a_reason(alice, tasks):
    task = tasks.first()
    with pytest.raises(ValidationError) as error:
        services.mark_not_applicable(actor=alice, task=task, reason="  ")
    assert error.value.message_dict == {"reason": ["Ange varför uppgiften inte är aktuell."]}
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN
    services.mark_not_applicable(actor=alice, task=task, reason="Har redan bankkonto")
    task.refresh_from_db()
    assert task.status == Task.Status.NOT_APPLICABLE and task.not_applicable_reason == "Har redan bankkonto"
    services.reopen_task(actor=alice, task=task)
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN and task.not_applicable_reason == "" and task.completed_at is None


def test_a_task_cannot_be_given_to_a_unit_of_another_municipality(alice, tasks, enkoping):
    foreign = UnitFactory(municipality=enkoping, name="SFI Enköping", function=Unit.Function.SFI)
    task = tasks.first()
    with pytest.raises(ValidationError) as error:
        services.reassign_task(actor=alice, task=task, unit=foreign)
    assert error.value.message_dict["unit"] == ["Uppgiften kan bara lämnas till en enhet i samma kommun."]
    task.refresh_from_db()
    assert task.unit.municipality == task.municipality


def test_reassigning_to_a_colleague_must_be_in_that_unit(alice, bob, tasks, units):
    task = tasks.filter(unit__function=Unit.Function.RECEPTION).first()
    with pytest.raises(ValidationError) as error:
        services.reassign_task(actor=alice, task=task, unit=units[Unit.Function.SCHOOL], assignee=bob)
    assert "assignee" in error.value.message_dict
    services.reassign_task(actor=alice, task=task, unit=units[Unit.Function.SFI], assignee=bob)
    task.refresh_from_db()
    assert task.unit == units[Unit.Function.SFI] and task.assignee == bob
    assert "Mottagningsenheten" in task.events.get(kind=TaskEvent.Kind.REASSIGNED).text


def test_only_the_owning_unit_or_reception_may_change_a_task(bob, charlie, tasks):
    school_task = tasks.filter(unit__function=Unit.Function.SCHOOL).first()
    with pytest.raises(PermissionDenied):
        services.complete_task(actor=bob, task=school_task)
    with pytest.raises(PermissionDenied):
        services.complete_task(actor=charlie, task=school_task)
    sfi_task = tasks.filter(unit__function=Unit.Function.SFI).first()
    services.complete_task(actor=bob, task=sfi_task)


def test_a_note_is_kept_with_author_and_time(bob, tasks):
    task = tasks.filter(unit__function=Unit.Function.SFI).first()
    with pytest.raises(ValidationError):
        services.add_task_note(actor=bob, task=task, text="")
    event = services.add_task_note(actor=bob, task=task, text="Väntar på tolk")
    assert event.actor == bob and event.kind == TaskEvent.Kind.NOTE and event.at
