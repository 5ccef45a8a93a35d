"""The console command: `etablera import …` and `etablera report quota …`, as a person at a terminal runs them."""

import csv
import datetime as dt
import io
import json

import django.utils.log
import pytest
from django.db import connections

from etablera.access.models import AuditEvent
from etablera.cli import main
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.testing.factories import AssignmentFactory, municipality

QUOTAS = "municipality_code;year;quota\n0480;2025;10\n0461;2025;3\n"
ASSIGNMENTS = (
    "reference,municipality_code,category,decision_date,person_count,status,received_date\n"
    "MV-1,0480,ABO,2025-02-01,4,mottagen,2025-03-01\n"
    "MV-2,0480,kvotflykting,2025-05-01,2,,\n"
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    """A management command run from the command line closes every database connection when it ends; in a test
    that would end the test's transaction on PostgreSQL (SQLite's in-memory database is never closed)."""
    monkeypatch.setattr(connections, "close_all", lambda: None)
    # django.setup(), which the command line calls again, would configure logging anew in this process: the test
    # session's own logging (and the log-capturing tests that run after these) must not be reset by it.
    monkeypatch.setattr(django.utils.log, "configure_logging", lambda *args, **kwargs: None)


def etablera(*args: str) -> int:
    """Run the console command; return its exit code."""
    try:
        main(["etablera", *args])
    except SystemExit as exit:
        return exit.code or 0
    return 0


@pytest.fixture
def files(tmp_path):
    def write(name: str, text: str, encoding: str = "utf-8") -> str:
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return str(path)

    return write


def test_import_prints_a_swedish_summary_and_audits_on_the_cli_channel(db, files, capsys):
    code = etablera("import", "quotas", files("kommuntal.csv", QUOTAS, "utf-8-sig"))

    out = capsys.readouterr().out
    assert code == 0
    assert (
        "Kommuntal (kommuntal.csv): 2 rader i filen." in out and "Nya: 2" in out and "Oförändrade: 0" in out
    )
    assert MunicipalQuota.objects.count() == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.channel == AuditEvent.Channel.CLI
    assert (event.changes["created"], event.changes["errors"], event.changes["kind"]) == (2, 0, "quotas")
    # The per-quota changes were also written through the CLI channel.
    assert set(AuditEvent.objects.values_list("channel", flat=True)) == {"CLI"}


def test_import_json_has_the_documented_shape(db, files, capsys):
    path = files("anvisningar.csv", ASSIGNMENTS)
    assert etablera("import", "assignments", path, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == {"created": 2, "updated": 0, "unchanged": 0, "errors": []}

    assert etablera("import", "assignments", path, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == {"created": 0, "updated": 0, "unchanged": 2, "errors": []}


def test_an_import_with_errors_exits_non_zero_and_saves_nothing(db, files, capsys):
    bad = ASSIGNMENTS + "MV-3,9999,ABO,2025-05-01,2,,\nMV-4,0480,ABO,2025-13-01,=1+2,,\n"

    code = etablera("import", "assignments", files("fel.csv", bad), "--format", "json")

    captured = capsys.readouterr()
    assert code == 1
    report = json.loads(captured.out)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 0)
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (4, "municipality_code", "unknown_municipality"),
        (5, "decision_date", "invalid_date"),
        (5, "person_count", "invalid_number"),
    ]
    assert set(report["errors"][0]) == {"row", "column", "code", "message", "value"}
    assert report["errors"][2]["value"] == "'=1+2"
    assert "ingenting har sparats" in captured.err
    assert not Assignment.objects.exists()


def test_an_import_with_errors_lists_them_in_swedish(db, files, capsys):
    code = etablera("import", "quotas", files("k.csv", "municipality_code,year,quota\n0480,2025,-4\n"))
    out = capsys.readouterr().out
    assert code == 1
    assert "Importen avbröts: 1 fel. Ingenting har sparats." in out
    assert 'Rad 2, kolumn quota: Kommuntalet kan inte vara negativt. (negative_quota, värde "-4")' in out


def test_a_missing_file_is_a_clear_error(db, capsys, tmp_path):
    assert etablera("import", "quotas", str(tmp_path / "finns-inte.csv")) == 1
    assert "finns inte" in capsys.readouterr().err


def test_a_dry_run_saves_nothing(db, files, capsys):
    assert etablera("import", "quotas", files("k.csv", QUOTAS), "--dry-run") == 0
    assert "Provkörning" in capsys.readouterr().out
    assert not MunicipalQuota.objects.exists()


def test_import_reads_standard_input(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(QUOTAS.encode())))
    assert etablera("import", "quotas", "-", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)["created"] == 2


@pytest.fixture
def figures(db):
    MunicipalQuota.objects.create(municipality=municipality("0480"), year=2025, quota=10)
    MunicipalQuota.objects.create(municipality=municipality("0461"), year=2025, quota=3)
    AssignmentFactory(
        municipality=municipality("0480"),
        person_count=4,
        decision_date=dt.date(2025, 2, 1),
        status="RECEIVED",
        received_date=dt.date(2025, 3, 1),
    )
    AssignmentFactory(municipality=municipality("0480"), person_count=2, decision_date=dt.date(2025, 5, 1))
    AssignmentFactory(
        municipality=municipality("0461"),
        person_count=5,
        decision_date=dt.date(2025, 1, 5),
        status="RECEIVED",
        received_date=dt.date(2025, 1, 20),
    )


def test_report_table_has_the_swedish_headers(figures, capsys):
    assert etablera("report", "quota", "--year", "2025", "--county", "04", "--as-of", "2025-06-30") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Anvisningar enligt 2025 års kommuntal – Södermanlands län"
    assert lines[1] == "Per 2025-06-30"
    assert lines[3].split("  ")[0].strip() == "Område"
    for header in ("Tal", "Anvisade totalt", "varav avräknade", "Kvar att avräkna"):
        assert header in lines[3]
    rows = {line.split()[0]: line.split()[1:] for line in lines[5:] if line and line[0].isupper()}
    assert rows["Länet"] == ["13", "11", "9", "6"]
    assert rows["Nyköping"] == ["10", "6", "4", "6"]
    assert rows["Gnesta"] == ["3", "5", "5", "0"]
    assert "Flen" not in rows  # nothing to show, as in Migrationsverket's table


def test_report_all_shows_empty_areas_too(figures, capsys):
    etablera("report", "quota", "--year", "2025", "--county", "04", "--as-of", "2025-06-30", "--all")
    assert "Flen" in capsys.readouterr().out


def test_report_as_of_an_earlier_date(figures, capsys):
    etablera(
        "report",
        "quota",
        "--year",
        "2025",
        "--municipality",
        "480",
        "--as-of",
        "2025-02-15",
        "--format",
        "csv",
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert rows == [
        ["Kod", "Område", "Tal", "Anvisade totalt", "varav avräknade", "Kvar att avräkna"],
        ["0480", "Nyköping", "10", "4", "0", "10"],
    ]


def test_report_json_keys(figures, capsys):
    etablera("report", "quota", "--year", "2025", "--as-of", "2025-06-30", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert (data["year"], data["as_of"], data["scope"], data["title"]) == (
        2025,
        "2025-06-30",
        "country",
        "Riket",
    )
    assert data["total"] == {
        "code": "SE",
        "name": "Riket",
        "kind": "country",
        "quota": 13,
        "assigned_total": 11,
        "received": 9,
        "remaining": 6,
    }
    assert [row["code"] for row in data["rows"]] == ["04"]  # counties with figures


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--municipality", "9999"), "Okänd kommunkod: 9999. Kommunkoden har fyra siffror"),
        (("--county", "99"), "Okänd länskod: 99. Länskoden har två siffror"),
        (("--as-of", "14/8 2017"), "Ogiltigt datum för --as-of"),
    ],
)
def test_report_errors_are_clear_swedish(db, capsys, args, message):
    assert etablera("report", "quota", "--year", "2025", *args) == 1
    assert message in capsys.readouterr().err


def test_report_takes_a_county_or_a_municipality_not_both(db, capsys):
    assert etablera("report", "quota", "--county", "04", "--municipality", "0480") == 2
