"""The money bench cases (issue #15), in the order of the report: the year's overview (`/ersattning/?ar=<year>`:
expected by month and kind, received, per category and per cohort, and the costs) and one month's lines with their
explanations (`/ersattning/manad/<yyyy-mm>/`) — each with its SQL floor and the same keys from the money domain's
selectors.

The login is the generator's `bench.ekonomi` (demo/generate/money.py: a caseworker of Ekonomienheten, function
administration, in the benchmark municipality): it reads the money pages of its municipality and sees no persons.
The lines are the generator's national computation of this year and last, the payments its payments.

The floors are portable SQL (PostgreSQL and SQLite): the day arithmetic of the costs (the days a contract or a
placement runs in each month) is the only part told apart, as in money/services/entitlements.py.
"""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from etablera.activity.models import SupportMonth
from etablera.benchmarks.cases.common import Case, Context, _t
from etablera.housing.models import Contract
from etablera.minors.models import ChildCase, Placement
from etablera.money import selectors, selectors_costs
from etablera.money.models import Entitlement, Payment, Rate
from etablera.organisation.models import Municipality, User
from etablera.reception.models import ReceptionCase
from etablera.rules.dates import add_months

MONEY_LOGIN = "bench.ekonomi"
LIMIT = 500  # the drill-down's lines (selectors.month_lines)


def _user(ctx: Context) -> User:
    users = ctx.__dict__.setdefault("money_users", {})
    if MONEY_LOGIN not in users:
        users[MONEY_LOGIN] = User.objects.get(username=MONEY_LOGIN)
    return users[MONEY_LOGIN]


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _date(value) -> dt.date:
    """A date column as a date (SQLite gives text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _at(value) -> str | None:
    """A timestamp as UTC text to the second, whichever way the database gave it."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = parse_datetime(str(value))
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


def _amounts(values: dict) -> dict:
    """Sums as ints, without the zeros (the page shows a missing sum as 0)."""
    return {k: int(v) for k, v in values.items() if v}


# --- the overview -----------------------------------------------------------------------------------------------------


def _overview_request(ctx: Context, i: int):
    return ctx.client(_user(ctx)).get(reverse("money_overview"), {"ar": ctx.today.year})


def _year_of(column: str) -> str:
    if _pg():
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%%Y', {column}) AS integer)"


def _months_table(year: int, only: dt.date | None = None) -> tuple[str, list]:
    """The year's months (or the one month `only`) as a table m(first_day, last_day, length): the first and last
    day and the number of days."""
    rows, params = [], []
    for first in [only] if only else [dt.date(year, n, 1) for n in range(1, 13)]:
        last = add_months(first, 1) - dt.timedelta(days=1)
        rows.append("(%s, %s, %s)")
        params += [first, last, last.day]
    if _pg():
        return f"(VALUES {', '.join(rows)}) AS m(first_day, last_day, length)", params
    columns = "column1 AS first_day, column2 AS last_day, column3 AS length"
    return f"(SELECT {columns} FROM (VALUES {', '.join(rows)})) AS m", params


def _days(start: str, end: str) -> tuple[str, str]:
    """The days of [start, end] (end NULL: running) in month m, and the condition that there are some."""
    if _pg():
        lo = f"GREATEST({start}, m.first_day::date)"
        hi = f"LEAST(COALESCE({end}, m.last_day::date), m.last_day::date)"
        return f"({hi} - {lo} + 1)", f"{lo} <= {hi}"
    lo = f"MAX({start}, m.first_day)"
    hi = f"MIN(COALESCE({end}, m.last_day), m.last_day)"
    return f"CAST(julianday({hi}) - julianday({lo}) + 1 AS integer)", f"{lo} <= {hi}"


def _costs(cursor, municipality_id: int, year: int) -> dict:
    """{month: {cost kind: kronor}} in one statement: the försörjningsstöd per month, the housing the municipality
    pays (the monthly cost by the days the contract runs in the month) and the placements (cost per day × days)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    months, month_params = _months_table(year)
    contract_days, contract_runs = _days("k.start_date", "k.end_date")
    placement_days, placement_runs = _days("p.starts_on", "p.ends_on")
    truncate = "TRUNC" if _pg() else ""
    placement_cost = (
        f"CAST({truncate}(p.cost_per_day * {placement_days}) AS bigint)"
        if _pg()
        else f"CAST(p.cost_per_day * {placement_days} AS integer)"
    )
    cursor.execute(
        f"SELECT 'SUPPORT', month, SUM(amount) FROM {_t(SupportMonth)} "
        f"WHERE municipality_id = %s AND month >= %s AND month <= %s GROUP BY month "
        f"UNION ALL "
        f"SELECT 'HOUSING', m.first_day, SUM(k.monthly_cost * {contract_days} / m.length) "
        f"FROM {_t(Contract)} k JOIN {months} ON {contract_runs} "
        f"WHERE k.municipality_id = %s AND k.payer = 'MUNICIPALITY' AND k.status IN ('ACTIVE', 'ENDED') "
        f"AND k.start_date <= %s AND (k.end_date IS NULL OR k.end_date >= %s) GROUP BY m.first_day "
        f"UNION ALL "
        f"SELECT 'PLACEMENTS', m.first_day, SUM({placement_cost}) "
        f"FROM {_t(Placement)} p JOIN {months} ON {placement_runs} "
        f"WHERE p.case_id IN (SELECT id FROM {_t(ChildCase)} WHERE municipality_id = %s) "
        f"AND p.starts_on <= %s AND (p.ends_on IS NULL OR p.ends_on >= %s) GROUP BY m.first_day",
        [
            municipality_id,
            first,
            last,
            *month_params,
            municipality_id,
            last,
            first,
            *month_params,
            municipality_id,
            last,
            first,
        ],
    )
    costs: dict = {}
    for kind, month, total in cursor.fetchall():
        costs.setdefault(_date(month), {})[kind] = total
    return costs


def _overview_floor(cursor, ctx: Context, i: int) -> list:
    """The sums the page shows, for the user's one municipality (bench.ekonomi reads the money pages of the
    benchmark municipality only, and the lines name nobody: no policy branch applies): the lines by month and kind
    (with the estimated lines and the time of computation), by category and kind (persons counted once), by cohort;
    the payments by month; the costs (_costs); and the cohorts' försörjningsstöd."""
    municipality_id, year = ctx.municipality.pk, ctx.today.year
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 1)
    lines = f"FROM {_t(Entitlement)} WHERE municipality_id = %s AND month >= %s AND month <= %s"
    scope = [municipality_id, first, last]
    cursor.execute(
        f"SELECT month, kind, SUM(amount), SUM(CASE WHEN estimated THEN 1 ELSE 0 END), MAX(computed_at) "
        f"{lines} GROUP BY month, kind",
        scope,
    )
    expected: dict = {}
    estimated, computed_at = 0, None
    for month, kind, total, n_estimated, at in cursor.fetchall():
        expected.setdefault(_date(month), {})[kind] = total
        estimated += int(n_estimated or 0)
        at = _at(at)
        computed_at = at if computed_at is None or (at is not None and at > computed_at) else computed_at
    cursor.execute(
        f"SELECT category, kind, SUM(amount), COUNT(DISTINCT person_id) {lines} GROUP BY category, kind",
        scope,
    )
    categories: dict = {}
    for category, kind, total, persons in cursor.fetchall():
        entry = categories.setdefault(category, [0, {}])
        entry[0] = max(entry[0], persons)
        entry[1][kind] = total
    cursor.execute(
        f"SELECT {_year_of('received_on')}, SUM(amount), COUNT(DISTINCT person_id) {lines} "
        f"AND received_on IS NOT NULL GROUP BY {_year_of('received_on')}",
        scope,
    )
    cohorts = {received: [int(persons), int(total or 0), 0] for received, total, persons in cursor.fetchall()}
    cursor.execute(
        f"SELECT {_year_of('rc.arrival_date')}, SUM(s.amount) FROM {_t(SupportMonth)} s "
        f"JOIN {_t(ReceptionCase)} rc ON rc.household_id = s.household_id "
        f"WHERE s.municipality_id = %s AND s.month >= %s AND s.month <= %s GROUP BY {_year_of('rc.arrival_date')}",
        scope,
    )
    for received, total in cursor.fetchall():
        cohorts.setdefault(received, [0, 0, 0])[2] = int(total or 0)
    cursor.execute(
        f"SELECT month, SUM(amount) FROM {_t(Payment)} WHERE municipality_id = %s AND month >= %s AND month <= %s "
        f"GROUP BY month",
        scope,
    )
    received = {_date(month): total for month, total in cursor.fetchall()}
    costs = _costs(cursor, municipality_id, year)
    months = [dt.date(year, n, 1) for n in range(1, 13)]
    return [
        [
            (
                m.isoformat(),
                _amounts(expected.get(m, {})),
                int(received.get(m) or 0),
                _amounts(costs.get(m, {})),
            )
            for m in months
        ],
        sorted((category, persons, _amounts(amounts)) for category, (persons, amounts) in categories.items()),
        sorted((year, *values) for year, values in cohorts.items()),
        estimated,
        computed_at,
    ]


def _overview_app(ctx: Context, i: int) -> list:
    data = selectors.overview(_user(ctx), ctx.municipality.pk, ctx.today.year)
    return [
        [
            (m.month.isoformat(), _amounts(m.expected), int(m.received or 0), _amounts(m.costs))
            for m in data.months
        ],
        sorted((c.category, c.persons, _amounts(c.amounts)) for c in data.categories),
        sorted((c.received_year, c.persons, int(c.expected), int(c.support)) for c in data.cohorts),
        data.estimated_lines,
        _at(data.computed_at),
    ]


# --- one month's lines ------------------------------------------------------------------------------------------------


def _month(ctx: Context) -> dt.date:
    return ctx.today.replace(day=1)


def _month_request(ctx: Context, i: int):
    return ctx.client(_user(ctx)).get(reverse("money_month", args=[f"{_month(ctx):%Y-%m}"]))


def _month_floor(cursor, ctx: Context, i: int) -> list:
    """The month's count and sum, its first LIMIT lines in the page's order with the receiving municipality's
    name (a moved person's line names it), and the entered rates the explanations cite. bench.ekonomi sees no
    persons: no line is named, so none is logged."""
    scope = [ctx.municipality.pk, _month(ctx)]
    where = "WHERE e.municipality_id = %s AND e.month = %s"
    cursor.execute(f"SELECT COUNT(*), SUM(e.amount) FROM {_t(Entitlement)} e {where}", scope)
    count, total = cursor.fetchone()
    cursor.execute(
        f"SELECT e.id, e.kind, e.amount, e.person_id, e.category, e.received_on, e.instalment, e.band, e.rate, "
        f"e.share, e.days, e.estimated, r.name FROM {_t(Entitlement)} e "
        f"JOIN {_t(Municipality)} r ON r.id = e.received_in_id {where} ORDER BY e.kind, e.person_id, e.id "
        f"LIMIT {LIMIT}",
        scope,
    )
    ids = [row[0] for row in cursor.fetchall()]
    cursor.execute(f"SELECT * FROM {_t(Rate)}")
    cursor.fetchall()
    return [count, int(total or 0), ids]


def _month_app(ctx: Context, i: int) -> list:
    lines, count, total = selectors.month_lines(_user(ctx), ctx.municipality.pk, _month(ctx))
    return [count, int(total or 0), [line.entitlement.pk for line in lines]]


# --- one month's costs per household ----------------------------------------------------------------------------------


def _last_month(ctx: Context) -> dt.date:
    return add_months(ctx.today.replace(day=1), -1)


def _costs_request(ctx: Context, i: int):
    return ctx.client(_user(ctx)).get(reverse("money_costs", args=[f"{_last_month(ctx):%Y-%m}"]))


def _costs_floor(cursor, ctx: Context, i: int) -> list:
    """The month's costs per household (försörjningsstöd; the contracts the municipality pays, by their days in the
    month) and per child (placements, cost per day × days), each summed in SQL; merged and counted in Python as the
    page does. bench.ekonomi sees no persons: no household or child is named, so none is logged."""
    month = _last_month(ctx)
    last = add_months(month, 1) - dt.timedelta(days=1)
    table, table_params = _months_table(month.year, only=month)
    contract_days, contract_runs = _days("k.start_date", "k.end_date")
    placement_days, placement_runs = _days("p.starts_on", "p.ends_on")
    placement_cost = (
        f"CAST(TRUNC(p.cost_per_day * {placement_days}) AS bigint)"
        if _pg()
        else f"CAST(p.cost_per_day * {placement_days} AS integer)"
    )
    municipality_id = ctx.municipality.pk
    cursor.execute(
        f"SELECT 'h', household_id, SUM(amount) FROM {_t(SupportMonth)} "
        f"WHERE municipality_id = %s AND month = %s GROUP BY household_id "
        f"UNION ALL "
        f"SELECT 'h', k.household_id, SUM(k.monthly_cost * {contract_days} / m.length) "
        f"FROM {_t(Contract)} k JOIN {table} ON {contract_runs} "
        f"WHERE k.municipality_id = %s AND k.payer = 'MUNICIPALITY' AND k.status IN ('ACTIVE', 'ENDED') "
        f"AND k.start_date <= %s AND (k.end_date IS NULL OR k.end_date >= %s) GROUP BY k.household_id "
        f"UNION ALL "
        f"SELECT 'c', p.case_id, SUM({placement_cost}) FROM {_t(Placement)} p JOIN {table} ON {placement_runs} "
        f"WHERE p.case_id IN (SELECT id FROM {_t(ChildCase)} WHERE municipality_id = %s) "
        f"AND p.starts_on <= %s AND (p.ends_on IS NULL OR p.ends_on >= %s) GROUP BY p.case_id",
        [
            municipality_id,
            month,
            *table_params,
            municipality_id,
            last,
            month,
            *table_params,
            municipality_id,
            last,
            month,
        ],
    )
    totals: dict = {}
    for kind, pk, amount in cursor.fetchall():
        totals[(kind, pk)] = totals.get((kind, pk), 0) + int(amount or 0)
    return [sum(1 for v in totals.values() if v), sum(totals.values())]


def _costs_app(ctx: Context, i: int) -> list:
    costs = selectors_costs.month_costs(_user(ctx), ctx.municipality.pk, _last_month(ctx))
    return [costs.count, costs.total]


def cases() -> list[Case]:
    return [
        Case(
            "money_overview",
            "Statlig ersättning, året (`/ersattning/?ar=`)",
            "money controller (no persons)",
            _overview_request,
            _overview_floor,
            _overview_app,
            note="the floor sums the year's lines by month and kind, category and cohort, the payments, "
            "försörjningsstöd, contracts and placements by month in SQL",
        ),
        Case(
            "money_month",
            "Statlig ersättning, en månad (`/ersattning/manad/<månad>/`)",
            "money controller (no persons)",
            _month_request,
            _month_floor,
            _month_app,
            note="up to 500 lines, each explained in Python on the page; the floor reads the lines and the rates",
        ),
        Case(
            "money_costs",
            "Kostnader per hushåll, en månad (`/ersattning/kostnader/<månad>/`)",
            "money controller (no persons)",
            _costs_request,
            _costs_floor,
            _costs_app,
            note="support, contracts and placements summed per household and child in SQL; the page sums the "
            "contracts' days in Python and shows the 500 largest",
        ),
    ]
