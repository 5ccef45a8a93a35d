"""The actor's own index goes: (actor, at) begins with the actor and serves the same lookups, and every request writes
an audit row. Only the index is dropped — Django's AlterField would also drop and re-add the foreign key, which
re-checks every row of the log."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_auditevent_actor_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "access_auditevent_actor_id_6b860062"',
                    reverse_sql='CREATE INDEX "access_auditevent_actor_id_6b860062" ON "access_auditevent" ("actor_id")',
                ),
            ],
        ),
    ]
