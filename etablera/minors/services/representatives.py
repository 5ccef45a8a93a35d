"""The child's legal representatives: a god man (appointed by the överförmyndare; the appointment ends at 18, or when
a särskilt förordnad vårdnadshavare is appointed) and the specially appointed custodian the social board applies for
after a residence permit. Appointing a custodian ends the god man's appointment the same day."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.minors.models import ChildCase, Guardian
from etablera.minors.services.case import check_length, require_social_services
from etablera.transitions import StateConflict, lock


@transaction.atomic
def add_guardian(
    actor,
    case: ChildCase,
    *,
    kind: str,
    name: str,
    applied_on: dt.date | None = None,
    appointed_on: dt.date | None = None,
    phone: str = "",
    email: str = "",
) -> Guardian:
    require_social_services(actor, case.person, case.municipality_id)
    name, phone, email = (name or "").strip(), (phone or "").strip(), (email or "").strip()
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if kind not in Guardian.Kind.values:
        errors["kind"] = "Välj god man eller särskilt förordnad vårdnadshavare."
    if not name:
        errors["name"] = "Ange namnet."
    if applied_on is None and appointed_on is None:
        errors["appointed_on"] = "Ange när ansökan gjordes eller när företrädaren förordnades."
    for field, value in (("applied_on", applied_on), ("appointed_on", appointed_on)):
        if value is not None and value > today:
            errors[field] = "Datumet kan inte ligga i framtiden."
    if applied_on and appointed_on and appointed_on < applied_on:
        errors["appointed_on"] = "Förordnandet kan inte vara före ansökan."
    if email and "@" not in email:
        errors["email"] = "Ange en e-postadress, till exempel namn@exempel.se."
    check_length(errors, {"name": name, "phone": phone, "email": email}, Guardian)
    if errors:
        raise ValidationError(errors)
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict("Barnärendet är avslutat.", field="kind")
    guardian = Guardian.objects.create(
        case=case,
        kind=kind,
        name=name,
        phone=phone,
        email=email,
        applied_on=applied_on,
        appointed_on=appointed_on,
        created_by=actor,
    )
    log_change(actor, AuditEvent.Action.CREATE, guardian, f"{guardian.get_kind_display()} registrerad")
    if kind == Guardian.Kind.APPOINTED_CUSTODIAN and appointed_on is not None:
        # A specially appointed custodian ends the god man's appointment (lag 2005:429).
        for good_man in case.guardians.select_for_update().filter(
            kind=Guardian.Kind.GOOD_MAN, ended_on__isnull=True, appointed_on__isnull=False
        ):
            good_man.ended_on = max(appointed_on, good_man.appointed_on)
            good_man.end_reason = Guardian.EndReason.CUSTODIAN
            good_man.save(update_fields=["ended_on", "end_reason"])
            log_change(
                actor,
                AuditEvent.Action.UPDATE,
                good_man,
                f"God mans uppdrag upphörde {good_man.ended_on}: särskilt förordnad vårdnadshavare utsedd",
            )
    return guardian


@transaction.atomic
def end_guardian(actor, guardian: Guardian, *, ended_on: dt.date | None, reason: str) -> Guardian:
    require_social_services(actor, guardian.case.person, guardian.case.municipality_id)
    errors: dict[str, str] = {}
    if ended_on is None:
        errors["ended_on"] = "Ange när uppdraget upphörde."
    elif ended_on > timezone.localdate():
        errors["ended_on"] = "Datumet kan inte ligga i framtiden."
    if reason not in Guardian.EndReason.values:
        errors["end_reason"] = "Välj skälet."
    if errors:
        raise ValidationError(errors)
    lock(guardian)
    if guardian.ended_on is not None:
        raise StateConflict(f"Uppdraget upphörde redan {guardian.ended_on}.", field="ended_on")
    if guardian.appointed_on is None:
        raise ValidationError({"ended_on": "Företrädaren är inte förordnad: registrera förordnandet först."})
    if ended_on < guardian.appointed_on:
        raise ValidationError({"ended_on": f"Kan inte vara före förordnandet {guardian.appointed_on}."})
    guardian.ended_on, guardian.end_reason = ended_on, reason
    guardian.save(update_fields=["ended_on", "end_reason"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        guardian,
        f"{guardian.get_kind_display()}: uppdraget upphörde {ended_on}",
        {"ended_on": [None, ended_on.isoformat()], "end_reason": reason},
    )
    return guardian
