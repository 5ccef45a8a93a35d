"""The pages that keep a person's register data true (issue #11), per role: alice (reception) and carol
(administrator) edit; bob (SFI, involved in the family) sees the person but may not edit (403); charlie (another
municipality) gets 404; stina (statistics) is sent to the overview. A protected person's address is in no form or
page here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.people.models import FormerIdentityNumber, Person, ProtectedIdentity, ResidencePermitDecision
from etablera.people.services import change_identity_number
from etablera.testing.factories import HouseholdFactory, personnummer


@pytest.fixture
def person(received) -> Person:
    return received.household.members.order_by("birth_date", "pk").first()


def _url(name, person) -> str:
    return reverse(name, args=[person.public_id])


def _details(person, **changes) -> dict:
    data = {
        "person-first_name": person.first_name,
        "person-last_name": person.last_name,
        "person-sex": person.sex,
        "person-version": person.updated_at.isoformat(),
    }
    data.update({f"person-{key}": value for key, value in changes.items()})
    return data


def test_the_person_page_links_to_the_edit_page_for_those_who_may_edit(client, alice, bob, person):
    client.force_login(alice)
    page = client.get(_url("person_detail", person)).content.decode()
    assert _url("person_edit", person) in page and _url("person_register", person) in page
    client.force_login(bob)
    page = client.get(_url("person_detail", person)).content.decode()
    assert _url("person_edit", person) not in page and _url("person_register", person) in page


def test_alice_edits_a_person_and_the_page_shows_it(client, alice, person):
    client.force_login(alice)
    page = client.get(_url("person_edit", person)).content.decode()
    assert f'value="{person.first_name}"' in page
    response = client.post(
        _url("person_edit", person),
        _details(person, phone="0701234567", email="amal@exempel.se", citizenship="Syrien"),
    )
    assert response.status_code == 302 and response["Location"] == _url("person_detail", person)
    page = client.get(_url("person_detail", person)).content.decode()
    assert "070-123 45 67" in page and "amal@exempel.se" in page and "Syrien" in page
    assert AuditEvent.objects.filter(
        person_public_id=person.public_id, summary__startswith="Personuppgifter"
    ).exists()


def test_errors_are_shown_at_their_fields_and_nothing_is_saved(client, alice, person):
    client.force_login(alice)
    response = client.post(
        _url("person_edit", person), _details(person, first_name="", phone="123", email="x@")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_person-first_name_error"' in page and "Ange förnamn." in page
    assert 'id="id_person-phone_error"' in page and "Telefonnumret finns inte" in page
    assert 'id="id_person-email_error"' in page
    assert Person.objects.get(pk=person.pk).first_name == person.first_name


def test_an_edit_from_a_stale_form_is_refused_with_a_message(client, alice, carol, person):
    stale = _details(person, citizenship="Irak")
    client.force_login(carol)
    assert client.post(_url("person_edit", person), _details(person, citizenship="Syrien")).status_code == 302
    client.force_login(alice)
    response = client.post(_url("person_edit", person), stale, follow=True)
    assert "Någon annan har ändrat personens uppgifter" in response.content.decode()
    assert Person.objects.get(pk=person.pk).citizenship == "Syrien"


@pytest.mark.parametrize("name", ["person_edit", "person_register"])
def test_who_gets_what_on_the_pages(client, alice, carol, bob, charlie, stina, person, name):
    expected = {
        alice: 200,
        carol: 200,
        bob: 403 if name == "person_edit" else 200,
        charlie: 404,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(_url(name, person)).status_code == status, user
    client.force_login(stina)
    assert client.get(_url(name, person))["Location"] == reverse("overview")


def test_bob_and_charlie_cannot_change_anything(client, bob, charlie, person, today):
    posts = {
        "person_edit": _details(person, first_name="Ändrad"),
        "person_address_set": {
            "ny-adress-street": "Väg 1",
            "ny-adress-postal_code": "61130",
            "ny-adress-city": "By",
        },
        "person_protection": {"skydd-level": "CONFIDENTIALITY_MARKING"},
        "person_identity_number": {
            "nummer-identity_number_type": "PERSONNUMMER",
            "nummer-identity_number": personnummer(person.birth_date, serial=501),
        },
        "person_residence_permit": {"tillstand-kind": "PERMANENT", "tillstand-decided_on": today.isoformat()},
    }
    for user, status in ((bob, 403), (charlie, 404)):
        client.force_login(user)
        for name, data in posts.items():
            assert client.post(_url(name, person), data).status_code == status, (user, name)
    person.refresh_from_db()
    assert person.first_name != "Ändrad" and not person.is_protected and person.identity_number == ""
    assert not ResidencePermitDecision.objects.exists()


def test_a_protected_address_is_in_no_form_or_page(client, alice, person):
    Person.objects.filter(pk=person.pk).update(
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION,
        address_street="Skyddsstigen 13",
        address_postal_code="611 99",
        address_city="Hemligby",
    )
    person.refresh_from_db()
    client.force_login(alice)
    for name in ("person_edit", "person_register", "person_detail"):
        page = client.get(_url(name, person)).content.decode()
        assert "Skyddsstigen" not in page and "Hemligby" not in page and "611 99" not in page, name
    assert "den nuvarande adressen visas inte" in client.get(_url("person_edit", person)).content.decode()
    # A new address is written without being shown back, and the old is replaced whole.
    data = {
        "ny-adress-street": "Nya skyddet 2",
        "ny-adress-postal_code": "61130",
        "ny-adress-city": "Nyköping",
    }
    response = client.post(_url("person_address_set", person), data, follow=True)
    page = response.content.decode()
    assert "Adressen är sparad." in page and "Nya skyddet" not in page
    assert Person.objects.get(pk=person.pk).address_street == "Nya skyddet 2"
    # A refused address shows back only what the user typed, never the stored one.
    data["ny-adress-postal_code"] = "1"
    page = client.post(_url("person_address_set", person), data).content.decode()
    assert "Postnumret ska ha fem siffror" in page and "Nya skyddet 2" in page  # the typed value


def test_protection_is_set_and_lifted_with_a_reason_from_the_edit_page(client, alice, person):
    client.force_login(alice)
    response = client.post(_url("person_protection", person), {"skydd-level": "CONFIDENTIALITY_MARKING"})
    assert response.status_code == 302
    page = client.post(
        _url("person_protection", person), {"skydd-level": "NONE", "skydd-reason": "kort"}
    ).content.decode()
    assert "Ange skälet till att skyddet hävs (minst 15 tecken)." in page
    assert Person.objects.get(pk=person.pk).is_protected
    data = {"skydd-level": "NONE", "skydd-reason": "Skatteverket har hävt sekretessmarkeringen"}
    assert client.post(_url("person_protection", person), data).status_code == 302
    assert not Person.objects.get(pk=person.pk).is_protected


def test_the_identity_page_changes_the_number_and_keeps_the_history_masked(client, alice, person):
    client.force_login(alice)
    number = personnummer(person.birth_date, serial=502)
    data = {"nummer-identity_number_type": "DOSSIERNUMMER", "nummer-identity_number": "12-345678"}
    assert client.post(_url("person_identity_number", person), data).status_code == 302
    data = {"nummer-identity_number_type": "PERSONNUMMER", "nummer-identity_number": number}
    response = client.post(_url("person_identity_number", person), data, follow=True)
    page = response.content.decode()
    assert "Identitetsnumret är ändrat" in page
    assert f"{number[:8]}-****" in page and "12-345678" in page and number not in page
    assert "Tidigare" in page and "Nuvarande" in page
    page = client.post(_url("person_register", person), {"visa": str(person.public_id)}).content.decode()
    assert f"{number[:8]}-{number[8:]}" in page
    assert AuditEvent.objects.filter(summary__startswith="Visade fullständiga identitetsnummer").exists()
    assert FormerIdentityNumber.objects.filter(person=person, number="12-345678").exists()


def test_a_duplicate_number_is_refused_at_the_field_and_offered_only_to_who_sees_the_holder(
    client, alice, nykoping, enkoping, person
):
    client.force_login(alice)
    holder = HouseholdFactory.with_members(
        [30], municipality=nykoping, name="Familjen Tvilling"
    ).members.get()
    number = personnummer(person.birth_date, serial=503)
    Person.objects.filter(pk=holder.pk).update(
        identity_number_type="PERSONNUMMER", identity_number=number, birth_date=person.birth_date
    )
    data = {"nummer-identity_number_type": "PERSONNUMMER", "nummer-identity_number": number}
    page = client.post(_url("person_identity_number", person), data).content.decode()
    assert 'id="id_nummer-identity_number_error"' in page and "Numret tillhör redan en annan person" in page
    assert "Möjlig dubblett" in page and _url("person_detail", holder) in page
    # A holder in another municipality (whom alice cannot see) is not named, nor linked.
    Person.objects.filter(pk=holder.pk).update(municipality=enkoping)
    page = client.post(_url("person_identity_number", person), data).content.decode()
    assert "Numret tillhör redan en annan person" in page
    assert (
        "Möjlig dubblett" not in page and str(holder.public_id) not in page and holder.full_name not in page
    )


def test_residence_permits_are_recorded_and_listed_newest_first(client, alice, person, today):
    client.force_login(alice)
    data = {
        "tillstand-kind": "TEMPORARY",
        "tillstand-decided_on": (today - dt.timedelta(days=500)).isoformat(),
        "tillstand-valid_until": (today - dt.timedelta(days=100)).isoformat(),
    }
    assert client.post(_url("person_residence_permit", person), data).status_code == 302
    data = {
        "tillstand-kind": "PERMANENT",
        "tillstand-decided_on": (today - dt.timedelta(days=90)).isoformat(),
    }
    page = client.post(_url("person_residence_permit", person), data, follow=True).content.decode()
    assert page.index("Permanent uppehållstillstånd (PUT)") < page.index(
        "Tidsbegränsat uppehållstillstånd (TUT)"
    )
    page = client.post(
        _url("person_residence_permit", person), {"tillstand-kind": "TEMPORARY", "tillstand-decided_on": ""}
    ).content.decode()
    assert 'id="id_tillstand-decided_on_error"' in page and "Ange beslutsdatum." in page
    assert 'id="id_tillstand-valid_until_error"' in page
    page = client.get(_url("person_detail", person)).content.decode()
    assert "Permanent uppehållstillstånd (PUT)" in page


def test_a_former_number_found_by_the_search_gives_the_person(alice, person):
    from etablera.people.selectors import search_persons

    change_identity_number(actor=alice, person=person, number_type="DOSSIERNUMMER", number="55-123456")
    change_identity_number(
        actor=alice,
        person=person,
        number_type="PERSONNUMMER",
        number=personnummer(person.birth_date, serial=504),
    )
    assert search_persons(alice, "55-123456") == [person]
