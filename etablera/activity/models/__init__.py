"""The activity requirement and the work that fills it (issue #13): försörjningsstöd per household and month
(`SupportMonth`), and per person the recorded exemptions, the assessed capacity, the social services' plan and the
deviations they assess (section SOCIAL; a capacity the region assessed is HEALTH) — and what fills the hours: the
activities catalogue, employers and their placements (praktikplatsbanken) with offers to persons, the weekly plan
with attendance, and the job coach.

Who is covered, from when and why is not stored: it follows from the support months, the birth date and the
exemptions by etablera/rules/activity.py, each time it is asked (etablera/activity/selectors).
"""

from etablera.activity.models.catalogue import Activity
from etablera.activity.models.employers import Employer, EmployerContact, Placement, PlacementOffer
from etablera.activity.models.profile import JobProfile
from etablera.activity.models.requirement import CapacityAssessment, Deviation, Exemption, RequirementPlan
from etablera.activity.models.support import SupportMonth
from etablera.activity.models.week import Attendance, JobCoachAssignment, Participation

__all__ = [
    "Activity",
    "Attendance",
    "CapacityAssessment",
    "Deviation",
    "Employer",
    "EmployerContact",
    "Exemption",
    "JobCoachAssignment",
    "JobProfile",
    "Participation",
    "Placement",
    "PlacementOffer",
    "RequirementPlan",
    "SupportMonth",
]
