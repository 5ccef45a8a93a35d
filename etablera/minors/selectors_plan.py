"""Reading the child's plan (issue #14: "a child plan in the individual plan of Establishment where that exists, or
its own until then") — for the child's page, the API, and the individual plan's page in Establishment.

The individual plan's page calls `care_plan_in_individual_plan` (establishment/web/views.py): the child's plan is a
part of that page only for a user who sees the child's case (section SOCIAL), and whether the person has a child's
case at all is itself SOCIAL, so everyone else gets None and the page shows nothing. Establishment imports this
module, not the other way round (minors already imports establishment's models here and its import helpers)."""

from __future__ import annotations

from dataclasses import dataclass

from etablera.access.audit import log_read
from etablera.access.policy import restrict
from etablera.establishment.models import IndividualPlan
from etablera.minors.models import ChildCase
from etablera.minors.selectors import child_case
from etablera.people.models import Person


def running_individual_plan(user, person: Person) -> IndividualPlan | None:
    """The person's individual plan in Establishment that runs (one per person; "to be revised" runs too), if the
    user sees it — the plan the child's plan is a part of. Found as establishment's selectors find a person's plan."""
    return (
        restrict(user, IndividualPlan.objects.filter(person=person))
        .exclude(status=IndividualPlan.Status.CLOSED)
        .order_by("-started_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class CarePlan:
    case: ChildCase
    individual_plan: IndividualPlan | None  # the running plan in Establishment it is part of, if one is seen

    @property
    def text(self) -> str:
        return self.case.care_plan

    @property
    def updated_on(self):
        return self.case.care_plan_updated_on


def care_plan(user, person_public_id) -> CarePlan:
    """The child's plan and the individual plan it is part of: 404 for whoever does not see the case. Logged."""
    case = child_case(user, person_public_id)
    log_read(user, case.person, "Barnets plan (socialtjänsten)")
    return CarePlan(case=case, individual_plan=running_individual_plan(user, case.person))


def care_plan_in_individual_plan(user, person: Person, plan: IndividualPlan | None) -> ChildCase | None:
    """The child's case whose plan is shown inside `plan` (the person's individual plan), or None: when the plan is
    not running, the person has no child's case, or the user does not see it (no section SOCIAL). Logged when
    shown."""
    if plan is None or plan.status == IndividualPlan.Status.CLOSED:
        return None
    case = restrict(user, ChildCase.objects.filter(person=person)).first()
    if case is not None:
        log_read(user, person, "Barnets plan i den individuella planen (socialtjänsten)")
    return case
