"""The rows for the letters (issue #18): a household's appointments, booking one, the welcome letter and an
invitation (print page and PDF), the .ics file, and the administrators' page of the languages' review state.
Everything about a household is seen as the household is (SEES_H); the appointment asked about is made inside the
row's savepoint, on H (or P for the protected role)."""

from __future__ import annotations

import datetime as dt

from etablera.access.tests.matrix.cases import ADMIN_PAGE, ADMIN_POST, SEES_H, Case, expect, page

BOOKED = expect(302, colleague=404, outsider=404, anonymous=302)


def _appointment(w) -> str:
    from etablera.letters.models import Appointment

    found = Appointment.objects.get_or_create(
        household=w.household,
        kind=Appointment.Kind.INFORMATION,
        date=dt.date(2026, 12, 14),
        defaults={
            "start_time": dt.time(9, 30),
            "end_time": dt.time(11, 0),
            "place_name": "Medborgarkontoret",
            "interpreter_language": "ti",
            "interpreter_status": Appointment.InterpreterStatus.BOOKED,
        },
    )[0]
    return str(found.public_id)


def _booking(w) -> dict:
    return {
        "kind": "SFI_INTRODUCTION",
        "date": "2026-12-15",
        "start_time": "13:00",
        "end_time": "14:00",
        "place_name": "SFI-skolan",
        "interpreter_status": "NOT_NEEDED",
    }


ROWS: list[Case] = [
    page("letters_household", lambda w: f"/hushall/{w.household.public_id}/moten/", SEES_H),
    page("letters_appointment_create", lambda w: f"/hushall/{w.household.public_id}/moten/ny/", SEES_H),
    page(
        "letters_appointment_create",
        lambda w: f"/hushall/{w.household.public_id}/moten/ny/",
        BOOKED,
        method="post",
        body=_booking,
    ),
    page("letters_welcome", lambda w: f"/hushall/{w.household.public_id}/valkomstbrev/ar/", SEES_H),
    page("letters_welcome_pdf", lambda w: f"/hushall/{w.household.public_id}/valkomstbrev/ti/pdf/", SEES_H),
    page("letters_appointment_edit", lambda w: f"/moten/{_appointment(w)}/andra/", SEES_H),
    page("letters_appointment_ics", lambda w: f"/moten/{_appointment(w)}/kalender.ics", SEES_H),
    page("letters_invitation", lambda w: f"/moten/{_appointment(w)}/kallelse/fa/", SEES_H),
    page("letters_invitation_pdf", lambda w: f"/moten/{_appointment(w)}/kallelse/prs/pdf/", SEES_H),
    page("letters_translations", lambda w: "/brev/oversattningar/", ADMIN_PAGE),
    page(
        "letters_translations",
        lambda w: "/brev/oversattningar/",
        ADMIN_POST,
        method="post",
        body=lambda w: {"language": "so", "reviewed": "on", "reviewed_by": "Matrisens översättare"},
    ),
]
