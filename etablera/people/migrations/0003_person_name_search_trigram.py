"""A trigram index for the household search on PostgreSQL (docs/performance.md): members are matched by name
(`icontains`, which Django writes as UPPER(column::text) LIKE UPPER(%s)) among the persons of the user's
municipalities. One GIN index over the municipality (btree_gin) and both names (pg_trgm) answers that in one scan
instead of testing the name of every person of the municipality.

Nothing on other databases (SQLite): the index is not in the models' Meta because it has no portable form. Both
extensions are trusted (PostgreSQL 13 and later), so the role that runs the migrations may create them without
being a superuser when it may create in the database."""

from django.db import migrations

INDEX = "people_person_name_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person USING gin "
        "(municipality_id, (UPPER(first_name::text)) gin_trgm_ops, (UPPER(last_name::text)) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extensions stay: other objects may use them by now.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_household_anonymised_at_person_address_city_and_more")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
