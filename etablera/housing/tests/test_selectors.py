"""Housing reads: free and soon-free homes, temporary housing and its cost, the status series, young adults and the
daily housekeeping command — each for a fixed number of queries where it is a list."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from etablera.housing import reports, selectors, services, status
from etablera.housing.models import HousingNeed, HousingStatusSnapshot
from etablera.people.models import Category, Person
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory, warm_capabilities

pytestmark = pytest.mark.django_db


def contract(household, unit, start, *, kind="SECOND_HAND", end=None):
    return services.create_contract(
        actor=None,
        household=household,
        unit=unit,
        kind=kind,
        start_date=start,
        end_date=end,
        payer="HOUSEHOLD",
        sign=True,
    )


def test_free_and_soon_free_homes(hanna, nykoping, today, django_assert_max_num_queries):
    free = HousingUnitFactory(municipality=nykoping, reference="FREE")
    later = HousingUnitFactory(
        municipality=nykoping, reference="LATER", available_from=today + dt.timedelta(days=30)
    )
    too_late = HousingUnitFactory(
        municipality=nykoping, reference="TOO-LATE", available_from=today + dt.timedelta(days=200)
    )
    taken = HousingUnitFactory(municipality=nykoping, reference="TAKEN")
    ending = HousingUnitFactory(municipality=nykoping, reference="ENDING")
    contract(HouseholdFactory.with_members([30], municipality=nykoping), taken, today - dt.timedelta(days=10))
    contract(
        HouseholdFactory.with_members([30], municipality=nykoping),
        ending,
        today - dt.timedelta(days=10),
        kind="TEMPORARY",
        end=today + dt.timedelta(days=14),
    )
    warm_capabilities(hanna)  # as a signed-in user's are: the memberships are then one read of the cache
    with django_assert_max_num_queries(4):  # and one for the homes whose address is protected (issue #9)
        rows = {r.unit.reference: r for r in selectors.unit_rows(hanna)}
    assert set(rows) == {"FREE", "LATER", "ENDING"}
    assert (rows["FREE"].free_places, rows["FREE"].free_from) == (1, today)
    assert rows["LATER"].free_from == today + dt.timedelta(days=30)
    assert (rows["ENDING"].free_places, rows["ENDING"].free_from) == (0, today + dt.timedelta(days=15))
    assert free and later and too_late


def test_temporary_housing_counts_from_the_first_of_an_unbroken_run(hanna, nykoping, today):
    household = HouseholdFactory.with_members([40, 6], municipality=nykoping)
    hotel = HousingUnitFactory(municipality=nykoping, kind="HOTEL", rooms=1, bedrooms=1, monthly_cost=45000)
    module = HousingUnitFactory(municipality=nykoping, kind="MODULE", rooms=2, bedrooms=1, monthly_cost=7000)
    services.set_housing_need(actor=None, household=household)
    contract(household, hotel, today - dt.timedelta(days=120), kind="PER_NIGHT")
    contract(household, module, today - dt.timedelta(days=30), kind="TEMPORARY")  # ends the hotel stay
    rows = selectors.temporary_housing(hanna)
    assert [r.contract.unit.pk for r in rows] == [module.pk]
    assert rows[0].since == today - dt.timedelta(days=120)
    assert round(rows[0].months) == 4


def test_hotel_against_flats_of_the_right_size(hanna, stina, nykoping, today):
    family = HouseholdFactory.with_members([40, 38, 9], municipality=nykoping)  # needs 2 bedrooms
    hotel = HousingUnitFactory(municipality=nykoping, kind="HOTEL", rooms=2, bedrooms=2, monthly_cost=45000)
    HousingUnitFactory(municipality=nykoping, bedrooms=2, rooms=3, monthly_cost=9000)
    HousingUnitFactory(municipality=nykoping, bedrooms=2, rooms=3, monthly_cost=11000)
    contract(family, hotel, today - dt.timedelta(days=5), kind="PER_NIGHT")
    for user in (hanna, stina):  # figures, no names: the statistics role sees them too
        [row] = reports.cost_comparison(user)
        assert (row.kind, row.monthly_cost, row.flat_equivalent, row.difference) == (
            "HOTEL",
            45000,
            10000,
            35000,
        )


def test_status_series_from_snapshots_and_today(hanna, nykoping, today, family, flat):
    need = services.set_housing_need(actor=None, household=family)
    HousingNeed.objects.filter(pk=need.pk).update(registered_date=today - dt.timedelta(days=30))
    HousingStatusSnapshot.objects.filter(municipality=nykoping).delete()
    out = io.StringIO()
    call_command(
        "housing",
        "snapshot",
        "--since",
        (today - dt.timedelta(days=14)).isoformat(),
        "--every",
        "7",
        stdout=out,
    )
    assert "3 dagar" in out.getvalue()
    contract(family, flat, today)
    series = reports.status_series(hanna)
    assert [(p.waiting, p.permanent) for p in series] == [(1, 0), (1, 0), (0, 1)]
    # Counting a past day again gives what was true then, whatever happened since.
    status.snapshot_housing_status(on=today - dt.timedelta(days=7))
    snap = HousingStatusSnapshot.objects.get(municipality=nykoping, date=today - dt.timedelta(days=7))
    assert (snap.waiting, snap.permanent) == (1, 0)


def test_refresh_moves_a_status_when_a_contract_starts(family, flat, today):
    need = services.set_housing_need(actor=None, household=family)
    services.create_contract(
        actor=None,
        household=family,
        unit=flat,
        kind="FIRST_HAND",
        start_date=today + dt.timedelta(days=3),
        payer="HOUSEHOLD",
        sign=True,
    )
    need.refresh_from_db()
    assert need.status == "WAITING"
    out = io.StringIO()
    call_command("housing", "refresh", "--date", (today + dt.timedelta(days=3)).isoformat(), stdout=out)
    need.refresh_from_db()
    assert need.status == "PERMANENT"
    assert "1 hushåll ändrade" in out.getvalue()


def test_young_adults_turning_18_or_21(hanna, alice, bob, nykoping, today):
    minor = HouseholdFactory.with_members([17], municipality=nykoping, category=Category.UNACCOMPANIED_MINOR)
    person = minor.members.get()
    Person.objects.filter(pk=person.pk).update(
        birth_date=dt.date(today.year - 18, today.month, 1) + dt.timedelta(days=70)
    )
    placed = HouseholdFactory.with_members([20], municipality=nykoping)
    Person.objects.filter(household_memberships__household=placed).update(
        birth_date=dt.date(today.year - 21, 1, 1) + dt.timedelta(days=400)
    )
    home = HousingUnitFactory(municipality=nykoping, kind="SUPPORTED", rooms=4, bedrooms=4, capacity=4)
    contract(placed, home, today - dt.timedelta(days=100), kind="TEMPORARY")
    services.set_housing_need(actor=None, household=placed)
    HouseholdFactory.with_members([19], municipality=nykoping)  # neither minor nor placed: not listed
    rows = selectors.young_adults(alice)
    found = {(r.person.pk, r.transition.age) for r in rows}
    assert (person.pk, 18) in found
    assert (placed.members.get().pk, 21) in found
    assert len(rows) == 2
    assert {r.has_need for r in rows} == {True, False}
    assert selectors.young_adults(bob) == []
