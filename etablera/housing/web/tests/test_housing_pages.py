"""The housing pages (issue #5) per role, the lists, the homes and a household's housing: each form's errors at
the field, and nothing saved when one is wrong.

hanna    housing caseworker in Nyköping (bostadsenheten): every housing page
alice    reception caseworker in Nyköping: the housing pages too (the reception unit keeps housing)
bob      SFI caseworker in Nyköping: no housing page
charlie  reception caseworker in Enköping: his own (empty) housing pages, nothing of Nyköping's
stina    statistics in Nyköping: the figures of the temporary housing page, never a household
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.housing import services
from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.housing.web.tests.conftest import SECRET_STREET
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404
NYKOPING_OBJECTS = ("unit", "unit_edit", "contract", "need", "contract_create")
EXPECTED = {
    "hanna": {},
    "alice": {},
    "carol": {},
    "bob": {
        name: FORBIDDEN
        for name in (
            "queue",
            "units",
            "units_all",
            "unit_create",
            "unit_import",
            "unit",
            "unit_edit",
            "contracts",
            "contract",
            "need",
            "contract_create",
            "matching",
            "temporary",
            "young",
        )
    },
    "charlie": dict.fromkeys(NYKOPING_OBJECTS, NOT_FOUND),
    "stina": {
        name: FORBIDDEN
        for name in (
            "queue",
            "units",
            "units_all",
            "unit_create",
            "unit_import",
            "unit",
            "unit_edit",
            "contracts",
            "contract",
            "need",
            "contract_create",
            "matching",
            "young",
        )
    },
}


@pytest.mark.parametrize("username", list(EXPECTED))
def test_each_housing_page_answers_each_role_as_the_policy_says(username, request, client, housing_pages):
    client.force_login(request.getfixturevalue(username))
    answers = {name: client.get(url).status_code for name, url in housing_pages.items()}
    assert answers == {name: EXPECTED[username].get(name, OK) for name in housing_pages}


def test_the_menu_shows_boende_to_housing_staff_and_the_figures_to_statistics(client, hanna, bob, stina):
    client.force_login(hanna)
    assert f'<a href="{reverse("housing_queue")}"' in client.get(reverse("housing_queue")).content.decode()
    client.force_login(bob)
    page = client.get(reverse("my_tasks")).content.decode()
    assert "/boende/" not in page
    client.force_login(stina)
    page = client.get(reverse("overview")).content.decode()
    assert f'<a href="{reverse("housing_temporary")}"' in page and reverse("housing_queue") + '"' not in page


def test_charlie_sees_none_of_nykopings_housing(client, charlie, housing_pages, need, flat):
    client.force_login(charlie)
    for name in ("queue", "units", "contracts", "temporary", "young", "matching"):
        page = client.get(housing_pages[name]).content.decode()
        assert need.household.name not in page and flat.address_street not in page, name


# --- the queue and the lists ------------------------------------------------------------------------------------


def test_the_queue_sorts_by_deadline_with_bedrooms_days_left_and_the_norm_on_demand(
    client, hanna, need, hidden, today
):
    client.force_login(hanna)
    page = client.get(reverse("housing_queue")).content.decode()
    assert page.index("Familjen Dold") < page.index(
        need.household.name
    )  # 10 days, before the anvisning's date
    days = (need.house_by - today).days
    assert f"Om {days} dagar" in page
    assert "2 sovrum behövs: 2 vuxna: 1 sovrum; 2 barn: 1 sovrum" in page  # the norm's explanation
    assert "Hushållet ska ha en bostad när det tas emot" in page  # why this house-by date
    assert reverse("household_detail", args=[need.household.public_id]) in page
    assert "Saknar bostad" in page


def test_an_overcrowded_household_is_flagged(client, hanna, assignment):
    services.set_housing_need(
        actor=hanna, household=assignment.household, reason=HousingNeed.Reason.OVERCROWDED, current_bedrooms=1
    )
    client.force_login(hanna)
    page = client.get(reverse("housing_queue")).content.decode()
    assert "Eget boende, 1 sovrum" in page
    assert '<span class="badge badge--overdue">Trångbodd</span>' in page


def test_the_homes_list_filters_free_soon_and_all(client, hanna, nykoping, flat, today):
    later = HousingUnitFactory(municipality=nykoping, reference="SEN-1", bedrooms=3, rooms=4)
    later.available_from = today + dt.timedelta(days=30)
    later.save()
    far = HousingUnitFactory(
        municipality=nykoping, reference="LÅNGT-1", available_from=today + dt.timedelta(days=200)
    )
    client.force_login(hanna)
    soon = client.get(reverse("housing_units")).content.decode()
    assert flat.reference in soon and later.reference in soon and far.reference not in soon
    free = client.get(reverse("housing_units") + "?visa=free").content.decode()
    assert flat.reference in free and later.reference not in free
    everything = client.get(reverse("housing_units") + "?visa=all").content.decode()
    assert far.reference in everything
    three = client.get(reverse("housing_units") + "?visa=all&sovrum=3").content.decode()
    assert later.reference in three and flat.reference not in three
    hotels = client.get(reverse("housing_units") + "?visa=all&typ=HOTEL").content.decode()
    assert "Inga bostäder att visa." in hotels


def test_contracts_ending_within_90_days(client, hanna, ending, hidden):
    client.force_login(hanna)
    page = client.get(reverse("housing_contracts_ending")).content.decode()
    assert "Hushållet Hotell" in page and ending.end_date.isoformat() in page
    assert "Familjen Dold" not in page  # a two-year contract


# --- homes ------------------------------------------------------------------------------------------------------

UNIT_POST = {
    "reference": "NY-1",
    "address_street": "Nya vägen 1",
    "address_postal_code": "611 31",
    "address_city": "Nyköping",
    "landlord": "HOUSING_COMPANY",
    "kind": "FLAT",
    "rooms": "3",
    "bedrooms": "2",
    "monthly_cost": "9100",
    "capacity": "1",
    "near": ["SCHOOL"],
    "is_active": "on",
}


def test_creating_a_home_shows_errors_at_the_field_and_saves_nothing(client, hanna):
    client.force_login(hanna)
    response = client.post(reverse("housing_unit_create"), {**UNIT_POST, "bedrooms": "4", "kind": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert "fler sovrum (4) än rum (3)" in form.errors["bedrooms"][0]
    assert form.errors["kind"] == ["Välj typ av bostad."]
    page = response.content.decode()
    assert 'href="#id_bedrooms"' in page  # the error summary links to the field
    assert not HousingUnit.objects.filter(reference="NY-1").exists()


def test_creating_and_editing_a_home(client, hanna):
    client.force_login(hanna)
    response = client.post(reverse("housing_unit_create"), UNIT_POST)
    unit = HousingUnit.objects.get(reference="NY-1")
    assert response["Location"] == reverse("housing_unit_detail", args=[unit.pk])
    assert unit.near == ["SCHOOL"] and unit.is_active
    assert "Nära skola" in client.get(reverse("housing_unit_detail", args=[unit.pk])).content.decode()
    edit = reverse("housing_unit_edit", args=[unit.pk])
    assert 'value="Nya vägen 1"' in client.get(edit).content.decode()
    client.post(edit, {**UNIT_POST, "monthly_cost": "9400"})
    unit.refresh_from_db()
    assert unit.monthly_cost == 9400
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_type="HousingUnit").exists()


def test_a_protected_households_home_shows_no_address_and_no_contract_of_it(
    client, hanna, alice, hidden, today
):
    """Issue #9: the home's page showed its address and the protected household's (masked) contract with its
    dates; joined with the household's own housing page, that told where the household lives."""
    unit = HousingUnit.objects.get(reference="HEM-9")
    contract = Contract.objects.get(household=hidden)
    for user in (hanna, alice):
        client.force_login(user)
        page = client.get(reverse("housing_unit_detail", args=[unit.pk])).content.decode()
        assert SECRET_STREET not in page and "Skyddad adress" in page
        assert "HEM-9" in page  # the home itself stays workable: its objektnummer, size and free places
        assert "Familjen Dold" not in page and str(hidden.public_id) not in page
        assert str(contract.public_id) not in page and contract.start_date.isoformat() not in page
        assert "Hushåll med skyddade personuppgifter" not in page
        for url in (reverse("housing_units") + "?visa=all", reverse("housing_unit_edit", args=[unit.pk])):
            assert SECRET_STREET not in client.get(url).content.decode(), url
        for fmt in ("csv", "xlsx"):
            export = client.get(reverse("housing_units") + f"?visa=all&format={fmt}")
            assert SECRET_STREET.encode() not in _plain(export), fmt


def _plain(response) -> bytes:
    """A download's text: an xlsx is a zip, so its XML parts are read out of it."""
    import zipfile

    if response.content[:2] != b"PK":
        return response.content
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        return b"".join(book.read(name) for name in book.namelist())


def test_editing_a_protected_home_keeps_its_address_without_showing_it(client, hanna, hidden):
    unit = HousingUnit.objects.get(reference="HEM-9")
    client.force_login(hanna)
    edit = reverse("housing_unit_edit", args=[unit.pk])
    form = client.get(edit).content.decode()
    assert SECRET_STREET not in form and 'name="address_street"' not in form
    post = {**UNIT_POST, "reference": "HEM-9", "kind": "TRANSITIONAL", "monthly_cost": "9400"}
    post.pop("address_street")
    response = client.post(edit, post)
    assert response.status_code == 302, response.content.decode()
    unit.refresh_from_db()
    assert (unit.monthly_cost, unit.address_street) == (9400, SECRET_STREET)
    # The audit event of the change says which fields changed, never the protected address.
    event = AuditEvent.objects.filter(object_type="HousingUnit", object_id=str(unit.pk)).latest("pk")
    assert SECRET_STREET not in str(event.changes) + event.summary


# --- a household's housing --------------------------------------------------------------------------------------


def test_registering_a_need_defaults_to_the_anvisning_and_explains_it(client, alice, assignment):
    # The reception unit registers the first need: the housing unit sees a household once it has an open need.
    client.force_login(alice)
    url = reverse("household_housing_need", args=[assignment.household.public_id])
    page = client.get(url).content.decode()
    assert assignment.latest_reception_date.isoformat() in page
    assert "Lämna tomt för att använda anvisningens sista mottagningsdag" in page
    response = client.post(url, {"reason": "ASSIGNMENT", "wishes": ["SCHOOL", "SFI"]})
    assert response["Location"] == reverse("household_detail", args=[assignment.household.public_id])
    need = HousingNeed.objects.get(household=assignment.household)
    assert need.house_by == assignment.latest_reception_date and need.wishes == ["SCHOOL", "SFI"]


def test_an_override_without_reason_is_an_error_at_the_reason(client, hanna, need):
    client.force_login(hanna)
    url = reverse("household_housing_need", args=[need.household.public_id])
    response = client.post(url, {"reason": "ASSIGNMENT", "bedrooms_override": "3"})
    assert response.status_code == 200
    assert response.context["form"].errors["bedrooms_override_reason"] == [
        "Ange skäl när antalet sovrum avviker från normen."
    ]
    need.refresh_from_db()
    assert need.bedrooms_override is None


def test_closing_a_need_needs_a_reason(client, hanna, need):
    client.force_login(hanna)
    url = reverse("household_housing_need_close", args=[need.household.public_id])
    response = client.post(url, {"avsluta-note": ""})
    assert response.context["close_form"].errors["note"] == ["Ange varför bostadsbehovet avslutas."]
    client.post(url, {"avsluta-note": "Har ordnat eget boende"})
    need.refresh_from_db()
    assert need.status == HousingNeed.Status.CLOSED


def _contract_post(unit, **overrides):
    return {"unit": unit.pk, "kind": "FIRST_HAND", "payer": "HOUSEHOLD", **overrides}


def test_a_new_contract_keeps_the_36_month_limit_at_the_field(client, hanna, need, flat, today):
    client.force_login(hanna)
    url = reverse("household_contract_create", args=[need.household.public_id])
    assert flat.address_street in client.get(url).content.decode()  # a free home to choose
    too_long = (today + dt.timedelta(days=4 * 365)).isoformat()
    response = client.post(
        url, _contract_post(flat, kind="ESTABLISHMENT", start_date=today.isoformat(), end_date=too_long)
    )
    assert response.status_code == 200
    assert "högst 36 månader" in response.context["form"].errors["end_date"][0]
    assert not Contract.objects.filter(household=need.household).exists()


def test_a_home_taken_in_the_period_is_an_error_at_the_home(client, hanna, need, nykoping, today):
    unit = HousingUnitFactory(municipality=nykoping, reference="UPPTAGEN-1")
    other = HouseholdFactory.with_members([44], municipality=nykoping, name="Hushållet Före")
    services.set_housing_need(actor=hanna, household=other)
    services.create_contract(
        actor=hanna,
        household=other,
        unit=unit,
        kind=Contract.Kind.TEMPORARY,
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=20),
        payer=Contract.Payer.HOUSEHOLD,
        sign=True,
    )
    client.force_login(hanna)
    url = reverse("household_contract_create", args=[need.household.public_id])
    response = client.post(url, _contract_post(unit, start_date=today.isoformat()))  # free only in 21 days
    assert "redan upptagen" in response.context["form"].errors["unit"][0]


def test_draft_sign_and_end_a_contract(client, hanna, alice, need, flat, today):
    client.force_login(hanna)
    url = reverse("household_contract_create", args=[need.household.public_id])
    response = client.post(url, _contract_post(flat, start_date=today.isoformat()))
    contract = Contract.objects.get(household=need.household)
    assert response["Location"] == reverse("housing_contract_detail", args=[contract.public_id])
    assert contract.status == Contract.Status.DRAFT
    client.post(reverse("housing_contract_sign", args=[contract.public_id]))
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ACTIVE
    # Housed for good, the household has no open need: the reception unit (not the housing unit) still sees it.
    client.force_login(alice)
    end = reverse("housing_contract_end", args=[contract.public_id])
    response = client.post(end, {"avsluta-end_date": today.isoformat(), "avsluta-end_reason": "OTHER"})
    assert response.context["end_form"].errors["end_note"] == ["Beskriv skälet."]
    client.post(end, {"avsluta-end_date": today.isoformat(), "avsluta-end_reason": "MOVED_AWAY"})
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ENDED and contract.end_reason == "MOVED_AWAY"


def test_cancelling_a_draft_needs_a_reason(client, hanna, need, flat, today):
    contract = services.create_contract(
        actor=hanna,
        household=need.household,
        unit=flat,
        kind="FIRST_HAND",
        start_date=today,
        payer="HOUSEHOLD",
    )
    client.force_login(hanna)
    url = reverse("housing_contract_cancel", args=[contract.public_id])
    response = client.post(url, {"makulera-end_note": ""})
    assert response.context["cancel_form"].errors["end_note"] == ["Ange varför utkastet makuleras."]
    client.post(url, {"makulera-end_note": "Tackade nej"})
    contract.refresh_from_db()
    assert contract.status == Contract.Status.CANCELLED


def test_the_household_page_has_a_housing_section_for_housing_staff_only(client, alice, bob, hanna, received):
    url = reverse("household_detail", args=[received.household.public_id])
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert 'id="housing-heading"' in page
    assert reverse("household_housing_need", args=[received.household.public_id]) in page
    client.force_login(bob)
    page = client.get(url).content.decode()
    assert 'id="housing-heading"' not in page


def test_the_housing_pages_read_in_english(client, settings, hanna, need, hidden):
    client.force_login(hanna)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("housing_queue")).content.decode()
    assert "<h1>Housing queue</h1>" in page and "Protected address" in page and "2 bedrooms" in page
    page = client.get(reverse("housing_temporary")).content.decode()
    assert "Households by housing status over time" in page
