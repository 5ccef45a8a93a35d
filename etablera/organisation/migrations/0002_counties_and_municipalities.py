"""All 21 counties and 290 municipalities with their official codes, from organisation/data/*.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / name, encoding="utf-8") as handle:
        yield from csv.DictReader(line for line in handle if not line.startswith("#"))


def load(apps, schema_editor):
    County = apps.get_model("organisation", "County")
    Municipality = apps.get_model("organisation", "Municipality")
    counties = {}
    for row in _rows("counties.csv"):
        counties[row["code"]], _ = County.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    for row in _rows("municipalities.csv"):
        Municipality.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "county": counties[row["county_code"]]}
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
