"""Properties of the importers over generated files (hypothesis): whatever bytes arrive, an import answers with
an ImportResult — coded row errors and nothing written, or every row written — and a valid file imported a second
time changes nothing. Each example runs in a savepoint that is rolled back, so examples do not see each other."""

import csv
import functools
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import etablera.testing.hypothesis_tmp  # noqa: F401 (hypothesis writes its caches under tmp)
from etablera.access.models import AuditEvent
from etablera.reception.importers import import_file
from etablera.reception.importers.base import safe_cell
from etablera.reception.importers.codes import ERROR_CODES
from etablera.reception.models import Assignment, MunicipalQuota
from etablera.web import exports

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CODES = {"0480": "Nyköping", "0461": "Gnesta", "0381": "Enköping", "0484": "Eskilstuna", "0180": "Stockholm"}
QUOTA_HEADER = ["municipality_code", "municipality", "year", "quota", "note"]
ASSIGNMENT_HEADER = ["reference", "municipality_code", "category", "decision_date", "person_count", "status"]
FORMULAS = st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("x")', " =1+1"])
notes = st.one_of(st.text(max_size=40), FORMULAS, st.just('Åäö, "citat"; semikolon'))


def snapshot():
    return (
        sorted(MunicipalQuota.objects.values_list("municipality__code", "year", "quota", "note")),
        sorted(Assignment.objects.values_list("reference", "status", "person_count")),
    )


def rolled_back(test):
    """Run the example in a savepoint and undo it."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return run


def encode(rows: list[list[str]], *, delimiter: str, encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def assert_refused_cleanly(result, before):
    """Bad input: coded errors, each a documented code, and nothing written."""
    assert not result.ok
    assert result.created == result.updated == 0
    assert {error.code for error in result.errors} <= set(ERROR_CODES)
    assert all(error.message for error in result.errors)
    assert snapshot() == before
    result.summary_sv("Import")  # the report itself can be printed


@EXAMPLES
@given(kind=st.sampled_from(["quotas", "assignments"]), data=st.binary(max_size=400))
@rolled_back
def test_random_bytes_never_crash_an_import_and_write_nothing_when_refused(kind, data):
    before = snapshot()
    result = import_file(kind, data)
    if not result.ok:
        assert_refused_cleanly(result, before)
    else:  # a few byte strings are a valid file (or an empty one)
        assert result.created + result.updated + result.unchanged == result.rows


@EXAMPLES
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(sorted(CODES)), st.integers(2016, 2030), st.integers(0, 500), notes),
        min_size=1,
        max_size=6,
        unique_by=lambda row: (row[0], row[1]),
    ),
    delimiter=st.sampled_from([",", ";"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
)
@rolled_back
def test_a_valid_quota_file_imports_once_and_then_changes_nothing(rows, delimiter, encoding):
    data = encode(
        [
            QUOTA_HEADER,
            *([code, CODES[code], str(year), str(quota), note] for code, year, quota, note in rows),
        ],
        delimiter=delimiter,
        encoding=encoding,
    )
    first = import_file("quotas", data)
    assert first.ok, first.as_json()
    assert first.created == len(rows)
    stored = {(q.municipality.code, q.year): (q.quota, q.note) for q in MunicipalQuota.objects.all()}
    assert stored == {(code, year): (quota, note.strip()) for code, year, quota, note in rows}
    after_first = snapshot()
    events = AuditEvent.objects.count()
    second = import_file("quotas", data)
    assert second.ok and second.created == second.updated == 0 and second.unchanged == len(rows)
    assert snapshot() == after_first
    assert AuditEvent.objects.count() == events + 1  # only the IMPORT event itself


@EXAMPLES
@given(
    note=st.text(alphabet="åäöÅÄÖéü€", min_size=1, max_size=10),
    encoding=st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-16-le"]),
)
@rolled_back
def test_a_file_not_in_utf8_is_refused_as_such(note, encoding):
    try:
        data = encode(
            [QUOTA_HEADER, ["0480", "Nyköping", "2026", "10", note]], delimiter=",", encoding=encoding
        )
    except UnicodeEncodeError:
        return  # € has no latin-1 form
    before = snapshot()
    result = import_file("quotas", data)
    assert_refused_cleanly(result, before)
    assert "invalid_encoding" in {error.code for error in result.errors}


@EXAMPLES
@given(
    field=st.sampled_from(QUOTA_HEADER),
    size=st.integers(1_000, 200_000),
    filler=st.sampled_from(["x", "9", "å", "=", ";", '"', "x\n"]),
)
@rolled_back
def test_huge_fields_are_row_errors(field, size, filler):
    row = dict(zip(QUOTA_HEADER, ["0480", "Nyköping", "2026", "10", ""], strict=True))
    row[field] = filler * size
    before = snapshot()
    result = import_file(
        "quotas", encode([QUOTA_HEADER, list(row.values())], delimiter=",", encoding="utf-8")
    )
    assert_refused_cleanly(result, before)


@EXAMPLES
@given(
    cells=st.lists(st.one_of(FORMULAS, st.text(max_size=12)), min_size=6, max_size=6),
    delimiters=st.lists(st.sampled_from([",", ";", "\t", "|"]), min_size=6, max_size=6),
)
@rolled_back
def test_mixed_delimiters_and_formulas_in_anvisningar_are_refused_cleanly(cells, delimiters):
    header = ",".join(ASSIGNMENT_HEADER)
    line = "".join(cell + sep for cell, sep in zip(cells, delimiters, strict=True))
    before = snapshot()
    result = import_file("assignments", f"{header}\n{line}\n".encode())
    if result.ok:
        return  # the generated line happened to be a valid anvisning
    assert_refused_cleanly(result, before)
    for error in result.errors:
        shown = safe_cell(error.value)
        assert not shown.lstrip(" ").startswith(("=", "+", "@")) or shown.startswith("'")


@pytest.mark.parametrize("size", [4_301, 200_000])
def test_a_number_of_thousands_of_digits_or_a_field_beyond_the_csv_limit_is_a_row_error(size):
    """Found by the property above: int() refuses more than 4 300 digits (ValueError) and the csv module a field
    over 128 KiB (csv.Error); both stopped the import with an exception instead of a coded error."""
    data = encode(
        [QUOTA_HEADER, ["0480", "Nyköping", "2026", "9" * size, ""]], delimiter=",", encoding="utf-8"
    )
    result = import_file("quotas", data)
    assert not result.ok and not MunicipalQuota.objects.exists()
    assert {error.code for error in result.errors} == {"invalid_number" if size < 100_000 else "too_long"}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(text=st.one_of(st.text(max_size=30), FORMULAS.map(lambda f: f + "x")))
def test_exports_defuse_every_cell_a_spreadsheet_would_run(text):
    defused = exports.safe_cell(text)
    kept = exports.CONTROL_CHARACTERS.sub("", text)  # openpyxl refuses them: they are left out (issue #9)
    assert not exports.CONTROL_CHARACTERS.search(defused)
    if kept.lstrip(" ").startswith(exports.FORMULA_PREFIXES):
        assert defused == "'" + kept
    else:
        assert defused == kept
    assert not defused.lstrip(" ").startswith(exports.FORMULA_PREFIXES)
