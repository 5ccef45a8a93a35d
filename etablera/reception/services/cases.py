"""Closing a reception case (mottagande) when the reception period is over."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.reception.models import CaseEvent, ReceptionCase, Task
from etablera.reception.services.common import _require_reception_staff


@transaction.atomic
def close_reception_case(*, actor, case: ReceptionCase, closed_date: dt.date | None = None) -> ReceptionCase:
    """The reception period is over. Closing also ends the other units' access that came from owning tasks in
    the case (etablera.access.policy: involvement needs an open case), so every task must be finished first —
    done or marked not applicable — rather than left open where nobody sees it."""
    case = (
        ReceptionCase.objects.select_for_update(of=("self",))
        .select_related("municipality", "household")
        .get(pk=case.pk)
    )
    _require_reception_staff(actor, case.municipality)
    today = timezone.localdate()
    closed_date = closed_date or today
    errors: dict[str, str] = {}
    if case.status != ReceptionCase.Status.OPEN:
        errors["closed_date"] = "Mottagandet är redan avslutat."
    elif closed_date < case.arrival_date:
        errors["closed_date"] = "Datumet kan inte vara före ankomstdatumet."
    elif closed_date > today:
        errors["closed_date"] = "Datumet kan inte ligga i framtiden."
    open_tasks = case.tasks.filter(status=Task.Status.OPEN).count()
    if open_tasks and "closed_date" not in errors:
        errors["tasks"] = (
            "Alla uppgifter måste vara klara eller markerade ej aktuella innan mottagandet avslutas "
            f"(öppna nu: {open_tasks})."
        )
    if errors:
        raise ValidationError(errors)
    case.status = ReceptionCase.Status.CLOSED
    case.closed_date = closed_date
    case.save(update_fields=["status", "closed_date"])
    CaseEvent.objects.create(
        household=case.household,
        actor=actor,
        kind=CaseEvent.Kind.NOTE,
        text=f"Mottagandet avslutat {closed_date}",
    )
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        f"Mottagandet avslutat {closed_date}",
        {"status": ["OPEN", "CLOSED"], "closed_date": str(closed_date)},
    )
    return case
