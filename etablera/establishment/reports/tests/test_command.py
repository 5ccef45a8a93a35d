"""`etablera report outcomes`: the same figures in each format, and a clear message for what is wrong."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from etablera.establishment.reports.tests.cohort import AS_OF, build_cohort

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", "outcomes", "--as-of", AS_OF.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cohort(nykoping):
    return build_cohort()


def test_json_table_and_csv_hold_the_same_figures(cohort):
    data = json.loads(run("--municipality", "0480", "--cohort", "2024", "--by", "sex", "--format", "json"))
    assert data["title"] == "Nyköpings kommun" and data["min_cell"] == 5 and data["by"] == ["sex"]
    assert [(r["sex"], r["persons"], r["work_or_studies_percent"]) for r in data["rows"]] == [
        (None, 12, 71),
        ("F", 7, "–"),
        ("M", 5, "–"),
    ]
    table = run("--municipality", "480", "--cohort", "2024", "--by", "sex")  # Excel's 480 is 0480
    assert "Kvinnor" in table and "71" in table and "22,0" in table
    csv_text = run("--municipality", "0480", "--cohort", "2024", "--by", "none", "--format", "csv")
    assert csv_text.splitlines()[1] == "2024;Alla;Alla;Alla;12;7;71;8;22.0;11;30.0"


def test_the_default_breakdown_is_all_three(cohort):
    data = json.loads(run("--municipality", "0480", "--cohort", "2024", "--format", "json"))
    assert data["by"] == ["sex", "category", "age_band"] and len(data["rows"]) == 9


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "0480"], "Ange ankomståret med --cohort"),
        (["--cohort", "2024"], "Ange kommunen med --municipality"),
        (["--municipality", "9999", "--cohort", "2024"], "Okänd kommunkod: 9999"),
        (["--county", "99", "--cohort", "2024"], "Okänd länskod: 99"),
        (["--municipality", "0480", "--cohort", "2024", "--by", "sex,=cmd"], "Okänd uppdelning: '=cmd"),
    ],
)
def test_what_is_wrong_is_said(nykoping, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
