"""The consent, notes, protected-address and break-glass endpoints: the same rules as the pages."""

from __future__ import annotations

import pytest

from etablera.access.models import AuditEvent, Consent
from etablera.organisation.models import Unit
from etablera.testing.api_client import ApiClient, messages
from etablera.testing.factories import HouseholdFactory


@pytest.fixture
def quiet(nykoping):
    return HouseholdFactory.with_members([45, 12], municipality=nykoping, name="Familjen Tyst")


def _consent_body(unit, today, **overrides) -> dict:
    body = {
        "units": [unit.pk],
        "sections": ["BASIC"],
        "purpose": "Planera SFI-start",
        "given_date": today.isoformat(),
        "method": "WRITTEN",
        "document_reference": "DNR 2026/9",
    }
    body.update(overrides)
    return body


def test_record_list_and_withdraw_a_consent(alice, bob, units, quiet, today):
    adult, child = quiet.members.order_by("birth_date", "pk")
    sfi = units[Unit.Function.SFI]
    assert ApiClient(bob).get(f"/persons/{adult.public_id}").status_code == 404

    response = ApiClient(alice).post(f"/persons/{adult.public_id}/consents", _consent_body(sfi, today))
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["state"] == "ACTIVE" and made["units"] == [{"id": sfi.pk, "name": "SFI"}]
    assert made["person"]["public_id"] == str(adult.public_id)
    assert made["recorded_by"]["username"] == "alice"

    bob_api = ApiClient(bob)
    assert bob_api.get(f"/persons/{adult.public_id}").status_code == 200
    assert bob_api.get(f"/persons/{child.public_id}").status_code == 404
    listed = bob_api.get(f"/persons/{adult.public_id}/consents").json()
    assert [c["public_id"] for c in listed] == [made["public_id"]]

    response = ApiClient(alice).post(f"/consents/{made['public_id']}/withdraw", {"note": "Tog tillbaka"})
    assert response.status_code == 200
    assert response.json()["state"] == "WITHDRAWN" and response.json()["withdrawn_note"] == "Tog tillbaka"
    # At once.
    assert bob_api.get(f"/persons/{adult.public_id}").status_code == 404
    assert bob_api.get(f"/persons/{adult.public_id}/consents").status_code == 404
    assert bob_api.post(f"/consents/{made['public_id']}/withdraw", {}).status_code == 404


def test_a_childs_consent_needs_a_guardian_and_units_must_exist(alice, units, quiet, today):
    child = quiet.members.order_by("-birth_date").first()
    api = ApiClient(alice)
    response = api.post(
        f"/persons/{child.public_id}/consents", _consent_body(units[Unit.Function.SFI], today)
    )
    assert response.status_code == 422
    assert messages(response)[("body", "given_by")] == (
        "För ett barn lämnas samtycket av vårdnadshavare eller god man."
    )
    body = _consent_body(units[Unit.Function.SFI], today, given_by="GUARDIAN", guardian_name="Amal Testsson")
    assert api.post(f"/persons/{child.public_id}/consents", body).status_code == 201
    response = api.post(f"/persons/{child.public_id}/consents", {**body, "units": [999999]})
    assert response.status_code == 422
    assert messages(response) == {("body", "units"): "Okänd enhet."}
    assert Consent.objects.count() == 1


def test_notes_by_section(alice, bob, quiet, units, today):
    adult = quiet.members.order_by("birth_date", "pk").first()
    api = ApiClient(alice)
    response = api.post(f"/persons/{adult.public_id}/notes", {"section": "BASIC", "text": "Bokat möte"})
    assert response.status_code == 201, response.content
    note = response.json()
    assert note["section"] == "BASIC" and note["unit"]["name"] == "Mottagningsenheten"
    assert note["author"]["username"] == "alice"
    assert [n["text"] for n in api.get(f"/persons/{adult.public_id}/notes").json()] == ["Bokat möte"]
    response = api.post(f"/persons/{adult.public_id}/notes", {"section": "HEALTH", "text": "Nej"})
    assert response.status_code == 403
    response = api.post(f"/persons/{adult.public_id}/notes", {"section": "BASIC", "text": ""})
    assert response.status_code == 422 and ("body", "text") in messages(response)
    assert ApiClient(bob).get(f"/persons/{adult.public_id}/notes").status_code == 404


def test_the_address_endpoint_needs_the_authorisation(alice, maria, quiet):
    adult = quiet.members.first()
    reason = "Behöver skicka kallelse till hemadressen"
    assert ApiClient(alice).post(f"/persons/{adult.public_id}/address", {"reason": reason}).status_code == 403
    response = ApiClient(maria).post(f"/persons/{adult.public_id}/address", {"reason": reason})
    assert response.status_code == 200
    assert set(response.json()) == {"street", "postal_code", "city"}
    assert AuditEvent.objects.filter(actor=maria, protected=True, summary__contains=reason).exists()


def test_break_glass_already_visible_is_not_a_grant(alice, quiet):
    from etablera.people.models import Person
    from etablera.testing.factories import personnummer

    adult = quiet.members.order_by("birth_date", "pk").first()
    Person.objects.filter(pk=adult.pk).update(
        identity_number_type="PERSONNUMMER", identity_number=personnummer(adult.birth_date)
    )
    adult.refresh_from_db()
    response = ApiClient(alice).post(
        "/break-glass", {"identity_number": adult.identity_number_display, "reason": ""}
    )
    assert response.status_code == 200
    assert response.json() == {
        "household": str(quiet.public_id),
        "households": [str(quiet.public_id)],
        "granted": False,
        "expires_at": None,
    }
