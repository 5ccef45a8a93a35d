"""The register over the API (issue #17): lists and one association with its parts, create with the organisation
number checked, the association's activities in the catalogue; who gets what."""

from __future__ import annotations

import pytest

from etablera.access.models import AuditEvent
from etablera.civil.conftest import ORGNR
from etablera.testing.api_client import messages

pytestmark = pytest.mark.django_db


def test_it_lists_the_associations_of_the_users_municipality(api, alice, carol, bob, charlie, association):
    items = api(alice).get("/associations").json()["items"]
    assert [(a["name"], a["organisation_number"], a["languages"]) for a in items] == [
        ("Nyköpings IF", ORGNR, ["ar", "so"])
    ]
    assert "contacts" not in items[0]
    assert api(carol).get("/associations", {"language": "so", "kind": "SPORTS"}).json()["count"] == 1
    assert api(carol).get("/associations", {"language": "ti"}).json()["count"] == 0
    assert api(charlie).get("/associations").json()["items"] == []
    assert api(bob).get("/associations").json()["items"] == []


def test_one_association_with_its_contacts_and_the_read_logged(api, alice, charlie, association):
    answer = api(alice).get(f"/associations/{association.public_id}").json()
    assert answer["contacts"] == [
        {
            "id": answer["contacts"][0]["id"],
            "name": "Kerstin Ledare",
            "role": "Ordförande",
            "email": "",
            "phone": "+46701234567",
        }
    ]
    assert answer["offers"][0]["venues"] == "Rosvalla" and answer["agreements"] == []
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, object_id=str(association.public_id), channel=AuditEvent.Channel.API
    ).exists()
    assert api(charlie).get(f"/associations/{association.public_id}").status_code == 404


def test_it_creates_an_association_and_refuses_a_bad_number(api, alice, bob):
    bad = api(alice).post(
        "/associations", {"name": "ABF Nyköping", "kind": "STUDY", "organisation_number": "802400-1004"}
    )
    assert bad.status_code == 422
    assert messages(bad)[("body", "organisation_number")].startswith("Organisationsnumret stämmer inte")
    created = api(alice).post(
        "/associations", {"name": "ABF Nyköping", "kind": "STUDY", "organisation_number": "8024001003"}
    )
    assert created.status_code == 201 and created.json()["organisation_number"] == "802400-1003"
    assert api(bob).post("/associations", {"name": "X", "kind": "STUDY"}).status_code == 403


def test_the_association_activities_join_the_catalogue(api, alice, charlie, association, today):
    body = {
        "name": "Språkcafé i kyrkan",
        "place": "Alla helgona",
        "schedule": "ons 14–16",
        "hours_per_week": 2,
        "places": 20,
        "languages": ["ar", "fa"],
        "starts_on": today.isoformat(),
    }
    created = api(alice).post(f"/associations/{association.public_id}/activities", body)
    assert created.status_code == 201
    assert created.json()["organiser"] == "Nyköpings IF" and created.json()["free_places"] == 20
    listed = api(alice).get(f"/associations/{association.public_id}/activities").json()
    assert [a["name"] for a in listed] == ["Språkcafé i kyrkan"]
    catalogue = api(alice).get("/activities", {"language": "fa"}).json()["items"]
    assert [a["name"] for a in catalogue] == ["Språkcafé i kyrkan"]
    invalid = api(alice).post(f"/associations/{association.public_id}/activities", {**body, "places": 0})
    assert invalid.status_code == 422
    assert api(charlie).post(f"/associations/{association.public_id}/activities", body).status_code == 404
    assert api(charlie).get(f"/associations/{association.public_id}/activities").status_code == 404


def test_the_list_costs_the_same_for_one_row_and_many(
    api, alice, nykoping, association, django_assert_max_num_queries
):
    from etablera.civil.services import associations, contacts

    client = api(alice)
    client.get("/associations")
    with django_assert_max_num_queries(10) as one:
        client.get("/associations")
    for n in range(6):
        club = associations.create_association(
            actor=alice, municipality=nykoping, name=f"Klubb {n}", kind="SPORTS"
        )
        contacts.add_offer(actor=alice, association=club, kind="SPORTS", languages="ti")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/associations").json()["count"] == 7
