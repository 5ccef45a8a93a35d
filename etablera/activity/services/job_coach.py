"""The job coach (issue #13): one coach at a time per person, a user of the labour-market unit or of social
services in the person's municipality, with the first contact due within the local deadline
(rules.activity.job_coach_first_contact — Trelleborg's three days in the demo) stored with its explanation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from etablera.access.audit import log_change
from etablera.access.models import AuditEvent
from etablera.access.policy import STAFF_ROLES
from etablera.activity.models import JobCoachAssignment
from etablera.activity.services.week import require_week_writer
from etablera.organisation.models import Membership, Unit
from etablera.people.models import Person
from etablera.rules import activity as rules
from etablera.transitions import StateConflict, by_whom, lock

COACH_FUNCTIONS = (Unit.Function.LABOUR_MARKET, Unit.Function.SOCIAL_SERVICES)


def coach_units(coach, municipality_id: int) -> list[Unit]:
    """The units in which `coach` may be a job coach in the municipality."""
    if coach is None:
        return []
    return [
        m.unit
        for m in Membership.objects.filter(
            user=coach,
            role__in=STAFF_ROLES,
            unit__municipality_id=municipality_id,
            unit__function__in=COACH_FUNCTIONS,
        ).select_related("unit")
    ]


def coach_choices(municipality_id: int):
    """Who may be chosen as job coach in the municipality: (user, unit) pairs, by name."""
    memberships = (
        Membership.objects.filter(
            role__in=STAFF_ROLES,
            unit__municipality_id=municipality_id,
            unit__function__in=COACH_FUNCTIONS,
            user__is_active=True,
        )
        .select_related("user", "unit")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    return [(m.user, m.unit) for m in memberships]


@transaction.atomic
def assign_job_coach(
    actor, person: Person, *, coach, assigned_on: dt.date | None = None, unit: Unit | None = None
) -> JobCoachAssignment:
    require_week_writer(actor, person)
    assigned_on = assigned_on or timezone.localdate()
    errors: dict[str, str] = {}
    units = coach_units(coach, person.municipality_id)
    if not units:
        errors["coach"] = (
            "Jobbcoachen ska arbeta i arbetsmarknadsenheten eller socialtjänsten i personens kommun."
        )
    elif unit is not None and unit not in units:
        errors["unit"] = "Jobbcoachen arbetar inte i den enheten."
    if assigned_on > timezone.localdate():
        errors["assigned_on"] = "Datumet kan inte vara i framtiden."
    if errors:
        raise ValidationError(errors)
    lock(person)  # one coach at a time: two assignments at once, the second is refused
    current = JobCoachAssignment.objects.filter(person=person, ended_on__isnull=True).first()
    if current is not None:
        raise StateConflict(
            f"Personen har redan en jobbcoach, {current.coach}, sedan {current.assigned_on:%Y-%m-%d}"
            f"{by_whom(current.created_by, current.created_at)}. Avsluta den först.",
            field="coach",
        )
    deadline = rules.job_coach_first_contact(assigned_on)
    assignment = JobCoachAssignment.objects.create(
        person=person,
        municipality_id=person.municipality_id,
        coach=coach,
        unit=unit or units[0],
        assigned_on=assigned_on,
        first_contact_due=deadline.date,
        first_contact_rule=deadline.as_json(),
        created_by=actor,
    )
    log_change(actor, AuditEvent.Action.CREATE, assignment, "Jobbcoach tilldelad")
    return assignment


@transaction.atomic
def record_first_contact(actor, assignment: JobCoachAssignment, *, on: dt.date | None) -> JobCoachAssignment:
    require_week_writer(actor, assignment.person)
    if on is None:
        raise ValidationError({"first_contact_on": "Ange dagen för den första kontakten."})
    if on > timezone.localdate():
        raise ValidationError({"first_contact_on": "Datumet kan inte vara i framtiden."})
    lock(assignment)
    if assignment.ended_on is not None:
        raise StateConflict(
            f"Jobbcoachen avslutades {assignment.ended_on:%Y-%m-%d}.", field="first_contact_on"
        )
    if assignment.first_contact_on is not None:
        raise StateConflict(
            f"Första kontakten är redan registrerad {assignment.first_contact_on:%Y-%m-%d}.",
            field="first_contact_on",
        )
    if on < assignment.assigned_on:
        raise ValidationError(
            {"first_contact_on": "Den första kontakten kan inte vara före dagen jobbcoachen tilldelades."}
        )
    assignment.first_contact_on = on
    assignment.save(update_fields=["first_contact_on"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        assignment,
        "Jobbcoachens första kontakt registrerad",
        {"first_contact_on": {"before": None, "after": on.isoformat()}},
    )
    return assignment


@transaction.atomic
def end_job_coach(actor, assignment: JobCoachAssignment, *, on: dt.date | None) -> JobCoachAssignment:
    require_week_writer(actor, assignment.person)
    if on is None:
        raise ValidationError({"ended_on": "Ange sista dagen."})
    lock(assignment)
    if assignment.ended_on is not None:
        raise StateConflict(
            f"Jobbcoachen är redan avslutad {assignment.ended_on:%Y-%m-%d}.", field="ended_on"
        )
    if on < assignment.assigned_on:
        raise ValidationError({"ended_on": "Slutet kan inte vara före dagen jobbcoachen tilldelades."})
    assignment.ended_on = on
    assignment.save(update_fields=["ended_on"])
    log_change(
        actor,
        AuditEvent.Action.UPDATE,
        assignment,
        "Jobbcoach avslutad",
        {"ended_on": {"before": None, "after": on.isoformat()}},
    )
    return assignment
