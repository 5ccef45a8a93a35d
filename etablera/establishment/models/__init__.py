"""The establishment phase (issue #12): the first mapping (kartläggning) of a person, the individual plan or SIP
with its goals, interventions and follow-up meetings, Arbetsförmedlingen's programme, SFI and civic orientation, and
a status per month.

Each record hangs on a person and carries the person's municipality (for the audit log and the reception view).
The mapping's health and capacity (`HealthAssessment`, section HEALTH) and a child's mapping (`ChildAssessment`,
section SCHOOL) are rows of their own, so that the visibility rule keeps them to their sections' owners and to those
a consent names (etablera/access/visibility/establishment.py).
"""

from etablera.establishment.models.assessment import (
    Assessment,
    ChildAssessment,
    Education,
    HealthAssessment,
    LanguageSkill,
    WorkExperience,
)
from etablera.establishment.models.plan import IndividualPlan, Intervention, PlanGoal, PlanMeeting
from etablera.establishment.models.programme import (
    CivicOrientation,
    MonthlyStatus,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
)

__all__ = [
    "Assessment",
    "ChildAssessment",
    "CivicOrientation",
    "Education",
    "HealthAssessment",
    "IndividualPlan",
    "Intervention",
    "LanguageSkill",
    "MonthlyStatus",
    "PlanGoal",
    "PlanMeeting",
    "ProgrammePeriod",
    "SfiEnrolment",
    "SfiInterruption",
    "WorkExperience",
]
