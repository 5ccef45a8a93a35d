"""The housing pages' fixtures: a family in the queue, homes, contracts ending, a protected household and a
young adult, and the list of every housing page.

hanna    housing caseworker in Nyköping (bostadsenheten): every housing page
alice    reception caseworker in Nyköping: the housing pages too (the reception unit keeps housing)
bob      SFI caseworker in Nyköping: no housing page
charlie  reception caseworker in Enköping: his own (empty) housing pages, nothing of Nyköping's
stina    statistics in Nyköping: the figures of the temporary housing page, never a household
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.housing import services
from etablera.housing.models import Contract, HousingUnit
from etablera.people.models import Category, Person, ProtectedIdentity
from etablera.rules.dates import add_months
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory
from etablera.testing.page_fixtures import *  # noqa: F403 (the page fixtures, shared by every domain's page tests)

SECRET_STREET = "Hemlighetsvägen 9"  # the protected household's street: in no page, export or log for anyone


@pytest.fixture
def need(hanna, assignment):
    """The family of etablera/testing/page_fixtures.py, assigned and not yet received: in the queue, house-by the anvisning's
    latest reception date."""
    return services.set_housing_need(actor=hanna, household=assignment.household)


@pytest.fixture
def hidden(hanna, nykoping, today):
    """A household with a protected member, living under a signed temporary contract at SECRET_STREET."""
    household = HouseholdFactory.with_members([35, 6], municipality=nykoping, name="Familjen Dold")
    adult = household.members.order_by("birth_date").first()
    Person.objects.filter(pk=adult.pk).update(protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING)
    unit = HousingUnitFactory(
        municipality=nykoping,
        reference="HEM-9",
        address_street=SECRET_STREET,
        kind=HousingUnit.Kind.TRANSITIONAL,
    )
    services.set_housing_need(actor=hanna, household=household, house_by=today + dt.timedelta(days=10))
    services.create_contract(
        actor=hanna,
        household=household,
        unit=unit,
        kind=Contract.Kind.TEMPORARY,
        start_date=today - dt.timedelta(days=60),
        payer=Contract.Payer.MUNICIPALITY,
        sign=True,
    )
    return household


@pytest.fixture
def ending(hanna, nykoping, today):
    """A household in a hotel room whose contract ends in a month (in the list of contracts ending)."""
    household = HouseholdFactory.with_members([30], municipality=nykoping, name="Hushållet Hotell")
    unit = HousingUnitFactory(
        municipality=nykoping, reference="HOT-1", kind=HousingUnit.Kind.HOTEL, monthly_cost=21000
    )
    services.set_housing_need(actor=hanna, household=household)
    return services.create_contract(
        actor=hanna,
        household=household,
        unit=unit,
        kind=Contract.Kind.PER_NIGHT,
        start_date=today - dt.timedelta(days=100),
        end_date=today + dt.timedelta(days=30),
        payer=Contract.Payer.MUNICIPALITY,
        sign=True,
    )


@pytest.fixture
def young(nykoping, today):
    """An unaccompanied minor turning 18 in three months."""
    household = HouseholdFactory.with_members([17], municipality=nykoping, name="Ung Ensam")
    person = household.members.get()
    born = add_months(today, 3).replace(year=add_months(today, 3).year - 18)
    Person.objects.filter(pk=person.pk).update(category=Category.UNACCOMPANIED_MINOR, birth_date=born)
    return household


@pytest.fixture
def housing_pages(need, flat, ending, hidden):
    household = need.household
    return {
        "queue": reverse("housing_queue"),
        "units": reverse("housing_units"),
        "units_all": reverse("housing_units") + "?visa=all&typ=FLAT&sovrum=2",
        "unit_create": reverse("housing_unit_create"),
        "unit_import": reverse("housing_unit_import"),
        "unit": reverse("housing_unit_detail", args=[flat.pk]),
        "unit_edit": reverse("housing_unit_edit", args=[flat.pk]),
        "contracts": reverse("housing_contracts_ending"),
        "contract": reverse("housing_contract_detail", args=[ending.public_id]),
        "need": reverse("household_housing_need", args=[household.public_id]),
        "contract_create": reverse("household_contract_create", args=[household.public_id]),
        "matching": reverse("housing_matching"),
        "temporary": reverse("housing_temporary"),
        "young": reverse("housing_young_adults"),
    }
