# ruff: noqa: S608 — the SQL is built from our own integers, table names and category codes; values from users
# (municipality ids, dates) are bound parameters.
"""Computing what the state owes: a year's entitlement lines for one municipality or the whole country, set-based.

The schablon and the initial costs are one INSERT … SELECT each (a million received persons is one statement, not
a million loops; docs/performance.md "Money"). The rules the SQL follows are rules/money.py's, which its tests
hold it to line by line. Dates become integers in SQL — a month as year × 12 + month − 1, a day as yyyymmdd — so
the same statement runs on SQLite and PostgreSQL with only those two expressions told apart.

The unaccompanied minors' days are computed per placement in Python: a country has tens of thousands of placements,
not a million, and the days of a placement in a month are the minors domain's own rule (rules.minors.days_in_month).

Recomputing is idempotent: the lines of the persons and placements in scope for the year are replaced in one
transaction, so a page never sees half a computation.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q

from etablera.access.audit import log_event
from etablera.access.models import AuditEvent
from etablera.minors.models import Placement
from etablera.money.models import Entitlement, Kind
from etablera.money.rates import segments
from etablera.rules import money as rules
from etablera.rules.dates import add_months, birthday
from etablera.rules.parameters import parameter_value


@dataclass
class ComputeResult:
    year: int
    municipality_ids: list[int] | None
    lines: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, int] = field(default_factory=dict)
    estimated: int = 0
    seconds: float = 0.0


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _month_no(column: str) -> str:
    if _pg():
        return f"(CAST(EXTRACT(YEAR FROM {column}) AS integer) * 12 + CAST(EXTRACT(MONTH FROM {column}) AS integer) - 1)"
    return (
        f"(CAST(strftime('%%Y', {column}) AS integer) * 12 + CAST(strftime('%%m', {column}) AS integer) - 1)"
    )


def _ymd(column: str) -> str:
    if _pg():
        return f"CAST(to_char({column}, 'YYYYMMDD') AS integer)"
    return f"CAST(strftime('%%Y%%m%%d', {column}) AS integer)"


def _month_date(number: str) -> str:
    """The first day of month number `number` as a date."""
    if _pg():
        return f"make_date(({number}) / 12, ({number}) %% 12 + 1, 1)"
    return f"printf('%%04d-%%02d-01', ({number}) / 12, ({number}) %% 12 + 1)"


def _plus_months(column: str, months: int) -> str:
    if _pg():
        return f"({column} + interval '{int(months)} months')"
    return f"date({column}, '+{int(months)} months')"


def _values(rows: list[tuple], names: list[str], alias: str) -> str:
    """A literal table: every value is an int we made, so it is written into the SQL, not bound."""
    body = ", ".join("(" + ", ".join(str(int(v)) for v in row) + ")" for row in rows)
    if _pg():
        return f"(VALUES {body}) AS {alias}({', '.join(names)})"
    columns = ", ".join(f"column{i + 1} AS {name}" for i, name in enumerate(names))
    return f"(SELECT {columns} FROM (VALUES {body})) AS {alias}"


def _received_sql() -> str:
    """Each person's reception: the earliest arrival of a household they are or were a member of. (UNION ALL: a
    membership listed twice changes no minimum, and removing duplicates meant sorting a million rows.)"""
    return """
        SELECT m.person_id, MIN(c.arrival_date) AS received_on
        FROM (
            SELECT person_id, household_id FROM people_householdmember
            UNION ALL
            SELECT person_id, household_id FROM people_formerhouseholdmember
        ) m
        JOIN reception_receptioncase c ON c.household_id = m.household_id
        GROUP BY m.person_id
    """


def _scope_sql(ids: list[int] | None) -> tuple[str, list]:
    """The persons whose lines a computation for `ids` replaces: registered in those municipalities, or moved to
    or from one of them."""
    if ids is None:
        return "1 = 1", []
    marks = ", ".join(["%s"] * len(ids))
    return (
        f"(p.municipality_id IN ({marks}) OR p.id IN (SELECT person_id FROM money_relocation "
        f"WHERE to_municipality_id IN ({marks}) OR from_municipality_id IN ({marks})))",
        [*ids, *ids, *ids],
    )


RECEIVED = (
    "money_compute_received"  # one computation's received persons (a temporary table, _prepare_received)
)


def _prepare_received(year: int, ids: list[int] | None) -> None:
    """The received persons in scope who can have a line in `year`, once, in a temporary table that both INSERTs
    read: their municipality and category, their reception and birth as month numbers and yyyymmdd — computed once
    per person, not in every comparison — and whether they have moved. A person received more months before the
    year than the schablon has instalments, or after it, can have no line in it. (Speed: with the reception a
    grouped subquery inside each INSERT, PostgreSQL estimated a few dozen persons instead of a million, and joined
    the rates, the instalments and the persons by nested loops, recomputing the dates for each pair.)"""
    max_n = max(s.instalments for s in segments("money.schablon", year))
    scope, params = _scope_sql(ids)
    first, last = year * 12, year * 12 + 11
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RECEIVED}")
        cursor.execute(
            f"""
            CREATE TEMPORARY TABLE {RECEIVED} AS
            SELECT p.id AS person_id, p.municipality_id, p.category, r.received_on, r.rm, r.rymd,
                   {_month_no("p.birth_date")} AS bm, {_ymd("p.birth_date")} AS bymd,
                   CASE WHEN EXISTS (SELECT 1 FROM money_relocation mr WHERE mr.person_id = p.id) THEN 1 ELSE 0 END
                       AS has_move
            FROM people_person p
            JOIN (
                SELECT g.person_id, g.received_on, {_month_no("g.received_on")} AS rm,
                       {_ymd("g.received_on")} AS rymd
                FROM ({_received_sql()}) g
            ) r ON r.person_id = p.id
            WHERE p.birth_date IS NOT NULL AND {scope} AND r.rm >= {first - max_n} AND r.rm + 1 <= {last}
            """,
            params,
        )
        if _pg():
            cursor.execute(f"ANALYZE {RECEIVED}")


def _drop_received() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RECEIVED}")


def _insert_schablon(year: int, now: dt.datetime) -> None:
    """The year's instalments of the persons in _prepare_received's table."""
    segs = segments("money.schablon", year)
    max_n = max(s.instalments for s in segs)
    rates = _values(
        [
            (
                s.start_ymd,
                s.end_ymd,
                s.value["under"],
                s.value["over"],
                s.band_age,
                s.instalments,
                s.estimated,
            )
            for s in segs
        ],
        ["start_ymd", "end_ymd", "under_amount", "over_amount", "band_age", "n", "estimated"],
        "s",
    )
    numbers = _values([(k,) for k in range(1, max_n + 1)], ["k"], "n")
    categories = ", ".join(f"'{c}'" for c in rules.SCHABLON_CATEGORIES)
    first, last = year * 12, year * 12 + 11
    share_months = parameter_value("money.move_share_months", dt.date(year, 1, 1))
    moved_to = f"""(SELECT r.to_municipality_id FROM money_relocation r
                     WHERE r.person_id = x.person_id AND r.moved_on < {_plus_months("x.received_on", share_months)}
                       AND {_month_no("r.moved_on")} < x.rm + n.k
                     ORDER BY r.moved_on DESC LIMIT 1)"""
    band_over = "(x.bm + 12 * x.band_age <= x.rm + n.k - 1)"
    yearly = f"(CASE WHEN {band_over} THEN x.over_amount ELSE x.under_amount END)"
    sql = f"""
        INSERT INTO money_entitlement
            (municipality_id, kind, month, amount, person_id, category, received_on, received_in_id, instalment,
             band, rate, estimated, computed_at)
        SELECT
            CASE WHEN x.has_move = 1 THEN COALESCE({moved_to}, x.municipality_id) ELSE x.municipality_id END,
            'SCHABLON', {_month_date("x.rm + n.k")},
            {yearly} * n.k / x.n - {yearly} * (n.k - 1) / x.n,
            x.person_id, x.category, x.received_on, x.municipality_id, n.k,
            CASE WHEN {band_over} THEN 'OVER' ELSE 'UNDER' END, {yearly}, x.estimated = 1, %s
        FROM (
            SELECT t.person_id, t.municipality_id, t.category, t.received_on, t.rm, t.bm, t.has_move,
                   s.under_amount, s.over_amount, s.band_age, s.n, s.estimated
            FROM {RECEIVED} t
            JOIN {rates} ON t.rymd >= s.start_ymd AND t.rymd < s.end_ymd
            WHERE t.category IN ({categories}) AND t.rm + s.n >= {first} AND t.rm + 1 <= {last}
        ) x
        JOIN {numbers} ON n.k <= x.n AND x.rm + n.k BETWEEN {first} AND {last}
        ORDER BY x.person_id, n.k
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [now])


def _insert_initial_costs(year: int, now: dt.datetime) -> None:
    """The initial costs of the persons in _prepare_received's table received in the year's payment months."""
    start = parameter_value("money.initial_costs_from", dt.date(year, 12, 31))
    if dt.date(year, 12, 31) < start:
        return
    shares = parameter_value("money.initial_costs_shares", dt.date(year, 12, 31))
    base = _values(
        [(s.start_ymd, s.end_ymd, s.value, s.estimated) for s in segments("money.prisbasbelopp", year)],
        ["start_ymd", "end_ymd", "base", "estimated"],
        "s",
    )
    # The share by group and age at reception: the highest lower bound the person has reached wins. The categories
    # and their groups are the rule's own (rules.money.INITIAL_COSTS_GROUPS), so a category added there is here too.
    groups = rules.INITIAL_COSTS_GROUPS
    cases = []
    for category, group in groups.items():
        for lower, basis_points in sorted(shares[group], reverse=True):
            cases.append(
                f"WHEN t.category = '{category}' AND t.bymd + {int(lower) * 10000} <= t.rymd "
                f"THEN {int(basis_points)}"
            )
    share = "CASE " + " ".join(cases) + " ELSE 0 END"
    band_cases = []
    for category, group in groups.items():
        for lower, _bp in sorted(shares[group], reverse=True):
            band_cases.append(
                f"WHEN t.category = '{category}' AND t.bymd + {int(lower) * 10000} <= t.rymd THEN '{int(lower)}'"
            )
    band = "CASE " + " ".join(band_cases) + " ELSE '' END"
    first, last = year * 12, year * 12 + 11
    sql = f"""
        INSERT INTO money_entitlement
            (municipality_id, kind, month, amount, person_id, category, received_on, received_in_id, band, rate,
             share, estimated, computed_at)
        SELECT x.municipality_id, 'INITIAL_COSTS', {_month_date("x.rm + 1")}, (x.base * x.share + 5000) / 10000,
               x.person_id, x.category, x.received_on, x.municipality_id, x.band, x.base, x.share, x.estimated = 1, %s
        FROM (
            SELECT t.person_id, t.municipality_id, t.category, t.received_on, t.rm,
                   {share} AS share, {band} AS band, s.base, s.estimated
            FROM {RECEIVED} t
            JOIN {base} ON t.rymd >= s.start_ymd AND t.rymd < s.end_ymd
            WHERE t.received_on >= %s AND t.rm + 1 BETWEEN {first} AND {last}
        ) x
        WHERE x.share > 0
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, start])


MINORS_COLUMNS = (
    "municipality_id",
    "kind",
    "month",
    "amount",
    "person_id",
    "placement_id",
    "category",
    "received_on",
    "received_in_id",
    "instalment",
    "band",
    "rate",
    "share",
    "days",
    "estimated",
    "computed_at",
)


def _minors_lines(year: int, ids: list[int] | None, now: dt.datetime) -> list[tuple]:
    """The placement days of each month of `year`, before the child's 18th birthday, at the day's rate: rows in
    MINORS_COLUMNS order. The days in a month are rules.minors.days_in_month's arithmetic, with each month's bounds
    and rate worked out once for the year rather than once per placement and month (speed: date arithmetic and
    model instances were most of the time for 50 000 placements)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = []
    for n in range(1, 13):
        month = dt.date(year, n, 1)
        months.append((month, add_months(month, 1) - dt.timedelta(days=1), rules.minors_rate(month)))
    placements = Placement.objects.filter(starts_on__lte=last).exclude(ends_on__lt=first).order_by("id")
    if ids is not None:
        placements = placements.filter(case__municipality_id__in=ids)
    lines = []  # in the order of the placements: their unique index is then written in order
    for pk, starts_on, ends_on, municipality_id, person_id, birth, category in placements.values_list(
        "id",
        "starts_on",
        "ends_on",
        "case__municipality_id",
        "case__person_id",
        "case__person__birth_date",
        "case__person__category",
    ).iterator(chunk_size=10_000):
        end = ends_on
        if birth is not None:
            adult = birthday(birth, 18)
            if adult <= starts_on:
                continue
            day_before = adult - dt.timedelta(days=1)
            end = day_before if end is None else min(end, day_before)
        start_month = starts_on.replace(day=1)
        for month, month_last, rate in months:
            if month < start_month:
                continue
            if end is not None and month > end:
                break
            days = max(0, (min(end or month_last, month_last) - max(starts_on, month)).days + 1)
            if days:
                lines.append(
                    (
                        municipality_id,
                        str(Kind.MINORS_DAYS),
                        month,
                        days * rate,
                        person_id,
                        pk,
                        category,
                        None,
                        municipality_id,
                        None,
                        "",
                        rate,
                        None,
                        days,
                        False,
                        now,
                    )
                )
    return lines


def _write_lines(rows: list[tuple]) -> None:
    """MINORS_COLUMNS rows into money_entitlement: COPY on PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return
    if not _pg():
        Entitlement.objects.bulk_create(
            [Entitlement(**dict(zip(MINORS_COLUMNS, row, strict=True))) for row in rows], batch_size=2000
        )
        return
    sql = f"COPY money_entitlement ({', '.join(MINORS_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


@transaction.atomic
def compute(year: int, municipality_ids: list[int] | None = None, *, actor=None) -> ComputeResult:
    """Replace the year's entitlement lines of the municipalities `municipality_ids` (None: the whole country)."""
    from django.utils import timezone

    started = time.perf_counter()
    now = timezone.now()
    months = Q(month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, 12, 1))
    old = Entitlement.objects.filter(months)
    if municipality_ids is not None:
        scope, params = _scope_sql(municipality_ids)
        persons = f"SELECT p.id FROM people_person p WHERE {scope}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM money_entitlement WHERE month >= %s AND month <= %s AND kind IN "
                f"('SCHABLON', 'INITIAL_COSTS') AND (person_id IN ({persons}) OR municipality_id IN "
                f"({', '.join(['%s'] * len(municipality_ids))}))",
                [dt.date(year, 1, 1), dt.date(year, 12, 1), *params, *municipality_ids],
            )
        old.filter(kind=Kind.MINORS_DAYS, municipality_id__in=municipality_ids).delete()
    else:
        old._raw_delete(old.db)
    _prepare_received(year, municipality_ids)
    _insert_schablon(year, now)
    _insert_initial_costs(year, now)
    _drop_received()
    _write_lines(_minors_lines(year, municipality_ids, now))
    result = ComputeResult(year=year, municipality_ids=municipality_ids)
    lines = Entitlement.objects.filter(months)
    if municipality_ids is not None:
        lines = lines.filter(municipality_id__in=municipality_ids)
    from django.db.models import Count, Sum

    # One pass over the year's lines for the counts, sums and estimated lines.
    for row in lines.values("kind").annotate(
        n=Count("id"), total=Sum("amount"), estimated=Count("id", filter=Q(estimated=True))
    ):
        result.lines[row["kind"]] = row["n"]
        result.amounts[row["kind"]] = row["total"] or 0
        result.estimated += row["estimated"]
    result.seconds = time.perf_counter() - started
    log_event(
        actor,
        AuditEvent.Action.UPDATE,
        object_type="money.Entitlement",
        summary=f"Beräknade ersättningar {year}: {sum(result.lines.values())} rader",
    )
    return result
