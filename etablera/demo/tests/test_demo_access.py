"""What the demo shows of issue #3: addresses (one household's protected), a consent, a social-services note and
a unit manager authorised to see protected addresses; the administrator authorised to produce register extracts."""

import pytest
from django.urls import reverse

from etablera.access.models import Consent
from etablera.access.policy import may_view_protected_address, restrict, visible_sections
from etablera.access.sections import Section
from etablera.organisation.models import User
from etablera.people.models import Note, Person


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module's tests (testing.fixtures.demo_for_the_module), each test rolled back."""


def test_received_households_have_addresses_and_the_protected_one_is_masked(demo, client):
    received = Person.objects.filter(household_memberships__household__assignments__status="RECEIVED")
    assert received.exists() and not received.filter(address_street="").exists()
    assert not Person.objects.filter(
        household_memberships__household__assignments__status="ASSIGNED"
    ).exclude(address_street="")
    dara = Person.objects.get(first_name="Dara")
    client.force_login(User.objects.get(username="handlaggare"))
    page = client.get(reverse("household_detail", args=[dara.households.get().public_id])).content.decode()
    assert dara.address_street not in page and "Skyddad adress" in page
    manager = User.objects.get(username="enhetschef")
    assert may_view_protected_address(manager, dara)
    assert not may_view_protected_address(User.objects.get(username="handlaggare"), dara)


def test_sfi_sees_serkan_through_his_written_consent(demo):
    consent = Consent.objects.get(document_reference="DEMO-SAMTYCKE-001")
    assert consent.method == Consent.Method.WRITTEN and consent.person.first_name == "Serkan"
    assert [unit.name for unit in consent.units.all()] == ["SFI"]
    sfi = User.objects.get(username="sfi")
    assert restrict(sfi, Person.objects.filter(pk=consent.person_id)).exists()
    others = consent.person.households.get().members.exclude(pk=consent.person_id)
    assert not restrict(sfi, others).exists()


def test_the_social_services_note_is_for_social_services(demo):
    note = Note.objects.get()
    assert note.section == Section.SOCIAL and note.unit.name == "Socialtjänsten"
    assert Section.SOCIAL in visible_sections(User.objects.get(username="soc"), [note.person])[note.person_id]
    assert (
        Section.SOCIAL
        not in visible_sections(User.objects.get(username="sfi"), [note.person])[note.person_id]
    )


def test_the_administrator_produces_register_extracts_and_the_unit_manager_does_not(demo, client):
    dara = Person.objects.get(first_name="Dara")
    url = reverse("register_extract", args=[dara.public_id])
    client.force_login(User.objects.get(username="enhetschef"))
    assert client.get(url).status_code == 403
    client.force_login(User.objects.get(username="admin"))
    page = client.get(url).content.decode()
    assert 'name="utdrag-reason"' in page and dara.address_street not in page
    response = client.post(url, {"utdrag-reason": "Begäran från Dara, dnr 2026/5", "format": "json"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert dara.address_street in response.content.decode()
