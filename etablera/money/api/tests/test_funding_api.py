"""The pot-and-split API (issue #15): a year set up and read with its figures, applications registered, listed,
decided and reported, a split's shares replaced; 403 for another municipality and for readers' writes, 404 for
another municipality's application and a year not set up, 409 for the wrong state, 422 with Swedish messages at the
fields; the same cost for one application as for many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from etablera.money.models import FundingYear, PotApplication, SplitShare
from etablera.money.services import funding as services
from etablera.organisation.models import Unit
from etablera.testing.api_client import messages

YEAR = 2025
URL = f"/money/funding/0480/{YEAR}"
S = PotApplication.Status


def application_body(**changes) -> dict:
    body = {
        "applicant_name": "Föreningen Gemenskap",
        "purpose": "Språkcafé",
        "amount_applied": 40_000,
        "period_start": f"{YEAR}-02-01",
        "period_end": f"{YEAR}-11-30",
    }
    body.update(changes)
    return body


@pytest.fixture
def pot(olof, nykoping):
    return services.set_up_year(olof, municipality=nykoping, year=YEAR, model="POT", budget=100_000)


@pytest.fixture
def application(olof, pot):
    return services.apply(
        olof,
        funding_year=pot,
        applicant_name="Röda Korset Nyköping",
        purpose="Läxhjälp",
        amount_applied=30_000,
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 6, 30),
    )


def test_a_year_set_up_changed_and_read(api, alice, nykoping):
    client = api(alice)
    assert client.get(URL).status_code == 404  # not set up yet
    made = client.put(URL, {"model": "POT", "budget": 500_000, "note": "KS 2025-01-20"})
    assert made.status_code == 200, made.content
    body = made.json()
    assert (body["municipality"], body["year"], body["model"], body["budget"]) == (
        "0480",
        YEAR,
        "POT",
        500_000,
    )
    assert (body["granted"], body["remaining"], body["applicants"], body["shares"]) == (0, 500_000, [], [])
    changed = client.put(URL, {"model": "SPLIT", "budget": 600_000})
    assert changed.json()["model"] == "SPLIT" and changed.json()["note"] == ""
    assert FundingYear.objects.get(municipality=nykoping, year=YEAR).budget == 600_000


def test_the_year_is_refused_in_swedish_at_its_fields(api, olof, pot):
    answer = api(olof).put(URL, {"model": "BOTH", "budget": 10_000_000_001})
    assert answer.status_code == 422
    assert messages(answer) == {
        ("body", "model"): "Välj fördelningsmodell: central pott eller fast fördelning.",
        ("body", "budget"): "Ange budgeten i hela kronor, från 0 till 10 000 000 000.",
    }
    answer = api(olof).put(URL, {"model": "POT", "budget": 1, "note": "x" * 2001})
    assert messages(answer)[("body", "body", "note")] == "Texten får ha högst 2000 tecken."
    assert api(olof).get("/money/funding/0480/2015").status_code == 422


def test_the_model_stays_once_there_are_applications(api, olof, application):
    answer = api(olof).put(URL, {"model": "SPLIT", "budget": 100_000})
    assert answer.status_code == 409
    assert answer.json()["detail"].startswith(
        "Fördelningsmodellen kan inte ändras: 2025 har redan ansökningar"
    )


def test_applications_registered_listed_decided_and_reported(api, olof, pot, units):
    client = api(olof)
    reception = units[Unit.Function.RECEPTION]
    made = client.post(
        f"{URL}/applications", application_body(applicant_unit=reception.pk, applicant_name="")
    )
    assert made.status_code == 201, made.content
    first = made.json()
    assert (first["applicant_unit"], first["applicant_name"], first["status"]) == (
        reception.pk,
        reception.name,
        "APPLIED",
    )
    second = client.post(f"{URL}/applications", application_body(amount_applied=70_000)).json()
    listed = client.get(f"{URL}/applications", {"limit": 1})
    assert listed.json()["count"] == 2 and len(listed.json()["items"]) == 1
    decided = client.post(
        f"/money/pot-applications/{first['id']}/decision", {"status": "GRANTED", "amount_granted": 40_000}
    )
    assert decided.status_code == 200 and decided.json()["amount_granted"] == 40_000
    over = client.post(
        f"/money/pot-applications/{second['id']}/decision", {"status": "GRANTED", "amount_granted": 60_001}
    )
    assert over.status_code == 422
    assert messages(over)[("body", "amount_granted")] == (
        "Beloppet ryms inte i budgeten: det finns 60 000 kr kvar av 100 000 kr (40 000 kr är redan beviljat)."
    )
    assert (
        client.post(
            f"/money/pot-applications/{second['id']}/decision",
            {"status": "GRANTED", "amount_granted": 60_000},
        ).status_code
        == 200
    )
    reported = client.post(
        f"/money/pot-applications/{first['id']}/report", {"spent": 39_000, "report": "Klart."}
    )
    assert reported.status_code == 200 and reported.json()["status"] == "REPORTED"
    year = client.get(URL).json()
    assert (year["applied"], year["granted"], year["spent"], year["remaining"]) == (
        110_000,
        100_000,
        39_000,
        0,
    )
    assert [a["name"] for a in year["applicants"]] == ["Föreningen Gemenskap", reception.name]


def test_wrong_states_are_409(api, olof, application, nykoping):
    client = api(olof)
    path = f"/money/pot-applications/{application.pk}"
    assert client.post(f"{path}/report", {"spent": 1, "report": "Tidigt."}).status_code == 409
    assert client.post(f"{path}/decision", {"status": "REFUSED", "decision_note": "Nej."}).status_code == 200
    again = client.post(f"{path}/decision", {"status": "GRANTED", "amount_granted": 1})
    assert again.status_code == 409 and again.json()["detail"].startswith(
        "Ansökan är redan beslutad: avslagen"
    )
    stale = client.post(f"{path}/report", {"spent": 1, "report": "x", "expected_status": "GRANTED"})
    assert stale.status_code == 409 and "Någon annan har ändrat ansökan" in stale.json()["detail"]
    services.set_up_year(olof, municipality=nykoping, year=YEAR + 1, model="SPLIT", budget=1)
    split = client.post(f"/money/funding/0480/{YEAR + 1}/applications", application_body())
    assert split.status_code == 409
    assert client.put(f"{URL}/shares", {"shares": []}).status_code == 409


def test_an_application_refused_in_swedish_at_its_fields(api, olof, pot):
    answer = api(olof).post(
        f"{URL}/applications",
        application_body(
            applicant_name="", amount_applied=0, period_start="2030-01-01", period_end="2030-02-01"
        ),
    )
    assert answer.status_code == 422
    assert messages(answer) == {
        ("body", "applicant_name"): "Ange vilken enhet eller förening som söker.",
        ("body", "amount_applied"): "Ange det sökta beloppet i hela kronor, från 1 till 10 000 000 000.",
        ("body", "period_start"): "Perioden ska ligga inom 2025 eller överlappa året.",
    }
    answer = api(olof).post(f"{URL}/applications", application_body(applicant_name="F" * 201))
    assert messages(answer)[("body", "body", "applicant_name")] == "Texten får ha högst 200 tecken."
    assert PotApplication.objects.count() == 0


def test_shares_replaced_at_100_00_and_refused_at_100_01(api, alice, nykoping):
    client = api(alice)
    client.put(URL, {"model": "SPLIT", "budget": 1_000_001})
    ok = client.put(
        f"{URL}/shares",
        {
            "shares": [
                {"recipient_name": "Skolan", "percent": 33.33},
                {"recipient_name": "SFI", "percent": 66.67},
            ]
        },
    )
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert [(s["recipient_name"], s["percent"], s["amount"]) for s in body["shares"]] == [
        ("SFI", 66.67, 666_700),
        ("Skolan", 33.33, 333_300),
    ]
    assert (body["percent_total"], body["distributed"], body["undistributed"]) == (100.0, 1_000_000, 1)
    over = client.put(
        f"{URL}/shares",
        {
            "shares": [
                {"recipient_name": "Skolan", "percent": 33.34},
                {"recipient_name": "SFI", "percent": 66.67},
            ]
        },
    )
    assert over.status_code == 422
    assert messages(over) == {
        ("body", "shares"): "Andelarna är tillsammans 100,01 procent; de får vara högst 100 procent."
    }
    bad = client.put(
        f"{URL}/shares", {"shares": [{"recipient_name": "Skolan", "percent": 12.345}, {"percent": 5}]}
    )
    assert messages(bad) == {
        ("body", "shares", 0, "percent"): "Ange andelen med högst två decimaler.",
        ("body", "shares", 1, "recipient_name"): "Ange vilken enhet eller förening som får andelen.",
    }
    assert SplitShare.objects.count() == 2


def test_who_gets_what(api, alice, bob, charlie, stina, carol, application):
    path = f"/money/pot-applications/{application.pk}/decision"
    assert api(carol).get(URL).status_code == 200
    assert api(bob).get(URL).status_code == 403
    assert api(charlie).get(URL).status_code == 403  # another municipality's year
    assert api(charlie).put(URL, {"model": "POT", "budget": 1}).status_code == 403
    assert api(charlie).post(path, {"status": "GRANTED", "amount_granted": 1}).status_code == 404
    assert api(stina).put(URL, {"model": "POT", "budget": 1}).status_code == 403  # reads only
    assert api(stina).post(f"{URL}/applications", application_body()).status_code == 403
    assert api(stina).post(path, {"status": "GRANTED", "amount_granted": 1}).status_code == 403
    assert api(stina).put(f"{URL}/shares", {"shares": []}).status_code == 403
    assert PotApplication.objects.get(pk=application.pk).status == S.APPLIED
    assert FundingYear.objects.get(pk=application.funding_year_id).budget == 100_000


def test_the_list_costs_the_same_for_one_application_or_many(api, olof, pot, application):
    client = api(olof)
    client.get(f"{URL}/applications")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{URL}/applications").json()["count"] == 1
    for _ in range(6):
        client.post(f"{URL}/applications", application_body())
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{URL}/applications").json()["count"] == 7
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as year:
        client.get(URL)
    assert len(year) <= len(few) + 3
