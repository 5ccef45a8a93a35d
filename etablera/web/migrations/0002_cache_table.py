"""The database cache's table (settings.CACHES, issue #19): made by `migrate`, so that the embedded installation
(make demo) and every test database have it without a second command. Django's `createcachetable` does the work and
does nothing when the table exists; with ETABLERA_CACHE_BACKEND=redis it has no database cache to make."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("web", "0001_throttle")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
