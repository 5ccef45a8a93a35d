"""The child's plan: social services' plan for the child (SoL 11 kap. 3 §), recorded on the child's case with the
day it was last brought up to date. Where the person has an individual plan in "Establishment" the child's plan is
shown inside it (to those who see section SOCIAL, minors/selectors_plan.py); until then it stands alone on the
child's page. The text is the plan as it stands now; the audit log says when it changed and who changed it, not what
it said (the plan is section SOCIAL, and the log is read by others than its owners)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.minors.models import ChildCase
from etablera.minors.services.case import check_length, require_social_services
from etablera.transitions import StateConflict, lock


@transaction.atomic
def record_care_plan(
    actor, case: ChildCase, *, care_plan: str, updated_on: dt.date | None = None
) -> ChildCase:
    """Record the child's plan as it now reads, updated `updated_on` (today unless given). Refused for a closed case
    and for a day before the plan's last update (the dates would no longer say which text is the newest)."""
    require_social_services(actor, case.person, case.municipality_id)
    care_plan = (care_plan or "").strip()
    today = timezone.localdate()
    updated_on = updated_on or today
    errors: dict[str, str] = {}
    if not care_plan:
        errors["care_plan"] = "Skriv barnets plan."
    check_length(errors, {"care_plan": care_plan}, ChildCase)
    if updated_on > today:
        errors["updated_on"] = "Datumet kan inte ligga i framtiden."
    if errors:
        raise ValidationError(errors)
    lock(case)
    if case.status != ChildCase.Status.OPEN:
        raise StateConflict(
            f"Barnärendet avslutades {case.closed_on}: barnets plan kan inte längre ändras.",
            field="care_plan",
        )
    before = case.care_plan_updated_on
    if before is not None and updated_on < before:
        raise ValidationError(
            {"updated_on": f"Planen uppdaterades senast {before}: ange den dagen eller en senare."}
        )
    if care_plan == case.care_plan and updated_on == before:
        return case
    changed_text = care_plan != case.care_plan
    case.care_plan, case.care_plan_updated_on = care_plan, updated_on
    case.save(update_fields=["care_plan", "care_plan_updated_on", "updated_at"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        case,
        f"Barnets plan {'uppdaterad' if changed_text else 'genomgången utan ändring'} {updated_on}",
        {
            "care_plan": "ändrad" if changed_text else "oförändrad",
            "care_plan_updated_on": [before.isoformat() if before else None, updated_on.isoformat()],
        },
    )
    return case
