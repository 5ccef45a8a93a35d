from etablera.organisation.models import Unit
from etablera.testing.factories import UnitFactory


def test_it_lists_counties_with_paging(api, alice):
    client = api(alice)
    first = client.get("/counties", {"limit": 5}).json()
    assert first["count"] == 21 and first["limit"] == 5 and first["offset"] == 0
    assert [c["code"] for c in first["items"]] == ["01", "03", "04", "05", "06"]
    second = client.get("/counties", {"limit": 5, "offset": 5}).json()
    assert second["items"][0]["code"] == "07"
    assert client.get("/counties", {"limit": 0}).status_code == 422
    assert client.get("/counties", {"limit": 201}).status_code == 422


def test_it_filters_municipalities_by_county(api, alice):
    body = api(alice).get("/municipalities", {"county": "04", "limit": 200}).json()
    assert body["count"] == 9  # Södermanland
    assert "0480" in {m["code"] for m in body["items"]}
    assert all(m["county"]["code"] == "04" for m in body["items"])
    assert api(alice).get("/municipalities", {"limit": 200}).json()["count"] == 290


def test_it_shows_one_municipality_or_404(api, alice):
    client = api(alice)
    assert client.get("/municipalities/0480").json() == {
        "code": "0480",
        "name": "Nyköping",
        "county": {"code": "04", "name": "Södermanlands län"},
    }
    assert client.get("/municipalities/9999").status_code == 404


def test_units_are_those_of_the_users_own_municipalities(api, alice, charlie, units):
    alice_units = api(alice).get("/units").json()
    assert {u["name"] for u in alice_units["items"]} == {u.name for u in units.values()}
    charlie_units = api(charlie).get("/units").json()
    assert {u["name"] for u in charlie_units["items"]} == {"Integrationsenheten"}
    # Asking for another municipality's units gives nothing, not its units.
    assert api(charlie).get("/units", {"municipality": "0480"}).json()["count"] == 0


def test_it_filters_units_by_function_and_municipality(api, alice, units):
    UnitFactory(municipality=units[Unit.Function.SFI].municipality, name="Vuxenutbildningen", function="SFI")
    body = api(alice).get("/units", {"function": "SFI", "municipality": "0480"}).json()
    assert {u["name"] for u in body["items"]} == {"SFI", "Vuxenutbildningen"}
    assert body["items"][0]["function_display"].startswith("SFI")
