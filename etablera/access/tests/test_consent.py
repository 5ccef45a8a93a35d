"""Consent: sharing follows it at once, through the pages and the API alike.

bob works in Nyköping's SFI unit. He sees a household only while SFI owns a task in its open reception case, or a
person whose consent names SFI — and then that person only, not the rest of the household.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from etablera.access import services as access_services
from etablera.access.models import AuditEvent, Consent
from etablera.access.policy import Basis
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.reception import services
from etablera.reception.models import CaseEvent, ReceptionCase, Task
from etablera.testing.api_client import ApiClient
from etablera.testing.factories import HouseholdFactory


@pytest.fixture
def quiet(nykoping):
    """Not received yet: no reception case, so SFI has no task for anyone in it."""
    return HouseholdFactory.with_members([45, 43, 12], municipality=nykoping, name="Familjen Tyst")


@pytest.fixture
def members(quiet):
    return list(quiet.members.order_by("birth_date", "pk"))  # the two adults, then the child


@pytest.fixture
def received(alice, family, today):
    assignment = services.create_assignment(
        actor=alice,
        municipality=family.municipality,
        reference="MIG-CONSENT-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=today - dt.timedelta(days=20),
        household=family,
    )
    return services.receive_household(
        actor=alice, assignment=assignment, arrival_date=today - dt.timedelta(days=5)
    )


def person_url(person) -> str:
    return reverse("person_detail", args=[person.public_id])


def household_url(household) -> str:
    return reverse("household_detail", args=[household.public_id])


def record(actor, person, units, today, **kwargs) -> Consent:
    values = {
        "sections": [Section.BASIC],
        "purpose": "Planera SFI-start",
        "given_date": today,
        "method": "WRITTEN",
    }
    values.update(kwargs)
    return access_services.record_consent(actor=actor, person=person, units=units, **values)


def form_data(unit, today, **overrides) -> dict:
    data = {
        "samtycke-units": [unit.pk],
        "samtycke-sections": ["BASIC"],
        "samtycke-purpose": "Planera SFI-start",
        "samtycke-given_date": today.isoformat(),
        "samtycke-given_by": "PERSON",
        "samtycke-method": "WRITTEN",
        "samtycke-document_reference": "DNR 2026/1",
    }
    data.update({f"samtycke-{key}": value for key, value in overrides.items()})
    return data


def test_a_consent_lets_bob_see_that_person_but_not_the_rest_of_the_household(
    client, alice, bob, units, quiet, members, today
):
    adult, partner, child = members
    bob_api = ApiClient(bob)
    client.force_login(bob)
    assert client.get(person_url(adult)).status_code == 404
    assert bob_api.get(f"/persons/{adult.public_id}").status_code == 404
    assert client.get(household_url(quiet)).status_code == 404

    client.force_login(alice)
    response = client.post(
        reverse("consent_create", args=[adult.public_id]), form_data(units[Unit.Function.SFI], today)
    )
    assert response.status_code == 302
    consent = adult.consents.get()
    assert consent.recorded_by == alice and consent.document_reference == "DNR 2026/1"

    client.force_login(bob)
    page = client.get(person_url(adult)).content.decode()
    assert adult.full_name in page
    assert bob_api.get(f"/persons/{adult.public_id}").status_code == 200
    read = AuditEvent.objects.filter(actor=bob, person_public_id=adult.public_id, summary="Persondetaljer")
    assert set(read.values_list("basis", flat=True)) == {Basis.CONSENT}
    # Not the others: not their pages, not on the household page, not through the API.
    for other in (partner, child):
        assert client.get(person_url(other)).status_code == 404
        assert bob_api.get(f"/persons/{other.public_id}").status_code == 404
    page = client.get(household_url(quiet)).content.decode()
    assert adult.full_name in page
    assert partner.full_name not in page and child.full_name not in page
    assert "2 personer till i hushållet visas inte för dig." in page
    members_in_api = bob_api.get(f"/households/{quiet.public_id}").json()["members"]
    assert [m["person"]["public_id"] for m in members_in_api] == [str(adult.public_id)]


def test_withdrawing_the_consent_cuts_bobs_access_at_once(client, alice, bob, units, members, today):
    adult = members[0]
    consent = record(alice, adult, [units[Unit.Function.SFI]], today)
    bob_api = ApiClient(bob)
    client.force_login(bob)
    assert client.get(person_url(adult)).status_code == 200
    assert bob_api.get(f"/persons/{adult.public_id}").status_code == 200

    client.force_login(alice)
    response = client.post(
        reverse("consent_withdraw", args=[adult.public_id, consent.public_id]),
        {f"aterkalla-{consent.public_id.hex[:12]}-note": "Personen ringde och tog tillbaka samtycket"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_date == today
    assert consent.withdrawn_note == "Personen ringde och tog tillbaka samtycket"

    # The very next request: 404, on the page and in the API.
    client.force_login(bob)
    assert client.get(person_url(adult)).status_code == 404
    assert bob_api.get(f"/persons/{adult.public_id}").status_code == 404
    assert AuditEvent.objects.filter(actor=alice, summary="Samtycke återkallat").exists()


def test_bob_withdrawing_the_consent_he_sees_through_loses_the_person_at_once(
    client, alice, bob, units, members, today
):
    adult = members[0]
    consent = record(alice, adult, [units[Unit.Function.SFI]], today)
    client.force_login(bob)
    response = client.post(
        reverse("consent_withdraw", args=[adult.public_id, consent.public_id]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("household_search")
    assert "Du har inte längre tillgång till personen." in response.content.decode()
    assert client.get(person_url(adult)).status_code == 404


def test_an_expired_consent_gives_no_access(client, alice, bob, units, members, today):
    adult = members[0]
    record(
        alice,
        adult,
        [units[Unit.Function.SFI]],
        today,
        given_date=today - dt.timedelta(days=30),
        valid_until=today - dt.timedelta(days=1),
    )
    client.force_login(bob)
    assert client.get(person_url(adult)).status_code == 404
    assert ApiClient(bob).get(f"/persons/{adult.public_id}").status_code == 404
    client.force_login(alice)
    assert "Har upphört" in client.get(person_url(adult)).content.decode()


def test_a_consent_for_another_unit_gives_bob_nothing(client, alice, bob, units, members, today):
    adult = members[0]
    record(alice, adult, [units[Unit.Function.SCHOOL]], today)
    client.force_login(bob)
    assert client.get(person_url(adult)).status_code == 404


def test_a_consent_for_social_services_data_lets_bob_read_those_notes(
    client, alice, bob, sigrid, units, received, today
):
    adult = received.household.members.order_by("birth_date", "pk").first()
    access_services.add_note(
        actor=sigrid, person=adult, section=Section.SOCIAL, text="Försörjningsstöd beviljat för november"
    )
    access_services.add_note(actor=alice, person=adult, section=Section.BASIC, text="Bokat informationsmöte")
    bob_api = ApiClient(bob)
    client.force_login(bob)
    # Involved through SFI's tasks, bob sees the person and the basic notes, not the social-services ones.
    page = client.get(person_url(adult)).content.decode()
    assert "Bokat informationsmöte" in page
    assert "Försörjningsstöd beviljat" not in page
    assert "<h3>Socialtjänst (försörjningsstöd, utredningar)</h3>" not in page
    assert "Försörjningsstöd beviljat" not in client.get(household_url(received.household)).content.decode()
    assert [n["section"] for n in bob_api.get(f"/persons/{adult.public_id}/notes").json()] == ["BASIC"]

    # Registered by social services, who own the section (issue #9: no unit opens another's section itself).
    consent = record(
        sigrid, adult, [units[Unit.Function.SFI]], today, sections=[Section.BASIC, Section.SOCIAL]
    )
    page = client.get(person_url(adult)).content.decode()
    assert "Försörjningsstöd beviljat för november" in page
    assert (
        "Försörjningsstöd beviljat för november"
        in client.get(household_url(received.household)).content.decode()
    )
    assert {n["section"] for n in bob_api.get(f"/persons/{adult.public_id}/notes").json()} == {
        "BASIC",
        "SOCIAL",
    }

    access_services.withdraw_consent(actor=alice, consent=consent)
    assert "Försörjningsstöd beviljat" not in client.get(person_url(adult)).content.decode()


def test_a_childs_consent_is_given_by_a_guardian(client, alice, units, members, today):
    child = members[2]
    url = reverse("consent_create", args=[child.public_id])
    client.force_login(alice)
    response = client.post(url, form_data(units[Unit.Function.SFI], today))
    page = response.content.decode()
    assert response.status_code == 200
    field = page[page.index('id="id_samtycke-given_by_error"') :]
    assert field.split("</p>")[0].endswith("För ett barn lämnas samtycket av vårdnadshavare eller god man. ")
    assert not Consent.objects.exists()

    response = client.post(url, form_data(units[Unit.Function.SFI], today, given_by="GUARDIAN"))
    assert "Ange namnet på vårdnadshavaren eller den gode mannen." in response.content.decode()
    assert not Consent.objects.exists()

    response = client.post(
        url, form_data(units[Unit.Function.SFI], today, given_by="GUARDIAN", guardian_name="Amal Testsson")
    )
    assert response.status_code == 302
    consent = child.consents.get()
    assert consent.given_by == Consent.GivenBy.GUARDIAN and consent.guardian_name == "Amal Testsson"


def test_a_consent_can_name_only_units_of_the_persons_municipality(alice, members, enkoping_reception, today):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        record(alice, members[0], [enkoping_reception], today)
    assert error.value.message_dict["units"] == ["Samtycket kan bara gälla enheter i personens kommun."]


# --- involvement ends with the reception case ------------------------------------------------------------------


def test_involvement_ends_when_the_reception_case_is_closed(client, bob, received):
    adult = received.household.members.order_by("birth_date", "pk").first()
    client.force_login(bob)
    assert client.get(household_url(received.household)).status_code == 200
    assert client.get(person_url(adult)).status_code == 200
    ReceptionCase.objects.filter(pk=received.pk).update(status=ReceptionCase.Status.CLOSED)
    assert client.get(household_url(received.household)).status_code == 404
    assert client.get(person_url(adult)).status_code == 404
    assert ApiClient(bob).get(f"/households/{received.household.public_id}").status_code == 404


def test_closing_the_case_needs_every_task_finished_and_then_ends_bobs_access(
    client, alice, bob, received, today
):
    household = received.household
    close = reverse("household_close_case", args=[household.public_id])
    client.force_login(alice)
    assert "Avsluta mottagandet" in client.get(household_url(household)).content.decode()
    response = client.post(close, follow=True)
    assert "Alla uppgifter måste vara klara eller markerade ej aktuella" in response.content.decode()
    received.refresh_from_db()
    assert received.status == ReceptionCase.Status.OPEN

    # Only reception staff may close: bob sees the household but may not.
    client.force_login(bob)
    assert "Avsluta mottagandet" not in client.get(household_url(household)).content.decode()
    for task in Task.objects.filter(case=received, status=Task.Status.OPEN):
        services.mark_not_applicable(actor=alice, task=task, reason="Flyttat från kommunen")
    assert client.post(close).status_code == 403

    client.force_login(alice)
    assert client.post(close).status_code == 302
    received.refresh_from_db()
    assert received.status == ReceptionCase.Status.CLOSED and received.closed_date == today
    assert CaseEvent.objects.filter(household=household, text=f"Mottagandet avslutat {today}").exists()
    assert AuditEvent.objects.filter(
        actor=alice, household_public_id=household.public_id, summary=f"Mottagandet avslutat {today}"
    ).exists()
    client.force_login(bob)
    assert client.get(household_url(household)).status_code == 404
