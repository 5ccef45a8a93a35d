"""Decisions on a person's residence permit (issue #11): a history, not one field. Each decision is kept
(ResidencePermitDecision: kind, decided on, valid from and until); the current one — the latest decided — is
mirrored on Person.residence_permit and residence_permit_date, which the rules and reports already read.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.people.models import Person, ResidencePermitDecision
from etablera.people.services.editing import lock_person, require_editor

Kind = ResidencePermitDecision.Kind


def _clean(person: Person, kind: str, decided_on, valid_from, valid_until) -> dict:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = "Välj typ av tillstånd (permanent eller tidsbegränsat)."
    if decided_on is None:
        errors["decided_on"] = "Ange beslutsdatum."
    elif decided_on > today:
        errors["decided_on"] = "Beslutsdatum kan inte ligga i framtiden."
    elif person.birth_date and decided_on < person.birth_date:
        errors["decided_on"] = "Beslutsdatum kan inte ligga före personens födelsedatum."
    valid_from = valid_from or decided_on
    if valid_until is not None and valid_from is not None and valid_until < valid_from:
        errors["valid_until"] = "Slutdatumet kan inte ligga före startdatumet."
    elif kind == Kind.PERMANENT and valid_until is not None:
        errors["valid_until"] = (
            "Ett permanent uppehållstillstånd gäller tills vidare: lämna slutdatumet tomt."
        )
    elif kind == Kind.TEMPORARY and valid_until is None:
        errors["valid_until"] = "Ange till och med vilket datum tillståndet gäller."
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "decided_on": decided_on, "valid_from": valid_from, "valid_until": valid_until}


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@transaction.atomic
def record_residence_permit(
    *,
    actor,
    person: Person,
    kind: str,
    decided_on: dt.date | None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> ResidencePermitDecision:
    """Record a decision on the person's residence permit (a new one, an extension, a PUT after a TUT); the
    earlier ones stay. `valid_from` defaults to the decision date. Audited with what the person's current permit
    was and is."""
    require_editor(actor, person)
    cleaned = _clean(person, kind, decided_on, valid_from, valid_until)
    lock_person(person)
    decision = ResidencePermitDecision.objects.create(person=person, recorded_by=actor, **cleaned)
    current = person.residence_permit_decisions.order_by("-decided_on", "-created_at", "-pk").first()
    old = [person.residence_permit, _date(person.residence_permit_date)]
    person.residence_permit = current.kind
    person.residence_permit_date = current.decided_on
    person.save(update_fields=["residence_permit", "residence_permit_date", "updated_at"])
    until = f"–{decision.valid_until.isoformat()}" if decision.valid_until else ""
    log_change(
        actor,
        AuditEvent.Action.CREATE,
        person,
        f"Beslut om uppehållstillstånd registrerat: {decision.get_kind_display()}, beslutat "
        f"{decision.decided_on.isoformat()}, gäller {decision.valid_from.isoformat()}{until}",
        {
            "decision": str(decision.public_id),
            "kind": decision.kind,
            "decided_on": _date(decision.decided_on),
            "valid_from": _date(decision.valid_from),
            "valid_until": _date(decision.valid_until),
            "residence_permit": [old[0], person.residence_permit],
            "residence_permit_date": [old[1], _date(person.residence_permit_date)],
        },
    )
    return decision
