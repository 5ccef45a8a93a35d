import pytest

from etablera.access.models import AuditEvent
from etablera.api_v1 import api as v1
from etablera.people.models import Person
from etablera.testing.factories import HouseholdFactory, personnummer


def api_schema_paths() -> dict:
    return v1.get_openapi_schema()["paths"]


@pytest.fixture
def numbered(family):
    """The family's members all named Exempelsson; the first adult has a personnummer."""
    members = list(
        Person.objects.filter(household_memberships__household=family).order_by("birth_date", "pk")
    )
    Person.objects.filter(pk__in=[p.pk for p in members]).update(last_name="Exempelsson")
    adult = members[0]
    number = personnummer(adult.birth_date)
    Person.objects.filter(pk=adult.pk).update(identity_number_type="PERSONNUMMER", identity_number=number)
    adult.refresh_from_db()
    return adult


@pytest.fixture
def other_household(nykoping):
    """A household of Nyköping that no unit but the reception unit has anything to do with."""
    return HouseholdFactory.with_members([30], municipality=nykoping, name="Familjen Annan")


def test_a_search_needs_a_term_of_two_characters(api, alice, family):
    client = api(alice)
    for path in ("/persons/search", "/households/search"):
        assert client.post(path, {}).status_code == 422
        response = client.post(path, {"q": "E"})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "q"
        assert response.json()["detail"][0]["code"] == "string_too_short"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LIST).exists()


def test_there_is_no_search_in_the_address(api, alice, numbered, family):
    """Names and identity numbers in a query string end up in proxy and server logs: the only way to search is
    a POST with the term in the body. GET /persons and GET /households do not exist."""
    client = api(alice)
    for path in ("/persons", "/households"):
        assert client.get(path, {"q": "Exempelsson"}).status_code == 404
    assert client.get("/persons", {"q": numbered.identity_number}).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LIST).exists()
    paths = api_schema_paths()
    assert "/api/v1/persons" not in paths and "/api/v1/households" not in paths
    assert set(paths["/api/v1/persons/search"]) == {"post"}
    assert set(paths["/api/v1/households/search"]) == {"post"}
    for operation in (paths["/api/v1/persons/search"]["post"], paths["/api/v1/households/search"]["post"]):
        assert "q" not in {p["name"] for p in operation.get("parameters", [])}


def test_it_finds_persons_with_masked_numbers_and_no_internal_ids(api, alice, numbered):
    response = api(alice).post("/persons/search", {"q": "Exempelsson"})
    body = response.json()
    assert body["count"] == 4
    found = {item["public_id"]: item for item in body["items"]}
    item = found[str(numbered.public_id)]
    assert item["identity_number_masked"] == numbered.identity_number[:8] + "-****"
    assert "identity_number" not in item and "id" not in item
    assert numbered.identity_number not in response.content.decode()
    assert item["protected_identity"] is False


def test_it_finds_a_person_by_the_whole_personnummer_sent_in_the_body(api, alice, numbered):
    body = api(alice).post("/persons/search", {"q": numbered.identity_number}).json()
    assert [i["public_id"] for i in body["items"]] == [str(numbered.public_id)]


def test_person_search_is_paged_and_logs_only_the_page_shown(api, alice, numbered):
    client = api(alice)
    first = client.post("/persons/search?limit=2", {"q": "Exempelsson"}).json()
    assert first["count"] == 4 and len(first["items"]) == 2
    logged = AuditEvent.objects.filter(
        actor=alice, action=AuditEvent.Action.LIST, channel=AuditEvent.Channel.API
    )
    assert {str(e.person_public_id) for e in logged} == {i["public_id"] for i in first["items"]}
    second = client.post("/persons/search?limit=2&offset=2", {"q": "Exempelsson"}).json()
    assert len({i["public_id"] for i in first["items"] + second["items"]}) == 4


def test_person_detail_shows_the_whole_number_and_is_logged(api, alice, numbered, family):
    response = api(alice).get(f"/persons/{numbered.public_id}")
    assert response.status_code == 200
    body = response.json()
    number = numbered.identity_number
    assert body["identity_number"] == f"{number[:8]}-{number[8:]}"
    assert body["households"] == [
        {"public_id": str(family.public_id), "name": family.name, "relation": "ADULT"}
    ]
    assert body["municipality"]["code"] == "0480"
    assert AuditEvent.objects.filter(
        actor=alice,
        action=AuditEvent.Action.VIEW,
        channel=AuditEvent.Channel.API,
        person_public_id=numbered.public_id,
    ).exists()


def test_a_protected_person_is_flagged_and_shows_no_address(api, alice, numbered):
    Person.objects.filter(pk=numbered.pk).update(protected_identity="PROTECTED_REGISTRATION")
    item = next(
        i
        for i in api(alice).post("/persons/search", {"q": "Exempelsson"}).json()["items"]
        if i["public_id"] == str(numbered.public_id)
    )
    assert item["protected_identity"] is True
    detail = api(alice).get(f"/persons/{numbered.public_id}").json()
    assert detail["protected_identity"] is True
    assert detail["protected_identity_level"] == "PROTECTED_REGISTRATION"
    assert detail["address_protected"] is True and detail["address"] is None  # masked, even to the reception


def test_an_outsider_municipality_sees_neither_persons_nor_households(api, charlie, numbered, family):
    client = api(charlie)
    assert client.post("/persons/search", {"q": "Exempelsson"}).json()["count"] == 0
    assert client.get(f"/persons/{numbered.public_id}").status_code == 404
    assert client.get(f"/households/{family.public_id}").status_code == 404
    assert client.post("/households/search", {"q": "Exempel"}).json()["count"] == 0
    # Missing and forbidden look the same.
    missing = client.get("/households/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing.json() == client.get(f"/households/{family.public_id}").json()
    assert not AuditEvent.objects.filter(actor=charlie).exists()


def test_the_statistics_role_sees_no_persons(api, stina, numbered, family):
    client = api(stina)
    assert client.post("/persons/search", {"q": "Exempelsson"}).json()["count"] == 0
    assert client.get(f"/persons/{numbered.public_id}").status_code == 404
    assert client.get(f"/households/{family.public_id}").status_code == 404


def test_a_colleague_in_another_unit_sees_only_households_with_its_tasks(
    api, bob, received, family, other_household
):
    client = api(bob)
    names = {h["name"] for h in client.post("/households/search", {"q": "Familjen"}).json()["items"]}
    assert names == {"Familjen Exempel"}
    assert client.get(f"/households/{other_household.public_id}").status_code == 404
    assert client.get(f"/households/{family.public_id}").status_code == 200


def test_household_search_lists_with_member_counts(api, alice, family, other_household):
    body = api(alice).post("/households/search", {"q": "Familjen"}).json()
    assert body["count"] == 2
    counts = {h["name"]: h["member_count"] for h in body["items"]}
    assert counts == {"Familjen Annan": 1, "Familjen Exempel": 4}
    logged = AuditEvent.objects.filter(
        actor=alice, action=AuditEvent.Action.LIST, channel=AuditEvent.Channel.API
    )
    assert set(logged.values_list("household_public_id", flat=True)) == {
        family.public_id,
        other_household.public_id,
    }


def test_household_search_is_paged(api, alice, family, other_household):
    client = api(alice)
    first = client.post("/households/search?limit=1", {"q": "Familjen"}).json()
    second = client.post("/households/search?limit=1&offset=1", {"q": "Familjen"}).json()
    assert first["count"] == second["count"] == 2
    assert {first["items"][0]["name"], second["items"][0]["name"]} == {"Familjen Annan", "Familjen Exempel"}


def test_household_detail_has_members_assignment_case_and_timeline(api, alice, numbered, received, family):
    response = api(alice).get(f"/households/{family.public_id}")
    body = response.json()
    assert body["public_id"] == str(family.public_id) and "id" not in body
    assert len(body["members"]) == 4
    assert {m["relation"] for m in body["members"]} == {"ADULT", "CHILD"}
    assert numbered.identity_number not in response.content.decode()
    assert body["assignments"][0]["reference"] == "MIG-2026-API-001"
    assert body["assignments"][0]["status"] == "RECEIVED"
    assert body["reception_case"]["id"] == received.pk
    assert {e["kind"] for e in body["events"]} >= {"ASSIGNED", "RECEIVED"}
    # The household and each member read are in the audit log, marked as API.
    views = AuditEvent.objects.filter(
        actor=alice, action=AuditEvent.Action.VIEW, channel=AuditEvent.Channel.API
    )
    assert views.filter(household_public_id=family.public_id, object_type="Household").exists()
    assert views.filter(object_type="Person").count() == 4
