import datetime as dt

import pytest

from etablera.access.models import AuditEvent
from etablera.organisation.models import Unit
from etablera.reception.models import Task, TaskEvent
from etablera.testing.api_client import messages


@pytest.fixture
def reception_task(received, units):
    return Task.objects.filter(case=received, unit=units[Unit.Function.RECEPTION]).order_by("pk").first()


@pytest.fixture
def sfi_task(received, units):
    return Task.objects.filter(case=received, unit=units[Unit.Function.SFI]).order_by("pk").first()


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


def test_it_lists_tasks_with_filters(api, alice, received, units, sfi_task, reception_task, today):
    client = api(alice)
    all_tasks = set(Task.objects.filter(case=received).values_list("pk", flat=True))
    assert ids(client.get("/tasks", {"limit": 200})) == all_tasks
    sfi = set(Task.objects.filter(case=received, unit=units[Unit.Function.SFI]).values_list("pk", flat=True))
    assert ids(client.get("/tasks", {"unit": units[Unit.Function.SFI].pk, "limit": 200})) == sfi

    Task.objects.filter(case=received).update(due_date=today + dt.timedelta(days=10))
    Task.objects.filter(pk=reception_task.pk).update(due_date=today - dt.timedelta(days=3), assignee=alice)
    Task.objects.filter(pk=sfi_task.pk).update(status=Task.Status.DONE, due_date=today - dt.timedelta(days=3))
    assert ids(client.get("/tasks", {"overdue": "true"})) == {reception_task.pk}
    assert reception_task.pk not in ids(client.get("/tasks", {"overdue": "false", "limit": 200}))
    assert ids(client.get("/tasks", {"assignee": "me"})) == {reception_task.pk}
    assert ids(client.get("/tasks", {"assignee": "alice"})) == {reception_task.pk}
    assert ids(client.get("/tasks", {"status": "DONE"})) == {sfi_task.pk}
    assert ids(client.get("/tasks", {"due_before": today.isoformat()})) == {reception_task.pk, sfi_task.pk}
    assert (
        ids(client.get("/tasks", {"household": str(received.household.public_id), "limit": 200})) == all_tasks
    )
    assert client.get("/tasks", {"household": "00000000-0000-4000-8000-000000000000"}).json()["count"] == 0

    item = next(i for i in client.get("/tasks", {"overdue": "true"}).json()["items"])
    assert item["overdue"] is True
    assert item["assignee"]["username"] == "alice"
    assert item["household"] == {"public_id": str(received.household.public_id), "name": "Familjen Exempel"}


def test_it_pages_tasks(api, alice, received):
    client = api(alice)
    total = Task.objects.filter(case=received).count()
    first = client.get("/tasks", {"limit": 3}).json()
    second = client.get("/tasks", {"limit": 3, "offset": 3}).json()
    assert first["count"] == second["count"] == total
    assert not ids_of(first) & ids_of(second)
    dates = [i["due_date"] for i in first["items"] + second["items"]]
    assert dates == sorted(dates)


def ids_of(body) -> set[int]:
    return {item["id"] for item in body["items"]}


def test_task_lists_log_the_households_shown(api, alice, received):
    api(alice).get("/tasks")
    assert (
        AuditEvent.objects.filter(
            actor=alice, action="LIST", channel="API", household_public_id=received.household.public_id
        ).count()
        == 1
    )


def test_an_outsider_sees_no_tasks_and_cannot_touch_them(api, charlie, stina, reception_task):
    assert api(charlie).get("/tasks").json()["count"] == 0
    assert api(stina).get("/tasks").json()["count"] == 0
    assert api(charlie).get(f"/tasks/{reception_task.pk}").status_code == 404
    assert api(charlie).post(f"/tasks/{reception_task.pk}/complete").status_code == 404
    reception_task.refresh_from_db()
    assert reception_task.status == Task.Status.OPEN


def test_task_detail_explains_its_date_and_shows_its_history(api, alice, reception_task):
    body = api(alice).get(f"/tasks/{reception_task.pk}").json()
    assert body["deadline"]["date"] == body["due_date"]
    assert body["deadline"]["explanation"]
    assert [e["kind"] for e in body["events"]] == ["CREATED"]
    assert AuditEvent.objects.filter(actor=alice, action="VIEW", object_type="Task", channel="API").exists()


def test_it_completes_and_reopens_a_task(api, alice, reception_task):
    client = api(alice)
    response = client.post(f"/tasks/{reception_task.pk}/complete", {"note": "Klart"})
    assert response.status_code == 200
    assert response.json()["status"] == "DONE"
    assert response.json()["completed_by"]["username"] == "alice"
    assert TaskEvent.objects.filter(task=reception_task, kind="DONE", text__contains="Klart").exists()
    response = client.post(f"/tasks/{reception_task.pk}/reopen")
    assert response.status_code == 200 and response.json()["status"] == "OPEN"
    assert (
        AuditEvent.objects.filter(actor=alice, action="UPDATE", object_type="Task", channel="API").count()
        == 2
    )


def test_not_applicable_needs_a_reason(api, alice, reception_task):
    client = api(alice)
    response = client.post(f"/tasks/{reception_task.pk}/not-applicable", {"reason": "  "})
    assert response.status_code == 422
    assert messages(response) == {("body", "reason"): "Ange varför uppgiften inte är aktuell."}
    response = client.post(f"/tasks/{reception_task.pk}/not-applicable", {"reason": "Har redan bankkonto"})
    assert response.json()["status"] == "NOT_APPLICABLE"
    assert response.json()["not_applicable_reason"] == "Har redan bankkonto"


def test_a_colleague_changes_own_units_tasks_but_not_others(api, bob, sfi_task, reception_task):
    client = api(bob)
    assert client.get(f"/tasks/{reception_task.pk}").status_code == 200
    response = client.post(f"/tasks/{reception_task.pk}/complete")
    assert response.status_code == 403
    assert response.json()["detail"] == "Du kan bara ändra uppgifter som din enhet ansvarar för."
    assert client.post(f"/tasks/{sfi_task.pk}/complete").status_code == 200


def test_it_reassigns_a_task_within_the_municipality(api, alice, bob, reception_task, units):
    response = api(alice).post(
        f"/tasks/{reception_task.pk}/reassign", {"unit": units[Unit.Function.SFI].pk, "assignee": "bob"}
    )
    assert response.status_code == 200
    assert response.json()["unit"]["name"] == "SFI"
    assert response.json()["assignee"]["username"] == "bob"
    assert ids(api(bob).get("/tasks", {"assignee": "me"})) == {reception_task.pk}


def test_reassigning_to_another_municipalitys_unit_is_refused(api, alice, reception_task, enkoping_reception):
    response = api(alice).post(f"/tasks/{reception_task.pk}/reassign", {"unit": enkoping_reception.pk})
    assert response.status_code == 422
    assert messages(response) == {("body", "unit"): "Uppgiften kan bara lämnas till en enhet i samma kommun."}
    reception_task.refresh_from_db()
    assert reception_task.unit.name == "Mottagningsenheten"


def test_reassigning_checks_unit_and_assignee(api, alice, bob, reception_task, units):
    client = api(alice)
    response = client.post(f"/tasks/{reception_task.pk}/reassign", {"unit": 999999})
    assert messages(response) == {("body", "unit"): "Okänd enhet."}
    response = client.post(
        f"/tasks/{reception_task.pk}/reassign", {"unit": units[Unit.Function.SCHOOL].pk, "assignee": "bob"}
    )
    assert messages(response) == {("body", "assignee"): "Handläggaren arbetar inte på den valda enheten."}
    response = client.post(
        f"/tasks/{reception_task.pk}/reassign", {"unit": units[Unit.Function.SCHOOL].pk, "assignee": "nobody"}
    )
    assert messages(response) == {("body", "assignee"): "Okänd handläggare."}


def test_it_adds_a_note(api, alice, reception_task):
    client = api(alice)
    response = client.post(f"/tasks/{reception_task.pk}/notes", {"text": "Ringde familjen"})
    assert response.status_code == 201
    assert response.json()["kind"] == "NOTE" and response.json()["actor"] == "alice"
    assert messages(client.post(f"/tasks/{reception_task.pk}/notes", {"text": ""})) == {
        ("body", "text"): "Skriv en anteckning."
    }
