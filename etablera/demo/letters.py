"""Demo: appointments for the Tesfay household (DEMO-ANV-001, Tigrinya and Arabic) — an information meeting with a
Tigrinya interpreter booked, and an SFI introduction — so that its welcome letter lists its first meetings
(issue #18). Written through the letters' services; idempotent (nothing is written when the household has any)."""

from __future__ import annotations

import datetime as dt

from etablera.letters import services
from etablera.letters.models import Appointment
from etablera.organisation.models import Unit
from etablera.reception.models import Assignment


def _next_weekday(day: dt.date, days: int) -> dt.date:
    day += dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def load_letters(today: dt.date, users: dict, units: dict) -> None:
    assignment = Assignment.objects.select_related("household").filter(reference="DEMO-ANV-001").first()
    if assignment is None or assignment.household is None:
        return
    household = assignment.household
    if Appointment.objects.filter(household=household).exists():
        return
    by_function = {
        unit.function: unit for unit in units.values() if unit.municipality_id == household.municipality_id
    }
    actor = users["handlaggare"]
    services.create_appointment(
        actor=actor,
        household=household,
        kind=Appointment.Kind.INFORMATION,
        date=_next_weekday(today, 7),
        start_time=dt.time(9, 30),
        end_time=dt.time(11, 0),
        place_name="Medborgarkontoret",
        place_address="Stora torget 1, 611 83 Nyköping",
        responsible_unit=by_function.get(Unit.Function.RECEPTION),
        staff_names="Handläggare på mottagningsenheten",
        interpreter_language="ti",
        interpreter_status=Appointment.InterpreterStatus.BOOKED,
        notes="Tolken bokad via tolkförmedlingen.",
    )
    services.create_appointment(
        actor=actor,
        household=household,
        kind=Appointment.Kind.SFI_INTRODUCTION,
        date=_next_weekday(today, 14),
        start_time=dt.time(13, 0),
        end_time=dt.time(14, 30),
        place_name="Komvux och SFI",
        place_address="Västra Storgatan 10, 611 31 Nyköping",
        responsible_unit=by_function.get(Unit.Function.SFI),
        interpreter_language="ti",
        interpreter_status=Appointment.InterpreterStatus.TO_BOOK,
    )
