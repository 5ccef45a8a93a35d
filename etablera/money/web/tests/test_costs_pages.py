"""One month's costs per household and child (issue #15): the rows add up to the overview's month, households and
children are named only for those who see them (and each one named is logged), the download holds every row, and the
page takes the same queries for one household or many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.access.models import AuditEvent
from etablera.activity.models import SupportMonth
from etablera.housing.models import Contract
from etablera.minors.models import ChildCase, Placement
from etablera.money.selectors import overview
from etablera.money.selectors_costs import housing_cost, month_costs
from etablera.money.tests.conftest import receive
from etablera.people.models import Category
from etablera.testing.factories import HousingUnitFactory

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2024, 10, 1)


def _household(person):
    return person.household_memberships.get().household


def _contract(household, start, end=None, cost=9300, payer=Contract.Payer.MUNICIPALITY):
    return Contract.objects.create(
        municipality_id=household.municipality_id,
        household=household,
        unit=HousingUnitFactory(municipality_id=household.municipality_id),
        kind=Contract.Kind.TEMPORARY,
        status=Contract.Status.ACTIVE,
        start_date=start,
        end_date=end,
        payer=payer,
        monthly_cost=cost,
    )


@pytest.fixture
def october(nykoping):
    """Two households and a placed child in Nyköping, October 2024: the Ekströms with försörjningsstöd and a
    contract from the 11th (21 of 31 days), the Lind household with a contract the whole month and one the household
    pays itself (not a cost), and a child in an HVB the whole month."""
    first = _household(receive(dt.date(1990, 1, 1), dt.date(2024, 8, 10)))
    first.name = "Ekström"
    first.save()
    second = _household(receive(dt.date(1985, 5, 5), dt.date(2024, 6, 3)))
    second.name = "Lind"
    second.save()
    SupportMonth.objects.create(household=first, municipality=nykoping, month=OCTOBER, amount=7200)
    SupportMonth.objects.create(household=first, municipality=nykoping, month=dt.date(2024, 9, 1), amount=999)
    _contract(first, dt.date(2024, 10, 11), cost=9300)
    _contract(second, dt.date(2024, 9, 1), dt.date(2024, 12, 31), cost=12000)
    _contract(second, dt.date(2024, 9, 1), cost=5000, payer=Contract.Payer.HOUSEHOLD)
    child = receive(dt.date(2010, 6, 1), dt.date(2024, 8, 20), category=Category.UNACCOMPANIED_MINOR)
    case = ChildCase.objects.create(person=child, municipality=nykoping)
    Placement.objects.create(
        case=case,
        kind="HVB",
        provider="HVB Solrosen",
        decided_on=dt.date(2024, 9, 1),
        starts_on=dt.date(2024, 9, 1),
        cost_per_day=2000,
    )
    return first, second, child


def test_a_contract_costs_its_days_in_the_month():
    last = dt.date(2024, 10, 31)
    assert housing_cost(9300, dt.date(2024, 10, 11), None, OCTOBER, last) == 9300 * 21 // 31 == 6300
    assert housing_cost(9300, dt.date(2024, 1, 1), None, OCTOBER, last) == 9300
    assert housing_cost(9300, dt.date(2024, 1, 1), dt.date(2024, 10, 1), OCTOBER, last) == 300
    assert housing_cost(9300, dt.date(2024, 11, 1), None, OCTOBER, last) == 0


def test_the_rows_add_up_to_the_overviews_month(olof, nykoping, october):
    costs = month_costs(olof, nykoping.pk, OCTOBER)
    month = next(m for m in overview(olof, nykoping.pk, 2024).months if m.month == OCTOBER)
    assert (costs.support, costs.housing, costs.placements) == (
        month.costs["SUPPORT"],
        month.costs["HOUSING"],
        month.costs["PLACEMENTS"],
    )
    assert costs.total == month.costs_total == 7200 + 6300 + 12000 + 31 * 2000
    # The largest first: the child (62 000), the Ekströms (7 200 + 6 300), the Lind household (12 000).
    assert [(r.is_child, r.support, r.housing, r.placements) for r in costs.rows] == [
        (True, 0, 0, 62000),
        (False, 7200, 6300, 0),
        (False, 0, 12000, 0),
    ]
    assert costs.count == 3


def test_names_only_for_those_who_see_them_and_each_one_logged(signed_in, olof, alice, nykoping, october):
    first, second, child = october
    # The controller sees no persons: amounts, no names.
    text = signed_in(olof).get("/ersattning/kostnader/2024-10/").content.decode()
    assert "62" in text and "Ett hushåll du inte har behörighet att se" in text
    assert "Ekström" not in text and "Lind" not in text and child.last_name not in text
    assert not AuditEvent.objects.filter(actor=olof, action=AuditEvent.Action.LIST).exists()
    # Reception sees the households (named, linked, logged) but not the child's placement: the social section.
    response = signed_in(alice).get("/ersattning/kostnader/2024-10/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ekström" in text and "Lind" in text and f"/hushall/{first.public_id}/" in text
    assert child.last_name not in text and "Ett barn du inte har behörighet att se" in text
    listed = set(
        AuditEvent.objects.filter(actor=alice, action=AuditEvent.Action.LIST, summary="Kostnader 2024-10")
        .exclude(household_public_id=None)
        .values_list("household_public_id", flat=True)
    )
    assert listed == {first.public_id, second.public_id}


def test_the_overview_links_each_month_to_its_costs(signed_in, olof, october):
    text = signed_in(olof).get("/ersattning/?ar=2024").content.decode()
    assert "/ersattning/kostnader/2024-10/?kommun=0480" in text


def test_who_may_read_it(signed_in, bob, charlie, stina, october):
    assert signed_in(bob).get("/ersattning/kostnader/2024-10/").status_code == 403
    assert signed_in(stina).get("/ersattning/kostnader/2024-10/").status_code == 200
    # Enköping's reception asking for Nyköping gets Enköping's month: nothing of Nyköping's.
    text = signed_in(charlie).get("/ersattning/kostnader/2024-10/?kommun=0480").content.decode()
    assert "Enköping" in text and "Inga kostnader under månaden." in text
    assert signed_in(stina).get("/ersattning/kostnader/oktober/").status_code == 403


def test_the_download_holds_every_row_and_is_logged(signed_in, alice, october):
    response = signed_in(alice).get("/ersattning/kostnader/2024-10/?format=csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "Ekström" in text and "Lind" in text and "62000" in text
    assert AuditEvent.objects.filter(
        actor=alice, action=AuditEvent.Action.EXPORT, object_type="money.Costs"
    ).exists()
    assert signed_in(alice).get("/ersattning/kostnader/2024-10/?format=xlsx").status_code == 200


def test_the_page_takes_the_same_queries_for_one_household_or_many(signed_in, alice, nykoping):
    client = signed_in(alice)
    household = _household(receive(dt.date(1990, 1, 1), dt.date(2024, 3, 3)))
    SupportMonth.objects.create(household=household, municipality=nykoping, month=OCTOBER, amount=5000)
    client.get("/ersattning/kostnader/2024-10/")
    with CaptureQueriesContext(connection) as few:
        client.get("/ersattning/kostnader/2024-10/")
    for i in range(6):
        household = _household(receive(dt.date(1980 + i, 1, 1), dt.date(2024, 3, 3)))
        SupportMonth.objects.create(household=household, municipality=nykoping, month=OCTOBER, amount=100 + i)
        _contract(household, dt.date(2024, 9, 1), cost=4000 + i)
    client.get("/ersattning/kostnader/2024-10/")  # the new households' first listing is logged once
    with CaptureQueriesContext(connection) as many:
        client.get("/ersattning/kostnader/2024-10/")
    assert len(many) == len(few) <= 20, "\n".join(q["sql"][:150] for q in many.captured_queries)


def test_a_child_is_named_for_those_who_see_the_social_section(sigrid, nykoping, october):
    """The social services see the child's placement: the row names the child, and the listing is logged."""
    _first, _second, child = october
    costs = month_costs(sigrid, nykoping.pk, OCTOBER)
    (row,) = [r for r in costs.rows if r.is_child]
    assert row.child == child and row.placements == 62000
    assert AuditEvent.objects.filter(
        actor=sigrid, action=AuditEvent.Action.LIST, person_public_id=child.public_id
    ).exists()
