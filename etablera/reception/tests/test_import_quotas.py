"""`import quotas`: kommuntal per municipality and year, optionally per month, through services.set_quota."""

import pytest

from etablera.access.models import AuditEvent
from etablera.reception.importers import import_file
from etablera.reception.models import MunicipalQuota


def data(*rows: str, header: str = "municipality_code,year,quota,note") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def quotas():
    return {
        (q.municipality.code, q.year): (q.quota, {m.month: m.count for m in q.months.all()}, q.note)
        for q in MunicipalQuota.objects.select_related("municipality").prefetch_related("months")
    }


def errors(result):
    return [(e.row, e.column, e.code) for e in result.errors]


def test_it_creates_kommuntal(db):
    result = import_file("quotas", data("0480,2026,135,Beslut från Länsstyrelsen", "0381,2026,25,"))

    assert (result.created, result.updated, result.unchanged, result.errors) == (2, 0, 0, [])
    assert quotas() == {("0480", 2026): (135, {}, "Beslut från Länsstyrelsen"), ("0381", 2026): (25, {}, "")}
    assert AuditEvent.objects.filter(object_type="MunicipalQuota", action="CREATE").count() == 2
    assert AuditEvent.objects.filter(action="IMPORT").count() == 1


def test_it_takes_a_monthly_split(db):
    header = "municipality_code,year,quota," + ",".join(f"month_{m}" for m in range(1, 13))
    result = import_file("quotas", data("0480,2026,30,5,5,5,5,,,,,,5,,", header=header))

    assert result.errors == []
    assert quotas()[("0480", 2026)] == (30, {1: 5, 2: 5, 3: 5, 4: 5, 10: 5}, "")


def test_importing_again_changes_nothing_and_a_new_number_updates(db):
    file = data("0480,2026,135,", "0381,2026,25,")
    import_file("quotas", file)
    before = quotas()

    again = import_file("quotas", file)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert quotas() == before

    changed = import_file("quotas", data("0480,2026,140,", "0381,2026,25,"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert quotas()[("0480", 2026)][0] == 140


def test_one_bad_row_saves_nothing(db):
    result = import_file("quotas", data("0480,2026,135,", "0381,2026,-3,", "0484,2026,2,"))

    assert errors(result) == [(3, "quota", "negative_quota")]
    assert result.errors[0].message == "Kommuntalet kan inte vara negativt."  # clean_quota's own words
    assert not MunicipalQuota.objects.exists()


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        ("9999,2026,10,", "municipality_code", "unknown_municipality"),
        (",2026,10,", "municipality_code", "missing_value"),
        ("0480,2015,10,", "year", "invalid_year"),
        ("0480,tjugo,10,", "year", "invalid_number"),
        ("0480,2026,tio,", "quota", "invalid_number"),
        ("0480,2026,,", "quota", "missing_value"),
        ("0480,2026,-1,", "quota", "negative_quota"),
        ("0480,2026,10," + "x" * 201, "note", "too_long"),
    ],
)
def test_it_reports_the_row_column_and_code(db, row, column, code):
    result = import_file("quotas", data(row))
    assert errors(result) == [(2, column, code)]
    assert result.errors[0].message  # in Swedish, for a person


def test_a_monthly_split_larger_than_the_kommuntal_is_refused(db):
    result = import_file(
        "quotas", data("0480,2026,10,8,8", header="municipality_code,year,quota,month_1,month_2")
    )
    assert errors(result) == [(2, "month_1–month_12", "invalid_month_split")]
    assert "16" in result.errors[0].message and "10" in result.errors[0].message


def test_the_same_municipality_and_year_twice_is_refused(db):
    result = import_file("quotas", data("0480,2026,10,", "480,2026,12,"))
    assert errors(result) == [(3, "municipality_code", "duplicate_quota")]
    assert "rad 2" in result.errors[0].message


def test_the_optional_name_and_county_columns_catch_a_wrong_code(db):
    header = "county_code,municipality_code,municipality,year,quota"
    good = import_file(
        "quotas", data("04,0480,Nyköping,2026,10", "3,0381,Enköpings kommun,2026,5", header=header)
    )
    assert good.errors == [] and good.created == 2

    bad = import_file("quotas", data("04,0480,Enköping,2027,10", "01,0480,Nyköping,2028,10", header=header))
    assert errors(bad) == [
        (2, "municipality", "municipality_mismatch"),
        (3, "county_code", "municipality_mismatch"),
    ]


def test_swedish_column_names_are_accepted(db):
    result = import_file("quotas", data("0480;2026;135", header="Kommunkod;År;Kommuntal"))
    assert result.errors == [] and quotas()[("0480", 2026)][0] == 135
