"""Registerutdrag as a registrar's act (issue #9, finding 2): a dedicated permission
(Membership.may_produce_register_extract), a stated reason or case reference, its own log entry, the complete file
for the data subject as a download — and no screen that shows what the file holds."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from etablera.access import pdf
from etablera.access.models import AuditEvent
from etablera.access.sections import Section
from etablera.access.tests.test_extract import pdf_text
from etablera.organisation.models import Membership, Role, Unit
from etablera.people.models import Note, Person, ProtectedIdentity
from etablera.testing.api_client import ApiClient, messages
from etablera.testing.factories import UnitFactory, UserFactory, personnummer

STREET = "Markörgatan 99"
SOCIAL_NOTE = "Utredning om försörjningsstöd pågår"
SCHOOL_NOTE = "Behöver studiehandledning på arabiska"
REASON = "Begäran 2026-11-30, dnr KS 2026/1234"


def _authorise(user):
    Membership.objects.filter(user=user).update(may_produce_register_extract=True)
    return user


@pytest.fixture
def subject(family, units, maja, alice):
    """An adult with protected identity and an address, with notes in the social-services and school sections."""
    person = family.members.order_by("birth_date").first()
    Person.objects.filter(pk=person.pk).update(
        identity_number=personnummer(person.birth_date),
        identity_number_type="PERSONNUMMER",
        address_street=STREET,
        address_postal_code="611 30",
        address_city="Nyköping",
        protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING,
    )
    person.refresh_from_db()
    Note.objects.create(
        person=person,
        section=Section.SOCIAL,
        unit=units[Unit.Function.SOCIAL_SERVICES],
        author=maja,
        text=SOCIAL_NOTE,
    )
    Note.objects.create(
        person=person,
        section=Section.SCHOOL,
        unit=units[Unit.Function.SCHOOL],
        author=alice,
        text=SCHOOL_NOTE,
    )
    return person


@pytest.fixture
def sfi_manager(units):
    """Unit manager of SFI: reviews the access log, owns no section beyond the basic one."""
    return UserFactory.with_role("sven", units[Unit.Function.SFI], Role.UNIT_MANAGER, first_name="Sven")


@pytest.fixture
def registrar(nykoping):
    """A registrar of Nyköping: no reviewer role, owns no section, but holds the permission."""
    registry = UnitFactory(municipality=nykoping, name="Registraturen", function=Unit.Function.ADMINISTRATION)
    return _authorise(
        UserFactory.with_role("rut", registry, Role.CASEWORKER, first_name="Rut", last_name="Registrator")
    )


def _url(person):
    return reverse("register_extract", args=[person.public_id])


def _extract_events():
    return AuditEvent.objects.filter(object_type="RegisterExtract")


# --- who may ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["maja", "carol", "sfi_manager", "alice"])
def test_a_role_alone_does_not_give_the_extract(username, request, client, subject):
    user = request.getfixturevalue(username)
    client.force_login(user)
    assert client.get(_url(subject)).status_code == 403
    response = client.post(_url(subject), {"utdrag-reason": REASON, "format": "json"})
    assert response.status_code == 403 and STREET.encode() not in response.content
    api = ApiClient(user).post(f"/persons/{subject.public_id}/extract", {"reason": REASON})
    assert api.status_code == 403 and STREET not in api.content.decode()
    assert "registerutdrag" in api.json()["detail"]
    assert not AuditEvent.objects.filter(action="EXPORT").exists()


def test_the_permission_holds_only_in_its_own_municipality(client, subject, charlie):
    _authorise(charlie)  # a registrar of Enköping
    client.force_login(charlie)
    assert client.get(_url(subject)).status_code == 404
    assert client.post(_url(subject), {"utdrag-reason": REASON}).status_code == 404
    api = ApiClient(charlie).post(f"/persons/{subject.public_id}/extract", {"reason": REASON})
    assert api.status_code == 404
    assert not _extract_events().exists()


# --- the reason ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "dnr 1"])
def test_without_a_reason_nothing_is_produced_or_logged(client, subject, registrar, reason):
    client.force_login(registrar)
    response = client.post(_url(subject), {"utdrag-reason": reason, "format": "pdf"})
    assert response.status_code == 200 and "Content-Disposition" not in response
    page = response.content.decode()
    assert "Ange skäl eller diarienummer för utdraget (minst 8 tecken)." in page
    assert 'aria-invalid="true"' in page and STREET not in page and SOCIAL_NOTE not in page
    api = ApiClient(registrar).post(f"/persons/{subject.public_id}/extract", {"reason": reason})
    assert api.status_code == 422
    assert messages(api)[("body", "reason")] == "Ange skäl eller diarienummer för utdraget (minst 8 tecken)."
    assert not AuditEvent.objects.filter(action="EXPORT").exists()


# --- the file -----------------------------------------------------------------------------------------------------


def test_the_json_file_is_complete_and_only_a_download(client, subject, registrar):
    client.force_login(registrar)
    response = client.post(_url(subject), {"utdrag-reason": REASON, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["person"]["address"]["street"] == STREET
    assert data["person"]["identity_number"] == subject.identity_number_display
    assert {n["text"] for n in data["notes"]} == {SOCIAL_NOTE, SCHOOL_NOTE}
    event = _extract_events().get()
    assert (event.action, event.channel, event.actor, event.person_public_id) == (
        "EXPORT",
        "PAGE",
        registrar,
        subject.public_id,
    )
    assert event.protected is True
    assert event.changes["reason"] == REASON and event.changes["format"] == "json"
    assert event.changes["by"] == "Rut Registrator"
    assert REASON in event.summary and subject.identity_number not in event.summary + json.dumps(
        event.changes
    )


def test_the_pdf_file_is_complete(client, subject, registrar, monkeypatch):
    monkeypatch.setattr(pdf, "FONT_DIRS", [])  # the core font, whose text can be read back
    client.force_login(registrar)
    response = client.post(_url(subject), {"utdrag-reason": REASON, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("attachment;") and "no-store" in response["Cache-Control"]
    )
    text = pdf_text(response.content)
    for expected in (STREET, subject.identity_number_display, "Utredning om f", "Behöver studiehandledning"):
        assert expected in text, expected
    assert _extract_events().get().changes["format"] == "pdf"


def test_the_api_gives_the_file_for_a_reason(subject, registrar):
    response = ApiClient(registrar).post(f"/persons/{subject.public_id}/extract", {"reason": REASON})
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["person"]["address"]["street"] == STREET
    assert {n["text"] for n in data["notes"]} == {SOCIAL_NOTE, SCHOOL_NOTE}
    event = _extract_events().get()
    assert (event.channel, event.changes["reason"], event.changes["format"]) == ("API", REASON, "json")
    assert event.protected is True
    assert ApiClient(registrar).get(f"/persons/{subject.public_id}/extract").status_code == 405


def test_the_extract_is_documented_as_a_post():
    from etablera.api_v1 import api as ninja_api

    operations = ninja_api.get_openapi_schema()["paths"]["/api/v1/persons/{public_id}/extract"]
    assert set(operations) == {"post"}
    post = operations["post"]
    assert post["summary"] == "Registerutdrag"
    assert "skäl" in post["description"] and "may_produce_register_extract" in post["description"]
    assert {200, 403, 404, 422} <= set(post["responses"])


# --- the screens --------------------------------------------------------------------------------------------------


def test_the_screens_show_that_it_was_produced_and_nothing_of_what_it_holds(
    client, subject, sfi_manager, family
):
    """A producer who owns no section (and reviews the log) sees the form, the list of extracts produced, the
    access log and the person's access history: never the address or a note's text."""
    _authorise(sfi_manager)
    client.force_login(sfi_manager)
    form = client.get(_url(subject)).content.decode()
    assert f"Registerutdrag för {subject.full_name}" in form and 'name="utdrag-reason"' in form
    assert client.post(_url(subject), {"utdrag-reason": REASON, "format": "pdf"}).status_code == 200
    screens = {
        "form": client.get(_url(subject)).content.decode(),
        "log": client.get(reverse("access_log"), {"person": str(subject.public_id)}).content.decode(),
        "history": client.get(reverse("access_history", args=[subject.public_id])).content.decode(),
        "household_log": client.get(reverse("access_log")).content.decode(),
    }
    for name, screen in screens.items():
        for secret in (STREET, SOCIAL_NOTE, SCHOOL_NOTE, subject.identity_number_display):
            assert secret not in screen, (name, secret)
    produced = screens["form"]
    assert "Registerutdrag framställt" in produced and "Sven" in produced and REASON in produced
    assert "PDF" in produced
    # the row, not its text
    assert "<td>Export</td>" in screens["log"] and "Registerutdrag: <a" in screens["log"]


def test_the_access_log_offers_the_extract_only_to_those_who_may(client, subject, maja):
    client.force_login(maja)
    page = client.get(reverse("access_log"), {"person": str(subject.public_id)}).content.decode()
    assert _url(subject) not in page
    _authorise(maja)
    page = client.get(reverse("access_log"), {"person": str(subject.public_id)}).content.decode()
    assert _url(subject) in page


def test_a_registrar_finds_the_person_by_number_and_comes_to_the_extract(client, subject, registrar):
    """The registrar's way in from the data subject's request: the menu, the number by POST, the extract page."""
    client.force_login(registrar)
    start = client.get(reverse("my_tasks"), follow=True).content.decode()
    assert reverse("register_extract_lookup") in start  # in the menu
    lookup = reverse("register_extract_lookup")
    assert client.get(lookup).status_code == 200

    missing = client.post(lookup, {"person-identity_number": "19121212-1212"})
    assert "Ingen person med det numret finns i din kommun." in missing.content.decode()

    response = client.post(lookup, {"person-identity_number": subject.identity_number})
    assert response.status_code == 302
    assert response["Location"] == _url(subject)
    assert subject.identity_number not in response["Location"]
    found = AuditEvent.objects.filter(
        actor=registrar, action=AuditEvent.Action.VIEW, person_public_id=subject.public_id
    ).get()
    assert found.summary == "Registerutdrag: person vald med identitetsnummer" and found.protected
    page = client.get(response["Location"]).content.decode()
    assert STREET not in page and SOCIAL_NOTE not in page


@pytest.mark.parametrize("username", ["maja", "carol", "sfi_manager"])
def test_the_way_in_is_only_for_registrars(username, request, client, subject):
    user = request.getfixturevalue(username)
    client.force_login(user)
    lookup = reverse("register_extract_lookup")
    assert client.get(lookup).status_code == 403
    assert client.post(lookup, {"person-identity_number": subject.identity_number}).status_code == 403
    assert not AuditEvent.objects.filter(actor=user, summary__startswith="Registerutdrag").exists()
    assert lookup not in client.get(reverse("my_tasks"), follow=True).content.decode()


def test_the_person_page_offers_the_extract_to_a_registrar_who_sees_the_person(client, subject, carol, alice):
    url = reverse("person_detail", args=[subject.public_id])
    client.force_login(carol)
    assert _url(subject) not in client.get(url).content.decode()
    _authorise(carol)
    assert _url(subject) in client.get(url).content.decode()
    client.force_login(alice)
    assert _url(subject) not in client.get(url).content.decode()
