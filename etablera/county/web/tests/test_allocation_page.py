"""The allocation model on the county board's page (issue #16): the model beside the decided kommuntal, the criteria
marked unverified, an adjustment recorded (and the total still the länstal), errors at the fields, others refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from etablera.access.models import AuditEvent
from etablera.county.models import Adjustment

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "data" / "sodermanland_criteria.csv"
PAGE = "/lan/fordelning/?lan=04&ar=2017&lanstal=347"


@pytest.fixture
def criteria(db):
    call_command("import_allocation_criteria", str(DATA), stdout=io.StringIO(), stderr=io.StringIO())


def _main(response) -> str:
    text = response.content.decode()
    return text[text.find("<main") :]


def test_the_model_beside_the_decided_kommuntal(signed_in, lena, criteria):
    response = signed_in(lena).get(PAGE)
    main = _main(response)
    assert response.status_code == 200
    for name in ("Eskilstuna", "Nyköping", "Strängnäs", "Trosa", "Vingåker"):
        assert name in main
    assert "347" in main and "underlag inte kontrollerat" in main and "inte kontrollerad" in main
    assert ">135<" in main  # Nyköping's decided kommuntal 2017 (seed 002)


def test_an_adjustment_is_kept_and_the_rest_redistributed(signed_in, lena, criteria):
    client = signed_in(lena)
    response = client.post(
        "/lan/fordelning/",
        {
            "lan": "04",
            "ar": "2017",
            "lanstal": "347",
            "municipality": "0484",
            "kommuntal": "40",
            "reason": "Nytt boende",
        },
    )
    assert response.status_code == 302 and response.url.startswith("/lan/fordelning/?lan=04&ar=2017")
    adjustment = Adjustment.objects.get()
    assert (adjustment.municipality.code, adjustment.kommuntal, adjustment.created_by) == ("0484", 40, lena)
    assert AuditEvent.objects.filter(actor=lena, object_type="Adjustment").exists()
    main = _main(client.get(PAGE))
    assert "Nytt boende" in main and ">347<" in main
    client.post("/lan/fordelning/", {"lan": "04", "ar": "2017", "remove": adjustment.pk})
    assert not Adjustment.objects.exists()


def test_errors_at_the_fields_and_nothing_saved(signed_in, lena, criteria):
    response = signed_in(lena).post(
        "/lan/fordelning/",
        {"lan": "04", "ar": "2017", "municipality": "0484", "kommuntal": "-3", "reason": ""},
    )
    assert response.status_code == 400 and not Adjustment.objects.exists()
    main = _main(response)
    assert 'aria-invalid="true"' in main or "error" in main


def test_a_year_without_criteria_says_what_is_missing(signed_in, lena):
    main = _main(signed_in(lena).get("/lan/fordelning/?lan=04&ar=2020&lanstal=100"))
    assert "import_allocation_criteria" in main


def test_others_are_refused(signed_in, alice, carol, stina, lena, criteria):
    for user in (alice, carol, stina):
        assert signed_in(user).get(PAGE).status_code == 403
    assert signed_in(lena).get("/lan/fordelning/?lan=03&ar=2017&lanstal=10").status_code == 403
