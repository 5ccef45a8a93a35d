"""Every example file in docs/examples imports cleanly for the demo user who would import it (docs/import-formats.md):
the anvisningar and their household members for the reception caseworker in Nyköping (handlaggare), the homes for
the housing officer (bostad), both through the service the page and the API call; the kommuntal, a county's file
for several municipalities, on the command line (as the system), the only place quotas are imported."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from etablera.housing.importers import import_units
from etablera.housing.models import HousingUnit
from etablera.organisation.models import User
from etablera.reception.importers import import_file
from etablera.reception.models import Assignment, MunicipalQuota

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


@pytest.fixture
def demo(demo_for_the_module, db):
    """The demo, loaded once for the module's tests (testing.fixtures.demo_for_the_module)."""


def _bytes(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def test_every_example_file_is_covered_here():
    covered = {
        "kommuntal.csv",
        "kommuntal-excel.csv",
        "anvisningar.csv",
        "anvisningar-uppdatering.csv",
        "anvisningar-utan-personer.csv",
        "hushallsmedlemmar.csv",
        "bostader.csv",
        # the establishment's (issue #12), imported in etablera/establishment/api/tests/test_import_examples.py
        "status-per-manad.csv",
        "sfi-anmalningar.csv",
    }
    assert {path.name for path in EXAMPLES.glob("*.csv")} == covered


def test_the_anvisningar_examples_import_cleanly_for_the_reception_caseworker(demo):
    handlaggare = User.objects.get(username="handlaggare")

    first = import_file("assignments", _bytes("anvisningar.csv"), actor=handlaggare)
    assert (first.errors, first.created) == ([], 7)
    update = import_file("assignments", _bytes("anvisningar-uppdatering.csv"), actor=handlaggare)
    assert (update.errors, update.created, update.updated, update.unchanged) == ([], 1, 2, 1)
    assert Assignment.objects.filter(reference__startswith="EX-2026-00").count() == 8
    assert set(
        Assignment.objects.filter(reference__startswith="EX-2026-").values_list(
            "municipality__code", flat=True
        )
    ) == {"0480"}


def test_the_members_examples_import_cleanly_in_order_for_the_reception_caseworker(demo):
    handlaggare = User.objects.get(username="handlaggare")

    bare = import_file("assignments", _bytes("anvisningar-utan-personer.csv"), actor=handlaggare)
    assert (bare.errors, bare.created) == ([], 2)
    members = import_file("members", _bytes("hushallsmedlemmar.csv"), actor=handlaggare)
    assert (members.errors, members.created) == ([], 5)
    households = {
        a.reference: a.household for a in Assignment.objects.filter(reference__startswith="EX-2026-01")
    }
    assert {ref: h.members.count() for ref, h in households.items()} == {"EX-2026-0101": 3, "EX-2026-0102": 2}
    assert households["EX-2026-0102"].members.filter(first_name="Dawit").exists()

    again = import_file("members", _bytes("hushallsmedlemmar.csv"), actor=handlaggare)
    assert (again.errors, again.created, again.unchanged) == ([], 0, 5)


def test_the_homes_example_imports_cleanly_for_the_housing_officer(demo):
    bostad = User.objects.get(username="bostad")
    before = HousingUnit.objects.count()

    result = import_units(_bytes("bostader.csv"), actor=bostad)

    assert (result.errors, result.created) == ([], 8)
    assert HousingUnit.objects.count() == before + 8
    assert set(
        HousingUnit.objects.filter(reference="KM-0001").values_list("municipality__code", flat=True)
    ) == {"0480"}


def test_the_quota_examples_import_cleanly_on_the_command_line(demo):
    for name, created in (("kommuntal.csv", 4), ("kommuntal-excel.csv", 3)):
        out = StringIO()
        call_command("import_data", "quotas", str(EXAMPLES / name), "--format", "json", stdout=out)
        assert '"errors": []' in out.getvalue()
        assert f'"created": {created}' in out.getvalue() or '"updated"' in out.getvalue()
    assert MunicipalQuota.objects.get(municipality__code="0488", year=2026).quota == 14
