"""Fill Person.name_key for the persons already registered, and on PostgreSQL index it for the household search
(accent-insensitive names, issue #11): one GIN index over the municipality (btree_gin) and the key (pg_trgm), as
0003 did for the two names. Nothing but the fill on other databases (SQLite), where the index has no portable form.
"""

from django.db import migrations

from etablera.people.names import person_name_key

INDEX = "people_person_name_key_trgm"


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    batch = []
    for person in Person.objects.only("pk", "first_name", "last_name").iterator(chunk_size=2000):
        person.name_key = person_name_key(person.first_name, person.last_name)
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["name_key"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["name_key"])


def index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person USING gin (municipality_id, name_key gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0005_person_history_and_household_changes")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index, drop_index, elidable=False),
    ]
