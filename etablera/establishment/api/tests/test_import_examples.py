"""The establishment example files in docs/examples (docs/import-formats.md) import cleanly for the demo's reception
caseworker, after the household members they are about, and the same files again change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from etablera.establishment.importers import import_file as import_establishment
from etablera.establishment.models import MonthlyStatus, SfiEnrolment
from etablera.organisation.models import User
from etablera.reception.importers import import_file
from etablera.testing.demo import demo_command

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples"


@pytest.fixture
def demo(db):
    demo_command()


def test_the_establishment_examples_import_cleanly(demo):
    handlaggare = User.objects.get(username="handlaggare")
    for kind, name in (
        ("assignments", "anvisningar-utan-personer.csv"),
        ("members", "hushallsmedlemmar.csv"),
    ):
        assert import_file(kind, (EXAMPLES / name).read_bytes(), actor=handlaggare).errors == []

    status = (EXAMPLES / "status-per-manad.csv").read_bytes()
    sfi = (EXAMPLES / "sfi-anmalningar.csv").read_bytes()
    first = import_establishment("monthly-status", status, actor=handlaggare)
    assert (first.errors, first.created) == ([], 3)
    assert MonthlyStatus.objects.get(person__last_name="Tesfaye").status == "PARENTAL_LEAVE"
    enrolled = import_establishment("sfi", sfi, actor=handlaggare)
    assert (enrolled.errors, enrolled.created) == ([], 2)
    assert (
        SfiEnrolment.objects.get(person__first_name="Amal", person__last_name="Haddad").status == "STUDYING"
    )
    assert import_establishment("monthly-status", status, actor=handlaggare).unchanged == 3
    assert import_establishment("sfi", sfi, actor=handlaggare).unchanged == 2
