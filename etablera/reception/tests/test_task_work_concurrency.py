"""Issue #11: two people take the same tasks at the same moment — the unit's list on a page and the API, each in its
own thread and connection, on PostgreSQL. A bulk action locks its rows in id order, so the two never deadlock: one
takes them all, the other waits for its locks, sees them taken and is refused as a whole, naming the task."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from etablera.organisation.models import Role, Unit
from etablera.reception.models import Task, TaskEvent
from etablera.reception.services import tasks as task_services
from etablera.testing.api_client import ApiClient
from etablera.testing.concurrency import CONCURRENT, at_once, while_locked
from etablera.testing.factories import UserFactory
from etablera.testing.page_fixtures import *  # noqa: F403 (the page fixtures: a received family with tasks)

pytestmark = CONCURRENT


@pytest.fixture
def anna(units):
    return UserFactory.with_role("anna", units[Unit.Function.RECEPTION], Role.CASEWORKER, first_name="Anna")


@pytest.fixture
def three(received, units):
    return list(
        Task.objects.filter(household=received.household, unit=units[Unit.Function.RECEPTION]).order_by("pk")[
            :3
        ]
    )


def _answer(result):
    if isinstance(result, BaseException):
        raise result
    return result


def test_two_bulk_takes_at_once_one_takes_all_the_other_nothing(alice, anna, three):
    page = Client()
    page.force_login(alice)
    api = ApiClient(anna)
    ids = [t.pk for t in three]
    on_page, through_api = at_once(
        lambda: page.post(reverse("unit_tasks_bulk"), {"uppgift": ids, "action": "take"}, follow=True),
        lambda: api.post("/tasks/bulk", {"action": "take", "ids": list(reversed(ids))}),
    )
    text = _answer(on_page).content.decode()
    page_won = "3 uppgifter har ändrats." in text
    api_won = _answer(through_api).status_code == 200
    assert page_won != api_won, (text[-2000:], through_api.content)
    winner, loser_message = (alice, through_api.json()["detail"]) if page_won else (anna, text)
    assert f"Uppgiften har redan tagits av {winner}." in loser_message
    assert "Ingen av uppgifterna har ändrats." in loser_message
    assert set(Task.objects.filter(pk__in=ids).values_list("assignee", flat=True)) == {winner.pk}
    assert TaskEvent.objects.filter(task__in=ids, kind=TaskEvent.Kind.TAKEN).count() == 3
    assert set(
        TaskEvent.objects.filter(task__in=ids, kind=TaskEvent.Kind.TAKEN).values_list("actor", flat=True)
    ) == {winner.pk}


def test_the_bulk_action_waits_for_a_task_s_lock_and_is_refused_naming_it(alice, anna, three):
    api = ApiClient(anna)
    held = three[1]
    first, second, waited = while_locked(
        held,
        lambda: task_services.take_task(actor=alice, task=Task.objects.get(pk=held.pk)),
        lambda: api.post("/tasks/bulk", {"action": "take", "ids": [t.pk for t in three]}),
    )
    assert waited, "the bulk action did not wait for the task's lock"
    _answer(first)
    response = _answer(second)
    assert response.status_code == 409, response.content
    assert response.json()["detail"].startswith(f"”{held.title}” (")
    assert f"Uppgiften har redan tagits av {alice}." in response.json()["detail"]
    assert list(
        Task.objects.filter(pk__in=[t.pk for t in three])
        .exclude(pk=held.pk)
        .values_list("assignee", flat=True)
    ) == [None, None]
