"""Who sees the records of unaccompanied minors and young adults (issue #14) — the minors domain's visibility rule.

Everything here is section SOCIAL (the social board's records of a child, OSL 26 kap.): the social-services units of
the person's municipality see it, others only by a consent in force that names their unit and the section, or by
break-glass. The school's records of the child stay the school's (establishment's SCHOOL section).

Its share of involvement: the social services of the responsible municipality are involved in the child's
household while the child's case is open — they see the child (and the child's household) as long as they carry the
responsibility, and lose sight of it when the case is closed.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from etablera.access.sections import Section
from etablera.access.visibility.establishment import in_section
from etablera.minors.models import (
    ChildCase,
    FollowUpVisit,
    Guardian,
    Placement,
    RelativeLink,
    TracingRequest,
)


def involvement(caps, household_ref: str = "pk"):
    social = caps.social_services_municipality_ids
    if not social:
        return None
    return Exists(
        ChildCase.objects.filter(
            person__household_memberships__household=OuterRef(household_ref),
            municipality_id__in=social,
            status=ChildCase.Status.OPEN,
        )
    )


RULES = {
    ChildCase: in_section(Section.SOCIAL, "person"),
    TracingRequest: in_section(Section.SOCIAL, "case__person"),
    FollowUpVisit: in_section(Section.SOCIAL, "case__person"),
    RelativeLink: in_section(Section.SOCIAL, "case__person"),
    Placement: in_section(Section.SOCIAL, "case__person"),
    Guardian: in_section(Section.SOCIAL, "case__person"),
}
