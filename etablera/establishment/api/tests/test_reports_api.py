"""GET /api/v1/programme/ending (issue #12): the same list as the page, for those who follow the programme up,
only the persons they may see, the persons of the page logged, a 422 at the field for a horizon that is not a
choice, and the same number of queries for many rows as for few."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.access.models import AuditEvent
from etablera.establishment.models import MonthlyStatus, ProgrammePeriod
from etablera.people.models import Person
from etablera.reception.models import ReceptionCase
from etablera.testing.factories import HouseholdFactory

pytestmark = pytest.mark.django_db
URL = "/programme/ending"


def _person(nykoping, today, name, *, ends_in=None, referred=False) -> Person:
    household = HouseholdFactory.with_members([35], municipality=nykoping, name=f"Hushållet {name}")
    ReceptionCase.objects.create(
        household=household, municipality=nykoping, arrival_date=today - dt.timedelta(days=60)
    )
    person = household.members.get()
    Person.objects.filter(pk=person.pk).update(first_name=name)
    start = today - dt.timedelta(days=600)
    if referred:
        ProgrammePeriod.objects.create(
            person=person, municipality=nykoping, referral_date=today - dt.timedelta(days=20)
        )
    else:
        ProgrammePeriod.objects.create(
            person=person,
            municipality=nykoping,
            referral_date=start,
            start_date=start,
            planned_end=today + dt.timedelta(days=ends_in),
        )
    return person


def test_the_list_and_its_explanations(api, alice, nykoping, today):
    soon = _person(nykoping, today, "Snart", ends_in=10)
    MonthlyStatus.objects.create(
        person=soon, municipality=nykoping, month=today.replace(day=1), status="SOCIAL_ASSISTANCE"
    )
    _person(nykoping, today, "Sent", ends_in=80)
    _person(nykoping, today, "Långt", ends_in=300)
    _person(nykoping, today, "Väntar", referred=True)
    body = api(alice).get(URL, {"days": 30}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["person"]["first_name"] == "Snart" and item["days_left"] == 10
    assert item["social_assistance"] is True and item["latest_status"] == "SOCIAL_ASSISTANCE"
    assert "Arbetsförmedlingens planerade slut" in item["planned_end"]["explanation"]
    assert [i["person"]["first_name"] for i in api(alice).get(URL).json()["items"]] == ["Snart", "Sent"]
    waiting = api(alice).get(URL, {"kind": "waiting"}).json()["items"]
    assert [(i["person"]["first_name"], i["waiting_days"], i["planned_end"]) for i in waiting] == [
        ("Väntar", 60, None)
    ]
    assert AuditEvent.objects.filter(actor=alice, action="LIST", person_public_id=soon.public_id).exists()


def test_a_horizon_that_is_no_choice_is_refused_at_the_field(api, alice):
    response = api(alice).get(URL, {"days": 45})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "days"
    assert api(alice).get(URL, {"kind": "all"}).status_code == 422


def test_who_may_ask(api, bob, stina, charlie, carol, nykoping, today):
    _person(nykoping, today, "Snart", ends_in=10)
    assert api(bob).get(URL).status_code == 403
    assert api(stina).get(URL).status_code == 403
    assert api(charlie).get(URL).json()["count"] == 0  # Enköping's reception: none of Nyköping's
    assert api(carol).get(URL).json()["count"] == 1


def test_the_list_costs_the_same_for_many_rows_as_for_few(api, alice, nykoping, today):
    client = api(alice)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"limit": 200}).status_code == 200
        return len(captured)

    _person(nykoping, today, "Först", ends_in=5)
    queries()  # the token's first use
    few = queries()
    for n in range(12):
        person = _person(nykoping, today, f"Fler{n}", ends_in=5 + n)
        MonthlyStatus.objects.create(
            person=person, municipality=nykoping, month=today.replace(day=1), status="SFI"
        )
    assert queries() == few
