"""Uppföljning av åtkomstloggen: the reads behind the log review page, its export and the API.

Who reviews: unit managers and administrators (REVIEWER_ROLES), each the log of their own municipalities — the
events whose `municipality_code` is theirs, and the events without a municipality (sign-ins, exports) by users who
work there. A person's own access history and the break-glass list are for the same reviewers.

Flags for unusual access (what a reviewer should look at first):
  PROTECTED     the event touched a person with protected identity (AuditEvent.protected)
  BREAK_GLASS   nödåtkomst (AuditEvent.break_glass, or basis BREAK_GLASS)
  OUTSIDE_UNIT  a read whose basis is not the user's own involvement: not RECEPTION, INVOLVED or CONSENT (so ADMIN
                and BREAK_GLASS reads are flagged; consent is a normal way to share)
  MANY_PERSONS  one user read more than N distinct persons within M minutes (dated parameters
                log_review.many_persons_count and log_review.many_persons_minutes in etablera/rules/parameters.py)

Audit summaries are not shown here: some carry free text written by a unit (a task note), and a reviewer of another
board must not read it through the log. The screens say what happened from the action and the kind of record.

The parts: reviewers.py (who reviews, the persons and break-glass grants they reach), flags.py (the filter and the
flags), page.py (the page, the API slice, the export), history.py (a person's own access history). The names are
also here, so `from etablera.access import review` reads as one module.
"""

from etablera.access.review.flags import (
    DEFAULT_PERIOD_DAYS,
    NEVER,
    NORMAL_BASES,
    Burst,
    Flag,
    LogFilter,
    LogQuery,
    find_bursts,
    query_log,
)
from etablera.access.review.history import (
    ACTION_PHRASES,
    HISTORY_LIMIT,
    SUBJECT_PHRASES,
    HistoryRow,
    access_history,
    describe_for_person,
)
from etablera.access.review.page import (
    BASIS_LABELS,
    EXPORT_LIMIT,
    OBJECT_LABELS,
    PAGE_SIZE,
    ReviewPage,
    ReviewRow,
    export_rows,
    review_page,
    review_slice,
)
from etablera.access.review.reviewers import (
    REVIEWER_ROLES,
    about_person_q,
    break_glass_for_review,
    find_person_by_number,
    get_break_glass_for_review,
    get_person_for_review,
    household_public_ids,
    is_reviewer,
    normalised_identity_number,
    reviewer_log,
    reviewer_municipalities,
    reviewer_municipality_ids,
    reviewer_units,
    reviewer_users,
)

__all__ = [
    "ACTION_PHRASES",
    "BASIS_LABELS",
    "DEFAULT_PERIOD_DAYS",
    "EXPORT_LIMIT",
    "HISTORY_LIMIT",
    "NEVER",
    "NORMAL_BASES",
    "OBJECT_LABELS",
    "PAGE_SIZE",
    "REVIEWER_ROLES",
    "SUBJECT_PHRASES",
    "Burst",
    "Flag",
    "HistoryRow",
    "LogFilter",
    "LogQuery",
    "ReviewPage",
    "ReviewRow",
    "about_person_q",
    "access_history",
    "break_glass_for_review",
    "describe_for_person",
    "export_rows",
    "find_bursts",
    "find_person_by_number",
    "get_break_glass_for_review",
    "get_person_for_review",
    "household_public_ids",
    "is_reviewer",
    "normalised_identity_number",
    "query_log",
    "review_page",
    "review_slice",
    "reviewer_log",
    "reviewer_municipalities",
    "reviewer_municipality_ids",
    "reviewer_units",
    "reviewer_users",
]
