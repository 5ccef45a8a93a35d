"""What the database connection needs beyond Django's OPTIONS (decision 0019)."""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.dispatch import receiver

# psycopg keeps 100 prepared statements per connection by default, dropping the least recently used. A gunicorn
# worker serves every page to every kind of user, and the load test's mix alone sends more distinct statements than
# that: a dropped statement is prepared, and planned with its values, again when it comes back.
PREPARED_MAX = 1000


@receiver(connection_created)
def keep_prepared_statements(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding"):
        connection.connection.prepared_max = PREPARED_MAX
