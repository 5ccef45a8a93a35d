"""The register extract's PDF (access/extract/document.py) shows the person's appointments, their consents to
reminders and each reminder with its day, channel and status (issue #18)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from etablera.access import extract, pdf
from etablera.access.tests.test_extract import pdf_text
from etablera.reminders import services
from etablera.reminders.models import Channel, OutgoingMessage
from etablera.reminders.tests.conftest import PHONE

pytestmark = pytest.mark.django_db


def test_the_pdf_holds_the_appointment_the_consent_and_the_sent_reminder(
    health_check, adult, alice, today, tomorrow, monkeypatch
):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    call_command("reminders", "send", f"--date={today.isoformat()}", verbosity=0)
    message = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert message.status == OutgoingMessage.Status.SENT
    monkeypatch.setattr(pdf, "FONT_DIRS", [])  # the core font, whose text can be read back here
    text = pdf_text(extract.extract_pdf(extract.build_extract(adult)))
    for expected in (
        "Möten och tider",
        "Hälsocentralen för nyanlända",
        "09:30-10:30",
        "Påminnelser med sms och e-post",
        "Samtycke till påminnelser",
        "Sms",
        tomorrow.isoformat(),
        "Skickat",
        PHONE,  # the person's own number: the extract is the person's own data
    ):
        assert expected in text, expected


def test_without_appointments_or_reminders_the_pdf_has_no_such_blocks(adult, monkeypatch):
    monkeypatch.setattr(pdf, "FONT_DIRS", [])
    text = pdf_text(extract.extract_pdf(extract.build_extract(adult)))
    assert "Möten och tider" not in text and "Påminnelser med sms" not in text
