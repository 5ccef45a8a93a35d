"""What the database connection needs beyond Django's OPTIONS (decision 0019): the prepared statements kept, and
long IN lists sent as one array."""

from __future__ import annotations

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models.expressions import ColPairs
from django.db.models.fields.related import ForeignObject
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In
from django.dispatch import receiver

# psycopg keeps 100 prepared statements per connection by default, dropping the least recently used. A gunicorn
# worker serves every page to every kind of user, and the load test's mix alone sends more distinct statements than
# that: a dropped statement is prepared, and planned with its values, again when it comes back.
PREPARED_MAX = 1000


@receiver(connection_created)
def keep_prepared_statements(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding"):
        connection.connection.prepared_max = PREPARED_MAX


# --- long IN lists as one array ---------------------------------------------------------------------------------
#
# With the server binding the parameters (decision 0019) every value of `field__in=[...]` is a parameter of its own,
# and PostgreSQL's protocol allows at most 65 535 in one statement: a list of 70 000 ids failed ("number of
# parameters must be between 0 and 65535") where, bound by the client, it had worked. The data set's generator hit
# it; a page, a report or a job reading a whole county's or the country's rows by their ids could too. A list longer
# than LONGEST_IN_LIST is therefore sent as one array parameter, `col = ANY($1::type[])`, which PostgreSQL plans as
# it plans IN with its values. Shorter lists are sent as before (one parameter each), so no plan that works changes.
LONGEST_IN_LIST = 10_000


class _LongListAsArray:
    """The `in` lookup with a long list of direct values sent as one array on PostgreSQL with server binding."""

    _as_array = False

    def process_rhs(self, compiler, connection):
        sql, params = super().process_rhs(compiler, connection)
        self._as_array = False
        if (
            len(params) > LONGEST_IN_LIST
            and connection.vendor == "postgresql"
            and connection.features.uses_server_side_binding
            and self.rhs_is_direct_value()
            and not isinstance(self.lhs, ColPairs)
            and sql == "(" + ", ".join(["%s"] * len(params)) + ")"  # plain values, no expressions among them
        ):
            db_type = self.lhs.output_field.db_type(connection=connection)
            if db_type:
                self._as_array = True
                return f"%s::{db_type}[]", [list(params)]
        return sql, params

    def get_rhs_op(self, connection, rhs):
        if self._as_array:
            return f"= ANY({rhs})"
        return super().get_rhs_op(connection, rhs)


class LongListIn(_LongListAsArray, In):
    pass


class LongListRelatedIn(_LongListAsArray, RelatedIn):
    pass


# For every field (the related fields have an `in` of their own, which stays theirs but for the long lists).
models.Field.register_lookup(LongListIn)
ForeignObject.register_lookup(LongListRelatedIn)
