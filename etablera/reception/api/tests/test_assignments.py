import datetime as dt

import pytest
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.people.models import Household, Person
from etablera.reception.models import Assignment, ReceptionCase, Task
from etablera.testing.api_client import messages
from etablera.testing.factories import AssignmentFactory, personnummer


@pytest.fixture
def pending(nykoping, today):
    """An anvisning of Nyköping whose household is not yet known."""
    return AssignmentFactory(
        municipality=nykoping,
        reference="MIG-2026-API-002",
        decision_date=today - dt.timedelta(days=5),
        person_count=3,
    )


@pytest.fixture
def in_enkoping(enkoping, today):
    return AssignmentFactory(municipality=enkoping, reference="MIG-2026-ENK-001", decision_date=today)


def new_assignment(**overrides):
    body = {
        "municipality": "0480",
        "reference": "MIG-2026-NY-1",
        "category": "RESETTLED",
        "decision_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
    }
    return {**body, **overrides}


def test_it_lists_the_users_assignments_with_filters(api, alice, received, pending, in_enkoping):
    client = api(alice)
    body = client.get("/assignments").json()
    assert {a["reference"] for a in body["items"]} == {"MIG-2026-API-001", "MIG-2026-API-002"}
    assert [a["reference"] for a in client.get("/assignments", {"status": "ASSIGNED"}).json()["items"]] == [
        "MIG-2026-API-002"
    ]
    year = received.assignment.quota_year
    assert client.get("/assignments", {"year": year}).json()["count"] == 2
    assert client.get("/assignments", {"year": year - 1}).json()["count"] == 0
    assert client.get("/assignments", {"municipality": "0381"}).json()["count"] == 0
    item = next(a for a in body["items"] if a["reference"] == "MIG-2026-API-001")
    assert item["household"]["name"] == "Familjen Exempel"
    assert item["latest_reception_deadline"]["rule"] == "reception.latest_reception_date"
    assert "2016:39" in item["latest_reception_deadline"]["source"]
    assert AuditEvent.objects.filter(
        actor=alice, action="LIST", channel="API", household_public_id=received.household.public_id
    ).exists()


def test_other_users_see_only_what_they_may(api, bob, charlie, stina, received, pending, in_enkoping):
    # Bob's SFI unit has tasks in the received family, but nothing to do with the pending anvisning.
    assert [a["reference"] for a in api(bob).get("/assignments").json()["items"]] == ["MIG-2026-API-001"]
    assert [a["reference"] for a in api(charlie).get("/assignments").json()["items"]] == ["MIG-2026-ENK-001"]
    assert api(charlie).get(f"/assignments/{pending.pk}").status_code == 404
    assert api(stina).get("/assignments").json()["count"] == 0


def test_it_registers_an_assignment_without_household(api, alice):
    response = api(alice).post("/assignments", new_assignment(person_count=3))
    assert response.status_code == 201
    body = response.json()
    assert body["person_count"] == 3 and body["status"] == "ASSIGNED" and body["household"] is None
    assert body["latest_reception_deadline"]["based_on"]["Beslutsdatum"] == new_assignment()["decision_date"]
    assert Assignment.objects.get(reference="MIG-2026-NY-1").municipality.code == "0480"
    assert AuditEvent.objects.filter(
        actor=alice, action="CREATE", object_type="Assignment", channel="API"
    ).exists()


def test_it_registers_an_assignment_with_its_household(api, alice):
    adult_birth = dt.date(1985, 3, 14)
    household = {
        "name": "Familjen Nyman",
        "members": [
            {
                "first_name": "Rana",
                "last_name": "Nyman",
                "identity_number_type": "PERSONNUMMER",
                "identity_number": personnummer(adult_birth),
                "sex": "F",
            },
            {"first_name": "Sami", "last_name": "Nyman", "relation": "CHILD", "birth_date": "2018-06-01"},
        ],
    }
    response = api(alice).post("/assignments", new_assignment(household=household))
    assert response.status_code == 201
    body = response.json()
    assert body["person_count"] == 2
    created = Household.objects.get(public_id=body["household"]["public_id"])
    members = {p.first_name: p for p in Person.objects.filter(household_memberships__household=created)}
    assert members["Rana"].birth_date == adult_birth
    assert members["Sami"].category == "RESETTLED"  # the anvisning's category when none is given


def test_an_invalid_personnummer_is_refused_at_the_member_field_and_nothing_is_saved(api, alice):
    household = {
        "name": "Familjen Fel",
        "members": [
            {"first_name": "Ada", "last_name": "Fel"},
            {
                "first_name": "Bo",
                "last_name": "Fel",
                "identity_number_type": "PERSONNUMMER",
                "identity_number": "19850314-1235",
            },
        ],
    }
    response = api(alice).post("/assignments", new_assignment(household=household))
    assert response.status_code == 422
    errors = messages(response)
    assert list(errors) == [("body", "household", "members", 1, "identity_number")]
    assert (
        errors[("body", "household", "members", 1, "identity_number")]
        == "Personnumret har fel kontrollsiffra."
    )
    assert not Household.objects.exists() and not Assignment.objects.exists()


def test_it_reports_assignment_and_household_errors_together(api, alice):
    body = new_assignment(
        decision_date=(timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        household={"name": "", "members": [{"first_name": "Ada", "last_name": "Fel"}]},
    )
    errors = messages(api(alice).post("/assignments", body))
    assert errors[("body", "decision_date")] == "Beslutsdatum kan inte ligga i framtiden."
    assert ("body", "household", "name") in errors


def test_an_unknown_municipality_code_is_refused(api, alice):
    response = api(alice).post("/assignments", new_assignment(municipality="9999", person_count=1))
    assert response.status_code == 422
    assert messages(response) == {("body", "municipality"): "Okänd kommunkod."}


def test_only_reception_staff_register_assignments(api, bob, charlie):
    household = {"name": "X", "members": [{"first_name": "Ada", "last_name": "X"}]}
    assert api(bob).post("/assignments", new_assignment(person_count=1)).status_code == 403
    assert api(bob).post("/assignments", new_assignment(household=household)).status_code == 403
    assert api(charlie).post("/assignments", new_assignment(person_count=1)).status_code == 403
    assert not Assignment.objects.exists() and not Household.objects.exists()


def test_registering_arrival_opens_a_case_with_tasks(api, alice, assignment, today):
    response = api(alice).post(f"/assignments/{assignment.pk}/arrival", {"arrival_date": today.isoformat()})
    assert response.status_code == 201
    body = response.json()
    case = ReceptionCase.objects.get(pk=body["id"])
    assert body["open_tasks"] == Task.objects.filter(case=case).count() > 0
    assert body["assignment"]["status"] == "RECEIVED"
    assert body["household"]["public_id"] == str(assignment.household.public_id)


def test_arrival_before_the_decision_is_refused_in_swedish(api, alice, assignment):
    before = assignment.decision_date - dt.timedelta(days=1)
    response = api(alice).post(f"/assignments/{assignment.pk}/arrival", {"arrival_date": before.isoformat()})
    assert response.status_code == 422
    assert messages(response) == {
        ("body", "arrival_date"): "Mottagningsdatum kan inte vara före beslutsdatum för anvisningen."
    }
    assert not ReceptionCase.objects.exists()


def test_arrival_in_another_municipality_looks_missing(api, charlie, assignment, today):
    response = api(charlie).post(f"/assignments/{assignment.pk}/arrival", {"arrival_date": today.isoformat()})
    assert response.status_code == 404
    assert not ReceptionCase.objects.exists()


def test_a_visible_assignment_that_may_not_be_changed_gives_403(api, bob, received, today):
    client = api(bob)
    assignment_id = received.assignment_id
    assert client.get(f"/assignments/{assignment_id}").status_code == 200
    response = client.post(f"/assignments/{assignment_id}/cancel", {"reason": "Test"})
    assert response.status_code == 403
    assert "behörighet" in response.json()["detail"]


def test_it_cancels_an_assignment_with_a_reason(api, alice, pending, today):
    client = api(alice)
    response = client.post(f"/assignments/{pending.pk}/cancel", {"reason": ""})
    assert messages(response) == {("body", "reason"): "Ange skälet till att anvisningen avbryts."}
    response = client.post(f"/assignments/{pending.pk}/cancel", {"reason": "Tackade nej"})
    assert response.status_code == 200
    assert response.json()["status"] == "CANCELLED"
    assert response.json()["cancelled_date"] == today.isoformat()


def test_it_lists_reception_cases_with_task_counts(api, alice, bob, charlie, received):
    first = Task.objects.filter(case=received).order_by("pk").first()
    Task.objects.filter(pk=first.pk).update(status="DONE")
    body = api(alice).get("/reception-cases", {"status": "OPEN"}).json()
    assert body["count"] == 1
    case = body["items"][0]
    total = Task.objects.filter(case=received).count()
    assert case["done_tasks"] == 1 and case["open_tasks"] == total - 1
    assert case["household"]["name"] == "Familjen Exempel"
    assert api(alice).get("/reception-cases", {"status": "CLOSED"}).json()["count"] == 0
    assert api(bob).get("/reception-cases").json()["count"] == 1
    assert api(charlie).get("/reception-cases").json()["count"] == 0
    assert api(charlie).get(f"/reception-cases/{received.pk}").status_code == 404
    detail = api(alice).get(f"/reception-cases/{received.pk}")
    assert detail.status_code == 200 and detail.json()["id"] == received.pk
