"""The involvement test's indexes (issue #19, docs/performance.md "The involvement's open cases"). Asked once for a
whole list, "a task of one of my units in the household's open case" became a join of every task the unit ever had
with every open case in the country: the partial index of the open cases now begins with the municipality, and the
unit's tasks are read from an index over (unit, case, household) instead of the table. That index begins with the
unit, so the foreign key's own index on the unit alone is dropped — only the index: Django's AlterField would also
drop and re-add the foreign key, which re-checks every row."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0005_unit_function_county_board"),
        ("reception", "0011_redundant_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="receptioncase",
            name="reception_case_open_idx",
        ),
        migrations.AddIndex(
            model_name="receptioncase",
            index=models.Index(
                condition=models.Q(("status", "OPEN")),
                fields=["municipality", "id"],
                name="reception_case_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["unit", "case", "household"], name="task_unit_case_household_idx"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="task",
                    name="unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tasks",
                        to="organisation.unit",
                        verbose_name="ansvarig enhet",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "reception_task_unit_id_6994e9bf"',
                    reverse_sql='CREATE INDEX "reception_task_unit_id_6994e9bf" ON "reception_task" ("unit_id")',
                ),
            ],
        ),
    ]
