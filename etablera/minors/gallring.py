"""What gallring (access/gallring.py) does with an unaccompanied child's case (issue #14; rules/retention.py).

The child's case is social services' record of the child (socialtjänstlagen 12 kap. 1 §), part of the household's
record: its latest entry counts as an entry in the household's record (`household_dates`) — what was written when,
and the dates written into it (an imported placement carries its own) — and an open case, or a placement that
runs, makes it an ongoing matter that is kept (`minors_open`).

Records about a placement of a child are exempt from gallring (socialtjänstförordningen 7 kap. 2 §; `CHILD_PLACEMENT`
in rules/retention.py): a household with a member the board placed is kept (`placed_households`), as is a person's
own record (`placed_persons`) — so a placed child's case is, in practice, never anonymised. When the person is
anonymised anyway (a case without placements) the records stay with their dates, kinds, costs and municipalities
(the report's figures and the state compensation count them); what was written about the child and the people
around them goes — every free text, the representatives' names and contact details, the key to the social-services
system (`clear_persons`). The permit's date becomes the year, as the register's permit decisions do. The links to
relatives' households are removed: those households keep their names until their own gallring, and a link would tie
the anonymised child to them."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncYear
from django.utils import timezone

from etablera.minors.models import ChildCase, FollowUpVisit, Guardian, Placement, RelativeLink, TracingRequest
from etablera.people.models import HouseholdMember

MEMBER = "person__household_memberships__household"
ON_CASE = f"case__{MEMBER}"
# The entries of the members' child cases: (annotation, model, path, date field). `updated_at` is the last write
# (set on creation too); a date the database orders before another (a placement's decision before its start, an
# application before the appointment) is left out.
_ENTRIES = (
    ("last_child_case", ChildCase, MEMBER, "updated_at"),
    ("last_child_case_closed", ChildCase, MEMBER, "closed_on"),
    ("last_child_report_sent", ChildCase, MEMBER, "report_sent_on"),
    ("last_child_after_18", ChildCase, MEMBER, "after_18_decided_on"),
    ("last_child_care_plan", ChildCase, MEMBER, "care_plan_updated_on"),
    ("last_placement", Placement, ON_CASE, "updated_at"),
    ("last_placement_start", Placement, ON_CASE, "starts_on"),
    ("last_placement_end", Placement, ON_CASE, "ends_on"),
    ("last_guardian", Guardian, ON_CASE, "created_at"),
    ("last_guardian_appointed", Guardian, ON_CASE, "appointed_on"),
    ("last_guardian_ended", Guardian, ON_CASE, "ended_on"),
    ("last_visit", FollowUpVisit, ON_CASE, "created_at"),
    ("last_visit_on", FollowUpVisit, ON_CASE, "visited_on"),
    ("last_tracing", TracingRequest, ON_CASE, "created_at"),
    ("last_tracing_closed", TracingRequest, ON_CASE, "closed_on"),
    ("last_relative", RelativeLink, ON_CASE, "created_at"),
)
DATE_KEYS = tuple(name for name, *_ in _ENTRIES)


def household_dates(here: OuterRef) -> dict:
    """Annotations for a household query (`here` its pk): the latest entry of each kind of its members' child cases
    (DATE_KEYS), and `minors_open`: a case that is open, or a placement that runs (no end, or an end to come)."""
    annotations = {
        name: Subquery(
            model.objects.filter(**{path: here}).values(path).annotate(last=Max(field)).values("last")[:1]
        )
        for name, model, path, field in _ENTRIES
    }
    today = timezone.localdate()
    annotations["minors_open"] = Exists(
        ChildCase.objects.filter(**{MEMBER: here}, status=ChildCase.Status.OPEN)
    ) | Exists(
        Placement.objects.filter(**{ON_CASE: here}).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )
    return annotations


def placed_households(household_ids: Collection[int]) -> set[int]:
    """The households among these with a member the board placed (a placement on the member's child case)."""
    return set(
        HouseholdMember.objects.filter(
            household_id__in=household_ids, person__child_case__placements__isnull=False
        ).values_list("household_id", flat=True)
    )


def placed_persons(person_ids: Collection[int] | QuerySet) -> set[int]:
    """The persons among these (ids, or a query of ids) the board placed."""
    return set(
        Placement.objects.filter(case__person_id__in=person_ids).values_list("case__person_id", flat=True)
    )


def clear_persons(person_ids: Collection[int], *, cleared: str) -> None:
    """Clear the persons' child-case texts; `cleared` stands where the database requires a text."""
    cases = ChildCase.objects.filter(person_id__in=person_ids)
    Placement.objects.filter(case__in=cases).update(provider=cleared, special_reasons="", external_id="")
    Guardian.objects.filter(case__in=cases).update(name=cleared, phone="", email="")
    FollowUpVisit.objects.filter(case__in=cases).update(note="")
    TracingRequest.objects.filter(case__in=cases).update(via=cleared, note="")
    # The link names the relatives' household, which keeps its own record (and names) until its own gallring: left
    # in place, it would tie the anonymised child to them again. The link goes; the relatives' reception stays.
    RelativeLink.objects.filter(case__in=cases).delete()
    cases.update(
        young_adult_plan="",
        care_plan="",
        closed_reason="",
        permit_decided_on=TruncYear("permit_decided_on"),
    )
