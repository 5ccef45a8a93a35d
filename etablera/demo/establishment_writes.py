"""What the demo's establishment stories (demo/establishment.py, demo/establishment_plans.py) share: finding a
demo person, and writing a mapping, a plan, a meeting and the months' statuses through establishment.services,
with the day each was started moved back to its simulated day."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from etablera.establishment import services as establishment
from etablera.establishment.models import Assessment, IndividualPlan, MonthlyStatus, PlanMeeting
from etablera.people.models import Person

MS = MonthlyStatus.Status


def _person(reference: str, first_name: str) -> Person | None:
    return Person.objects.filter(
        household_memberships__household__assignments__reference=reference, first_name=first_name
    ).first()


def _arrival(person: Person) -> dt.date:
    return establishment.assessment.arrival_date(person)


def _at(day: dt.date) -> dt.datetime:
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30))), timezone.now())


def _mapping(
    actor, person: Person, started: dt.date, *, completed: dt.date | None = None, **parts
) -> Assessment:
    """Start the mapping (dated `started`), fill in its parts and complete it on `completed`."""
    assessment = establishment.start_assessment(actor=actor, person=person)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=_at(started))
    assessment.refresh_from_db()
    establishment.update_assessment(
        actor=actor,
        assessment=assessment,
        literacy=parts.get("literacy", ""),
        driving_licence=parts.get("driving_licence", ""),
        goals=parts.get("goals", ""),
        needs=parts.get("needs", ""),
    )
    for level, years, field, country in parts.get("educations", ()):
        establishment.add_education(
            actor=actor, assessment=assessment, level=level, years=years, field=field, country=country
        )
    for code, occupation, years in parts.get("work", ()):
        establishment.add_work_experience(
            actor=actor, assessment=assessment, ssyk_code=code, occupation=occupation, years=years
        )
    for language, level in parts.get("languages", ()):
        establishment.add_language(actor=actor, assessment=assessment, language=language, level=level)
    if completed:
        establishment.complete_assessment(actor=actor, assessment=assessment, on=completed)
    return assessment


def _plan(actor, person: Person, started: dt.date, **options) -> IndividualPlan:
    plan = establishment.create_plan(actor=actor, person=person, started_on=started, **options)
    IndividualPlan.objects.filter(pk=plan.pk).update(created_at=_at(started))
    return plan


def _meeting(actor, plan: IndividualPlan, held_on: dt.date, **options) -> PlanMeeting:
    meeting = establishment.record_meeting(actor=actor, plan=plan, held_on=held_on, **options)
    PlanMeeting.objects.filter(pk=meeting.pk).update(recorded_at=_at(held_on))
    return meeting


def _statuses(actor, person: Person, first: dt.date, today: dt.date, status_for) -> None:
    """A status for each month from `first` to the month before today's."""
    month = first.replace(day=1)
    while month < today.replace(day=1):
        establishment.set_monthly_status(actor=actor, person=person, month=month, status=status_for(month))
        month += relativedelta(months=1)
