"""What every change of a registered person shares (issue #11): who may make it, the locked row it is decided on,
and identity numbers masked for the audit log.

The policy decides who may (access.policy.can_edit_person: the reception unit's staff and the administrators of
the person's municipality); the row is locked (transitions.lock) so that two edits at once are made one after the
other, and an edit made from a form that was opened before someone else's change is refused instead of silently
overwriting it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.utils.dateparse import parse_datetime

from etablera.access.policy import can_edit_person, restrict
from etablera.people.models import Person
from etablera.rules import identity
from etablera.transitions import StateConflict, lock

NOT_EDITOR = "Bara mottagningsenheten och kommunens administratörer kan ändra personens uppgifter."
STALE = (
    "Någon annan har ändrat personens uppgifter sedan du öppnade formuläret. "
    "Uppgifterna visas nu som de är; gör din ändring igen."
)


def require_editor(actor, person: Person) -> None:
    """PermissionDenied unless `actor` may change the person's register data (the system, actor None, may:
    the loader and the command line are authorised by who may run them)."""
    if actor is None:
        return
    if not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied("Du har inte tillgång till personen.")
    if not can_edit_person(actor, person):
        raise PermissionDenied(NOT_EDITOR)


def parse_version(value) -> dt.datetime | None:
    """The `version` a form or API client sends back: the person's `updated_at` as it was read."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value
    return parse_datetime(str(value))


def lock_person(person: Person, version=None) -> Person:
    """Lock the person's row and read it again. With `version` (the `updated_at` the change was made from), refuse
    the change if someone else has changed the person since (StateConflict, a 409 in the API)."""
    lock(person)
    expected = parse_version(version)
    if expected is not None and person.updated_at != expected:
        raise StateConflict(STALE, field=NON_FIELD_ERRORS)
    return person


def masked_number(kind: str, value: str) -> str:
    """An identity number as the audit log may hold it: the birth date of a personnummer or samordningsnummer
    (ÅÅÅÅMMDD-****), the first two digits of a dossiernummer; never the whole number."""
    if not value:
        return ""
    if kind in (identity.PERSONNUMMER, identity.SAMORDNINGSNUMMER):
        return identity.IdentityNumber(kind, value).masked
    return f"{value[:2]}-******"
