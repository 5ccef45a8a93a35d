"""The payments' import (money/importers/payments.py, docs/import-formats.md "Inbetalningar"): a good file, the
same file again, all or nothing, Swedish amounts, kinds and months, the person by identity number (never echoed),
who may import, the command line and the example file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from etablera.access.models import AuditEvent
from etablera.money.importers import PAYMENT_ERROR_CODES, import_payments
from etablera.money.models import Kind, Payment
from etablera.money.tests.conftest import receive
from etablera.people.models import Person
from etablera.testing.factories import personnummer

pytestmark = pytest.mark.django_db

HEADER = "betalningsdag;belopp;avser månad;ersättning;verifikation;text"
ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "etablera" / "money" / "importers" / "example_payments.csv"
DOCS = ROOT / "docs" / "import-formats.md"
GOOD = [
    "2026-01-25;12 345;2026-01;schablon;V-1001;Schablon januari",
    "2026-01-25;12345,00;2026-01;Initiala kostnader;V-1002;",
    "2026-02-10;-1 200;2025-12;övrigt;V-1003;Återbetalning",
]


def _file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _errors(result) -> list[tuple]:
    return [(e.row, e.column, e.code) for e in result.errors]


def test_a_good_file_imports_every_row(nykoping, olof):
    result = import_payments(_file(*GOOD), municipality=nykoping, actor=olof)
    assert result.ok and (result.created, result.unchanged) == (3, 0)
    got = list(
        Payment.objects.order_by("reference").values_list("kind", "month", "paid_on", "amount", "source")
    )
    assert got == [
        (Kind.SCHABLON, dt.date(2026, 1, 1), dt.date(2026, 1, 25), 12345, Payment.Source.IMPORT),
        (Kind.INITIAL_COSTS, dt.date(2026, 1, 1), dt.date(2026, 1, 25), 12345, Payment.Source.IMPORT),
        (Kind.OTHER, dt.date(2025, 12, 1), dt.date(2026, 2, 10), -1200, Payment.Source.IMPORT),
    ]
    assert all(len(p.import_key) == 64 and p.municipality == nykoping for p in Payment.objects.all())
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, object_type="payments").count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="Payment").count() == 3


def test_the_same_file_twice_adds_nothing(nykoping, olof):
    import_payments(_file(*GOOD), municipality=nykoping, actor=olof)
    again = import_payments(_file(*GOOD), municipality=nykoping, actor=olof)
    assert again.ok and (again.created, again.unchanged) == (0, 3)
    assert Payment.objects.count() == 3
    # A later export that repeats the lines and adds one adds only that one.
    more = import_payments(
        _file(*GOOD, "2026-03-25;6 875;2026-03;schablon;V-1004;"), municipality=nykoping, actor=olof
    )
    assert (more.created, more.unchanged) == (1, 3)


def test_the_same_row_in_two_municipalities_is_two_payments(nykoping, enkoping):
    import_payments(_file(GOOD[0]), municipality=nykoping)
    import_payments(_file(GOOD[0]), municipality=enkoping)
    assert Payment.objects.count() == 2


def test_one_bad_row_saves_nothing_and_every_error_is_listed(nykoping, olof):
    result = import_payments(
        _file(GOOD[0], "2026-01-25;12 3x5;2026-01;schablon;V-2;", "2026-01-25;100;2026-13;bidrag;V-3;"),
        municipality=nykoping,
        actor=olof,
    )
    assert _errors(result) == [
        (3, "belopp", "invalid_number"),
        (4, "ersättning", "unknown_kind"),
        (4, "avser månad", "invalid_date"),
    ]
    assert all(error.message for error in result.errors)
    assert Payment.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, object_type="Payment").exists()


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("12 345", 12345),
        ("12\u00a0345", 12345),
        ("12345,00", 12345),
        ('"12 345,00"', 12345),
        ("1.200,00", 1200),
        ("12345.00", 12345),
        ("-1 200", -1200),
        ("\u22121 200", -1200),
        ("-1200,00", -1200),
        ("12 345 kr", 12345),
        ("+500", 500),
    ],
)
def test_swedish_amounts(nykoping, written, amount):
    result = import_payments(_file(f"2026-01-25;{written};2026-01;schablon;;"), municipality=nykoping)
    assert result.ok, result.errors
    assert Payment.objects.get().amount == amount


@pytest.mark.parametrize("written", ["12,50", "12 3x5", "1,2,3", "0", "1 000 000 000", "12-00"])
def test_amounts_that_are_not_whole_kronor_are_errors(nykoping, written):
    result = import_payments(_file(f"2026-01-25;{written};2026-01;schablon;;"), municipality=nykoping)
    assert _errors(result) == [(2, "belopp", "invalid_number")]
    assert Payment.objects.count() == 0


def test_a_negative_amount_is_a_repayment_and_counts_against_the_month(nykoping):
    import_payments(
        _file(
            "2026-01-25;6 875;2026-01;schablon;V-1;", "2026-02-03;-6 875;2026-01;schablon;V-2;Återbetalning"
        ),
        municipality=nykoping,
    )
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [-6875, 6875]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("schablon", Kind.SCHABLON),
        ("Schablonersättning", Kind.SCHABLON),
        ("SCHABLON", Kind.SCHABLON),
        ("initiala kostnader", Kind.INITIAL_COSTS),
        ("Initiala_kostnader", Kind.INITIAL_COSTS),
        ("ensamkommande", Kind.MINORS_DAYS),
        ("Ensamkommande barn, per dygn", Kind.MINORS_DAYS),
        ("ansökan", Kind.CLAIM),
        ("Sökt ersättning", Kind.CLAIM),
        ("övrigt", Kind.OTHER),
        ("other", Kind.OTHER),
    ],
)
def test_kinds_in_swedish_words_and_codes(nykoping, written, kind):
    result = import_payments(_file(f'2026-01-25;100;2026-01;"{written}";;'), municipality=nykoping)
    assert result.ok, result.errors
    assert Payment.objects.get().kind == kind


@pytest.mark.parametrize(
    ("written", "month"),
    [("2026-03", dt.date(2026, 3, 1)), ("2026-3", dt.date(2026, 3, 1)), ("2026-03-15", dt.date(2026, 3, 1))],
)
def test_the_month_as_a_month_or_a_date_in_it(nykoping, written, month):
    result = import_payments(_file(f"2026-03-25;100;{written};schablon;;"), municipality=nykoping)
    assert result.ok, result.errors
    assert Payment.objects.get().month == month


def test_row_rules(nykoping, today):
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    result = import_payments(
        _file(
            f"{tomorrow};100;2026-01;schablon;;",
            "2026-01-25;100;2026-02-30;schablon;;",
            "1999-12-31;100;1999-12;schablon;;",
            "2026-01-25;100;2026-01;schablon;" + "V" * 61 + ";",
            "2026-01-25;;;;;",
        ),
        municipality=nykoping,
    )
    assert _errors(result) == [
        (2, "betalningsdag", "future_date"),
        (3, "avser månad", "invalid_date"),
        (4, "avser månad", "invalid_date"),
        (4, "betalningsdag", "invalid_date"),
        (5, "verifikation", "too_long"),
        (6, "belopp", "missing_value"),
        (6, "ersättning", "missing_value"),
        (6, "avser månad", "missing_value"),
    ]


def test_the_same_payment_twice_in_one_file_is_an_error(nykoping):
    result = import_payments(_file(GOOD[0], GOOD[1], GOOD[0]), municipality=nykoping)
    assert _errors(result) == [(4, "", "duplicate_row")]
    assert "rad 2" in result.errors[0].message
    assert Payment.objects.count() == 0


# --- the person ------------------------------------------------------------------------------------------------


@pytest.fixture
def numbered():
    """A person received in Nyköping, with a (fictional) personnummer."""
    person = receive(dt.date(1990, 5, 17), dt.date(2025, 3, 14))
    number = personnummer(person.birth_date)
    Person.objects.filter(pk=person.pk).update(identity_number=number, identity_number_type="PERSONNUMMER")
    return person, number


def test_a_row_may_name_the_person_by_identity_number(nykoping, olof, alice, numbered):
    person, number = numbered
    row = "2026-01-25;6 875;2026-01;schablon;V-1;;"
    result = import_payments(
        _file(row + f"{number[:8]}-{number[8:]}", header=f"{HEADER};personnummer"),
        municipality=nykoping,
        actor=alice,
    )
    assert result.ok, result.errors
    assert Payment.objects.get().person == person
    again = import_payments(
        _file(row + number, header=f"{HEADER};personnummer"), municipality=nykoping, actor=alice
    )
    assert (again.created, again.unchanged) == (0, 1)  # the same person, however the number is written


def test_a_person_the_user_does_not_see_is_an_error_that_never_repeats_the_number(
    nykoping, enkoping, charlie, numbered
):
    _person, number = numbered
    text = f"{HEADER};personnummer\n2026-01-25;6 875;2026-01;schablon;V-1;;{number}\n2026-01-25;100;2026-01;schablon;V-2;;123\n"
    result = import_payments(text.encode(), municipality=enkoping, actor=charlie)
    assert _errors(result) == [
        (2, "personnummer", "not_permitted"),
        (3, "personnummer", "invalid_identity_number"),
    ]
    shown = repr([e.as_dict() for e in result.errors]) + result.summary_sv("Inbetalningar")
    digits = re.sub(r"\D", "", shown)
    assert number not in digits and number[2:] not in digits and "123" not in shown
    logged = " ".join(f"{e.summary} {e.changes}" for e in AuditEvent.objects.all())
    assert number not in re.sub(r"\D", "", logged)
    assert Payment.objects.count() == 0


def test_the_command_line_may_name_anyone(nykoping, numbered):
    person, number = numbered
    text = f"{HEADER};personnummer\n2026-01-25;6 875;2026-01;schablon;V-1;;{number}\n"
    assert import_payments(text.encode(), municipality=nykoping).ok
    assert Payment.objects.get().person == person


# --- who may import --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["stina", "bob", "charlie"])
def test_only_those_who_keep_the_municipalitys_money_import(request, nykoping, user):
    with pytest.raises(PermissionDenied):
        import_payments(_file(*GOOD), municipality=nykoping, actor=request.getfixturevalue(user))
    assert Payment.objects.count() == 0


def test_a_dry_run_saves_nothing(nykoping, olof):
    result = import_payments(_file(*GOOD), municipality=nykoping, actor=olof, dry_run=True)
    assert result.ok and result.created == 3
    assert Payment.objects.count() == 0


# --- the command line, the example and the docs ----------------------------------------------------------------


def test_the_command_imports_for_the_municipality(tmp_path, nykoping, capsys):
    path = tmp_path / "inbetalningar.csv"
    path.write_bytes(_file(*GOOD))
    call_command("import_payments", "--municipality", "480", str(path))
    assert Payment.objects.filter(municipality=nykoping).count() == 3
    assert "Nya: 3" in capsys.readouterr().out
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.channel == AuditEvent.Channel.CLI


def test_the_command_refuses_an_unknown_municipality_and_a_bad_file(tmp_path, nykoping):
    path = tmp_path / "inbetalningar.csv"
    path.write_bytes(_file("2026-01-25;x;2026-01;schablon;;"))
    with pytest.raises(CommandError, match="Okänd kommunkod"):
        call_command("import_payments", "--municipality", "9999", str(path))
    with pytest.raises(CommandError, match="1 fel"):
        call_command("import_payments", "--municipality", "0480", str(path))
    assert Payment.objects.count() == 0


def test_the_example_file_imports_cleanly(nykoping):
    result = import_payments(EXAMPLE.read_bytes(), municipality=nykoping)
    assert result.ok, result.errors
    assert result.created == result.rows > 3
    assert Payment.objects.filter(amount__lt=0).exists()


def test_the_payment_codes_are_documented():
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("| Payment code | Meaning |") :].split("\n\n")[0]
    assert set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)) == set(PAYMENT_ERROR_CODES)
