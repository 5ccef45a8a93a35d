"""Gallring of the civil register's contact persons (issue #17; the period in rules/retention.py, run by
access/gallring.py).

Legal ground. An association's contact person is a person outside the register whose name, role, e-mail and phone
the municipality keeps only to reach the association: while the cooperation lasts, and no longer (dataskydds-
förordningen art. 5.1 e, storage limitation). When the association has left the network (made inactive, `left_on`)
its contact persons are deleted `retention.civil_contact_years` after it left. The association, an organisation,
stays in the register with its offers, agreements and meetings (the municipality's records of its cooperation)."""

from __future__ import annotations

import datetime as dt

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.civil.models import ContactPerson
from etablera.rules.retention import civil_contact_cutoff


def due_contacts(today: dt.date, municipality_ids=None):
    """The contact persons of associations that left the network before the period's start."""
    rows = ContactPerson.objects.filter(
        association__active=False, association__left_on__lt=civil_contact_cutoff(today)
    )
    if municipality_ids is not None:
        rows = rows.filter(association__municipality_id__in=municipality_ids)
    return rows


def plan(today: dt.date, municipality_ids=None) -> dict[str, int]:
    return {"contacts": due_contacts(today, municipality_ids).count()}


def execute(today: dt.date, municipality_ids=None, actor=None) -> dict[str, int]:
    """Within the caller's transaction; one audit event per municipality with the count (never a name)."""
    by_municipality: dict[str, int] = {}
    for code in due_contacts(today, municipality_ids).values_list(
        "association__municipality__code", flat=True
    ):
        by_municipality[code] = by_municipality.get(code, 0) + 1
    deleted, _by_model = due_contacts(today, municipality_ids).delete()
    for code, count in sorted(by_municipality.items()):
        log_event(
            actor,
            AuditEvent.Action.DELETE,
            object_type="Gallring",
            summary=f"Gallring av föreningars kontaktpersoner {today.isoformat()}: {count} raderade",
            municipality_code=code,
            changes={"date": today.isoformat(), "civil": {"contacts": count}},
        )
    return {"contacts": deleted}
