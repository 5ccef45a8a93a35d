"""The housing API: homes, their import, the waiting list, a household's housing need and contracts — as hanna
(housing unit), alice (reception), bob (SFI), charlie (Enköping) and stina (statistics) — with addresses of
protected households masked wherever a household stands next to a home."""

import datetime as dt

import pytest

from etablera.access.models import AuditEvent
from etablera.housing import services
from etablera.housing.models import Contract, HousingNeed, HousingUnit
from etablera.people.models import Person, ProtectedIdentity
from etablera.testing.api_client import ApiClient, messages
from etablera.testing.factories import HouseholdFactory, HousingUnitFactory

pytestmark = pytest.mark.django_db

UNIT = {
    "municipality": "0480",
    "reference": "API-1",
    "address_street": "Påhittade allén 4",
    "address_postal_code": "611 30",
    "address_city": "Nyköping",
    "landlord": "HOUSING_COMPANY",
    "kind": "FLAT",
    "rooms": 4,
    "bedrooms": 3,
    "monthly_cost": 9900,
}
CSV = (
    "objektnummer;adress;hyresvärd;typ;rum;sovrum;hyra\n"
    "CSV-1;Låtsasgatan 1;bostadsbolag;lägenhet;3;2;8 100\n"
    "CSV-2;Låtsasgatan 3;privat;hus;5;4;12 000\n"
).encode()


@pytest.fixture
def need(alice, family):
    """The family is waiting for a home (registered by reception, so the housing unit sees it)."""
    services.set_housing_need(actor=alice, household=family)
    return family


@pytest.fixture
def protected(alice, nykoping):
    household = HouseholdFactory.with_members([35, 6], municipality=nykoping, name="Familjen Skyddad")
    Person.objects.filter(household_memberships__household=household).update(
        protected_identity=ProtectedIdentity.CONFIDENTIALITY_MARKING
    )
    services.set_housing_need(actor=alice, household=household)
    return household


def contract_for(household, unit, today, *, sign=True, **kwargs):
    values = dict(kind="SECOND_HAND", start_date=today, payer="HOUSEHOLD")
    values.update(kwargs)
    return services.create_contract(actor=None, household=household, unit=unit, sign=sign, **values)


# --- homes ------------------------------------------------------------------------------------------------------


def test_housing_staff_list_their_homes_and_nobody_else_does(hanna, alice, bob, charlie, stina, flat):
    assert [u["reference"] for u in ApiClient(hanna).get("/housing/units").json()["items"]] == ["NH-1001"]
    assert ApiClient(alice).get("/housing/units").json()["count"] == 1
    for user in (bob, charlie, stina):
        assert ApiClient(user).get("/housing/units").json()["count"] == 0


def test_unit_list_filters(hanna, flat, nykoping):
    HousingUnitFactory(municipality=nykoping, kind="HOTEL", rooms=1, bedrooms=1, is_active=False)
    client = ApiClient(hanna)
    assert client.get("/housing/units", {"kind": "HOTEL"}).json()["count"] == 1
    assert client.get("/housing/units", {"active": "true"}).json()["items"][0]["reference"] == "NH-1001"
    assert client.get("/housing/units", {"min_bedrooms": 2}).json()["count"] == 1
    assert client.get("/housing/units", {"municipality": "0381"}).json()["count"] == 0


def test_create_unit_and_refuse_bad_input_in_swedish(hanna):
    client = ApiClient(hanna)
    created = client.post("/housing/units", UNIT)
    assert created.status_code == 201, created.content
    assert created.json()["kind_display"] == "Lägenhet"
    assert HousingUnit.objects.get(reference="API-1").bedrooms == 3

    again = client.post("/housing/units", UNIT)
    assert again.status_code == 422
    assert "finns redan" in messages(again)[("body", "reference")]

    bad = client.post("/housing/units", {**UNIT, "reference": "API-2", "rooms": 2, "bedrooms": 3})
    assert bad.status_code == 422
    assert messages(bad)[("body", "bedrooms")] == "Bostaden kan inte ha fler sovrum (3) än rum (2)."

    unknown = client.post("/housing/units", {**UNIT, "municipality": "9999"})
    assert messages(unknown)[("body", "municipality")].startswith("Okänd kommunkod")
    too_long = client.post("/housing/units", {**UNIT, "address_street": "x" * 201})
    # Longer than the column holds: refused by the schema (ninja's own message), never a database error.
    assert too_long.status_code == 422 and "address_street" in next(iter(messages(too_long)))


@pytest.mark.parametrize("who", ["bob", "charlie", "stina"])
def test_only_housing_staff_of_the_municipality_create_homes(request, who):
    response = ApiClient(request.getfixturevalue(who)).post("/housing/units", UNIT)
    assert response.status_code == 403
    assert not HousingUnit.objects.filter(reference="API-1").exists()


def test_get_and_update_a_unit_404_for_another_municipality(hanna, charlie, flat):
    client = ApiClient(hanna)
    detail = client.get(f"/housing/units/{flat.pk}")
    assert detail.status_code == 200
    assert (detail.json()["free_places"], detail.json()["contracts"]) == (1, [])

    body = {k: v for k, v in UNIT.items() if k != "municipality"} | {
        "reference": "NH-1001",
        "monthly_cost": 9000,
    }
    updated = client.put(f"/housing/units/{flat.pk}", body)
    assert updated.status_code == 200, updated.content
    flat.refresh_from_db()
    assert flat.monthly_cost == 9000
    assert AuditEvent.objects.filter(object_type="HousingUnit", action=AuditEvent.Action.UPDATE).exists()

    assert ApiClient(charlie).get(f"/housing/units/{flat.pk}").status_code == 404
    assert ApiClient(charlie).put(f"/housing/units/{flat.pk}", body).status_code == 404
    assert client.get("/housing/units/999999999").status_code == 404


def test_a_protected_households_home_has_no_address_and_lists_no_contract_of_it(
    alice, hanna, flat, need, protected, today
):
    """Issue #9: the home's record gave its address and the protected household's contract (id and dates), and
    the household's housing need gave the same dates: joined, where the household lives."""
    flat.capacity = 3
    flat.save()
    contract_for(need, flat, today)
    hidden = contract_for(protected, flat, today - dt.timedelta(days=3), kind="TEMPORARY")
    street = flat.address_street.encode()
    # alice: once housed for good, a household is no longer in the housing unit's queue (nor in its view).
    response = ApiClient(alice).get(f"/housing/units/{flat.pk}")
    body = response.json()
    assert [c["household"]["name"] for c in body["contracts"]] == ["Familjen Exempel"]
    assert str(hidden.public_id).encode() not in response.content
    assert (body["address_street"], body["address_postal_code"], body["address_city"], body["area"]) == (
        None,
        None,
        None,
        None,
    )
    assert body["address_masked"] is True and body["reference"] == "NH-1001" and body["free_places"] == 1
    assert street not in response.content
    for path in ("/housing/units", "/housing/units/free", "/housing/contracts", "/housing/needs"):
        answer = ApiClient(hanna).get(path)
        assert answer.status_code == 200 and street not in answer.content, path
    [unit] = [u for u in ApiClient(hanna).get("/housing/units").json()["items"] if u["id"] == flat.pk]
    assert unit["address_masked"] is True and unit["address_street"] is None
    # The unprotected neighbour's own housing does not give the address either.
    answer = ApiClient(hanna).get(f"/households/{need.public_id}/housing-need")
    assert answer.json()["contracts"][0]["address_masked"] is True and street not in answer.content
    # Changing the home answers without its address.
    body = {k: v for k, v in UNIT.items() if k != "municipality"} | {"reference": "NH-1001", "capacity": 3}
    answer = ApiClient(hanna).put(f"/housing/units/{flat.pk}", body)
    assert answer.status_code == 200 and answer.json()["address_street"] is None


def test_a_protected_home_is_changed_without_knowing_its_address(hanna, flat, protected, today):
    """The client cannot see a protected home's address, so the address fields it leaves out are kept; the audit
    event of a change of address records that it changed, not the protected address (issue #9)."""
    contract_for(protected, flat, today, kind="TEMPORARY")
    street = flat.address_street
    body = {
        k: v for k, v in UNIT.items() if k not in ("municipality", "address_street", "address_postal_code")
    }
    answer = ApiClient(hanna).put(f"/housing/units/{flat.pk}", body | {"reference": "NH-1001", "rooms": 4})
    assert answer.status_code == 200, answer.content
    flat.refresh_from_db()
    assert (flat.address_street, flat.address_postal_code, flat.rooms) == (street, "611 30", 4)
    assert flat.address_city == "Nyköping"  # sent: replaced as in any PUT
    moved = ApiClient(hanna).put(
        f"/housing/units/{flat.pk}", body | {"reference": "NH-1001", "address_street": "Ny"}
    )
    assert moved.status_code == 200 and street.encode() not in moved.content
    flat.refresh_from_db()
    assert flat.address_street == "Ny"
    event = AuditEvent.objects.filter(object_type="HousingUnit", object_id=str(flat.pk)).latest("pk")
    assert event.changes["address_street"] == {"protected": True}
    assert street not in str(event.changes) and "Ny" not in str(event.changes["address_street"])
    # A new home still needs its street.
    missing = ApiClient(hanna).post(
        "/housing/units", {k: v for k, v in UNIT.items() if k != "address_street"}
    )
    assert missing.status_code == 422 and messages(missing)[("body", "address_street")] == "Ange gatuadress."


def test_free_units(hanna, charlie, flat, nykoping, need, today):
    taken = HousingUnitFactory(municipality=nykoping, reference="TAKEN")
    contract_for(need, taken, today, end_date=today + dt.timedelta(days=200))
    items = ApiClient(hanna).get("/housing/units/free").json()["items"]
    assert [(i["unit"]["reference"], i["free_places"]) for i in items] == [("NH-1001", 1)]
    assert ApiClient(charlie).get("/housing/units/free").json()["count"] == 0
    assert ApiClient(hanna).get("/housing/units/free", {"within_days": 99999}).status_code == 422


# --- import -----------------------------------------------------------------------------------------------------


def test_import_a_csv_body_then_again_changes_nothing(hanna):
    client = ApiClient(hanna)
    first = client.client.post("/api/v1/housing/units/import", CSV, content_type="text/csv")
    assert first.status_code == 200, first.content
    assert first.json() | {"errors": []} == {
        "ok": True,
        "dry_run": False,
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    second = client.client.post("/api/v1/housing/units/import", CSV, content_type="text/csv")
    assert (second.json()["created"], second.json()["unchanged"]) == (0, 2)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, object_type="HousingUnit").count() == 2


def test_import_multipart_dry_run_saves_nothing(hanna):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bostader.csv", CSV, content_type="text/csv")
    response = ApiClient(hanna).client.post("/api/v1/housing/units/import?dry_run=true", {"file": upload})
    assert response.status_code == 200, response.content
    assert (response.json()["created"], response.json()["dry_run"]) == (2, True)
    assert not HousingUnit.objects.exists()


def test_import_errors_come_per_row_and_nothing_is_saved(hanna):
    bad = CSV + "CSV-3;Låtsasgatan 5;bostadsbolag;slott;3;2;8000\n".encode()
    body = ApiClient(hanna).client.post("/api/v1/housing/units/import", bad, content_type="text/csv").json()
    assert body["ok"] is False
    assert [(e["row"], e["column"], e["code"]) for e in body["errors"]] == [(4, "typ", "unknown_kind")]
    assert not HousingUnit.objects.exists()


def test_import_for_another_municipality_is_refused(charlie, hanna):
    response = ApiClient(charlie).client.post(
        "/api/v1/housing/units/import?municipality=0480", CSV, content_type="text/csv"
    )
    assert response.status_code == 403
    with_code = "kommunkod;" + CSV.decode().replace("\n", "\n0480;").removesuffix("0480;")
    response = ApiClient(charlie).client.post(
        "/api/v1/housing/units/import", with_code.encode(), content_type="text/csv"
    )
    # The import is charlie's (Enköping); each row about Nyköping is an error of its row, at the file's column.
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False and body["created"] == 0 and body["errors"]
    assert {(e["column"], e["code"]) for e in body["errors"]} == {("kommunkod", "not_permitted")}
    assert all("Nyköping" in e["message"] for e in body["errors"])
    assert not HousingUnit.objects.exists()


# --- the waiting list and a household's need --------------------------------------------------------------------


def test_the_waiting_list(hanna, alice, bob, charlie, stina, need, protected, flat, today):
    contract_for(protected, flat, today, kind="TEMPORARY")
    body = ApiClient(hanna).get("/housing/needs").json()
    rows = {row["household"]["name"]: row for row in body["items"]}
    assert set(rows) == {"Familjen Exempel", "Familjen Skyddad"}
    assert rows["Familjen Exempel"]["bedrooms"]["bedrooms"] == 2  # two adults, two children
    assert "sovrum behövs" in rows["Familjen Exempel"]["bedrooms"]["explanation"]
    hidden = rows["Familjen Skyddad"]
    assert hidden["address_masked"] is True and hidden["status"] == "TEMPORARY"
    assert hidden["current"]["unit"] | {"kind_display": ""} == {
        "id": None,
        "reference": None,
        "address": None,
        "area": None,
        "kind": "FLAT",
        "kind_display": "",
        "rooms": 3,
        "bedrooms": 2,
        "address_masked": True,
    }
    assert flat.address_street.encode() not in ApiClient(hanna).get("/housing/needs").content
    assert ApiClient(alice).get("/housing/needs").json()["count"] == 2
    for user in (bob, charlie, stina):
        assert ApiClient(user).get("/housing/needs").json()["count"] == 0
    logged = AuditEvent.objects.filter(actor=hanna, action=AuditEvent.Action.LIST, summary="Bostadskö (API)")
    assert logged.count() == 4  # two households, twice


def test_the_waiting_list_pages_log_only_the_page(hanna, need, protected):
    body = ApiClient(hanna).get("/housing/needs", {"limit": 1}).json()
    assert (body["count"], len(body["items"])) == (2, 1)
    assert AuditEvent.objects.filter(actor=hanna, action=AuditEvent.Action.LIST).count() == 1


def test_put_and_get_a_households_housing_need(alice, hanna, family, today):
    client = ApiClient(alice)
    url = f"/households/{family.public_id}/housing-need"
    assert client.get(url).json()["need"] is None
    # The housing unit sees the household once it has an open housing need.
    assert ApiClient(hanna).get(url).status_code == 404

    response = client.put(
        url, {"wishes": ["SCHOOL"], "house_by": (today + dt.timedelta(days=30)).isoformat()}
    )
    assert response.status_code == 200, response.content
    need = response.json()["need"]
    assert (need["status"], need["wishes"], need["days_left"]) == ("WAITING", ["SCHOOL"], 30)
    assert ApiClient(hanna).get(url).json()["need"]["wishes"] == ["SCHOOL"]

    bad = client.put(url, {"bedrooms_override": 3})
    assert bad.status_code == 422
    assert messages(bad)[("body", "bedrooms_override_reason")] == (
        "Ange skäl när antalet sovrum avviker från normen."
    )
    closed = client.post(f"{url}/close", {"note": "Har ordnat eget boende"})
    assert closed.json()["need"]["status"] == "CLOSED"
    assert messages(client.post(f"{url}/close", {"note": " "}))[("body", "note")]


def test_housing_need_permissions(bob, charlie, stina, need):
    url = f"/households/{need.public_id}/housing-need"
    for user in (bob, charlie, stina):
        assert ApiClient(user).get(url).status_code == 404
        assert ApiClient(user).put(url, {}).status_code == 404


def test_a_protected_households_housing_is_masked(hanna, protected, flat, today):
    contract_for(protected, flat, today, kind="TEMPORARY")
    response = ApiClient(hanna).get(f"/households/{protected.public_id}/housing-need")
    body = response.json()
    assert body["address_masked"] is True
    assert body["contracts"][0]["unit"]["address"] is None
    assert flat.address_street.encode() not in response.content


# --- contracts --------------------------------------------------------------------------------------------------


def test_draft_sign_end(hanna, need, flat, today):
    client = ApiClient(hanna)
    created = client.post(
        "/housing/contracts",
        {
            "household": str(need.public_id),
            "unit": flat.pk,
            "kind": "ESTABLISHMENT",
            "start_date": today.isoformat(),
            "payer": "MUNICIPALITY",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "DRAFT" and body["end_date"] and body["planned_end"]["rule"]
    assert body["unit"]["address"] == flat.address
    url = f"/housing/contracts/{body['public_id']}"

    signed = client.post(f"{url}/sign")
    assert signed.json()["status"] == "ACTIVE"
    assert HousingNeed.objects.get(household=need).status == "TEMPORARY"
    again = client.post(f"{url}/sign")  # a state change made already: 409 (issue #9)
    assert (again.status_code, again.json()["detail"]) == (
        409,
        "Kontraktet är redan undertecknat. Bara ett utkast kan registreras som undertecknat.",
    )

    no_reason = client.post(f"{url}/end", {"end_date": today.isoformat(), "reason": "OTHER"})
    assert messages(no_reason)[("body", "note")] == "Beskriv skälet."
    ended = client.post(f"{url}/end", {"end_date": today.isoformat(), "reason": "MOVED_AWAY"})
    assert ended.json()["status"] == "ENDED"


def test_a_draft_is_cancelled_and_the_home_is_free_again(hanna, need, flat, today):
    draft = contract_for(need, flat, today, sign=False)
    client = ApiClient(hanna)
    url = f"/housing/contracts/{draft.public_id}/cancel"
    assert messages(client.post(url, {"note": ""}))[("body", "note")] == "Ange varför utkastet makuleras."
    assert client.post(url, {"note": "Tackade nej"}).json()["status"] == "CANCELLED"
    assert client.get("/housing/units/free").json()["items"][0]["free_places"] == 1


def test_an_occupied_home_cannot_be_booked_twice(alice, need, flat, today):
    contract_for(need, flat, today)
    response = ApiClient(alice).post(
        "/housing/contracts",
        {
            "household": str(need.public_id),
            "unit": flat.pk,
            "kind": "SECOND_HAND",
            "start_date": (today + dt.timedelta(days=10)).isoformat(),
            "payer": "HOUSEHOLD",
        },
    )
    assert response.status_code == 422
    assert "upptagen" in messages(response)[("body", "unit")]


def test_contract_create_refuses_what_the_user_may_not_touch(bob, charlie, hanna, need, flat, today):
    body = {
        "household": str(need.public_id),
        "unit": flat.pk,
        "kind": "SECOND_HAND",
        "start_date": today.isoformat(),
        "payer": "HOUSEHOLD",
    }
    assert messages(ApiClient(charlie).post("/housing/contracts", body))[("body", "household")]
    assert ApiClient(hanna).post("/housing/contracts", {**body, "unit": 987654}).status_code == 422
    assert not Contract.objects.exists()


def test_contract_list_filters_and_masks(alice, charlie, stina, need, protected, flat, nykoping, today):
    hotel = HousingUnitFactory(municipality=nykoping, kind="HOTEL", rooms=1, bedrooms=1, reference="HOT")
    contract_for(need, flat, today, end_date=today + dt.timedelta(days=30))
    contract_for(protected, hotel, today, kind="PER_NIGHT", end_date=today + dt.timedelta(days=200))
    client = ApiClient(alice)
    everything = client.get("/housing/contracts").json()
    assert everything["count"] == 2
    masked = {row["household"]["name"]: row["unit"]["address"] for row in everything["items"]}
    assert masked == {"Familjen Exempel": flat.address, "Familjen Skyddad": None}
    ending = client.get("/housing/contracts", {"ending_within_days": 60}).json()["items"]
    assert [row["household"]["name"] for row in ending] == ["Familjen Exempel"]
    temporary = client.get("/housing/contracts", {"temporary": "true"}).json()["items"]
    assert [row["household"]["name"] for row in temporary] == ["Familjen Skyddad"]
    permanent = client.get("/housing/contracts", {"temporary": "false"}).json()["items"]
    assert [row["household"]["name"] for row in permanent] == ["Familjen Exempel"]
    for user in (charlie, stina):
        assert ApiClient(user).get("/housing/contracts").json()["count"] == 0


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("charlie", 404), ("stina", 404), ("alice", 200)])
def test_contract_actions_per_user(request, need, flat, today, who, status):
    draft = contract_for(need, flat, today, sign=False)
    response = ApiClient(request.getfixturevalue(who)).post(f"/housing/contracts/{draft.public_id}/sign")
    assert response.status_code == status


# --- matching ---------------------------------------------------------------------------------------------------


@pytest.fixture
def proposal_world(hanna, need, flat, today):
    response = ApiClient(hanna).post("/housing/matching/runs", {"municipality": "0480"})
    assert response.status_code == 201, response.content
    return response.json()


def test_run_matching_and_list_proposals(hanna, proposal_world, flat, charlie, stina, bob):
    assert (proposal_world["households"], proposal_world["units"], proposal_world["proposals"]) == (1, 1, 1)
    items = ApiClient(hanna).get("/housing/matching/proposals").json()["items"]
    assert [(p["household"]["name"], p["unit"]["reference"]) for p in items] == [
        ("Familjen Exempel", "NH-1001")
    ]
    assert items[0]["explanation"] and items[0]["status"] == "PROPOSED"
    for user in (charlie, stina, bob):
        assert ApiClient(user).get("/housing/matching/proposals").json()["count"] == 0
        assert ApiClient(user).post("/housing/matching/runs", {"municipality": "0480"}).status_code == 403


def test_accept_a_proposal_drafts_the_contract(hanna, proposal_world, need):
    client = ApiClient(hanna)
    proposal = client.get("/housing/matching/proposals").json()["items"][0]
    url = f"/housing/matching/proposals/{proposal['id']}"
    accepted = client.post(f"{url}/accept", {"kind": "SECOND_HAND", "payer": "HOUSEHOLD"})
    assert accepted.status_code == 201, accepted.content
    assert (accepted.json()["status"], accepted.json()["household"]["name"]) == ("DRAFT", "Familjen Exempel")
    again = client.post(f"{url}/accept", {"kind": "SECOND_HAND", "payer": "HOUSEHOLD"})
    assert again.status_code == 409 and "inte längre öppet" in again.json()["detail"]


def test_reject_a_proposal_needs_a_reason(hanna, charlie, proposal_world):
    client = ApiClient(hanna)
    proposal = client.get("/housing/matching/proposals").json()["items"][0]
    url = f"/housing/matching/proposals/{proposal['id']}/reject"
    assert messages(client.post(url, {"reason": " "}))[("body", "reason")] == (
        "Ange skäl till att förslaget avböjs."
    )
    assert ApiClient(charlie).post(url, {"reason": "Nej"}).status_code == 404
    rejected = client.post(url, {"reason": "För långt från skolan"})
    assert (rejected.json()["status"], rejected.json()["reject_reason"]) == (
        "REJECTED",
        "För långt från skolan",
    )


def test_unknown_municipality_is_a_422_at_the_parameter(hanna):
    response = ApiClient(hanna).get("/housing/needs", {"municipality": "9999"})
    assert response.status_code == 422
    assert ("query", "municipality") in messages(response)
