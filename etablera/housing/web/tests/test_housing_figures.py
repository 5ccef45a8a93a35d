"""The housing figures (temporary housing, young adults), the exports, the protected household's address on every
page that names it, and what the lists cost in queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.housing import matching_services, services
from etablera.housing.models import Contract, HousingUnit
from etablera.housing.web.tests.conftest import SECRET_STREET
from etablera.people.models import Category, Person
from etablera.rules.dates import add_months
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory

# --- temporary housing, figures and young adults ----------------------------------------------------------------


def test_temporary_housing_shows_households_months_and_the_chart_with_its_table(
    client, hanna, hidden, ending
):
    client.force_login(hanna)
    page = client.get(reverse("housing_temporary")).content.decode()
    assert "Hushållet Hotell" in page and "Familjen Dold" in page
    assert SECRET_STREET not in page
    assert '<svg class="chart"' in page and 'role="img"' in page and "<desc" in page
    assert "Samma siffror som i diagrammet" in page
    assert "Hotell- eller vandrarhemsrum" in page  # the cost comparison
    assert "style=" not in page  # the CSP forbids inline styles


def test_statistics_sees_the_figures_and_no_household(client, stina, hidden, ending):
    client.force_login(stina)
    page = client.get(reverse("housing_temporary")).content.decode()
    assert "Hotell- eller vandrarhemsrum" in page and '<svg class="chart"' in page
    assert (
        "Hushållet Hotell" not in page
        and "Familjen Dold" not in page
        and 'id="households-heading"' not in page
    )
    response = client.get(reverse("housing_temporary") + "?format=csv")
    assert "Hushållet Hotell" not in response.content.decode("utf-8")


def test_young_adults_turning_18_with_a_link_to_register_a_need(client, hanna, alice, young):
    client.force_login(
        alice
    )  # the housing unit sees only households with a need: the reception unit sees all
    page = client.get(reverse("housing_young_adults")).content.decode()
    assert young.members.get().full_name in page
    assert "Fyller 18" in page
    assert reverse("household_housing_need", args=[young.public_id]) in page


# --- exports ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("housing_queue", "Familjen Dold"),
        ("housing_units", "NH-1001"),
        ("housing_contracts_ending", "Hushållet Hotell"),
        ("housing_temporary", "Familjen Dold"),
        ("housing_young_adults", None),
    ],
)
def test_each_list_exports_to_csv_and_excel_masked_and_logged(
    client, hanna, need, flat, hidden, ending, name, needle
):
    client.force_login(hanna)
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
    response = client.get(reverse(name) + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0]  # a header row
    if needle:
        assert needle in text
    assert SECRET_STREET not in text
    excel = client.get(reverse(name) + "?format=xlsx")
    assert excel.content[:2] == b"PK"  # a zip: the xlsx
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == before + 2


def test_a_protected_address_is_masked_in_the_queue_export_and_a_formula_defused(
    client, hanna, hidden, nykoping
):
    household = HouseholdFactory.with_members([30], municipality=nykoping, name='=HYPERLINK("x")')
    services.set_housing_need(actor=hanna, household=household)
    client.force_login(hanna)
    text = client.get(reverse("housing_queue") + "?format=csv").content.decode("utf-8")
    assert "Skyddad adress" in text and SECRET_STREET not in text
    assert "'=HYPERLINK" in text


# --- the protected household ------------------------------------------------------------------------------------


def test_the_protected_households_address_is_in_no_page_that_names_it(client, hanna, alice, hidden, need):
    contract = Contract.objects.get(household=hidden)
    household_urls = [
        reverse("housing_queue"),
        reverse("housing_contracts_ending"),
        reverse("housing_temporary"),
        reverse("housing_young_adults"),
        reverse("housing_matching"),
        reverse("housing_contract_detail", args=[contract.public_id]),
        reverse("household_detail", args=[hidden.public_id]),
        reverse("household_housing_need", args=[hidden.public_id]),
        reverse("household_contract_create", args=[hidden.public_id]),
    ]
    for user in (hanna, alice):
        client.force_login(user)
        for url in household_urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert SECRET_STREET not in response.content.decode(), (user.username, url)
        for url in (
            reverse("housing_units") + "?visa=all",
            reverse("housing_unit_detail", args=[contract.unit_id]),
        ):
            page = client.get(url).content.decode()
            assert "Familjen Dold" not in page, url  # the home's address is shown only without the household


def test_matching_proposals_mask_a_protected_households_home(client, hanna, hidden, need, flat):
    client.force_login(hanna)
    response = client.post(reverse("housing_matching_run"), {})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Först till kvarn" in page
    assert SECRET_STREET not in page


# --- queries ----------------------------------------------------------------------------------------------------


def _many(hanna, nykoping, today, start, n):
    for number in range(start, start + n):
        household = HouseholdFactory.with_members([40, 12], municipality=nykoping, name=f"Hushåll {number}")
        unit = HousingUnitFactory(municipality=nykoping, reference=f"M-{number}", kind=HousingUnit.Kind.HOTEL)
        services.set_housing_need(
            actor=hanna, household=household, house_by=today + dt.timedelta(days=number)
        )
        services.create_contract(
            actor=hanna,
            household=household,
            unit=unit,
            kind=Contract.Kind.PER_NIGHT,
            start_date=today - dt.timedelta(days=5),
            end_date=today + dt.timedelta(days=20 + number),
            payer=Contract.Payer.MUNICIPALITY,
            sign=True,
        )
        HousingUnitFactory(municipality=nykoping, reference=f"LEDIG-{number}")
        minor = HouseholdFactory.with_members([17], municipality=nykoping, name=f"Ung {number}")
        Person.objects.filter(household_memberships__household=minor).update(
            category=Category.UNACCOMPANIED_MINOR,
            birth_date=add_months(today, 2 + number).replace(year=today.year - 17),
        )
        services.set_housing_need(actor=hanna, household=minor)


# Session, user, memberships, the selector's queries, the audit INSERT (and the savepoints around it), and one
# for which homes' addresses are protected (issue #9).
MAX_QUERIES = {
    "housing_queue": 11,
    "housing_units": 9,
    "housing_contracts_ending": 10,
    "housing_temporary": 19,
    "housing_matching": 12,
    "housing_young_adults": 14,
}
LIST_PAGES = tuple(MAX_QUERIES)


def test_the_lists_cost_the_same_for_one_row_as_for_many(
    client, hanna, nykoping, today, django_assert_max_num_queries
):
    client.force_login(hanna)

    def counts():
        found = {}
        for name in LIST_PAGES:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name)).status_code == 200
            found[name] = len(captured.captured_queries)
        return found

    _many(hanna, nykoping, today, 0, 1)
    matching_services.run_matching(actor=hanna, municipality=nykoping)
    one = counts()
    _many(hanna, nykoping, today, 1, 8)
    matching_services.run_matching(actor=hanna, municipality=nykoping)
    assert counts() == one
    for name in LIST_PAGES:
        with django_assert_max_num_queries(MAX_QUERIES[name]):
            client.get(reverse(name))
