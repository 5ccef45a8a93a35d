"""`etablera report indicators` through call_command: JSON for scripting, CSV and the table; the same suppressed
figures as compute() (test_indicators.py has them by hand)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from etablera.followup.tests.sodermanland import build

pytestmark = pytest.mark.django_db


def report(*args) -> str:
    out = io.StringIO()
    call_command("report", "indicators", *args, "--as-of", "2026-12-01", stdout=out)
    return out.getvalue()


@pytest.fixture
def received(nykoping):
    return build()


def test_json_for_the_county(received):
    data = json.loads(report("--county", "04", "--year", "2017", "--format", "json"))
    assert (data["year"], data["area_code"], data["area"], data["min_cell"], data["suppressed"]) == (
        2017,
        "04",
        "Södermanlands län",
        5,
        "–",
    )
    tables = {t["key"]: t for t in data["indicators"]}
    assert len(tables) == 10
    per_1000 = tables["received_per_1000"]
    assert per_1000["unit"] == "per 1 000 invånare"
    county = per_1000["rows"][-1]
    assert county == {
        "municipality_code": None,
        "municipality": "Södermanlands län",
        "group": None,
        "numerator": 12,
        "denominator": 291_341,
        "value": 0.0,
    }
    nykoping = next(r for r in per_1000["rows"] if r["municipality_code"] == "0480")
    assert nykoping["numerator"] == "–"  # 12 − Eskilstuna's 2 would give it away
    assert tables["work_or_studies_90_days"]["official"] == "Kolada N00973 (ej verifierad)"
    # 2017 + 5 years ended 2022-12-31: measurable. The county's 20–65-year-olds: Nyköping 8 (not the children of
    # 2010 and 1999), Eskilstuna 2; none with a month of work or studies.
    assert tables["self_supporting_5y"]["note"] == ""
    assert tables["self_supporting_5y"]["rows"][-1] | {"municipality": ""} == {
        "municipality_code": None,
        "municipality": "",
        "group": None,
        "numerator": 0,
        "denominator": 10,
        "value": 0,
    }


def test_json_for_a_municipality_by_sex(received):
    data = json.loads(report("--municipality", "0480", "--year", "2017", "--by", "sex", "--format", "json"))
    per_1000 = next(t for t in data["indicators"] if t["key"] == "received_per_1000")
    assert [(r["sex"], r["numerator"]) for r in per_1000["rows"]] == [(None, 10), ("F", "–"), ("M", "–")]
    cost = next(t for t in data["indicators"] if t["key"] == "temporary_housing_cost")
    assert cost["by"] is None  # the indicator has no breakdown by sex: its total only


def test_csv_has_a_row_per_figure(received):
    text = report("--municipality", "0480", "--year", "2017", "--format", "csv")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Indikator",
        "Rubrik",
        "Kommunkod",
        "Område",
        "Grupp",
        "Täljare",
        "Nämnare",
        "Värde",
        "Enhet",
    ]
    assert rows[1] == [
        "received_per_1000",
        "Mottagna per 1 000 invånare",
        "0480",
        "Nyköping",
        "Alla",
        "10",
        "55467",
        "0.2",
        "per 1 000 invånare",
    ]
    in_time = next(r for r in rows if r[0] == "received_in_time")
    assert in_time[5:8] == ["5", "6", "83"]


def test_the_table_for_reading(received):
    text = report("--municipality", "0480", "--year", "2017")
    assert "Indikatorer 2017 – Nyköping" in text
    assert "I arbete eller studier 90 dagar efter programmet (procent)" in text
    assert "Motsvarar: Kolada N00973 (ej verifierad)" in text
    assert "– = färre än 5 personer" in text


def test_wrong_arguments_are_told_in_swedish(received):
    with pytest.raises(CommandError, match="Ange länet med --county"):
        report("--year", "2017")
    with pytest.raises(CommandError, match="Okänd länskod: 99"):
        report("--county", "99", "--year", "2017")
    with pytest.raises(CommandError, match="Okänd uppdelning"):
        report("--county", "04", "--year", "2017", "--by", "hair")
