"""What the money pages read (issue #15): the year per month — expected by kind, received, the difference — and
per category, the municipality's costs per month, and one month's lines with their explanations (the drill-down).

The overview holds no names: it is sums over the entitlement lines, a fixed handful of queries whatever the size
of the municipality (a test counts them). The drill-down is the only read that reaches persons: it starts from
restrict(), names only the persons the user sees (others are "a person you may not see"), and logs each one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from etablera.access.audit import log_list
from etablera.access.policy import restrict
from etablera.activity.models import SupportMonth
from etablera.housing.models import Contract
from etablera.minors.models import Placement
from etablera.money.models import Entitlement, Kind, Payment
from etablera.money.rates import missing_years, rate_on, version_on, versions_by_key
from etablera.people.models import Category, Person
from etablera.rules import money as rules
from etablera.rules.dates import add_months
from etablera.rules.deadlines import render
from etablera.rules.parameters import parameter

EXPECTED_KINDS = (Kind.SCHABLON, Kind.INITIAL_COSTS, Kind.MINORS_DAYS)


@dataclass
class MonthRow:
    month: dt.date
    expected: dict[str, int] = field(default_factory=dict)
    received: int = 0
    costs: dict[str, int] = field(default_factory=dict)

    @property
    def expected_total(self) -> int:
        return sum(self.expected.values())

    @property
    def difference(self) -> int:
        """Received minus expected: negative is money the municipality has not (yet) had."""
        return self.received - self.expected_total

    @property
    def costs_total(self) -> int:
        return sum(self.costs.values())

    def expected_of(self, kind: str) -> int:
        return self.expected.get(kind, 0)


@dataclass
class CategoryRow:
    category: str
    label: str
    persons: int
    amounts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.amounts.values())


@dataclass
class CohortRow:
    """The persons received in one year: what the rules give for them this year, and what their households' support
    cost this year."""

    received_year: int
    persons: int = 0
    expected: int = 0
    support: int = 0

    @property
    def net(self) -> int:
        return self.expected - self.support


@dataclass
class Overview:
    year: int
    months: list[MonthRow]
    categories: list[CategoryRow]
    estimated_lines: int
    missing_schablon_years: list[int]
    computed_at: dt.datetime | None
    cohorts: list[CohortRow] = field(default_factory=list)

    def total(self, kind: str) -> int:
        return sum(m.expected_of(kind) for m in self.months)

    @property
    def expected_total(self) -> int:
        return sum(m.expected_total for m in self.months)

    @property
    def received_total(self) -> int:
        return sum(m.received for m in self.months)

    @property
    def difference(self) -> int:
        return self.received_total - self.expected_total

    @property
    def costs_total(self) -> int:
        return sum(m.costs_total for m in self.months)

    @property
    def computed(self) -> bool:
        return self.computed_at is not None


COST_KINDS = {
    "SUPPORT": gettext_lazy("Försörjningsstöd"),
    "HOUSING": gettext_lazy("Boende som kommunen betalar"),
    "PLACEMENTS": gettext_lazy("Placeringar av ensamkommande barn"),
}


def _months(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]


def _visible(user, model):
    """The model's rows the user sees, as restrict() decides them (visibility/money.py: their money municipalities').
    The money rules are `figures=True`, so the statistics role, which sees no persons, still reads these sums. With
    no user, all of them (the report command, which names nobody)."""
    if user is None:
        return model.objects.all()
    return restrict(user, model.objects.all())


def overview(user, municipality_id: int, year: int) -> Overview:
    """The year of `municipality_id` as the money pages show it (sums, no names). The caller has checked the money
    capability; `user` None is the report command."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    rows = {m: MonthRow(m) for m in _months(year)}
    lines = _visible(user, Entitlement).filter(
        municipality_id=municipality_id, month__gte=first, month__lte=last
    )
    for row in lines.values("month", "kind").annotate(total=Sum("amount")).order_by():
        rows[row["month"]].expected[row["kind"]] = row["total"]
    payments = _visible(user, Payment).filter(
        municipality_id=municipality_id, month__gte=first, month__lte=last
    )
    for row in payments.values("month").annotate(total=Sum("amount")).order_by():
        rows[row["month"]].received = row["total"]
    labels = dict(Category.choices)
    by_category: dict[str, CategoryRow] = {}
    for row in lines.values("category", "kind").annotate(
        total=Sum("amount"), n=Count("person_id", distinct=True)
    ):
        entry = by_category.setdefault(
            row["category"], CategoryRow(row["category"], str(labels.get(row["category"], "–")), 0, {})
        )
        entry.amounts[row["kind"]] = row["total"]
        entry.persons = max(entry.persons, row["n"])
    summary = lines.aggregate(estimated=Count("id", filter=Q(estimated=True)), at=Max("computed_at"))
    _add_costs(rows, municipality_id, year)
    cohorts = _cohorts(lines, municipality_id, year)
    return Overview(
        cohorts=cohorts,
        year=year,
        months=list(rows.values()),
        categories=sorted(by_category.values(), key=lambda c: -c.total),
        estimated_lines=summary["estimated"],
        missing_schablon_years=missing_years("money.schablon", year) if summary["estimated"] else [],
        computed_at=summary["at"],
    )


def _cohorts(lines, municipality_id: int, year: int) -> list[CohortRow]:
    """Compensation versus cost per cohort (the year of reception): the year's expected lines of the persons
    received that year, and the försörjningsstöd paid this year to households received that year."""
    cohorts: dict[int, CohortRow] = {}
    for row in (
        lines.exclude(received_on=None)
        .values("received_on__year")
        .annotate(total=Sum("amount"), n=Count("person_id", distinct=True))
        .order_by()
    ):
        cohort = cohorts.setdefault(row["received_on__year"], CohortRow(row["received_on__year"]))
        cohort.expected, cohort.persons = row["total"], row["n"]
    support = (
        SupportMonth.objects.filter(
            municipality_id=municipality_id, month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1)
        )
        .exclude(household__reception_cases=None)
        .values("household__reception_cases__arrival_date__year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in support:
        received = row["household__reception_cases__arrival_date__year"]
        cohorts.setdefault(received, CohortRow(received)).support = row["total"]
    return sorted(cohorts.values(), key=lambda c: c.received_year, reverse=True)


def _add_costs(rows: dict[dt.date, MonthRow], municipality_id: int, year: int) -> None:
    """The municipality's costs per month from what Etablera holds: försörjningsstöd (imported per household and
    month), the housing the municipality pays (a contract's monthly cost, by the days it runs in the month), and
    the placements of unaccompanied minors (cost per day × days)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for row in (
        SupportMonth.objects.filter(municipality_id=municipality_id, month__gte=first, month__lte=last)
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        rows[row["month"]].costs["SUPPORT"] = row["total"]
    contracts = (
        Contract.objects.filter(
            municipality_id=municipality_id,
            payer=Contract.Payer.MUNICIPALITY,
            status__in=[Contract.Status.ACTIVE, Contract.Status.ENDED],
            start_date__lte=last,
        )
        .exclude(end_date__lt=first)
        .values_list("start_date", "end_date", "monthly_cost")
    )
    # Each month's last day once: the days a contract or placement runs in a month are rules.minors.days_in_month's
    # arithmetic, inlined, since for every row and month its date arithmetic was most of the page's time. The
    # drill-down per household (selectors_costs.housing_cost, placement_cost) does the same sums for one month; a
    # test holds the two equal.
    bounds = [(month, add_months(month, 1) - dt.timedelta(days=1)) for month in rows]
    for start, end, cost in contracts:
        for month, month_last in bounds:
            days = (min(end or month_last, month_last) - max(start, month)).days + 1
            if days > 0:  # month_last.day: the days in the month
                rows[month].costs["HOUSING"] = (
                    rows[month].costs.get("HOUSING", 0) + cost * days // month_last.day
                )
    placements = (
        Placement.objects.filter(case__municipality_id=municipality_id, starts_on__lte=last)
        .exclude(ends_on__lt=first)
        .values_list("starts_on", "ends_on", "cost_per_day")
    )
    for start, end, per_day in placements:
        for month, month_last in bounds:
            days = (min(end or month_last, month_last) - max(start, month)).days + 1
            if days > 0:
                rows[month].costs["PLACEMENTS"] = rows[month].costs.get("PLACEMENTS", 0) + int(per_day * days)


@dataclass
class Line:
    """One entitlement line on the drill-down: its amount, what explains it, and the person if the user sees them."""

    entitlement: Entitlement
    person: Person | None
    explanation: str
    source: str
    status: str


def month_lines(user, municipality_id: int, month: dt.date, kind: str | None = None, limit: int = 500):
    """The lines of one month (and kind), with their explanations. Persons the user sees are named and logged;
    the others are shown without a name. Returns (lines, total count, total amount)."""
    lines = _visible(user, Entitlement).filter(municipality_id=municipality_id, month=month)
    if kind:
        lines = lines.filter(kind=kind)
    totals = lines.aggregate(n=Count("id"), total=Sum("amount"))
    chosen = list(lines.select_related("received_in").order_by("kind", "person_id", "pk")[:limit])
    person_ids = {line.person_id for line in chosen if line.person_id}
    # The municipality with each person: the audit event names it.
    seen = {
        p.pk: p
        for p in restrict(user, Person.objects.filter(pk__in=person_ids)).select_related("municipality")
    }
    log_list(user, seen.values(), summary=f"Ersättningar {month:%Y-%m}")
    known = versions_by_key(EXPLAINED_RATES)  # read once for the page, not once per line or per rate
    result = [Line(line, seen.get(line.person_id), *explain(line, known)) for line in chosen]
    return result, totals["n"], totals["total"] or 0


EXPLAINED_RATES = ("money.schablon", "money.minors_per_day")


def explain(line: Entitlement, known: dict | None = None) -> tuple[str, str, str]:
    """What a line says about itself: the rule applied to its dates, and the rule's source and status."""
    if line.kind == Kind.SCHABLON:
        age = rules.band_age(line.received_on)
        band = render([rules.BAND_UNDER if line.band == rules.UNDER else rules.BAND_OVER, {"age": age}], _)
        text = render(
            [
                rules.SCHABLON_EXPLANATION,
                {
                    "received": line.received_on.isoformat(),
                    "rate": f"{line.rate:,}".replace(",", " "),
                    "band": band,
                    "number": line.instalment,
                    "count": rules.instalments(line.received_on),
                    "month": f"{line.month:%Y-%m}",
                },
            ],
            _,
        )
        if line.municipality_id != line.received_in_id:
            text += " " + render([rules.MOVED_EXPLANATION, {"from": line.received_in.name}], _)
        key, on = "money.schablon", line.received_on
    elif line.kind == Kind.INITIAL_COSTS:
        group = rules.INITIAL_COSTS_GROUPS.get(line.category, "")
        text = render(
            [
                rules.INITIAL_EXPLANATION,
                {
                    "received": line.received_on.isoformat(),
                    "group": rules.GROUP_LABELS.get(group, ""),
                    "age": {"0": "0–19", "20": "20–65", "66": "66+"}.get(line.band, line.band),
                    "share": f"{line.share / 100:.2f}".replace(".", ","),
                    "base": f"{line.rate:,}".replace(",", " "),
                },
            ],
            _,
        )
        key, on = "money.initial_costs_shares", line.received_on
    else:
        text = render(
            [MINORS_TEXT, {"days": line.days, "month": f"{line.month:%Y-%m}", "rate": line.rate}],
            _,
        )
        key, on = "money.minors_per_day", line.month
    if line.estimated:
        text += " " + _(rules.ESTIMATED)
    if key in ("money.schablon", "money.minors_per_day"):
        # An administrator's entered rate, where there is one.
        version = version_on(key, on, known[key])[0] if known else rate_on(key, on)
        return text, version.source, version.status
    p = parameter(key, on)
    return text, p.source, p.status


MINORS_TEXT = rules.MINORS_EXPLANATION
