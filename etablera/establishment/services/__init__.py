"""Every write of the establishment phase, by part: the mapping (`assessment`), the individual plan or SIP
(`plan`), and the programme, SFI, civic orientation and monthly status (`programme`). Each write locks its row,
validates first (Swedish messages at the field), and logs the change (access.audit)."""

from etablera.establishment.services.assessment import (
    add_education,
    add_language,
    add_work_experience,
    complete_assessment,
    set_child_assessment,
    set_health,
    start_assessment,
    update_assessment,
)
from etablera.establishment.services.plan import (
    add_goal,
    add_intervention,
    create_plan,
    record_meeting,
    revise_plan,
)
from etablera.establishment.services.plan_lifecycle import (
    close_plan,
    plan_next_meeting,
    set_goal_status,
    set_intervention_status,
)
from etablera.establishment.services.programme import (
    add_sfi_interruption,
    complete_sfi,
    end_programme,
    record_civic_orientation,
    record_programme,
    record_sfi,
    set_monthly_status,
)

__all__ = [
    "add_education",
    "add_goal",
    "add_intervention",
    "add_language",
    "add_sfi_interruption",
    "add_work_experience",
    "close_plan",
    "complete_assessment",
    "complete_sfi",
    "create_plan",
    "end_programme",
    "plan_next_meeting",
    "record_civic_orientation",
    "record_meeting",
    "record_programme",
    "record_sfi",
    "revise_plan",
    "set_child_assessment",
    "set_goal_status",
    "set_health",
    "set_intervention_status",
    "set_monthly_status",
    "start_assessment",
    "update_assessment",
]
