"""Programmes that end soon, and "glappet" (issue #12): lists for social services and the establishment's
caseworkers, so that nobody's income stops unnoticed.

- **Ends soon**: programmes that run (no actual end) whose planned end falls within 90, 60 or 30 days
  (`establishment.ending_soon_days`), and those whose planned end has passed without an end being recorded — the
  passed ones first, then the soonest. Each date is the stored `Deadline` (24 months from the start) or, for a date
  Arbetsförmedlingen gave, one that says so (`rules.programme_end_as_given`).
- **Glappet** (RULES.md: the municipality pays försörjningsstöd until the establishment allowance starts):
  programmes recorded (referred) but not started, the longest waiting first, with the days since arrival.

Each row says whether the person's latest monthly status is försörjningsstöd, and whether a plan or SIP runs.
Only the persons the user may see (`restrict()`), each logged once as listed; a page costs the same number of
queries for any number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery

from etablera.access.audit import log_list
from etablera.access.policy import restrict
from etablera.establishment.models import IndividualPlan, MonthlyStatus, ProgrammePeriod
from etablera.reception.models import ReceptionCase
from etablera.rules import establishment as rules
from etablera.rules.deadlines import Deadline

ENDING, WAITING = "ending", "waiting"
PAGE_SIZE = 50


@dataclass
class EndingRow:
    period: ProgrammePeriod
    deadline: Deadline | None  # the planned end and why (None in the gap)
    days_left: int | None  # negative: passed
    arrival: dt.date | None
    waiting_days: int | None  # in the gap: days since arrival (or referral, without an arrival)
    status: str  # the latest monthly status ("" when none is recorded)
    status_month: dt.date | None
    plan_kind: str  # "PLAN", "SIP" or "" (no plan runs)

    @property
    def person(self):
        return self.period.person

    @property
    def days_passed(self) -> int:
        """Days since a planned end that has passed without an end recorded (0 otherwise)."""
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def social_assistance(self) -> bool:
        return self.status == MonthlyStatus.Status.SOCIAL_ASSISTANCE

    @property
    def status_label(self) -> str:
        return MonthlyStatus.Status(self.status).label if self.status else ""

    @property
    def plan_label(self) -> str:
        return IndividualPlan.Kind(self.plan_kind).label if self.plan_kind else ""


@dataclass
class EndingPage:
    kind: str
    days: int
    on: dt.date
    rows: list[EndingRow]
    count: int
    number: int
    pages: int


def _planned_end(period: ProgrammePeriod) -> Deadline | None:
    if period.planned_end is None:
        return None
    return period.planned_end_deadline or rules.programme_end_as_given(period.planned_end, period.start_date)


def programmes(
    user,
    *,
    on: dt.date,
    kind: str = ENDING,
    days: int | None = None,
    social_assistance: bool = False,
    without_plan: bool = False,
) -> tuple:
    """(the restricted, annotated and ordered queryset, the horizon in days). `days` must be one of
    `rules.ending_soon_choices(on)` (the first when None)."""
    choices = rules.ending_soon_choices(on)
    days = days if days in choices else choices[0]
    latest = MonthlyStatus.objects.filter(person=OuterRef("person"), month__lte=on).order_by("-month")
    plan = IndividualPlan.objects.filter(person=OuterRef("person")).exclude(
        status=IndividualPlan.Status.CLOSED
    )
    arrival = ReceptionCase.objects.filter(household__memberships__person=OuterRef("person")).order_by(
        "-arrival_date"
    )
    periods = (
        restrict(user, ProgrammePeriod.objects.filter(actual_end__isnull=True))
        .select_related("person__municipality")
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_month=Subquery(latest.values("month")[:1]),
            plan_kind=Subquery(plan.values("kind")[:1]),
            arrival=Subquery(arrival.values("arrival_date")[:1]),
        )
    )
    if kind == WAITING:
        # Not started: no start date yet, or one still ahead (the allowance has not begun; the gap goes on).
        periods = periods.filter(Q(start_date__isnull=True) | Q(start_date__gt=on)).order_by(
            "referral_date", "pk"
        )
    else:
        periods = periods.filter(planned_end__isnull=False, planned_end__lte=on + dt.timedelta(days=days))
        periods = periods.order_by("planned_end", "pk")
    if social_assistance:
        periods = periods.filter(latest_status=MonthlyStatus.Status.SOCIAL_ASSISTANCE)
    if without_plan:
        periods = periods.filter(plan_kind__isnull=True)
    return periods, days


def _row(period: ProgrammePeriod, on: dt.date) -> EndingRow:
    waiting = None
    if period.start_date is None or period.start_date > on:
        waiting = (on - (period.arrival or period.referral_date)).days
    return EndingRow(
        period=period,
        deadline=_planned_end(period),
        days_left=(period.planned_end - on).days if period.planned_end else None,
        arrival=period.arrival,
        waiting_days=waiting,
        status=period.latest_status or "",
        status_month=period.latest_month,
        plan_kind=period.plan_kind or "",
    )


def rows_of(user, periods, on: dt.date, summary: str) -> list[EndingRow]:
    """The rows shown, each person logged once as listed."""
    rows = [_row(period, on) for period in periods]
    log_list(user, [row.person for row in rows], summary)
    return rows


def programme_page(
    user,
    *,
    on: dt.date,
    kind: str = ENDING,
    days: int | None = None,
    social_assistance: bool = False,
    without_plan: bool = False,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> EndingPage:
    """One page of the list: the programmes ending within `days` (or passed), or those waiting to start."""
    periods, days = programmes(
        user, on=on, kind=kind, days=days, social_assistance=social_assistance, without_plan=without_plan
    )
    count = periods.count()
    pages = max(1, -(-count // page_size))
    number = min(max(1, page), pages)
    shown = periods[(number - 1) * page_size : number * page_size]
    summary = (
        "Etableringsprogram som slutar snart" if kind == ENDING else "Etableringsprogram som inte startat"
    )
    return EndingPage(
        kind=kind,
        days=days,
        on=on,
        rows=rows_of(user, shown, on, summary),
        count=count,
        number=number,
        pages=pages,
    )
