import datetime as dt

import pytest
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.letters.models import Appointment


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_it_lists_the_households_appointments(signed_in, family, meeting):
    response = signed_in.get(reverse("letters_household", args=[family.public_id]))
    assert response.status_code == 200
    assert "Informationsmöte" in response.text
    assert "Medborgarkontoret" in response.text
    # The members registered Arabic: the letters are offered in Arabic first.
    assert reverse("letters_invitation", args=[meeting.public_id, "ar"]) in response.text
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, household_public_id=family.public_id
    ).exists()


def test_it_books_a_meeting_and_says_what_is_wrong_at_the_field(signed_in, family):
    url = reverse("letters_appointment_create", args=[family.public_id])
    data = {
        "kind": "HEALTH_EXAMINATION",
        "date": "2026-12-20",
        "start_time": "10:00",
        "end_time": "09:00",
        "place_name": "Vårdcentralen",
        "interpreter_status": "NOT_NEEDED",
    }
    response = signed_in.post(url, data)
    assert response.status_code == 200
    assert "Mötet måste sluta efter att det börjar." in response.text
    response = signed_in.post(url, {**data, "end_time": "11:00"})
    assert response.status_code == 302
    assert Appointment.objects.get(household=family).date == dt.date(2026, 12, 20)


def test_the_letters_and_the_ics_download(signed_in, family, meeting):
    response = signed_in.get(reverse("letters_welcome", args=[family.public_id, "ti"]))
    assert response.status_code == 200
    assert 'lang="ti"' in response.text
    assert "ቀዳሞት ቆጸራታትኩም" in response.text
    response = signed_in.get(reverse("letters_welcome_pdf", args=[family.public_id, "ar"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = signed_in.get(reverse("letters_invitation_pdf", args=[meeting.public_id, "fa"]))
    assert response.content.startswith(b"%PDF")
    response = signed_in.get(reverse("letters_appointment_ics", args=[meeting.public_id]))
    assert b"DTSTART;TZID=Europe/Stockholm:20261214T093000" in response.content
    assert signed_in.get(reverse("letters_welcome", args=[family.public_id, "xx"])).status_code == 404


def test_another_municipality_gets_404(client, charlie, family, meeting):
    client.force_login(charlie)
    for url in (
        reverse("letters_household", args=[family.public_id]),
        reverse("letters_welcome_pdf", args=[family.public_id, "sv"]),
        reverse("letters_invitation", args=[meeting.public_id, "sv"]),
        reverse("letters_appointment_ics", args=[meeting.public_id]),
        reverse("letters_appointment_edit", args=[meeting.public_id]),
    ):
        assert client.get(url).status_code == 404


def test_administrators_mark_a_language_reviewed(client, carol, alice):
    client.force_login(alice)
    assert client.get(reverse("letters_translations")).status_code == 403
    client.force_login(carol)
    response = client.get(reverse("letters_translations"))
    assert "Maskinöversättning, ej granskad" in response.text
    response = client.post(
        reverse("letters_translations"),
        {"language": "ti", "reviewed": "on", "reviewed_by": "Auktoriserad tolk"},
    )
    assert response.status_code == 302
    response = client.get(reverse("letters_translations"))
    assert "Auktoriserad tolk" in response.text
