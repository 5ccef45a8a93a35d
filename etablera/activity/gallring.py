"""What gallring (access/gallring.py) does with a person's activity-requirement records (rules/retention.py).

They are social services' record of the person (försörjningsstöd and its requirement; socialtjänstlagen 12 kap.
1 §): their latest entry counts as an entry in the household's record (`household_dates`), and a month of support,
a plan, a participation or a job coach that runs makes it an ongoing matter that is kept (`activity_open`). When the
person is anonymised the records stay with their dates, hours and statuses (the report's figures count them); what
was written about the person goes — every free text is cleared (`clear_persons`)."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from etablera.activity.models import (
    Attendance,
    CapacityAssessment,
    Deviation,
    Exemption,
    JobCoachAssignment,
    JobProfile,
    Participation,
    Placement,
    PlacementOffer,
    RequirementPlan,
    SupportMonth,
)
from etablera.rules.dates import add_months

MEMBER = "person__household_memberships__household"
# The entries of the household's and its members' activity records: (annotation, model, path, date field).
_ENTRIES = (
    ("last_support_month", SupportMonth, "household", "month"),
    ("last_exemption", Exemption, MEMBER, "created_at"),
    ("last_capacity", CapacityAssessment, MEMBER, "created_at"),
    ("last_requirement_plan", RequirementPlan, MEMBER, "created_at"),
    ("last_requirement_plan_closed", RequirementPlan, MEMBER, "closed_on"),
    ("last_deviation", Deviation, MEMBER, "reported_at"),
    ("last_participation", Participation, MEMBER, "created_at"),
    ("last_attendance", Attendance, f"participation__{MEMBER}", "recorded_at"),
    ("last_job_coach", JobCoachAssignment, MEMBER, "created_at"),
)
DATE_KEYS = tuple(name for name, *_ in _ENTRIES)


def household_dates(here: OuterRef) -> dict:
    """Annotations for a household query (`here` its pk): the latest entry of each kind (DATE_KEYS), and
    `activity_open`: support this month or last, a plan, a participation or a job coach that runs."""
    annotations = {
        name: Subquery(
            model.objects.filter(**{path: here}).values(path).annotate(last=Max(field)).values("last")[:1]
        )
        for name, model, path, field in _ENTRIES
    }
    today = timezone.localdate()
    annotations["activity_open"] = (
        Exists(SupportMonth.objects.filter(household=here, month__gte=add_months(today.replace(day=1), -1)))
        | Exists(RequirementPlan.objects.filter(**{MEMBER: here}, status=RequirementPlan.Status.ACTIVE))
        | Exists(
            Participation.objects.filter(**{MEMBER: here}).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today)
            )
        )
        | Exists(JobCoachAssignment.objects.filter(**{MEMBER: here}, ended_on__isnull=True))
    )
    return annotations


def clear_persons(person_ids: Collection[int], *, cleared: str) -> None:
    """Clear the persons' activity texts; `cleared` stands where the database requires a text."""
    Exemption.objects.filter(person_id__in=person_ids).update(note="")
    CapacityAssessment.objects.filter(person_id__in=person_ids).update(assessor=cleared, reason=cleared)
    RequirementPlan.objects.filter(person_id__in=person_ids).update(content=cleared, closed_reason="")
    Deviation.objects.filter(person_id__in=person_ids).update(description=cleared, assessment="")
    participations = Participation.objects.filter(person_id__in=person_ids)
    Attendance.objects.filter(participation__in=participations).update(note="")
    participations.update(description="")
    PlacementOffer.objects.filter(person_id__in=person_ids).update(explanation=[], decline_reason="")
    Placement.objects.filter(participant_id__in=person_ids).update(employer_follow_up="")
    JobProfile.objects.filter(person_id__in=person_ids).update(wishes="")
