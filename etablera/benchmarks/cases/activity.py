"""The activity requirement's bench cases (issue #13), in the order of the report: who the requirement covers
(`/aktivitetskrav/`, social services) and an activity's attendance sheet for a week (`/aktiviteter/<id>/narvaro/`,
the labour-market unit) — each with its SQL floor and the same keys from the activity domain's selectors.

The logins are the generator's (demo/generate/activity.py: `bench.social` at Försörjningsstöd, `bench.arbete` at
the labour-market unit). The sheets opened are those of the benchmark municipality's activities that the
labour-market unit owns and that have the most participants last week, found once per run and kept on the context.
"""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.access.visibility.activity import SUPPORT_INVOLVEMENT_MONTHS
from etablera.activity.coverage import coverage_list, lookback_start
from etablera.activity.models import (
    Activity,
    Attendance,
    CapacityAssessment,
    Exemption,
    Participation,
    RequirementPlan,
    SupportMonth,
)
from etablera.activity.selectors.week import attendance_sheet
from etablera.benchmarks.cases.access import _involved_households
from etablera.benchmarks.cases.common import Case, Context, _audit, _in, _t, _uuid
from etablera.organisation.models import User
from etablera.people.models import Household, Person
from etablera.rules import activity as rules
from etablera.rules.dates import add_months

ACTIVITY_LOGIN = "bench.arbete"
SOCIAL_LOGIN = "bench.social"
SHEETS = 5


def _user(ctx: Context, username: str) -> User:
    users = ctx.__dict__.setdefault("activity_users", {})
    if username not in users:
        users[username] = User.objects.get(username=username)
    return users[username]


def _last_monday(ctx: Context) -> dt.date:
    return ctx.today - dt.timedelta(days=ctx.today.weekday() + 7)


# --- an activity's attendance sheet ---------------------------------------------------------------------------------


def _sheets(ctx: Context) -> list:
    """Public ids of the labour-market unit's activities with the most participants last week (once per run)."""
    found = getattr(ctx, "attendance_sheets", None)
    if found is None:
        user = _user(ctx, ACTIVITY_LOGIN)
        monday = _last_monday(ctx)
        running = Q(participations__starts_on__lte=monday + dt.timedelta(days=6)) & (
            Q(participations__ends_on__isnull=True) | Q(participations__ends_on__gte=monday)
        )
        found = list(
            Activity.objects.filter(
                municipality=ctx.municipality, unit__in=[m.unit_id for m in user.memberships.all()]
            )
            .annotate(n=Count("participations", filter=running))
            .filter(n__gt=0)
            .order_by("-n", "pk")
            .values_list("public_id", flat=True)[:SHEETS]
        )
        ctx.attendance_sheets = found
    return found


def _sheet(ctx: Context, i: int):
    sheets = _sheets(ctx)
    return sheets[i % len(sheets)]


def _attendance_request(ctx: Context, i: int):
    url = reverse("activity_attendance", args=[_sheet(ctx, i)])
    return ctx.client(_user(ctx, ACTIVITY_LOGIN)).get(url, {"vecka": rules.week_label(_last_monday(ctx))})


def _attendance_floor(cursor, ctx: Context, i: int) -> list:
    """The activity, its participations running that week with their persons, and the week's attendance — the
    user's unit owns the activity, so it is involved in every participant's household and sees each of them."""
    user = _user(ctx, ACTIVITY_LOGIN)
    monday = connection.ops.adapt_datefield_value(_last_monday(ctx))
    sunday = connection.ops.adapt_datefield_value(_last_monday(ctx) + dt.timedelta(days=6))
    cursor.execute(
        f"SELECT id, name, unit_id FROM {_t(Activity)} WHERE public_id = %s AND municipality_id = %s",
        [_uuid(_sheet(ctx, i)), ctx.municipality.pk],
    )
    activity_id = cursor.fetchone()[0]
    cursor.execute(
        f"SELECT pa.id, p.public_id, p.first_name, p.last_name, p.protected_identity, pa.hours_per_week, "
        f"a.hours_attended, a.hours_absent, a.absence_reason FROM {_t(Participation)} pa "
        f"JOIN {_t(Person)} p ON p.id = pa.person_id "
        f"LEFT JOIN {_t(Attendance)} a ON a.participation_id = pa.id AND a.week = %s "
        f"WHERE pa.activity_id = %s AND pa.starts_on <= %s AND (pa.ends_on IS NULL OR pa.ends_on >= %s) "
        f"ORDER BY p.last_name, p.first_name, pa.id",
        [monday, activity_id, sunday, monday],
    )
    rows = cursor.fetchall()
    _audit(
        cursor,
        ctx,
        AuditEvent.Action.LIST,
        [("Person", row[1], None, row[4] != "NONE") for row in rows],
        "Närvaro",
        user=user,
    )
    return [str(uuid.UUID(str(row[1]))) for row in rows]  # SQLite gives the hex, PostgreSQL a UUID


def _attendance_app(ctx: Context, i: int) -> list:
    sheet = attendance_sheet(_user(ctx, ACTIVITY_LOGIN), _sheet(ctx, i), _last_monday(ctx))
    return [str(line.participation.person.public_id) for line in sheet.lines]


# --- who the requirement covers ------------------------------------------------------------------------------------


def _coverage_request(ctx: Context, i: int):
    return ctx.client(_user(ctx, SOCIAL_LOGIN)).get(reverse("activity_requirement"))


def _coverage_floor(cursor, ctx: Context, i: int) -> list:
    """The support months of the municipality since the window's start that social services see — the
    households they gave support in the last twelve months (their involvement), or that their unit has a task in
    an open case for, by break-glass or a member's consent — with the persons, their exemptions and capacity in
    force, part-time work and running plans; coverage by the rules' own arithmetic, as the outcomes' floor does."""
    user = _user(ctx, SOCIAL_LOGIN)
    municipality = ctx.municipality.pk
    day = ctx.today
    adapt = connection.ops.adapt_datefield_value
    since = adapt(add_months(day.replace(day=1), -SUPPORT_INVOLVEMENT_MONTHS))
    involved, params = _involved_households(ctx, user, "h", True)
    through = SupportMonth.persons.through
    cursor.execute(
        f"SELECT smp.person_id, sm.month, sm.household_id FROM {_t(SupportMonth)} sm "
        f"JOIN {_t(through)} smp ON smp.supportmonth_id = sm.id JOIN {_t(Household)} h ON h.id = sm.household_id "
        f"WHERE sm.municipality_id = %s AND sm.month >= %s AND (EXISTS (SELECT 1 FROM {_t(SupportMonth)} s2 "
        f"WHERE s2.household_id = h.id AND s2.municipality_id = %s AND s2.month >= %s) OR {involved})",
        [municipality, adapt(lookback_start(day)), municipality, since, *params],
    )
    months: dict[int, list] = {}
    for person_id, month, _household in cursor.fetchall():
        months.setdefault(person_id, []).append(_date(month))
    if not months:
        return []
    ids, id_params = _in(months)
    cursor.execute(
        f"SELECT id, public_id, birth_date, protected_identity FROM {_t(Person)} WHERE id IN ({ids})",
        id_params,
    )
    persons = {row[0]: row for row in cursor.fetchall()}
    holds = "valid_from <= %s AND (valid_until IS NULL OR valid_until >= %s)"
    cursor.execute(
        f"SELECT person_id, ground, valid_from, valid_until FROM {_t(Exemption)} WHERE person_id IN ({ids}) "
        f"AND {holds}",
        [*id_params, adapt(day), adapt(day)],
    )
    exempt: dict[int, list] = {}
    for person_id, ground, valid_from, valid_until in cursor.fetchall():
        exempt.setdefault(person_id, []).append(
            rules.ExemptionPeriod(ground, _date(valid_from), _date(valid_until) if valid_until else None)
        )
    cursor.execute(
        f"SELECT person_id, hours_per_week FROM {_t(CapacityAssessment)} WHERE person_id IN ({ids}) AND {holds} "
        f"ORDER BY valid_from DESC, id DESC",
        [*id_params, adapt(day), adapt(day)],
    )
    capacity: dict[int, Decimal] = {}
    for person_id, hours in cursor.fetchall():
        capacity.setdefault(person_id, Decimal(hours))
    cursor.execute(
        f"SELECT person_id, SUM(hours_per_week) FROM {_t(Participation)} WHERE person_id IN ({ids}) AND kind = "
        f"'WORK' AND starts_on <= %s AND (ends_on IS NULL OR ends_on >= %s) GROUP BY person_id",
        [*id_params, adapt(day), adapt(day)],
    )
    work = {person_id: Decimal(hours) for person_id, hours in cursor.fetchall()}
    cursor.execute(
        f"SELECT person_id FROM {_t(RequirementPlan)} WHERE person_id IN ({ids}) AND status = 'ACTIVE'",
        id_params,
    )
    planned = {row[0] for row in cursor.fetchall()}
    keys, audit = [], []
    for person_id, (_pk, public_id, birth, protected) in persons.items():
        coverage = rules.coverage(
            birth_date=_date(birth) if birth else None,
            support_months=months[person_id],
            exemptions=exempt.get(person_id, ()),
            as_of=day,
            known_from=lookback_start(day),
        )
        if coverage.state == rules.NOT_COVERED:
            continue
        hours = Decimal(0)
        if coverage.state in (rules.COVERED, rules.UPCOMING):
            hours, _reasons = rules.required_hours(
                capacity.get(person_id), work.get(person_id, Decimal(0)), day
            )
        public = str(uuid.UUID(str(public_id)))
        keys.append((public, coverage.state, coverage.starts_on, hours, person_id in planned))
        audit.append(("Person", public_id, None, protected != "NONE"))
    _audit(cursor, ctx, AuditEvent.Action.LIST, audit, "Aktivitetskravet", user=user)
    return sorted(keys)


def _coverage_app(ctx: Context, i: int) -> list:
    rows = coverage_list(_user(ctx, SOCIAL_LOGIN), ctx.municipality.pk, ctx.today)
    return sorted(
        (
            str(r.person.public_id),
            r.coverage.state,
            r.coverage.starts_on,
            r.demanded_hours,
            r.plan is not None,
        )
        for r in rows
    )


def _date(value) -> dt.date:
    """A date column as a date (SQLite gives text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def cases() -> list[Case]:
    return [
        Case(
            "activity_coverage",
            "Aktivitetskravet: vilka som omfattas (`/aktivitetskrav/`)",
            "social services caseworker",
            _coverage_request,
            _coverage_floor,
            _coverage_app,
            note="the floor reads the months, persons, exemptions, capacity, work and plans and applies the rules' "
            "own coverage",
        ),
        Case(
            "activity_attendance",
            "Närvaro för en aktivitet en vecka (`/aktiviteter/<id>/narvaro/`)",
            "labour-market caseworker",
            _attendance_request,
            _attendance_floor,
            _attendance_app,
            note="rotates over the unit's activities with the most participants last week",
        ),
    ]
