"""The shipped population figures (followup/data/population.csv: Södermanland 2016–2018, SCB via Regionfakta), for
the municipalities that exist. Newer years come with `etablera import_population FILE`."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "population.csv"


def load(apps, schema_editor):
    Municipality = apps.get_model("organisation", "Municipality")
    Population = apps.get_model("followup", "Population")
    with open(DATA, encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in={r["municipality_code"] for r in rows})}
    for row in rows:
        municipality = municipalities.get(row["municipality_code"])
        if municipality is None:
            continue
        Population.objects.update_or_create(
            municipality=municipality,
            year=int(row["year"]),
            defaults={"population": int(row["population"]), "source": row["source"], "status": row["status"]},
        )


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_population"), ("organisation", "0002_counties_and_municipalities")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
