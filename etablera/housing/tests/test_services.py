"""Housing services: homes, needs and contracts — validation at the field, capacity, moves, the 36-month limit,
permissions and the audit log; and what the housing unit may see."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from etablera.access.models import AuditEvent
from etablera.access.policy import restrict
from etablera.housing import selectors, services
from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.people.models import Household, ProtectedIdentity
from etablera.testing.factories import (
    AssignmentFactory,
    HouseholdFactory,
    HousingUnitFactory,
    warm_capabilities,
)

pytestmark = pytest.mark.django_db


def unit_input(**overrides):
    values = dict(
        reference="NH-2001",
        address_street="Påhittade vägen 3",
        landlord="HOUSING_COMPANY",
        kind="FLAT",
        rooms=4,
        bedrooms=3,
        monthly_cost=9800,
    )
    values.update(overrides)
    return services.UnitInput(**values)


def test_save_unit_creates_then_is_idempotent(hanna, nykoping):
    unit, outcome = services.save_unit(actor=hanna, municipality=nykoping, data=unit_input())
    assert outcome == "created"
    assert services.save_unit(actor=hanna, municipality=nykoping, data=unit_input())[1] == "unchanged"
    unit2, outcome = services.save_unit(
        actor=hanna, municipality=nykoping, data=unit_input(monthly_cost=9900)
    )
    assert (unit2.pk, outcome, unit2.monthly_cost) == (unit.pk, "updated", 9900)
    assert AuditEvent.objects.filter(object_type="HousingUnit", action=AuditEvent.Action.UPDATE).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"bedrooms": 5}, "bedrooms", "fler sovrum"),
        ({"rooms": 0}, "rooms", "minst 1"),
        ({"kind": "CASTLE"}, "kind", "Välj typ"),
        ({"monthly_cost": None}, "monthly_cost", "per natt"),
        ({"near": ["BEACH"]}, "near", "Okänt"),
        ({"reference": " "}, "reference", "objektnummer"),
    ],
)
def test_save_unit_refuses_bad_input_at_the_field(hanna, nykoping, overrides, field, words):
    with pytest.raises(ValidationError) as error:
        services.save_unit(actor=hanna, municipality=nykoping, data=unit_input(**overrides))
    assert words in error.value.message_dict[field][0]
    assert not HousingUnit.objects.exists()


def test_hotel_price_per_night_gives_the_monthly_cost(hanna, nykoping):
    unit, _ = services.save_unit(
        actor=hanna,
        municipality=nykoping,
        data=unit_input(kind="HOTEL", rooms=1, bedrooms=1, monthly_cost=None, nightly_cost=1480),
    )
    assert unit.monthly_cost == round(1480 * 365 / 12)


def test_only_housing_reception_and_administrators_keep_homes(bob, charlie, nykoping):
    with pytest.raises(PermissionDenied):
        services.save_unit(actor=bob, municipality=nykoping, data=unit_input())
    with pytest.raises(PermissionDenied):
        services.save_unit(actor=charlie, municipality=nykoping, data=unit_input())


def test_housing_need_defaults_to_the_latest_reception_date(hanna, family):
    AssignmentFactory(household=family, latest_reception_date=dt.date(2027, 1, 20))
    need = services.set_housing_need(actor=hanna, household=family, wishes=["SCHOOL", "SCHOOL"])
    assert need.house_by == dt.date(2027, 1, 20)
    assert need.house_by_rule["rule"] == "housing.must_be_housed_by"
    assert need.wishes == ["SCHOOL"]
    assert need.status == HousingNeed.Status.WAITING


def test_override_needs_a_reason(hanna, family):
    with pytest.raises(ValidationError) as error:
        services.set_housing_need(actor=hanna, household=family, bedrooms_override=4)
    assert "skäl" in error.value.message_dict["bedrooms_override_reason"][0]


def test_contract_lifecycle_moves_form_a_history(hanna, family, flat, nykoping, today):
    services.set_housing_need(actor=hanna, household=family)
    hotel = HousingUnitFactory(municipality=nykoping, kind="HOTEL", rooms=1, bedrooms=1, monthly_cost=45000)
    first = services.create_contract(
        actor=hanna,
        household=family,
        unit=hotel,
        kind="PER_NIGHT",
        start_date=today - dt.timedelta(days=40),
        payer="MUNICIPALITY",
        sign=True,
    )
    assert HousingNeed.objects.get(household=family).status == HousingNeed.Status.TEMPORARY
    second = services.create_contract(
        actor=hanna, household=family, unit=flat, kind="SECOND_HAND", start_date=today, payer="HOUSEHOLD"
    )
    assert second.status == Contract.Status.DRAFT
    services.sign_contract(actor=hanna, contract=second)
    first.refresh_from_db()
    assert (first.status, first.end_date, first.end_reason) == (
        "ENDED",
        today - dt.timedelta(days=1),
        "MOVED",
    )
    assert HousingNeed.objects.get(household=family).status == HousingNeed.Status.PERMANENT
    page = selectors.household_housing(hanna, family)
    assert [c.pk for c in page.contracts] == [second.pk, first.pk]
    assert page.current.pk == second.pk


def test_a_home_cannot_be_over_occupied(hanna, family, flat, nykoping, today):
    other = HouseholdFactory.with_members([30], municipality=nykoping)
    services.create_contract(
        actor=hanna, household=family, unit=flat, kind="FIRST_HAND", start_date=today, payer="HOUSEHOLD"
    )
    with pytest.raises(ValidationError) as error:
        services.create_contract(
            actor=hanna,
            household=other,
            unit=flat,
            kind="FIRST_HAND",
            start_date=today + dt.timedelta(days=30),
            payer="HOUSEHOLD",
        )
    assert "upptagen" in error.value.message_dict["unit"][0]
    assert Contract.objects.count() == 1


def test_places_in_supported_housing_count_up_to_capacity(hanna, nykoping, today):
    unit = HousingUnitFactory(municipality=nykoping, kind="SUPPORTED", rooms=4, bedrooms=4, capacity=2)
    young = [HouseholdFactory.with_members([17], municipality=nykoping) for _ in range(3)]
    for household in young[:2]:
        services.create_contract(
            actor=hanna,
            household=household,
            unit=unit,
            kind="TEMPORARY",
            start_date=today,
            payer="SOCIAL_SERVICES",
        )
    with pytest.raises(ValidationError):
        services.create_contract(
            actor=hanna,
            household=young[2],
            unit=unit,
            kind="TEMPORARY",
            start_date=today,
            payer="SOCIAL_SERVICES",
        )


def test_establishment_housing_at_most_36_months(hanna, family, flat):
    start = dt.date(2027, 2, 1)
    contract = services.create_contract(
        actor=hanna, household=family, unit=flat, kind="ESTABLISHMENT", start_date=start, payer="HOUSEHOLD"
    )
    assert contract.end_date == dt.date(2030, 1, 31)
    assert contract.planned_end_rule["rule"] == "housing.establishment_housing_end"
    contract.delete()
    with pytest.raises(ValidationError) as error:
        services.create_contract(
            actor=hanna,
            household=family,
            unit=flat,
            kind="ESTABLISHMENT",
            start_date=start,
            end_date=dt.date(2030, 2, 1),
            payer="HOUSEHOLD",
        )
    assert "högst 36 månader" in error.value.message_dict["end_date"][0]


def test_end_contract_needs_a_reason_and_returns_the_household_to_the_queue(hanna, family, flat, today):
    services.set_housing_need(actor=hanna, household=family)
    contract = services.create_contract(
        actor=hanna,
        household=family,
        unit=flat,
        kind="TEMPORARY",
        start_date=today - dt.timedelta(days=10),
        payer="HOUSEHOLD",
        sign=True,
    )
    with pytest.raises(ValidationError) as error:
        services.end_contract(
            actor=hanna, contract=contract, end_date=today - dt.timedelta(days=1), reason="OTHER"
        )
    assert "end_note" in error.value.message_dict
    services.end_contract(
        actor=hanna, contract=contract, end_date=today - dt.timedelta(days=1), reason="PERIOD_ENDED"
    )
    assert HousingNeed.objects.get(household=family).status == HousingNeed.Status.WAITING


def test_the_housing_unit_sees_households_with_an_open_need_only(hanna, bob, charlie, family):
    assert not restrict(hanna, Household.objects.filter(pk=family.pk)).exists()
    services.set_housing_need(actor=None, household=family)
    assert restrict(hanna, Household.objects.filter(pk=family.pk)).exists()
    assert not restrict(bob, Household.objects.filter(pk=family.pk)).exists()
    assert not restrict(charlie, HousingNeed.objects.all()).exists()
    services.close_housing_need(actor=None, household=family, note="Ordnade eget boende")
    assert not restrict(hanna, Household.objects.filter(pk=family.pk)).exists()


def test_waiting_list_masks_protected_households_and_logs(
    hanna, family, nykoping, django_assert_max_num_queries
):
    services.set_housing_need(actor=None, household=family)
    protected = HouseholdFactory.with_members([35, 4], municipality=nykoping, name="Skyddade")
    protected.memberships.first().person.__class__.objects.filter(
        household_memberships__household=protected
    ).update(protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION)
    services.set_housing_need(actor=None, household=protected)
    for _ in range(3):
        services.set_housing_need(
            actor=None, household=HouseholdFactory.with_members([30, 2], municipality=nykoping)
        )
    warm_capabilities(hanna)  # as a signed-in user's are: the memberships are then one read of the cache
    with django_assert_max_num_queries(8):
        rows = selectors.waiting_list(hanna)
    masked = {row.household.pk: row.address_masked for row in rows}
    assert masked[protected.pk] is True
    assert masked[family.pk] is False
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LIST, summary="Bostadskö").count() == 5


def test_the_housing_unit_keeps_seeing_a_household_while_its_contract_runs(hanna, family, flat, today):
    services.set_housing_need(actor=None, household=family)
    contract = services.create_contract(
        actor=None,
        household=family,
        unit=flat,
        kind="SECOND_HAND",
        start_date=today,
        payer="HOUSEHOLD",
        sign=True,
    )
    assert HousingNeed.objects.get(household=family).status == HousingNeed.Status.PERMANENT
    assert restrict(hanna, Household.objects.filter(pk=family.pk)).exists()
    services.end_contract(actor=None, contract=contract, end_date=today, reason="MOVED_AWAY")
    services.close_housing_need(actor=None, household=family, note="Flyttat från kommunen")
    assert restrict(hanna, Household.objects.filter(pk=family.pk)).exists()  # the last day is today
    Contract.objects.filter(pk=contract.pk).update(
        end_date=today - dt.timedelta(days=1), start_date=today - dt.timedelta(days=9)
    )
    assert not restrict(hanna, Household.objects.filter(pk=family.pk)).exists()


def test_an_anvisning_opens_the_housing_need_and_a_cancellation_closes_it(
    alice, hanna, nykoping, family, today
):
    from etablera.reception import services as reception

    assignment = reception.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-BOSTAD-1",
        category="RESETTLED",
        decision_date=today - dt.timedelta(days=3),
        household=family,
    )
    need = HousingNeed.objects.get(household=family)
    assert (need.status, need.house_by, need.registered_date) == (
        "WAITING",
        assignment.latest_reception_date,
        today - dt.timedelta(days=3),
    )
    assert need.house_by_rule["rule"] == "housing.must_be_housed_by"
    assert restrict(hanna, Household.objects.filter(pk=family.pk)).exists()  # in the queue before arrival
    reception.cancel_assignment(actor=alice, assignment=assignment, cancelled_date=today, reason="Upphävd")
    need.refresh_from_db()
    assert need.status == "CLOSED"
    assert "MIG-BOSTAD-1" in need.note


def test_family_members_get_no_need_from_the_anvisning(alice, nykoping, family, today):
    """Family reunification: the family joins a home of its own (an EBO household comes without an anvisning at all,
    issue #11)."""
    from etablera.reception import services as reception

    reception.create_assignment(
        actor=alice,
        municipality=nykoping,
        reference="MIG-ANH-1",
        category="FAMILY_REUNIFICATION",
        decision_date=today,
        household=family,
    )
    assert not HousingNeed.objects.filter(household=family).exists()
