"""The plan's life over the API (issue #12): close (409 the second time), revise, an intervention's and a goal's
status, the next meeting, and GET /plans — the caseload of plans, the same list as the page, with the same cost for
many plans as for one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.access.models import AuditEvent
from etablera.establishment import services
from etablera.establishment.models import IndividualPlan
from etablera.organisation.models import Unit
from etablera.testing.api_client import messages
from etablera.testing.factories import HouseholdFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(plan, rest=""):
    return f"/establishment/plans/{plan.public_id}{rest}"


@pytest.fixture
def plan(alice, adult, today):
    return services.create_plan(actor=alice, person=adult, started_on=today - dt.timedelta(days=120))


@pytest.fixture
def leisure_unit(nykoping):
    return UnitFactory(
        municipality=nykoping, name="Kultur och fritid", function=Unit.Function.CULTURE_LEISURE
    )


def test_closing_the_plan_and_the_second_close(api, alice, charlie, plan):
    response = api(alice).post(url(plan, "/close"), {"outcome": "OTHER"})
    assert response.status_code == 422
    assert "varför planen avslutas" in messages(response)[("body", "reason")]
    assert api(charlie).post(url(plan, "/close"), {"outcome": "MOVED"}).status_code == 404
    response = api(alice).post(url(plan, "/close"), {"outcome": "MOVED", "reason": "Till Umeå"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["closed_outcome"], body["closed_reason"]) == ("CLOSED", "MOVED", "Till Umeå")
    assert body["follow_up_due"] is None
    again = api(alice).post(url(plan, "/close"), {"outcome": "MOVED"})
    assert again.status_code == 409 and "avslutades redan" in again.json()["detail"]


def test_revision_intervention_goal_and_next_meeting(api, alice, plan, units, today):
    client = api(alice)
    assert client.post(url(plan, "/revision"), {"note": "Ny praktik"}).status_code == 409
    client.post(url(plan, "/meetings"), {"held_on": today.isoformat(), "revise_plan": True})
    body = client.post(url(plan, "/revision"), {"note": "Ny praktik"}).json()
    assert (body["status"], body["revision"], body["revision_note"]) == ("ACTIVE", 2, "Ny praktik")

    body = client.post(
        url(plan, "/interventions"),
        {"what": "Praktik", "start_date": today.isoformat(), "unit": units[Unit.Function.LABOUR_MARKET].pk},
    ).json()
    intervention = body["interventions"][0]["id"]
    response = client.patch(url(plan, f"/interventions/{intervention}"), {"status": "DONE"})
    assert response.status_code == 422 and ("body", "outcome") in messages(response)
    body = client.patch(
        url(plan, f"/interventions/{intervention}"), {"status": "DONE", "outcome": "Anställd"}
    ).json()
    assert body["interventions"][0]["status"] == "DONE" and body["interventions"][0]["outcome"] == "Anställd"
    again = client.patch(url(plan, f"/interventions/{intervention}"), {"status": "ONGOING"})
    assert again.status_code == 409
    assert client.patch(url(plan, "/interventions/999999"), {"status": "ONGOING"}).status_code == 404

    goal = client.post(url(plan, "/goals"), {"area": "LANGUAGE", "description": "SFI C"}).json()["goals"][0][
        "id"
    ]
    body = client.patch(url(plan, f"/goals/{goal}"), {"status": "NOT_REACHED"}).json()
    assert body["goals"][0]["status"] == "NOT_REACHED"
    assert client.patch(url(plan, f"/goals/{goal}"), {"status": "REACHED"}).status_code == 409

    soon = today + dt.timedelta(days=10)
    body = client.put(url(plan, "/next-meeting"), {"next_meeting_on": soon.isoformat()}).json()
    assert body["next_meeting_on"] == soon.isoformat()
    assert body["follow_up_due"]["date"] == soon.isoformat()  # the meeting held today restarted the routine
    assert "planerat" in body["follow_up_due"]["explanation"]
    assert client.put(url(plan, "/next-meeting"), {"next_meeting_on": None}).json()["next_meeting_on"] is None


def _plans_of_unit(alice, nykoping, unit, today, n, name):
    for number in range(n):
        household = HouseholdFactory.with_members(
            [30 + number], municipality=nykoping, name=f"{name} {number}"
        )
        plan = services.create_plan(
            actor=alice,
            person=household.members.get(),
            started_on=today - dt.timedelta(days=10 + 30 * number),
        )
        services.add_intervention(
            actor=alice, plan=plan, what=f"Läxhjälp {number}", start_date=today, unit=unit
        )


def test_the_caseload_of_plans(api, alice, stina, nykoping, leisure_unit, plan, today):
    kerstin = UserFactory.with_role("kerstin", leisure_unit)
    _plans_of_unit(alice, nykoping, leisure_unit, today, 5, "Familjen")
    body = api(kerstin).get("/plans").json()
    assert body["count"] == 5
    dues = [row["follow_up_due"]["date"] for row in body["items"]]
    assert dues == sorted(dues)  # the next follow-up first: overdue ones lead
    assert body["items"][0]["follow_up_overdue"] and body["items"][0]["my_interventions"] == ["Läxhjälp 4"]
    assert str(plan.public_id) not in {row["public_id"] for row in body["items"]}  # not the unit's plan
    overdue = api(kerstin).get("/plans", {"overdue": "true"}).json()
    assert overdue["count"] == 2 and all(row["follow_up_overdue"] for row in overdue["items"])
    page = api(kerstin).get("/plans", {"limit": 2, "offset": 2}).json()
    assert (page["count"], len(page["items"])) == (5, 2)
    assert AuditEvent.objects.filter(actor=kerstin, action="LIST", summary="Planer").exists()
    # alice leads none: her unit's list is empty, all she sees holds the six
    assert api(alice).get("/plans").json()["count"] == 0
    assert api(alice).get("/plans", {"scope": "all"}).json()["count"] == 6
    assert api(alice).get("/plans", {"scope": "all", "kind": "SIP"}).json()["count"] == 0
    assert api(alice).get("/plans", {"scope": "everything"}).status_code == 422
    assert api(stina).get("/plans").json()["count"] == 0


def test_the_caseload_costs_the_same_for_many_plans(api, alice, nykoping, leisure_unit, today):
    kerstin = UserFactory.with_role("kerstin", leisure_unit)
    client = api(kerstin)
    _plans_of_unit(alice, nykoping, leisure_unit, today, 1, "En")
    client.get("/plans")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/plans", {"limit": 50}).status_code == 200
        return len(queries)

    few = count()
    _plans_of_unit(alice, nykoping, leisure_unit, today, 7, "Många")
    for plan in IndividualPlan.objects.all()[:3]:
        services.record_meeting(actor=alice, plan=plan, held_on=today, agreed_actions="Fortsätt")
    client.get("/plans", {"limit": 50})  # the new persons' first log rows
    assert count() == few
