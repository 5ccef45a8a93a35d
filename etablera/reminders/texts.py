"""The reminder's text, in the person's language (the letters' choice: letters/languages.py), from the translation
catalogues under `translation.override` as the letters are.

What it says and what it never says: the municipality, the day and time, the place's address and the unit's phone
number. Never the kind of meeting (a health examination would tell whoever reads the phone what it is about: every
meeting is "en tid"), never a name, never an identity number, never the person's own address. An SMS may be read
by anyone who holds the phone.

Each part is a whole sentence of its own msgid: the place and the phone are left out when there is none, and no
sentence is built from pieces."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from etablera.letters import languages
from etablera.letters.models import Appointment
from etablera.organisation.models import Unit


@dataclass(frozen=True)
class Composed:
    language: str
    subject: str
    text: str


def language_for(person) -> str:
    return languages.default_for(person)


def _place(appointment: Appointment) -> str:
    """The meeting place's address. Without one, the place's name — except for a health examination, whose place
    name (a health centre) would say what the meeting is."""
    if appointment.place_address:
        return appointment.place_address
    if appointment.kind == Appointment.Kind.HEALTH_EXAMINATION:
        return ""
    return appointment.place_name


def questions_phone(appointment: Appointment) -> str:
    """The responsible unit's number for questions, else the reception unit's of the municipality, else none."""
    from etablera.reminders.models import UnitPhone

    if appointment.responsible_unit_id:
        phone = UnitPhone.objects.filter(unit_id=appointment.responsible_unit_id).first()
        if phone is not None:
            return phone.phone
    phone = (
        UnitPhone.objects.filter(
            unit__municipality_id=appointment.household.municipality_id,
            unit__function=Unit.Function.RECEPTION,
        )
        .order_by("pk")
        .first()
    )
    return phone.phone if phone is not None else ""


def compose(appointment: Appointment, code: str, *, phone: str | None = None) -> Composed:
    municipality = appointment.household.municipality.name
    place = _place(appointment)
    phone = questions_phone(appointment) if phone is None else phone
    with translation.override(code):
        sentences = [
            _("Påminnelse: du har en tid hos %(municipality)s %(date)s kl. %(time)s.")
            % {
                "municipality": municipality,
                "date": appointment.date.isoformat(),
                "time": appointment.start_time.strftime("%H:%M"),
            }
        ]
        if place:
            sentences.append(_("Plats: %(place)s.") % {"place": place})
        if phone:
            sentences.append(_("Frågor: %(phone)s.") % {"phone": phone})
        subject = _("Påminnelse från %(municipality)s") % {"municipality": municipality}
    return Composed(code, subject, " ".join(sentences))
