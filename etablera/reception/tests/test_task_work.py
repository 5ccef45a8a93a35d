"""Issue #11, the day's work: taking a task, assigning it to a colleague of its unit, several at once (all or
nothing), the caseload per caseworker, and a task's title in the user's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from etablera.access.models import AuditEvent
from etablera.organisation.models import Role, Unit
from etablera.reception import task_titles
from etablera.reception.models import CaseEvent, Task, TaskEvent
from etablera.reception.selectors import tasks as selectors
from etablera.reception.services import tasks as services
from etablera.testing.factories import UserFactory
from etablera.testing.page_fixtures import *  # noqa: F403 (the page fixtures: a received family with tasks)
from etablera.transitions import StateConflict


@pytest.fixture
def reception_tasks(received, units):
    return Task.objects.filter(household=received.household, unit=units[Unit.Function.RECEPTION]).order_by(
        "pk"
    )


@pytest.fixture
def anna(units):
    """A second caseworker of the reception unit: alice's colleague."""
    return UserFactory.with_role("anna", units[Unit.Function.RECEPTION], Role.CASEWORKER, first_name="Anna")


def test_taking_a_task_makes_me_its_caseworker_and_says_so_in_both_histories(alice, reception_tasks):
    task = reception_tasks.first()
    services.take_task(actor=alice, task=task)
    task.refresh_from_db()
    assert task.assignee == alice
    event = task.events.get(kind=TaskEvent.Kind.TAKEN)
    assert event.actor == alice and event.text == f"{task.title}: tagen av {alice}"
    timeline = CaseEvent.objects.get(household=task.household, kind=CaseEvent.Kind.TASK_REASSIGNED)
    assert timeline.text == event.text
    assert AuditEvent.objects.filter(actor=alice, summary=f"Uppgift {task.pk}: Tagen").exists()


def test_a_task_someone_else_took_is_refused_naming_them(alice, anna, reception_tasks):
    task = reception_tasks.first()
    services.take_task(actor=anna, task=task)
    with pytest.raises(StateConflict) as conflict:
        services.take_task(actor=alice, task=Task.objects.get(pk=task.pk))
    assert conflict.value.detail == f"Uppgiften har redan tagits av {anna}."
    with pytest.raises(StateConflict, match="Uppgiften är redan din."):
        services.take_task(actor=anna, task=Task.objects.get(pk=task.pk))


def test_a_done_task_is_not_taken(alice, reception_tasks):
    task = reception_tasks.first()
    services.complete_task(actor=alice, task=task)
    with pytest.raises(StateConflict, match="Uppgiften är redan klarmarkerad av Alice"):
        services.take_task(actor=alice, task=Task.objects.get(pk=task.pk))


def test_only_staff_of_the_owning_unit_take_it(carol, bob, units, received):
    """carol administers from the reception unit and may change the SFI task, but does not work at SFI."""
    sfi_task = Task.objects.filter(household=received.household, unit=units[Unit.Function.SFI]).first()
    with pytest.raises(ValidationError) as error:
        services.take_task(actor=carol, task=sfi_task)
    assert error.value.message_dict["assignee"] == [
        "Du arbetar inte på SFI, som ansvarar för uppgiften. Lämna över uppgiften till din enhet först."
    ]
    reception_task = Task.objects.filter(
        household=received.household, unit=units[Unit.Function.RECEPTION]
    ).first()
    with pytest.raises(PermissionDenied):
        services.take_task(actor=bob, task=reception_task)
    assert not TaskEvent.objects.filter(kind=TaskEvent.Kind.TAKEN).exists()


def test_assigning_goes_only_to_a_colleague_of_the_task_s_unit(alice, anna, bob, reception_tasks):
    task = reception_tasks.first()
    with pytest.raises(ValidationError) as error:
        services.assign_task(actor=alice, task=task, assignee=bob)
    assert error.value.message_dict["assignee"] == [
        f"{bob} arbetar inte på Mottagningsenheten, som ansvarar för uppgiften. Välj en kollega på enheten, eller "
        "lämna över uppgiften till en annan enhet."
    ]
    anna.is_active = False
    anna.save()
    with pytest.raises(ValidationError, match=f"{anna} arbetar inte på Mottagningsenheten"):
        services.assign_task(actor=alice, task=Task.objects.get(pk=task.pk), assignee=anna)
    assert Task.objects.get(pk=task.pk).assignee is None
    anna.is_active = True
    anna.save()
    services.assign_task(actor=alice, task=Task.objects.get(pk=task.pk), assignee=anna)
    event = TaskEvent.objects.get(task=task, kind=TaskEvent.Kind.REASSIGNED)
    assert event.text == f"{task.title}: handläggare ingen → {anna}"
    assert (
        CaseEvent.objects.filter(household=task.household, kind=CaseEvent.Kind.TASK_REASSIGNED).count() == 1
    )
    # The same caseworker again changes nothing.
    services.assign_task(actor=alice, task=Task.objects.get(pk=task.pk), assignee=anna)
    assert TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.REASSIGNED).count() == 1


def test_handing_over_to_another_unit_still_checks_the_caseworker_works_there(
    alice, anna, units, reception_tasks
):
    with pytest.raises(ValidationError, match="Handläggaren arbetar inte på den valda enheten."):
        services.reassign_task(
            actor=alice, task=reception_tasks.first(), unit=units[Unit.Function.SFI], assignee=anna
        )


def test_several_at_once_all_or_nothing(alice, anna, reception_tasks):
    first, second, third = list(reception_tasks[:3])
    services.complete_task(actor=anna, task=third)
    with pytest.raises(StateConflict) as conflict:
        services.bulk_update_tasks(actor=alice, tasks=[first, second, third], action="take")
    assert conflict.value.detail.startswith(
        f"”{third.title}” (Familjen Exempel): Uppgiften är redan klarmarkerad"
    )
    assert conflict.value.detail.endswith("Ingen av uppgifterna har ändrats.")
    assert not Task.objects.filter(pk__in=[first.pk, second.pk], assignee__isnull=False).exists()
    assert not TaskEvent.objects.filter(kind=TaskEvent.Kind.TAKEN).exists()

    services.take_task(actor=alice, task=first)
    taken = services.bulk_update_tasks(actor=alice, tasks=[first, second], action="take")
    assert [t.assignee for t in taken] == [alice, alice]  # one already hers: taken again is no refusal
    assert TaskEvent.objects.filter(kind=TaskEvent.Kind.TAKEN).count() == 2

    done = services.bulk_update_tasks(actor=alice, tasks=[second, first], action="assign", assignee=anna)
    assert [t.pk for t in done] == sorted([first.pk, second.pk])
    assert set(Task.objects.filter(assignee=anna).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert TaskEvent.objects.filter(kind=TaskEvent.Kind.REASSIGNED).count() == 2


def test_a_bulk_action_needs_tasks_and_an_assignee(alice, reception_tasks):
    with pytest.raises(ValidationError, match="Välj minst en uppgift."):
        services.bulk_update_tasks(actor=alice, tasks=[], action="take")
    with pytest.raises(ValidationError, match="Välj en handläggare."):
        services.bulk_update_tasks(actor=alice, tasks=list(reception_tasks[:1]), action="assign")


def test_a_bulk_action_names_tasks_the_user_does_not_see(charlie, reception_tasks):
    with pytest.raises(ValidationError) as error:
        selectors.tasks_for_bulk(charlie, [reception_tasks.first().pk])
    assert "Uppgiften finns inte, eller du har inte tillgång till den" in error.value.message_dict["tasks"][0]


def test_the_caseload_counts_per_caseworker_and_the_untaken(maria, alice, anna, reception_tasks, today):
    tasks = list(reception_tasks)
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(due_date=today + dt.timedelta(days=30))
    Task.objects.filter(pk=tasks[0].pk).update(assignee=alice, due_date=today - dt.timedelta(days=2))
    Task.objects.filter(pk=tasks[1].pk).update(assignee=alice, due_date=today + dt.timedelta(days=3))
    Task.objects.filter(pk=tasks[2].pk).update(assignee=anna, status=Task.Status.DONE)
    (load,) = selectors.caseload(maria)
    assert load.unit.name == "Mottagningsenheten"
    by_name = {row.assignee.username if row.assignee else None: row for row in load.rows}
    assert (by_name["alice"].open, by_name["alice"].overdue, by_name["alice"].this_week) == (2, 1, 1)
    assert (by_name["anna"].open, by_name["anna"].overdue) == (0, 0)  # a caseworker without tasks is shown
    assert by_name[None].open == len(tasks) - 3 and load.rows[-1].assignee is None
    assert load.total.open == len(tasks) - 1


def test_the_caseload_is_the_manager_s(alice, bob, carol, maria, units):
    assert selectors.managed_units(alice) == [] and selectors.managed_units(bob) == []
    assert selectors.caseload(alice) == []
    assert [u.name for u in selectors.managed_units(maria)] == ["Mottagningsenheten"]
    # The administrator sees every unit of the municipality.
    assert len(selectors.managed_units(carol)) == len(units)


# --- titles in the user's language -------------------------------------------------------------------------------


@pytest.fixture
def english(monkeypatch):
    """The English catalogue as the lead will fill it: two national titles translated."""
    catalogue = {
        "Bankkonto": "Bank account",
        "Ta emot hushållet: hämtning, nycklar och visning av bostaden": "Receive the household",
    }
    monkeypatch.setattr(task_titles, "gettext", lambda text: catalogue.get(text, text))


def test_the_national_titles_show_in_english_and_names_stay(english):
    assert selectors.display_title("Bankkonto") == "Bank account"
    assert selectors.display_title("Bankkonto: Amal") == "Bank account: Amal"
    assert (
        selectors.display_title("Ta emot hushållet: hämtning, nycklar och visning av bostaden: Omar")
        == "Receive the household: Omar"
    )
    assert selectors.display_title("Ta emot hushållet: hämtning, nycklar och visning av bostaden") == (
        "Receive the household"
    )


def test_what_a_municipality_typed_stays_as_typed(english):
    assert selectors.display_title("Status") == "Status"  # a word of the interface, not a national step
    assert selectors.display_title("Vårt eget möte: Amal") == "Vårt eget möte: Amal"
    assert selectors.display_title("Bankkonto hos sparbanken") == "Bankkonto hos sparbanken"
    assert selectors.display_title("") == ""


def test_without_a_translation_the_title_is_the_stored_one():
    with translation.override("en"):
        assert selectors.display_title("Skolplacering: Hana") in (
            "Skolplacering: Hana",
            "School placement: Hana",
        )
    with translation.override("sv"):
        assert selectors.display_title("Skolplacering: Hana") == "Skolplacering: Hana"


def test_the_template_tag_takes_a_task_or_a_stored_title(english, reception_tasks):
    from etablera.reception.web.templatetags.reception_tasks import task_title

    bank = reception_tasks.get(title="Bankkonto")
    assert task_title(bank) == task_title("Bankkonto") == "Bank account"
    assert task_title(None) == ""
