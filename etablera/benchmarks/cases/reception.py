"""The reception's bench cases, in the order of the report: the task lists (Enhetens uppgifter for the reception
unit and for SFI, Mina uppgifter), the household page and the household search, the overview, the quota report
(kommuntal) for the county and the country, and the API's tasks, anvisningar and household search — each with its
SQL floor and the same keys from reception's selectors.

The household page and search (its floor in cases/search.py) are here, not under people, because what they show and what their floors are
checked against is reception's (reception.selectors.household_page, search_households: the case, its tasks and
anvisningar).
"""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client

from etablera.access.models import AuditEvent, Consent
from etablera.access.policy import capabilities
from etablera.benchmarks.cases.access import _task_condition, _visible
from etablera.benchmarks.cases.common import Case, Context, _audit, _in, _log_households, _t, _uuid
from etablera.benchmarks.cases.search import _search_app, _search_floor
from etablera.organisation.models import County, Municipality, Unit, User
from etablera.people.models import Household, HouseholdMember, Person
from etablera.reception import reports, selectors
from etablera.reception.models import Assignment, CaseEvent, MunicipalQuota, ReceptionCase, Task

PAGE_LIMIT = 500  # selectors.bucket_open_tasks
API_LIMIT = 50  # settings.ETABLERA_API_PAGE_SIZE, the API's default page
SEARCH_LIMIT = 50  # web.views.household_search.SEARCH_LIMIT


# --- the task lists' rows -----------------------------------------------------------------------------------


def _task_rows(cursor, ctx: Context, user: User, where: str, params: list, limit: int) -> list[tuple]:
    visible, visible_params = _task_condition(ctx, user)
    cursor.execute(
        f"SELECT t.id, t.title, t.due_date, t.status, h.public_id, h.name, hm.code, p.first_name, p.last_name, "
        f"u.name, a.first_name, a.last_name FROM {_t(Task)} t "
        f"JOIN {_t(Household)} h ON h.id = t.household_id "
        f"JOIN {_t(Municipality)} hm ON hm.id = h.municipality_id "
        f"LEFT JOIN {_t(Person)} p ON p.id = t.person_id "
        f"JOIN {_t(Unit)} u ON u.id = t.unit_id "
        f"LEFT JOIN {_t(User)} a ON a.id = t.assignee_id "
        f"WHERE {where} AND {visible} ORDER BY t.due_date, t.id LIMIT %s",
        params + visible_params + [limit],
    )
    return cursor.fetchall()


def _count_tasks(cursor, ctx: Context, user: User, where: str, params: list) -> int:
    visible, visible_params = _task_condition(ctx, user)
    cursor.execute(
        f"SELECT COUNT(*) FROM {_t(Task)} t JOIN {_t(Household)} h ON h.id = t.household_id "
        f"WHERE {where} AND {visible}",
        params + visible_params,
    )
    return cursor.fetchone()[0]


# --- Enhetens uppgifter ------------------------------------------------------------------------------------------


def _unit_tasks_floor(user_attr: str):
    def floor(cursor, ctx: Context, i: int) -> list:
        user = getattr(ctx, user_attr)
        units, params = _in(capabilities(user).unit_ids)
        rows = _task_rows(
            cursor, ctx, user, f"t.status = 'OPEN' AND t.unit_id IN ({units})", params, PAGE_LIMIT
        )
        _log_households(cursor, ctx, [r[4] for r in rows], "Enhetens uppgifter")
        return [r[0] for r in rows]

    return floor


def _unit_tasks_app(user_attr: str):
    def app(ctx: Context, i: int) -> list:
        buckets = selectors.unit_tasks(getattr(ctx, user_attr), today=ctx.today)
        return [t.pk for t in buckets.overdue + buckets.this_week + buckets.later]

    return app


def _my_tasks_floor(cursor, ctx: Context, i: int) -> list:
    rows = _task_rows(
        cursor, ctx, ctx.user, "t.status = 'OPEN' AND t.assignee_id = %s", [ctx.user.pk], PAGE_LIMIT
    )
    _log_households(cursor, ctx, [r[4] for r in rows], "Mina uppgifter")
    return [r[0] for r in rows]


def _my_tasks_app(ctx: Context, i: int) -> list:
    buckets = selectors.my_tasks(ctx.user, today=ctx.today)
    return [t.pk for t in buckets.overdue + buckets.this_week + buckets.later]


# --- the household page ------------------------------------------------------------------------------------------


def _household(ctx: Context, i: int):
    return ctx.households[i % len(ctx.households)]


def _household_floor(cursor, ctx: Context, i: int) -> list:
    public_id = _household(ctx, i)
    visible, params = _visible(ctx, ctx.user, "h.municipality_id", "h")
    cursor.execute(
        f"SELECT h.id, h.public_id, h.name, h.anchor_person_id, m.code, m.name FROM {_t(Household)} h "
        f"JOIN {_t(Municipality)} m ON m.id = h.municipality_id WHERE h.public_id = %s AND {visible}",
        [_uuid(public_id), *params],
    )
    household = cursor.fetchone()
    household_id = household[0]
    cursor.execute(
        f"SELECT hm.id, hm.relation, p.id, p.public_id, p.first_name, p.last_name, p.birth_date, p.sex, "
        f"p.identity_number_type, p.identity_number, p.protected_identity, p.address_street, "
        f"p.address_postal_code, p.address_city, p.languages, p.interpreter_language, p.category "
        f"FROM {_t(HouseholdMember)} hm JOIN {_t(Person)} p ON p.id = hm.person_id "
        f"WHERE hm.household_id = %s ORDER BY p.birth_date, hm.id",
        [household_id],
    )
    members = cursor.fetchall()
    person_ids, person_params = _in([m[2] for m in members])
    units, unit_params = _in(capabilities(ctx.user).unit_ids)
    today = connection.ops.adapt_datefield_value(ctx.today)
    cursor.execute(
        f"SELECT c2.person_id, c2.sections FROM {_t(Consent)} c2 JOIN {_t(Consent.units.through)} cu "
        f"ON cu.consent_id = c2.id WHERE c2.person_id IN ({person_ids}) AND cu.unit_id IN ({units}) "
        f"AND c2.given_date <= %s AND (c2.valid_until IS NULL OR c2.valid_until >= %s) "
        f"AND (c2.withdrawn_date IS NULL OR c2.withdrawn_date > %s)",
        person_params + unit_params + [today, today, today],
    )
    cursor.fetchall()
    cursor.execute(
        f"SELECT a.id, a.reference, a.category, a.status, a.decision_date, a.latest_reception_date, "
        f"a.latest_reception_rule, a.received_date, a.person_count FROM {_t(Assignment)} a "
        f"WHERE a.household_id = %s ORDER BY a.decision_date DESC",
        [household_id],
    )
    cursor.fetchall()
    cursor.execute(
        f"SELECT c.id, c.arrival_date, c.status, c.template_name FROM {_t(ReceptionCase)} c "
        f"WHERE c.household_id = %s ORDER BY c.arrival_date DESC LIMIT 1",
        [household_id],
    )
    cursor.fetchall()
    cursor.execute(
        f"SELECT t.id, t.title, t.status, t.due_date, t.due_rule, t.section, p.first_name, u.name, "
        f"a.first_name, a.last_name FROM {_t(Task)} t LEFT JOIN {_t(Person)} p ON p.id = t.person_id "
        f"JOIN {_t(Unit)} u ON u.id = t.unit_id LEFT JOIN {_t(User)} a ON a.id = t.assignee_id "
        f"WHERE t.household_id = %s ORDER BY t.status, t.due_date, t.id",
        [household_id],
    )
    tasks = cursor.fetchall()
    cursor.execute(
        f"SELECT e.id, e.at, e.kind, e.text, u.first_name, u.last_name FROM {_t(CaseEvent)} e "
        f"LEFT JOIN {_t(User)} u ON u.id = e.actor_id WHERE e.household_id = %s "
        f"ORDER BY e.at DESC, e.id DESC LIMIT 100",
        [household_id],
    )
    cursor.fetchall()
    protected = any(m[10] != "NONE" for m in members)
    _audit(
        cursor,
        ctx,
        AuditEvent.Action.VIEW,
        [("Household", None, household[1], protected)] + [("Person", m[3], None, protected) for m in members],
        "Hushållssida",
    )
    return sorted([m[2] for m in members]) + [t[0] for t in tasks]


def _household_app(ctx: Context, i: int) -> list:
    view = selectors.household_page(ctx.user, _household(ctx, i))
    return sorted(m.person_id for m in view.members) + [t.pk for t in view.tasks]


# --- the overview ------------------------------------------------------------------------------------------------


def _quota_rows(cursor, year: int, as_of: dt.date, where: str, params: list) -> list[tuple]:
    """Per municipality: code, name, county code, tal, anvisade totalt, avräknade (reports._municipal_rows)."""
    as_of_value = connection.ops.adapt_datefield_value(as_of)
    cursor.execute(
        f"SELECT m.code, m.name, co.code, COALESCE(q.quota, 0), COALESCE(s.assigned, 0), COALESCE(s.received, 0) "
        f"FROM {_t(Municipality)} m JOIN {_t(County)} co ON co.id = m.county_id "
        f"LEFT JOIN {_t(MunicipalQuota)} q ON q.municipality_id = m.id AND q.year = %s "
        f"LEFT JOIN (SELECT municipality_id, SUM(person_count) AS assigned, SUM(CASE WHEN status = 'RECEIVED' AND "
        f"received_date <= %s THEN person_count ELSE 0 END) AS received FROM {_t(Assignment)} "
        f"WHERE quota_year = %s AND decision_date <= %s AND category <> 'SELF_SETTLED' "  # EBO never counts
        f"GROUP BY municipality_id) s ON s.municipality_id = m.id "
        f"WHERE {where} ORDER BY m.code",
        [year, as_of_value, year, as_of_value, *params],
    )
    return cursor.fetchall()


def _overview_floor(cursor, ctx: Context, i: int) -> list:
    m = ctx.municipality
    row = _quota_rows(cursor, ctx.year, ctx.today, "m.id = %s", [m.pk])[0]
    today = connection.ops.adapt_datefield_value(ctx.today)
    cursor.execute(
        f"SELECT u.name, COUNT(*), SUM(CASE WHEN t.due_date < %s THEN 1 ELSE 0 END) AS overdue "
        f"FROM {_t(Task)} t JOIN {_t(Unit)} u ON u.id = t.unit_id WHERE t.municipality_id = %s AND "
        f"t.status = 'OPEN' GROUP BY u.name ORDER BY overdue DESC, u.name",
        [today, m.pk],
    )
    per_unit = cursor.fetchall()
    visible, params = _visible(ctx, ctx.user, "a.municipality_id", "h")
    cursor.execute(
        f"SELECT a.id, a.reference, a.latest_reception_date, a.person_count, a.category, h.public_id, h.name "
        f"FROM {_t(Assignment)} a LEFT JOIN {_t(Household)} h ON h.id = a.household_id "
        f"WHERE a.status = 'ASSIGNED' AND {visible} ORDER BY a.latest_reception_date, a.reference LIMIT 20",
        params,
    )
    arrivals = cursor.fetchall()
    households, household_params = _in([a[0] for a in arrivals])
    cursor.execute(
        f"SELECT hm.household_id, p.first_name, p.last_name, p.birth_date FROM {_t(HouseholdMember)} hm "
        f"JOIN {_t(Person)} p ON p.id = hm.person_id JOIN {_t(Assignment)} a ON a.household_id = hm.household_id "
        f"WHERE a.id IN ({households})",
        household_params,
    )
    cursor.fetchall()
    _log_households(cursor, ctx, [a[5] for a in arrivals if a[5]], "Kommande ankomster")
    return [tuple(row[3:6]), [(name, n, overdue) for name, n, overdue in per_unit], [a[0] for a in arrivals]]


def _overview_app(ctx: Context, i: int) -> list:
    report = reports.quota_report(year=ctx.year, municipality_code=ctx.municipality.code, as_of=ctx.today)
    per_unit = selectors.overdue_per_unit(ctx.user, ctx.municipality.pk, today=ctx.today)
    arrivals = selectors.upcoming_arrivals(ctx.user, limit=20)
    return [
        (report.total.quota, report.total.assigned_total, report.total.received),
        [(u.unit_name, u.open, u.overdue) for u in per_unit],
        [a.pk for a in arrivals],
    ]


# --- the quota report ------------------------------------------------------------------------------------------


def _quota_floor(county: bool):
    def floor(cursor, ctx: Context, i: int) -> list:
        cursor.execute(f"SELECT code, name FROM {_t(County)} ORDER BY code")
        cursor.fetchall()
        cursor.execute(f"SELECT m.code, m.name FROM {_t(Municipality)} m ORDER BY m.code")
        cursor.fetchall()
        if county:
            rows = _quota_rows(cursor, ctx.year, ctx.today, "co.code = %s", [ctx.municipality.county.code])
        else:
            rows = _quota_rows(cursor, ctx.year, ctx.today, "1 = 1", [])
        remaining = sum(max(0, quota - received) for _c, _n, _co, quota, _a, received in rows)
        return [sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows), remaining]

    return floor


def _quota_app(county: bool):
    def app(ctx: Context, i: int) -> list:
        report = reports.quota_report(
            year=ctx.year, county_code=ctx.municipality.county.code if county else None, as_of=ctx.today
        )
        total = report.total
        return [total.quota, total.assigned_total, total.received, total.remaining]

    return app


def _quota_request(county: bool):
    def request(ctx: Context, i: int):
        return ctx.client(ctx.user).get(
            "/rapporter/kommuntal/",
            {
                "year": ctx.year,
                "county": ctx.municipality.county.code if county else "",
                "municipality": "",
                "as_of": ctx.today.isoformat(),
            },
        )

    return request


# --- the API -----------------------------------------------------------------------------------------------------


def _api(ctx: Context):
    client = ctx.clients.get("api")
    if client is None:
        client = ctx.clients["api"] = Client(headers={"authorization": f"Bearer {ctx.token}"})
    return client


def _api_tasks_floor(cursor, ctx: Context, i: int) -> list:
    where, params = "t.status = 'OPEN' AND t.unit_id = %s", [ctx.reception_unit.pk]
    rows = _task_rows(cursor, ctx, ctx.user, where, params, API_LIMIT)
    count = _count_tasks(cursor, ctx, ctx.user, where, params) if len(rows) == API_LIMIT else len(rows)
    _log_households(cursor, ctx, [r[4] for r in rows], "Uppgifter (API)")
    return [count, [r[0] for r in rows]]


def _api_tasks_app(ctx: Context, i: int) -> list:
    rows = (
        selectors.tasks_for_user(ctx.user)
        .filter(status=Task.Status.OPEN, unit_id=ctx.reception_unit.pk)
        .order_by("due_date", "pk")
    )
    return [rows.count(), [t.pk for t in rows[:API_LIMIT]]]


def _api_assignments_floor(cursor, ctx: Context, i: int) -> list:
    visible, visible_params = _visible(ctx, ctx.user, "a.municipality_id", "h")
    where = f"a.quota_year = %s AND {visible}"
    all_params = [ctx.year, *visible_params]
    cursor.execute(
        f"SELECT a.id, a.reference, a.category, a.status, a.person_count, a.decision_date, a.latest_reception_date, "
        f"a.latest_reception_rule, a.received_date, h.public_id, m.code FROM {_t(Assignment)} a "
        f"LEFT JOIN {_t(Household)} h ON h.id = a.household_id JOIN {_t(Municipality)} m ON m.id = a.municipality_id "
        f"WHERE {where} ORDER BY a.latest_reception_date, a.reference, a.id LIMIT %s",
        [*all_params, API_LIMIT],
    )
    rows = cursor.fetchall()
    count = len(rows)
    if count == API_LIMIT:
        cursor.execute(
            f"SELECT COUNT(*) FROM {_t(Assignment)} a LEFT JOIN {_t(Household)} h ON h.id = a.household_id "
            f"WHERE {where}",
            all_params,
        )
        count = cursor.fetchone()[0]
    _log_households(cursor, ctx, [r[9] for r in rows if r[9]], "Anvisningar (API)")
    return [count, [r[0] for r in rows]]


def _api_assignments_app(ctx: Context, i: int) -> list:
    rows = (
        selectors.assignments_for_user(ctx.user)
        .filter(quota_year=ctx.year)
        .order_by("latest_reception_date", "reference", "pk")
    )
    return [rows.count(), [a.pk for a in rows[:API_LIMIT]]]


# --- the list ----------------------------------------------------------------------------------------------------


def cases() -> list[Case]:
    return [
        Case(
            "unit_tasks",
            "Enhetens uppgifter (`/uppgifter/enhet/`)",
            "reception caseworker",
            lambda ctx, i: ctx.client(ctx.user).get("/uppgifter/enhet/"),
            _unit_tasks_floor("user"),
            _unit_tasks_app("user"),
        ),
        Case(
            "unit_tasks_sfi",
            "Enhetens uppgifter, SFI (`/uppgifter/enhet/`)",
            "SFI caseworker",
            lambda ctx, i: ctx.client(ctx.sfi_user).get("/uppgifter/enhet/"),
            _unit_tasks_floor("sfi_user"),
            _unit_tasks_app("sfi_user"),
            note="sees a household only while SFI owns a task in its open case, or by consent",
        ),
        Case(
            "my_tasks",
            "Mina uppgifter (`/uppgifter/`)",
            "reception caseworker",
            lambda ctx, i: ctx.client(ctx.user).get("/uppgifter/"),
            _my_tasks_floor,
            _my_tasks_app,
        ),
        Case(
            "household",
            "Hushållssida (`/hushall/<id>/`)",
            "reception caseworker",
            lambda ctx, i: ctx.client(ctx.user).get(f"/hushall/{_household(ctx, i)}/"),
            _household_floor,
            _household_app,
            note="rotates over households with an open reception case",
        ),
        Case(
            "household_search",
            "Sök hushåll (`POST /hushall/`)",
            "reception caseworker",
            lambda ctx, i: ctx.client(ctx.user).post("/hushall/", {"q": ctx.search}),
            _search_floor(SEARCH_LIMIT, "Sökning av hushåll", with_count=False),
            _search_app(SEARCH_LIMIT, with_count=False),
        ),
        Case(
            "overview",
            "Översikt (`/oversikt/`)",
            "reception caseworker",
            lambda ctx, i: ctx.client(ctx.user).get("/oversikt/"),
            _overview_floor,
            _overview_app,
        ),
        Case(
            "quota_county",
            "Kommuntal, länet (`/rapporter/kommuntal/?county=`)",
            "reception caseworker",
            _quota_request(county=True),
            _quota_floor(county=True),
            _quota_app(county=True),
        ),
        Case(
            "quota_country",
            "Kommuntal, riket (`/rapporter/kommuntal/`)",
            "reception caseworker",
            _quota_request(county=False),
            _quota_floor(county=False),
            _quota_app(county=False),
        ),
        Case(
            "api_tasks",
            "API: uppgifter (`GET /api/v1/tasks?status=OPEN&unit=`)",
            "reception caseworker, API key",
            lambda ctx, i: _api(ctx).get("/api/v1/tasks", {"status": "OPEN", "unit": ctx.reception_unit.pk}),
            _api_tasks_floor,
            _api_tasks_app,
        ),
        Case(
            "api_assignments",
            "API: anvisningar (`GET /api/v1/assignments?year=`)",
            "reception caseworker, API key",
            lambda ctx, i: _api(ctx).get("/api/v1/assignments", {"year": ctx.year}),
            _api_assignments_floor,
            _api_assignments_app,
        ),
        Case(
            "api_household_search",
            "API: sök hushåll (`POST /api/v1/households/search`)",
            "reception caseworker, API key",
            lambda ctx, i: _api(ctx).post(
                "/api/v1/households/search", {"q": ctx.search}, content_type="application/json"
            ),
            _search_floor(API_LIMIT, "Sökning av hushåll", with_count=True),
            _search_app(API_LIMIT, with_count=True),
        ),
    ]
