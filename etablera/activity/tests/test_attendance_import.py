"""The attendance import: each row's errors at its column, nothing saved on one error, the same file twice
changes nothing, and the identity number never echoed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from etablera.activity.importers.attendance import import_attendance
from etablera.activity.models import Attendance
from etablera.activity.tests.week_fixtures import *  # noqa: F403
from etablera.rules import activity as rules


def _csv(*rows: str) -> bytes:
    return ("deltagande;personnummer;aktivitet;vecka;närvaro;frånvaro;skäl\n" + "\n".join(rows)).encode()


def test_it_imports_by_public_id_and_again_changes_nothing(lars, participation, monday):
    week = rules.week_label(monday)
    data = _csv(f"{participation.public_id};;;{week};4;2;Sjuk")
    result = import_attendance(data, actor=lars)
    assert result.ok and result.created == 1
    record = Attendance.objects.get()
    assert (record.hours_attended, record.hours_absent, record.absence_reason) == (4, 2, "SICK")
    assert record.source == Attendance.Source.IMPORT
    again = import_attendance(data, actor=lars)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_it_finds_the_participation_by_identity_number_and_activity(lars, participation, numbered, monday):
    previous = rules.week_label(monday - dt.timedelta(weeks=1))
    data = _csv(f";{numbered};{participation.activity.name};{previous};6;;")
    result = import_attendance(data, actor=lars)
    assert result.ok, result.errors
    assert Attendance.objects.get().hours_attended == Decimal(6)


def test_one_error_saves_nothing_and_each_row_says_why(lars, participation, adult, numbered, monday):
    week = rules.week_label(monday)
    data = _csv(
        f"{participation.public_id};;;{week};4;2;Sjuk",  # row 2: fine
        f"{participation.public_id};;;2026-W60;4;0;",  # row 3: no such week
        f"{participation.public_id};;;{week};4;2;",  # row 4: absence without reason, and a duplicate
        f";{numbered};Okänd aktivitet;{week};4;0;",  # row 5
        f"{participation.public_id};;;{week};x;0;",  # row 6
        f"{participation.public_id};;;{week};5;0;Semester",  # row 7
    )
    result = import_attendance(data, actor=lars)
    assert not result.ok
    by_row = {(e.row, e.column): e for e in result.errors}
    assert "ÅÅÅÅ-Www" in by_row[(3, "vecka")].message
    assert "redan på rad 2" in by_row[(4, "vecka")].message
    assert "Personen deltar inte" in by_row[(5, "aktivitet")].message
    assert "högst en decimal" in by_row[(6, "närvaro")].message
    assert "Okänt skäl" in by_row[(7, "skäl")].message
    assert not Attendance.objects.exists()
    assert all(adult.identity_number[-4:] not in e.value for e in result.errors)


def test_the_service_refuses_at_the_column(lars, participation, monday):
    data = _csv(f"{participation.public_id};;;{rules.week_label(monday)};5;3;Sjuk")
    result = import_attendance(data, actor=lars)
    assert [(e.row, e.column) for e in result.errors] == [(2, "närvaro")]
    assert "mer än de 6 planerade" in result.errors[0].message


def test_a_user_who_may_not_record_gets_row_errors(alice, charlie, participation, monday):
    data = _csv(f"{participation.public_id};;;{rules.week_label(monday)};6;0;")
    assert not import_attendance(data, actor=alice).ok  # sees the person, does not record the café
    refused = import_attendance(data, actor=charlie)
    assert refused.errors[0].code == "not_permitted"
    assert not Attendance.objects.exists()


def test_dry_run_saves_nothing(lars, participation, monday):
    data = _csv(f"{participation.public_id};;;{rules.week_label(monday)};6;0;")
    result = import_attendance(data, actor=lars, dry_run=True)
    assert result.ok and result.created == 1
    assert not Attendance.objects.exists()
