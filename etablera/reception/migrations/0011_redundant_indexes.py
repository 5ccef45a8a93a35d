"""Two indexes that others begin with: (quota_year, municipality) is the start of the quota report's covering index,
and the municipality's own index the start of (municipality, quota_year, status). Each was one more write for every
anvisning an import inserts. Only the index is dropped — Django's AlterField would also drop and re-add the foreign
key, which re-checks every row."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0005_unit_function_county_board"),
        ("reception", "0010_receptioncase_arrival_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="assignment",
            name="reception_a_quota_y_f4e8ee_idx",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="assignment",
                    name="municipality",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="organisation.municipality",
                        verbose_name="kommun",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "reception_assignment_municipality_id_91a3cd46"',
                    reverse_sql='CREATE INDEX "reception_assignment_municipality_id_91a3cd46" '
                    'ON "reception_assignment" ("municipality_id")',
                ),
            ],
        ),
    ]
