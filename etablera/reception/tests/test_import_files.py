"""Reading the files people actually have: Excel's semicolons, a BOM, comments, blank rows, wrong encodings."""

import pytest

from etablera.reception.importers import import_file, safe_cell
from etablera.reception.models import Assignment, MunicipalQuota

QUOTAS = "municipality_code,year,quota\n0480,2026,135\n0381,2026,25\n"


def errors(result):
    return [(e.row, e.column, e.code) for e in result.errors]


@pytest.mark.parametrize(
    "raw",
    [
        QUOTAS.encode(),
        QUOTAS.encode("utf-8-sig"),
        QUOTAS.replace(",", ";").encode("utf-8-sig"),
        QUOTAS.replace(",", ";").replace("\n", "\r\n").encode("utf-8-sig"),  # what Swedish Excel saves
        QUOTAS.replace("\n", "\n;;\n").replace(",", ";").encode(),  # blank rows with separators only
    ],
    ids=["comma", "comma-bom", "semicolon-bom", "excel-crlf", "blank-rows"],
)
def test_it_reads_utf8_with_or_without_bom_comma_or_semicolon(db, raw):
    result = import_file("quotas", raw)
    assert (result.created, result.errors) == (2, [])
    assert sorted(MunicipalQuota.objects.values_list("municipality__code", "quota")) == [
        ("0381", 25),
        ("0480", 135),
    ]


def test_a_semicolon_file_may_have_commas_inside_values(db):
    raw = "reference;municipality_code;category;decision_date;person_count;status;cancelled_date;cancel_reason\n"
    raw += "MV-1;0480;ABO;2025-03-03;2;avbruten;2025-03-10;Flyttat, till Gnesta\n"
    result = import_file("assignments", raw.encode("utf-8-sig"))
    assert result.errors == []
    assert Assignment.objects.get().cancel_reason == "Flyttat, till Gnesta"


def test_headers_are_matched_without_regard_to_case_and_spaces(db):
    result = import_file("quotas", b" Municipality Code ;YEAR; Quota\n0480;2026;10\n")
    assert result.errors == [] and result.created == 1


def test_row_numbers_are_those_in_the_file_with_the_header_as_row_1(db):
    raw = "# kommuntal från Länsstyrelsen\nmunicipality_code,year,quota\n0480,2026,1\n\n0381,2026,-1\n"
    result = import_file("quotas", raw.encode())
    assert errors(result) == [(5, "quota", "negative_quota")]
    plain = import_file("quotas", b"municipality_code,year,quota\n0480,2026,-1\n")
    assert errors(plain) == [(2, "quota", "negative_quota")]


def test_a_file_in_another_encoding_gets_a_clear_message(db):
    result = import_file(
        "quotas", "municipality_code;year;quota;note\n0480;2026;10;Nyköping\n".encode("cp1252")
    )
    assert errors(result) == [(0, "", "invalid_encoding")]
    assert "UTF-8" in result.errors[0].message
    assert not MunicipalQuota.objects.exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", [(0, "", "empty_file")]),
        (b"municipality_code,year,quota\n", [(1, "", "empty_file")]),
        (b"municipality_code,year\n0480,2026\n", [(1, "quota", "missing_column")]),
        (b"municipality_code,year,quota,kvota\n0480,2026,1,2\n", [(1, "kvota", "unknown_column")]),
        (b"municipality_code,year,quota,year\n0480,2026,1,2026\n", [(1, "year", "duplicate_column")]),
        (b"municipality_code,year,quota\n0480,2026,1,5\n", [(2, "", "wrong_cell_count")]),
        (b"municipality_code,year,,quota\n0480,2026,x,5\n", [(2, "", "wrong_cell_count")]),
    ],
)
def test_problems_with_the_file_itself(db, raw, expected):
    result = import_file("quotas", raw)
    assert errors(result) == expected
    assert not MunicipalQuota.objects.exists()


def test_an_unknown_column_lists_the_allowed_ones(db):
    result = import_file("quotas", b"municipality_code,year,quota,kvota\n0480,2026,1,2\n")
    assert "month_1 … month_12" in result.errors[0].message and "note" in result.errors[0].message


def test_trailing_empty_cells_are_not_an_error(db):
    assert import_file("quotas", b"municipality_code;year;quota\n0480;2026;1;;;\n").errors == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+46 8 123", "'+46 8 123"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("  =1+1", "'  =1+1"),
        ("-5", "-5"),  # a number is not a formula
        ("Nyköping", "Nyköping"),
        ("a\x00b\x1bc", "abc"),
    ],
)
def test_echoed_values_cannot_run_as_formulas(value, shown):
    assert safe_cell(value) == shown


def test_error_values_are_echoed_safely(db):
    result = import_file("quotas", b"municipality_code,year,quota\n\"=cmd|' /C calc'!A0\",2026,1\n")
    assert result.as_json()["errors"][0]["value"].startswith("'=")
    assert "'=cmd" in result.summary_sv("Kommuntal")
