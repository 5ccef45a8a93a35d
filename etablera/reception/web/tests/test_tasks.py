import datetime as dt

import pytest
from django.urls import reverse

from etablera.organisation.models import Role, Unit
from etablera.reception import services
from etablera.reception.models import Task, TaskEvent
from etablera.testing.factories import HouseholdFactory, UnitFactory, UserFactory


def _give(task, user, actor):
    return services.reassign_task(actor=actor, task=task, unit=task.unit, assignee=user)


# --- lists --------------------------------------------------------------------------------------------------------


def test_my_tasks_lists_the_tasks_assigned_to_me_overdue_first(client, alice, received, units, today):
    reception_tasks = Task.objects.filter(household=received.household, unit=units[Unit.Function.RECEPTION])
    # Dates set here: which of the generated tasks are overdue is task generation's rule, not this list's.
    overdue, later = reception_tasks.order_by("pk")[:2]
    Task.objects.filter(pk=overdue.pk).update(due_date=today - dt.timedelta(days=3))
    Task.objects.filter(pk=later.pk).update(due_date=today + dt.timedelta(days=30))
    overdue.refresh_from_db()
    later.refresh_from_db()
    not_mine = reception_tasks.exclude(pk__in=[overdue.pk, later.pk]).first()
    _give(overdue, alice, alice)
    _give(later, alice, alice)
    client.force_login(alice)
    page = client.get(reverse("my_tasks")).content.decode()
    mine, to_take = page.split('id="att-ta"')  # then the unit's tasks nobody has, to take
    overdue_section, rest = mine.split('id="denna-vecka"')
    this_week_section, later_section = rest.split('id="senare"')
    assert overdue.title in overdue_section
    assert later.title in later_section and later.title not in overdue_section
    assert not_mine.title not in mine and not_mine.title in to_take
    days_late = (today - overdue.due_date).days
    assert f"Försenad {days_late} dagar" in overdue_section or "Försenad 1 dag" in overdue_section


def test_unit_tasks_shows_only_my_units_tasks(client, bob, received, units):
    client.force_login(bob)
    page = client.get(reverse("unit_tasks")).content.decode()
    sfi_titles = list(Task.objects.filter(unit=units[Unit.Function.SFI]).values_list("title", flat=True))
    assert sfi_titles and all(title in page for title in sfi_titles)
    assert "Bankkonto" not in page  # the reception unit's task in the same household
    assert "Mottagningsenheten" not in page


def test_a_user_with_several_units_can_filter_the_unit_list(client, bob, received, units):
    UserFactory.with_role("bob", units[Unit.Function.SCHOOL], Role.CASEWORKER)
    client.force_login(bob)
    school = units[Unit.Function.SCHOOL]
    everything = client.get(reverse("unit_tasks")).content.decode()
    assert 'name="enhet"' in everything
    assert "Anmälan till SFI" in everything and "Skolplacering" in everything
    only_school = client.get(reverse("unit_tasks"), {"enhet": school.pk}).content.decode()
    assert "Skolplacering" in only_school
    assert "Anmälan till SFI" not in only_school


def test_a_user_with_one_unit_gets_no_unit_filter(client, bob, received):
    client.force_login(bob)
    assert 'name="enhet"' not in client.get(reverse("unit_tasks")).content.decode()


def test_every_due_date_in_the_list_can_explain_itself(client, bob, sfi_task):
    client.force_login(bob)
    page = client.get(reverse("unit_tasks")).content.decode()
    deadline = sfi_task.deadline
    assert '<details class="why">' in page
    assert "Varför detta datum?" in page
    assert deadline.explanation in page
    assert "Kommunens processmall" in page  # the source
    assert deadline.based_on["Ankomst (kommunmottagen)"].isoformat() in page


def test_the_task_lists_cost_a_fixed_number_of_queries(
    client, alice, received, nykoping, units, today, django_assert_max_num_queries
):
    for number in range(3):
        household = HouseholdFactory.with_members([40, 38, 9], municipality=nykoping)
        assignment = services.create_assignment(
            actor=alice,
            municipality=nykoping,
            reference=f"MIG-2026-1000{number}",
            category="ASSIGNED_FROM_FACILITY",
            decision_date=today - dt.timedelta(days=30),
            household=household,
        )
        services.receive_household(
            actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=3)
        )
    Task.objects.update(assignee=alice)
    assert Task.objects.count() > 80
    client.force_login(alice)
    # The unit's list is paged (50 a page) and offers its filters' options: more queries, as many for 1 row as 50.
    expected_rows = {
        "my_tasks": (Task.objects.count(), 9),
        "unit_tasks": (min(50, Task.objects.filter(unit=units[Unit.Function.RECEPTION]).count()), 12),
    }
    for name, (rows, queries) in expected_rows.items():
        with django_assert_max_num_queries(queries):
            response = client.get(reverse(name))
        assert response.content.decode().count('<th scope="row"><a href="/uppgifter/') == rows


# --- one task -----------------------------------------------------------------------------------------------------


def test_the_task_page_shows_details_explanation_and_history(client, bob, sfi_task):
    client.force_login(bob)
    page = client.get(reverse("task_detail", args=[sfi_task.pk])).content.decode()
    assert f"<h1>{sfi_task.title}</h1>" in page
    assert sfi_task.deadline.explanation in page
    assert '<details class="why" open>' in page
    assert "Skapad från processmallen" in page  # the history
    assert "Markera som klar" in page


def test_the_task_page_costs_a_fixed_number_of_queries(
    client, bob, alice, sfi_task, django_assert_max_num_queries
):
    for number in range(10):
        services.add_task_note(actor=alice, task=sfi_task, text=f"Anteckning {number}")
    client.force_login(bob)
    with django_assert_max_num_queries(13):  # 12, and the unit's staff for "Tilldela en kollega"
        page = client.get(reverse("task_detail", args=[sfi_task.pk])).content.decode()
    assert "Anteckning 9" in page


def test_marking_a_task_done_records_who_and_when(client, bob, sfi_task):
    client.force_login(bob)
    response = client.post(
        reverse("task_complete", args=[sfi_task.pk]), {"klar-note": "Anmäld via e-tjänsten"}
    )
    assert response.status_code == 302
    sfi_task.refresh_from_db()
    assert sfi_task.status == Task.Status.DONE
    assert sfi_task.completed_by == bob
    event = sfi_task.events.get(kind=TaskEvent.Kind.DONE)
    assert "Anmäld via e-tjänsten" in event.text
    page = client.get(response["Location"]).content.decode()
    assert "Uppgiften är markerad som klar." in page
    assert "Öppna uppgiften igen" in page


def test_not_applicable_needs_a_reason_shown_at_the_field(client, bob, sfi_task):
    client.force_login(bob)
    events_before = sfi_task.events.count()
    response = client.post(reverse("task_not_applicable", args=[sfi_task.pk]), {"ejaktuell-reason": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert '<a href="#id_ejaktuell-reason">' in page  # the summary links to the field
    assert 'id="id_ejaktuell-reason_error"' in page
    assert "Ange varför uppgiften inte är aktuell." in page
    assert 'aria-invalid="true"' in page
    sfi_task.refresh_from_db()
    assert sfi_task.status == Task.Status.OPEN
    assert sfi_task.events.count() == events_before


def test_not_applicable_with_a_reason_and_reopen(client, bob, sfi_task):
    client.force_login(bob)
    client.post(reverse("task_not_applicable", args=[sfi_task.pk]), {"ejaktuell-reason": "Läser redan SFI"})
    sfi_task.refresh_from_db()
    assert sfi_task.status == Task.Status.NOT_APPLICABLE
    assert sfi_task.not_applicable_reason == "Läser redan SFI"
    response = client.post(reverse("task_reopen", args=[sfi_task.pk]))
    assert response.status_code == 302
    sfi_task.refresh_from_db()
    assert sfi_task.status == Task.Status.OPEN
    assert sfi_task.events.filter(kind=TaskEvent.Kind.REOPENED).exists()


def test_a_task_can_be_handed_to_another_unit_and_colleague(client, alice, bob, reception_task, units):
    client.force_login(alice)
    sfi = units[Unit.Function.SFI]
    response = client.post(
        reverse("task_reassign", args=[reception_task.pk]), {"flytta-unit": sfi.pk, "flytta-assignee": bob.pk}
    )
    assert response.status_code == 302
    reception_task.refresh_from_db()
    assert (reception_task.unit, reception_task.assignee) == (sfi, bob)
    assert reception_task.events.filter(kind=TaskEvent.Kind.REASSIGNED).exists()


def test_a_task_cannot_be_handed_to_another_municipalitys_unit(
    client, alice, reception_task, enkoping_reception
):
    client.force_login(alice)
    response = client.post(
        reverse("task_reassign", args=[reception_task.pk]), {"flytta-unit": enkoping_reception.pk}
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert 'id="id_flytta-unit_error"' in response.content.decode()
    reception_task.refresh_from_db()
    assert reception_task.unit.municipality.code == "0480"
    assert not reception_task.events.filter(kind=TaskEvent.Kind.REASSIGNED).exists()


def test_the_assignee_must_work_in_the_chosen_unit(client, alice, bob, reception_task, units):
    client.force_login(alice)
    housing = units[Unit.Function.HOUSING]
    response = client.post(
        reverse("task_reassign", args=[reception_task.pk]),
        {"flytta-unit": housing.pk, "flytta-assignee": bob.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_flytta-assignee_error"' in page
    assert "Handläggaren arbetar inte på den valda enheten." in page
    reception_task.refresh_from_db()
    assert reception_task.unit == units[Unit.Function.RECEPTION]


def test_the_unit_list_offers_only_the_tasks_municipality(client, alice, reception_task, enkoping_reception):
    UnitFactory(
        municipality=enkoping_reception.municipality, name="Enköpings SFI", function=Unit.Function.SFI
    )
    client.force_login(alice)
    page = client.get(reverse("task_detail", args=[reception_task.pk])).content.decode()
    assert "Bostadsenheten" in page
    assert "Integrationsenheten" not in page and "Enköpings SFI" not in page


def test_notes_are_kept_in_the_history(client, bob, sfi_task):
    client.force_login(bob)
    empty = client.post(reverse("task_note", args=[sfi_task.pk]), {"anteckning-text": ""})
    assert "Skriv en anteckning." in empty.content.decode()
    client.post(reverse("task_note", args=[sfi_task.pk]), {"anteckning-text": "Ringde, ny tid på måndag"})
    page = client.get(reverse("task_detail", args=[sfi_task.pk])).content.decode()
    assert "Ringde, ny tid på måndag" in page


def test_a_colleague_can_read_but_not_change_another_units_task(client, bob, reception_task):
    client.force_login(bob)
    page = client.get(reverse("task_detail", args=[reception_task.pk])).content.decode()
    assert "Du kan läsa uppgiften." in page
    assert reverse("task_complete", args=[reception_task.pk]) not in page
    response = client.post(reverse("task_complete", args=[reception_task.pk]))
    assert response.status_code == 403
    assert "Du kan bara ändra uppgifter som din enhet ansvarar för." in response.content.decode()
    reception_task.refresh_from_db()
    assert reception_task.status == Task.Status.OPEN


@pytest.mark.parametrize("action", ["task_complete", "task_not_applicable", "task_reopen", "task_note"])
def test_outsiders_cannot_act_on_a_task(client, charlie, sfi_task, action):
    client.force_login(charlie)
    assert client.post(reverse(action, args=[sfi_task.pk]), {"ejaktuell-reason": "x"}).status_code == 404
    sfi_task.refresh_from_db()
    assert sfi_task.status == Task.Status.OPEN


def test_actions_are_post_only(client, bob, sfi_task):
    client.force_login(bob)
    assert client.get(reverse("task_complete", args=[sfi_task.pk])).status_code == 405
