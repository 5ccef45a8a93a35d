"""One figure, one definition (issue #11): on the temporary housing page the card, the cost table's households, the
list of households and the chart's last point once said 4, 7 and 5. Households under every kind of contract —
signed, draft, ended, future, per night, a care placement, a flat of their own, a protected household, a move
that overlaps — and the four must agree, for the housing caseworker and (without the list) for statistics."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from etablera.housing import reports, selectors, services, status
from etablera.housing.models import Contract
from etablera.people.models import Person, ProtectedIdentity
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory

pytestmark = pytest.mark.django_db

K, S = Contract.Kind, Contract.Status


def _contract(household, unit, start, *, kind=K.TEMPORARY, end=None, sign=True, cost=None):
    contract = services.create_contract(
        actor=None,
        household=household,
        unit=unit,
        kind=kind,
        start_date=start,
        end_date=end,
        payer=Contract.Payer.MUNICIPALITY,
        sign=sign,
    )
    if cost is not None:
        Contract.objects.filter(pk=contract.pk).update(monthly_cost=cost)
    return contract


@pytest.fixture
def housed(hanna, nykoping, today):
    """Ten households, four of them in temporary housing today (named "Tillfällig …")."""

    def household(name, ages=(34,)):
        made = HouseholdFactory.with_members(list(ages), municipality=nykoping, name=name)
        services.set_housing_need(actor=None, household=made)
        return made

    def unit(kind, reference):
        return HousingUnitFactory(municipality=nykoping, kind=kind, reference=reference, monthly_cost=9000)

    ago = today - dt.timedelta(days=40)
    _contract(household("Tillfällig Hotell"), unit("HOTEL", "H-1"), ago, kind=K.PER_NIGHT, cost=30000)
    _contract(household("Tillfällig Modul", (40, 8)), unit("MODULE", "M-1"), ago, cost=8000)
    # An establishment contract in an ordinary flat is temporary housing too.
    _contract(household("Tillfällig Etablering"), unit("FLAT", "F-1"), ago, kind=K.ESTABLISHMENT, cost=7000)
    protected = household("Tillfällig Skyddad", (35, 6))
    Person.objects.filter(household_memberships__household=protected).update(
        protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING
    )
    _contract(protected, unit("TRANSITIONAL", "G-1"), ago, cost=6000)
    # Not in temporary housing today:
    _contract(household("Egen lägenhet"), unit("FLAT", "F-2"), ago, kind=K.FIRST_HAND)
    _contract(household("Utkast"), unit("HOTEL", "H-2"), ago, kind=K.PER_NIGHT, sign=False)
    _contract(household("Slutat"), unit("HOTEL", "H-3"), ago, end=today - dt.timedelta(days=1))
    _contract(household("Framtida"), unit("HOTEL", "H-4"), today + dt.timedelta(days=5))
    _contract(household("Stödboende", (17,)), unit("SUPPORTED", "S-1"), ago)
    # A move from a hotel into a flat of their own, the hotel night overlapping: the flat is the home now.
    moving = household("Flyttar")
    hotel = _contract(moving, unit("HOTEL", "H-5"), ago, kind=K.PER_NIGHT, end=today + dt.timedelta(days=2))
    _contract(moving, unit("FLAT", "F-3"), today - dt.timedelta(days=1), kind=K.SECOND_HAND)
    # Signing the flat may have ended the hotel stay; keep it running two more days, as a real overlap does.
    Contract.objects.filter(pk=hotel.pk).update(end_date=today + dt.timedelta(days=2), status=S.ACTIVE)
    return 4


def _card(page: str) -> int:
    match = re.search(r"Hushåll i tillfälligt boende</p><p class=\"figure\">(\d+)<", page)
    return int(match.group(1))


def _table_total(page: str) -> int:
    foot = page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    return int(re.search(r'<td class="num">(\d+)</td>', foot).group(1))


def _chart_last(page: str) -> int:
    # The table beside the chart: the last row is today's point; its second number is "Tillfälligt".
    table = page.split("Samma siffror som i diagrammet", 1)[1].split("</tbody>", 1)[0]
    last = re.findall(r'<tr><th scope="row">[^<]+</th>((?:<td class="num">\d+</td>)+)</tr>', table)[-1]
    return int(re.findall(r"(\d+)", last)[1])


def test_the_card_the_table_the_list_and_the_chart_count_the_same_households(hanna, stina, housed, today):
    figures = reports.housing_figures(hanna, on=today)
    rows = selectors.temporary_housing(hanna, on=today)
    names = sorted(r.household.name for r in rows)
    assert names == [
        "Tillfällig Etablering",
        "Tillfällig Hotell",
        "Tillfällig Modul",
        "Tillfällig Skyddad",
    ]
    assert figures.temporary_households == housed
    assert figures.comparison_total["households"] == housed
    assert figures.series[-1].date == today and figures.series[-1].temporary == housed
    assert (
        figures.temporary_monthly_cost
        == figures.comparison_total["monthly_cost"]
        == 30000 + 8000 + 7000 + 6000
    )
    assert {c.kind: c.households for c in figures.comparison} == {
        "HOTEL": 1,
        "MODULE": 1,
        "FLAT": 1,
        "TRANSITIONAL": 1,
    }
    # Statistics reads the same figures (and no household).
    theirs = reports.housing_figures(stina, on=today)
    assert (theirs.temporary_households, theirs.series[-1].temporary) == (housed, housed)
    assert selectors.temporary_housing(stina, on=today) == []


def test_the_stored_series_counts_a_day_as_the_card_does(hanna, nykoping, housed, today):
    """The stored series (`etablera housing snapshot`) counts a day again from the contracts as they were: a care
    placement is in no status there either, so a stored day agrees with the card for that day."""
    assert status.status_counts_on(today, [nykoping.pk])[nykoping.pk]["TEMPORARY"] == housed


@pytest.mark.parametrize("user", ["hanna", "stina"])
def test_the_page_shows_one_number_in_its_three_places(client, request, housed, user):
    client.force_login(request.getfixturevalue(user))
    page = client.get(reverse("housing_temporary")).content.decode()
    assert _card(page) == _table_total(page) == _chart_last(page) == housed
    listed = page.count("Tillfällig ") if user == "hanna" else 0
    assert listed == (housed if user == "hanna" else 0)
    assert "Egen lägenhet" not in page and "Stödboende" not in page and "Flyttar" not in page


def test_the_queue_counts_the_households_it_lists(client, hanna, housed):
    """The queue's caption and its rows are one list: the households with an open need (waiting, or in temporary
    housing waiting for a home)."""
    client.force_login(hanna)
    page = client.get(reverse("housing_queue")).content.decode()
    caption = int(re.search(r"<caption[^>]*>(\d+) hushåll i kön", page).group(1))
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert caption == body.count("<tr>") == len(selectors.waiting_list(hanna))
