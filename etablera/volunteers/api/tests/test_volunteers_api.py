"""Volunteers and matches over the API (issue #17): staff of civil society only, another municipality's 404."""

import pytest

from etablera.access.models import AuditEvent
from etablera.volunteers import selectors, services

pytestmark = pytest.mark.django_db


def test_the_list_and_one_volunteer_per_role(api, make_volunteer, alice, bob, charlie, carol):
    vera = make_volunteer(background_check_note="Utdrag visat")
    make_volunteer(name="Tina", email="tina@example.org", languages=",ti,")
    answer = api(alice).get("/volunteers", {"language": "ar"}).json()
    assert [(v["name"], v["languages"], v["offers"]) for v in answer["items"]] == [
        ("Vera Volontär", ["ar", "sv"], ["LANGUAGE_FRIEND"])
    ]
    assert "background_check_note" not in answer["items"][0]
    assert api(carol).get("/volunteers").json()["count"] == 2
    assert api(bob).get("/volunteers").status_code == 403
    assert api(charlie).get("/volunteers").json()["items"] == []
    assert api(charlie).get(f"/volunteers/{vera.public_id}").status_code == 404
    detail = api(alice).get(f"/volunteers/{vera.public_id}").json()
    assert detail["background_check_note"] == "Utdrag visat" and detail["consent_version"] == 1
    assert AuditEvent.objects.filter(object_id=str(vera.public_id), action="VIEW", channel="API").exists()
    assert api(alice).get("/volunteers", {"language": "xx"}).status_code == 422


def test_matches_with_their_explanation(api, make_volunteer, alice, bob, family, today):
    make_volunteer()
    person = family.members.order_by("birth_date").first()
    wish = services.register_wish(
        actor=alice,
        person=person,
        kind="FAMILY",
        languages=["ar"],
        offers=["LANGUAGE_FRIEND"],
        area="Brandholmen",
        consent_given_by="Personen själv",
        consent_method="ORAL",
        consent_date=today,
    )
    volunteer, proposal = selectors.proposals(wish)[0]
    match = services.choose(actor=alice, wish=wish, volunteer=volunteer, proposal=proposal)
    items = api(alice).get("/volunteer-matches").json()["items"]
    assert items[0]["person_id"] == str(person.public_id)
    assert items[0]["explanation"][1] == {
        "key": "languages",
        "points": 20,
        "text": "Gemensamma språk: arabiska",
    }
    assert api(alice).get(f"/volunteer-matches/{match.public_id}").json()["status"] == "PROPOSED"
    assert api(bob).get(f"/volunteer-matches/{match.public_id}").status_code == 403
