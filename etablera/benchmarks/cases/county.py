"""The county board's bench case (issue #16): the county's municipalities side by side for the year (`/lan/`:
the quota report, the year's municipality visits and a column per indicator of the follow-up's catalogue), with
its SQL floor and the same keys from the county domain's selectors.

The login is `bench.lan` (demo/generate/county.py: Länsstyrelsen in the benchmark municipality's county), made
here when the data set has none. The floor is the quota columns only — kommuntal, anvisade and mottagna per
municipality, in one aggregated query — because the indicator columns are the follow-up's (the establishment's
cohort, housing contracts, försörjningsstöd, each benchmarked on its own page): the page's ratio to this floor
is the cost of its ten indicator columns, and the goal that applies is the p95 under 150 ms."""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from etablera.benchmarks.cases.common import Case, Context, _t
from etablera.county import selectors
from etablera.demo.generate.county import ensure_bench_login
from etablera.organisation.models import Municipality, User
from etablera.people.models import Category
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.rules.reception import remaining_to_count


def _user(ctx: Context) -> User:
    user = ctx.__dict__.get("county_user")
    if user is None:
        user = ctx.__dict__["county_user"] = ensure_bench_login()
    return user


def _request(ctx: Context, i: int):
    return ctx.client(_user(ctx)).get(
        reverse("county_overview"), {"lan": ctx.municipality.county.code, "ar": ctx.year}
    )


def _floor(cursor, ctx: Context, i: int) -> list:
    county_id = ctx.municipality.county_id
    as_of = connection.ops.adapt_datefield_value(ctx.today)
    cursor.execute(
        f"SELECT m.code, q.quota, a.assigned, a.received FROM {_t(Municipality)} m "
        f"LEFT JOIN {_t(MunicipalQuota)} q ON q.municipality_id = m.id AND q.year = %s "
        f"LEFT JOIN (SELECT municipality_id, SUM(person_count) AS assigned, "
        f"SUM(CASE WHEN status = %s AND received_date <= %s THEN person_count ELSE 0 END) AS received "
        f"FROM {_t(Assignment)} WHERE quota_year = %s AND decision_date <= %s AND category <> %s "
        f"GROUP BY municipality_id) a ON a.municipality_id = m.id "
        f"WHERE m.county_id = %s",
        [
            ctx.year,
            Assignment.Status.RECEIVED,
            as_of,
            ctx.year,
            as_of,
            Category.SELF_SETTLED,
            county_id,
        ],
    )
    rows = []
    for code, quota, assigned, received in cursor.fetchall():
        quota, received = quota or 0, int(received or 0)
        rows.append((code, quota, int(assigned or 0), received, remaining_to_count(quota, received)))
    return sorted(rows)


def _app(ctx: Context, i: int) -> list:
    county = ctx.municipality.county
    data = selectors.county_overview(_user(ctx), county, ctx.year, ctx.today)
    return sorted((r.code, r.quota, r.assigned_total, r.received, r.remaining) for r in data.rows)


def cases() -> list[Case]:
    return [
        Case(
            "county_overview",
            "Länets kommuner (`/lan/`)",
            "county board (figures only)",
            _request,
            _floor,
            _app,
            note="the floor is the quota columns only; the page adds the year's visits and the ten indicator "
            "columns of the follow-up (the establishment's cohort read once for the county's municipalities)",
        ),
    ]
