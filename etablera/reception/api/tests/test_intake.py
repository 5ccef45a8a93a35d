"""Issue #11 in the API: members for an anvisning (JSON and the CSV import), and a self-settled household (EBO)
registered as a reception case without an anvisning — per role."""

import datetime as dt
from pathlib import Path

import pytest

from etablera.people.models import Category, Person
from etablera.reception.models import Assignment, ReceptionCase
from etablera.testing.api_client import BASE, messages
from etablera.testing.factories import AssignmentFactory, personnummer

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples"
NUMBER = personnummer(dt.date(1984, 8, 8), 52)


@pytest.fixture
def bare(nykoping, units, today):
    return AssignmentFactory(
        reference="MIG-API-BARE",
        municipality=nykoping,
        decision_date=today - dt.timedelta(days=4),
        person_count=2,
    )


def member(**kwargs):
    return {
        "first_name": "Amal",
        "last_name": "Haddad",
        "identity_number_type": "PERSONNUMMER",
        "identity_number": NUMBER,
        **kwargs,
    }


def test_alice_adds_members_and_the_same_call_again_changes_nothing(api, alice, bare, today):
    client = api(alice)
    body = {"household_name": "Familjen Haddad", "members": [member()]}

    response = client.post(f"/assignments/{bare.pk}/members", body)

    assert response.status_code == 200, response.content
    assert response.json()["household"]["name"] == "Familjen Haddad"
    assert client.post(f"/assignments/{bare.pk}/members", body).status_code == 200
    bare.refresh_from_db()
    assert bare.household.memberships.count() == 1
    assert Person.objects.get(identity_number=NUMBER).category == bare.category
    arrival = client.post(f"/assignments/{bare.pk}/arrival", {"arrival_date": today.isoformat()})
    assert arrival.status_code == 201


def test_an_anvisning_without_members_is_refused_at_arrival(api, alice, bare, today):
    response = api(alice).post(f"/assignments/{bare.pk}/arrival", {"arrival_date": today.isoformat()})
    assert response.status_code == 422
    assert "inga hushållsmedlemmar" in messages(response)[("body", "household")]


def test_member_errors_are_at_the_field_counted_from_zero(api, alice, bare):
    response = api(alice).post(
        f"/assignments/{bare.pk}/members",
        {"members": [member(), member(first_name="", identity_number="19840808-0000")]},
    )
    assert response.status_code == 422
    found = messages(response)
    assert ("body", "members", 1, "identity_number") in found
    assert ("body", "members", 1, "first_name") in found
    bare.refresh_from_db()
    assert bare.household is None


def test_members_per_role(api, bob, charlie, stina, bare, alice, today):
    assert api(bob).post(f"/assignments/{bare.pk}/members", {"members": [member()]}).status_code in (403, 404)
    assert api(charlie).post(f"/assignments/{bare.pk}/members", {"members": [member()]}).status_code == 404
    assert api(stina).post(f"/assignments/{bare.pk}/members", {"members": [member()]}).status_code in (
        403,
        404,
    )
    api(alice).post(
        f"/assignments/{bare.pk}/cancel", {"reason": "Flyttat", "cancelled_date": today.isoformat()}
    )
    assert api(alice).post(f"/assignments/{bare.pk}/members", {"members": [member()]}).status_code == 409


def test_the_members_import_as_csv(api, alice, charlie, nykoping, units):
    from etablera.reception.importers import import_file

    import_file("assignments", (EXAMPLES / "anvisningar-utan-personer.csv").read_bytes())
    data = (EXAMPLES / "hushallsmedlemmar.csv").read_bytes()

    # A caseworker in Enköping: every row is about a Nyköping anvisning, and each is listed, at the column the
    # file calls it, with a message in the reader's language; nothing is saved.
    denied = api(charlie).client.post(f"{BASE}/imports/members", data, content_type="text/csv")
    assert denied.status_code == 200
    refused = denied.json()
    assert refused["ok"] is False and refused["created"] == 0
    assert [(e["row"], e["column"], e["code"]) for e in refused["errors"]] == [
        (row, "referens", "not_permitted") for row in range(3, 8)
    ]
    assert all(e["message"] and "Nyköping" not in e["message"] for e in refused["errors"])

    client = api(alice).client
    dry = client.post(f"{BASE}/imports/members?dry_run=true", data, content_type="text/csv").json()
    assert (dry["ok"], dry["dry_run"], dry["created"]) == (True, True, 5)
    assert not Person.objects.filter(last_name="Haddad").exists()
    done = client.post(f"{BASE}/imports/members", data, content_type="text/csv").json()
    assert (done["ok"], done["created"], done["rows"]) == (True, 5, 5)
    again = client.post(f"{BASE}/imports/members", data, content_type="text/csv").json()
    assert (again["created"], again["unchanged"]) == (0, 5)

    bad = client.post(
        f"{BASE}/imports/members",
        b"reference,relation,first_name,last_name,identity_number_type,identity_number\n"
        b"EX-2026-0102,vuxen,X,Y,personnummer,19840808-0000\n",
        content_type="text/csv",
    ).json()
    assert bad["ok"] is False
    assert [(e["row"], e["column"], e["code"], e["value"]) for e in bad["errors"]] == [
        (2, "identity_number", "invalid_identity_number", "")
    ]


def test_the_members_import_per_role(api, bob, stina):
    for user in (bob, stina):
        response = api(user).client.post(f"{BASE}/imports/members", b"reference\n", content_type="text/csv")
        assert response.status_code == 403


# --- self-settled (EBO) ------------------------------------------------------------------------------------------


def self_settled(**overrides):
    return {
        "municipality": "0480",
        "registered_date": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "household": {
            "name": "Familjen Eget",
            "members": [
                member(),
                member(
                    first_name="Sami",
                    identity_number="",
                    identity_number_type="NONE",
                    relation="CHILD",
                    birth_date="2017-03-03",
                ),
            ],
        },
        **overrides,
    }


def test_alice_registers_a_self_settled_household(api, alice, nykoping, units):
    response = api(alice).post("/reception-cases", self_settled())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["assignment"] is None and body["self_settled"] is True
    assert body["open_tasks"] > 0
    case = ReceptionCase.objects.get(pk=body["id"])
    assert {p.category for p in case.household.members.all()} == {Category.SELF_SETTLED}
    assert not Assignment.objects.exists()
    listed = api(alice).get("/reception-cases").json()["items"]
    assert [c["id"] for c in listed] == [case.pk] and listed[0]["self_settled"] is True


def test_self_settled_errors_and_roles(api, alice, bob, charlie, stina, nykoping, units, enkoping_reception):
    response = api(alice).post(
        "/reception-cases",
        self_settled(
            registered_date="2999-01-01", household={"name": "", "members": [member(identity_number="1")]}
        ),
    )
    assert response.status_code == 422
    found = messages(response)
    assert ("body", "registered_date") in found and ("body", "household", "name") in found
    assert ("body", "household", "members", 0, "identity_number") in found
    for user in (bob, charlie, stina):
        assert api(user).post("/reception-cases", self_settled()).status_code == 403
    assert not ReceptionCase.objects.exists()
    # Charlie sees nothing of Nyköping's self-settled household.
    api(alice).post("/reception-cases", self_settled())
    assert api(charlie).get("/reception-cases").json()["items"] == []


def test_an_anvisning_with_the_ebo_category_is_refused(api, alice, nykoping):
    response = api(alice).post(
        "/assignments",
        {
            "municipality": "0480",
            "reference": "MIG-EBO",
            "category": "SELF_SETTLED",
            "decision_date": dt.date.today().isoformat(),
            "person_count": 2,
        },
    )
    assert response.status_code == 422
    assert "Registrera hushållet under Hushåll" in messages(response)[("body", "category")]
