"""The forecast (issue #15): what försörjningsstöd may cost the municipality as people leave the establishment
programme, month by month, beside the schablon and initial costs the state is expected to pay — KEFU's method.

- **Leaving**: the persons of the municipality (the person's own municipality) whose programme ends in the month —
  its actual end, or the planned end while it runs. One aggregate query by month; persons are counted, never named.
- **Without work**: of them, the share without work or studies (ForecastSetting.share_without_work).
- **Cost**: each month's leavers without work cost the average försörjningsstöd per person and month for
  `months_on_support` months from the month after they leave. A month's cost is the sum over the earlier cohorts
  still within their months: cohort × share × average cost, in whole kronor (rounded half up).
- **Income**: the stored entitlement lines (schablon and initial costs, money/services/entitlements.py) per
  month. A year in the window with no lines at all has not been computed: `missing_years` says which.

Figures only, the same for everyone who reads the money pages of the municipality: the caller must have the money
capability there (policy.money_municipality_ids, the condition of the money records' visibility rule), else
PermissionDenied. restrict() is not the door here — it shows a user only the persons they work with (the statistics
role none), and a forecast counts every person of the municipality without naming one, like the cohort outcomes
(establishment/reports/outcomes.py). Three queries whatever the size (a test counts them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DateField, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from etablera.access.policy import capabilities
from etablera.activity.models import SupportMonth
from etablera.establishment.models import ProgrammePeriod
from etablera.money.models import Entitlement, ForecastSetting, Kind
from etablera.rules.dates import add_months

INCOME_KINDS = (Kind.SCHABLON, Kind.INITIAL_COSTS)
MAX_MONTHS = 60
HUNDRED = Decimal(100)


@dataclass
class ForecastMonth:
    month: dt.date
    leaving: int  # persons whose programme ends this month
    without_work: Decimal  # of them, expected without work or studies (leaving × share)
    on_support: (
        Decimal  # persons expected on försörjningsstöd this month (earlier cohorts within their months)
    )
    cost: int  # kronor
    schablon: int
    initial_costs: int

    @property
    def income(self) -> int:
        return self.schablon + self.initial_costs

    @property
    def net(self) -> int:
        """Income minus cost: negative when the försörjningsstöd costs more than the state pays that month."""
        return self.income - self.cost


@dataclass
class Forecast:
    municipality_id: int
    setting: ForecastSetting  # unsaved (the defaults) when the municipality has none
    start: dt.date
    months: list[ForecastMonth]
    missing_years: list[int]  # years in the window whose entitlements have not been computed

    @property
    def saved(self) -> bool:
        return self.setting.pk is not None

    @property
    def share(self) -> Decimal:
        return Decimal(str(self.setting.share_without_work))

    @property
    def end(self) -> dt.date:
        """The window's last month."""
        return self.months[-1].month

    @property
    def leaving(self) -> int:
        return sum(m.leaving for m in self.months)

    @property
    def without_work(self) -> Decimal:
        return sum((m.without_work for m in self.months), Decimal(0))

    @property
    def cost(self) -> int:
        return sum(m.cost for m in self.months)

    @property
    def schablon(self) -> int:
        return sum(m.schablon for m in self.months)

    @property
    def initial_costs(self) -> int:
        return sum(m.initial_costs for m in self.months)

    @property
    def income(self) -> int:
        return sum(m.income for m in self.months)

    @property
    def net(self) -> int:
        return self.income - self.cost


def setting_for(municipality_id: int) -> ForecastSetting:
    """The municipality's parameters, or an unsaved instance with the defaults (55 %, 6 500 kr, 12 months)."""
    found = ForecastSetting.objects.filter(municipality_id=municipality_id).first()
    return found or ForecastSetting(municipality_id=municipality_id)


def require_reader(user, municipality_id: int) -> None:
    if municipality_id not in capabilities(user).money_municipality_ids:
        raise PermissionDenied(_("Ersättningarna följs av controllern och integrationsenheten."))


def kronor(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def forecast(user, municipality_id: int, start_month: dt.date, months: int = 24) -> Forecast:
    """The forecast of `municipality_id` for `months` months from `start_month` (any day of it)."""
    require_reader(user, municipality_id)
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be 1–{MAX_MONTHS}")
    start = start_month.replace(day=1)
    window = [add_months(start, i) for i in range(months)]
    after = add_months(start, months)  # the first month after the window
    setting = setting_for(municipality_id)
    support = int(setting.months_on_support)
    share = Decimal(str(setting.share_without_work)) / HUNDRED
    average = Decimal(int(setting.average_monthly_cost))

    # Cohorts from `support` months before the window still cost something in it.
    leaving = _leaving_by_month(municipality_id, add_months(start, -support), after)
    lines, computed_years = _lines_by_month(municipality_id, start, after)
    rows = []
    for month in window:
        on_support_persons = sum(leaving.get(add_months(month, -k), 0) for k in range(1, support + 1))
        on_support = on_support_persons * share
        rows.append(
            ForecastMonth(
                month=month,
                leaving=leaving.get(month, 0),
                without_work=leaving.get(month, 0) * share,
                on_support=on_support,
                cost=kronor(on_support * average),
                schablon=lines.get((month, Kind.SCHABLON), 0),
                initial_costs=lines.get((month, Kind.INITIAL_COSTS), 0),
            )
        )
    years = sorted({m.year for m in window})
    return Forecast(
        municipality_id=municipality_id,
        setting=setting,
        start=start,
        months=rows,
        missing_years=[y for y in years if y not in computed_years],
    )


def _leaving_by_month(municipality_id: int, first: dt.date, after: dt.date) -> dict[dt.date, int]:
    """Persons whose programme ends per month in [first, after): one aggregate query."""
    rows = (
        ProgrammePeriod.objects.filter(person__municipality_id=municipality_id)
        .annotate(ends=Coalesce("actual_end", "planned_end", output_field=DateField()))
        .filter(ends__gte=first, ends__lt=after)
        .annotate(month=TruncMonth("ends", output_field=DateField()))
        .values("month")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {_as_date(row["month"]): row["n"] for row in rows}


def _lines_by_month(municipality_id: int, start: dt.date, after: dt.date):
    """The stored schablon and initial-cost amounts per (month, kind) in [start, after), and the years of the window
    that have any line at all (of any kind): one aggregate query over the window's whole years."""
    first_year, last_year = start.year, add_months(after, -1).year
    rows = (
        Entitlement.objects.filter(
            municipality_id=municipality_id,
            month__gte=dt.date(first_year, 1, 1),
            month__lte=dt.date(last_year, 12, 1),
        )
        .values("month", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    amounts: dict[tuple[dt.date, str], int] = {}
    years: set[int] = set()
    for row in rows:
        month = _as_date(row["month"])
        years.add(month.year)
        if row["kind"] in INCOME_KINDS and start <= month < after:
            amounts[(month, row["kind"])] = row["total"] or 0
    return amounts, years


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass
class OutcomeMonth:
    month: dt.date
    forecast: int  # kronor: the KEFU forecast's cost, with the leavers that actually left
    actual: int  # kronor: the försörjningsstöd actually paid that month to households of those leavers
    households: int  # households the actual amount was paid to

    @property
    def difference(self) -> int:
        """Actual minus forecast: positive when support cost more than the method foresaw."""
        return self.actual - self.forecast


def outcome(user, municipality_id: int, year: int) -> list[OutcomeMonth]:
    """The forecast beside its outcome for a past year (issue #16), month by month: the forecast's cost computed with
    the persons who really left the programme, and the försörjningsstöd really paid that month to the households of
    those who left within the setting's months on support before it (a household counted once a month, however many
    of its members left). The gap is what the parameters (share without work, average cost, months) missed."""
    start = dt.date(year, 1, 1)
    predicted = forecast(user, municipality_id, start, 12)
    support = int(predicted.setting.months_on_support)
    after = dt.date(year + 1, 1, 1)
    # The households of the persons whose programme ended in the window that can reach the year.
    ends: dict[int, list[dt.date]] = {}
    for household_id, ended in (
        ProgrammePeriod.objects.filter(person__municipality_id=municipality_id)
        .annotate(ends=Coalesce("actual_end", "planned_end", output_field=DateField()))
        .filter(ends__gte=add_months(start, -support), ends__lt=add_months(after, -1))
        .exclude(person__household_memberships=None)
        .values_list("person__household_memberships__household_id", "ends")
    ):
        ends.setdefault(household_id, []).append(_as_date(ended).replace(day=1))
    actual: dict[dt.date, int] = {}
    households: dict[dt.date, int] = {}
    for household_id, month, amount in SupportMonth.objects.filter(
        municipality_id=municipality_id, household_id__in=list(ends), month__gte=start, month__lt=after
    ).values_list("household_id", "month", "amount"):
        month = _as_date(month)
        if any(left < month <= add_months(left, support) for left in ends[household_id]):
            actual[month] = actual.get(month, 0) + amount
            households[month] = households.get(month, 0) + 1
    return [
        OutcomeMonth(m.month, m.cost, actual.get(m.month, 0), households.get(m.month, 0))
        for m in predicted.months
    ]
