"""`field__any=ids`: the rows whose field is one of many values, sent as one array (PostgreSQL `= ANY(%s)`).

Django's `__in` sends every value as a parameter of its own: for a follow-up figure of a county or of the country
(thousands of persons) Django spent more time compiling the placeholders and psycopg adapting them than the
database spent on the query (docs/performance.md, "Follow-up and the county"). A subquery instead left the planner
guessing, and it chose to scan the whole table. One array parameter costs one adaptation and gives the planner the
real list. Elsewhere (SQLite) it is the plain `IN (…)`. Registered for every field and every foreign key (apps.py)."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, Lookup
from django.db.models.fields.related import ForeignObject


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False  # a list of plain values, not one value of the field's type

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


def register() -> None:
    # A foreign key takes its lookups from ForeignObject's own class lookups, not from Field's.
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)
