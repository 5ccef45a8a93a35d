import datetime as dt

import pytest

from etablera.letters.models import Appointment
from etablera.organisation.models import Unit


@pytest.fixture
def meeting(family, units, alice):
    """An information meeting with a Tigrinya interpreter booked."""
    return Appointment.objects.create(
        household=family,
        kind=Appointment.Kind.INFORMATION,
        date=dt.date(2026, 12, 14),
        start_time=dt.time(9, 30),
        end_time=dt.time(11, 0),
        place_name="Medborgarkontoret",
        place_address="Stora torget 1, Nyköping",
        responsible_unit=units[Unit.Function.RECEPTION],
        staff_names="Alice Handläggare",
        interpreter_language="ti",
        interpreter_status=Appointment.InterpreterStatus.BOOKED,
        created_by=alice,
    )
