"""Reads for the letters: a household's appointments and one appointment, for the user who may see the household
(404 otherwise), each logged as a read of the household."""

from __future__ import annotations

from dataclasses import dataclass

from etablera.access.audit import log_read
from etablera.access.policy import get_for_user, restrict
from etablera.letters.models import Appointment, LetterTranslation
from etablera.people.models import Household, Person


@dataclass(frozen=True)
class HouseholdLetters:
    household: Household
    members: list[Person]
    appointments: list[Appointment]


def _members(household) -> list[Person]:
    return list(
        Person.objects.filter(household_memberships__household=household).order_by("birth_date", "pk")
    )


def _appointments(user, household):
    queryset = Appointment.objects.filter(household=household).select_related("responsible_unit")
    if user is not None:
        queryset = restrict(user, queryset)
    return list(queryset.prefetch_related("persons"))


def household_letters(user, public_id, summary: str = "Möten och brev") -> HouseholdLetters:
    household = get_for_user(user, Household.objects.select_related("municipality"), public_id=public_id)
    log_read(user, household, summary)
    return HouseholdLetters(household, _members(household), _appointments(user, household))


def appointment_for_user(user, public_id, summary: str = "Möte") -> Appointment:
    queryset = Appointment.objects.select_related("household__municipality", "responsible_unit")
    appointment = get_for_user(user, queryset, public_id=public_id)
    log_read(user, appointment.household, summary)
    return appointment


def participants(appointment: Appointment) -> list[Person]:
    """The persons invited: those named on the appointment, else the whole household."""
    named = list(appointment.persons.all())
    return named or _members(appointment.household)


def for_command(*, reference: str | None = None, appointment_id=None):
    """The command line's read (the operator runs it on the server: no user to restrict by); logged by the caller's
    channel as a read without an actor."""
    from etablera.reception.models import Assignment

    if reference is not None:
        assignment = (
            Assignment.objects.select_related("household__municipality").filter(reference=reference).first()
        )
        if assignment is None or assignment.household is None:
            return None
        household = assignment.household
        log_read(None, household, "Välkomstbrev")
        return HouseholdLetters(household, _members(household), _appointments(None, household))
    appointment = (
        Appointment.objects.select_related("household__municipality", "responsible_unit")
        .filter(public_id=appointment_id)
        .first()
    )
    if appointment is not None:
        log_read(None, appointment.household, "Kallelse")
    return appointment


def translations() -> dict[str, LetterTranslation]:
    return {row.language: row for row in LetterTranslation.objects.all()}
