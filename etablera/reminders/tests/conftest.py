import datetime as dt

import pytest

from etablera.letters.models import Appointment
from etablera.organisation.models import Unit
from etablera.reminders import sms
from etablera.reminders.models import UnitPhone
from etablera.testing.page_fixtures import *  # noqa: F403

PHONE = "+46701740605"  # in the range set aside for fiction (070-174 06 05 – 070-174 06 99)


@pytest.fixture(autouse=True)
def _sms_in_memory(settings):
    settings.ETABLERA_SMS_BACKEND = "etablera.reminders.sms.LocmemBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def tomorrow(today):
    return today + dt.timedelta(days=1)


@pytest.fixture
def adult(family):
    """The family's first adult, with a phone number, an e-mail address and Arabic as her language."""
    person = family.members.order_by("birth_date", "pk").first()
    person.phone, person.email, person.languages = PHONE, "amal@example.org", "arabiska"
    person.save(update_fields=["phone", "email", "languages"])
    return person


@pytest.fixture
def health_check(family, units, alice, adult, tomorrow):
    """Tomorrow's health examination of the adult, at the health centre."""
    UnitPhone.objects.create(unit=units[Unit.Function.RECEPTION], phone="0155-24 50 00")
    appointment = Appointment.objects.create(
        household=family,
        kind=Appointment.Kind.HEALTH_EXAMINATION,
        date=tomorrow,
        start_time=dt.time(9, 30),
        end_time=dt.time(10, 30),
        place_name="Hälsocentralen för nyanlända",
        place_address="Brunnsgatan 12, Nyköping",
        responsible_unit=units[Unit.Function.RECEPTION],
        created_by=alice,
    )
    appointment.persons.set([adult])
    return appointment
