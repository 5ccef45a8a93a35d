"""A new model's indexes and constraints are part of its CreateModel (etablera/testing/migrations.py says why: each
AddIndex/AddConstraint after it made every migrate from nothing render the model and its relations again)."""

from __future__ import annotations

from django.db import migrations, models

from etablera.testing.migrations import foldable, folded


def test_no_migration_adds_an_index_or_constraint_its_create_model_could_hold():
    assert foldable() == {}, (
        "these migrations add indexes or constraints after the CreateModel that could hold them; "
        "run `.venv/bin/python -m etablera.testing.migrations` to fold them in"
    )


def _model(name, *fields):
    return migrations.CreateModel(name=name, fields=[("id", models.BigAutoField(primary_key=True)), *fields])


def test_folding_moves_only_what_the_model_already_has_at_that_point():
    index = models.Index(fields=["name"], name="a_name_idx")
    unique = models.UniqueConstraint(fields=["name"], name="a_name_once")
    late = models.Index(fields=["b"], name="a_b_idx")
    operations = [
        _model("A", ("name", models.CharField(max_length=10))),
        _model("B", ("a", models.ForeignKey("app.A", models.CASCADE))),
        migrations.AddIndex("a", index),
        migrations.AddConstraint("a", unique),
        migrations.AddField("a", "b", models.ForeignKey("app.B", models.CASCADE)),
        migrations.AddIndex("a", late),  # its field came after the CreateModel: it stays
        migrations.AddIndex("c", models.Index(fields=["x"], name="c_x_idx")),  # no CreateModel here: it stays
    ]
    kept, moved = folded(operations)
    assert moved == 2
    assert [type(op).__name__ for op in kept] == [
        "CreateModel",
        "CreateModel",
        "AddField",
        "AddIndex",
        "AddIndex",
    ]
    assert kept[0].options == {"indexes": [index], "constraints": [unique]}


def test_nothing_is_folded_across_code():
    operations = [
        _model("A", ("name", models.CharField(max_length=10))),
        migrations.RunPython(migrations.RunPython.noop),
        migrations.AddIndex("a", models.Index(fields=["name"], name="a_name_idx")),
    ]
    kept, moved = folded(operations)
    assert moved == 0 and len(kept) == 3
