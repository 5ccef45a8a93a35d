"""What gallring (access/gallring.py) does with a person's establishment records (rules/retention.py).

- They are the person's record (`ESTABLISHMENT`): their latest entry counts as an entry in the household's record
  (`household_dates`), and a plan or programme that runs, or an SFI enrolment not finished, makes it an ongoing
  matter that is kept (`household_open`).
- When the person is anonymised the records stay with their dates, kinds and statuses (the outcome figures count
  them), what was written about the person goes — every free text is cleared.
- The mapping's health part and a child's mapping follow their own sections' periods (`ESTABLISHMENT_HEALTH`, ten
  years by patientdatalagen; `ESTABLISHMENT_SCHOOL`): removed whole once theirs has run out (`due_parts`), whether
  or not the person is anonymised — and not before, even when the person is.

A SIP's consent stays as the plan's basis (IndividualPlan.consent protects it); gallring clears its texts instead of
deleting it (`consents_in_use`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    CivicOrientation,
    HealthAssessment,
    IndividualPlan,
    Intervention,
    MonthlyStatus,
    PlanGoal,
    PlanMeeting,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
)
from etablera.rules.retention import ESTABLISHMENT_HEALTH, ESTABLISHMENT_SCHOOL, assess

# The entries of a member's establishment records, as (annotation, model, path to the household, date field).
_ENTRIES = (
    ("last_assessment", Assessment, "person__household_memberships__household", "updated_at"),
    ("last_plan", IndividualPlan, "person__household_memberships__household", "created_at"),
    ("last_plan_closed", IndividualPlan, "person__household_memberships__household", "closed_on"),
    ("last_plan_revised", IndividualPlan, "person__household_memberships__household", "revised_on"),
    ("last_meeting", PlanMeeting, "plan__person__household_memberships__household", "recorded_at"),
    ("last_programme", ProgrammePeriod, "person__household_memberships__household", "updated_at"),
    ("last_sfi", SfiEnrolment, "person__household_memberships__household", "updated_at"),
    ("last_civic", CivicOrientation, "person__household_memberships__household", "updated_at"),
    ("last_status", MonthlyStatus, "person__household_memberships__household", "recorded_at"),
)
DATE_KEYS = tuple(name for name, *_ in _ENTRIES)
SFI_FINISHED = (SfiEnrolment.Status.COMPLETED, SfiEnrolment.Status.ENDED)


def household_dates(here: OuterRef) -> dict:
    """Annotations for a household query (`here` its pk): the latest entry of each kind of its members'
    establishment records (DATE_KEYS), and `establishment_open`."""
    annotations = {
        name: Subquery(
            model.objects.filter(**{path: here}).values(path).annotate(last=Max(field)).values("last")[:1]
        )
        for name, model, path, field in _ENTRIES
    }
    member = "person__household_memberships__household"
    annotations["establishment_open"] = (
        Exists(IndividualPlan.objects.filter(**{member: here}).exclude(status=IndividualPlan.Status.CLOSED))
        | Exists(ProgrammePeriod.objects.filter(**{member: here}, actual_end__isnull=True))
        | Exists(SfiEnrolment.objects.filter(**{member: here}).exclude(status__in=SFI_FINISHED))
    )
    return annotations


def _day(value) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def due_parts(today: dt.date, municipality_ids=None) -> dict[str, list[int]]:
    """The health parts and child mappings whose own period has run out on `today` (their last change is their
    last entry), by record type; the research exemption (born on the 5th, 15th or 25th) keeps them."""
    due: dict[str, list[int]] = {ESTABLISHMENT_HEALTH: [], ESTABLISHMENT_SCHOOL: []}
    for record_type, model in (
        (ESTABLISHMENT_HEALTH, HealthAssessment),
        (ESTABLISHMENT_SCHOOL, ChildAssessment),
    ):
        parts = model.objects.all()
        if municipality_ids is not None:
            parts = parts.filter(assessment__municipality_id__in=municipality_ids)
        for pk, updated, birth in parts.values_list("pk", "updated_at", "assessment__person__birth_date"):
            if assess(record_type, _day(updated), today, birth_dates=[birth]).due:
                due[record_type].append(pk)
    return due


def delete_parts(due: dict[str, list[int]]) -> None:
    HealthAssessment.objects.filter(pk__in=due.get(ESTABLISHMENT_HEALTH, [])).delete()
    ChildAssessment.objects.filter(pk__in=due.get(ESTABLISHMENT_SCHOOL, [])).delete()


def consents_in_use(person_ids: Collection[int]) -> list[int]:
    """The persons' consents a plan stands on."""
    return list(
        IndividualPlan.objects.filter(person_id__in=person_ids, consent__isnull=False).values_list(
            "consent_id", flat=True
        )
    )


def clear_persons(person_ids: Collection[int], *, cleared: str) -> None:
    """Clear the persons' establishment texts; `cleared` stands where the database requires a text. The health part
    and a child's mapping are not touched: they go by their own periods (`due_parts`)."""
    Assessment.objects.filter(person_id__in=person_ids).update(goals="", needs="")
    plans = IndividualPlan.objects.filter(person_id__in=person_ids)
    plans.update(
        municipality_responsibility="",
        region_responsibility="",
        responsible_name="",
        revision_note="",
        closed_reason="",
    )
    PlanGoal.objects.filter(plan__in=plans).update(description=cleared)
    Intervention.objects.filter(plan__in=plans).update(what=cleared, outcome="")
    PlanMeeting.objects.filter(plan__in=plans).update(participants="", agreed_actions="")
    ProgrammePeriod.objects.filter(person_id__in=person_ids).update(end_note="")
    SfiInterruption.objects.filter(enrolment__person_id__in=person_ids).update(reason="")
    MonthlyStatus.objects.filter(person_id__in=person_ids).update(note="")
