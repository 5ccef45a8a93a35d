"""The catalogue's and the praktikplatsbank's API: lists with filters, writes with Swedish messages at the fields,
who may write (403), what charlie sees of Nyköping (nothing), and every placement transition with its 409."""

from __future__ import annotations

import datetime as dt

from etablera.activity.models import Participation, PlacementOffer
from etablera.activity.tests.bank_fixtures import *  # noqa: F403
from etablera.testing.api_client import messages


def test_activities_are_listed_created_and_changed(api, alice, charlie, activity, today):
    client = api(alice)
    answer = client.get("/activities", {"language": "so"}).json()
    assert [a["name"] for a in answer["items"]] == ["Språkcafé på biblioteket"]
    assert answer["items"][0]["free_places"] == 2
    assert client.get("/activities", {"kind": "WORK_TRAINING"}).json()["items"] == []
    assert api(charlie).get("/activities").json()["items"] == []
    body = {
        "name": "Arbetsträning",
        "kind": "WORK_TRAINING",
        "place": "Parken",
        "schedule": "Mån–fre",
        "hours_per_week": 41,
        "places": 0,
        "languages": ["xx"],
        "postcode": "1",
        "starts_on": today.isoformat(),
    }
    response = client.post("/activities", body)
    assert response.status_code == 422
    found = messages(response)
    assert "högst 40" in found[("body", "hours_per_week")]
    assert "större än 0" in found[("body", "places")]
    assert "Okänd språkkod" in found[("body", "languages")]
    assert "fem siffror" in found[("body", "postcode")]
    response = client.post(
        "/activities", {**body, "hours_per_week": 12.5, "places": 4, "languages": ["ar"], "postcode": "61130"}
    )
    assert response.status_code == 201 and response.json()["hours_per_week"] == "12.5"
    public_id = response.json()["public_id"]
    response = client.patch(f"/activities/{public_id}", {"places": 6, "active": False})
    assert response.status_code == 200 and (response.json()["places"], response.json()["active"]) == (
        6,
        False,
    )
    assert client.patch(f"/activities/{public_id}", {"active": False}).status_code == 409
    assert api(charlie).patch(f"/activities/{public_id}", {"places": 1}).status_code == 404


def test_employers_only_the_labour_market_unit_writes(api, lars, alice, charlie, employer):
    assert [e["name"] for e in api(alice).get("/employers").json()["items"]] == ["Bageriet Exempel AB"]
    assert api(charlie).get("/employers").json()["items"] == []
    response = api(alice).post("/employers", {"name": "X AB", "organisation_number": ORGNR_2})  # noqa: F405
    assert response.status_code == 403 and "arbetsmarknadsenheten" in response.json()["detail"]
    client = api(lars)
    response = client.post("/employers", {"name": "X AB", "organisation_number": "5599000010"})
    assert "kontrollsiffran är fel" in messages(response)[("body", "organisation_number")]
    response = client.post("/employers", {"name": "Y AB", "organisation_number": ORGNR})  # noqa: F405
    assert (
        "finns redan i praktikplatsbanken: Bageriet Exempel AB"
        in messages(response)[("body", "organisation_number")]
    )
    response = client.post("/employers", {"name": "X AB", "organisation_number": "559900 0022"})
    assert response.status_code == 201 and response.json()["organisation_number"] == ORGNR_2  # noqa: F405
    response = client.post(f"/employers/{employer.public_id}/contacts", {"name": "Kim", "phone": "12"})
    assert "Telefonnumret finns inte" in messages(response)[("body", "phone")]
    response = client.post(
        f"/employers/{employer.public_id}/contacts",
        {"name": "Kim", "phone": "0155-24 50 00", "is_supervisor": True},
    )
    assert response.status_code == 201 and response.json()["phone"] == "+46155245000"
    assert api(charlie).post(f"/employers/{employer.public_id}/contacts", {"name": "K"}).status_code == 404


def test_placements_are_created_and_listed_by_state(api, lars, alice, employer, supervisor, today):
    client = api(lars)
    body = {
        "employer": str(employer.public_id),
        "title": "Kock",
        "ssyk": "51",
        "tasks": "Laga mat",
        "starts_on": today.isoformat(),
        "ends_on": (today - dt.timedelta(days=1)).isoformat(),
        "hours_per_week": 30,
        "supervisor": supervisor.pk,
    }
    found = messages(client.post("/placements", body))
    assert "fyra siffror" in found[("body", "ssyk")]
    assert found[("body", "ends_on")] == "Slutdatumet kan inte vara före startdatumet."
    response = client.post(
        "/placements", {**body, "ssyk": "5120", "ends_on": (today + dt.timedelta(days=9)).isoformat()}
    )
    assert response.status_code == 201 and response.json()["state"] == "OPEN"
    assert api(alice).post("/placements", {**body, "ssyk": "5120"}).status_code == 403
    assert [p["title"] for p in api(alice).get("/placements", {"state": "OPEN"}).json()["items"]] == ["Kock"]
    assert api(alice).get("/placements", {"state": "FILLED"}).json()["items"] == []
    assert api(alice).get("/placements", {"ssyk": "x"}).status_code == 422


def test_the_transitions_and_their_conflicts(api, alice, lars, charlie, placement, adult, today):
    client = api(alice)
    assert (
        api(charlie)
        .post(f"/placements/{placement.public_id}/offers", {"person": str(adult.public_id)})
        .status_code
        == 404
    )
    response = client.post(
        f"/placements/{placement.public_id}/offers",
        {"person": str(adult.public_id), "explanation": [["Bor %(km)s km bort", {"km": 2}]]},
    )
    assert response.status_code == 201 and response.json()["status"] == "OFFERED"
    offer_id = response.json()["public_id"]
    again = client.post(f"/placements/{placement.public_id}/offers", {"person": str(adult.public_id)})
    assert again.status_code == 409 and "redan erbjudits" in again.json()["detail"]
    response = client.post(f"/placement-offers/{offer_id}/decline", {"reason": ""})
    assert messages(response)[("body", "decline_reason")] == "Skriv varför personen tackade nej."
    response = client.post(f"/placement-offers/{offer_id}/accept", {})
    assert response.status_code == 200 and response.json()["status"] == "ACCEPTED"
    assert Participation.objects.get(placement=placement).person == adult
    assert client.post(f"/placement-offers/{offer_id}/withdraw").status_code == 409
    listed = client.get("/placements", {"state": "FILLED"}).json()["items"]
    assert listed[0]["participant"] == str(adult.public_id)
    keeper = api(lars)
    assert keeper.post(f"/placements/{placement.public_id}/withdraw").status_code == 409
    response = keeper.post(f"/placements/{placement.public_id}/end", {"outcome": "EMPLOYMENT"})
    assert "före startdatumet" in messages(response)[("body", "ended_on")]
    placement.starts_on = today - dt.timedelta(days=3)
    placement.save(update_fields=["starts_on"])
    assert client.post(f"/placements/{placement.public_id}/end", {"outcome": "EMPLOYMENT"}).status_code == 403
    response = keeper.post(f"/placements/{placement.public_id}/end", {"outcome": "EMPLOYMENT"})
    assert response.status_code == 200 and (response.json()["state"], response.json()["outcome"]) == (
        "ENDED",
        "EMPLOYMENT",
    )
    response = keeper.put(f"/placements/{placement.public_id}/follow-up", {"text": "Anställd på deltid."})
    assert response.json()["employer_follow_up"] == "Anställd på deltid."
    assert keeper.post(f"/placements/{placement.public_id}/end", {"outcome": "NONE"}).status_code == 409


def test_a_withdrawn_offer_and_placement(api, alice, lars, placement, adult):
    client = api(alice)
    offer_id = client.post(
        f"/placements/{placement.public_id}/offers", {"person": str(adult.public_id)}
    ).json()["public_id"]
    assert client.post(f"/placement-offers/{offer_id}/withdraw").json()["status"] == "WITHDRAWN"
    offer_id = client.post(
        f"/placements/{placement.public_id}/offers", {"person": str(adult.public_id)}
    ).json()["public_id"]
    response = api(lars).post(f"/placements/{placement.public_id}/withdraw")
    assert response.status_code == 200 and response.json()["state"] == "WITHDRAWN"
    assert PlacementOffer.objects.get(public_id=offer_id).status == "WITHDRAWN"
    response = client.post(f"/placements/{placement.public_id}/offers", {"person": str(adult.public_id)})
    assert response.status_code == 409 and "bara en ledig" in response.json()["detail"]
