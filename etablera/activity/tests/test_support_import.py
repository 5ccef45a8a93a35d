"""The support months' import (activity/importers/support.py): rows by a member's number, the persons as a
;-separated list, every error at its row and column without the numbers, nothing saved on one error, and the same
file twice changing nothing."""

from __future__ import annotations

import pytest

from etablera.access.models import AuditEvent
from etablera.activity.importers.support import import_file
from etablera.activity.models import SupportMonth
from etablera.activity.tests.requirement_fixtures import *  # noqa: F403
from etablera.rules.dates import add_months


@pytest.fixture
def adults(numbered):  # noqa: F811 - the adults with their numbers
    return [p for p in numbered if p.birth_date.year < 2000]


def _file(*rows: str, header: str = "personnummer;månad;belopp;personer") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _rows(adults, this_month):
    first, second = adults
    persons = f"{first.identity_number};{second.identity_number}"
    return [
        f'{first.identity_number};{add_months(this_month, -1):%Y-%m};11500;"{persons}"',
        f'{second.identity_number};{this_month:%Y-%m};12000;"{first.identity_number}"',
    ]


def test_it_imports_months_and_the_same_file_again_changes_nothing(sigrid, household, adults, this_month):
    data = _file(*_rows(adults, this_month))
    result = import_file(data, actor=sigrid)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    months = {m.month: m for m in SupportMonth.objects.filter(household=household)}
    assert set(months[add_months(this_month, -1)].persons.all()) == set(adults)
    assert list(months[this_month].persons.all()) == [adults[0]]
    assert months[this_month].source == "IMPORT" and months[this_month].amount == 12000
    again = import_file(data, actor=sigrid)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.filter(action="IMPORT", object_type="support-months").count() == 2


def test_an_empty_persons_cell_means_every_member_and_a_changed_amount_updates(
    sigrid, household, adults, this_month
):
    data = _file(
        f"{adults[0].identity_number};{this_month:%Y-%m};900;",
        header="pnr,month,amount,persons".replace(",", ";"),
    )
    assert import_file(data, actor=sigrid).created == 1
    month = SupportMonth.objects.get(household=household)
    assert set(month.persons.all()) == set(household.members.all())
    changed = import_file(data.replace(b";900;", b";950;"), actor=sigrid)
    assert (changed.created, changed.updated) == (0, 1)


def test_one_error_saves_nothing_and_each_error_is_at_its_row_without_numbers(
    sigrid, adults, this_month, nykoping
):
    from etablera.testing.factories import HouseholdFactory, personnummer

    stranger = HouseholdFactory.with_members([30], municipality=nykoping, name="Annat").members.first()
    stranger.identity_number = personnummer(stranger.birth_date)
    stranger.identity_number_type = "PERSONNUMMER"
    stranger.save()
    good = _rows(adults, this_month)
    data = _file(
        good[0],
        f"{adults[0].identity_number};2026-13;100;",
        f"{adults[0].identity_number};{this_month:%Y-%m};noll;",
        "199001011234;2026-01;100;",
        f'{adults[0].identity_number};{add_months(this_month, -2):%Y-%m};100;"{stranger.identity_number}"',
        f"{adults[0].identity_number};{add_months(this_month, -1):%Y-%m};100;",
        f"{adults[0].identity_number};{add_months(this_month, 3):%Y-%m};100;",
    )
    result = import_file(data, actor=sigrid)
    assert not result.ok
    found = {(e.row, e.column, e.code) for e in result.errors}
    assert (3, "månad", "invalid_date") in found
    assert (4, "belopp", "invalid_number") in found
    assert (5, "personnummer", "not_permitted") in found
    assert (6, "personer", "not_permitted") in found
    assert (7, "månad", "duplicate_person") in found
    assert (8, "månad", "invalid_value") in found
    messages = {e.row: e.message for e in result.errors}
    assert messages[8] == "Försörjningsstöd kan registreras högst en månad framåt."
    numbers = {p.identity_number for p in adults} | {stranger.identity_number}
    for error in result.errors:
        assert not any(n in error.as_dict()["value"] for n in numbers)
    assert not SupportMonth.objects.exists()


def test_a_household_the_importer_may_not_keep_is_not_permitted(
    alice, charlie, enkoping_social, adults, this_month
):
    data = _file(*_rows(adults, this_month))
    for user in (alice, charlie, enkoping_social):
        result = import_file(data, actor=user)
        assert {e.code for e in result.errors} == {"not_permitted"}, user
    assert not SupportMonth.objects.exists()


def test_a_dry_run_saves_nothing(sigrid, adults, this_month):
    result = import_file(_file(*_rows(adults, this_month)), actor=sigrid, dry_run=True)
    assert result.ok and result.created == 2
    assert not SupportMonth.objects.exists()


def test_the_command_line_imports_as_the_system(adults, this_month, household):
    result = import_file(_file(*_rows(adults, this_month)))
    assert result.ok and result.created == 2
    assert SupportMonth.objects.filter(household=household, created_by=None).count() == 2
