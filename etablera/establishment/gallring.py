"""What gallring (access/gallring.py) does to a person's establishment records when the person is anonymised: the
records stay with their dates, kinds and statuses (the outcome figures count them), what was written about the
person goes — the health part and a child's mapping are removed whole, every other free text is cleared.

A SIP's consent stays as the plan's basis (IndividualPlan.consent protects it); gallring clears its texts instead of
deleting it (`consents_in_use`)."""

from __future__ import annotations

from collections.abc import Collection

from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    HealthAssessment,
    IndividualPlan,
    Intervention,
    MonthlyStatus,
    PlanGoal,
    PlanMeeting,
    ProgrammePeriod,
    SfiInterruption,
)


def consents_in_use(person_ids: Collection[int]) -> list[int]:
    """The persons' consents a plan stands on."""
    return list(
        IndividualPlan.objects.filter(person_id__in=person_ids, consent__isnull=False).values_list(
            "consent_id", flat=True
        )
    )


def clear_persons(person_ids: Collection[int], *, cleared: str) -> None:
    """Clear the persons' establishment texts; `cleared` stands where the database requires a text."""
    HealthAssessment.objects.filter(assessment__person_id__in=person_ids).delete()
    ChildAssessment.objects.filter(assessment__person_id__in=person_ids).delete()
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
