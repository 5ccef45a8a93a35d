"""A home that a household with a protected identity lives in, or has a draft or signed contract for, has the
protected address (issue #9): the housing reads mark it (`address_masked`) wherever the home is shown — in the
homes' lists, on its own page, beside any other household living there and in the matching — and a home's page
lists no contract of a protected household, not even masked."""

import datetime as dt

import pytest

from etablera.housing import matching_services, selectors, services
from etablera.housing.matching import reason_texts
from etablera.housing.models import Contract, HousingUnit
from etablera.housing.protection import home_address_protected, protected_unit_ids
from etablera.people.models import Person, ProtectedIdentity
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory

pytestmark = pytest.mark.django_db

MARKER = "Gömda gränd 5"


def _contract(household, unit, start, *, sign=True, kind="TEMPORARY", end=None):
    return services.create_contract(
        actor=None,
        household=household,
        unit=unit,
        kind=kind,
        start_date=start,
        end_date=end,
        payer="HOUSEHOLD",
        sign=sign,
    )


@pytest.fixture
def sheltered(nykoping):
    """A household whose adult has a protected identity (the child has not: the household is protected)."""
    household = HouseholdFactory.with_members([36, 7], municipality=nykoping, name="Familjen Skyddad")
    adult = household.members.order_by("birth_date").first()
    Person.objects.filter(pk=adult.pk).update(protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION)
    return household


@pytest.fixture
def neighbour(nykoping):
    return HouseholdFactory.with_members([30], municipality=nykoping, name="Hushållet Granne")


@pytest.fixture
def shared(nykoping):
    """A shared home with three places, at the marker address."""
    return HousingUnitFactory(
        municipality=nykoping,
        reference="DELAT-1",
        address_street=MARKER,
        kind=HousingUnit.Kind.SHARED_ROOM,
        rooms=3,
        bedrooms=3,
        capacity=3,
    )


def test_a_draft_a_signed_or_an_ended_contract_of_a_protected_household_protects_the_home(
    sheltered, neighbour, nykoping, today
):
    homes = {name: HousingUnitFactory(municipality=nykoping, reference=name) for name in "ADECNO"}
    ended = _contract(
        sheltered, homes["E"], today - dt.timedelta(days=400), end=today - dt.timedelta(days=100)
    )
    Contract.objects.filter(pk=ended.pk).update(status=Contract.Status.ENDED)  # lived there once
    _contract(sheltered, homes["A"], today - dt.timedelta(days=10))
    cancelled = _contract(sheltered, homes["C"], today + dt.timedelta(days=5), sign=False, kind="SECOND_HAND")
    services.cancel_draft(actor=None, contract=cancelled, note="Tackade nej")
    _contract(sheltered, homes["D"], today + dt.timedelta(days=40), sign=False, kind="SECOND_HAND")
    _contract(neighbour, homes["N"], today - dt.timedelta(days=10))  # an unprotected household: not protected
    ids = {home.pk: name for name, home in homes.items()}
    assert Contract.objects.get(pk=ended.pk).status == Contract.Status.ENDED
    assert {ids[pk] for pk in protected_unit_ids(ids)} == {"A", "D", "E"}
    assert home_address_protected(homes["A"]) and not home_address_protected(homes["O"])


def test_the_homes_list_masks_a_protected_home_and_its_page_lists_no_protected_contract(
    hanna, sheltered, neighbour, shared, flat, today
):
    _contract(sheltered, shared, today - dt.timedelta(days=20))
    _contract(neighbour, shared, today - dt.timedelta(days=5))
    rows = {row.unit.reference: row for row in selectors.unit_list(hanna, show="all")}
    assert rows["DELAT-1"].unit.address_masked is True
    assert rows["NH-1001"].unit.address_masked is False
    assert rows["DELAT-1"].free_places == 1  # the protected contract still takes its place

    page = selectors.unit_page(hanna, shared.pk)
    assert page.unit.address_masked is True
    assert [c.household_id for c in page.contracts] == [neighbour.pk]
    assert page.free_places == 1
    assert selectors.get_unit_for_user(hanna, shared.pk).address_masked is True


def test_an_unprotected_household_in_a_protected_home_sees_no_address_either(
    hanna, sheltered, neighbour, shared, today
):
    _contract(sheltered, shared, today - dt.timedelta(days=20), end=today + dt.timedelta(days=30))
    mine = _contract(neighbour, shared, today - dt.timedelta(days=5), end=today + dt.timedelta(days=20))
    services.set_housing_need(actor=hanna, household=neighbour)
    for rows in (selectors.contracts_ending(hanna), selectors.temporary_housing(hanna)):
        assert {row.contract.household_id: row.address_masked for row in rows} == {
            sheltered.pk: True,
            neighbour.pk: True,
        }
    [queued] = [row for row in selectors.waiting_list(hanna) if row.household.pk == neighbour.pk]
    assert queued.address_masked is True
    assert selectors.get_contract_for_user(hanna, mine.public_id).address_masked is True
    housing = selectors.household_housing(hanna, neighbour)
    assert housing.address_masked is False  # the household itself is not protected
    assert housing.current.address_masked is True
    assert [c.address_masked for c in housing.contracts] == [True]


def test_matching_proposes_a_protected_home_without_its_address(
    hanna, sheltered, neighbour, shared, nykoping, today
):
    _contract(sheltered, shared, today - dt.timedelta(days=20))
    services.set_housing_need(actor=hanna, household=neighbour)
    run = matching_services.run_matching(actor=hanna, municipality=nykoping)
    proposals = selectors.open_proposals(hanna, run)
    assert [(p.household_id, p.unit_id, p.address_masked) for p in proposals] == [
        (neighbour.pk, shared.pk, True)
    ]
    assert not any(MARKER in line for p in proposals for line in reason_texts(p.explanation))
    free = {row.unit.pk: row.unit.address_masked for row in selectors.unit_rows(hanna)}
    assert free == {shared.pk: True}
