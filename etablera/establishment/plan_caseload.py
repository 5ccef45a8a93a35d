"""The unit's caseload of plans (issue #12): the individual plans and SIPs that run and in which the user's unit is
involved — it leads the plan or gives one of its interventions — or, asked for, every running plan the user sees;
the next follow-up first (rules.plan_follow_up, stored on the plan), so the overdue ones lead.

A read like every other: it starts from restrict(), logs each person shown, and costs the same number of queries
for a page of many plans as for one (the interventions' units in one prefetch, the latest meeting a subquery)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from etablera.access.audit import log_list
from etablera.access.policy import capabilities, restrict
from etablera.establishment.models import IndividualPlan, Intervention, PlanMeeting

PER_PAGE = 50


class Scope:
    MINE = "mine"  # plans in which one of the user's units is involved
    ALL = "all"  # every running plan the user sees


@dataclass(frozen=True)
class PlanFilters:
    scope: str = Scope.MINE
    kind: str = ""  # "", "PLAN" or "SIP"
    overdue: bool = False


@dataclass
class PlanCaseload:
    plans: list[IndividualPlan]
    count: int
    page: int
    pages: int
    today: dt.date
    unit_ids: set[int] = field(default_factory=set)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def involved_q(unit_ids) -> Q:
    """The plan is led by one of the units, or one of them gives an intervention in it."""
    gives = Exists(Intervention.objects.filter(plan=OuterRef("pk"), unit_id__in=unit_ids))
    return Q(responsible_unit_id__in=unit_ids) | Q(gives)


def running_plans(user, filters: PlanFilters, today: dt.date) -> QuerySet:
    """The running plans the filters ask for, the next follow-up first (a plan with none last), as the user may
    see them."""
    plans = restrict(user, IndividualPlan.objects.exclude(status=IndividualPlan.Status.CLOSED))
    if filters.scope != Scope.ALL:
        plans = plans.filter(involved_q(capabilities(user).unit_ids))
    if filters.kind:
        plans = plans.filter(kind=filters.kind)
    if filters.overdue:
        plans = plans.filter(follow_up_due__lt=today)
    latest_meeting = (
        PlanMeeting.objects.filter(plan=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    )
    return (
        plans.select_related("person__municipality", "responsible_unit")
        .annotate(last_meeting=Subquery(latest_meeting))
        .prefetch_related(
            Prefetch(
                "interventions",
                Intervention.objects.exclude(
                    status__in=[Intervention.Status.DONE, Intervention.Status.CANCELLED]
                )
                .select_related("unit")
                .order_by("start_date", "pk"),
                to_attr="running_interventions",
            )
        )
        .order_by(F("follow_up_due").asc(nulls_last=True), "person__last_name", "person__first_name", "pk")
    )


def mark_rows(plans: list[IndividualPlan], today: dt.date, unit_ids: set[int]) -> None:
    """What each row shows beside the plan: whether its follow-up is overdue, and whether the user's unit leads it
    or gives one of its interventions that run."""
    for plan in plans:
        plan.follow_up_overdue = plan.follow_up_due is not None and plan.follow_up_due < today
        plan.led_by_my_unit = plan.responsible_unit_id in unit_ids
        plan.my_interventions = [i for i in plan.running_interventions if i.unit_id in unit_ids]


def plan_caseload(
    user, filters: PlanFilters, *, page: int = 1, per_page: int | None = None, today: dt.date | None = None
) -> PlanCaseload:
    """One page of the caseload of plans (PER_PAGE rows unless told); each person shown is logged once."""
    today = today or timezone.localdate()
    per_page = per_page or PER_PAGE
    rows = running_plans(user, filters, today)
    count = rows.count()
    pages = max(1, -(-count // per_page))
    page = min(max(page, 1), pages)
    plans = list(rows[(page - 1) * per_page : page * per_page])
    unit_ids = capabilities(user).unit_ids
    mark_rows(plans, today, unit_ids)
    log_list(user, [plan.person for plan in plans], "Planer")
    return PlanCaseload(plans, count, page, pages, today, unit_ids)


def plans_for_api(user, filters: PlanFilters, *, offset: int, limit: int, today: dt.date | None = None):
    """The same list by offset and limit (the API's paging): the rows and the total count."""
    today = today or timezone.localdate()
    rows = running_plans(user, filters, today)
    plans = list(rows[offset : offset + limit])
    count = len(plans) if offset == 0 and len(plans) < limit else rows.count()
    mark_rows(plans, today, capabilities(user).unit_ids)
    log_list(user, [plan.person for plan in plans], "Planer")
    return plans, count
