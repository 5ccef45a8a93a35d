import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from icalendar import Calendar

from etablera.access.models import AuditEvent
from etablera.letters import render, selectors, services
from etablera.letters.models import Appointment, LetterTranslation
from etablera.testing.factories import AssignmentFactory

VALUES = {
    "kind": Appointment.Kind.SFI_INTRODUCTION,
    "date": dt.date(2026, 12, 15),
    "start_time": dt.time(13, 0),
    "end_time": dt.time(14, 0),
    "place_name": "SFI-skolan",
}


def test_it_books_an_appointment_and_logs_it(alice, family):
    appointment = services.create_appointment(actor=alice, household=family, **VALUES)
    assert appointment.created_by == alice
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="Appointment")
    assert event.household_public_id == family.public_id


def test_it_refuses_an_end_before_the_start(alice, family):
    with pytest.raises(ValidationError) as error:
        services.create_appointment(actor=alice, household=family, **{**VALUES, "end_time": dt.time(12, 0)})
    assert error.value.message_dict["end_time"] == ["Mötet måste sluta efter att det börjar."]


def test_it_wants_the_language_of_an_interpreter_to_book(alice, family):
    with pytest.raises(ValidationError) as error:
        services.create_appointment(
            actor=alice, household=family, **VALUES, interpreter_status=Appointment.InterpreterStatus.TO_BOOK
        )
    assert error.value.message_dict["interpreter_language"] == ["Ange tolkspråket när en tolk ska bokas."]


def test_another_municipality_gets_404(charlie, family, meeting):
    with pytest.raises(Http404):
        selectors.household_letters(charlie, family.public_id)
    with pytest.raises(Http404):
        selectors.appointment_for_user(charlie, meeting.public_id)
    with pytest.raises(Http404):
        services.create_appointment(actor=charlie, household=family, **VALUES)


def test_the_ics_is_in_stockholm_time(meeting):
    calendar = Calendar.from_ical(render.ics(meeting))
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.replace(tzinfo=None) == dt.datetime(2026, 12, 14, 9, 30)
    assert str(start.tzinfo) == "Europe/Stockholm"
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert str(event["location"]) == "Medborgarkontoret, Stora torget 1, Nyköping"


def test_only_an_administrator_marks_a_language_reviewed(alice, carol):
    with pytest.raises(ValidationError):
        services.set_review(actor=alice, language="ar", reviewed=True, reviewed_by="Översättare")
    with pytest.raises(ValidationError) as error:
        services.set_review(actor=carol, language="ar", reviewed=True)
    assert error.value.message_dict["reviewed_by"] == ["Ange vem som har granskat översättningen."]
    services.set_review(actor=carol, language="ar", reviewed=True, reviewed_by="Auktoriserad translator")
    assert LetterTranslation.objects.get(language="ar").reviewed
    assert not render.is_draft("ar")
    assert AuditEvent.objects.filter(object_type="LetterTranslation", actor=carol).exists()


def test_the_command_writes_the_welcome_letter_and_logs_the_read(family, meeting, tmp_path):
    AssignmentFactory(reference="DEMO-ANV-001", household=family)
    output = tmp_path / "welcome.pdf"
    out = io.StringIO()
    call_command(
        "letters",
        "welcome",
        "--reference",
        "DEMO-ANV-001",
        "--language",
        "ti",
        "--output",
        output,
        stdout=out,
    )
    assert output.read_bytes().startswith(b"%PDF")
    assert "tigrinja" in out.getvalue()
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, channel=AuditEvent.Channel.CLI)
    assert event.household_public_id == family.public_id


def test_the_command_writes_an_invitation(meeting, tmp_path):
    output = tmp_path / "x.pdf"
    call_command(
        "letters",
        "invitation",
        "--appointment",
        str(meeting.public_id),
        "--language",
        "ar",
        "--output",
        output,
        stdout=io.StringIO(),
    )
    assert output.read_bytes().startswith(b"%PDF")


def test_it_changes_an_appointment_and_logs_what_changed(alice, family, meeting):
    values = {
        "kind": meeting.kind,
        "date": meeting.date,
        "start_time": dt.time(10, 0),
        "end_time": dt.time(11, 0),
        "place_name": meeting.place_name,
        "interpreter_language": "ti",
        "interpreter_status": Appointment.InterpreterStatus.CONFIRMED,
    }
    person = family.members.first()
    services.update_appointment(actor=alice, appointment=meeting, persons=[person], **values)
    meeting.refresh_from_db()
    assert meeting.start_time == dt.time(10, 0)
    assert list(meeting.persons.all()) == [person]
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="Appointment")
    assert event.changes["interpreter_status"] == "CONFIRMED"
