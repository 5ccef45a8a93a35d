"""One month's costs per household (issue #15): the drill-down from the overview's "costs per month" to what each
household cost — its försörjningsstöd (imported per household and month), the housing the municipality pays for it
(a contract's monthly cost by the days it runs in the month) — and what each unaccompanied child's placements cost.

The rows add up to the overview's month exactly: the same rows, the same arithmetic (`housing_cost`,
`placement_cost`, which selectors.overview uses too); a test holds them equal.

Who is named: a household only if the user sees it (restrict() on Household), and a child's placement only if the
user sees the child's social section (restrict() on Placement: the placement is the social services' record, and
that a child is placed is itself secret from a caseworker who sees the household). Every row the user may not see
is still counted, without a name, so the sums stay whole. Each household and child shown is logged as listed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from etablera.access.audit import log_list
from etablera.access.policy import restrict
from etablera.activity.models import SupportMonth
from etablera.housing.models import Contract
from etablera.minors.models import Placement
from etablera.people.models import Household, Person
from etablera.rules.dates import add_months

LIMIT = 500  # rows on the page: the largest municipalities' months have thousands of households


def month_last(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def _days(start: dt.date, end: dt.date | None, month: dt.date, last: dt.date) -> int:
    """The days from `start` to `end` (None: open) that fall in the month `month`..`last` (0 if none)."""
    return max(0, (min(end or last, last) - max(start, month)).days + 1)


def housing_cost(cost: int, start: dt.date, end: dt.date | None, month: dt.date, last: dt.date) -> int:
    """A contract's share of its monthly cost in the month: by the days it runs, rounded down to whole kronor (a
    contract the whole month costs exactly its monthly cost)."""
    return cost * _days(start, end, month, last) // last.day


def placement_cost(per_day, start: dt.date, end: dt.date | None, month: dt.date, last: dt.date) -> int:
    """A placement's cost in the month: its cost per day times its days in the month, in whole kronor."""
    return int(per_day * _days(start, end, month, last))


@dataclass
class CostRow:
    """One household's or one child's costs in the month. `household` or `child` is set when the user sees them;
    a row of neither is one the user may not see (counted, not named)."""

    support: int = 0
    housing: int = 0
    placements: int = 0
    household: Household | None = None
    child: Person | None = None
    is_child: bool = False

    @property
    def total(self) -> int:
        return self.support + self.housing + self.placements


@dataclass
class MonthCosts:
    month: dt.date
    rows: list[CostRow]  # the largest first, at most LIMIT
    count: int  # all the rows, shown or not
    support: int
    housing: int
    placements: int

    @property
    def total(self) -> int:
        return self.support + self.housing + self.placements

    @property
    def shown(self) -> int:
        return len(self.rows)


def _by_household(municipality_id: int, month: dt.date, last: dt.date) -> dict[int, CostRow]:
    rows: dict[int, CostRow] = {}
    for household_id, amount in (
        SupportMonth.objects.filter(municipality_id=municipality_id, month=month)
        .values_list("household_id")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        rows.setdefault(household_id, CostRow()).support += amount
    contracts = (
        Contract.objects.filter(
            municipality_id=municipality_id,
            payer=Contract.Payer.MUNICIPALITY,
            status__in=[Contract.Status.ACTIVE, Contract.Status.ENDED],
            start_date__lte=last,
        )
        .exclude(end_date__lt=month)
        .values_list("household_id", "start_date", "end_date", "monthly_cost")
    )
    for household_id, start, end, cost in contracts:
        rows.setdefault(household_id, CostRow()).housing += housing_cost(cost, start, end, month, last)
    return rows


def _by_child(municipality_id: int, month: dt.date, last: dt.date) -> dict[int, CostRow]:
    """Keyed by the placement's case: a child with two placements in the month is one row."""
    rows: dict[int, CostRow] = {}
    placements = (
        Placement.objects.filter(case__municipality_id=municipality_id, starts_on__lte=last)
        .exclude(ends_on__lt=month)
        .values_list("case_id", "starts_on", "ends_on", "cost_per_day")
    )
    for case_id, start, end, per_day in placements:
        row = rows.setdefault(case_id, CostRow(is_child=True))
        row.placements += placement_cost(per_day, start, end, month, last)
    return rows


def month_costs(user, municipality_id: int, month: dt.date, limit: int = LIMIT) -> MonthCosts:
    """The month's costs per household and child, the largest first. The caller has checked the money capability
    for the municipality."""
    last = month_last(month)
    households = _by_household(municipality_id, month, last)
    children = _by_child(municipality_id, month, last)
    keyed = [(("h", pk), row) for pk, row in households.items()]
    keyed += [(("c", pk), row) for pk, row in children.items()]
    keyed = [item for item in keyed if item[1].total]  # a contract of 0 kr is not a cost
    keyed.sort(key=lambda item: (-item[1].total, item[0]))
    chosen = keyed[:limit]
    household_ids = [pk for (kind, pk), _row in chosen if kind == "h"]
    case_ids = [pk for (kind, pk), _row in chosen if kind == "c"]
    seen_households = {
        h.pk: h
        for h in restrict(user, Household.objects.filter(pk__in=household_ids)).select_related("municipality")
    }
    # The child of each placement the user sees (the social section): one placement per case is enough.
    seen_children: dict[int, Person] = {}
    for placement in restrict(user, Placement.objects.filter(case_id__in=case_ids)).select_related(
        "case__person__municipality"
    ):
        seen_children.setdefault(placement.case_id, placement.case.person)
    summary = f"Kostnader {month:%Y-%m}"
    log_list(user, seen_households.values(), summary)
    log_list(user, seen_children.values(), summary)
    for (kind, pk), row in chosen:
        if kind == "h":
            row.household = seen_households.get(pk)
        else:
            row.child = seen_children.get(pk)
    all_rows = [row for _key, row in keyed]
    return MonthCosts(
        month=month,
        rows=[row for _key, row in chosen],
        count=len(keyed),
        support=sum(r.support for r in all_rows),
        housing=sum(r.housing for r in all_rows),
        placements=sum(r.placements for r in all_rows),
    )
