"""Over the API (issue #14): a relative's household linked to the child by the anvisning's reference and a wrong link
removed (DELETE, by the household's public id), and a placement's home (`housing_unit`, the unit's id as in
/housing/units). The same Swedish 422s at the field as the page; 404 for whoever does not see the case, 409 when the
case is closed."""

from __future__ import annotations

from etablera.minors import services
from etablera.minors.models import Placement, RelativeLink
from etablera.minors.tests.relatives_and_homes import *  # noqa: F403
from etablera.minors.tests.relatives_and_homes import RELATIVES, WAITING
from etablera.people.models import Person, ProtectedIdentity
from etablera.testing.api_client import messages

NOT_FOUND = "Det finns inget hushåll med den referensen som du har behörighet till."
UNIT_NOT_SEEN = "Bostaden finns inte bland kommunens bostäder som du har behörighet till."


def _url(child, tail: str = "") -> str:
    return f"/persons/{child.public_id}/child-case{tail}"


def test_link_a_relative_and_remove_the_link(api, sigrid, alice, charlie, child, case, relatives, today):
    body = {"reference": f" {RELATIVES} ", "relation": "Mamma och syster", "noted_on": today.isoformat()}
    for user in (alice, charlie):  # alice sees the child but not its case; charlie nothing of Nyköping's
        assert api(user).post(_url(child, "/relatives"), body).status_code == 404
    answer = api(sigrid).post(_url(child, "/relatives"), body)
    assert answer.status_code == 201, answer.content
    assert answer.json() == {
        "household": str(relatives.public_id),
        "relation": "Mamma och syster",
        "noted_on": today.isoformat(),
    }
    assert api(sigrid).get(_url(child)).json()["relatives"] == [answer.json()]
    again = api(sigrid).post(_url(child, "/relatives"), body)
    assert again.status_code == 422
    assert messages(again) == {("body", "reference"): "Hushållet är redan kopplat till barnet."}

    delete = _url(child, f"/relatives/{relatives.public_id}")
    for user in (alice, charlie):
        assert api(user).delete(delete).status_code == 404
    assert RelativeLink.objects.filter(case=case).exists()
    gone = api(sigrid).delete(delete)
    assert gone.status_code == 204 and not RelativeLink.objects.exists()
    assert api(sigrid).delete(delete).status_code == 404


def test_a_household_not_seen_is_the_same_422_as_none(api, sigrid, child, case, waiting_relatives, today):
    for reference in (WAITING, "MIG-1999-000000"):
        answer = api(sigrid).post(
            _url(child, "/relatives"),
            {"reference": reference, "relation": "Bror", "noted_on": today.isoformat()},
        )
        assert answer.status_code == 422 and messages(answer) == {("body", "reference"): NOT_FOUND}
    future = api(sigrid).post(
        _url(child, "/relatives"), {"reference": "", "relation": " ", "noted_on": "2199-01-01"}
    )
    assert messages(future) == {
        ("body", "reference"): "Ange anvisningens referens, till exempel MIG-2026-000123.",
        ("body", "relation"): "Ange släktskapet, till exempel mamma eller bror.",
        ("body", "noted_on"): "Datumet kan inte ligga i framtiden.",
    }
    assert not RelativeLink.objects.exists()


def test_a_closed_case_takes_no_new_relative(api, sigrid, child, case, relatives, today):
    services.close_case(sigrid, case, closed_on=today, reason="Flyttat")
    answer = api(sigrid).post(
        _url(child, "/relatives"),
        {"reference": RELATIVES, "relation": "Mamma", "noted_on": today.isoformat()},
    )
    assert answer.status_code == 409 and answer.json()["detail"] == "Barnärendet är avslutat."


def test_a_placement_with_its_home(
    api, hedda, sigrid, child, case, exit_home, nykoping_flat, enkoping_home, today
):
    body = {
        "kind": "EXIT_HOUSING",
        "provider": "Utslussboendet Kvarngatan",
        "decided_on": today.isoformat(),
        "starts_on": today.isoformat(),
        "cost_per_day": 1200,
        "housing_unit": exit_home.pk,
    }
    url = _url(child, "/placements")
    # Social services see the municipality's supported and exit housing, not its flats (the housing staff's).
    not_seen = api(sigrid).post(url, {**body, "kind": "OWN_FLAT", "housing_unit": nykoping_flat.pk})
    assert not_seen.status_code == 422 and messages(not_seen) == {("body", "housing_unit"): UNIT_NOT_SEEN}
    other_kind = api(hedda).post(url, {**body, "housing_unit": nykoping_flat.pk})
    assert messages(other_kind) == {
        ("body", "housing_unit"): "Bostaden är av ett annat slag än placeringen (lägenhet)."
    }
    elsewhere = api(hedda).post(url, {**body, "housing_unit": enkoping_home.pk})
    assert messages(elsewhere) == {("body", "housing_unit"): UNIT_NOT_SEEN}
    hvb = api(hedda).post(url, {**body, "kind": "HVB"})
    assert messages(hvb) == {
        (
            "body",
            "housing_unit",
        ): "En bostad i kommunens bestånd väljs bara för stödboende, utslussboende och egen lägenhet."
    }
    assert not Placement.objects.exists()

    answer = api(sigrid).post(url, body)  # social services choose a place in the exit housing
    assert answer.status_code == 201, answer.content
    made = answer.json()
    assert (made["housing_unit"], made["housing_unit_masked"], made["kind"]) == (
        exit_home.pk,
        False,
        "EXIT_HOUSING",
    )
    assert Placement.objects.get().housing_unit == exit_home
    [shown] = api(sigrid).get(_url(child)).json()["placements"]
    assert (shown["housing_unit"], shown["housing_unit_masked"]) == (exit_home.pk, False)

    Person.objects.filter(pk=child.pk).update(protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION)
    [masked] = api(sigrid).get(_url(child)).json()["placements"]
    assert (masked["housing_unit"], masked["housing_unit_masked"]) == (None, True)


def test_a_placement_without_a_home_says_so(api, sigrid, child, case, today):
    body = {
        "kind": "HVB",
        "provider": "HVB Solrosen",
        "decided_on": today.isoformat(),
        "starts_on": today.isoformat(),
        "cost_per_day": 2450,
    }
    made = api(sigrid).post(_url(child, "/placements"), body).json()
    assert (made["housing_unit"], made["housing_unit_masked"]) == (None, False)
