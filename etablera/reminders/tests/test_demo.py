"""What the demo shows of reminders (issue #18): Dawit's SMS consent and number, Selam's e-mail consent, the reception
unit's number for questions, and the reminder of Selam's health examination sent yesterday — on the outbox for
`handlaggare`, masked — and a second load adds nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from etablera.organisation.models import Unit, User
from etablera.reminders.models import Channel, OutgoingMessage, ReminderConsent, UnitPhone
from etablera.testing.demo import demo_command


@pytest.fixture
def demo(db):
    demo_command()


def test_consents_the_units_number_and_a_reminder_sent_yesterday(demo, client):
    consents = {(c.person.first_name, c.channel) for c in ReminderConsent.objects.select_related("person")}
    assert consents == {("Dawit", Channel.SMS), ("Selam", Channel.EMAIL)}
    dawit = ReminderConsent.objects.get(channel=Channel.SMS).person
    assert dawit.phone.startswith("+4670174064")  # the series kept for fiction
    phone = UnitPhone.objects.select_related("unit__municipality").get()
    assert phone.unit.function == Unit.Function.RECEPTION and phone.unit.municipality.name == "Nyköping"
    sent = OutgoingMessage.objects.get()
    assert sent.status == OutgoingMessage.Status.SENT and sent.channel == Channel.EMAIL
    assert sent.person.first_name == "Selam" and sent.to_address.endswith("@example.org")
    assert timezone.localtime(sent.sent_at).date() == sent.appointment_date - dt.timedelta(days=1)
    assert sent.appointment.date == sent.appointment_date and "Hälso" not in sent.text
    assert "070-174 06 90" in sent.text  # the unit's number for questions
    client.force_login(User.objects.get(username="handlaggare"))
    html = client.get("/paminnelser/").content.decode()
    assert "s•••@example.org" in html and sent.to_address not in html
    call_command("demo", "--skip-sodermanland", stdout=StringIO())
    assert ReminderConsent.objects.count() == 2 and OutgoingMessage.objects.count() == 1
    assert UnitPhone.objects.count() == 1
