"""Every write in reception: one keyword-only function per use case, atomic, validated first, audited.

Errors are Django ValidationErrors keyed by field with Swedish messages, so that a form shows them at the field,
the API returns them as 422 and an import reports them per row.

The package is split where a reader looks for the parts (as etablera/housing/services/ is); every name callers
import from `etablera.reception.services` stays importable from here.
"""

from etablera.reception.services.assignments import (
    MAX_PERSONS_PER_ASSIGNMENT,
    cancel_assignment,
    clean_assignment,
    clean_cancellation,
    create_assignment,
    receive_household,
    register_assignment_with_household,
)
from etablera.reception.services.cases import close_reception_case, open_reception_case
from etablera.reception.services.common import _reception_unit, _require_reception_staff
from etablera.reception.services.members import MembersOutcome, add_members, plan_members
from etablera.reception.services.quotas import MAX_QUOTA, clean_quota, set_quota
from etablera.reception.services.self_settled import register_self_settled_household
from etablera.reception.services.task_updates import set_planned_arrival_date
from etablera.reception.services.tasks import (
    add_task_note,
    complete_task,
    mark_not_applicable,
    reassign_task,
    reopen_task,
)

__all__ = [
    "MAX_PERSONS_PER_ASSIGNMENT",
    "MAX_QUOTA",
    "MembersOutcome",
    "_reception_unit",
    "_require_reception_staff",
    "add_members",
    "add_task_note",
    "cancel_assignment",
    "clean_assignment",
    "clean_cancellation",
    "clean_quota",
    "close_reception_case",
    "complete_task",
    "create_assignment",
    "mark_not_applicable",
    "open_reception_case",
    "plan_members",
    "reassign_task",
    "receive_household",
    "register_assignment_with_household",
    "register_self_settled_household",
    "reopen_task",
    "set_planned_arrival_date",
    "set_quota",
]
