"""The staff's pages: the outbox (masked addresses, filters, "Skicka om"), a person's reminder page (consent per
channel and why a reminder would not go), and who may see them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from etablera.access.models import AuditEvent
from etablera.people.models import ProtectedIdentity
from etablera.reminders import services, sms
from etablera.reminders.models import Channel, OutgoingMessage, ReminderConsent
from etablera.reminders.tests.conftest import PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(health_check, adult, alice, today):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    call_command("reminders", "send", f"--date={today.isoformat()}", verbosity=0)
    return OutgoingMessage.objects.get(channel=Channel.SMS)


def test_the_outbox_masks_the_number_and_logs_the_list(client, alice, adult, sent):
    client.force_login(alice)
    page = client.get("/paminnelser/").content.decode()
    assert "•••••••••605" in page and PHONE not in page and "Skickat" in page
    assert adult.full_name in page and "Hälso" not in page
    assert AuditEvent.objects.filter(
        actor=alice, action=AuditEvent.Action.LIST, summary="Påminnelser"
    ).exists()
    filtered = client.get("/paminnelser/", {"status": "FAILED"}).content.decode()
    assert "Inga påminnelser." in filtered


def test_another_municipality_sees_nothing(client, charlie, sent):
    client.force_login(charlie)
    assert "Inga påminnelser." in client.get("/paminnelser/").content.decode()
    assert client.post(f"/paminnelser/{sent.public_id}/skicka-om/").status_code == 404


def test_the_outbox_costs_the_same_for_one_row_and_many(client, alice, sent, django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(20) as one:
        client.get("/paminnelser/")
    for number in range(5):
        OutgoingMessage.objects.create(
            channel=Channel.EMAIL,
            person=sent.person,
            municipality=sent.municipality,
            appointment=None,
            appointment_date=sent.appointment_date,
            language="sv",
            status=OutgoingMessage.Status.SKIPPED,
            reason=OutgoingMessage.Reason.NO_CONSENT,
            text=str(number),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/paminnelser/")


def test_resend_from_the_page_is_state_checked(client, alice, sent, django_capture_on_commit_callbacks):
    client.force_login(alice)
    response = client.post(f"/paminnelser/{sent.public_id}/skicka-om/", follow=True)
    assert "Bara ett meddelande som misslyckades kan skickas om" in response.content.decode()
    OutgoingMessage.objects.filter(pk=sent.pk).update(status=OutgoingMessage.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/paminnelser/{sent.public_id}/skicka-om/", follow=True)
    assert "Påminnelsen skickas om." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == OutgoingMessage.Status.SENT and len(sms.outbox) == 2


def test_the_person_page_records_and_withdraws_consent(client, alice, adult):
    client.force_login(alice)
    url = f"/personer/{adult.public_id}/paminnelser/"
    page = client.get(url).content.decode()
    assert "Inget samtycke till påminnelser i den här kanalen" in page and "•••••••••605" in page
    refused = client.post(url, {"channel": "FAX"})
    assert refused.status_code == 200 and "Välj sms eller e-post." in refused.content.decode()
    assert client.post(url, {"channel": "SMS"}).status_code == 302
    consent = ReminderConsent.objects.get(person=adult, channel=Channel.SMS)
    assert consent.given_by == alice
    again = client.post(url, {"channel": "SMS"})
    assert "redan registrerat" in again.content.decode()
    response = client.post(f"{url}{consent.public_id}/aterkalla/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    person_page = client.get(f"/personer/{adult.public_id}/").content.decode()
    assert f'href="{url}"' in person_page


def test_a_protected_person_shows_why_and_no_consent_form(client, alice, adult):
    adult.protected_identity = ProtectedIdentity.PROTECTED_REGISTRATION
    adult.save(update_fields=["protected_identity"])
    client.force_login(alice)
    page = client.get(f"/personer/{adult.public_id}/paminnelser/").content.decode()
    assert "Personen har skyddade personuppgifter" in page
    assert "Registrera samtycke till påminnelser" not in page


def test_the_person_page_is_404_for_an_outsider(client, charlie, adult):
    client.force_login(charlie)
    assert client.get(f"/personer/{adult.public_id}/paminnelser/").status_code == 404
