"""Writes for the letters: appointments (created and changed by whoever sees the household) and a language's
review state (administrators). Each writes its audit event."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities, get_for_user
from etablera.letters import languages
from etablera.letters.models import Appointment, LetterTranslation
from etablera.people.models import Household
from etablera.transitions import lock

FIELDS = (
    "kind",
    "date",
    "start_time",
    "end_time",
    "place_name",
    "place_address",
    "responsible_unit",
    "staff_names",
    "interpreter_language",
    "interpreter_status",
    "notes",
)


def _validate(household, values: dict, persons) -> None:
    errors = {}
    start, end = values.get("start_time"), values.get("end_time")
    if isinstance(start, dt.time) and isinstance(end, dt.time) and end <= start:
        errors["end_time"] = _("Mötet måste sluta efter att det börjar.")
    status = values.get("interpreter_status") or Appointment.InterpreterStatus.NOT_NEEDED
    needs = status != Appointment.InterpreterStatus.NOT_NEEDED
    if needs and not values.get("interpreter_language"):
        errors["interpreter_language"] = _("Ange tolkspråket när en tolk ska bokas.")
    if values.get("interpreter_language") and values["interpreter_language"] not in languages.CODES:
        errors["interpreter_language"] = _("Välj ett av språken i listan.")
    unit = values.get("responsible_unit")
    if unit is not None and unit.municipality_id != household.municipality_id:
        errors["responsible_unit"] = _("Välj en enhet i hushållets kommun.")
    member_ids = set(household.memberships.values_list("person_id", flat=True))
    if any(person.pk not in member_ids for person in persons):
        errors["persons"] = _("Deltagarna måste höra till hushållet.")
    if errors:
        raise ValidationError(errors)


def create_appointment(*, actor, household: Household, persons=(), **values) -> Appointment:
    household = get_for_user(actor, Household.objects.all(), pk=household.pk)
    _validate(household, values, persons)
    with transaction.atomic():
        appointment = Appointment(household=household, created_by=actor, **values)
        appointment.full_clean(exclude=["household", "created_by"])
        appointment.save()
        appointment.persons.set(persons)
        log_change(
            actor,
            AuditEvent.Action.CREATE,
            appointment,
            f"Möte bokat: {appointment.get_kind_display()} {appointment.date.isoformat()}",
        )
    return appointment


def update_appointment(*, actor, appointment: Appointment, persons=(), **values) -> Appointment:
    appointment = get_for_user(actor, Appointment.objects.select_related("household"), pk=appointment.pk)
    _validate(appointment.household, values, persons)
    with transaction.atomic():
        appointment = lock(appointment)
        changes = {}
        for field in FIELDS:
            if field in values and getattr(appointment, field) != values[field]:
                changes[field] = str(values[field])
                setattr(appointment, field, values[field])
        appointment.full_clean(exclude=["household", "created_by"])
        appointment.save()
        appointment.persons.set(persons)
        log_change(actor, AuditEvent.Action.UPDATE, appointment, "Möte ändrat", changes)
    return appointment


def set_review(
    *, actor, language: str, reviewed: bool, reviewed_by: str = "", note: str = ""
) -> LetterTranslation:
    """Mark a language's letter texts reviewed by a qualified translator (named), or back to a draft."""
    if not capabilities(actor).is_administrator:
        raise ValidationError(_("Bara administratörer kan markera en översättning som granskad."))
    if language not in languages.CODES or language == "sv":
        raise ValidationError({"language": _("Välj ett av brevens översatta språk.")})
    if reviewed and not reviewed_by.strip():
        raise ValidationError({"reviewed_by": _("Ange vem som har granskat översättningen.")})
    with transaction.atomic():
        row, _created = LetterTranslation.objects.get_or_create(language=language)
        row = lock(row)
        row.reviewed = reviewed
        row.reviewed_by = reviewed_by.strip() if reviewed else ""
        row.reviewed_at = timezone.now() if reviewed else None
        row.note = note
        row.save()
        log_change(
            actor,
            AuditEvent.Action.UPDATE,
            row,
            f"Brevens översättning till {languages.get(language).name}: "
            + ("granskad" if reviewed else "maskinöversättning"),
        )
    return row
