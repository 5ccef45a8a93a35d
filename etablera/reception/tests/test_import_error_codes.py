"""Every error code the imports report is produced by a real case here, and documented in docs/import-formats.md."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from etablera.reception import services
from etablera.reception.importers import ERROR_CODES, import_file
from etablera.reception.models import Assignment
from etablera.testing.factories import HouseholdFactory, PersonFactory, municipality

DOCS = Path(__file__).resolve().parents[3] / "docs" / "import-formats.md"
A = "reference,municipality_code,category,decision_date,person_count,status,received_date,cancelled_date,cancel_reason"
Q = "municipality_code,year,quota,month_1"
TOMORROW = (timezone.localdate() + dt.timedelta(days=2)).isoformat()


def received(db_reference="MV-1"):
    import_file("assignments", f"{A}\n{db_reference},0480,ABO,2025-03-03,2,mottagen,2025-04-01,,\n".encode())


def with_household():
    household = HouseholdFactory.with_members([30])
    services.create_assignment(
        actor=None,
        municipality=household.municipality,
        reference="MV-1",
        category="ASSIGNED_FROM_FACILITY",
        decision_date=dt.date(2025, 3, 3),
        household=household,
    )


M = "reference,relation,first_name,last_name,identity_number_type,identity_number,birth_date,sex"
NUMBER = "19900101-0017"  # a valid (fictional) personnummer


def waiting():
    """An anvisning for two persons, imported without them."""
    import_file("assignments", f"{A}\nMV-9,0480,ABO,2025-03-03,2,,,,\n".encode())


def held_elsewhere():
    waiting()
    PersonFactory(
        municipality=municipality("0381"), identity_number_type="PERSONNUMMER", identity_number="199001010017"
    )


def another_rule(monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"locked": "Kommuntalet är låst för året."})  # a rule with no code of its own

    monkeypatch.setattr(services, "clean_quota", refuse)


def write_fails(monkeypatch):
    def fail(**kwargs):
        raise ValidationError("någon annan hann före")

    monkeypatch.setattr(services, "set_quota", fail)


# code -> (kind, file contents, (row, column) of the error, setup)
CASES = {
    "invalid_encoding": ("quotas", f"{Q}\n0480;2026;1;Nyköping\n".encode("cp1252"), (0, ""), None),
    "empty_file": ("quotas", b"\n\n", (0, ""), None),
    "missing_column": ("quotas", b"municipality_code,year\n0480,2026\n", (1, "quota"), None),
    "unknown_column": ("quotas", b"municipality_code,year,quota,x\n0480,2026,1,1\n", (1, "x"), None),
    "duplicate_column": (
        "quotas",
        b"municipality_code,year,quota,quota\n0480,2026,1,1\n",
        (1, "quota"),
        None,
    ),
    "wrong_cell_count": (
        "quotas",
        b"municipality_code,year,quota\n0480,2026,1,Nyk\xc3\xb6ping\n",
        (2, ""),
        None,
    ),
    "missing_value": ("assignments", f"{A}\n,0480,ABO,2025-03-03,2,,,,\n", (2, "reference"), None),
    "too_long": ("assignments", f"{A}\n{'M' * 41},0480,ABO,2025-03-03,2,,,,\n", (2, "reference"), None),
    "invalid_number": ("assignments", f"{A}\nMV-1,0480,ABO,2025-03-03,två,,,,\n", (2, "person_count"), None),
    "invalid_date": ("assignments", f"{A}\nMV-1,0480,ABO,3/3/2025,2,,,,\n", (2, "decision_date"), None),
    "future_date": ("assignments", f"{A}\nMV-1,0480,ABO,{TOMORROW},2,,,,\n", (2, "decision_date"), None),
    "unknown_municipality": ("quotas", f"{Q}\n0999,2026,1,\n", (2, "municipality_code"), None),
    "municipality_mismatch": (
        "quotas",
        "municipality_code,municipality,year,quota\n0480,Gnesta,2026,1\n",
        (2, "municipality"),
        None,
    ),
    "invalid_year": ("quotas", f"{Q}\n0480,2015,1,\n", (2, "year"), None),
    "negative_quota": ("quotas", f"{Q}\n0480,2026,-1,\n", (2, "quota"), None),
    "invalid_month_split": ("quotas", f"{Q}\n0480,2026,1,2\n", (2, "month_1–month_12"), None),
    "duplicate_quota": ("quotas", f"{Q}\n0480,2026,1,\n0480,2026,2,\n", (3, "municipality_code"), None),
    "unknown_category": ("assignments", f"{A}\nMV-1,0480,turist,2025-03-03,2,,,,\n", (2, "category"), None),
    "unknown_status": ("assignments", f"{A}\nMV-1,0480,ABO,2025-03-03,2,klar,,,\n", (2, "status"), None),
    "invalid_person_count": (
        "assignments",
        f"{A}\nMV-1,0480,ABO,2025-03-03,0,,,,\n",
        (2, "person_count"),
        None,
    ),
    "invalid_latest_reception_date": (
        "assignments",
        "reference,municipality_code,category,decision_date,person_count,latest_reception_date\n"
        "MV-1,0480,ABO,2025-03-03,2,2025-03-01\n",
        (2, "latest_reception_date"),
        None,
    ),
    "invalid_quota_year": (
        "assignments",
        "reference,municipality_code,category,decision_date,person_count,quota_year\nMV-1,0480,ABO,2025-03-03,2,2027\n",
        (2, "quota_year"),
        None,
    ),
    "duplicate_reference": (
        "assignments",
        f"{A}\nMV-1,0480,ABO,2025-03-03,2,,,,\nMV-1,0480,ABO,2025-03-03,2,,,,\n",
        (3, "reference"),
        None,
    ),
    "received_before_decision": (
        "assignments",
        f"{A}\nMV-1,0480,ABO,2025-03-03,2,mottagen,2025-03-02,,\n",
        (2, "received_date"),
        None,
    ),
    "cancelled_before_decision": (
        "assignments",
        f"{A}\nMV-1,0480,ABO,2025-03-03,2,avbruten,,2025-03-01,Eget boende\n",
        (2, "cancelled_date"),
        None,
    ),
    "inconsistent_status": (
        "assignments",
        f"{A}\nMV-1,0480,ABO,2025-03-03,2,anvisad,2025-04-01,,\n",
        (2, "received_date"),
        None,
    ),
    "status_backwards": (
        "assignments",
        f"{A}\nMV-1,0480,ABO,2025-03-03,2,anvisad,,,\n",
        (2, "status"),
        received,
    ),
    "status_conflict": (
        "assignments",
        f"{A}\nMV-1,0480,ABO,2025-03-03,2,avbruten,,2025-04-02,Ångrat\n",
        (2, "status"),
        received,
    ),
    "conflicting_data": (
        "assignments",
        f"{A}\nMV-1,0381,ABO,2025-03-03,2,mottagen,2025-04-01,,\n",
        (2, "municipality_code"),
        received,
    ),
    "household_registered": (
        "assignments",
        f"{A}\nMV-1,0480,ABO,2025-03-03,1,mottagen,2025-04-01,,\n",
        (2, "status"),
        with_household,
    ),
    "self_settled": ("assignments", f"{A}\nMV-1,0480,EBO,2025-03-03,2,,,,\n", (2, "category"), None),
    "unknown_reference": ("members", f"{M}\nMV-404,vuxen,A,B,,,,\n", (2, "reference"), None),
    "unknown_relation": ("members", f"{M}\nMV-9,kusin,A,B,,,,\n", (2, "relation"), waiting),
    "unknown_identity_number_type": (
        "members",
        f"{M}\nMV-9,vuxen,A,B,pass,123,,\n",
        (2, "identity_number_type"),
        waiting,
    ),
    "unknown_sex": ("members", f"{M}\nMV-9,vuxen,A,B,,,,Q\n", (2, "sex"), waiting),
    "unknown_protected_identity": (
        "members",
        f"{M},protected_identity\nMV-9,vuxen,A,B,,,,,hemlig\n",
        (2, "protected_identity"),
        waiting,
    ),
    "invalid_identity_number": (
        "members",
        f"{M}\nMV-9,vuxen,A,B,personnummer,19900101-0000,,\n",
        (2, "identity_number"),
        waiting,
    ),
    "identity_number_in_use": (
        "members",
        f"{M}\nMV-9,vuxen,A,B,personnummer,{NUMBER},,\n",
        (2, "identity_number"),
        held_elsewhere,
    ),
    "duplicate_person": (
        "members",
        f"{M}\nMV-9,vuxen,A,B,personnummer,{NUMBER},,\nMV-9,vuxen,C,B,personnummer,{NUMBER},,\n",
        (3, "identity_number"),
        waiting,
    ),
    "too_many_members": (
        "members",
        f"{M}\nMV-9,vuxen,A,B,,,1990-01-01,\nMV-9,vuxen,C,B,,,1990-01-02,\nMV-9,barn,D,B,,,2020-01-03,\n",
        (2, "reference"),
        waiting,
    ),
    "concurrent_change": ("quotas", f"{Q}\n0480,2026,1,\n", (0, ""), "write_fails"),
    "invalid_value": ("quotas", f"{Q}\n0480,2026,1,\n", (2, "locked"), "another_rule"),
    # Imported by a caseworker in Enköping (charlie): a Nyköping row is an error of the row, not of the file.
    "not_permitted": ("quotas", f"{Q}\n0480,2026,1,\n", (2, "municipality_code"), "as_charlie"),
}


def test_every_code_has_a_case():
    assert set(CASES) == set(ERROR_CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_it_reports_the_code(db, monkeypatch, request, code):
    kind, raw, (row, column), setup = CASES[code]
    actor = None
    if setup == "as_charlie":
        actor = request.getfixturevalue("charlie")
    elif setup == "write_fails":
        write_fails(monkeypatch)
    elif setup == "another_rule":
        another_rule(monkeypatch)
    elif callable(setup):
        setup()
    before = list(Assignment.objects.values())

    result = import_file(kind, raw.encode() if isinstance(raw, str) else raw, actor=actor)

    assert [(e.row, e.column, e.code) for e in result.errors] == [(row, column, code)]
    assert result.errors[0].message
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert list(Assignment.objects.values()) == before


def test_every_code_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("| Code | Meaning |") :].split("\n\n")[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE))
    assert documented == set(ERROR_CODES)
