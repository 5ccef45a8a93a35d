"""Rendering the letters: one HTML template per letter, read under the letter's language, shown as a print page in
the browser or turned into PDF by WeasyPrint (pango shapes the text: Arabic script joined right to left, Ethiopic
syllables from Debian's Noto fonts). And the appointment as an .ics file.

Only what the letter needs is put in its context: the household's name and members' first and last names, the
appointments (place of the meeting, never a person's address) — no identity number, no address of a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from etablera.letters import languages, texts
from etablera.letters.models import Appointment, LetterTranslation

STYLESHEET = Path(__file__).parent / "static" / "letters" / "letter.css"


@dataclass(frozen=True)
class Rendered:
    html: str
    language: languages.Language
    draft: bool


def is_draft(code: str) -> bool:
    """Swedish is the source; every other language is a draft until someone marks it reviewed."""
    if code == "sv":
        return False
    return not LetterTranslation.objects.filter(language=code, reviewed=True).exists()


def _interpreter_line(appointment: Appointment) -> str:
    if not appointment.interpreter_language:
        return ""
    language = languages.get(appointment.interpreter_language).native
    status = Appointment.InterpreterStatus
    if appointment.interpreter_status in (status.BOOKED, status.CONFIRMED):
        return str(texts.INTERPRETER_BOOKED) % {"language": language}
    if appointment.interpreter_status == status.TO_BOOK:
        return str(texts.INTERPRETER_TO_BOOK) % {"language": language}
    return ""


def _meeting(appointment: Appointment) -> dict:
    return {
        "kind": str(appointment.get_kind_display()),
        "date": appointment.date.isoformat(),
        "time": f"{appointment.start_time:%H:%M}–{appointment.end_time:%H:%M}",
        "place": appointment.place_name,
        "place_address": appointment.place_address,
        "interpreter": _interpreter_line(appointment),
    }


def _render(template: str, code: str, context, *, for_print: bool, links: dict | None) -> Rendered:
    language = languages.get(code)
    draft = is_draft(code)
    with translation.override(code):
        html = render_to_string(
            template,
            {
                "language": language,
                "draft": draft,
                "draft_notice_sv": _swedish(texts.DRAFT_NOTICE),
                "texts": texts,
                "for_print": for_print,
                **context(),
                **(links or {}),
            },
        )
    return Rendered(html, language, draft)


def _swedish(text) -> str:
    with translation.override("sv"):
        return str(text)


def welcome_html(
    household, members, appointments, code: str, *, for_print: bool = False, links: dict | None = None
) -> Rendered:
    def context():
        municipality = household.municipality.name
        units = sorted({a.responsible_unit.name for a in appointments if a.responsible_unit_id})
        staff = sorted({a.staff_names for a in appointments if a.staff_names})
        return {
            "title": str(texts.WELCOME_TITLE) % {"municipality": municipality},
            "greeting": str(texts.GREETING) % {"names": ", ".join(p.full_name for p in members)},
            "intro": str(texts.WELCOME_INTRO) % {"municipality": municipality},
            "contacts": [*units, *staff],
            "meetings": [_meeting(a) for a in appointments],
            "municipality": municipality,
        }

    return _render("letters/welcome_letter.html", code, context, for_print=for_print, links=links)


def invitation_html(
    appointment: Appointment, members, code: str, *, for_print: bool = False, links: dict | None = None
) -> Rendered:
    def context():
        meeting = _meeting(appointment)
        return {
            "title": str(texts.INVITATION_TITLE) % {"kind": meeting["kind"]},
            "greeting": str(texts.GREETING) % {"names": ", ".join(p.full_name for p in members)},
            "meeting": meeting,
            "municipality": appointment.household.municipality.name,
            "unit": appointment.responsible_unit.name if appointment.responsible_unit_id else "",
        }

    return _render("letters/invitation_letter.html", code, context, for_print=for_print, links=links)


def pdf(rendered: Rendered) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=rendered.html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])


def ics(appointment: Appointment) -> bytes:
    """The meeting as an iCalendar event in Stockholm time (with the zone, so a calendar abroad shows it right).
    The summary and place only: no names, no identity numbers."""
    from icalendar import Calendar, Event

    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Etablera//Brev och kallelser//SV")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{appointment.public_id}@etablera")
    event.add("dtstamp", dt.datetime.now(tz=dt.UTC))
    event.add("dtstart", dt.datetime.combine(appointment.date, appointment.start_time, tzinfo=zone))
    event.add("dtend", dt.datetime.combine(appointment.date, appointment.end_time, tzinfo=zone))
    event.add("summary", _swedish(appointment.get_kind_display()))
    event.add(
        "location", ", ".join(part for part in (appointment.place_name, appointment.place_address) if part)
    )
    calendar.add_component(event)
    return calendar.to_ical()
