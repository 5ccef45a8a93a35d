"""What the establishment routers share: the answers of a write, the records by public id (only those the user
sees, else 404, as the selectors would), and each record as the answer's dict."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from django.db.models import Prefetch
from ninja import Path

from etablera.access.policy import get_for_user
from etablera.api.schemas import Message, ValidationErrorOut
from etablera.establishment.models import IndividualPlan, Intervention, ProgrammePeriod, SfiEnrolment

WRITE_ERRORS = {403: Message, 404: Message, 422: ValidationErrorOut}
# A change of state someone else made first, or a record already closed: 409 (etablera/transitions.py).
STATE_ERRORS = {**WRITE_ERRORS, 409: Message}

PersonId = Annotated[UUID, Path(description="Personens publika id (UUID).")]
PlanId = Annotated[UUID, Path(description="Planens publika id (UUID).")]
ProgrammeId = Annotated[UUID, Path(description="Programperiodens publika id (UUID).")]
SfiId = Annotated[UUID, Path(description="SFI-anmälans publika id (UUID).")]


def plan_for(user, public_id) -> IndividualPlan:
    return get_for_user(user, IndividualPlan.objects.select_related("person"), public_id=public_id)


def programme_for(user, public_id) -> ProgrammePeriod:
    return get_for_user(
        user, ProgrammePeriod.objects.select_related("person", "updated_by"), public_id=public_id
    )


def sfi_for(user, public_id) -> SfiEnrolment:
    return get_for_user(
        user, SfiEnrolment.objects.select_related("person", "updated_by"), public_id=public_id
    )


def plan_with_parts(plan: IndividualPlan) -> IndividualPlan:
    """The plan again with its goals, interventions and meetings, as the answer shows them."""
    return (
        IndividualPlan.objects.select_related("consent")
        .prefetch_related(
            "goals",
            Prefetch("interventions", Intervention.objects.select_related("unit")),
            "meetings",
        )
        .get(pk=plan.pk)
    )


def plan_dict(plan: IndividualPlan) -> dict:
    return {
        "public_id": plan.public_id,
        "kind": plan.kind,
        "status": plan.status,
        "consent": plan.consent.public_id if plan.consent_id else None,
        "need_known_on": plan.need_known_on,
        "start_due": plan.start_deadline,
        "started_on": plan.started_on,
        "municipality_responsibility": plan.municipality_responsibility,
        "region_responsibility": plan.region_responsibility,
        "responsible_unit_id": plan.responsible_unit_id,
        "responsible_name": plan.responsible_name,
        "revision": plan.revision,
        "revised_on": plan.revised_on,
        "revision_note": plan.revision_note,
        "closed_on": plan.closed_on,
        "closed_reason": plan.closed_reason,
        "closed_outcome": plan.closed_outcome,
        "next_meeting_on": plan.next_meeting_on,
        "follow_up_due": plan.follow_up_deadline,
        "goals": list(plan.goals.all()),
        "interventions": [
            {
                "id": i.pk,
                "goal_id": i.goal_id,
                "unit_id": i.unit_id,
                "unit_name": i.unit.name if i.unit_id else None,
                "external_actor": i.external_actor,
                "what": i.what,
                "start_date": i.start_date,
                "end_date": i.end_date,
                "hours_per_week": i.hours_per_week,
                "status": i.status,
                "outcome": i.outcome,
            }
            for i in plan.interventions.all()
        ],
        "meetings": list(plan.meetings.all()),
    }


def programme_dict(period: ProgrammePeriod) -> dict:
    return {
        "public_id": period.public_id,
        "referral_date": period.referral_date,
        "plan_date": period.plan_date,
        "start_date": period.start_date,
        "planned_end": period.planned_end,
        "planned_end_deadline": period.planned_end_deadline,
        "actual_end": period.actual_end,
        "end_reason": period.end_reason,
        "end_note": period.end_note,
    }


def sfi_dict(enrolment: SfiEnrolment) -> dict:
    return {
        "public_id": enrolment.public_id,
        "enrolled_on": enrolment.enrolled_on,
        "start_date": enrolment.start_date,
        "course": enrolment.course,
        "study_path": enrolment.study_path,
        "hours_per_week": enrolment.hours_per_week,
        "status": enrolment.status,
        "completed_on": enrolment.completed_on,
        "interruptions": list(enrolment.interruptions.all()),
    }


def monthly_dict(row) -> dict:
    return {"month": f"{row.month:%Y-%m}", "status": row.status, "note": row.note}
