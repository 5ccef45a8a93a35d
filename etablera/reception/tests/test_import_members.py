"""The household-members import (issue #11): the example files, all or nothing, idempotent, every row error with its
column, no identity number echoed, a known person linked, the web actor's permission, and the command line."""

import datetime as dt
import json
from pathlib import Path

import django.utils.log
import pytest
from django.db import connections

from etablera.access.models import AuditEvent
from etablera.cli import main
from etablera.people.models import Category, HouseholdMember, Person
from etablera.reception import services
from etablera.reception.importers import import_file
from etablera.reception.models import Assignment
from etablera.testing.factories import PersonFactory, personnummer

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"
HEADER = "reference,relation,first_name,last_name,identity_number_type,identity_number,birth_date,sex"


@pytest.fixture
def examples(db):
    result = import_file("assignments", (EXAMPLES / "anvisningar-utan-personer.csv").read_bytes())
    assert (result.errors, result.created) == ([], 2)


def members(text: str, **kwargs):
    return import_file("members", text.encode(), **kwargs)


def test_the_example_members_file_imports_cleanly_and_again_changes_nothing(examples, alice, today):
    data = (EXAMPLES / "hushallsmedlemmar.csv").read_bytes()

    first = import_file("members", data, actor=alice)  # as the demo's reception caseworker on the page

    assert (first.errors, first.created, first.updated, first.unchanged) == ([], 5, 0, 0)
    haddad = Assignment.objects.get(reference="EX-2026-0101")
    assert haddad.household.name == "Familjen Haddad"
    people = {m.person.first_name: m for m in haddad.household.memberships.select_related("person")}
    assert people["Lina"].relation == HouseholdMember.Relation.CHILD
    assert people["Lina"].person.birth_date == dt.date(2016, 9, 21)  # from the personnummer
    assert people["Yusuf"].person.identity_number_type == "SAMORDNINGSNUMMER"
    assert {m.person.category for m in people.values()} == {Category.ASSIGNED_FROM_FACILITY}
    assert Assignment.objects.get(reference="EX-2026-0102").household.memberships.count() == 2

    events = AuditEvent.objects.exclude(action=AuditEvent.Action.IMPORT).count()
    again = import_file("members", data, actor=alice)
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 5)
    assert AuditEvent.objects.exclude(action=AuditEvent.Action.IMPORT).count() == events
    assert Person.objects.filter(last_name__in=["Haddad", "Tesfaye"]).count() == 5

    # The dead end is gone: the imported anvisning can now be received, with its tasks.
    case = services.receive_household(actor=alice, assignment=haddad, arrival_date=today)
    assert case.tasks.filter(person__first_name="Lina").exists()


def test_every_row_error_is_listed_with_its_column_and_nothing_is_saved(examples):
    result = members(
        f"{HEADER}\n"
        "EX-2026-0101,vuxen,Amal,Haddad,personnummer,19870514-2380,,K\n"  # wrong check digit
        "EX-2026-0101,kusin,,Haddad,,,2030-01-01,Q\n"
        "EX-9999,vuxen,Nobody,Known,,,,\n"
        "EX-2026-0102,barn,Dawit,Tesfaye,,19190101-0000,,\n"
    )
    found = {(e.row, e.column, e.code) for e in result.errors}
    assert found == {
        (2, "identity_number", "invalid_identity_number"),
        (3, "relation", "unknown_relation"),
        (3, "first_name", "missing_value"),
        (3, "sex", "unknown_sex"),
        (4, "reference", "unknown_reference"),
        (5, "identity_number_type", "missing_value"),
    }
    assert all(e.message for e in result.errors)
    assert not any("19870514" in e.value or "19870514" in e.message for e in result.errors)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert not Person.objects.filter(last_name__in=["Haddad", "Tesfaye"]).exists()
    assert Assignment.objects.filter(household__isnull=False).count() == 0


def test_more_persons_than_the_anvisning_and_a_future_birth_date(examples):
    rows = "".join(f"EX-2026-0102,vuxen,P{n},Tesfaye,,,1990-01-0{n},\n" for n in range(1, 4))
    result = members(f"{HEADER}\n{rows}")
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, "reference", "too_many_members")]

    future = members(f"{HEADER}\nEX-2026-0102,vuxen,Selam,Tesfaye,,,2099-01-01,\n")
    assert [(e.row, e.column) for e in future.errors] == [(2, "birth_date")]


def test_a_known_person_is_linked_by_number_not_registered_twice(examples, nykoping):
    number = personnummer(dt.date(1985, 6, 1), 77)
    known = PersonFactory(municipality=nykoping, identity_number_type="PERSONNUMMER", identity_number=number)
    result = members(f"{HEADER}\nEX-2026-0102,vuxen,Selam,Tesfaye,PERSONNUMMER,{number},,\n")
    assert (result.errors, result.created, result.updated) == ([], 0, 1)
    assert Assignment.objects.get(reference="EX-2026-0102").household.memberships.get().person == known
    assert Person.objects.filter(identity_number=number).count() == 1


def test_a_received_anvisning_gets_no_new_members(examples, alice, today):
    import_file("members", (EXAMPLES / "hushallsmedlemmar.csv").read_bytes())
    services.receive_household(
        actor=alice, assignment=Assignment.objects.get(reference="EX-2026-0101"), arrival_date=today
    )
    result = members(f"{HEADER}\nEX-2026-0101,barn,Ny,Haddad,,,2026-01-01,\n")
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, "reference", "status_conflict")]


def test_a_web_import_lists_every_row_of_another_municipality_and_saves_nothing(examples, charlie):
    result = import_file("members", (EXAMPLES / "hushallsmedlemmar.csv").read_bytes(), actor=charlie)

    # Every one of the file's five persons is about a Nyköping anvisning: each row is listed, at the column the
    # file calls it (referens), without the other municipality's name.
    assert [(e.row, e.column, e.code) for e in result.errors] == [
        (row, "referens", "not_permitted") for row in range(3, 8)
    ]
    assert all("Nyköping" not in e.message for e in result.errors)
    assert result.created == 0 and not Person.objects.filter(last_name="Haddad").exists()


@pytest.fixture
def _keep_the_test_connection(monkeypatch):
    monkeypatch.setattr(connections, "close_all", lambda: None)
    monkeypatch.setattr(django.utils.log, "configure_logging", lambda *args, **kwargs: None)


def etablera(*args: str) -> int:
    try:
        main(["etablera", *args])
    except SystemExit as exit:
        return exit.code or 0
    return 0


def test_the_command_line_dry_run_and_json(examples, _keep_the_test_connection, capsys):
    path = str(EXAMPLES / "hushallsmedlemmar.csv")
    assert etablera("import", "members", path, "--dry-run", "--format", "json") == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["created"], out["errors"]) == (5, [])
    assert not Person.objects.filter(last_name="Haddad").exists()

    assert etablera("import", "members", path) == 0
    assert "Hushållsmedlemmar (hushallsmedlemmar.csv): 5 rader i filen." in capsys.readouterr().out
    assert Person.objects.filter(last_name="Haddad").count() == 3
