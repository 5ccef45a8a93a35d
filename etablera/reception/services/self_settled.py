"""Self-settled households (EBO, eget boende): they come without an anvisning, so the reception unit registers them
when they are folkbokförda in the municipality, and they then go through the same reception as an assigned household
— a reception case with the process template's tasks — but never count against the kommuntal (reports.py counts
anvisningar, and an EBO household has none; an anvisning with the EBO category is refused, see assignments.py).

A reception case without an anvisning is a self-settled household's (ReceptionCase.is_self_settled).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality
from etablera.people.models import Category
from etablera.people.services import PersonInput, create_household
from etablera.reception.models import CaseEvent, ReceptionCase
from etablera.reception.services.cases import open_reception_case
from etablera.reception.services.common import _reception_unit, _require_reception_staff


def clean_registered_date(registered_date: dt.date | None, today: dt.date) -> None:
    if registered_date is None:
        raise ValidationError({"registered_date": "Ange datumet då hushållet folkbokfördes i kommunen."})
    if registered_date > today:
        raise ValidationError({"registered_date": "Datumet kan inte ligga i framtiden."})


@transaction.atomic
def register_self_settled_household(
    *,
    actor,
    municipality: Municipality,
    household_name: str,
    members: list[PersonInput],
    registered_date: dt.date | None,
) -> ReceptionCase:
    """Register a self-settled household, folkbokförd in the municipality on `registered_date`, and open its
    reception case with the template's tasks. Every member is egenbosatt (EBO) whatever the input says. All or
    nothing: every error of the household, its members and the date comes back together."""
    _require_reception_staff(actor, municipality)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    try:
        clean_registered_date(registered_date, today)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _reception_unit(municipality)
    except ValidationError as error:
        errors.update(error.message_dict)
    for member in members:
        member.category = Category.SELF_SETTLED
    household = None
    try:
        household = create_household(
            actor=actor, municipality=municipality, name=household_name, members=members
        )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)  # inside the atomic block: a household already written is undone
    case, tasks = open_reception_case(
        actor=actor,
        household=household,
        municipality=municipality,
        arrival_date=registered_date,
        category=Category.SELF_SETTLED,
        decision_date=None,
    )
    CaseEvent.objects.create(
        household=household,
        actor=actor,
        kind=CaseEvent.Kind.RECEIVED,
        text=f"Egenbosatt (EBO), folkbokfört {registered_date}; {len(tasks)} uppgifter skapade",
    )
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        case,
        f"Mottagande öppnat för hushåll i eget boende, folkbokfört {registered_date}",
        {"registered_date": str(registered_date), "tasks": len(tasks)},
    )
    return case
