"""`etablera import support-months|attendance FILE.csv` (etablera/activity/management/commands/import_activity.py):
the same importers as the pages and the API, all or nothing, as the system; a file with errors saves nothing and
exits 1, the same file twice changes nothing."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from etablera import cli
from etablera.activity.models import Attendance, SupportMonth
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403
from etablera.activity.tests.week_fixtures import *  # noqa: F403 (its `numbered`: the adult's number)
from etablera.rules import activity as rules

pytestmark = pytest.mark.django_db


def _run(tmp_path, kind, text, *extra):
    """The command itself (call_command: a run through `etablera` closes the database connections at its end, and
    the test's transaction lives on one); that `etablera import <kind>` reaches it is tested below."""
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import_activity", kind, str(path), *extra)


def test_etablera_import_reaches_the_activity_command(monkeypatch):
    seen = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", seen.append)
    cli.main(["etablera", "import", "support-months", "fil.csv"])
    cli.main(["etablera", "import", "attendance", "fil.csv", "--dry-run"])
    assert seen == [
        ["etablera", "import_activity", "support-months", "fil.csv"],
        ["etablera", "import_activity", "attendance", "fil.csv", "--dry-run"],
    ]


def test_support_months_from_the_command_line(tmp_path, numbered, this_month, capsys):
    number = numbered
    text = f"personnummer;månad;belopp\n{number};{this_month:%Y-%m};12000\n"
    _run(tmp_path, "support-months", text, "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["created"] == 1 and not result["errors"]
    assert SupportMonth.objects.get().amount == 12000
    _run(tmp_path, "support-months", text, "--format", "json")
    assert json.loads(capsys.readouterr().out)["unchanged"] == 1


def test_a_file_with_an_error_saves_nothing(tmp_path, numbered, this_month):
    text = f"personnummer;månad;belopp\n{numbered};{this_month:%Y-%m};12000\n{numbered};2026-13;5\n"
    with pytest.raises(CommandError) as error:
        _run(tmp_path, "support-months", text)
    assert error.value.returncode == 1
    assert not SupportMonth.objects.exists()


def test_attendance_from_the_command_line(tmp_path, participation, monday, capsys):
    text = f"deltagande;vecka;närvaro\n{participation.public_id};{rules.week_label(monday)};2\n"
    _run(tmp_path, "attendance", text, "--format", "json")
    assert json.loads(capsys.readouterr().out)["created"] == 1
    assert Attendance.objects.get(participation=participation).hours_attended == 2
