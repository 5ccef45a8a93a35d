"""The quota report's covering index also holds the category, which the report now filters on: self-settled (EBO)
anvisningar are left out of every figure (issue #11), and the sums are still read from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0005_benchmark_indexes_open_cases"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="assignment",
            name="assignment_quota_report_idx",
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["quota_year", "municipality"],
                include=("decision_date", "status", "received_date", "person_count", "category"),
                name="assignment_quota_report_idx",
            ),
        ),
    ]
