"""The housing pages in `make bench`: the queue (`/boende/`) and the homes free now or within 90 days
(`/boende/bostader/`), as the benchmark municipality's housing caseworker (bench.bostad, made by
`etablera generate --housing-only`), each with its SQL floor (what a floor is: the package's docstring).

The housing caseworker is staff of the housing unit only: restrict() lets them see a household of their
municipality while it has an open housing need (or a contract that runs, or a task of theirs). For the queue —
the open needs of their municipality — that branch is always true, so the floor keeps only the municipality and the
status; the floor check confirms it is the same answer.
"""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

import datetime as dt

from django.db import connection

from etablera.access.policy import capabilities
from etablera.benchmarks.cases.common import Case, Context, _in, _log_households, _t
from etablera.housing import selectors
from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.people.models import Household, HouseholdMember, Person, ProtectedIdentity
from etablera.rules import housing as rules
from etablera.rules.parameters import parameter_value

_SOON_DAYS: dict[dt.date, int] = {}  # housing.ending_soon_days on a day: a rule the floor knows, not a query


def _soon_days(on: dt.date) -> int:
    if on not in _SOON_DAYS:
        _SOON_DAYS[on] = parameter_value("housing.ending_soon_days", on)
    return _SOON_DAYS[on]


def _date(value) -> dt.date | None:
    """A date as the database returned it (a date on PostgreSQL, ISO text on SQLite)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


# --- the queue ---------------------------------------------------------------------------------------------------


def _queue_floor(cursor, ctx: Context, i: int) -> list:
    user, on = ctx.housing_user, ctx.today
    caps = capabilities(user)
    staff, staff_params = _in(caps.staff_municipality_ids)
    housing, housing_params = _in(caps.housing_unit_municipality_ids)
    today = connection.ops.adapt_datefield_value(on)
    signed = (
        "c.status IN ('ACTIVE', 'ENDED') AND c.start_date <= %s AND (c.end_date IS NULL OR c.end_date >= %s)"
    )
    # The current contract (the newest signed one running today) and the protected flag as subqueries of the one
    # statement; the members' birth dates for the bedroom norm in a second.
    where = f"n.status IN ('WAITING', 'TEMPORARY') AND n.municipality_id IN ({housing}) AND h.municipality_id IN ({staff})"
    cursor.execute(
        f"SELECT n.id, n.household_id, h.public_id, h.name, n.status, n.house_by, n.registered_date, "
        f"n.bedrooms_override, n.current_bedrooms, n.needs_accessible, n.preferred_area, "
        f"(SELECT c.id FROM {_t(Contract)} c WHERE c.household_id = n.household_id AND {signed} "
        f"ORDER BY c.start_date DESC, c.id DESC LIMIT 1), "
        f"(SELECT u.bedrooms FROM {_t(Contract)} c JOIN {_t(HousingUnit)} u ON u.id = c.unit_id "
        f"WHERE c.household_id = n.household_id AND {signed} ORDER BY c.start_date DESC, c.id DESC LIMIT 1), "
        f"EXISTS (SELECT 1 FROM {_t(HouseholdMember)} pm JOIN {_t(Person)} pp ON pp.id = pm.person_id "
        f"WHERE pm.household_id = n.household_id AND pp.protected_identity <> %s), "
        # The current home's address is protected when a protected household has (had) a contract there: a home
        # shared by several households (housing/protection.py).
        f"EXISTS (SELECT 1 FROM {_t(Contract)} c JOIN {_t(Contract)} o ON o.unit_id = c.unit_id "
        f"JOIN {_t(HouseholdMember)} om ON om.household_id = o.household_id "
        f"JOIN {_t(Person)} op ON op.id = om.person_id "
        f"WHERE c.id = (SELECT c.id FROM {_t(Contract)} c WHERE c.household_id = n.household_id AND {signed} "
        f"ORDER BY c.start_date DESC, c.id DESC LIMIT 1) "
        f"AND o.status IN ('DRAFT', 'ACTIVE', 'ENDED') AND op.protected_identity <> %s) "
        f"FROM {_t(HousingNeed)} n JOIN {_t(Household)} h ON h.id = n.household_id WHERE {where} "
        f"ORDER BY CASE WHEN n.house_by IS NULL THEN 1 ELSE 0 END, n.house_by, n.registered_date, n.id",
        [
            today,
            today,
            today,
            today,
            ProtectedIdentity.NONE,
            today,
            today,
            ProtectedIdentity.NONE,
            *housing_params,
            *staff_params,
        ],
    )
    needs = cursor.fetchall()
    cursor.execute(
        f"SELECT hm.household_id, p.birth_date FROM {_t(HousingNeed)} n "
        f"JOIN {_t(Household)} h ON h.id = n.household_id "
        f"JOIN {_t(HouseholdMember)} hm ON hm.household_id = n.household_id "
        f"JOIN {_t(Person)} p ON p.id = hm.person_id WHERE {where}",
        [*housing_params, *staff_params],
    )
    births: dict[int, list] = {}
    for household_id, birth in cursor.fetchall():
        births.setdefault(household_id, []).append(_date(birth))
    rows = []
    for (
        need_id,
        household_id,
        _p,
        _n,
        _s,
        house_by,
        _r,
        override,
        current,
        _a,
        _area,
        contract,
        home,
        masked,
        home_masked,
    ) in needs:
        bedrooms = override or rules.bedrooms_needed(births.get(household_id, []), on).bedrooms
        home_bedrooms = home if contract else current
        overcrowded = home_bedrooms is not None and rules.is_overcrowded(bedrooms, home_bedrooms)
        house_by = _date(house_by)
        rows.append(
            (
                need_id,
                bedrooms,
                contract,
                bool(masked or home_masked),
                overcrowded,
                (house_by - on).days if house_by else None,
            )
        )
    _log_households(cursor, ctx, [n[2] for n in needs], "Bostadskö", user)
    return rows


def _queue_app(ctx: Context, i: int) -> list:
    return [
        (
            r.need.pk,
            r.bedrooms.bedrooms,
            r.contract.pk if r.contract else None,
            r.address_masked,
            r.overcrowded,
            r.days_left,
        )
        for r in selectors.waiting_list(ctx.housing_user, on=ctx.today)
    ]


# --- the homes free now or within 90 days --------------------------------------------------------------------------


def _first_free(capacity: int, start: dt.date, available_to, periods, on: dt.date, until: dt.date):
    """(free places today, the first day within [start, until] with a place free) — what a caseworker reads off
    the contracts, as selectors._free_from."""

    def occupied(day: dt.date) -> int:
        return sum(1 for s, e in periods if s <= day and (e is None or e >= day))

    free_now = max(capacity - occupied(on), 0) if start == on else 0
    for day in sorted({start, *(e + dt.timedelta(days=1) for _s, e in periods if e is not None)}):
        if day < start or day > until or (available_to is not None and day > available_to):
            continue
        if occupied(day) < capacity:
            return free_now, day
    return free_now, None


def _units_floor(cursor, ctx: Context, i: int) -> list:
    user, on = ctx.housing_user, ctx.today
    until = on + dt.timedelta(days=_soon_days(on))
    munis, params = _in(capabilities(user).housing_municipality_ids)
    today, last = connection.ops.adapt_datefield_value(on), connection.ops.adapt_datefield_value(until)
    occupying = "c.status IN ('DRAFT', 'ACTIVE', 'ENDED') AND (c.end_date IS NULL OR c.end_date >= %s)"
    # Left out in SQL: homes not free before the period ends, and homes that as many contracts as places hold for
    # the whole period (most homes lived in: an open-ended contract). The rest is settled on their contracts.
    cursor.execute(
        f"SELECT u.id, u.reference, u.address_street, u.area, u.kind, u.rooms, u.bedrooms, u.monthly_cost, "
        f"u.capacity, u.accessible, u.available_from, u.available_to, c.start_date, c.end_date "
        f"FROM {_t(HousingUnit)} u LEFT JOIN {_t(Contract)} c ON c.unit_id = u.id AND {occupying} "
        f"WHERE u.municipality_id IN ({munis}) AND u.is_active = %s "
        f"AND (u.available_from IS NULL OR u.available_from <= %s) "
        f"AND (u.available_to IS NULL OR u.available_to >= %s) "
        f"AND (SELECT COUNT(*) FROM {_t(Contract)} c WHERE c.unit_id = u.id AND {occupying} "
        f"AND c.start_date <= %s AND (c.end_date IS NULL OR c.end_date >= %s)) < u.capacity "
        f"ORDER BY u.id",
        [today, *params, True, last, today, today, today, last],
    )
    units: dict[int, list] = {}
    for row in cursor.fetchall():
        unit = units.setdefault(row[0], [row, []])
        if row[12] is not None:
            unit[1].append((_date(row[12]), _date(row[13])))
    rows = []
    for row, periods in units.values():
        available_from, available_to = _date(row[10]), _date(row[11])
        start = max(on, available_from) if available_from else on
        free_now, free_from = _first_free(row[8], start, available_to, periods, on, until)
        if free_from is not None:
            rows.append((free_from, row[6], row[1], row[0], free_now))
    rows.sort()
    return [(unit_id, free_now, free_from) for free_from, _b, _r, unit_id, free_now in rows]


def _units_app(ctx: Context, i: int) -> list:
    rows = selectors.unit_list(ctx.housing_user, on=ctx.today)
    return [(r.unit.pk, r.free_places, r.free_from) for r in rows]


def cases() -> list[Case]:
    return [
        Case(
            "housing_queue",
            "Bostadskö (`/boende/`)",
            "housing caseworker",
            lambda ctx, i: ctx.client(ctx.housing_user).get("/boende/"),
            _queue_floor,
            _queue_app,
            note="households waiting or in temporary housing, with the bedroom norm and current contract",
        ),
        Case(
            "housing_units",
            "Bostäder, lediga och snart lediga (`/boende/bostader/`)",
            "housing caseworker",
            lambda ctx, i: ctx.client(ctx.housing_user).get("/boende/bostader/"),
            _units_floor,
            _units_app,
            note="homes free now or within 90 days",
        ),
    ]
