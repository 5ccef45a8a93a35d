"""What every establishment write shares: who may write, and how a value goes into the audit log.

Everyone who sees the person may keep the person's establishment records (the mapping's basic part, the plan, the
programme, SFI, the monthly status): the plan is the units' common one. The mapping's health and capacity need the
HEALTH section, a child's mapping the SCHOOL section (their owners, or a consent that names the unit and section).
The CLI and imports write as the system (`actor=None`), authorised by who may run them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from etablera.access.policy import restrict, visible_sections
from etablera.people.models import Person


def require_sees_person(actor, person: Person) -> None:
    if actor is None:
        return
    if not restrict(actor, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied("Du har inte behörighet att ändra personens etablering.")


def require_section(actor, person: Person, section: str) -> None:
    require_sees_person(actor, person)
    if actor is not None and section not in visible_sections(actor, [person])[person.pk]:
        raise PermissionDenied(
            "Den här delen får bara den ansvariga enheten, eller den som har samtycke, ändra."
        )


def jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def apply(instance, values: dict) -> dict:
    """Set `values` on `instance`; the changes as {field: {before, after}} for the audit log."""
    changes = {
        name: {"before": jsonable(getattr(instance, name)), "after": jsonable(value)}
        for name, value in values.items()
        if getattr(instance, name) != value
    }
    for name, value in values.items():
        setattr(instance, name, value)
    return changes


def check_length(errors: dict, values: dict, model) -> None:
    """A text longer than its column is refused at the field (forms check it too; the services are the gate)."""
    for name, value in values.items():
        if isinstance(value, str):
            limit = model._meta.get_field(name).max_length
            if limit and len(value) > limit:
                errors[name] = f"Högst {limit} tecken."


def check_choice(errors: dict, name: str, value, choices, message: str) -> None:
    if value not in choices.values:
        errors[name] = message
