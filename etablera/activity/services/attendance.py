"""Attendance week by week (issue #13): the hours attended and the hours absent of one participation in one ISO
week, with the reason for an absence. Recorded by the unit the participation names (the activity's owner, the
placement's unit), by social services of the person's municipality, or by an administrator there.

Recording a week again replaces it (an import run twice changes nothing): the outcome says whether it was created,
updated or unchanged. A week recorded absent with "Inget anmält skäl" is not a sanction: it is a fact social
services may turn into a deviation to assess (services.deviations), and a person decides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.activity.models import Attendance, Participation
from etablera.activity.services.week import hours_text
from etablera.transitions import lock

NOTE = Attendance._meta.get_field("note").max_length
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def may_record(user, participation: Participation) -> bool:
    if user is None:
        return True
    caps = capabilities(user)
    return (
        participation.unit_id in caps.unit_ids
        or participation.municipality_id in caps.social_services_municipality_ids
        or participation.municipality_id in caps.admin_municipality_ids
    )


def require_recorder(user, participation: Participation) -> None:
    if not may_record(user, participation):
        raise PermissionDenied(
            "Närvaron registreras av enheten som har aktiviteten, socialtjänsten eller en administratör."
        )


def validate(
    participation: Participation,
    *,
    week: dt.date | None,
    hours_attended: Decimal | None,
    hours_absent: Decimal | None,
    absence_reason: str,
    note: str,
) -> dict[str, str]:
    """The errors of one week's record, by field (empty: it may be saved)."""
    errors: dict[str, str] = {}
    if week is None:
        errors["week"] = "Ange veckan, t.ex. 2026-W50."
    elif week.weekday() != 0:
        errors["week"] = "Veckan anges med sin måndag."
    elif week + dt.timedelta(days=6) < participation.starts_on or (
        participation.ends_on is not None and week > participation.ends_on
    ):
        errors["week"] = "Den planerade aktiviteten pågår inte den veckan."
    for name, value in (("hours_attended", hours_attended), ("hours_absent", hours_absent)):
        if value is None:
            errors[name] = "Ange timmar (0 om inga)."
        elif value < 0:
            errors[name] = "Timmarna kan inte vara färre än 0."
        elif value != round(value, 1):
            errors[name] = "Ange timmarna med högst en decimal."
    if not {"hours_attended", "hours_absent"} & errors.keys():
        possible = participation.hours_per_week
        if hours_attended + hours_absent > possible:
            errors["hours_attended"] = (
                f"Närvaro och frånvaro blir {hours_text(hours_attended + hours_absent)} timmar, mer än de "
                f"{hours_text(possible)} "
                "planerade timmarna i veckan."
            )
    if absence_reason not in Attendance.AbsenceReason.values:
        errors["absence_reason"] = "Välj ett av skälen i listan."
    elif "hours_absent" not in errors:
        if hours_absent > 0 and not absence_reason:
            errors["absence_reason"] = "Ange skälet till frånvaron (”Inget anmält skäl” om inget är anmält)."
        elif hours_absent == 0 and absence_reason:
            errors["absence_reason"] = "Ett skäl anges bara när det finns frånvaro."
    if len(note) > NOTE:
        errors["note"] = f"Högst {NOTE} tecken."
    return errors


@transaction.atomic
def record_attendance(
    actor,
    participation: Participation,
    *,
    week: dt.date | None,
    hours_attended: Decimal | None,
    hours_absent: Decimal | None = Decimal(0),
    absence_reason: str = "",
    note: str = "",
    source: str = Attendance.Source.MANUAL,
) -> tuple[Attendance, str]:
    """Record (or replace) one week: (the record, created/updated/unchanged)."""
    require_recorder(actor, participation)
    note = (note or "").strip()
    absence_reason = absence_reason or ""
    errors = validate(
        participation,
        week=week,
        hours_attended=hours_attended,
        hours_absent=hours_absent,
        absence_reason=absence_reason,
        note=note,
    )
    if errors:
        raise ValidationError(errors)
    lock(participation)  # two recorders of one week: the second waits and updates what the first wrote
    values = {
        "hours_attended": hours_attended,
        "hours_absent": hours_absent,
        "absence_reason": absence_reason,
        "note": note,
    }
    existing = Attendance.objects.filter(participation=participation, week=week).first()
    if existing is None:
        record = Attendance.objects.create(
            participation=participation, week=week, source=source, recorded_by=actor, **values
        )
        log_change(actor, AuditEvent.Action.CREATE, record, f"Närvaro registrerad vecka {week:%G-W%V}")
        return record, CREATED
    changes = {
        name: {"before": str(getattr(existing, name)), "after": str(value)}
        for name, value in values.items()
        if getattr(existing, name) != value
    }
    if not changes:
        return existing, UNCHANGED
    for name, value in values.items():
        setattr(existing, name, value)
    existing.source, existing.recorded_by = source, actor
    existing.save()
    log_change(actor, AuditEvent.Action.UPDATE, existing, f"Närvaro ändrad vecka {week:%G-W%V}", changes)
    return existing, UPDATED
