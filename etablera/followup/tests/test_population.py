"""The population per municipality and year: the shipped file (loaded by migration 0002) and
`etablera import_population FILE` (all-or-nothing, idempotent, errors by line number in Swedish)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from etablera.followup.importers import SHIPPED
from etablera.followup.models import Population

pytestmark = pytest.mark.django_db

SODERMANLAND = {"0428", "0461", "0480", "0481", "0482", "0483", "0484", "0486", "0488"}


def run(tmp_path, text: str, *args) -> str:
    path = tmp_path / "folkmangd.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_population", str(path), *args, stdout=out)
    return out.getvalue()


def test_it_ships_sodermanland_2016_to_2018_with_its_source():
    shipped = Population.objects.filter(year__in=(2016, 2017, 2018))
    assert {p.municipality.code for p in shipped} == SODERMANLAND
    assert shipped.count() == 27
    nykoping = Population.objects.get(municipality__code="0480", year=2017)
    assert nykoping.population == 55_467
    assert nykoping.status == "unverified"  # a secondary source (RULES.md), until imported from SCB itself
    assert "SCB" in nykoping.source and "Regionfakta" in nykoping.source


def test_the_nine_add_up_to_the_county_as_the_source_gives_it():
    for year, county in ((2016, 288_097), (2017, 291_341), (2018, 294_695)):
        total = sum(Population.objects.filter(year=year).values_list("population", flat=True))
        assert total == county


def test_the_shipped_file_names_its_source_and_the_scb_table():
    head = SHIPPED.read_text(encoding="utf-8")
    assert "BE0101N1" in head and "statistikdatabasen.scb.se" in head


def test_it_imports_a_newer_year_and_the_same_file_again_changes_nothing(tmp_path):
    text = (
        "municipality_code,municipality,year,population,source\n"
        "0480,Nyköping,2019,56591,SCB BE0101N1\n"
        "0484,Eskilstuna,2019,106859,SCB BE0101N1\n"
    )
    first = run(tmp_path, text)
    assert "Nya: 2" in first
    assert Population.objects.get(municipality__code="0484", year=2019).population == 106_859
    second = run(tmp_path, text)
    assert "Nya: 0" in second and "Oförändrade: 2" in second
    assert Population.objects.filter(year=2019).count() == 2


def test_a_corrected_figure_is_an_update(tmp_path):
    run(tmp_path, "kommunkod;år;folkmängd;källa\n0480;2017;55470;SCB BE0101N1 (rättad)\n")
    row = Population.objects.get(municipality__code="0480", year=2017)
    assert (row.population, row.source) == (55_470, "SCB BE0101N1 (rättad)")


def test_bad_rows_are_reported_by_line_and_nothing_is_saved(tmp_path):
    text = (
        "# en kommentar räknas som rad 1\n"
        "municipality_code,year,population,source,status\n"
        "0480,2019,56591,SCB,in_force\n"
        "9999,2019,100,SCB,in_force\n"
        "0484,2019,-5,SCB,in_force\n"
        "0481,2019,11983,,gissad\n"
        "0480,2019,56591,SCB,in_force\n"
    )
    with pytest.raises(CommandError):
        run(tmp_path, text)
    assert not Population.objects.filter(year=2019).exists()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_population", str(tmp_path / "folkmangd.csv"), "--format", "json", stdout=out)
    errors = [(e["row"], e["column"], e["code"]) for e in json.loads(out.getvalue())["errors"]]
    assert errors == [
        (4, "municipality_code", "unknown_municipality"),
        (5, "population", "invalid_number"),
        (6, "source", "missing_value"),
        (6, "status", "unknown_status"),
        (7, "municipality_code", "invalid_value"),
    ]


def test_the_error_summary_is_in_swedish_with_the_line(tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path, "municipality_code,year,population,source\n0480,2019,många,SCB\n")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_population", str(tmp_path / "folkmangd.csv"), stdout=out)
    assert "Rad 2, kolumn population: Ange ett heltal" in out.getvalue()
    assert "Ingenting har sparats" in out.getvalue()
