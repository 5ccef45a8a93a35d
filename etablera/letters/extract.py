"""A person's appointments, for the register extract (access/extract/content.py, GDPR art. 15): the meetings of
their household (information meeting, SFI introduction, health examination, meetings of the plan) with date, time,
place and interpreter."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from etablera.letters.models import Appointment

COVERED = ("letters.Appointment",)


def letters_extract(person) -> list[dict[str, Any]]:
    household_ids = person.household_memberships.values("household_id")
    appointments = (
        Appointment.objects.filter(Q(persons=person) | Q(household_id__in=household_ids))
        .distinct()
        .order_by("date", "start_time", "pk")
    )
    return [
        {
            "kind": str(appointment.get_kind_display()),
            "date": appointment.date.isoformat(),
            "start": appointment.start_time.strftime("%H:%M"),
            "end": appointment.end_time.strftime("%H:%M"),
            "place": appointment.place_name,
            "place_address": appointment.place_address,
            "interpreter_language": appointment.interpreter_language,
            "interpreter_status": str(appointment.get_interpreter_status_display()),
        }
        for appointment in appointments
    ]
