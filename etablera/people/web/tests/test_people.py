"""The person page: basic data, households, masked identity number, consents with their status, notes; and the
household page linking to it."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from etablera.access import services as access_services
from etablera.access.models import AuditEvent
from etablera.access.policy import Basis
from etablera.access.sections import Section
from etablera.organisation.models import Unit
from etablera.people.models import Person
from etablera.testing.factories import personnummer


def _adult(household) -> Person:
    return household.members.order_by("birth_date", "pk").first()


def _row(page: str, text: str) -> str:
    """The table row that holds `text`."""
    before, found, after = page.partition(text)
    assert found, text
    return before[before.rindex("<tr>") :] + text + after[: after.index("</tr>")]


def _url(person) -> str:
    return reverse("person_detail", args=[person.public_id])


def test_the_person_page_shows_the_basic_data_and_the_households(client, alice, received, today):
    person = _adult(received.household)
    Person.objects.filter(pk=person.pk).update(
        languages="arabiska, engelska",
        interpreter_language="arabiska",
        needs_interpreter=True,
        residence_permit=Person.ResidencePermit.TEMPORARY,
        residence_permit_date=today - dt.timedelta(days=60),
    )
    client.force_login(alice)
    response = client.get(_url(person))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{person.full_name}</h1>" in page
    assert "40 år" in page
    assert person.get_category_display() in page
    assert "arabiska, engelska" in page and "Behöver tolk: arabiska" in page
    assert "Tidsbegränsat uppehållstillstånd (TUT)" in page
    assert reverse("household_detail", args=[received.household.public_id]) in page
    assert "no-store" in response["Cache-Control"]
    read = AuditEvent.objects.get(actor=alice, person_public_id=person.public_id, summary="Persondetaljer")
    assert read.basis == Basis.RECEPTION and read.channel == AuditEvent.Channel.PAGE


def test_the_identity_number_is_masked_until_asked_for_and_the_asking_is_logged(client, alice, received):
    person = _adult(received.household)
    person.identity_number_type = Person.IdentityNumberType.PERSONNUMMER
    person.identity_number = personnummer(person.birth_date)
    person.save()
    full = person.identity_number_display
    client.force_login(alice)
    page = client.get(_url(person)).content.decode()
    assert person.identity_number_masked in page and full not in page
    page = client.post(_url(person), {"visa": str(person.public_id)}).content.decode()
    assert full in page
    assert AuditEvent.objects.filter(
        actor=alice, person_public_id=person.public_id, summary="Visade fullständigt identitetsnummer"
    ).exists()
    assert client.post(_url(person), {"visa": "någon annan"}).status_code == 404


def test_the_household_page_links_every_member_to_the_person_page(client, alice, received):
    client.force_login(alice)
    page = client.get(reverse("household_detail", args=[received.household.public_id])).content.decode()
    for person in received.household.members.all():
        assert f'<a href="{_url(person)}">{person.full_name}</a>' in page


def test_consents_are_listed_with_their_status(client, alice, received, units, today):
    person = _adult(received.household)
    sfi, school = units[Unit.Function.SFI], units[Unit.Function.SCHOOL]

    def consent(purpose, **kwargs):
        values = {
            "actor": alice,
            "person": person,
            "units": [sfi],
            "sections": [Section.BASIC],
            "purpose": purpose,
            "given_date": today - dt.timedelta(days=20),
            "method": "WRITTEN",
        }
        values.update(kwargs)
        return access_services.record_consent(**values)

    consent("Planera SFI-start", units=[sfi, school], document_reference="DNR 2026/17")
    consent("Gammalt syfte", valid_until=today - dt.timedelta(days=1))
    withdrawn = consent("Muntligt syfte", method="ORAL", method_note="Taget i telefon med tolk")
    access_services.withdraw_consent(actor=alice, consent=withdrawn, note="Ville inte längre")

    client.force_login(alice)
    page = client.get(_url(person)).content.decode()
    active = _row(page, "Planera SFI-start")
    assert "Gäller" in active
    assert "Mottagningsskolan, SFI" in active or "SFI, Mottagningsskolan" in active
    assert "DNR 2026/17" in active and "Grunduppgifter för mottagandet" in active
    assert "Har upphört" in _row(page, "Gammalt syfte")
    withdrawn_row = _row(page, "Muntligt syfte")
    assert "Återkallat" in withdrawn_row and "Ville inte längre" in withdrawn_row
    assert "Taget i telefon med tolk" in withdrawn_row
    # Only the consent in force can be withdrawn.
    assert page.count(">Återkalla<") == 1


def test_alice_records_a_consent_through_the_form(client, alice, received, units, today):
    person = _adult(received.household)
    sfi = units[Unit.Function.SFI]
    client.force_login(alice)
    page = client.get(_url(person)).content.decode()
    assert f'value="{sfi.pk}"' in page  # the municipality's units are offered as checkboxes
    response = client.post(
        reverse("consent_create", args=[person.public_id]),
        {
            "samtycke-units": [sfi.pk],
            "samtycke-sections": ["BASIC"],
            "samtycke-purpose": "Samordna SFI och försörjningsstöd",
            "samtycke-given_date": today.isoformat(),
            "samtycke-given_by": "PERSON",
            "samtycke-method": "ORAL",
            "samtycke-method_note": "",
        },
    )
    # An oral consent needs a note of who took it: shown at the field, nothing saved.
    assert response.status_code == 200
    assert "Anteckna vem som tog emot det muntliga samtycket och hur." in response.content.decode()
    assert not person.consents.exists()
    response = client.post(
        reverse("consent_create", args=[person.public_id]),
        {
            "samtycke-units": [sfi.pk],
            "samtycke-sections": ["BASIC"],
            "samtycke-purpose": "Samordna SFI och försörjningsstöd",
            "samtycke-given_date": today.isoformat(),
            "samtycke-given_by": "PERSON",
            "samtycke-method": "ORAL",
            "samtycke-method_note": "Lämnat vid besök, med tolk",
        },
    )
    assert response.status_code == 302
    consent = person.consents.get()
    assert list(consent.units.all()) == [sfi]
    assert consent.sections == ["BASIC"]
    assert consent.recorded_by == alice


def test_the_person_page_costs_a_fixed_number_of_queries(
    client, alice, sigrid, received, units, today, django_assert_max_num_queries
):
    person = _adult(received.household)
    other = list(received.household.members.order_by("birth_date", "pk"))[1]  # the other adult
    for number, someone in enumerate([person, person, person, person, other]):
        access_services.record_consent(
            actor=alice,
            person=someone,
            units=[units[Unit.Function.SFI], units[Unit.Function.SCHOOL]],
            sections=[Section.BASIC],
            purpose=f"Syfte {number}",
            given_date=today,
            method="WRITTEN",
        )
        access_services.add_note(
            actor=alice, person=someone, section=Section.BASIC, text=f"Anteckning {number}"
        )
    client.force_login(alice)

    def queries_for(someone) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(someone)).status_code == 200
        return len(captured.captured_queries)

    # Nothing grows with the number of consents or notes (four against one).
    assert queries_for(person) == queries_for(other)
    # Session, user, memberships, person, masked addresses, households, consents in force, break-glass, notes,
    # consents with units and recorder, the units of the municipality, the birth-date changes, the audit INSERT …:
    # a fixed list.
    with django_assert_max_num_queries(17):
        client.get(_url(person))


def test_outsiders_get_404_and_the_statistics_role_is_sent_to_the_overview(client, charlie, stina, received):
    person = _adult(received.household)
    client.force_login(charlie)
    assert client.get(_url(person)).status_code == 404
    assert not AuditEvent.objects.filter(actor=charlie, person_public_id=person.public_id).exists()
    client.force_login(stina)
    response = client.get(_url(person))
    assert response.status_code == 302 and response["Location"] == reverse("overview")


def test_withdrawing_twice_is_explained(client, alice, received, units, today):
    person = _adult(received.household)
    consent = access_services.record_consent(
        actor=alice,
        person=person,
        units=[units[Unit.Function.SFI]],
        sections=[Section.BASIC],
        purpose="Planera SFI-start",
        given_date=today,
        method="WRITTEN",
    )
    url = reverse("consent_withdraw", args=[person.public_id, consent.public_id])
    client.force_login(alice)
    assert client.post(url).status_code == 302
    # back to the consents as they are, with what happened (issue #9)
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0].endswith("#samtycken")
    assert f"Samtycket är redan återkallat från och med {today.isoformat()}." in response.content.decode()
