"""Import of homes from the housing company's CSV (docs/import-formats.md, "Bostäder"): every error code at its
row and column, all or nothing, idempotent, encodings, the example file, the command line, and who may import."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from etablera.access.models import AuditEvent
from etablera.housing import services
from etablera.housing.importers import HOUSING_ERROR_CODES, import_units
from etablera.housing.models import HousingUnit
from etablera.testing.factories import HouseholdFactory, municipality

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
HEADER = "objektnummer;adress;hyresvärd;typ;rum;sovrum;hyra (kr/mån)"
GOOD = "NH-1;Låtsasgatan 1;bostadsbolag;lägenhet;3;2;8 100"


def run(text: str, **kwargs):
    kwargs.setdefault("municipality", municipality("0480"))
    return import_units(text.encode() if isinstance(text, str) else text, **kwargs)


def errors(result):
    return [(e.row, e.column, e.code) for e in result.errors]


# (file, the one error expected)
CASES = {
    "unknown_landlord": (f"{HEADER}\nNH-1;Låtsasgatan 1;slottsherre;lägenhet;3;2;8100", (2, "hyresvärd")),
    "unknown_kind": (f"{HEADER}\nNH-1;Låtsasgatan 1;privat;slott;3;2;8100", (2, "typ")),
    "unknown_near": (f"{HEADER};nära\n{GOOD};skola,strand", (2, "nära")),
    "invalid_boolean": (f"{HEADER};tillgänglighetsanpassad\n{GOOD};kanske", (2, "tillgänglighetsanpassad")),
    "invalid_postal_code": (f"{HEADER};postnummer\n{GOOD};6113", (2, "postnummer")),
    "too_many_bedrooms": (f"{HEADER}\nNH-1;Låtsasgatan 1;privat;hus;2;3;8100", (2, "sovrum")),
    "invalid_period": (
        f"{HEADER};ledig från;ledig till\n{GOOD};2026-05-01;2026-04-01",
        (2, "ledig till"),  # the column as the file's header writes it
    ),
    "missing_value": (f"{HEADER}\nNH-1;;privat;hus;3;2;8100", (2, "adress")),
    "invalid_number": (f"{HEADER}\nNH-1;Låtsasgatan 1;privat;hus;tre;2;8100", (2, "rum")),
    "invalid_date": (f"{HEADER};ledig från\n{GOOD};1/5 2026", (2, "ledig från")),
    "too_long": (f"{HEADER}\n{'N' * 41};Låtsasgatan 1;privat;hus;3;2;8100", (2, "objektnummer")),
    "unknown_municipality": (f"kommunkod;{HEADER}\n9999;{GOOD}", (2, "kommunkod")),
    "municipality_mismatch": (f"kommunkod;{HEADER}\n0381;{GOOD}", (2, "kommunkod")),
    "duplicate_reference": (f"{HEADER}\n{GOOD}\n{GOOD}", (3, "objektnummer")),
    "unknown_column": (f"{HEADER};färg\n{GOOD};blå", (1, "färg")),
    "missing_column": (
        "objektnummer;adress;hyresvärd;typ;rum\nNH-1;Låtsasgatan 1;privat;hus;3",
        (1, "sovrum"),
    ),
    "duplicate_column": (f"{HEADER};rum\n{GOOD};3", (1, "rum")),
    "wrong_cell_count": (f"{HEADER}\n{GOOD};extra", (2, "")),
    "empty_file": (f"{HEADER}\n", (1, "")),
    "invalid_encoding": (f"{HEADER}\n{GOOD}".encode("cp1252"), (0, "")),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_it_reports_the_code_and_saves_nothing(code):
    text, (row, column) = CASES[code]
    result = run(text)
    assert errors(result) == [(row, column, code)]
    assert result.errors[0].message
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert not HousingUnit.objects.exists()


def test_capacity_below_the_contracts_of_a_home(nykoping, today):
    run(f"{HEADER};platser\nNH-1;Låtsasgatan 1;kommunen;genomgångsbostad;3;2;5000;2")
    unit = HousingUnit.objects.get()
    for age in (30, 40):
        household = HouseholdFactory.with_members([age], municipality=nykoping)
        services.create_contract(
            actor=None, household=household, unit=unit, kind="TEMPORARY", start_date=today, payer="HOUSEHOLD"
        )
    result = run(f"{HEADER};platser\nNH-1;Låtsasgatan 1;kommunen;genomgångsbostad;3;2;5000;1")
    assert errors(result) == [(2, "platser", "capacity_below_contracts")]
    assert HousingUnit.objects.get().capacity == 2


def test_every_housing_code_has_a_case_and_is_documented():
    assert set(HOUSING_ERROR_CODES) <= set(CASES) | {"capacity_below_contracts"}
    text = (ROOT / "docs" / "import-formats.md").read_text(encoding="utf-8")
    table = text[text.index("| Housing code | Meaning |") :].split("\n\n")[0]
    assert set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)) == set(HOUSING_ERROR_CODES)


def test_all_errors_of_a_row_at_once_and_all_or_nothing():
    result = run(f"{HEADER}\n{GOOD}\nNH-2;;privat;slott;0;2;-5")
    assert errors(result) == [
        (3, "adress", "missing_value"),
        (3, "hyra (kr/mån)", "invalid_number"),  # named as in the file's header
        (3, "rum", "invalid_number"),
        (3, "typ", "unknown_kind"),
    ]
    assert not HousingUnit.objects.exists()  # the good row is not saved either


def test_a_second_import_changes_nothing_and_a_changed_row_updates():
    first = run(f"{HEADER}\n{GOOD}\nNH-2;Låtsasgatan 3;privat;hus;5;4;12000")
    assert (first.created, first.outcomes) == (2, [(2, "NH-1", "created"), (3, "NH-2", "created")])
    again = run(f"{HEADER}\n{GOOD}\nNH-2;Låtsasgatan 3;privat;hus;5;4;12000")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = run(f"{HEADER}\n{GOOD}\nNH-2;Låtsasgatan 3;privat;hus;5;4;12500")
    assert (changed.updated, changed.unchanged) == (1, 1)
    assert HousingUnit.objects.get(reference="NH-2").monthly_cost == 12500
    assert AuditEvent.objects.filter(object_type="HousingUnit", action=AuditEvent.Action.UPDATE).count() == 1
    imports = AuditEvent.objects.filter(object_type="HousingUnit", action=AuditEvent.Action.IMPORT)
    assert imports.count() == 3 and "NH-1" not in " ".join(imports.values_list("summary", flat=True))


def test_columns_the_file_does_not_have_keep_what_the_page_set():
    run(f"{HEADER};anteckning\n{GOOD};Nyrenoverad")
    unit = HousingUnit.objects.get()
    unit.accessibility_note = "Ramp vid entrén"
    unit.is_active = False
    unit.save()
    result = run(f"{HEADER}\n{GOOD}")
    assert result.unchanged == 1
    unit.refresh_from_db()
    assert (unit.notes, unit.accessibility_note, unit.is_active) == ("Nyrenoverad", "Ramp vid entrén", False)
    assert run(f"{HEADER};anteckning\n{GOOD};").updated == 1  # an empty cell clears it


def test_dry_run_counts_and_saves_nothing():
    result = run(f"{HEADER}\n{GOOD}", dry_run=True)
    assert (result.ok, result.created, result.dry_run) == (True, 1, True)
    assert not HousingUnit.objects.exists()
    assert "Provkörning" in result.summary_sv("Bostäder")


def test_excel_style_file_bom_crlf_aliases_and_values():
    text = (
        "\ufeffObjektnr;Gatuadress;Postnr;Ort;Hyresvärd;Typ av bostad;Antal rum;Antal sovrum;Yta (m²);"
        "Pris per natt;Tillgänglig;Nära;Ledig från\r\n"
        "# kommentar\r\n"
        'HT-1;Hotellvägen 2;61135;Nyköping;Privat;Hotell;1;1;;1 480;JA;"skola;SFI";2026-01-01\r\n'
    )
    result = run(text.encode("utf-8"))
    assert result.ok, result.errors
    unit = HousingUnit.objects.get()
    assert (unit.kind, unit.landlord, unit.address_postal_code, unit.accessible) == (
        "HOTEL",
        "PRIVATE",
        "611 35",
        True,
    )
    assert unit.near == ["SCHOOL", "SFI"]
    assert unit.monthly_cost == round(1480 * 365 / 12)
    assert unit.available_from == dt.date(2026, 1, 1)


def test_a_kommunkod_column_needs_no_municipality_and_none_at_all_is_an_error():
    assert run(f"kommunkod;{HEADER}\n480;{GOOD}", municipality=None).created == 1
    assert HousingUnit.objects.get().municipality.code == "0480"
    assert errors(run(f"{HEADER}\n{GOOD}", municipality=None)) == [(2, "kommunkod", "missing_value")]


def test_a_formula_in_a_cell_is_defused_in_the_report():
    result = run(f'{HEADER}\nNH-1;Låtsasgatan 1;=HYPERLINK("x");lägenhet;3;2;8100')
    assert result.as_json()["errors"][0]["value"].startswith("'=")


def test_an_actor_imports_only_for_their_own_municipality(hanna, charlie, nykoping):
    assert run(f"{HEADER}\n{GOOD}", actor=hanna, municipality=None).created == 1  # hanna's own municipality
    with pytest.raises(PermissionDenied):  # the import's own municipality: refused before the file is read
        run(f"{HEADER}\n{GOOD}", actor=charlie, municipality=nykoping)
    # Rows about another municipality: every one listed, with the file's other errors, and nothing saved.
    result = run(
        f"Kommunkod;{HEADER}\n0480;NH-9;Låtsasgatan 9;privat;hus;3;2;8100\n0480;NH-10;;privat;hus;3;2;8100",
        actor=charlie,
        municipality=None,
    )
    assert errors(result) == [
        (2, "Kommunkod", "not_permitted"),
        (3, "adress", "missing_value"),
        (3, "Kommunkod", "not_permitted"),
    ]
    assert "Nyköping" in result.errors[0].message
    assert HousingUnit.objects.count() == 1


def test_the_example_file_imports_cleanly_twice():
    data = (ROOT / "docs" / "examples" / "bostader.csv").read_bytes()
    first = run(data)
    assert (first.errors, first.created) == ([], 8)
    assert HousingUnit.objects.get(reference="HT-0012").nightly_cost == 1480
    assert HousingUnit.objects.get(reference="SB-0004").capacity == 6
    assert run(data).unchanged == 8


def test_the_command_line(capsys, nykoping):
    path = str(ROOT / "docs" / "examples" / "bostader.csv")
    call_command("import_data", "housing-units", path, "--municipality", "0480", "--format", "json")
    assert json.loads(capsys.readouterr().out)["created"] == 8
    call_command("import_data", "housing-units", path, "--municipality", "480", "--dry-run")
    assert "Oförändrade: 8" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_data", "housing-units", path, "--municipality", "9999")
    assert (
        AuditEvent.objects.filter(object_type="HousingUnit", action="IMPORT").first().channel
        == AuditEvent.Channel.CLI
    )
