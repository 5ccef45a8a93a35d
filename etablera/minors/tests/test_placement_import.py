"""The placements' import (minors/importers/placements.py, docs/import-formats.md "Placeringar"): rows through the
real services, all or nothing, the same file twice changing nothing, a `till` ending a running placement, every
error at its row and column in Swedish without the number — and `etablera import placements` on the command line."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from etablera import cli
from etablera.access.models import AuditEvent
from etablera.minors import services
from etablera.minors.importers import import_file
from etablera.minors.importers.placements import PLACEMENT_ERROR_CODES
from etablera.minors.models import Placement
from etablera.minors.tests.conftest import received_child
from etablera.people.models import Person
from etablera.testing.factories import personnummer

pytestmark = pytest.mark.django_db

HEADER = "personnummer;placerings_id;form;utförare;beslutsdatum;från;till;kostnad_per_dygn;särskilda_skäl;avslutsskäl"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "import-formats.md"


def _number(person: Person) -> str:
    number = personnummer(person.birth_date)
    Person.objects.filter(pk=person.pk).update(identity_number=number, identity_number_type="PERSONNUMMER")
    return number


@pytest.fixture
def number(child, case):
    """The child's (fictional) personnummer; the child has an open case."""
    return _number(child)


def _day(today, back: int) -> str:
    return (today - dt.timedelta(days=back)).isoformat()


def _rows(number, today):
    """An HVB placement that broke down, then a family home that runs."""
    return [
        f"{number};SOC-1;HVB;HVB Solrosen;{_day(today, 9)};{_day(today, 9)};{_day(today, 5)};2450;;Sammanbrott",
        f"{number};SOC-2;familjehem;Familjen Ek;{_day(today, 5)};{_day(today, 4)};;1 200,50;;",
    ]


def _file(*rows: str, header: str = HEADER, separator: str = ";") -> bytes:
    lines = [header, *rows]
    if separator != ";":
        lines = [line.replace(";", separator) for line in lines]
    return ("\n".join(lines) + "\n").encode()


def _import(*rows, actor=None, **options):
    return import_file("placements", _file(*rows), actor=actor, **options)


def _errors(result) -> set[tuple[int, str, str]]:
    return {(e.row, e.column, e.code) for e in result.errors}


@pytest.mark.parametrize("separator", [";", ","])
def test_it_imports_placements_and_the_same_file_again_changes_nothing(case, number, today, separator):
    rows = [r.replace("1 200,50", '"1 200,50"') if separator == "," else r for r in _rows(number, today)]
    data = _file(*rows, separator=separator)
    result = import_file("placements", data)
    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    hvb, home = case.placements.get(external_id="SOC-1"), case.placements.get(external_id="SOC-2")
    assert (hvb.kind, hvb.provider, hvb.cost_per_day) == ("HVB", "HVB Solrosen", Decimal("2450.00"))
    assert (hvb.starts_on, hvb.ends_on, hvb.end_reason) == (
        today - dt.timedelta(days=9),
        today - dt.timedelta(days=5),
        "BREAKDOWN",
    )
    assert (home.kind, home.cost_per_day, home.ends_on, home.end_reason) == (
        "FAMILY_HOME",
        Decimal("1200.50"),
        None,
        "",
    )
    assert home.decided_on == today - dt.timedelta(days=5) and home.created_by is None
    events = AuditEvent.objects.filter(object_type="Placement").count()
    again = import_file("placements", data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2) and again.ok
    assert case.placements.count() == 2
    assert AuditEvent.objects.filter(object_type="Placement").count() == events
    assert AuditEvent.objects.filter(action="IMPORT", object_type="placements").count() == 2


def test_english_headers_and_a_till_without_reason_is_a_planned_move(case, number, today):
    header = "identity_number,placement_id,kind,provider,decided_on,starts_on,ends_on,cost_per_day"
    row = f"{number},X9,EMERGENCY_HOME,Jourhemmet,{_day(today, 9)},{_day(today, 9)},{_day(today, 2)},900"
    result = import_file("placements", _file(row, header=header))
    assert result.created == 1, result.errors
    placement = case.placements.get()
    assert (placement.kind, placement.end_reason) == ("EMERGENCY_HOME", "PLANNED")


def test_a_till_newly_given_ends_the_running_placement(case, number, today):
    hvb, home = _rows(number, today)
    assert _import(hvb, home).created == 2
    ended = home.replace(f";{_day(today, 4)};;", f";{_day(today, 4)};{_day(today, 1)};") + "Fyllt 18 år"
    result = _import(hvb, ended)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1), result.errors
    placement = case.placements.get(external_id="SOC-2")
    assert (placement.ends_on, placement.end_reason) == (today - dt.timedelta(days=1), "ADULT")
    assert _import(hvb, ended).unchanged == 2
    # The file may not open it again, nor end it on another day: that is corrected on the child's page.
    assert _errors(_import(hvb, home)) == {(3, "till", "status_backwards")}
    other_day = ended.replace(_day(today, 1), _day(today, 2))
    assert _errors(_import(hvb, other_day)) == {(3, "till", "conflicting_data")}


def test_a_changed_value_is_an_error_saying_where_to_change_it(case, number, today):
    hvb, home = _rows(number, today)
    _import(hvb, home)
    result = _import(hvb, home.replace("Familjen Ek", "Familjen Al"))
    assert _errors(result) == {(3, "utförare", "conflicting_data")}
    assert "barnets sida" in result.errors[0].message
    assert case.placements.get(external_id="SOC-2").provider == "Familjen Ek"


def test_rows_in_any_order_end_one_placement_before_the_next_starts(case, sigrid, number, today):
    hvb, home = _rows(number, today)
    services.add_placement(
        None,
        case,
        kind="HVB",
        provider="HVB Solrosen",
        decided_on=today - dt.timedelta(days=9),
        starts_on=today - dt.timedelta(days=9),
        cost_per_day="2450",
        external_id="SOC-1",
    )
    result = _import(home, hvb)  # the new placement first in the file; the ending is written first
    assert (result.created, result.updated) == (1, 1), result.errors
    assert case.placements.get(external_id="SOC-1").end_reason == "BREAKDOWN"


def test_one_bad_row_saves_nothing_and_every_error_names_row_and_column_in_swedish(case, number, today):
    hvb, home = _rows(number, today)
    result = _import(
        hvb,
        home.replace(_day(today, 4), "2026-02-30"),
        f"{number};SOC-3;slott;X;{_day(today, 1)};{_day(today, 1)};;100;;",
        f"{number};SOC-4;stödboende;Boendet;{_day(today, 0)};{_day(today, 0)};;700;;",
        f"{number};SOC-1;HVB;HVB Solrosen;{_day(today, 9)};{_day(today, 9)};;noll;;",
        f"{number};;HVB;HVB Solrosen;{_day(today, 9)};{_day(today, 9)};;10;;Annat",
        f"1234;SOC-5;HVB;A;{_day(today, 1)};{_day(today, 1)};;10;;",
    )
    assert not result.ok
    assert _errors(result) == {
        (3, "från", "invalid_date"),
        (4, "form", "unknown_form"),
        (5, "särskilda_skäl", "invalid_value"),
        (6, "kostnad_per_dygn", "invalid_number"),
        (7, "placerings_id", "missing_value"),
        (7, "till", "missing_value"),
        (8, "personnummer", "invalid_identity_number"),
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(3, "från")] == "Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2017-08-14."
    assert (
        messages[(5, "särskilda_skäl")]
        == "För den som är 16–17 år kräver stödboende särskilda skäl: skriv dem."
    )
    assert "Stödboende" in messages[(4, "form")]
    for error in result.errors:
        assert number not in error.message and number not in error.as_dict()["value"]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert not Placement.objects.exists()


def test_overlapping_rows_and_a_repeated_id_are_errors(case, number, today):
    hvb, home = _rows(number, today)
    open_hvb = hvb.replace(f";{_day(today, 5)};2450;;Sammanbrott", ";;2450;;")
    result = _import(open_hvb, home, hvb)
    assert _errors(result) == {(3, "från", "invalid_value"), (4, "placerings_id", "duplicate_reference")}
    assert "överlappar" in result.errors[0].message and "rad 2" in result.errors[1].message
    assert not Placement.objects.exists()


def test_a_person_without_an_open_case_is_a_row_error(alice, nykoping, today, case, number):
    other = received_child(alice, nykoping, today, reference="MIG-2026-000778")
    other_number = _number(other)
    row = f"{other_number};SOC-9;HVB;HVB Solrosen;{_day(today, 3)};{_day(today, 3)};;2450;;"
    result = _import(*_rows(number, today), row)
    assert _errors(result) == {(4, "personnummer", "no_open_case")}
    assert result.errors[0].message.startswith("Personen har inget pågående barnärende")
    assert result.errors[0].as_dict()["value"] == ""
    services.close_case(None, case, closed_on=today, reason="Flyttat")
    closed = _import(*_rows(number, today))
    assert {e.code for e in closed.errors} == {"no_open_case"}
    assert not Placement.objects.exists()


def test_only_social_services_of_the_case_import_it(sigrid, alice, charlie, case, number, today):
    assert _errors(_import(*_rows(number, today), actor=alice)) == {
        (2, "personnummer", "no_open_case"),
        (3, "personnummer", "no_open_case"),
    }
    assert {e.code for e in _import(*_rows(number, today), actor=charlie).errors} == {"not_permitted"}
    assert not Placement.objects.exists()
    result = _import(*_rows(number, today), actor=sigrid)
    assert result.created == 2, result.errors
    assert set(Placement.objects.values_list("created_by", flat=True)) == {sigrid.pk}


def test_a_dry_run_saves_nothing(case, number, today):
    result = _import(*_rows(number, today), dry_run=True)
    assert result.ok and result.created == 2 and result.dry_run
    assert not Placement.objects.exists()


def test_every_placement_code_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("| Placement code | Meaning |") :].split("\n\n")[0]
    assert set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)) == set(PLACEMENT_ERROR_CODES)


# --- the command line -------------------------------------------------------------------------------------------


def _run(tmp_path, text, *extra):
    """The command itself (call_command: a run through `etablera` closes the database connections at its end, and
    the test's transaction lives on one); that `etablera import placements` reaches it is tested below."""
    path = tmp_path / "placeringar.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import_minors", "placements", str(path), *extra)


def test_etablera_import_reaches_the_minors_command(monkeypatch):
    seen = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    cli.main(["etablera", "import", "placements", "fil.csv", "--dry-run"])
    cli.main(["etablera", "import", "support-months", "fil.csv"])
    assert seen == [
        ["etablera", "import_minors", "placements", "fil.csv", "--dry-run"],
        ["etablera", "import_activity", "support-months", "fil.csv"],
    ]


def test_placements_from_the_command_line(tmp_path, case, number, today, capsys):
    text = _file(*_rows(number, today)).decode()
    _run(tmp_path, text, "--format", "json")
    assert json.loads(capsys.readouterr().out)["created"] == 2
    _run(tmp_path, text)
    out = capsys.readouterr().out
    assert "Placeringar (placeringar.csv): 2 rader i filen." in out and "Oförändrade: 2" in out
    assert AuditEvent.objects.filter(action="IMPORT", object_type="placements", channel="CLI").count() == 2


def test_a_file_with_an_error_exits_1_and_saves_nothing(tmp_path, case, number, today, capsys):
    hvb, home = _rows(number, today)
    with pytest.raises(CommandError) as error:
        _run(tmp_path, _file(hvb, home.replace("familjehem", "okänt")).decode())
    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert "Rad 3, kolumn form" in out and number not in out
    assert not Placement.objects.exists()
