"""What every bench case is made of, whatever its domain: the `Case` and `Context` types, the small SQL helpers
(`_t` a quoted table name, `_in` a placeholder list, `_uuid` a public id as the database stores it) and the audit
INSERT a floor writes where its page logs a read (`_audit`, `_log_households`).

Here, apart from the cases, so that a domain's module (reception.py, housing.py, …) imports only this module and
the access floors (access.py), never another domain's cases; the package's __init__ collects the domains.
"""

# ruff: noqa: S608 — the SQL below is built from model table names and placeholders, never from input.

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.utils import timezone

from etablera.access.models import AuditEvent
from etablera.organisation.models import Municipality, Unit, User
from etablera.people.models import Household


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in(values) -> tuple[str, list]:
    values = sorted(values)
    if not values:
        return "NULL", []
    return ", ".join(["%s"] * len(values)), values


def _uuid(value) -> Any:
    return Household._meta.get_field("public_id").get_db_prep_value(value, connection)


@dataclass
class Context:
    """Who is measured and on what: set up once per run by `prepare`."""

    user: User
    sfi_user: User
    municipality: Municipality
    today: dt.date
    year: int
    households: list = field(default_factory=list)  # public ids of households with an open case
    search: str = ""
    token: str = ""
    reception_unit: Unit | None = None
    housing_user: User | None = None  # the housing unit's caseworker (etablera generate --housing-only)
    clients: dict[str, Client] = field(default_factory=dict)

    def client(self, user: User) -> Client:
        if user.username not in self.clients:
            client = Client()
            client.force_login(user)
            self.clients[user.username] = client
        return self.clients[user.username]


@dataclass
class Case:
    key: str
    title: str
    who: str  # which user, in words
    request: Callable[[Context, int], Any]  # makes one request (i counts the requests); returns the response
    floor: Callable[[Any, Context, int], list]  # runs the floor on a cursor; returns the result's keys
    app: Callable[[Context, int], list]  # the same keys from the application's selectors
    caseworker_page: bool = True  # the 150 ms goal applies
    note: str = ""


# --- the audit INSERT a page writes ----------------------------------------------------------------------------

_AUDIT_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "channel",
    "object_type",
    "object_id",
    "person_public_id",
    "household_public_id",
    "municipality_code",
    "summary",
    "changes",
    "basis",
    "break_glass",
    "protected",
)
_FLOOR_MARK = json.dumps({"benchmark_floor": True})


def _audit(
    cursor,
    ctx: Context,
    action: str,
    rows: list[tuple[str, Any, Any, bool]],
    summary: str,
    user: User | None = None,
) -> None:
    """One multi-row INSERT, as log_list / log_reads write it. rows: (object type, person id, household id,
    protected). The rows are marked changes.benchmark_floor. user: the actor, when not ctx.user."""
    if not rows:
        return
    actor = user or ctx.user
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    values, params = [], []
    for object_type, person, household, protected in rows:
        values.append("(" + ", ".join(["%s"] * len(_AUDIT_COLUMNS)) + ")")
        object_id = str(person or household)
        params += [
            at,
            actor.pk,
            actor.username,
            action,
            AuditEvent.Channel.PAGE,
            object_type,
            object_id,
            _uuid(person) if person else None,
            _uuid(household) if household else None,
            ctx.municipality.code,
            summary,
            _FLOOR_MARK,
            "",
            False,
            protected,
        ]
    cursor.execute(
        f"INSERT INTO {_t(AuditEvent)} ({', '.join(_AUDIT_COLUMNS)}) VALUES {', '.join(values)}", params
    )


def _log_households(cursor, ctx: Context, public_ids, summary: str, user: User | None = None) -> None:
    seen = list(dict.fromkeys(public_ids))
    _audit(cursor, ctx, AuditEvent.Action.LIST, [("Household", None, h, False) for h in seen], summary, user)
