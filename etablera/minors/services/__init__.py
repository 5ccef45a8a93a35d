"""Writing the records of unaccompanied minors (issue #14), section SOCIAL.

Who writes: staff of a social-services unit in the child's municipality who see the child (the social board carries
the responsibility); the command line and imports write as the system (`actor=None`). Every write validates first
(a Swedish message at the field, nothing saved), locks the row it changes, and logs the change."""

from etablera.minors.services.case import (
    close_case,
    decide_after_18,
    open_case,
    record_report_sent,
    require_social_services,
    update_case,
)
from etablera.minors.services.follow_up import (
    link_relative,
    record_tracing,
    record_visit,
    settle_tracing,
    unlink_relative,
)
from etablera.minors.services.placements import add_placement, end_placement
from etablera.minors.services.representatives import add_guardian, end_guardian

__all__ = [
    "add_guardian",
    "add_placement",
    "close_case",
    "decide_after_18",
    "end_guardian",
    "end_placement",
    "link_relative",
    "open_case",
    "record_report_sent",
    "record_tracing",
    "record_visit",
    "require_social_services",
    "settle_tracing",
    "unlink_relative",
    "update_case",
]
