"""Who sees what, hand-written for one user: the SQL conditions the floors put in their WHERE in place of
restrict(). No case lives here; the domains' floors (reception.py so far) share these, as their pages share the
access policy.

restrict() is general: reception staff see their municipalities, other staff see households they are involved in
(a task of their unit in an open case), by break-glass, or through a person's consent. For one known user the
best SQL keeps only the branches that can apply, and tests the municipality on the row itself (a task's,
anvisning's and household's municipality are the same by construction; the floor check confirms it).
"""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from etablera.access.models import BreakGlassAccess, Consent
from etablera.access.policy import capabilities
from etablera.benchmarks.cases.common import Context, _in, _t
from etablera.organisation.models import User
from etablera.people.models import HouseholdMember, Person
from etablera.reception.models import ReceptionCase, Task


def _scope(user: User) -> tuple[set[int], set[int], set[int]]:
    caps = capabilities(user)
    reception = set(caps.reception_municipality_ids)
    return reception, set(caps.staff_municipality_ids) - reception, set(caps.unit_ids)


def _involved_households(ctx: Context, user: User, alias: str, with_consent: bool) -> tuple[str, list]:
    """Households outside the user's reception municipalities that the user sees: involvement, break-glass and,
    with_consent, a member's consent. '1 = 0' when the user has no such municipality."""
    _reception, others, unit_ids = _scope(user)
    if not others:
        return "1 = 0", []
    units, unit_params = _in(unit_ids)
    munis, muni_params = _in(others)
    sql = (
        f"({alias}.municipality_id IN ({munis}) AND (EXISTS (SELECT 1 FROM {_t(Task)} t2 JOIN "
        f"{_t(ReceptionCase)} c2 ON c2.id = t2.case_id WHERE t2.household_id = {alias}.id AND t2.unit_id IN "
        f"({units}) AND c2.status = 'OPEN' AND c2.municipality_id IN ({munis})) OR EXISTS (SELECT 1 FROM "
        f"{_t(BreakGlassAccess)} b WHERE b.household_id = {alias}.id AND b.user_id = %s AND b.expires_at > %s)"
    )
    # The open case in the household's municipalities, as the policy asks it (access.visibility.reception).
    params = muni_params + unit_params + muni_params
    params += [user.pk, connection.ops.adapt_datetimefield_value(timezone.now())]
    if with_consent:
        consent, consent_params = _consenting_persons(ctx, user, "hmc.person_id")
        sql += (
            f" OR EXISTS (SELECT 1 FROM {_t(HouseholdMember)} hmc "
            f"WHERE hmc.household_id = {alias}.id AND {consent})"
        )
        params += consent_params
    return sql + "))", params


def _visible(
    ctx: Context, user: User, column: str, alias: str, with_consent: bool = True
) -> tuple[str, list]:
    """The condition for a row whose municipality is `column` and whose household is `alias`."""
    reception, _others, _units = _scope(user)
    munis, params = _in(reception)
    involved, involved_params = _involved_households(ctx, user, alias, with_consent)
    return f"({column} IN ({munis}) OR {involved})", params + involved_params


def _consenting_persons(ctx: Context, user: User, alias: str) -> tuple[str, list]:
    """Persons outside the user's reception municipalities whose consent in force names one of the user's units
    (the consent branch of restrict())."""
    _reception, others, unit_ids = _scope(user)
    if not others:
        return "1 = 0", []
    units, unit_params = _in(unit_ids)
    munis, muni_params = _in(others)
    today = connection.ops.adapt_datefield_value(ctx.today)
    through = Consent.units.through
    return (
        f"{alias} IN (SELECT c.person_id FROM {_t(Consent)} c JOIN {_t(through)} cu ON cu.consent_id = c.id "
        f"JOIN {_t(Person)} cp ON cp.id = c.person_id WHERE cu.unit_id IN ({units}) AND cp.municipality_id IN "
        f"({munis}) AND c.given_date <= %s AND (c.valid_until IS NULL OR c.valid_until >= %s) AND "
        f"(c.withdrawn_date IS NULL OR c.withdrawn_date > %s))",
        unit_params + muni_params + [today, today, today],
    )


def _task_condition(ctx: Context, user: User) -> tuple[str, list]:
    visible, params = _visible(ctx, user, "t.municipality_id", "h", with_consent=False)
    consent, consent_params = _consenting_persons(ctx, user, "t.person_id")
    return f"({visible} OR {consent})", params + consent_params
