"""The example files in docs/examples import cleanly, in the order the documentation describes."""

import datetime as dt
from pathlib import Path

from etablera.reception.importers import import_file
from etablera.reception.models import Assignment, MunicipalQuota

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def load(name: str, kind: str, **kwargs):
    return import_file(kind, (EXAMPLES / name).read_bytes(), **kwargs)


def test_the_quota_examples_import_cleanly(db):
    plain = load("kommuntal.csv", "quotas")
    excel = load("kommuntal-excel.csv", "quotas")

    assert (plain.errors, plain.created) == ([], 4)
    assert (excel.errors, excel.created) == ([], 3)
    nykoping = MunicipalQuota.objects.get(municipality__code="0480", year=2026)
    assert nykoping.quota == 40 and sum(m.count for m in nykoping.months.all()) == 40
    assert MunicipalQuota.objects.get(municipality__code="0483").quota == 8  # "483" in the Excel file
    assert (
        MunicipalQuota.objects.get(municipality__code="0488").note == "Beslut 2025-10-15; ev. ändring i mars"
    )
    assert load("kommuntal.csv", "quotas").unchanged == 4


def test_the_assignment_examples_import_cleanly_and_the_update_moves_statuses_forward(db):
    first = load("anvisningar.csv", "assignments")
    assert (first.errors, first.created) == ([], 7)

    update = load("anvisningar-uppdatering.csv", "assignments")
    assert (update.errors, update.created, update.updated, update.unchanged) == ([], 1, 2, 1)
    statuses = dict(Assignment.objects.values_list("reference", "status"))
    assert statuses["EX-2026-0004"] == "RECEIVED" and statuses["EX-2026-0005"] == "CANCELLED"
    assert Assignment.objects.get(reference="EX-2026-0006").quota_year == 2025
    assert Assignment.objects.get(reference="EX-2026-0002").latest_reception_date == dt.date(2026, 5, 15)

    again = load("anvisningar.csv", "assignments")
    # The first file is older than the update: it would move two anvisningar back, and is refused as a whole.
    assert {e.code for e in again.errors} == {"status_backwards"}
