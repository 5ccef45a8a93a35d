"""`etablera import_allocation_criteria` and `etablera allocate` (through call_command), and the comparison with the
published Södermanland kommuntal that docs/allocation.md shows (pinned here, so the doc cannot drift)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from etablera.access.models import AuditEvent
from etablera.county.models import Adjustment, AllocationCriteria
from etablera.organisation.models import County
from etablera.reception.models import MunicipalQuota
from etablera.testing.factories import municipality

DATA = Path(__file__).resolve().parents[1] / "data" / "sodermanland_criteria.csv"
DOC = Path(__file__).resolve().parents[3] / "docs" / "allocation.md"
HEADER = "municipality_code,year,population,labour_market,asylum_seekers,source,status"


def _call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _import(path) -> dict:
    return json.loads(_call("import_allocation_criteria", str(path), "--format", "json"))


def _allocate(year, lanstal, *extra) -> dict:
    return json.loads(
        _call(
            "allocate",
            "--county",
            "04",
            "--year",
            str(year),
            "--lanstal",
            str(lanstal),
            "--format",
            "json",
            *extra,
        )
    )


@pytest.fixture
def criteria(db):
    result = _import(DATA)
    assert result["errors"] == [] and result["created"] == 18
    return result


def test_the_shipped_file_is_marked_unverified_and_imports_idempotently(criteria):
    text = DATA.read_text(encoding="utf-8")
    assert text.startswith("# UNVERIFIED APPROXIMATIONS, NOT OFFICIAL STATISTICS.")
    assert set(AllocationCriteria.objects.values_list("status", flat=True)) == {"unverified"}
    again = _import(DATA)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 18)
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, object_type="allocation_criteria").count()
        == 2
    )


def test_a_file_with_errors_saves_nothing_and_says_where(tmp_path, db):
    path = tmp_path / "criteria.csv"
    path.write_text(
        f"{HEADER}\n0480,2018,55000,6000,300,SCB,unverified\n9999,2018,-1,x,300,,maybe\n0480,2018,1,1,1,SCB,official\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        _call("import_allocation_criteria", str(path))
    assert not AllocationCriteria.objects.exists()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_allocation_criteria", str(path), "--format", "json", stdout=out)
    errors = {(e["row"], e["column"], e["code"]) for e in json.loads(out.getvalue())["errors"]}
    assert {
        (3, "municipality_code", "unknown_municipality"),
        (3, "population", "invalid_number"),
        (3, "labour_market", "invalid_number"),
        (3, "source", "missing_value"),
        (3, "status", "unknown_status"),
        (4, "municipality_code", "duplicate_quota"),
    } <= errors


def test_earlier_reception_is_counted_from_the_register_when_the_file_has_none(tmp_path, db):
    from etablera.testing.factories import AssignmentFactory

    rows = [
        f"{m.code},2018,10000,1000,100,SCB,unverified"
        for m in County.objects.get(code="04").municipalities.all()
    ]
    path = tmp_path / "criteria.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert _import(path)["errors"] == []
    nykoping = municipality("0480")
    for persons, decided, received in (
        (4, dt.date(2017, 3, 1), dt.date(2017, 5, 2)),
        (3, dt.date(2014, 3, 1), dt.date(2014, 5, 2)),
    ):
        AssignmentFactory(
            municipality=nykoping,
            status="RECEIVED",
            person_count=persons,
            decision_date=decided,
            received_date=received,
        )
    from etablera.minors.models import ChildCase
    from etablera.testing.factories import PersonFactory

    strangnas = municipality("0486")
    for assigned, arrived in (
        (strangnas, dt.date(2016, 9, 1)),
        (None, dt.date(2017, 2, 1)),
        (None, dt.date(2015, 1, 9)),
    ):
        ChildCase.objects.create(
            person=PersonFactory(municipality=nykoping),
            municipality=nykoping,
            assigned_municipality=assigned,
            arrived_on=arrived,
        )
    data = _allocate(2018, 90)
    by_code = {m["municipality_code"]: m["criteria"] for m in data["municipalities"]}
    # The assigning municipality counts the child, else the responsible one; 2015 is outside the two years.
    assert (by_code["0486"]["earlier_minors"], by_code["0480"]["earlier_minors"]) == (1, 1)
    line = next(m for m in data["municipalities"] if m["municipality_code"] == "0480")
    assert line["criteria"]["earlier_newcomers"] == 4  # 2016–2017 only
    assert line["criteria"]["earlier_from"] == {"earlier_newcomers": "register", "earlier_minors": "register"}
    assert data["earlier_reception_years"] == [2016, 2017]
    assert sum(m["adjusted"] for m in data["municipalities"]) == 90


def test_allocate_as_json_csv_and_table(criteria):
    data = _allocate(2018, 205)
    assert data["weights"]["status"] == "unverified" and data["weights"]["values"]["labour_market"] == 43
    assert data["published_source"] == "seed 002, figur 5"
    assert sum(m["adjusted"] for m in data["municipalities"]) == 205 == data["total"]
    nykoping = next(m for m in data["municipalities"] if m["municipality_code"] == "0480")
    assert nykoping["published"] == 73 and nykoping["criteria"]["earlier_from"]["earlier_newcomers"] == "file"
    rows = list(
        csv.DictReader(
            io.StringIO(
                _call("allocate", "--county", "04", "--year", "2018", "--lanstal", "205", "--format", "csv")
            )
        )
    )
    assert len(rows) == 9 and sum(int(r["adjusted"]) for r in rows) == 205
    table = _call("allocate", "--county", "4", "--year", "2018", "--lanstal", "205")
    assert "Fördelning av länstal 205" in table and "Nyköping" in table and "unverified" in table


def test_the_published_kommuntal_in_the_database_come_first(criteria):
    MunicipalQuota.objects.create(municipality=municipality("0480"), year=2018, quota=70)
    data = _allocate(2018, 205)
    assert data["published_source"] == "MunicipalQuota"
    assert {m["municipality_code"]: m["published"] for m in data["municipalities"]}["0480"] == 70


def test_adjustments_are_applied_and_shown(criteria):
    county = County.objects.get(code="04")
    Adjustment.objects.create(
        county=county,
        year=2018,
        municipality=municipality("0484"),
        kommuntal=0,
        reason="Högt tidigare mottagande och trångboddhet",
    )
    data = _allocate(2018, 205)
    eskilstuna = next(m for m in data["municipalities"] if m["municipality_code"] == "0484")
    assert eskilstuna["adjusted"] == 0 and eskilstuna["adjustment_reason"].startswith("Högt")
    assert data["total"] == 205


def test_weights_given_on_the_command_line(criteria):
    data = _allocate(2018, 205, "--weights", "labour_market=0,population=100,asylum_seekers=0")
    assert data["weights"]["status"] == "given" and data["total"] == 205
    with pytest.raises(CommandError, match="100 procent"):
        _allocate(2018, 205, "--weights", "labour_market=90")


def test_a_run_without_criteria_says_what_is_missing(db):
    with pytest.raises(CommandError, match="Underlag för 2018 saknas"):
        _allocate(2018, 205)
    with pytest.raises(CommandError, match="Okänd länskod"):
        _call("allocate", "--county", "99", "--year", "2018", "--lanstal", "5")


def test_save_writes_the_kommuntal(criteria):
    _call("allocate", "--county", "04", "--year", "2018", "--lanstal", "205", "--save")
    assert sum(MunicipalQuota.objects.filter(year=2018).values_list("quota", flat=True)) == 205


# --- the comparison in docs/allocation.md --------------------------------------------------------------------------

BEGIN, END = "<!-- allocation-comparison:begin -->", "<!-- allocation-comparison:end -->"


def comparison_table() -> str:
    """The doc's table: each municipality's model kommuntal beside the published one, for 2017 and 2018."""
    runs = {2017: _allocate(2017, 347), 2018: _allocate(2018, 205)}
    lines = [
        "| Kommun | 2017 modell | 2017 beslutat | skillnad | 2018 modell | 2018 beslutat | skillnad |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    totals = {year: [0, 0, 0] for year in runs}
    for i, line in enumerate(runs[2017]["municipalities"]):
        cells = [line["municipality"]]
        for year, data in runs.items():
            found = data["municipalities"][i]
            model, published = found["adjusted"], found["published"]
            cells += [str(model), str(published), f"{model - published:+d}"]
            totals[year][0] += model
            totals[year][1] += published
            totals[year][2] += abs(model - published)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("| **Länet** | " + " | ".join(f"{t[0]} | {t[1]} | ±{t[2]}" for t in totals.values()) + " |")
    return "\n".join(lines)


def test_the_doc_shows_what_the_model_computes(criteria):
    expected = comparison_table()
    text = DOC.read_text(encoding="utf-8")
    if os.environ.get("ETABLERA_UPDATE_SNAPSHOTS"):
        text = re.sub(f"{BEGIN}.*?{END}", f"{BEGIN}\n{expected}\n{END}", text, flags=re.S)
        DOC.write_text(text, encoding="utf-8")
    found = re.search(f"{BEGIN}\n(.*?)\n{END}", text, flags=re.S)
    assert found, f"docs/allocation.md lacks the block {BEGIN} … {END}"
    assert found.group(1) == expected, (
        "docs/allocation.md: run with ETABLERA_UPDATE_SNAPSHOTS=1 and reread the text"
    )


def test_an_adjustment_from_the_command_line(criteria):
    out = _call(
        "allocation_adjustment",
        "--county",
        "04",
        "--year",
        "2018",
        "--municipality",
        "0484",
        "--kommuntal",
        "0",
        "--reason",
        "Bostadsbrist",
    )
    assert "Justering registrerad: Eskilstuna 2018 får kommuntal 0." in out
    assert AuditEvent.objects.filter(object_type="Adjustment", channel=AuditEvent.Channel.CLI).exists()
    with pytest.raises(CommandError, match="skälet"):
        _call(
            "allocation_adjustment",
            "--county",
            "04",
            "--year",
            "2018",
            "--municipality",
            "0480",
            "--kommuntal",
            "1",
        )
    with pytest.raises(CommandError, match="ligger inte i"):
        _call(
            "allocation_adjustment",
            "--county",
            "04",
            "--year",
            "2018",
            "--municipality",
            "0381",
            "--kommuntal",
            "1",
            "--reason",
            "x",
        )
    _call("allocation_adjustment", "--county", "04", "--year", "2018", "--municipality", "0484", "--remove")
    assert not Adjustment.objects.exists()
