"""Issue #11, the day's work through the API: take, assign to a colleague of the unit, several at once, the list's
filters and order, the caseload, and `title_display`."""

from __future__ import annotations

import datetime as dt

import pytest

from etablera.organisation.models import Role, Unit
from etablera.reception import services, task_titles
from etablera.reception.models import Task, TaskEvent
from etablera.testing.api_client import messages
from etablera.testing.factories import UserFactory


@pytest.fixture
def anna(units):
    return UserFactory.with_role("anna", units[Unit.Function.RECEPTION], Role.CASEWORKER, first_name="Anna")


@pytest.fixture
def reception_tasks(received, units):
    return Task.objects.filter(household=received.household, unit=units[Unit.Function.RECEPTION]).order_by(
        "pk"
    )


def test_it_takes_a_task_and_refuses_it_when_taken(api, alice, anna, reception_tasks):
    task = reception_tasks.first()
    response = api(alice).post(f"/tasks/{task.pk}/take")
    assert response.status_code == 200
    assert response.json()["assignee"]["username"] == "alice"
    assert response.json()["title"] == task.title and response.json()["title_display"] == task.title
    response = api(anna).post(f"/tasks/{task.pk}/take")
    assert response.status_code == 409
    assert response.json()["detail"] == f"Uppgiften har redan tagits av {alice}."


def test_it_assigns_only_within_the_unit(api, alice, anna, bob, reception_tasks):
    task = reception_tasks.first()
    response = api(alice).post(f"/tasks/{task.pk}/assign", {"assignee": "bob"})
    assert response.status_code == 422
    assert messages(response)[("body", "assignee")].startswith(f"{bob} arbetar inte på Mottagningsenheten")
    response = api(alice).post(f"/tasks/{task.pk}/assign", {"assignee": "nobody"})
    assert messages(response)[("body", "assignee")] == "Okänd handläggare."
    response = api(alice).post(f"/tasks/{task.pk}/assign", {"assignee": "anna"})
    assert response.status_code == 200 and response.json()["assignee"]["username"] == "anna"
    assert TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.REASSIGNED).count() == 1


def test_the_older_reassign_refuses_a_caseworker_of_another_unit(api, alice, anna, units, reception_tasks):
    task = reception_tasks.first()
    response = api(alice).post(
        f"/tasks/{task.pk}/reassign", {"unit": units[Unit.Function.SFI].pk, "assignee": "anna"}
    )
    assert response.status_code == 422
    assert messages(response)[("body", "assignee")] == "Handläggaren arbetar inte på den valda enheten."


def test_bulk_is_all_or_nothing(api, alice, anna, charlie, reception_tasks):
    first, second, third = list(reception_tasks[:3])
    services.complete_task(actor=anna, task=third)
    response = api(alice).post("/tasks/bulk", {"action": "take", "ids": [first.pk, second.pk, third.pk]})
    assert response.status_code == 409
    assert f"”{third.title}”" in response.json()["detail"]
    assert "Ingen av uppgifterna har ändrats." in response.json()["detail"]
    assert not Task.objects.filter(assignee__isnull=False).exists()

    response = api(alice).post(
        "/tasks/bulk", {"action": "assign", "ids": [second.pk, first.pk], "assignee": "anna"}
    )
    assert response.status_code == 200
    assert [t["id"] for t in response.json()["tasks"]] == sorted([first.pk, second.pk])
    assert {t["assignee"]["username"] for t in response.json()["tasks"]} == {"anna"}

    response = api(charlie).post("/tasks/bulk", {"action": "take", "ids": [first.pk]})
    assert response.status_code == 422
    assert "Uppgiften finns inte" in messages(response)[("body", "tasks")]
    response = api(alice).post("/tasks/bulk", {"action": "take", "ids": []})
    assert response.status_code == 422


def test_the_list_filters_and_sorts_as_the_page(api, alice, anna, reception_tasks, today):
    tasks = list(reception_tasks)
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(due_date=today + dt.timedelta(days=30))
    Task.objects.filter(pk=tasks[0].pk).update(due_date=today - dt.timedelta(days=1), assignee=anna)
    Task.objects.filter(pk=tasks[1].pk).update(due_date=today + dt.timedelta(days=2))
    client = api(alice)
    unit = tasks[0].unit_id

    def ids(**query):
        return [t["id"] for t in client.get("/tasks", {"unit": unit, "limit": 200, **query}).json()["items"]]

    assert ids(due="overdue", status="OPEN") == [tasks[0].pk]
    assert ids(due="week", status="OPEN") == [tasks[1].pk]
    assert tasks[0].pk not in ids(unassigned="true")
    assert set(ids(step=tasks[2].step_id)) == {tasks[2].pk}
    by_assignee = ids(sort="assignee", status="OPEN")
    assert by_assignee[-1] == tasks[0].pk  # untaken first, anna's last
    assert client.get("/tasks", {"due": "yesterday"}).status_code == 422


def test_the_caseload_is_for_the_unit_manager(api, alice, maria, reception_tasks):
    Task.objects.filter(pk=reception_tasks.first().pk).update(assignee=alice)
    response = api(maria).get("/tasks/caseload")
    assert response.status_code == 200
    (unit,) = response.json()
    assert unit["unit"]["name"] == "Mottagningsenheten"
    rows = {(r["assignee"] or {}).get("username"): r for r in unit["rows"]}
    assert rows["alice"]["open"] == 1 and rows[None]["open"] == reception_tasks.count() - 1
    assert unit["total"]["open"] == reception_tasks.count()
    assert api(alice).get("/tasks/caseload").status_code == 403


def test_title_display_is_in_the_request_s_language(api, alice, reception_tasks, monkeypatch):
    monkeypatch.setattr(task_titles, "gettext", lambda text: {"Bankkonto": "Bank account"}.get(text, text))
    items = api(alice).get("/tasks", {"limit": 200}).json()["items"]
    bank = next(t for t in items if t["title"] == "Bankkonto")
    assert bank["title_display"] == "Bank account"


def test_the_list_costs_the_same_for_any_filter(api, alice, reception_tasks, django_assert_max_num_queries):
    client = api(alice)
    with django_assert_max_num_queries(10):
        response = client.get("/tasks", {"sort": "household", "due": "later", "unassigned": "true"})
    assert response.status_code == 200
