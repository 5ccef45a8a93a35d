"""The establishment's bench cases (issue #12), in the order of the report: the person's establishment page, the
unit's caseload of plans (/etablering/planer/) and the cohort outcomes (/etablering/utfall/) — each with its SQL
floor and the same keys from the establishment's selectors.

The persons opened are the benchmark municipality's with a plan and a status per month (etablera generate makes
them, demo/generate/establishment.py), found once per run and kept on the context. The outcomes are the statistics
login's (`bench.statistik`): figures only, no person logged. Their floor reads what the report needs in four
aggregated queries (the cohort with each person's newest arrival, the programmes' ends, the statuses of the
cohort's months, the first SFI start) and builds the rows with the report's own arithmetic
(`outcomes.build_rows`): what the page costs beyond it is the ORM, the form and the HTML.
"""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.urls import reverse

from etablera.access.models import AuditEvent, Consent
from etablera.access.policy import capabilities
from etablera.benchmarks.cases.access import _visible
from etablera.benchmarks.cases.common import Case, Context, _audit, _in, _t, _uuid
from etablera.establishment import plan_caseload
from etablera.establishment.models import (
    Assessment,
    ChildAssessment,
    CivicOrientation,
    Education,
    HealthAssessment,
    IndividualPlan,
    Intervention,
    LanguageSkill,
    MonthlyStatus,
    PlanGoal,
    PlanMeeting,
    ProgrammePeriod,
    SfiEnrolment,
    SfiInterruption,
    WorkExperience,
)
from etablera.establishment.reports import outcomes
from etablera.establishment.selectors import MONTHS_SHOWN, establishment_page
from etablera.organisation.models import Unit, User
from etablera.people.models import Household, HouseholdMember, Person
from etablera.reception.models import ReceptionCase
from etablera.rules import establishment as rules

PERSONS = 20
STATISTICS_LOGIN = "bench.statistik"


# --- the person's establishment page -----------------------------------------------------------------------------


def _persons(ctx: Context) -> list:
    """Public ids of persons of the benchmark municipality with a plan and statuses per month (once per run)."""
    found = getattr(ctx, "establishment_persons", None)
    if found is None:
        found = list(
            Person.objects.filter(
                municipality=ctx.municipality, individual_plans__isnull=False, monthly_statuses__isnull=False
            )
            .distinct()
            .order_by("pk")
            .values_list("public_id", flat=True)[:PERSONS]
        )
        ctx.establishment_persons = found
    return found


def _person(ctx: Context, i: int):
    persons = _persons(ctx)
    return persons[i % len(persons)]


def _person_request(ctx: Context, i: int):
    return ctx.client(ctx.user).get(reverse("person_establishment", args=[_person(ctx, i)]))


def _fetch(cursor, sql: str, params: list) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def _person_floor(cursor, ctx: Context, i: int) -> list:
    user = ctx.user
    visible, params = _visible(ctx, user, "h.municipality_id", "h")
    person = _fetch(
        cursor,
        f"SELECT p.id, p.public_id, p.first_name, p.last_name, p.birth_date, p.municipality_id, "
        f"p.protected_identity FROM {_t(Person)} p WHERE p.public_id = %s AND EXISTS (SELECT 1 FROM "
        f"{_t(HouseholdMember)} hm JOIN {_t(Household)} h ON h.id = hm.household_id "
        f"WHERE hm.person_id = p.id AND {visible})",
        [_uuid(_person(ctx, i)), *params],
    )[0]
    pk = person[0]
    _audit(
        cursor, ctx, AuditEvent.Action.VIEW, [("Person", person[1], None, person[6] != "NONE")], "Etablering"
    )
    units, unit_params = _in(capabilities(user).unit_ids)
    today = connection.ops.adapt_datefield_value(ctx.today)
    # The sections the user's units are given by the person's consent (health, a child's mapping).
    consents = _fetch(
        cursor,
        f"SELECT c.sections FROM {_t(Consent)} c JOIN {_t(Consent.units.through)} cu ON cu.consent_id = c.id "
        f"WHERE c.person_id = %s AND cu.unit_id IN ({units}) AND c.given_date <= %s AND (c.valid_until IS NULL "
        f"OR c.valid_until >= %s) AND (c.withdrawn_date IS NULL OR c.withdrawn_date > %s)",
        [pk, *unit_params, today, today, today],
    )
    keys = []
    assessment = _fetch(
        cursor,
        f"SELECT id, status, due_date, due_rule, literacy, driving_licence, goals, needs, completed_on "
        f"FROM {_t(Assessment)} WHERE person_id = %s",
        [pk],
    )
    if assessment:
        a = assessment[0][0]
        keys.append(("assessment", a))
        for model, columns in (
            (Education, "level, years, field, country, validation_wanted"),
            (WorkExperience, "ssyk_code, occupation, years"),
            (LanguageSkill, "language, level"),
        ):
            _fetch(cursor, f"SELECT id, {columns} FROM {_t(model)} WHERE assessment_id = %s ORDER BY id", [a])
        sections = "".join(row[0] if isinstance(row[0], str) else str(row[0]) for row in consents)
        for model, section in ((HealthAssessment, "HEALTH"), (ChildAssessment, "SCHOOL")):
            if section in sections:  # the bench login's unit owns neither section: only a consent opens them
                _fetch(cursor, f"SELECT * FROM {_t(model)} WHERE assessment_id = %s", [a])
    plans = _fetch(
        cursor,
        f"SELECT pl.id, pl.kind, pl.status, pl.started_on, pl.closed_on, pl.follow_up_due, pl.follow_up_rule, "
        f"pl.revision, u.name FROM {_t(IndividualPlan)} pl LEFT JOIN {_t(Unit)} u ON u.id = pl.responsible_unit_id "
        f"WHERE pl.person_id = %s ORDER BY pl.closed_on IS NOT NULL, pl.closed_on DESC, pl.started_on DESC, pl.id DESC",
        [pk],
    )
    keys += [("plan", row[0]) for row in plans]
    plan_ids, plan_params = _in([row[0] for row in plans])
    keys += [
        ("goal", row[0])
        for row in _fetch(
            cursor,
            f"SELECT id, plan_id, area, description, target_date, status FROM {_t(PlanGoal)} "
            f"WHERE plan_id IN ({plan_ids}) ORDER BY target_date, id",
            plan_params,
        )
    ]
    keys += [
        ("intervention", row[0])
        for row in _fetch(
            cursor,
            f"SELECT i.id, i.plan_id, i.what, i.start_date, i.end_date, i.status, i.external_actor, u.name "
            f"FROM {_t(Intervention)} i LEFT JOIN {_t(Unit)} u ON u.id = i.unit_id "
            f"WHERE i.plan_id IN ({plan_ids}) ORDER BY i.start_date, i.id",
            plan_params,
        )
    ]
    keys += [
        ("meeting", row[0])
        for row in _fetch(
            cursor,
            f"SELECT id, plan_id, held_on, participants, agreed_actions, revise_plan FROM {_t(PlanMeeting)} "
            f"WHERE plan_id IN ({plan_ids}) ORDER BY held_on DESC, id DESC",
            plan_params,
        )
    ]
    keys += [
        ("programme", row[0])
        for row in _fetch(
            cursor,
            f"SELECT id, referral_date, plan_date, start_date, planned_end, planned_end_rule, actual_end, "
            f"end_reason FROM {_t(ProgrammePeriod)} WHERE person_id = %s ORDER BY referral_date DESC, id DESC",
            [pk],
        )
    ]
    sfi = _fetch(
        cursor,
        f"SELECT id, enrolled_on, start_date, course, study_path, status, completed_on FROM {_t(SfiEnrolment)} "
        f"WHERE person_id = %s ORDER BY enrolled_on DESC, id DESC",
        [pk],
    )
    keys += [("sfi", row[0]) for row in sfi]
    sfi_ids, sfi_params = _in([row[0] for row in sfi])
    _fetch(
        cursor,
        f"SELECT id, enrolment_id, start_date, end_date, reason FROM {_t(SfiInterruption)} "
        f"WHERE enrolment_id IN ({sfi_ids}) ORDER BY start_date, id",
        sfi_params,
    )
    _fetch(cursor, f"SELECT * FROM {_t(CivicOrientation)} WHERE person_id = %s", [pk])
    keys += [
        ("month", row[0])
        for row in _fetch(
            cursor,
            f"SELECT id, month, status, note FROM {_t(MonthlyStatus)} WHERE person_id = %s "
            f"ORDER BY month DESC LIMIT %s",
            [pk, MONTHS_SHOWN],
        )
    ]
    _fetch(
        cursor,
        f"SELECT MAX(c.arrival_date) FROM {_t(ReceptionCase)} c JOIN {_t(HouseholdMember)} hm "
        f"ON hm.household_id = c.household_id WHERE hm.person_id = %s",
        [pk],
    )
    # The forms' choices: the municipality's units, the person's consents.
    _fetch(cursor, f"SELECT id, name FROM {_t(Unit)} WHERE municipality_id = %s ORDER BY name", [person[5]])
    _fetch(cursor, f"SELECT id, given_date, purpose FROM {_t(Consent)} WHERE person_id = %s", [pk])
    return sorted(keys)


def _person_app(ctx: Context, i: int) -> list:
    data = establishment_page(ctx.user, _person(ctx, i))
    plans = [plan for plan in [data.plan, *data.earlier_plans] if plan is not None]
    keys = [("assessment", data.assessment.pk)] if data.assessment else []
    keys += [("plan", plan.pk) for plan in plans]
    keys += [("goal", goal.pk) for plan in plans for goal in plan.goals.all()]
    keys += [("intervention", i.pk) for plan in plans for i in plan.interventions.all()]
    keys += [("meeting", m.pk) for plan in plans for m in plan.meetings.all()]
    keys += [("programme", p.pk) for p in data.programmes]
    keys += [("sfi", e.pk) for e in data.sfi]
    keys += [("month", m.pk) for m in data.monthly]
    return sorted(keys)


# --- the caseload of plans ---------------------------------------------------------------------------------------


def _caseload_request(ctx: Context, i: int):
    return ctx.client(ctx.user).get(reverse("establishment_plans"))


def _caseload_floor(cursor, ctx: Context, i: int) -> list:
    user = ctx.user
    visible, params = _visible(ctx, user, "h.municipality_id", "h")
    units, unit_params = _in(capabilities(user).unit_ids)
    where = (
        f"pl.status <> 'CLOSED' AND EXISTS (SELECT 1 FROM {_t(HouseholdMember)} hm JOIN {_t(Household)} h "
        f"ON h.id = hm.household_id WHERE hm.person_id = pl.person_id AND {visible}) AND "
        f"(pl.responsible_unit_id IN ({units}) OR EXISTS (SELECT 1 FROM {_t(Intervention)} gi "
        f"WHERE gi.plan_id = pl.id AND gi.unit_id IN ({units})))"
    )
    where_params = params + unit_params + unit_params
    cursor.execute(f"SELECT COUNT(*) FROM {_t(IndividualPlan)} pl WHERE {where}", where_params)
    cursor.fetchone()
    rows = _fetch(
        cursor,
        f"SELECT pl.id, pl.kind, pl.status, pl.follow_up_due, pl.follow_up_rule, p.public_id, p.first_name, "
        f"p.last_name, p.protected_identity, u.name, (SELECT MAX(m.held_on) FROM {_t(PlanMeeting)} m "
        f"WHERE m.plan_id = pl.id) FROM {_t(IndividualPlan)} pl JOIN {_t(Person)} p ON p.id = pl.person_id "
        f"LEFT JOIN {_t(Unit)} u ON u.id = pl.responsible_unit_id WHERE {where} "
        f"ORDER BY pl.follow_up_due IS NULL, pl.follow_up_due, p.last_name, p.first_name, pl.id LIMIT %s",
        [*where_params, plan_caseload.PER_PAGE],
    )
    plan_ids, plan_params = _in([row[0] for row in rows])
    _fetch(
        cursor,
        f"SELECT i.id, i.plan_id, i.what, i.status, u.name FROM {_t(Intervention)} i LEFT JOIN {_t(Unit)} u "
        f"ON u.id = i.unit_id WHERE i.plan_id IN ({plan_ids}) AND i.status NOT IN ('DONE', 'CANCELLED') "
        f"ORDER BY i.start_date, i.id",
        plan_params,
    )
    seen = list(dict.fromkeys((row[5], row[8] != "NONE") for row in rows))
    _audit(
        cursor,
        ctx,
        AuditEvent.Action.LIST,
        [("Person", p, None, protected) for p, protected in seen],
        "Planer",
    )
    return [row[0] for row in rows]


def _caseload_app(ctx: Context, i: int) -> list:
    listing = plan_caseload.plan_caseload(ctx.user, plan_caseload.PlanFilters(), today=ctx.today)
    return [plan.pk for plan in listing.plans]


# --- the cohort outcomes -----------------------------------------------------------------------------------------


def _statistics(ctx: Context) -> User:
    user = getattr(ctx, "statistics_user", None)
    if user is None:
        user = ctx.statistics_user = User.objects.get(username=STATISTICS_LOGIN)
    return user


def _cohort(ctx: Context) -> tuple[int, int]:
    return ctx.year - 3, ctx.year - 2  # programmes of arrivals three and two years back have mostly ended


def _outcomes_request(ctx: Context, i: int):
    first, last = _cohort(ctx)
    return ctx.client(_statistics(ctx)).get(
        reverse("establishment_outcomes"),
        {"kommun": ctx.municipality.code, "kohort": first, "till": last, "dela": list(outcomes.DIMENSIONS)},
    )


def _row_keys(rows) -> list:
    return [
        (
            row.year,
            row.sex or "",
            row.category or "",
            row.age_band or "",
            str(row.persons),
            str(row.work_or_studies_percent),
            str(row.median_months_to_self_support),
            str(row.median_sfi_wait_days),
        )
        for row in rows
    ]


def _outcomes_floor(cursor, ctx: Context, i: int) -> list:
    first, last = _cohort(ctx)
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    cohort = (
        f"SELECT hm.person_id AS person_id, MAX(c.arrival_date) AS arrival FROM {_t(ReceptionCase)} c "
        f"JOIN {_t(HouseholdMember)} hm ON hm.household_id = c.household_id "
        f"WHERE c.municipality_id = %s AND c.arrival_date >= %s GROUP BY hm.person_id"
    )
    dates = [connection.ops.adapt_datefield_value(day) for day in (start, end)]
    cohort_params = [ctx.municipality.pk, dates[0]]
    people = {}
    for pk, arrival, sex, category, born in _fetch(
        cursor,
        f"SELECT a.person_id, a.arrival, p.sex, p.category, p.birth_date FROM ({cohort}) a "
        f"JOIN {_t(Person)} p ON p.id = a.person_id WHERE a.arrival <= %s AND p.birth_date IS NOT NULL",
        [*cohort_params, dates[1]],
    ):
        arrival = _date(arrival)
        band = rules.outcome_age_band(_date(born), arrival)
        if band is not None:
            people[pk] = (arrival, "F" if sex == "F" else "M" if sex == "M" else "X", category, band)
    ids = f"(SELECT person_id FROM ({cohort}) a WHERE a.arrival <= %s)"
    ids_params = [*cohort_params, dates[1]]
    ends = {
        pk: (_date(ended), running)
        for pk, ended, running in _fetch(
            cursor,
            f"SELECT person_id, MAX(actual_end), SUM(CASE WHEN actual_end IS NULL THEN 1 ELSE 0 END) "
            f"FROM {_t(ProgrammePeriod)} WHERE person_id IN {ids} GROUP BY person_id",
            ids_params,
        )
    }
    as_of = connection.ops.adapt_datefield_value(ctx.today)
    statuses = _fetch(
        cursor,
        f"SELECT person_id, month, status FROM {_t(MonthlyStatus)} WHERE person_id IN {ids} "
        f"AND month >= %s AND month <= %s",
        [*ids_params, dates[0], as_of],
    )
    sfi = dict(
        _fetch(
            cursor,
            f"SELECT person_id, MIN(start_date) FROM {_t(SfiEnrolment)} WHERE person_id IN {ids} "
            f"AND start_date IS NOT NULL AND start_date <= %s GROUP BY person_id",
            [*ids_params, as_of],
        )
    )
    follow_up = {
        pk: rules.outcome_follow_up_month(ended)
        for pk, (ended, running) in ends.items()
        if not running and ended is not None and rules.outcome_follow_up_day(ended) <= ctx.today
    }
    status_of, self_support = {}, {}
    for pk, month, status in statuses:
        if pk not in people:
            continue
        month = _date(month)
        if follow_up.get(pk) == month:
            status_of[pk] = status
        if status in outcomes.SELF_SUPPORT and month >= people[pk][0].replace(day=1):
            self_support[pk] = min(self_support.get(pk, month), month)
    members = []
    for pk, (arrival, sex, category, band) in people.items():
        status = status_of.get(pk)
        started = _date(sfi[pk]) if pk in sfi else None
        members.append(
            outcomes._Member(
                year=arrival.year,
                sex=sex,
                category=category,
                age_band=outcomes.band_label(band),
                followed=status is not None,
                in_work_or_studies=status in outcomes.SELF_SUPPORT,
                months_to_self_support=(
                    rules.months_from_arrival(arrival, self_support[pk]) if pk in self_support else None
                ),
                sfi_wait_days=max(0, (started - arrival).days) if started else None,
            )
        )
    bands = rules.outcome_age_bands(start)
    rows = outcomes.build_rows(
        members, range(first, last + 1), outcomes.DIMENSIONS, rules.outcome_min_cell(ctx.today), bands
    )
    return _row_keys(rows)


def _date(value) -> dt.date | None:
    """A date as the database returns it (SQLite: text from an aggregate)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _outcomes_app(ctx: Context, i: int) -> list:
    first, last = _cohort(ctx)
    report = outcomes.outcome_report(
        cohort=first, cohort_to=last, municipality_code=ctx.municipality.code, as_of=ctx.today
    )
    return _row_keys(report.rows)


def cases() -> list[Case]:
    return [
        Case(
            "person_establishment",
            "Personens etablering (`/personer/<id>/etablering/`)",
            "reception caseworker",
            _person_request,
            _person_floor,
            _person_app,
            note="rotates over persons with a plan and months of status",
        ),
        Case(
            "plan_caseload",
            "Planer (`/etablering/planer/`)",
            "reception caseworker",
            _caseload_request,
            _caseload_floor,
            _caseload_app,
        ),
        Case(
            "outcomes",
            "Utfall per kohort (`/etablering/utfall/`)",
            "statistics",
            _outcomes_request,
            _outcomes_floor,
            _outcomes_app,
            caseworker_page=False,
            note="the floor reads the cohort in four aggregated queries and builds the rows with the report's own arithmetic",
        ),
    ]
