"""The demo's letters: DEMO-ANV-001's meetings, and the command of issue #18 on them."""

import io

from django.core.management import call_command

from etablera.demo.services import load_demo
from etablera.letters.models import Appointment
from etablera.testing import demo as testing_demo


def test_the_demo_household_gets_its_meetings_and_its_letter(db, tmp_path):
    testing_demo.load_demo()
    meetings = Appointment.objects.filter(household__assignments__reference="DEMO-ANV-001")
    assert {m.kind for m in meetings} == {Appointment.Kind.INFORMATION, Appointment.Kind.SFI_INTRODUCTION}
    information = meetings.get(kind=Appointment.Kind.INFORMATION)
    assert (information.interpreter_language, information.interpreter_status) == ("ti", "BOOKED")
    load_demo(sodermanland=False)  # idempotent: the loader itself, on top
    assert meetings.count() == 2
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
    assert "Dawit" not in out.getvalue()  # the command prints the file, not who it is about
