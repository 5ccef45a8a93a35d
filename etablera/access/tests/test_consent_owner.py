"""Issue #9, finding 3a: a consent that opens a section is registered by the unit that owns the section.

Before, bob (SFI) could register a consent naming SFI for the SOCIAL section and then read social-services notes:
consent was self-granted. Now a consent for SOCIAL, SCHOOL or HEALTH is refused unless the one who registers it
works in the unit that owns that section in the person's municipality (social services, school, region); a
consent for the basic data alone stays open to anyone who sees the person.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access import services as access_services
from etablera.access.models import Consent
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.testing.api_client import ApiClient, messages
from etablera.testing.factories import UnitFactory, UserFactory

REFUSED = {
    Section.SOCIAL: "Samtycke som gäller socialtjänstens uppgifter kan bara registreras av socialtjänsten "
    "i personens kommun.",
    Section.SCHOOL: "Samtycke som gäller skolans uppgifter kan bara registreras av skolan i personens kommun.",
    Section.HEALTH: "Samtycke som gäller uppgifter om hälsa kan bara registreras av regionens hälso- och "
    "sjukvård i personens kommun.",
}
OWNER_FUNCTION = {
    Section.SOCIAL: Unit.Function.SOCIAL_SERVICES,
    Section.SCHOOL: Unit.Function.SCHOOL,
    Section.HEALTH: Unit.Function.REGION,
}
SECRET = {
    Section.SOCIAL: "Försörjningsstöd beviljat, utredning om boendestöd pågår",
    Section.SCHOOL: "Elevhälsan följer upp frånvaron varje vecka",
    Section.HEALTH: "Remiss till traumamottagningen skickad",
}


@pytest.fixture
def region(nykoping, units):
    return UnitFactory(
        municipality=nykoping, name="Region Sörmland, vårdcentralen", function=Unit.Function.REGION
    )


@pytest.fixture
def received(alice, family, region, today):
    """Received with a region unit, so each owning unit has tasks in the household and sees its members."""
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-OWNER-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=family,
    )
    return services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=5)
    )


@pytest.fixture
def adult(received):
    return received.household.members.order_by("birth_date", "pk").first()


def owner_of(section, units, region):
    unit = region if section == Section.HEALTH else units[OWNER_FUNCTION[section]]
    return UserFactory.with_role(f"agare-{section.lower()}", unit, first_name="Ägare")


def form_data(unit, today, sections) -> dict:
    return {
        "samtycke-units": [unit.pk],
        "samtycke-sections": list(sections),
        "samtycke-purpose": "Samordna SFI med andra insatser",
        "samtycke-given_date": today.isoformat(),
        "samtycke-given_by": "PERSON",
        "samtycke-method": "WRITTEN",
    }


def api_body(unit, today, sections) -> dict:
    return {
        "units": [unit.pk],
        "sections": list(sections),
        "purpose": "Samordna SFI med andra insatser",
        "given_date": today.isoformat(),
        "method": "WRITTEN",
    }


def field_error(page: str, field: str) -> str:
    start = page.index(f'id="id_samtycke-{field}_error"')
    return page[start : page.index("</p>", start)]


def bob_reads(client, bob, adult) -> str:
    """Everything bob is shown of the person: the page and the notes through the API."""
    client.force_login(bob)
    page = client.get(reverse("person_detail", args=[adult.public_id])).content.decode()
    return page + ApiClient(bob).get(f"/persons/{adult.public_id}/notes").content.decode()


@pytest.mark.parametrize("section", [Section.SOCIAL, Section.SCHOOL, Section.HEALTH])
@pytest.mark.parametrize("channel", ["page", "api"])
def test_a_section_consent_is_refused_unless_the_owning_unit_registers_it(
    client, alice, bob, units, region, adult, today, section, channel
):
    owner = owner_of(section, units, region)
    sfi = units[Unit.Function.SFI]
    access_services.add_note(actor=owner, person=adult, section=section, text=SECRET[section])
    assert SECRET[section] not in bob_reads(client, bob, adult)

    # bob names his own unit (the probe's self-granted consent), alice names SFI for him: both refused.
    for actor in (bob, alice):
        if channel == "page":
            client.force_login(actor)
            response = client.post(
                reverse("consent_create", args=[adult.public_id]), form_data(sfi, today, ["BASIC", section])
            )
            assert response.status_code == 200
            assert REFUSED[section] in field_error(response.content.decode(), "sections")
        else:
            response = ApiClient(actor).post(
                f"/persons/{adult.public_id}/consents", api_body(sfi, today, ["BASIC", section])
            )
            assert response.status_code == 422
            assert messages(response) == {("body", "sections"): REFUSED[section]}
        assert not Consent.objects.exists()
        assert SECRET[section] not in bob_reads(client, bob, adult)

    # The owning unit registers the same consent: bob reads the section from then on.
    if channel == "page":
        client.force_login(owner)
        response = client.post(
            reverse("consent_create", args=[adult.public_id]), form_data(sfi, today, ["BASIC", section])
        )
        assert response.status_code == 302
    else:
        response = ApiClient(owner).post(
            f"/persons/{adult.public_id}/consents", api_body(sfi, today, ["BASIC", section])
        )
        assert response.status_code == 201, response.content
        assert response.json()["sections"] == sorted(["BASIC", section])
    consent = Consent.objects.get()
    assert consent.recorded_by == owner and list(consent.units.all()) == [sfi]
    assert SECRET[section] in bob_reads(client, bob, adult)


def test_the_owner_of_one_section_cannot_open_another(sigrid, bob, units, adult, today):
    """Social services own SOCIAL, not SCHOOL or HEALTH: each refused section is named at the field."""
    response = ApiClient(sigrid).post(
        f"/persons/{adult.public_id}/consents",
        api_body(units[Unit.Function.SFI], today, ["SOCIAL", "SCHOOL", "HEALTH"]),
    )
    assert response.status_code == 422
    assert [item["msg"] for item in response.json()["detail"]] == [
        REFUSED[Section.SCHOOL],
        REFUSED[Section.HEALTH],
    ]
    assert not Consent.objects.exists()


def test_an_administrator_outside_the_owning_unit_is_refused_too(carol, units, adult, today):
    with pytest.raises(access_services.ValidationError) as error:
        access_services.record_consent(
            actor=carol,
            person=adult,
            units=[units[Unit.Function.SFI]],
            sections=[Section.SOCIAL],
            purpose="Samordning",
            given_date=today,
            method="WRITTEN",
        )
    assert error.value.message_dict["sections"] == [REFUSED[Section.SOCIAL]]
    assert not Consent.objects.exists()


@pytest.mark.parametrize("channel", ["page", "api"])
def test_a_consent_for_the_basic_data_alone_is_registered_as_before(
    client, bob, units, adult, today, channel
):
    sfi = units[Unit.Function.SFI]
    if channel == "page":
        client.force_login(bob)
        response = client.post(
            reverse("consent_create", args=[adult.public_id]), form_data(sfi, today, ["BASIC"])
        )
        assert response.status_code == 302
    else:
        response = ApiClient(bob).post(
            f"/persons/{adult.public_id}/consents", api_body(sfi, today, ["BASIC"])
        )
        assert response.status_code == 201
    consent = Consent.objects.get()
    assert consent.sections == ["BASIC"] and consent.recorded_by == bob
