"""The entitlements over the API (issue #15): the year per month, a month's explained lines, computing, rates and
moves — per role, with the contents checked."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from etablera.money.models import Relocation
from etablera.money.services.entitlements import compute
from etablera.money.tests.conftest import receive
from etablera.testing.api_client import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(nykoping):
    person = receive(dt.date(1990, 1, 1), dt.date(2024, 8, 10))
    compute(2024)
    return person


def test_the_year_per_month(olof, person):
    body = ApiClient(olof).get("/money/compensation", {"municipality": "0480", "year": 2024}).json()
    september = next(m for m in body["months"] if m["month"] == "2024-09")
    assert september["schablon"] == 6875 and september["initial_costs"] == 19_998
    assert september["expected"] == 6875 + 19_998 and september["difference"] == -(6875 + 19_998)
    assert body["total"]["expected"] == sum(m["expected"] for m in body["months"])


def test_the_lines_explain_themselves_and_name_only_seen_persons(olof, alice, person):
    lines = ApiClient(olof).get("/money/entitlements", {"municipality": "0480", "month": "2024-09"}).json()
    assert lines["count"] == 2 and all(item["person_id"] is None for item in lines["items"])
    assert any("årsbeloppet 165 000 kr" in item["explanation"] for item in lines["items"])
    seen = ApiClient(alice).get("/money/entitlements", {"municipality": "0480", "month": "2024-09"}).json()
    assert {item["person_id"] for item in seen["items"]} == {str(person.public_id)}


def test_wrong_input_and_others_figures(olof, charlie, bob, person):
    assert (
        ApiClient(olof).get("/money/entitlements", {"municipality": "0480", "month": "2024-13"}).status_code
        == 422
    )
    assert (
        ApiClient(charlie).get("/money/compensation", {"municipality": "0480", "year": 2024}).status_code
        == 403
    )
    assert (
        ApiClient(bob).get("/money/compensation", {"municipality": "0480", "year": 2024}).status_code == 403
    )


def test_computing_needs_the_manage_capability(olof, stina, person):
    assert (
        ApiClient(stina)
        .post("/money/entitlements/compute", {"municipality": "0480", "year": 2024})
        .status_code
        == 403
    )
    body = ApiClient(olof).post("/money/entitlements/compute", {"municipality": "0480", "year": 2024}).json()
    assert body["lines"]["SCHABLON"] == 4 and body["amounts"]["INITIAL_COSTS"] == 19_998


def test_a_move_is_recorded_for_a_seen_person_and_refused_twice(alice, person, nykoping):
    client = ApiClient(alice)
    body = {"person_id": str(person.public_id), "to_municipality": "0381", "moved_on": "2024-10-05"}
    response = client.post("/money/relocations", body)
    assert response.status_code == 201 and response.json()["from_municipality"] == "0480"
    again = client.post("/money/relocations", body)
    assert again.status_code == 422 and "redan" in again.content.decode()
    assert client.post("/money/relocations", {**body, "to_municipality": "0480"}).status_code == 422
    compute(2024, [nykoping.pk])
    assert Relocation.objects.count() == 1


def test_the_report_command_in_json(person, capsys):
    call_command("report", "compensation", "--municipality", "0480", "--year", "2024", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["municipality"] == "0480" and report["year"] == 2024
    september = next(m for m in report["months"] if m["month"] == "2024-09")
    assert set(september) == {
        "month",
        "schablon",
        "initial_costs",
        "minors_days",
        "expected",
        "received",
        "difference",
    }
    assert september["schablon"] == 6875 and september["minors_days"] == 0
    call_command("report", "compensation", "--municipality", "0480", "--year", "2024", "--format", "csv")
    assert "2024-09" in capsys.readouterr().out


def test_the_compute_command(person, capsys):
    call_command("compute_entitlements", "--year", "2024", "--municipality", "0480")
    assert "SCHABLON" in capsys.readouterr().out
