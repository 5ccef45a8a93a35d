"""Reminders to newcomers (issue #18): made the day before a meeting, only with consent and an address, never to a
protected identity, sent once however often the task is delivered, in the person's language, and saying nothing
sensitive: no kind of meeting, no name, no identity number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.people.models import ProtectedIdentity
from etablera.reminders import delivery, gallring, services, sms, texts
from etablera.reminders.models import Channel, OutgoingMessage, ReminderConsent
from etablera.reminders.tests.conftest import PHONE
from etablera.transitions import StateConflict

pytestmark = pytest.mark.django_db
Status, Reason = OutgoingMessage.Status, OutgoingMessage.Reason


def _run(day):
    call_command("reminders", "send", f"--date={day.isoformat()}", verbosity=0)


def test_the_swedish_text_fits_one_sms_and_says_nothing_sensitive(health_check, adult, tomorrow):
    adult.identity_number_type, adult.identity_number = adult.IdentityNumberType.PERSONNUMMER, "19850312-2383"
    composed = texts.compose(health_check, "sv")
    assert composed.text == (
        f"Påminnelse: du har en tid hos {health_check.household.municipality.name} {tomorrow.isoformat()} "
        "kl. 09:30. Plats: Brunnsgatan 12, Nyköping. Frågor: 0155-24 50 00."
    )
    assert sms.gsm_length(composed.text) <= 160 and sms.parts(composed.text) == 1
    for secret in ("Hälso", "hälso", "Hälsocentralen", adult.first_name, adult.last_name, "19850312", "2383"):
        assert secret not in composed.text
    assert "Hälsocentralen" not in composed.subject


def test_a_health_examination_without_an_address_names_no_place(health_check):
    health_check.place_address = ""
    assert "Plats" not in texts.compose(health_check, "sv").text
    health_check.kind = health_check.Kind.INFORMATION
    assert "Plats: Hälsocentralen för nyanlända." in texts.compose(health_check, "sv").text


def test_sms_length_in_gsm_and_ucs2():
    assert sms.gsm_length("åäö ÅÄÖ é") == 9 and sms.gsm_length("€") == 2 and sms.gsm_length("ش") is None
    assert sms.parts("a" * 160) == 1 and sms.parts("a" * 161) == 2
    assert sms.parts("ش" * 70) == 1 and sms.parts("ش" * 71) == 2


def test_without_consent_nothing_is_sent_and_the_reason_is_kept(health_check, adult, today):
    _run(today)
    rows = {row.channel: row for row in OutgoingMessage.objects.all()}
    assert set(rows) == {Channel.SMS, Channel.EMAIL}  # she has a number and an address: staff see why not
    assert {row.status for row in rows.values()} == {Status.SKIPPED}
    assert {row.reason for row in rows.values()} == {Reason.NO_CONSENT}
    assert all(row.to_address == "" and row.text == "" for row in rows.values())
    assert sms.outbox == [] and mail.outbox == []
    # The rest of the household has no number, no address and no consent: nothing is made for them.
    assert OutgoingMessage.objects.exclude(person=adult).count() == 0


def test_with_consent_the_sms_goes_once_and_is_logged(health_check, adult, alice, today):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    _run(today)
    _run(today)  # the schedule's task delivered twice
    assert len(sms.outbox) == 1
    number, text, provider_id = sms.outbox[0]
    assert number == PHONE and text == texts.compose(health_check, "ar").text  # in her language (Arabic)
    message = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert message.status == Status.SENT and message.attempts == 1 and message.provider_id == provider_id
    assert message.language == "ar" and message.parts == sms.parts(text) and message.sent_at
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT, person_public_id=adult.public_id)
    assert event.summary == "Påminnelse om möte skickad (sms)"
    assert PHONE not in event.summary and PHONE not in str(event.changes)
    # E-mail had no consent: held back with the reason.
    assert OutgoingMessage.objects.get(channel=Channel.EMAIL).reason == Reason.NO_CONSENT


def test_the_task_delivered_twice_sends_once(health_check, adult, alice, today):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    services.make_reminders(today)
    message = OutgoingMessage.objects.get(channel=Channel.SMS, status=Status.QUEUED)
    delivery.send_message.call(message.pk)
    delivery.send_message.call(message.pk)
    assert len(sms.outbox) == 1
    assert delivery.deliver(message.pk) is None


def test_the_text_is_in_the_persons_language(health_check, adult, alice, today, monkeypatch):
    """The catalogue is read under the person's language (the letters' choice: the interpreter language first,
    then the registered languages)."""
    from django.utils import translation

    monkeypatch.setattr(texts, "_", lambda text: f"[{translation.get_language()}] {text}")
    services.give_consent(actor=alice, person=adult, channel=Channel.EMAIL)
    adult.interpreter_language = "Tigrinja"
    adult.save(update_fields=["interpreter_language"])
    _run(today)
    (sent,) = mail.outbox
    assert sent.body.startswith("[ti] Påminnelse") and sent.subject.startswith("[ti] Påminnelse från")
    assert sent.to == ["amal@example.org"]
    assert OutgoingMessage.objects.get(channel=Channel.EMAIL).language == "ti"


def test_a_protected_identity_gets_nothing_and_staff_see_why(health_check, adult, alice, today):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    adult.protected_identity = ProtectedIdentity.PROTECTED_REGISTRATION
    adult.save(update_fields=["protected_identity"])
    _run(today)
    assert sms.outbox == [] and mail.outbox == []
    assert set(OutgoingMessage.objects.values_list("reason", flat=True)) == {Reason.PROTECTED}
    with pytest.raises(ValidationError) as error:
        services.give_consent(actor=alice, person=adult, channel=Channel.EMAIL)
    assert "skyddade personuppgifter" in error.value.message_dict["channel"][0]


def test_a_protected_member_of_the_household_stops_the_reminders(health_check, adult, alice, family, today):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    child = family.members.exclude(pk=adult.pk).order_by("-birth_date").first()
    child.protected_identity = ProtectedIdentity.CONFIDENTIALITY_MARKING
    child.save(update_fields=["protected_identity"])
    _run(today)
    assert sms.outbox == []
    assert OutgoingMessage.objects.get(channel=Channel.SMS).reason == Reason.PROTECTED_HOUSEHOLD


def test_a_consent_withdrawn_before_sending_stops_the_message(health_check, adult, alice, today):
    consent = services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    services.make_reminders(today)
    services.withdraw_consent(actor=alice, consent=consent)
    message = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert message.status == Status.SKIPPED and message.reason == Reason.NO_CONSENT
    assert delivery.deliver(message.pk) is None and sms.outbox == []
    with pytest.raises(StateConflict):
        services.withdraw_consent(actor=alice, consent=consent)


def test_a_consent_given_after_the_run_is_made_on_the_next(health_check, adult, alice, today):
    _run(today)
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    _run(today)
    assert len(sms.outbox) == 1
    assert OutgoingMessage.objects.get(channel=Channel.SMS).status == Status.SENT


def test_consent_needs_a_number_once_per_channel_and_a_visible_person(adult, alice, charlie):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    with pytest.raises(StateConflict):
        services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    adult.email = ""
    adult.save(update_fields=["email"])
    with pytest.raises(ValidationError) as error:
        services.give_consent(actor=alice, person=adult, channel=Channel.EMAIL)
    assert error.value.message_dict["channel"] == ["Personen har ingen e-postadress. Lägg in adressen först."]
    from django.http import Http404

    with pytest.raises(Http404):
        services.give_consent(actor=charlie, person=adult, channel=Channel.SMS)
    assert ReminderConsent.objects.count() == 1


class _Refuses:
    def send(self, number, text):
        raise sms.SmsError("Sms-tjänsten svarade 503.")


def test_a_failure_is_kept_and_sent_again_on_request(
    health_check, adult, alice, today, settings, django_capture_on_commit_callbacks
):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    settings.ETABLERA_SMS_BACKEND = f"{__name__}._Refuses"
    _run(today)
    message = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert message.status == Status.FAILED and message.error == "Sms-tjänsten svarade 503."
    settings.ETABLERA_SMS_BACKEND = "etablera.reminders.sms.LocmemBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.resend(actor=alice, message=message)
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2 and len(sms.outbox) == 1
    with pytest.raises(StateConflict) as error:
        services.resend(actor=alice, message=message)
    assert "skickat" in error.value.detail


def test_gallring_clears_the_address_and_text_after_the_period(health_check, adult, alice, today):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    _run(today)
    message = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert gallring.plan(today) == {"reminder_messages": 0}
    OutgoingMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now() - dt.timedelta(days=31))
    assert gallring.plan(today) == {"reminder_messages": 1}
    assert gallring.execute(today) == {"reminder_messages": 1}
    message.refresh_from_db()
    assert message.to_address == "" and message.text == "" and message.cleared_at
    assert message.status == Status.SENT and message.provider_id  # the log of the message stays


def test_only_the_day_before(health_check, adult, alice, today):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    _run(today - dt.timedelta(days=1))  # the run for today's meetings: not this one
    assert sms.outbox == [] and not OutgoingMessage.objects.exists()


def test_the_masked_number_shows_three_digits():
    assert OutgoingMessage(to_address=PHONE).to_masked == "•••••••••605"
    assert OutgoingMessage(to_address="amal@example.org").to_masked == "a•••@example.org"


def test_a_meeting_moved_after_the_reminder_was_made_is_reminded_of_on_its_new_day(
    health_check, adult, alice, today
):
    services.give_consent(actor=alice, person=adult, channel=Channel.SMS)
    services.make_reminders(today)
    health_check.date = today + dt.timedelta(days=5)
    health_check.save(update_fields=["date"])
    message = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert delivery.deliver(message.pk) == Status.SKIPPED and sms.outbox == []
    message.refresh_from_db()
    assert message.reason == Reason.MOVED
    _run(today + dt.timedelta(days=4))
    message.refresh_from_db()
    assert message.status == Status.SENT and message.appointment_date == health_check.date
    assert health_check.date.isoformat() in sms.outbox[0][1]
