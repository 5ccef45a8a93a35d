"""The minors' bench case (issue #14): the list of unaccompanied children and young adults by their next legal date
(`/barn/`, social services), with its SQL floor and the same keys from the minors domain's selectors.

The login is the generator's `bench.social` (demo/generate/activity.py: Försörjningsstöd, a social-services unit of
the benchmark municipality); the cases, placements, guardians and visits are demo/generate/minors.py's.
"""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from etablera.access.models import AuditEvent
from etablera.access.policy import capabilities
from etablera.benchmarks.cases.access import _consenting_persons
from etablera.benchmarks.cases.common import Case, Context, _audit, _in, _t
from etablera.housing.models import HousingNeed
from etablera.minors import selectors
from etablera.minors.models import ChildCase, FollowUpVisit, Guardian, Placement
from etablera.organisation.models import User
from etablera.people.models import Household, HouseholdMember, Person
from etablera.rules import minors as rules
from etablera.rules.dates import add_months
from etablera.rules.parameters import parameter_value

SOCIAL_LOGIN = "bench.social"
REPORT_STATUSES = tuple(str(s) for s in selectors.REPORT_STATUSES)
PERMIT_STATUSES = ("TEMPORARY_PERMIT", "PERMANENT_PERMIT")
NEED_THERE = ("WAITING", "TEMPORARY", "PERMANENT")  # minors.services.housing.THERE


def _user(ctx: Context) -> User:
    users = ctx.__dict__.setdefault("minors_users", {})
    if SOCIAL_LOGIN not in users:
        users[SOCIAL_LOGIN] = User.objects.get(username=SOCIAL_LOGIN)
    return users[SOCIAL_LOGIN]


def _date(value) -> dt.date | None:
    """A date column as a date (SQLite gives text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _list_request(ctx: Context, i: int):
    return ctx.client(_user(ctx)).get(reverse("minors_list"))


def _next_date(
    born, status, report_sent_on, running, last_visit, as_of: dt.date, housing=None
) -> dt.date | None:
    """The earliest of the case's dates from `as_of` on — selectors.next_dates' arithmetic, without the Deadlines'
    explanations: the report (an asylum seeker's, until sent), the 18th and 21st birthdays, the running placement's
    end and its next follow-up visit, and the day to open the housing need by (`housing`: the decision at 18, or
    None when the household has a need)."""
    if born is None:
        return None
    dates = []
    adult = rules.turns_adult(born)
    if status in REPORT_STATUSES and report_sent_on is None and adult > as_of:
        weeks = parameter_value("minors.continued_responsibility_notice_weeks", adult)
        dates.append(adult - dt.timedelta(weeks=weeks))
    if adult > as_of:
        dates.append(adult)
    end = rules.responsibility_ends(born)
    if end > as_of:
        dates.append(end)
    if housing is not None:
        kind, ends_on = (running[2], running[1]) if running is not None else (None, None)
        found = rules.housing_responsibility_end(
            born,
            after_18=housing,
            has_permit=status in PERMIT_STATUSES,
            placement_kind=kind,
            placement_ends_on=ends_on,
        )
        if found is not None and found[0] > as_of:
            dates.append(add_months(found[0], -parameter_value("minors.housing_need_lead_months", found[0])))
    if running is not None:
        starts_on, ends_on = running[:2]
        if ends_on is not None and ends_on >= as_of:
            dates.append(ends_on)
        last = max(d for d in (last_visit, starts_on) if d is not None)
        dates.append(last + dt.timedelta(weeks=parameter_value("minors.placement_follow_up_weeks", last)))
    return min(dates) if dates else None


def _list_floor(cursor, ctx: Context, i: int) -> list:
    """The municipality's open cases whose child the user sees — social services of the municipality own section
    SOCIAL there, and the child's open case involves them in the child's household (or a consent in force names
    their unit) — with the placements, the last visit and the running guardian; ordered by the next date (none
    last), surname and person, as the selector orders them. bench.social is staff of one municipality, where it is
    social services: the branches for other municipalities cannot apply."""
    user = _user(ctx)
    caps = capabilities(user)
    as_of = ctx.today
    social, social_params = _in(caps.social_services_municipality_ids)
    staff, staff_params = _in(caps.staff_municipality_ids)
    consent, consent_params = _consenting_persons(ctx, user, "p.id")
    cursor.execute(
        f"SELECT c.id, c.asylum_status, c.report_sent_on, p.id, p.public_id, p.birth_date, p.last_name, "
        f"p.protected_identity, c.after_18 FROM {_t(ChildCase)} c JOIN {_t(Person)} p ON p.id = c.person_id "
        f"WHERE c.municipality_id = %s AND c.status = 'OPEN' AND p.municipality_id IN ({social}) AND "
        f"(EXISTS (SELECT 1 FROM {_t(HouseholdMember)} hm JOIN {_t(Household)} h ON h.id = hm.household_id "
        f"WHERE hm.person_id = p.id AND h.municipality_id IN ({staff})) OR {consent})",
        [ctx.municipality.pk, *social_params, *staff_params, *consent_params],
    )
    cases = cursor.fetchall()
    if not cases:
        return []
    ids, id_params = _in(row[0] for row in cases)
    running: dict[int, tuple] = {}
    cursor.execute(
        f"SELECT case_id, starts_on, ends_on, kind FROM {_t(Placement)} WHERE case_id IN ({ids}) "
        f"ORDER BY starts_on DESC, id DESC",
        id_params,
    )
    for case_id, starts_on, ends_on, kind in cursor.fetchall():
        starts_on, ends_on = _date(starts_on), _date(ends_on)
        if case_id not in running and starts_on <= as_of and (ends_on is None or ends_on >= as_of):
            running[case_id] = (starts_on, ends_on, kind)
    persons, person_params = _in(row[3] for row in cases)
    needs, need_params = _in(NEED_THERE)
    cursor.execute(
        f"SELECT hm.person_id FROM {_t(HouseholdMember)} hm JOIN {_t(HousingNeed)} n "
        f"ON n.household_id = hm.household_id WHERE hm.person_id IN ({persons}) AND n.status IN ({needs})",
        [*person_params, *need_params],
    )
    with_need = {row[0] for row in cursor.fetchall()}
    cursor.execute(
        f"SELECT case_id, MAX(visited_on) FROM {_t(FollowUpVisit)} WHERE case_id IN ({ids}) GROUP BY case_id",
        id_params,
    )
    last_visit = {case_id: _date(visited_on) for case_id, visited_on in cursor.fetchall()}
    cursor.execute(
        f"SELECT case_id, name, kind FROM {_t(Guardian)} WHERE case_id IN ({ids}) AND ended_on IS NULL",
        id_params,
    )
    cursor.fetchall()  # the list shows each child's representative
    rows = []
    for case_id, status, report_sent_on, person_id, public_id, born, last_name, protected, after_18 in cases:
        next_date = _next_date(
            _date(born),
            status,
            report_sent_on,
            running.get(case_id),
            last_visit.get(case_id),
            as_of,
            None if person_id in with_need else after_18,
        )
        rows.append((next_date is None, next_date or as_of, last_name, person_id, public_id, protected))
    rows.sort(key=lambda r: r[:4])
    _audit(
        cursor,
        ctx,
        AuditEvent.Action.LIST,
        [("Person", row[4], None, row[5] != "NONE") for row in rows],
        "Ensamkommande barn och unga vuxna",
        user=user,
    )
    return [str(uuid.UUID(str(row[4]))) for row in rows]  # SQLite gives the hex, PostgreSQL a UUID


def _list_app(ctx: Context, i: int) -> list:
    rows = selectors.children(_user(ctx), ctx.municipality.pk, ctx.today)
    return [str(r.person.public_id) for r in rows]


def cases() -> list[Case]:
    return [
        Case(
            "minors_list",
            "Ensamkommande barn och unga vuxna (`/barn/`)",
            "social services caseworker",
            _list_request,
            _list_floor,
            _list_app,
            note="the floor reads the cases, placements, last visits and guardians and orders by the rules' own "
            "next dates",
        ),
    ]
