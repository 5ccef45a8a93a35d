"""The money overview pages per role (issue #15): the year per month with no names, a month's lines that explain
themselves and name only the persons the user sees, computing again, the rates an administrator enters, exports,
and the number of queries the overview takes whatever the size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.access.models import AuditEvent
from etablera.money.models import Entitlement, Payment, Rate
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive
from etablera.organisation.models import Role, Unit
from etablera.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(nykoping):
    people = [
        receive(dt.date(1990, 1, 1), dt.date(2024, 8, 10)),
        receive(dt.date(2010, 1, 1), dt.date(2024, 8, 10)),
    ]
    compute(2024)
    Payment.objects.create(
        municipality=nykoping,
        kind="SCHABLON",
        month=dt.date(2024, 9, 1),
        paid_on=dt.date(2024, 9, 25),
        amount=5000,
    )
    return people


def test_the_overview_shows_sums_per_month_and_no_names(signed_in, olof, year_2024):
    response = signed_in(olof).get("/ersattning/?ar=2024")
    text = response.content.decode()
    assert response.status_code == 200
    expected = sum(Entitlement.objects.filter(month__year=2024).values_list("amount", flat=True))
    assert f"{expected:,}".replace(",", "\xa0") in text or f"{expected:,}".replace(",", " ") in text
    for person in year_2024:
        assert person.last_name not in text and person.first_name not in text
    assert "2024-09" in text and "<svg" in text and "<table" in text


def test_the_month_explains_each_line_and_names_only_seen_persons(signed_in, olof, alice, year_2024):
    text = signed_in(olof).get("/ersattning/manad/2024-09/").content.decode()
    assert "Schablonersättning för en person mottagen 2024-08-10" in text
    assert "Initiala kostnader för en person mottagen 2024-08-10" in text  # from 1 July 2024
    assert "Förordning (2010:1122)" in text
    # Olof (the controller) sees no persons: the lines carry no names.
    assert year_2024[0].last_name not in text and "En person du inte har behörighet att se" in text
    # Alice (reception) sees the received persons: named, and each read logged.
    signed_in(alice).get("/ersattning/manad/2024-09/")
    assert AuditEvent.objects.filter(
        actor=alice, action=AuditEvent.Action.LIST, person_public_id=year_2024[0].public_id
    ).exists()


def test_the_statistics_role_reads_but_does_not_compute(signed_in, stina, year_2024):
    client = signed_in(stina)
    assert client.get("/ersattning/?ar=2024").status_code == 200
    assert client.post("/ersattning/berakna/", {"ar": 2024}).status_code == 403


def test_sfi_and_another_municipality(signed_in, bob, charlie, year_2024):
    assert signed_in(bob).get("/ersattning/").status_code == 403
    text = signed_in(charlie).get("/ersattning/?kommun=0480&ar=2024").content.decode()
    assert "Enköping" in text and "Nyköping" not in text.split("<main", 1)[-1]


def test_computing_again_from_the_page(signed_in, olof, year_2024, nykoping):
    Entitlement.objects.all().delete()
    response = signed_in(olof).post("/ersattning/berakna/", {"ar": 2024})
    assert response.status_code == 302
    assert Entitlement.objects.filter(municipality=nykoping, month__year=2024).count() > 0


def test_exports_hold_the_months(signed_in, olof, year_2024):
    response = signed_in(olof).get("/ersattning/?ar=2024&format=csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "2024-09" in text
    assert "attachment" in response["Content-Disposition"]
    assert signed_in(olof).get("/ersattning/?ar=2024&format=xlsx").status_code == 200


def test_the_overview_takes_the_same_queries_for_one_person_or_many(signed_in, olof, nykoping):
    client = signed_in(olof)
    receive(dt.date(1990, 1, 1), dt.date(2024, 3, 3))
    compute(2024)
    client.get("/ersattning/?ar=2024")
    with CaptureQueriesContext(connection) as few:
        client.get("/ersattning/?ar=2024")
    for i in range(6):
        receive(dt.date(1980 + i, 1, 1), dt.date(2024, 1 + i, 3))
    compute(2024)
    with CaptureQueriesContext(connection) as many:
        client.get("/ersattning/?ar=2024")
    assert len(many) == len(few) <= 16


def test_an_administrator_enters_a_missing_rate_and_it_is_used(signed_in, carol, alice, nykoping):
    person = receive(dt.date(1990, 1, 1), dt.date(2025, 2, 3))
    compute(2025)
    assert Entitlement.objects.filter(person=person, estimated=True).exists()
    body = {
        "key": "money.schablon",
        "effective_from": "2025-01-01",
        "amount": "170400",
        "amount_over": "95600",
        "source": "Förordning (2010:1122) 11 § (testvärde)",
    }
    assert signed_in(alice).post("/ersattning/belopp/", body).status_code == 403
    assert signed_in(carol).post("/ersattning/belopp/", body).status_code == 302
    rate = Rate.objects.get()
    assert rate.status == Rate.Status.UNVERIFIED and rate.entered_by == carol
    compute(2025)
    assert not Entitlement.objects.filter(person=person, estimated=True).exists()
    signed_in(carol).post("/ersattning/belopp/", {"verify": rate.pk})
    rate.refresh_from_db()
    assert rate.status == Rate.Status.IN_FORCE and rate.verified_by == carol


def test_a_bad_rate_gets_swedish_errors_at_the_fields(signed_in, carol):
    response = signed_in(carol).post(
        "/ersattning/belopp/",
        {"key": "money.schablon", "effective_from": "2025-01-01", "amount": "1", "source": "x" * 301},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Schablon över åldersgränsen" in text and Rate.objects.count() == 0


def test_the_controller_unit_reads_only_its_municipality(signed_in, nykoping, controller_unit):
    reader = UserFactory.with_role("ulla", controller_unit, Role.UNIT_MANAGER)
    assert signed_in(reader).get("/ersattning/").status_code == 200
    other = UserFactory.with_role(
        "sven", Unit.objects.create(municipality=nykoping, name="Skola X", function=Unit.Function.SCHOOL)
    )
    assert signed_in(other).get("/ersattning/").status_code == 403


def test_compensation_versus_cost_per_cohort(olof, nykoping, year_2024):
    from etablera.activity.models import SupportMonth
    from etablera.money.selectors import overview

    household = year_2024[0].household_memberships.get().household
    SupportMonth.objects.create(
        household=household, municipality=nykoping, month=dt.date(2024, 10, 1), amount=7200
    )
    data = overview(olof, nykoping.pk, 2024)
    (cohort,) = data.cohorts
    assert cohort.received_year == 2024 and cohort.persons == 2 and cohort.support == 7200
    assert cohort.expected == data.expected_total and cohort.net == data.expected_total - 7200
    october = next(m for m in data.months if m.month == dt.date(2024, 10, 1))
    assert october.costs["SUPPORT"] == 7200


def test_the_statistics_role_sees_the_sums(stina, nykoping, year_2024):
    from etablera.money.selectors import overview

    assert (
        overview(stina, nykoping.pk, 2024).expected_total
        == sum(Entitlement.objects.filter(month__year=2024).values_list("amount", flat=True))
        > 0
    )


def test_the_month_takes_the_same_queries_for_one_line_or_many(signed_in, alice, nykoping):
    client = signed_in(alice)
    receive(dt.date(1990, 1, 1), dt.date(2024, 3, 3))
    compute(2024)
    client.get("/ersattning/manad/2024-05/")
    with CaptureQueriesContext(connection) as few:
        client.get("/ersattning/manad/2024-05/")
    for i in range(6):
        receive(dt.date(1980 + i, 1, 1), dt.date(2024, 1 + i % 3, 3))
    compute(2024)
    client.get("/ersattning/manad/2024-05/")  # the new persons' first read is logged once
    with CaptureQueriesContext(connection) as many:
        client.get("/ersattning/manad/2024-05/")
    assert len(many) == len(few) <= 20, "\n".join(q["sql"][:150] for q in many.captured_queries)
