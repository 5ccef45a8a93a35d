"""Every read a reception page or endpoint needs, filtered by `restrict()` and joined so a page costs a fixed
number of queries. Reads of personal data are written to the audit log here, not in views.

By part: tasks.py (a user's and a unit's tasks, one task, what a section's text hides), households.py (the
household's page, reception cases), search.py (finding a household), assignments.py (anvisningar, kommuntal,
process templates). Callers use `selectors.<name>` from here."""

from etablera.reception.selectors.assignments import (
    assignment_years,
    assignments_for_user,
    get_assignment_for_user,
    get_template_for_user,
    list_assignments,
    quotas,
    templates_for_user,
    upcoming_arrivals,
)
from etablera.reception.selectors.households import (
    HouseholdPage,
    get_household_for_user,
    get_reception_case_for_user,
    household_page,
    log_households_shown,
    reception_cases_for_user,
)
from etablera.reception.selectors.search import count_households, search_households
from etablera.reception.selectors.tasks import (
    TaskBuckets,
    UnitOverdue,
    bucket_open_tasks,
    get_task_for_user,
    mark_section_text,
    my_tasks,
    overdue_per_unit,
    task_events,
    tasks_for_user,
    unit_tasks,
)

__all__ = [
    "HouseholdPage",
    "TaskBuckets",
    "UnitOverdue",
    "assignment_years",
    "assignments_for_user",
    "bucket_open_tasks",
    "count_households",
    "get_assignment_for_user",
    "get_household_for_user",
    "get_reception_case_for_user",
    "get_task_for_user",
    "get_template_for_user",
    "household_page",
    "list_assignments",
    "log_households_shown",
    "mark_section_text",
    "my_tasks",
    "overdue_per_unit",
    "quotas",
    "reception_cases_for_user",
    "search_households",
    "task_events",
    "tasks_for_user",
    "templates_for_user",
    "unit_tasks",
    "upcoming_arrivals",
]
