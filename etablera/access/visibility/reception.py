"""Who sees anvisningar, reception cases and tasks — the reception domain's visibility rule, and its share of
involvement: a unit is involved in a household while it owns a task in the household's open reception case, or a
task before arrival on its anvisning still waiting for the household.

Cases and anvisningar are seen with their household (the reception staff also see an anvisning not yet tied to a
household). A task is seen with its household, except that a consent shows only the consenting person's tasks.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from etablera.access.visibility.base import Rule, consent
from etablera.people.models import Household, Person
from etablera.reception.models import Assignment, ReceptionCase, Task


def involvement(caps, household_ref: str = "pk"):
    """A task of one of the user's units in the household's open case, or before arrival on its anvisning still
    waiting (a task with no case yet). Two semi-joins rather than one with an OR, so each keeps its index.

    The open case is looked for only in the user's municipalities: that changes no answer — a task's unit is of
    the task's municipality (reassign_task refuses another), which is its case's, and a user's units are of
    their staff municipalities — but PostgreSQL, asking this once for a whole list, otherwise joins the unit's
    tasks with every open case in the country (reception/0012, docs/performance.md)."""
    in_open_case = Exists(
        Task.objects.filter(
            household=OuterRef(household_ref),
            unit_id__in=caps.unit_ids,
            case__status=ReceptionCase.Status.OPEN,
            case__municipality_id__in=caps.staff_municipality_ids,
        )
    )
    before_arrival = Exists(
        Task.objects.filter(
            household=OuterRef(household_ref),
            unit_id__in=caps.unit_ids,
            case__isnull=True,
            assignment__status=Assignment.Status.ASSIGNED,
        )
    )
    return in_open_case | before_arrival


def _cases(reach, queryset):
    return queryset.filter(household__in=reach.households())


def _assignments(reach, queryset):
    return queryset.filter(
        Q(municipality_id__in=reach.caps.reception_municipality_ids) | Q(household__in=reach.households())
    )


def _tasks(reach, queryset):
    strong = reach.households(with_consent=False)
    by_consent = Person.objects.filter(reach.consent(), municipality_id__in=reach.caps.staff_municipality_ids)
    return queryset.filter(Q(household__in=strong) | Q(person__in=by_consent))


# The short paths for reception staff (policy._reception_only) keep the general code's shape, a semi-join on the
# households (household__in=…): a join on the household's municipality instead, ORed with another branch, leads
# PostgreSQL to scan every household.


def _reception_households(caps):
    return Household.objects.filter(municipality_id__in=caps.reception_municipality_ids)


def _cases_for_reception(caps, queryset):
    return queryset.filter(household__in=_reception_households(caps))


def _assignments_for_reception(caps, queryset):
    return queryset.filter(
        Q(municipality_id__in=caps.reception_municipality_ids) | Q(household__in=_reception_households(caps))
    )


def _tasks_for_reception(caps, queryset):
    # The consent branch stays: it tests the person's municipality, not the household's, so it is not implied by
    # the household's (a person's task could in principle belong to a household of another municipality).
    by_consent = Person.objects.filter(consent(caps), municipality_id__in=caps.reception_municipality_ids)
    return queryset.filter(Q(household__in=_reception_households(caps)) | Q(person__in=by_consent))


RULES = {
    Assignment: Rule(_assignments, _assignments_for_reception),
    ReceptionCase: Rule(_cases, _cases_for_reception),
    Task: Rule(_tasks, _tasks_for_reception),
}
